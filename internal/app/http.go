package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/duban-bot/duban/internal/miniapp"
)

// httpServer is duban's one HTTP server (DUBAN_HTTP): the Mini App under
// /app/. Webhooks, metrics and health checks are mounted on the same mux
// beside it.
type httpServer struct {
	srv *http.Server
	ln  net.Listener
	mux *http.ServeMux
	log *slog.Logger
}

// shutdownGrace is how long requests in flight may take to finish at stop.
const shutdownGrace = 5 * time.Second

// newHTTPServer listens on addr at once, so that a port in use stops the
// start rather than surfacing later.
func newHTTPServer(addr string, log *slog.Logger) (*httpServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("DUBAN_HTTP %s: %w", addr, err)
	}
	s := &httpServer{ln: ln, mux: http.NewServeMux(), log: log}
	s.srv = &http.Server{
		Handler:           s.mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second, // a large ledger over a slow phone link
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// mountMiniApp serves the dashboard under miniapp.Prefix.
func (s *httpServer) mountMiniApp(cfg Config, a *App) {
	s.mux.Handle(miniapp.Prefix, miniapp.New(miniapp.Config{
		Token: cfg.Token, Store: a.Store, Telegram: a.Bot, Ledger: a.Bot.DashboardLedger,
		Clock: cfg.Clock, Logger: cfg.Logger,
	}))
	// The bare address leads to the page, for people who type it.
	s.mux.Handle("GET /{$}", http.RedirectHandler(miniapp.Prefix, http.StatusFound))
}

// run serves until ctx ends, then lets requests in flight finish (up to
// shutdownGrace) and returns.
func (s *httpServer) run(ctx context.Context) error {
	s.log.Info("HTTP server listening", slog.String("addr", s.ln.Addr().String()))
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("HTTP server: %w", err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := s.srv.Shutdown(stop)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	s.log.Info("HTTP server stopped")
	return err
}

// close releases the port (a no-op after run, which released it).
func (s *httpServer) close() { s.ln.Close() }
