package sandbox_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

const (
	group int64 = -1001234567890
	boss  int64 = 101
	zhang int64 = 102
)

func start(t *testing.T, clk clock.Clock) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Clock: clk, Limits: sandbox.Unpaced,
		DB: filepath.Join(t.TempDir(), "duban.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	sb.Fake.AddUser(tgfake.User{ID: boss, FirstName: "刘书记", Username: "liushuji"})
	sb.Fake.AddUser(tgfake.User{ID: zhang, FirstName: "张伟", Username: "zhangwei"})
	sb.Fake.AddGroup(tgfake.Group{ID: group, Title: "招商引资工作群", Type: "supergroup",
		Members: []int64{boss, zhang}, Admins: []int64{boss}, Creator: boss})
	sb.Fake.SendText(group, zhang, "大家好")
	return sb
}

func settle(t *testing.T, sb *sandbox.Sandbox) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := sb.Settle(ctx); err != nil {
		t.Fatal(err)
	}
}

// AdvanceTo stops at every due moment on the way, and what fell due there
// has been sent when step is called.
func TestAdvanceToStopsAtEveryDueMoment(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	clk := clock.NewFake(at("2026-12-01 09:00")) // a Tuesday
	sb := start(t, clk)
	sb.Fake.SendText(group, boss, "/assign @zhangwei 报送统计报表 12月2日下午3点")
	settle(t, sb)

	var moments []string
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
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
	sb := start(t, clock.Real{})
	if err := sb.AdvanceTo(context.Background(), time.Now().Add(time.Hour), nil); !errors.Is(err, sandbox.ErrRealClock) {
		t.Errorf("err = %v, want ErrRealClock", err)
	}
}
