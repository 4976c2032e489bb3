package tgfake

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// serveFault answers a call with an injected fault that takes the call's
// place: a Telegram error, an HTML error page, a reset connection or a
// request that hangs. It reports false for a Malformed fault, which lets the
// call run and spoils only its answer (see writeMalformed).
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, method string, chatID int64, f *Fault) bool {
	switch {
	case f.Malformed:
		return false
	case f.Reset:
		s.rejectCall(method, chatID, &apiError{Description: "connection reset"})
		resetConnection(w)
	case f.Hang > 0:
		s.hang(r.Context(), f.Hang)
		e := &apiError{Code: http.StatusGatewayTimeout, Description: "Gateway Timeout"}
		s.rejectCall(method, chatID, e)
		if r.Context().Err() == nil {
			writeHTMLError(w, r, e.Code)
		}
	case f.HTML:
		code := f.Code
		if code == 0 {
			code = http.StatusBadGateway
		}
		s.rejectCall(method, chatID, &apiError{Code: code, Description: "HTML error page"})
		writeHTMLError(w, r, code)
	default:
		e := f.apiError()
		s.rejectCall(method, chatID, e)
		writeError(w, e)
	}
	return true
}

// hang holds a request for d, until the client goes away or the server
// closes, counting it in Hanging meanwhile.
func (s *Server) hang(ctx context.Context, d time.Duration) {
	s.mu.Lock()
	s.hanging++
	s.stats.Hung++
	s.touchLocked()
	s.mu.Unlock()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	case <-s.done:
	}
	s.mu.Lock()
	s.hanging--
	s.touchLocked()
	s.mu.Unlock()
}

// Hanging reports how many requests are being held by a Hang fault now.
func (s *Server) Hanging() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hanging
}

// WaitHanging waits until at least n requests are being held by a Hang
// fault: the bot is then in the middle of the call.
func (s *Server) WaitHanging(ctx context.Context, n int) error {
	err := s.wait(ctx, func() bool { return s.hanging >= n }, nil)
	if err != nil {
		return fmt.Errorf("tgfake: waiting for %d hanging requests: %w", n, err)
	}
	return nil
}

// WaitReleased waits until no request is held by a Hang fault any more:
// the held calls of a client that was killed have been let go.
func (s *Server) WaitReleased(ctx context.Context) error {
	if err := s.wait(ctx, func() bool { return s.hanging == 0 }, nil); err != nil {
		return fmt.Errorf("tgfake: waiting for the hanging requests to end: %w", err)
	}
	return nil
}

// writeHTMLError answers like a reverse proxy in front of the Bot API: an
// HTML page, not JSON, that echoes the request path (the token with it).
func writeHTMLError(w http.ResponseWriter, r *http.Request, code int) {
	status := fmt.Sprintf("%d %s", code, http.StatusText(code))
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(code)
	fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n"+
		"<p>The upstream server did not answer the request for %s.</p>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
		status, status, r.URL.Path)
}

// writeMalformed answers 200 with a body cut short: the call was carried
// out, but its result cannot be decoded.
func writeMalformed(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":`))
}

// resetConnection drops the client's connection without an answer.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0) // a RST, not an orderly close
	}
	_ = conn.Close()
}
