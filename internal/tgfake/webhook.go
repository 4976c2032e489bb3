package tgfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Webhooks, as Telegram does them: setWebhook registers a URL (and a
// secret the bot checks in SecretHeader), after which getUpdates answers
// 409 and each update is POSTed to the URL, one at a time and in order,
// until an answer of 2xx confirms it. A refused connection, a time-out or
// any other status is tried again, after a short pause once every target
// has failed. Unlike Telegram, the fake accepts http:// URLs and any port.
//
// SetWebhookTargets puts the fake in front of several programs sharing one
// token, as a load balancer behind the public URL would: each update goes
// to the next target in turn, and a target that fails is skipped for the
// next.

// SecretHeader carries the secret_token of setWebhook in each delivery.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// InstanceHeader is the header in which a program sharing a token with
// others may name itself on each call; Sent.Instance records it.
const InstanceHeader = "X-Duban-Instance"

// webhookState is the registered webhook (url "" when none).
type webhookState struct {
	url     string
	secret  string
	allowed []string
	stop    chan struct{} // closed when the webhook is replaced or deleted
	lastErr string
	lastAt  int64

	targets    []string // base URLs standing in for the public one (none: the URL itself)
	next       int      // the target the next update goes to
	timeout    time.Duration
	deliveries []Delivery
}

// Delivery is one POST of an update to a webhook.
type Delivery struct {
	UpdateID int64
	Target   string // the URL posted to
	Status   int    // the HTTP status (0: no answer)
	Err      string // why there was no answer
}

// OK reports whether the delivery confirmed the update.
func (d Delivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// SetWebhookTargets makes the fake deliver webhook updates to these base
// URLs in turn (each with the registered URL's path), instead of to the
// registered URL: several programs behind one public address.
func (s *Server) SetWebhookTargets(bases ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wh.targets = append([]string(nil), bases...)
	s.wh.next = 0
	s.touchLocked()
}

// SetWebhookTimeout bounds one delivery (default 10 s): an instance that
// takes longer is treated like one that failed.
func (s *Server) SetWebhookTimeout(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wh.timeout = d
}

// WebhookURL is the registered webhook URL ("" when none) and its secret.
func (s *Server) WebhookURL() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wh.url, s.wh.secret
}

// Deliveries returns every webhook delivery attempt so far, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.wh.deliveries...)
}

// secretPattern is what Telegram allows in a secret_token.
var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func hSetWebhook(s *Server, _ *http.Request, p *params) (any, *apiError) {
	raw := strings.TrimSpace(p.str("url"))
	if raw == "" {
		return hDeleteWebhook(s, nil, p)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := p.str("secret_token")
	if secret != "" && !secretPattern.MatchString(secret) {
		return nil, badRequest("bad webhook: secret token contains unallowed characters")
	}
	var allowed []string
	if a := p.str("allowed_updates"); a != "" {
		if err := json.Unmarshal([]byte(a), &allowed); err != nil {
			return nil, badRequest("can't parse allowed updates JSON object")
		}
	}
	if p.bool("drop_pending_updates") {
		s.DiscardPending()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopWebhookLocked()
	stop := make(chan struct{})
	s.wh.url, s.wh.secret, s.wh.allowed, s.wh.stop = raw, secret, allowed, stop
	s.pollGen++ // a long poll in progress ends with 409
	s.touchLocked()
	go s.deliverUpdates(stop)
	return true, nil
}

func hDeleteWebhook(s *Server, _ *http.Request, p *params) (any, *apiError) {
	if p.bool("drop_pending_updates") {
		s.DiscardPending()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopWebhookLocked()
	s.wh.url, s.wh.secret, s.wh.allowed = "", "", nil
	s.touchLocked()
	return true, nil
}

func hGetWebhookInfo(s *Server, _ *http.Request, _ *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{"url": s.wh.url, "has_custom_certificate": false, "pending_update_count": len(s.queue)}
	if s.wh.allowed != nil {
		info["allowed_updates"] = s.wh.allowed
	}
	if s.wh.lastErr != "" {
		info["last_error_date"], info["last_error_message"] = s.wh.lastAt, s.wh.lastErr
	}
	return info, nil
}

// stopWebhookLocked ends the delivery of the current webhook, if any.
func (s *Server) stopWebhookLocked() {
	if s.wh.stop != nil {
		close(s.wh.stop)
		s.wh.stop = nil
	}
}

// webhookActiveLocked reports whether getUpdates must answer 409.
func (s *Server) webhookActiveLocked() bool { return s.wh.url != "" }

// errWebhookActive is Telegram's answer to getUpdates while a webhook is set.
var errWebhookActive = &apiError{Code: http.StatusConflict,
	Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}

// deliverUpdates posts the queued updates to the webhook, one at a time,
// until stop is closed or the server closes.
func (s *Server) deliverUpdates(stop chan struct{}) {
	client := &http.Client{}
	failures := 0
	for {
		s.mu.Lock()
		if s.closed || isClosed(stop) {
			s.mu.Unlock()
			return
		}
		u, ok := s.nextForWebhookLocked()
		if !ok {
			ch := s.changed
			s.mu.Unlock()
			select {
			case <-ch:
			case <-stop:
			case <-s.done:
			}
			continue
		}
		hookURL, secret, timeout := s.wh.url, s.wh.secret, s.wh.timeout
		targets := s.webhookTargetsLocked(hookURL)
		first := s.wh.next
		s.mu.Unlock()
		if timeout <= 0 {
			timeout = 10 * time.Second
		}
		delivered := false
		for i := 0; i < len(targets) && !delivered; i++ {
			k := (first + i) % len(targets)
			d := postUpdate(client, targets[k], secret, u.raw, timeout, stop)
			d.UpdateID = u.id
			s.mu.Lock()
			s.wh.deliveries = append(s.wh.deliveries, d)
			if d.OK() {
				delivered = true
				s.wh.next = k + 1
				s.confirmWebhookLocked(u)
			} else {
				s.wh.lastErr, s.wh.lastAt = d.Err, s.now().Unix()
			}
			s.touchLocked()
			s.mu.Unlock()
		}
		if delivered {
			failures = 0
			continue
		}
		failures++
		pause := min(25*time.Millisecond<<min(failures, 6), time.Second)
		select {
		case <-time.After(pause):
		case <-stop:
		case <-s.done:
		}
	}
}

// nextForWebhookLocked is the update to deliver next: a redelivered one
// first, then the oldest queued.
func (s *Server) nextForWebhookLocked() (queuedUpdate, bool) {
	for _, u := range s.queue {
		if u.replay {
			return u, true
		}
	}
	if len(s.queue) == 0 {
		return queuedUpdate{}, false
	}
	return s.queue[0], true
}

// confirmWebhookLocked drops a delivered update from the queue.
func (s *Server) confirmWebhookLocked(u queuedUpdate) {
	for i, q := range s.queue {
		if q.id == u.id && q.replay == u.replay {
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
			break
		}
	}
	if u.id > s.lastDlv {
		s.lastDlv = u.id
		s.stats.UpdatesDelivered++
	}
}

// webhookTargetsLocked are the URLs an update may be posted to.
func (s *Server) webhookTargetsLocked(hookURL string) []string {
	if len(s.wh.targets) == 0 {
		return []string{hookURL}
	}
	path := ""
	if u, err := url.Parse(hookURL); err == nil {
		path = u.RequestURI()
	}
	out := make([]string, len(s.wh.targets))
	for i, base := range s.wh.targets {
		out[i] = strings.TrimRight(base, "/") + path
	}
	return out
}

// postUpdate posts one update and reports how it went.
func postUpdate(client *http.Client, target, secret string, raw json.RawMessage, timeout time.Duration, stop chan struct{}) Delivery {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	d := Delivery{Target: target}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(raw))
	if err != nil {
		d.Err = err.Error()
		return d
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		d.Err = err.Error()
		return d
	}
	resp.Body.Close()
	d.Status = resp.StatusCode
	if !d.OK() {
		d.Err = fmt.Sprintf("Wrong response from the webhook: %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return d
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
