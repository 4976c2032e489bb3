// Package clock gives the rest of duban one way to ask the time and to wait
// for it, so that tests can move it. Code below cmd/duban never calls
// time.Now or time.NewTimer directly: it takes a Clock (or, in models, a
// plain func() time.Time).
package clock

import (
	"sort"
	"sync"
	"time"
)

// Clock tells the current time and makes timers on the same time line.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that fires once d has passed on this clock.
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer duban uses.
type Timer interface {
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it was still
	// waiting.
	Stop() bool
	// Reset makes the timer fire after d from now (stopping it first).
	Reset(d time.Duration)
}

// Real is the wall clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// NewTimer returns a real timer.
func (Real) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time   { return r.t.C }
func (r realTimer) Stop() bool            { return r.t.Stop() }
func (r realTimer) Reset(d time.Duration) { r.t.Reset(d) }

// Fake is a clock that only moves when told to. Its timers fire when Set or
// Advance moves the time to or past their deadline. It is safe for
// concurrent use.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	changed chan struct{} // closed and replaced when timers are added
}

// NewFake returns a Fake clock reading t.
func NewFake(t time.Time) *Fake { return &Fake{now: t, changed: make(chan struct{})} }

// Now returns the fake's current time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the clock to t (forwards or backwards) and fires due timers.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	f.now = t
	f.fireLocked()
	f.mu.Unlock()
}

// Advance moves the clock forwards by d, fires due timers and returns the
// new time.
func (f *Fake) Advance(d time.Duration) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	f.fireLocked()
	return f.now
}

// NewTimer returns a timer on the fake time line.
func (f *Fake) NewTimer(d time.Duration) Timer {
	t := &fakeTimer{f: f, c: make(chan time.Time, 1)}
	t.Reset(d)
	return t
}

// Timers reports how many timers are waiting.
func (f *Fake) Timers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.timers)
}

// Next returns the earliest waiting timer's deadline, and false if none
// waits. Tests use it to jump straight to the next thing that will happen.
func (f *Fake) Next() (time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.timers) == 0 {
		return time.Time{}, false
	}
	return f.timers[0].at, true
}

// WaitForTimers blocks until at least n timers are waiting, so that a test
// knows a goroutine has armed its timer before it moves the clock.
func (f *Fake) WaitForTimers(n int, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		f.mu.Lock()
		ok, ch := len(f.timers) >= n, f.changed
		f.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline:
			return false
		}
	}
}

// fireLocked fires every timer whose deadline has come, earliest first.
func (f *Fake) fireLocked() {
	for len(f.timers) > 0 && !f.timers[0].at.After(f.now) {
		t := f.timers[0]
		f.timers = f.timers[1:]
		select {
		case t.c <- f.now:
		default: // a value is already waiting, as with time.Timer
		}
	}
}

func (f *Fake) addLocked(t *fakeTimer) {
	f.timers = append(f.timers, t)
	sort.SliceStable(f.timers, func(i, j int) bool { return f.timers[i].at.Before(f.timers[j].at) })
	close(f.changed)
	f.changed = make(chan struct{})
	f.fireLocked()
}

func (f *Fake) removeLocked(t *fakeTimer) bool {
	for i, x := range f.timers {
		if x == t {
			f.timers = append(f.timers[:i], f.timers[i+1:]...)
			return true
		}
	}
	return false
}

type fakeTimer struct {
	f  *Fake
	c  chan time.Time
	at time.Time
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	return t.f.removeLocked(t)
}

func (t *fakeTimer) Reset(d time.Duration) {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	t.f.removeLocked(t)
	select { // drain a stale firing, as Go 1.23+ timers do on Reset
	case <-t.c:
	default:
	}
	t.at = t.f.now.Add(d)
	t.f.addLocked(t)
}
