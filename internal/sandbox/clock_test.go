package sandbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
)

// start runs the program with its dispatcher, in a group of 刘书记's with
// 张伟.
func start(t *testing.T, opts e2e.Options) *e2e.Harness {
	t.Helper()
	opts.Reminders = true
	opts.Groups = []testkit.Group{testkit.Work().Without(testkit.Wang, testkit.Li, testkit.Zhao, testkit.Tom)}
	return e2e.Start(t, opts)
}

// AdvanceTo stops at every due moment on the way, and what fell due there
// has been sent when step is called.
func TestAdvanceToStopsAtEveryDueMoment(t *testing.T) {
	shanghai, at := testkit.Shanghai, testkit.Local
	clk := clock.NewFake(at("2026-12-01 09:00")) // a Tuesday
	h := start(t, e2e.Options{Clock: clk})
	h.Assign(testkit.WorkGroup, "/assign @zhangwei 报送统计报表 12月2日下午3点")

	sb := h.SB
	var moments []string
	ctx, cancel := testkit.Waiting()
	defer cancel()
	mark := sb.Fake.Mark()
	err := sb.AdvanceTo(ctx, at("2026-12-03 10:00"), func(now time.Time) {
		var got []string
		for _, s := range sb.Fake.Sent()[mark:] {
			if !s.At.Equal(now) {
				t.Errorf("at %s a message stamped %s:\n%s", now.In(shanghai).Format("01-02 15:04"), s.At.In(shanghai).Format("01-02 15:04"), s.PlainText)
			}
			got = append(got, strings.SplitN(s.PlainText, "\n", 2)[0])
		}
		mark = sb.Fake.Mark()
		moments = append(moments, now.In(shanghai).Format("01-02 15:04")+" "+strings.Join(got, " | "))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"12-01 11:00 📥 签收提醒：#1 报送统计报表", // two working hours after the assignment
		"12-01 15:00 ⏰ 截止提醒：#1 报送统计报表",
		"12-02 13:00 ⏰ 截止提醒：#1 报送统计报表",
		"12-02 15:00 ⏰ 已到截止时间：#1 报送统计报表",
		"12-03 09:00 🔴 催办：#1 报送统计报表 已逾期1天",
	}
	if strings.Join(moments, "\n") != strings.Join(want, "\n") {
		t.Errorf("moments:\n%s\nwant:\n%s", strings.Join(moments, "\n"), strings.Join(want, "\n"))
	}
	if now := clk.Now(); !now.Equal(at("2026-12-03 10:00")) {
		t.Errorf("the clock ends at %v", now)
	}
	if err := sb.AdvanceTo(ctx, at("2026-12-03 09:59"), nil); err == nil {
		t.Error("the clock went back")
	}
}

func TestAdvanceToNeedsAFakeClock(t *testing.T) {
	sb := start(t, e2e.Options{RealClock: true}).SB
	if err := sb.AdvanceTo(context.Background(), time.Now().Add(time.Hour), nil); !errors.Is(err, sandbox.ErrRealClock) {
		t.Errorf("err = %v, want ErrRealClock", err)
	}
}
