// Package outbox paces what the bot sends to Telegram's flood limits: about
// 30 messages a second overall, one a second to one chat (short bursts
// allowed), and 20 a minute to one group. Every message waits here for its
// turn; answers to commands go ahead of automatic messages (reminders,
// digests).
//
// The limits are kept with margins (28/s, 1/s, 19/min) by token buckets of
// golang.org/x/time/rate and, for a group's minute, by the times of its last
// messages: spacing by a bucket's interval holds every rolling window, not
// just a fixed minute. The overall bucket holds a burst of two, so a lone
// answer never waits for a reminder that just went (28/s with a burst of 2
// still makes at most 30 in any rolling second). Answers to one chat go at
// once up to the chat's short burst (AnswerBurst, in groups), then one a
// second, and never more than 19 in a group's rolling minute: a busy group
// waits for its own turns instead of earning a 429, and holds up no other
// chat. Answers take their share of a chat's buckets, so automatic messages
// to a busy group slow down too.
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
	Burst          int     // overall messages that may go at once (default 2)
	ChatPerSecond  float64 // messages per second to one chat (default 1)
	AnswerBurst    int     // answers a group may get at once before they are paced (default 2)
	GroupPerMinute float64 // messages per minute to one group (default 19)
}

func (l Limits) withDefaults() Limits {
	if l.PerSecond <= 0 {
		l.PerSecond = 28
	}
	if l.Burst <= 0 {
		l.Burst = 2
	}
	if l.ChatPerSecond <= 0 {
		l.ChatPerSecond = 1
	}
	if l.AnswerBurst <= 0 {
		l.AnswerBurst = 2
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
	chat, group *rate.Limiter // automatic messages' pace
	answer      *rate.Limiter // answers' pace after the chat's burst
	recent      []time.Time   // a group's turns within the last minute
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
		global: rate.NewLimiter(rate.Limit(limits.PerSecond), limits.Burst)}
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
	c := o.chatLocked(chatID, o.clk.Now(), chatID < 0)
	if until := o.clk.Now().Add(d); until.After(c.pausedUntil) {
		c.pausedUntil = until
	}
	o.mu.Unlock()
	o.wake()
}

// PausedFor reports how long messages to chatID are still held by a pause
// (Telegram's retry_after for the chat, or for everything); 0 if they are
// not. A sender that must not wait in the outbox asks first.
func (o *Outbox) PausedFor(chatID int64) time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.clk.Now()
	until := o.pausedUntil
	if c := o.chats[chatID]; c != nil && c.pausedUntil.After(until) {
		until = c.pausedUntil
	}
	return max(until.Sub(now), 0)
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
		c := o.chatLocked(w.chatID, now, w.group)
		// Every message takes its share of each of the chat's buckets, so
		// that each class waits for the budget the other used.
		c.chat.ReserveN(now, 1)
		c.answer.ReserveN(now, 1)
		if w.group {
			c.group.ReserveN(now, 1)
			c.recent = append(c.recent, now)
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
			c := o.chatLocked(w.chatID, now, w.group)
			d := c.pausedUntil.Sub(now)
			if w.group {
				d = max(d, o.minuteDelayLocked(c, now))
			}
			if class == Automatic {
				d = max(d, delay(c.chat, now))
				if w.group {
					d = max(d, delay(c.group, now))
				}
			} else {
				d = max(d, delay(c.answer, now))
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

// minuteDelayLocked is how long until a group's rolling minute has room for
// one more message.
func (o *Outbox) minuteDelayLocked(c *chatState, now time.Time) time.Duration {
	cut := now.Add(-time.Minute)
	i := 0
	for i < len(c.recent) && !c.recent[i].After(cut) {
		i++
	}
	c.recent = c.recent[i:]
	limit := max(int(o.limits.GroupPerMinute), 1)
	if len(c.recent) < limit {
		return 0
	}
	return c.recent[len(c.recent)-limit].Add(time.Minute).Sub(now)
}

// chatLocked returns a chat's pacing state; group says whether it is a
// group (only groups get the answers' burst).
func (o *Outbox) chatLocked(id int64, now time.Time, group bool) *chatState {
	c := o.chats[id]
	if c == nil {
		burst := 1
		if group {
			burst = o.limits.AnswerBurst
		}
		c = &chatState{
			chat:     rate.NewLimiter(rate.Limit(o.limits.ChatPerSecond), 1),
			group:    rate.NewLimiter(rate.Limit(o.limits.GroupPerMinute/60), 1),
			answer:   rate.NewLimiter(rate.Limit(o.limits.ChatPerSecond), burst),
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
