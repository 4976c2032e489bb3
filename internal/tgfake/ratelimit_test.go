package tgfake

import (
	"errors"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/duban-bot/duban/internal/clock"
)

// newClock is a fake clock at Monday 3 March 2025, 09:00 in Beijing.
func newClock() *clock.Fake {
	return clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
}

func TestRateLimits(t *testing.T) {
	ctx := testCtx(t)
	clk := newClock()
	f := newFake(t, WithRateLimits(clk.Now))
	b := newClient(t, f)
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "催办"})
		return err
	}
	retryAfter := func(err error) int {
		t.Helper()
		var tm *bot.TooManyRequestsError
		if !errors.As(err, &tm) {
			t.Fatalf("want TooManyRequestsError, got %v", err)
		}
		return tm.RetryAfter
	}

	// Private chat: 1 message per second.
	if err := send(zhang); err != nil {
		t.Fatal(err)
	}
	if ra := retryAfter(send(zhang)); ra != 1 {
		t.Fatalf("private retry_after %d", ra)
	}
	clk.Advance(time.Second)
	if err := send(zhang); err != nil {
		t.Fatalf("after 1s: %v", err)
	}

	// Group: 20 per minute, rolling.
	start := clk.Now()
	for i := 0; i < 20; i++ {
		if err := send(groupID); err != nil {
			t.Fatalf("group message %d: %v", i, err)
		}
		clk.Advance(time.Second)
	}
	// 20 s after the first of the window: retry in 40 s.
	if ra := retryAfter(send(groupID)); ra != 40 {
		t.Fatalf("group retry_after %d", ra)
	}
	clk.Advance(start.Add(time.Minute).Sub(clk.Now()))
	if err := send(groupID); err != nil {
		t.Fatalf("after the window: %v", err)
	}

	// Overall: 30 per second.
	clk.Advance(time.Minute)
	for i := int64(0); i < 30; i++ {
		f.AddUser(User{ID: 100 + i, FirstName: "用户"})
		f.StartBot(100 + i)
		if err := send(100 + i); err != nil {
			t.Fatalf("global message %d: %v", i, err)
		}
	}
	f.AddUser(User{ID: 200, FirstName: "用户"})
	f.StartBot(200)
	if ra := retryAfter(send(200)); ra != 1 {
		t.Fatalf("global retry_after %d", ra)
	}
	clk.Advance(time.Second)
	if err := send(200); err != nil {
		t.Fatal(err)
	}

	if st := f.Stats(); st.RateLimited != 3 {
		t.Fatalf("RateLimited = %d", st.RateLimited)
	}
	rej := f.Rejected()
	if last := rej[len(rej)-1]; last.Code != 429 || last.RetryAfter != 1 {
		t.Fatalf("rejected %+v", last)
	}
}

func TestRateLimitsPaced(t *testing.T) {
	ctx := testCtx(t)
	clk := newClock()
	f := newFake(t, WithRateLimits(clk.Now))
	b := newClient(t, f)
	for i := 0; i < 60; i++ {
		for _, chat := range []int64{groupID, zhang} {
			if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "周报"}); err != nil {
				t.Fatalf("message %d to %d: %v", i, chat, err)
			}
		}
		clk.Advance(3 * time.Second) // 20 per minute in the group
	}
	if st := f.Stats(); st.RateLimited != 0 || st.Sent != 120 {
		t.Fatalf("stats %+v", st)
	}
}

func TestRateLimitsOffByDefault(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	for i := 0; i < 40; i++ {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: zhang, Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
}

// A group takes a short burst of three messages in a second; a fourth within
// that second is refused, and goes through once the second has passed.
func TestRateLimitsGroupBurst(t *testing.T) {
	ctx := testCtx(t)
	clk := newClock()
	f := newFake(t, WithRateLimits(clk.Now))
	b := newClient(t, f)
	send := func() error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "收到"})
		return err
	}
	for i := range 3 {
		if err := send(); err != nil {
			t.Fatalf("message %d of the burst: %v", i+1, err)
		}
	}
	var tm *bot.TooManyRequestsError
	if err := send(); !errors.As(err, &tm) || tm.RetryAfter != 1 {
		t.Fatalf("fourth message within a second: want 429 retry_after 1, got %v", err)
	}
	clk.Advance(time.Second)
	if err := send(); err != nil {
		t.Fatalf("after the second: %v", err)
	}
	if st := f.Stats(); st.RateLimited != 1 || st.Sent != 4 {
		t.Fatalf("stats %+v", st)
	}
}
