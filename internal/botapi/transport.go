// Package botapi is duban's line to the Telegram Bot API, underneath the
// go-telegram/bot client. It does three things the client does not:
//
//   - Transport bounds every call by a timeout suited to its method (a long
//     poll by its own timeout plus a margin), so a request that never
//     answers cannot hold anything for long;
//   - Transport removes the bot token from everything that comes back (the
//     body of every answer, every network error) before the client builds
//     an error from it: an error page that echoes the request path cannot
//     bring the token into a log line or a message, whichever path the
//     error takes afterwards. This is the one place the token is redacted;
//   - the HTTP status of a call is kept (WithOutcome), so that Classify can
//     tell a 200 whose body did not decode (Telegram took the call) from a
//     proxy's 502 page, which the client reports alike.
//
// GetUpdates is a long poll that keeps each update's JSON as it came, for
// the inbox; the client's own polling confirms updates by itself and cannot
// be used for that.
package botapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/metrics"
)

// Timeouts bound Bot API calls. Zero fields take the defaults.
type Timeouts struct {
	// Call bounds an ordinary call: a message, an edit, an answer to a
	// button (default 20 s).
	Call time.Duration
	// Lookup bounds the questions a handler asks while it holds its unit of
	// work open (getChatAdministrators, getChatMember, getChat; default 5 s).
	Lookup time.Duration
	// Upload bounds calls that carry a file (default 2 min).
	Upload time.Duration
	// PollMargin is added to a long poll's own timeout (default 10 s).
	PollMargin time.Duration
}

func (t Timeouts) withDefaults() Timeouts {
	if t.Call <= 0 {
		t.Call = 20 * time.Second
	}
	if t.Lookup <= 0 {
		t.Lookup = 5 * time.Second
	}
	if t.Upload <= 0 {
		t.Upload = 2 * time.Minute
	}
	if t.PollMargin <= 0 {
		t.PollMargin = 10 * time.Second
	}
	return t
}

// maxBody bounds what is read of an answer (getUpdates with 100 updates is
// well under a megabyte).
const maxBody = 16 << 20

// Transport is the HTTP client the bot's Bot API calls go through; it
// satisfies go-telegram/bot's HttpClient. Create it with NewTransport.
type Transport struct {
	client      *http.Client
	url         string // the Bot API server, without a trailing slash
	token       string
	pollTimeout time.Duration
	timeouts    Timeouts

	// Instance, if set, names the program on each call (InstanceHeader):
	// Telegram ignores it; the fake Bot API records it, so that a test of
	// several instances sees which one sent what.
	Instance func() string
	// Metrics counts the calls that show users something (nil: none).
	Metrics *metrics.Metrics
}

// InstanceHeader is the header Instance is sent in.
const InstanceHeader = "X-Duban-Instance"

// NewTransport returns a transport for the Bot API server at serverURL
// ("" for Telegram's) that sends through client (nil for a default one).
// pollTimeout is how long getUpdates asks Telegram to wait.
func NewTransport(client *http.Client, serverURL, token string, pollTimeout time.Duration, t Timeouts) *Transport {
	if client == nil {
		client = &http.Client{}
	}
	if serverURL == "" {
		serverURL = "https://api.telegram.org"
	}
	return &Transport{client: client, url: strings.TrimRight(serverURL, "/"), token: token,
		pollTimeout: pollTimeout, timeouts: t.withDefaults()}
}

// PollTimeout is how long a getUpdates call asks Telegram to wait.
func (t *Transport) PollTimeout() time.Duration { return t.pollTimeout }

// timeout is the bound of one call of method.
func (t *Transport) timeout(method string) time.Duration {
	switch strings.ToLower(method) {
	case "getupdates":
		return t.pollTimeout + t.timeouts.PollMargin
	case "sendphoto", "senddocument", "sendaudio", "sendvideo", "sendmediagroup", "sendanimation", "sendvoice":
		return t.timeouts.Upload
	case "getchatadministrators", "getchatmember", "getchat":
		return t.timeouts.Lookup
	}
	return t.timeouts.Call
}

// Do sends one Bot API request within its method's timeout, records its
// status in the call's Outcome, and returns the answer with the token
// removed from its body; a network error comes back without the token too.
func (t *Transport) Do(req *http.Request) (*http.Response, error) {
	method := req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout(method))
	defer cancel()
	if t.Instance != nil {
		req.Header.Set(InstanceHeader, t.Instance())
	}
	resp, err := t.client.Do(req.WithContext(ctx))
	t.count(req.Context(), method, resp)
	if err != nil {
		return nil, t.redactError(err)
	}
	defer resp.Body.Close()
	// The whole body is read here, within the timeout (the client reads it
	// after Do returns, when the timeout's context is gone).
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, t.redactError(&url.Error{Op: req.Method, URL: req.URL.String(), Err: err})
	}
	if o := outcomeOf(req.Context()); o != nil {
		o.Status = resp.StatusCode
	}
	body = []byte(t.Redact(string(body)))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// count counts a call that shows users something (a message, a file, an
// edit) by its class and result.
func (t *Transport) count(ctx context.Context, method string, resp *http.Response) {
	if t.Metrics == nil {
		return
	}
	m := strings.ToLower(method)
	if !strings.HasPrefix(m, "send") && !strings.HasPrefix(m, "editmessage") || m == "sendchataction" {
		return
	}
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	t.Metrics.Sent(metrics.ClassOf(ctx), metrics.Result(status))
}

// Redact removes the token from s, in every spelling a URL may give it.
func (t *Transport) Redact(s string) string { return Redact(s, t.token) }

// Redact removes token from s, in every spelling a URL may give it.
func Redact(s, token string) string {
	if token == "" {
		return s
	}
	for _, form := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, form, "***")
	}
	return s
}

// redactError returns err with the token removed from its text. The URL of
// a *url.Error is redacted in place, so that errors.Is and errors.As still
// see what went wrong (a reset, a timeout); any other error that shows the
// token is replaced by its redacted text.
func (t *Transport) redactError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = t.Redact(ue.URL)
		if inner := ue.Err; inner != nil && strings.Contains(inner.Error(), t.token) {
			ue.Err = errors.New(t.Redact(inner.Error()))
		}
		return err
	}
	if t.token != "" && strings.Contains(err.Error(), t.token) {
		return errors.New(t.Redact(err.Error()))
	}
	return err
}

// Outcome is what the transport saw of one call.
type Outcome struct {
	// Status is the HTTP status of the answer; 0 when none came (a network
	// error, a timeout).
	Status int
}

type outcomeKey struct{}

// WithOutcome returns a context whose Bot API call records its outcome in
// the returned Outcome. Use one per call.
func WithOutcome(ctx context.Context) (context.Context, *Outcome) {
	o := &Outcome{}
	return context.WithValue(ctx, outcomeKey{}, o), o
}

func outcomeOf(ctx context.Context) *Outcome {
	o, _ := ctx.Value(outcomeKey{}).(*Outcome)
	return o
}
