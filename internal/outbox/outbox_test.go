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

// inGroup is n requests of a class to the group chat.
func inGroup(chat int64, n int, class Class) []request {
	reqs := make([]request, n)
	for i := range reqs {
		reqs[i] = request{chat: chat, group: true, class: class}
	}
	return reqs
}

// toGroups is one request of a class to each of n groups.
func toGroups(n int, class Class) []request {
	reqs := make([]request, n)
	for i := range reqs {
		reqs[i] = request{chat: int64(-1000 - i), group: true, class: class}
	}
	return reqs
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
	got := simulate(t, o, clk, inGroup(-100, 25, Automatic), nil)
	for i := 1; i < len(got); i++ {
		if got[i].at.Sub(got[i-1].at) < time.Minute/19-time.Millisecond {
			t.Fatalf("messages %d and %d to one group only %v apart", i-1, i, got[i].at.Sub(got[i-1].at))
		}
	}
	// No rolling minute ever holds more than 19.
	if n := countIn(got, -100, time.Minute); n > 19 {
		t.Fatalf("%d messages in a minute", n)
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
	got := simulate(t, o, clk, toGroups(120, Automatic), nil)
	if n := countIn(got, 0, time.Second); n > 30 {
		t.Fatalf("%d messages in a second, want at most 30 (a burst of 2 at 28/s)", n)
	}
	if span := got[len(got)-1].at.Sub(got[0].at); span > 5*time.Second {
		t.Errorf("120 messages to 120 groups took %v, want about 4.3 s at 28/s", span)
	}
}

func TestAnswersGoAheadOfReminders(t *testing.T) {
	o, clk := newOutbox(t)
	reqs := append(inGroup(-100, 5, Automatic), inGroup(-100, 3, Answer)...)
	got := simulate(t, o, clk, reqs, nil)
	lastAnswer := got[7].at
	if lastAnswer.Sub(t0) > 3*time.Second {
		t.Errorf("answers waited %v behind reminders", lastAnswer.Sub(t0))
	}
	if !got[4].at.After(lastAnswer) {
		t.Errorf("the last reminder went at %v, before the answers (%v)", got[4].at, lastAnswer)
	}
}

// countIn is the most grants of chat (0: any) in any window of length d.
func countIn(got []grant, chat int64, d time.Duration) int {
	most := 0
	for _, a := range got {
		n := 0
		for _, b := range got {
			if (chat == 0 || b.chat == chat) && !b.at.Before(a.at) && b.at.Before(a.at.Add(d)) {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// Ten people ask in one group within a second: two answers go at once, the
// rest one a second, never three in a second (Telegram refuses a fourth).
func TestAnswersToOneGroupArePacedAfterItsBurst(t *testing.T) {
	o, clk := newOutbox(t)
	got := simulate(t, o, clk, inGroup(-100, 10, Answer), nil)
	if got[1].at.After(t0) {
		t.Errorf("the second answer waited %v", got[1].at.Sub(t0))
	}
	if n := countIn(got, -100, time.Second); n > 3 {
		t.Errorf("%d answers to the group within a second", n)
	}
	if span := got[9].at.Sub(t0); span < 7*time.Second || span > 9*time.Second {
		t.Errorf("ten answers took %v, want about 8 s (2 at once, then 1/s)", span)
	}
}

// A meeting where 25 people ask: no rolling minute holds more than 19
// answers to the group.
func TestAnswersKeepTheGroupMinuteLimit(t *testing.T) {
	o, clk := newOutbox(t)
	got := simulate(t, o, clk, inGroup(-100, 25, Answer), nil)
	if n := countIn(got, -100, time.Minute); n > 19 {
		t.Errorf("%d answers in a minute", n)
	}
}

// A busy group does not hold up another group's answer, and fifty groups
// asking at once are answered within the overall limit.
func TestAnswersToManyGroups(t *testing.T) {
	o, clk := newOutbox(t)
	got := simulate(t, o, clk, append(inGroup(-100, 6, Answer), inGroup(-200, 1, Answer)...), nil)
	if d := got[6].at.Sub(t0); d > 100*time.Millisecond {
		t.Errorf("the other group waited %v behind a busy one", d)
	}

	o, clk = newOutbox(t)
	got = simulate(t, o, clk, toGroups(50, Answer), nil)
	if n := countIn(got, 0, time.Second); n > 30 {
		t.Errorf("%d answers within a second, want at most 30", n)
	}
	if span := got[49].at.Sub(t0); span > 2*time.Second {
		t.Errorf("fifty answers took %v, want about 1.7 s at 28/s", span)
	}
}

func TestPausedFor(t *testing.T) {
	o, clk := newOutbox(t)
	if d := o.PausedFor(-1); d != 0 {
		t.Errorf("paused %v before any pause", d)
	}
	o.Pause(-1, 5*time.Second)
	clk.Set(t0.Add(2 * time.Second))
	if d := o.PausedFor(-1); d != 3*time.Second {
		t.Errorf("paused for %v, want 3 s", d)
	}
	if d := o.PausedFor(-2); d != 0 {
		t.Errorf("another chat paused for %v", d)
	}
	o.PauseAll(10 * time.Second)
	if d := o.PausedFor(-2); d != 10*time.Second {
		t.Errorf("after PauseAll: %v", d)
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
