package tgfake

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// waitLocked blocks until cond (evaluated with s.mu held) is true, ctx
// ends or the server closes. extra, if non-nil, is an additional wake-up
// source (a timer).
func (s *Server) wait(ctx context.Context, cond func() bool, extra func() <-chan time.Time) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return errClosed
		}
		var tick <-chan time.Time
		if extra != nil {
			tick = extra()
		}
		select {
		case <-ch:
		case <-tick:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Mark returns a cursor on Sent(): the number of records so far. Pass it
// to WaitSentAfter or WaitForAfter to only consider what the bot sends
// from now on.
func (s *Server) Mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// WaitFor returns the first Sent record (since the server started)
// matching pred, waiting for it if needed.
func (s *Server) WaitFor(ctx context.Context, pred func(Sent) bool) (Sent, error) {
	return s.WaitForAfter(ctx, 0, pred)
}

// WaitForAfter returns the first Sent record with Seq >= mark matching
// pred, waiting for it if needed. Continue after a result r with
// mark = r.Seq+1.
func (s *Server) WaitForAfter(ctx context.Context, mark int, pred func(Sent) bool) (Sent, error) {
	var (
		found Sent
		next  = max(mark, 0)
	)
	err := s.wait(ctx, func() bool {
		for ; next < len(s.sent); next++ {
			if pred(s.sent[next]) {
				found = s.sent[next]
				return true
			}
		}
		return false
	}, nil)
	if err != nil {
		return Sent{}, fmt.Errorf("tgfake: no matching message: %w; sent since %d: %s", err, mark, s.describeSince(mark))
	}
	return found, nil
}

// WaitSentAfter waits until at least n records follow mark and returns the
// first n of them.
func (s *Server) WaitSentAfter(ctx context.Context, mark, n int) ([]Sent, error) {
	mark = max(mark, 0)
	var out []Sent
	err := s.wait(ctx, func() bool {
		if len(s.sent)-mark < n {
			return false
		}
		out = append([]Sent(nil), s.sent[mark:mark+n]...)
		return true
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("tgfake: waiting for %d messages: %w; sent since %d: %s", n, err, mark, s.describeSince(mark))
	}
	return out, nil
}

// describeSince summarises the Sent records from mark, for error messages.
func (s *Server) describeSince(mark int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if mark >= len(s.sent) {
		rej := ""
		if len(s.rejected) > 0 {
			r := s.rejected[len(s.rejected)-1]
			rej = fmt.Sprintf(" (last rejected call: %s chat %d: %d %s)", r.Method, r.ChatID, r.Code, r.Description)
		}
		return "nothing" + rej
	}
	var b strings.Builder
	for _, r := range s.sent[mark:] {
		fmt.Fprintf(&b, "\n  #%d %s chat=%d msg=%d %q", r.Seq, r.Method, r.ChatID, r.MessageID, r.PlainText)
	}
	return b.String()
}

// WaitCallbackAnswer waits until the callback query id has been answered
// and returns the answer.
func (s *Server) WaitCallbackAnswer(ctx context.Context, id string) (CallbackAnswer, error) {
	var found CallbackAnswer
	err := s.wait(ctx, func() bool {
		for _, a := range s.answers {
			if a.ID == id {
				found = a
				return true
			}
		}
		return false
	}, nil)
	if err != nil {
		return CallbackAnswer{}, fmt.Errorf("tgfake: callback query %s not answered: %w", id, err)
	}
	return found, nil
}

// WaitIdle returns once every queued update has been returned by
// getUpdates, no API call is in progress, and nothing happened (no
// request, no update) for quiet (real time). Use it to let an asynchronous
// bot finish reacting before asserting that something did NOT happen; to
// wait for an expected message prefer WaitSentAfter/WaitForAfter.
func (s *Server) WaitIdle(ctx context.Context, quiet time.Duration) error {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var remaining time.Duration
	err := s.wait(ctx, func() bool {
		if s.undeliveredLocked() || s.inflight > 0 {
			remaining = 0
			return false
		}
		remaining = quiet - time.Since(s.lastAct)
		return remaining <= 0
	}, func() <-chan time.Time {
		if remaining <= 0 {
			return nil
		}
		if timer == nil {
			timer = time.NewTimer(remaining)
		} else {
			timer.Reset(remaining)
		}
		return timer.C
	})
	if err != nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		return fmt.Errorf("tgfake: not idle: %w (undelivered updates: %v, calls in progress: %d)", err, s.undeliveredLocked(), s.inflight)
	}
	return nil
}

type sentHook struct {
	fn   func(Sent)
	next int // next Seq to deliver
	off  bool
}

// OnSent registers f to be called, in order, with every Sent record
// produced after registration. Calls happen on the goroutine serving the
// bot's request, before the bot gets its answer, one at a time; f must not
// block for long and must not call OnSent. The returned function
// unregisters f.
func (s *Server) OnSent(f func(Sent)) (cancel func()) {
	s.mu.Lock()
	h := &sentHook{fn: f, next: len(s.sent)}
	s.mu.Unlock()
	s.hookMu.Lock()
	s.hooks = append(s.hooks, h)
	s.hookMu.Unlock()
	s.dispatchHooks() // records made while registering
	return func() {
		s.hookMu.Lock()
		defer s.hookMu.Unlock()
		h.off = true
		for i, x := range s.hooks {
			if x == h {
				s.hooks = append(s.hooks[:i:i], s.hooks[i+1:]...)
				break
			}
		}
	}
}

// dispatchHooks delivers pending Sent records to OnSent subscribers.
func (s *Server) dispatchHooks() {
	s.hookMu.Lock()
	defer s.hookMu.Unlock()
	if len(s.hooks) == 0 {
		return
	}
	s.mu.Lock()
	sent := s.sent
	s.mu.Unlock()
	for _, h := range s.hooks {
		for h.next < len(sent) && !h.off {
			r := sent[h.next]
			h.next++
			h.fn(r)
		}
	}
}
