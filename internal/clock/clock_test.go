package clock

import (
	"testing"
	"time"
)

var start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestFakeMovesOnlyWhenTold(t *testing.T) {
	f := NewFake(start)
	if got := f.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v", got, start)
	}
	if got, want := f.Advance(90*time.Minute), start.Add(90*time.Minute); !got.Equal(want) {
		t.Fatalf("Advance = %v, want %v", got, want)
	}
	f.Set(start)
	if got := f.Now(); !got.Equal(start) {
		t.Fatalf("after Set, Now() = %v, want %v", got, start)
	}
}

func fired(tm Timer) bool {
	select {
	case <-tm.C():
		return true
	default:
		return false
	}
}

func TestFakeTimersFireWhenTimeReachesThem(t *testing.T) {
	f := NewFake(start)
	early, late := f.NewTimer(time.Minute), f.NewTimer(time.Hour)
	if at, ok := f.Next(); !ok || !at.Equal(start.Add(time.Minute)) {
		t.Fatalf("Next() = %v %v, want the one-minute timer", at, ok)
	}
	f.Advance(59 * time.Second)
	if fired(early) || fired(late) {
		t.Fatal("no timer is due after 59 s")
	}
	f.Advance(time.Second)
	if !fired(early) || fired(late) {
		t.Fatal("after 60 s only the one-minute timer fires")
	}
	if !late.Stop() {
		t.Fatal("Stop of a waiting timer reports true")
	}
	f.Advance(2 * time.Hour)
	if fired(late) {
		t.Fatal("a stopped timer never fires")
	}
	late.Reset(time.Second)
	f.Set(start.Add(3 * time.Hour))
	if !fired(late) {
		t.Fatal("a reset timer fires at its new time")
	}
	if f.Timers() != 0 {
		t.Fatalf("Timers() = %d, want 0", f.Timers())
	}
}

func TestFakeTimerWithZeroDurationFiresAtOnce(t *testing.T) {
	f := NewFake(start)
	if tm := f.NewTimer(0); !fired(tm) {
		t.Fatal("a timer for 0 fires at once")
	}
}

func TestWaitForTimers(t *testing.T) {
	f := NewFake(start)
	go f.NewTimer(time.Minute)
	if !f.WaitForTimers(1, time.Minute) {
		t.Fatal("the timer armed by the goroutine was not seen")
	}
}

func TestRealTimer(t *testing.T) {
	tm := Real{}.NewTimer(time.Millisecond)
	select {
	case <-tm.C():
	case <-time.After(time.Minute):
		t.Fatal("a real 1 ms timer did not fire")
	}
}
