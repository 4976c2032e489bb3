package scheduler_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// seriesEnv is a store with the real planner on the built-in calendar, the
// cast's work group, 刘书记 who assigns and 张伟 who leads, on a fake clock.
type seriesEnv struct {
	t           *testing.T
	ctx         context.Context
	s           *models.Store
	clk         *clock.Fake
	chat        *models.Chat
	boss, zhang *models.User
}

func newSeriesEnv(t *testing.T, b testkit.Backend, now time.Time) *seriesEnv {
	t.Helper()
	e := &seriesEnv{t: t, ctx: context.Background(), clk: clock.NewFake(now)}
	s, err := models.Open(e.ctx, b.New(t), models.Options{Now: e.clk.Now, Planner: &scheduler.Planner{Cal: workday.Builtin()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e.s = s
	g := testkit.Work()
	if e.chat, err = s.EnsureChat(e.ctx, models.ChatInfo{TelegramID: g.ID, Type: g.Type, Title: g.Title}, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	seen := func(id int64) *models.User {
		p := testkit.Who(id)
		u, err := s.SeenUser(e.ctx, models.UserInfo{TelegramID: p.ID, Username: p.Username, FirstName: p.Name})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	e.boss, e.zhang = seen(boss), seen(zhang)
	return e
}

func (e *seriesEnv) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// create assigns 报送本周项目进展 to 张伟 with rule.
func (e *seriesEnv) create(rule string) (*models.Series, *models.Task) {
	e.t.Helper()
	ser, task, err := e.s.CreateSeries(e.ctx, models.Change{ActorID: e.boss.ID}, models.NewSeries{Rule: rule, Phrase: rule,
		Task: models.NewTask{ChatID: e.chat.ID, Title: "报送本周项目进展", AssignerID: e.boss.ID, LeadID: e.zhang.ID, UnitName: "发改局"}})
	e.must(err)
	return ser, task
}

// instances lists the deadlines of the series' instances, by number, as
// "#N 2006-01-02 15:04 status".
func (e *seriesEnv) instances() []string {
	e.t.Helper()
	var out []string
	for n := 1; ; n++ {
		t, err := e.s.TaskByNumber(e.ctx, e.chat.ID, n)
		if errors.Is(err, models.ErrNotFound) {
			return out
		}
		e.must(err)
		if t.SeriesID != nil {
			out = append(out, t.Deadline.In(testkit.Shanghai).Format("2006-01-02 15:04 ")+string(t.Status))
		}
	}
}

// seriesRows lists the unsent rows that move series on, as due times.
func (e *seriesEnv) seriesRows() []string {
	e.t.Helper()
	rs, err := e.s.PendingReminders(e.ctx, e.chat.ID)
	e.must(err)
	var out []string
	for _, r := range rs {
		if r.Kind == models.SeriesNext {
			out = append(out, testkit.Show(r.DueAt)+" for "+testkit.Show(r.At))
		}
	}
	return out
}

func sameList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
		}
	}
}

// A series' first instance is the rule's next occurrence; closing it
// early makes the next one in the same transaction (and a row to announce
// it now); the deadline passing makes it when the previous one was left
// open, which stays open and overdue; repeating the deadline's call (a
// crash before its row was marked sent) makes nothing more; a stopped
// series makes nothing.
func TestSeriesInstances(t *testing.T) {
	for _, b := range testkit.Backends {
		t.Run(b.Name, func(t *testing.T) {
			// Monday 28 September 2026: the Friday of that week, 2 October, is 国庆.
			e := newSeriesEnv(t, b, testkit.Local("2026-09-28 10:00"))
			ser, first := e.create("每周五下班前")
			if ser.Rule != "每周五 18:00" || first.Series == nil || first.Series.Rule != "每周五 18:00" {
				t.Fatalf("rule stored as %q, the task's series %+v", ser.Rule, first.Series)
			}
			sameList(t, "the first instance", e.instances(), "2026-09-30 18:00 todo")
			sameList(t, "the series' rows", e.seriesRows(), "09-30 18:00:00 Wed for 09-30 18:00:00 Wed")

			// Closed on Tuesday: the next instance at once, the Friday after 国庆.
			e.clk.Set(testkit.Local("2026-09-29 11:00"))
			_, err := e.s.Submit(e.ctx, models.Change{ActorID: e.zhang.ID}, first.ID, e.zhang.ID, "已报送", false)
			e.must(err)
			sameList(t, "after closing the first", e.instances(), "2026-09-30 18:00 done", "2026-10-09 18:00 todo")
			sameList(t, "the series' rows after the close", e.seriesRows(),
				"09-29 11:00:00 Tue for 10-09 18:00:00 Fri", "10-09 18:00:00 Fri for 10-09 18:00:00 Fri")

			// The second is left open: its deadline makes the third.
			e.clk.Set(testkit.Local("2026-10-09 18:00"))
			for range 2 { // the second call is a replay: nothing more
				cur, err := e.s.AdvanceSeries(e.ctx, ser.ID, testkit.Local("2026-10-09 18:00"))
				e.must(err)
				if cur == nil || !cur.Deadline.Equal(testkit.Local("2026-10-16 18:00")) || cur.MessageID != 0 {
					t.Fatalf("the current instance after the deadline: %+v", cur)
				}
			}
			sameList(t, "after the second's deadline", e.instances(),
				"2026-09-30 18:00 done", "2026-10-09 18:00 todo", "2026-10-16 18:00 todo")
			// A late close of the second moves nothing on.
			e.clk.Set(testkit.Local("2026-10-12 09:00"))
			second, err := e.s.TaskByNumber(e.ctx, e.chat.ID, 2)
			e.must(err)
			_, err = e.s.Submit(e.ctx, models.Change{ActorID: e.zhang.ID}, second.ID, e.zhang.ID, "补报", false)
			e.must(err)
			sameList(t, "after a late close", e.instances(),
				"2026-09-30 18:00 done", "2026-10-09 18:00 done", "2026-10-16 18:00 todo")

			// Stopped: the open instance stays, its rows go, no more come.
			third, err := e.s.TaskByNumber(e.ctx, e.chat.ID, 3)
			e.must(err)
			_, err = e.s.StopSeries(e.ctx, models.Change{ActorID: e.boss.ID}, third.ID)
			e.must(err)
			if _, err := e.s.StopSeries(e.ctx, models.Change{ActorID: e.boss.ID}, third.ID); !errors.Is(err, models.ErrSeriesStopped) {
				t.Fatalf("stopping twice: %v, want ErrSeriesStopped", err)
			}
			sameList(t, "the rows of a stopped series", e.seriesRows())
			e.clk.Set(testkit.Local("2026-10-16 18:00"))
			_, err = e.s.AdvanceSeries(e.ctx, ser.ID, testkit.Local("2026-10-16 18:00"))
			e.must(err)
			_, err = e.s.Submit(e.ctx, models.Change{ActorID: e.zhang.ID}, third.ID, e.zhang.ID, "", false)
			e.must(err)
			sameList(t, "a stopped series", e.instances(),
				"2026-09-30 18:00 done", "2026-10-09 18:00 done", "2026-10-16 18:00 done")
			list, err := e.s.SeriesOfChat(e.ctx, e.chat.ID)
			e.must(err)
			if len(list) != 1 || list[0].Active() || list[0].Instances != 3 || list[0].StoppedBy == nil ||
				list[0].StoppedBy.ID != e.boss.ID || list[0].Lead.ID != e.zhang.ID {
				t.Fatalf("the group's series: %+v", list)
			}
		})
	}
}

// An ordinary task is no series: /repeat stop refuses it, and a rule the
// planner cannot read is refused before anything is stored.
func TestSeriesRefusals(t *testing.T) {
	e := newSeriesEnv(t, testkit.SQLite, testkit.Local("2026-11-23 10:00"))
	task, err := e.s.CreateTask(e.ctx, models.Change{ActorID: e.boss.ID}, models.NewTask{ChatID: e.chat.ID,
		Title: "完成项目申报材料", AssignerID: e.boss.ID, LeadID: e.zhang.ID, Deadline: testkit.Local("2026-11-27 18:00")})
	e.must(err)
	if _, err := e.s.StopSeries(e.ctx, models.Change{ActorID: e.boss.ID}, task.ID); !errors.Is(err, models.ErrNotSeries) {
		t.Errorf("stopping the series of an ordinary task: %v, want ErrNotSeries", err)
	}
	for _, rule := range []string{"下周五", "每周六", ""} {
		_, _, err := e.s.CreateSeries(e.ctx, models.Change{ActorID: e.boss.ID}, models.NewSeries{Rule: rule,
			Task: models.NewTask{ChatID: e.chat.ID, Title: "报送", AssignerID: e.boss.ID, LeadID: e.zhang.ID}})
		if !errors.Is(err, models.ErrInvalid) {
			t.Errorf("rule %q: %v, want ErrInvalid", rule, err)
		}
	}
	if got := e.instances(); len(got) != 0 {
		t.Errorf("instances stored by refused series: %q", got)
	}
}

// A series made in a supergroup before the bot heard of the upgrade moves
// with the merge into the group, and its next round is numbered there.
// The bot removed from the group gives up the series' row; back, the row
// is planned again and a deadline passed meanwhile moves the series on.
func TestSeriesMergeAndBlock(t *testing.T) {
	for _, b := range testkit.Backends {
		t.Run(b.Name, func(t *testing.T) {
			e := newSeriesEnv(t, b, testkit.Local("2026-11-23 10:00"))
			_, err := e.s.CreateTask(e.ctx, models.Change{ActorID: e.boss.ID}, models.NewTask{ChatID: e.chat.ID,
				Title: "完成项目申报材料", AssignerID: e.boss.ID, LeadID: e.zhang.ID, Deadline: testkit.Local("2026-11-27 18:00")})
			e.must(err)
			const super = -1009876543210
			fresh, err := e.s.EnsureChat(e.ctx, models.ChatInfo{TelegramID: super, Type: "supergroup", Title: "新群"}, "Asia/Shanghai")
			e.must(err)
			old := e.chat
			e.chat = fresh
			ser, _ := e.create("每周五下班前")
			m, err := e.s.MigrateChat(e.ctx, testkit.Work().ID, super)
			e.must(err)
			if !m.Merged {
				t.Fatalf("no merge: %+v", m)
			}
			e.chat = old
			list, err := e.s.SeriesOfChat(e.ctx, old.ID)
			e.must(err)
			if len(list) != 1 || list[0].Current == nil || list[0].Current.Number != 2 {
				t.Fatalf("the group's series after the merge: %+v", list)
			}
			sameList(t, "the moved series' rows", e.seriesRows(), "11-27 18:00:00 Fri for 11-27 18:00:00 Fri")

			_, err = e.s.BlockChat(e.ctx, old.ID, "removed")
			e.must(err)
			sameList(t, "the rows of a group the bot left", e.seriesRows())
			e.clk.Set(testkit.Local("2026-11-30 09:00"))
			e.must(e.s.UnblockChat(e.ctx, old.ID))
			sameList(t, "the rows when the bot is back", e.seriesRows(), "11-27 18:00:00 Fri for 11-27 18:00:00 Fri")
			cur, err := e.s.AdvanceSeries(e.ctx, ser.ID, testkit.Local("2026-11-27 18:00"))
			e.must(err)
			if cur == nil || cur.Number != 3 || cur.ChatID != old.ID || !cur.Deadline.Equal(testkit.Local("2026-12-04 18:00")) {
				t.Fatalf("the round after the bot came back: %+v", cur)
			}
		})
	}
}

// A change of the group's settings plans the series' row again: quiet
// hours from 17:00 hold a round due at 18:00 until 08:00 the next morning
// (the round itself keeps its deadline); a row already due stays, alone.
func TestSeriesReplannedWithSettings(t *testing.T) {
	e := newSeriesEnv(t, testkit.SQLite, testkit.Local("2026-11-23 10:00"))
	ser, _ := e.create("每周五下班前")
	sameList(t, "the row", e.seriesRows(), "11-27 18:00:00 Fri for 11-27 18:00:00 Fri")
	settings := func(quietStart int) {
		set := e.chat.Settings()
		set.QuietStart = quietStart
		chat, err := e.s.UpdateSettings(e.ctx, models.Change{ActorID: e.boss.ID}, e.chat.ID, e.chat.Zone, set)
		e.must(err)
		e.chat = chat
	}
	settings(17 * 60)
	sameList(t, "the row in quiet hours from 17:00", e.seriesRows(), "11-28 08:00:00 Sat for 11-27 18:00:00 Fri")
	e.clk.Set(testkit.Local("2026-11-28 09:00")) // due, not yet dispatched
	settings(22 * 60)
	sameList(t, "a due row after another change", e.seriesRows(), "11-28 08:00:00 Sat for 11-27 18:00:00 Fri")
	cur, err := e.s.AdvanceSeries(e.ctx, ser.ID, testkit.Local("2026-11-27 18:00"))
	e.must(err)
	if cur == nil || !cur.Deadline.Equal(testkit.Local("2026-12-04 18:00")) {
		t.Fatalf("the round made late in the quiet hours' morning: %+v", cur)
	}
}
