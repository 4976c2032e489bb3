package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

var t0 = time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)

type grant struct {
	id    int
	chat  int64
	class Class
	at    time.Time
}

type request struct {
	chat  int64
	group bool
	class Class
}

// simulate queues the requests in order and moves the fake clock from timer
// to timer until every request has been granted; it returns the grants in
// the order given.
func simulate(t *testing.T, o *Outbox, clk *clock.Fake, reqs []request, before func()) []grant {
	t.Helper()
	if before != nil {
		before()
	}
	waiters := make([]*waiter, len(reqs))
	for i, r := range reqs {
		waiters[i] = o.enqueue(r.chat, r.group, r.class)
	}
	out := make([]grant, len(reqs))
	for i, w := range waiters {
		for done := false; !done; {
			select {
			case <-w.ready:
				done = true
			case <-time.After(2 * time.Millisecond):
				if next, ok := clk.Next(); ok {
					clk.Set(next)
				}
			}
		}
		out[i] = grant{id: i, chat: reqs[i].chat, class: reqs[i].class, at: w.granted}
	}
	return out
}

func newOutbox(t *testing.T) (*Outbox, *clock.Fake) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	clk := clock.NewFake(t0)
	return New(ctx, clk, Limits{}), clk
}

func TestAutomaticMessagesToOneGroupAreSpacedForTheMinuteLimit(t *testing.T) {
	o, clk := newOutbox(t)
	var reqs []request
	for range 25 {
		reqs = append(reqs, request{chat: -100, group: true, class: Automatic})
	}
	got := simulate(t, o, clk, reqs, nil)
	for i := range got {
		if i > 0 && got[i].at.Sub(got[i-1].at) < time.Minute/19-time.Millisecond {
			t.Fatalf("messages %d and %d to one group only %v apart", i-1, i, got[i].at.Sub(got[i-1].at))
		}
		// No rolling minute ever holds more than 19.
		n := 0
		for _, g := range got {
			if !g.at.Before(got[i].at) && g.at.Before(got[i].at.Add(time.Minute)) {
				n++
			}
		}
		if n > 19 {
			t.Fatalf("%d messages in the minute from %v", n, got[i].at)
		}
	}
}

func TestAutomaticMessagesToOnePrivateChatAreOneASecond(t *testing.T) {
	o, clk := newOutbox(t)
	got := simulate(t, o, clk, []request{{chat: 7, class: Automatic}, {chat: 7, class: Automatic}, {chat: 7, class: Automatic}}, nil)
	if d := got[2].at.Sub(got[0].at); d < 2*time.Second {
		t.Errorf("three messages to one user within %v, want at least 2 s", d)
	}
}

func TestOverallRateHoldsEveryRollingSecond(t *testing.T) {
	o, clk := newOutbox(t)
	var reqs []request
	for i := range 120 {
		reqs = append(reqs, request{chat: int64(-1000 - i), group: true, class: Automatic})
	}
	got := simulate(t, o, clk, reqs, nil)
	for _, a := range got {
		n := 0
		for _, b := range got {
			if !b.at.Before(a.at) && b.at.Before(a.at.Add(time.Second)) {
				n++
			}
		}
		if n > 28 {
			t.Fatalf("%d messages in the second from %v, want at most 28", n, a.at)
		}
	}
	if span := got[len(got)-1].at.Sub(got[0].at); span > 5*time.Second {
		t.Errorf("120 messages to 120 groups took %v, want about 4.3 s at 28/s", span)
	}
}

func TestAnswersGoAheadAndAreNotHeldByChatLimits(t *testing.T) {
	o, clk := newOutbox(t)
	reqs := []request{}
	for range 5 {
		reqs = append(reqs, request{chat: -100, group: true, class: Automatic})
	}
	for range 3 {
		reqs = append(reqs, request{chat: -100, group: true, class: Answer})
	}
	got := simulate(t, o, clk, reqs, nil)
	lastAnswer := got[7].at
	if lastAnswer.Sub(t0) > time.Second {
		t.Errorf("answers waited %v behind reminders", lastAnswer.Sub(t0))
	}
	if !got[4].at.After(lastAnswer) {
		t.Errorf("the last reminder went at %v, before the answers (%v)", got[4].at, lastAnswer)
	}
}

func TestPauseHoldsOnlyThatChat(t *testing.T) {
	o, clk := newOutbox(t)
	got := simulate(t, o, clk, []request{{chat: -1, group: true, class: Automatic}, {chat: -2, group: true, class: Automatic}},
		func() { o.Pause(-1, 7*time.Second) })
	if d := got[0].at.Sub(t0); d < 7*time.Second {
		t.Errorf("paused chat got a turn after %v, want 7 s", d)
	}
	if d := got[1].at.Sub(t0); d > time.Second {
		t.Errorf("another chat waited %v for the paused one", d)
	}
}

func TestPauseAllHoldsEverything(t *testing.T) {
	o, clk := newOutbox(t)
	got := simulate(t, o, clk, []request{{chat: -1, group: true, class: Answer}}, func() { o.PauseAll(3 * time.Second) })
	if d := got[0].at.Sub(t0); d < 3*time.Second {
		t.Errorf("answer went after %v during a global pause of 3 s", d)
	}
}

func TestWaitGivesUpWithItsContext(t *testing.T) {
	o, _ := newOutbox(t)
	o.Pause(5, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := o.Wait(ctx, 5, false, Automatic); err == nil {
		t.Fatal("Wait with a cancelled context succeeded during a pause")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.queue) != 0 {
		t.Errorf("%d waiters left in the queue", len(o.queue))
	}
}
