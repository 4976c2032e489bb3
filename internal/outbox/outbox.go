// Package outbox paces what the bot sends to Telegram's flood limits: about
// 30 messages a second overall, one a second to one chat, and 20 a minute to
// one group. Every message waits here for its turn; answers to commands go
// ahead of automatic messages (reminders, digests) and are never held back
// by the per-chat limits, only by the overall one and by a pause after a 429.
//
// The limits are kept with margins (28/s, 1/s, 19/min) by token buckets of
// golang.org/x/time/rate with a burst of one: spacing every message by the
// bucket's interval holds every rolling window, not just a fixed minute.
// Answers still take their share of a chat's buckets, so automatic messages
// to a busy group slow down instead of running into a 429.
package outbox

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/duban-bot/duban/internal/clock"
)

// Class says how urgent a message is.
type Class int

// The classes, most urgent first.
const (
	Answer    Class = iota // an answer to a command: goes at once
	Automatic              // a reminder, digest or publication: paced
)

// Limits are the pacing rules. Zero fields take the defaults.
type Limits struct {
	PerSecond      float64 // overall messages per second (default 28)
	ChatPerSecond  float64 // automatic messages per second to one chat (default 1)
	GroupPerMinute float64 // automatic messages per minute to one group (default 19)
}

func (l Limits) withDefaults() Limits {
	if l.PerSecond <= 0 {
		l.PerSecond = 28
	}
	if l.ChatPerSecond <= 0 {
		l.ChatPerSecond = 1
	}
	if l.GroupPerMinute <= 0 {
		l.GroupPerMinute = 19
	}
	return l
}

// Outbox hands out turns to send. Create it with [New]; it runs until ctx
// given to New ends.
type Outbox struct {
	clk    clock.Clock
	limits Limits

	mu          sync.Mutex
	global      *rate.Limiter
	pausedUntil time.Time // everything waits (a 429 without a chat)
	chats       map[int64]*chatState
	queue       []*waiter
	kick        chan struct{}
	// globalAt is when the overall bucket's next token falls due, once a
	// wait for it was computed. The turn is charged at that instant, not
	// when the timer got round to it, or the timer's lateness would be lost
	// on every message and the rate fall short of its setting.
	globalAt time.Time
}

type chatState struct {
	chat, group *rate.Limiter
	pausedUntil time.Time
	lastUsed    time.Time
}

type waiter struct {
	chatID  int64
	group   bool
	class   Class
	ready   chan struct{} // closed when the turn is granted
	granted time.Time     // when, on the outbox's clock
}

// New starts an outbox on clk; it stops when ctx ends.
func New(ctx context.Context, clk clock.Clock, limits Limits) *Outbox {
	limits = limits.withDefaults()
	o := &Outbox{clk: clk, limits: limits, chats: map[int64]*chatState{}, kick: make(chan struct{}, 1),
		global: rate.NewLimiter(rate.Limit(limits.PerSecond), 1)}
	go o.run(ctx)
	return o
}

// Wait blocks until a message of class may go to chatID (group: a group or
// supergroup, which has the per-minute limit), or ctx ends.
func (o *Outbox) Wait(ctx context.Context, chatID int64, group bool, class Class) error {
	w := o.enqueue(chatID, group, class)
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		o.mu.Lock()
		defer o.mu.Unlock()
		select {
		case <-w.ready: // granted while giving up: the turn is spent anyway
			return nil
		default:
		}
		o.removeLocked(w)
		return ctx.Err()
	}
}

func (o *Outbox) enqueue(chatID int64, group bool, class Class) *waiter {
	w := &waiter{chatID: chatID, group: group, class: class, ready: make(chan struct{})}
	o.mu.Lock()
	o.queue = append(o.queue, w)
	o.mu.Unlock()
	o.wake()
	return w
}

// Pause holds every message to chatID for d (Telegram's retry_after for it).
func (o *Outbox) Pause(chatID int64, d time.Duration) {
	o.mu.Lock()
	c := o.chatLocked(chatID, o.clk.Now())
	if until := o.clk.Now().Add(d); until.After(c.pausedUntil) {
		c.pausedUntil = until
	}
	o.mu.Unlock()
	o.wake()
}

// PauseAll holds every message for d.
func (o *Outbox) PauseAll(d time.Duration) {
	o.mu.Lock()
	if until := o.clk.Now().Add(d); until.After(o.pausedUntil) {
		o.pausedUntil = until
	}
	o.mu.Unlock()
	o.wake()
}

func (o *Outbox) wake() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// run grants turns: the first answer that may go, else the first automatic
// message whose chat may receive one; otherwise it sleeps until the earliest
// moment one could.
func (o *Outbox) run(ctx context.Context) {
	timer := o.clk.NewTimer(time.Hour)
	timer.Stop() // armed only when something waits
	defer timer.Stop()
	for {
		wait := o.grant()
		if wait > 0 {
			timer.Reset(wait)
		} else {
			timer.Stop()
		}
		select {
		case <-ctx.Done():
			return
		case <-o.kick:
		case <-timer.C():
		}
	}
}

// grant hands out every turn that can be given now and returns how long until
// the next one could be (0: nothing is waiting).
func (o *Outbox) grant() time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	for {
		now := o.clk.Now()
		if len(o.queue) == 0 {
			o.forgetIdleLocked(now)
			return 0
		}
		if d := o.pausedUntil.Sub(now); d > 0 {
			return d
		}
		if d := delay(o.global, now); d > 0 {
			o.globalAt = now.Add(d)
			return d
		}
		w, wait := o.pickLocked(now)
		if w == nil {
			return wait
		}
		charge := now
		if late := now.Sub(o.globalAt); !o.globalAt.IsZero() && late > 0 && late < time.Duration(float64(time.Second)/o.limits.PerSecond) {
			charge = o.globalAt
		}
		o.globalAt = time.Time{}
		o.global.ReserveN(charge, 1)
		c := o.chatLocked(w.chatID, now)
		// Answers go now but still take their tokens, so that automatic
		// messages to the same chat wait for the budget they used.
		c.chat.ReserveN(now, 1)
		if w.group {
			c.group.ReserveN(now, 1)
		}
		c.lastUsed = now
		o.removeLocked(w)
		w.granted = now
		close(w.ready)
	}
}

// pickLocked returns the next waiter allowed to go now, or how long until
// one could.
func (o *Outbox) pickLocked(now time.Time) (*waiter, time.Duration) {
	soonest := time.Duration(-1)
	consider := func(d time.Duration) {
		if soonest < 0 || d < soonest {
			soonest = d
		}
	}
	for _, class := range []Class{Answer, Automatic} {
		for _, w := range o.queue {
			if w.class != class {
				continue
			}
			c := o.chatLocked(w.chatID, now)
			d := c.pausedUntil.Sub(now)
			if class == Automatic {
				d = max(d, delay(c.chat, now))
				if w.group {
					d = max(d, delay(c.group, now))
				}
			}
			if d <= 0 {
				return w, 0
			}
			consider(d)
		}
	}
	return nil, soonest
}

// delay is how long until lim has a token, without taking it.
func delay(lim *rate.Limiter, now time.Time) time.Duration {
	if lim.TokensAt(now) >= 1 {
		return 0
	}
	r := lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	r.CancelAt(now)
	if d <= 0 {
		d = time.Millisecond
	}
	return d
}

func (o *Outbox) chatLocked(id int64, now time.Time) *chatState {
	c := o.chats[id]
	if c == nil {
		c = &chatState{
			chat:     rate.NewLimiter(rate.Limit(o.limits.ChatPerSecond), 1),
			group:    rate.NewLimiter(rate.Limit(o.limits.GroupPerMinute/60), 1),
			lastUsed: now,
		}
		o.chats[id] = c
	}
	return c
}

// forgetIdleLocked drops the state of chats quiet for over a minute (their
// buckets are full again), so memory stays bounded by active chats.
func (o *Outbox) forgetIdleLocked(now time.Time) {
	if len(o.chats) < 1024 {
		return
	}
	for id, c := range o.chats {
		if now.Sub(c.lastUsed) > 2*time.Minute && !c.pausedUntil.After(now) {
			delete(o.chats, id)
		}
	}
}

func (o *Outbox) removeLocked(w *waiter) {
	for i, x := range o.queue {
		if x == w {
			o.queue = append(o.queue[:i], o.queue[i+1:]...)
			return
		}
	}
}
