package sandbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
)

// Unpaced lifts the outbox's pacing, which runs on the real clock: for a
// sandbox whose time is a fake clock moved by days at once (tests, the
// console), Telegram's per-second limits would only add real waiting.
var Unpaced = outbox.Limits{PerSecond: 10000, ChatPerSecond: 10000, GroupPerMinute: 600000}

// ErrRealClock is returned by the helpers that move time when the sandbox
// runs on the real clock.
var ErrRealClock = errors.New("sandbox: time can only be moved on a fake clock (Options.Clock = clock.NewFake(...))")

// CatchUp waits until the reminder dispatcher has sent everything due at
// the clock's current time: no unsent reminder is due at or before now,
// and the private copies they queued have been sent. Every message of what
// was due is then in the fake's record (a reminder is marked sent only
// after Telegram accepted it). It needs a running dispatcher (not
// Options.NoReminders, unless the caller runs one).
func (s *Sandbox) CatchUp(ctx context.Context) error {
	pause := 100 * time.Microsecond
	for {
		next, pending, err := s.Store.NextReminderAt(ctx)
		if err != nil {
			return fmt.Errorf("catch up: %w", err)
		}
		now := s.Clock.Now()
		if !pending || next.After(now) {
			return s.App.Bot.WaitSent(ctx)
		}
		// Polled, not signalled: the dispatcher tells nobody when it is
		// done. The pause grows so that the poll does not crowd SQLite's
		// single connection while the dispatcher works.
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("the reminder due at %s was not sent: %w", next.Format(time.RFC3339), ctx.Err())
		case <-t.C:
		}
		pause = min(2*pause, 5*time.Millisecond)
	}
}

// AdvanceTo moves a fake clock forward to t through every moment at which
// a reminder falls due on the way (reminders, 催办, digests, publications,
// including those planned by what was sent before), stopping at each until
// the dispatcher has sent what fell due there; then it calls step (if not
// nil) with that moment, so that the caller can show what was sent in
// order. The clock ends at t. Nothing waits in real time beyond the
// dispatcher's own work: the clock jumps from one due moment to the next.
// A t before the clock's time is refused.
func (s *Sandbox) AdvanceTo(ctx context.Context, t time.Time, step func(at time.Time)) error {
	fc, ok := s.Clock.(*clock.Fake)
	if !ok {
		return ErrRealClock
	}
	if t.Before(fc.Now()) {
		return fmt.Errorf("sandbox: the clock reads %s and cannot go back to %s",
			fc.Now().Format(time.RFC3339), t.Format(time.RFC3339))
	}
	if err := s.CatchUp(ctx); err != nil {
		return err
	}
	for {
		next, pending, err := s.Store.NextReminderAt(ctx)
		if err != nil {
			return fmt.Errorf("advance: %w", err)
		}
		if !pending || next.After(t) {
			break
		}
		fc.Set(next) // after CatchUp, next lies ahead of the clock
		if err := s.CatchUp(ctx); err != nil {
			return err
		}
		if step != nil {
			step(next)
		}
	}
	if t.After(fc.Now()) {
		fc.Set(t)
	}
	return nil
}
