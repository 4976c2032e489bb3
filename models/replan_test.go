package models_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/models"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, shanghai)
}

// group is a group of the cast with its leader (its creator, 刘书记) and a
// member (张伟), for the tests of this file.
type group struct {
	t      *testing.T
	ctx    context.Context
	s      *models.Store
	chat   *models.Chat
	leader *models.User
	member *models.User
	update int64
}

func newGroup(t *testing.T, s *models.Store, tg testkit.Group) *group {
	t.Helper()
	g := &group{t: t, ctx: context.Background(), s: s, update: tg.ID * 1000}
	var err error
	if g.chat, err = s.EnsureChat(g.ctx, models.ChatInfo{TelegramID: tg.ID, Type: tg.Type, Title: tg.Title}, "Asia/Shanghai"); err != nil {
		t.Fatal(err)
	}
	seen := func(id int64) *models.User {
		p := testkit.Who(id)
		u, err := s.SeenUser(g.ctx, models.UserInfo{TelegramID: p.ID, FirstName: p.Name, Username: p.Username, LanguageCode: p.Lang})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	g.leader, g.member = seen(tg.Creator), seen(testkit.Zhang)
	return g
}

func (g *group) change(u *models.User) models.Change {
	g.update++
	return models.Change{UpdateID: g.update, ActorID: u.ID}
}

func (g *group) assign(title string, lead *models.User, deadline time.Time) *models.Task {
	g.t.Helper()
	n := models.NewTask{ChatID: g.chat.ID, Title: title, AssignerID: g.leader.ID, Deadline: deadline}
	if lead != nil {
		n.LeadID = lead.ID
	}
	task, err := g.s.CreateTask(g.ctx, g.change(g.leader), n)
	if err != nil {
		g.t.Fatalf("assign %q: %v", title, err)
	}
	return task
}

func (g *group) pending() []models.Reminder {
	g.t.Helper()
	rs, err := g.s.PendingReminders(g.ctx, g.chat.ID)
	if err != nil {
		g.t.Fatal(err)
	}
	return rs
}

// describe writes reminders the same way whatever their ids, sorted.
func describe(rs []models.Reminder, numbers map[uint]int) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		task := "group"
		if r.TaskID != nil {
			task = fmt.Sprintf("#%d", numbers[*r.TaskID])
		}
		out[i] = fmt.Sprintf("%s %s at %s due %s offset %d tried %d note %q", task, r.Kind,
			r.At.In(shanghai).Format("01-02 15:04"), r.DueAt.In(shanghai).Format("01-02 15:04"), r.Offset, r.Attempts, r.Note)
	}
	sort.Strings(out)
	return out
}

// TestReplanGroupKeepsWhatIsOwed: a settings change replans every task of
// the group that waits for work at once. Afterwards the group holds exactly
// what replanning each task alone would give: the planner's rows for the new
// settings, plus the rows already owed (due but not sent, put off after a
// failed send, or asked for by a person); a submitted task keeps its rows,
// an unclaimed one has none. Another group's reminders are untouched.
func TestReplanGroupKeepsWhatIsOwed(t *testing.T) {
	for _, backend := range testkit.Backends {
		t.Run(backend.Name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewFake(at(3, 2, 10, 0))
			plan := planner()
			s := models.OpenStore(t, backend, models.Options{Now: clk.Now, Planner: plan})
			g := newGroup(t, s, testkit.Work())
			other := newGroup(t, s, testkit.Other())

			far := g.assign("远期任务", g.member, at(3, 20, 18, 0))
			missed := g.assign("错过提醒", g.member, at(3, 4, 18, 0)) // 3 Mar 18:00 and 4 Mar 16:00 fall due unsent
			retried := g.assign("重试提醒", g.member, at(3, 5, 12, 0))
			urged := g.assign("有人催办", g.member, at(3, 25, 18, 0))
			done := g.assign("已提交", g.member, at(3, 10, 18, 0))
			g.assign("待认领", nil, at(3, 12, 18, 0))
			other.assign("别的群", other.member, at(3, 20, 18, 0))
			otherBefore := describe(other.pending(), nil)

			if _, err := s.Submit(g.ctx, g.change(g.member), done.ID, g.member.ID, "", true); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddReminder(g.ctx, g.change(g.leader), models.Reminder{ChatID: g.chat.ID, TaskID: &urged.ID,
				Kind: models.ReminderUrge, At: at(3, 6, 9, 0), DueAt: at(3, 6, 9, 0), Note: "抓紧"}); err != nil {
				t.Fatal(err)
			}
			clk.Set(at(3, 4, 17, 0))
			// The deadline reminder of the retried task was tried (a 429)
			// and put off past now.
			for _, r := range g.pending() {
				if r.TaskID != nil && *r.TaskID == retried.ID && r.Kind == models.ReminderBefore && r.Offset == 24*3600 {
					if err := s.RetryReminders(g.ctx, []uint{r.ID}, at(3, 4, 17, 5), "429"); err != nil {
						t.Fatal(err)
					}
				}
			}
			// What a settings change may not touch: rows due but unsent,
			// rows tried and put off, rows a person asked for, and the rows
			// of tasks not waiting for work (the submitted one keeps its
			// 待确认 reminder).
			waiting := map[uint]bool{far.ID: true, missed.ID: true, retried.ID: true, urged.ID: true}
			var owed []models.Reminder
			mine := 0 // the fixture's own: 2 missed, 1 retried, 1 urged
			for _, r := range g.pending() {
				if r.TaskID == nil {
					continue
				}
				replaceable := r.Kind.Planned() && r.Attempts == 0 && r.DueAt.After(clk.Now())
				if !waiting[*r.TaskID] || !replaceable {
					owed = append(owed, r)
				}
				if !r.Kind.Planned() || r.Attempts > 0 || *r.TaskID == missed.ID && r.Kind == models.ReminderBefore && !r.DueAt.After(clk.Now()) {
					mine++
				}
			}
			if mine != 4 {
				t.Fatalf("the fixture owes %d of its own reminders, want 4: %v", mine, describe(owed, nil))
			}
			set := g.chat.Settings()
			set.RemindBefore = []time.Duration{48 * time.Hour, 30 * time.Minute}
			set.QuietStart, set.QuietEnd = 23*60, 7*60
			set.EscalateAfter = 3
			set.WeeklyDigest = "0 17 * * 5"
			chat, err := s.UpdateSettings(g.ctx, g.change(g.leader), g.chat.ID, "Asia/Shanghai", set)
			if err != nil {
				t.Fatal(err)
			}

			numbers := map[uint]int{}
			want := slices.Clone(owed)
			for _, task := range []*models.Task{far, missed, retried, urged, done} {
				numbers[task.ID] = task.Number
				if !waiting[task.ID] {
					continue
				}
				task, err := s.TaskByID(g.ctx, task.ID)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, plan.PlanTask(chat, task, clk.Now())...)
			}
			want = append(want, plan.PlanDigests(chat, clk.Now())...)
			if got, want := describe(g.pending(), numbers), describe(want, numbers); !slices.Equal(got, want) {
				t.Errorf("after the settings change the group holds\n\t%s\nwant\n\t%s",
					strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			if got := describe(other.pending(), nil); !slices.Equal(got, otherBefore) {
				t.Errorf("the other group's reminders changed:\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(otherBefore, "\n\t"))
			}
		})
	}
}

// TestReplanGroupLargerThanABatch: a group with more open tasks than one
// batch of the re-plan has every one of them replanned.
func TestReplanGroupLargerThanABatch(t *testing.T) {
	for _, backend := range testkit.Backends {
		t.Run(backend.Name, func(t *testing.T) {
			if backend.Name == "postgres" && testing.Short() {
				t.Skip("creates 1,010 tasks; skipped with -short")
			}
			t.Parallel()
			clk := clock.NewFake(at(3, 2, 10, 0))
			s := models.OpenStore(t, backend, models.Options{Now: clk.Now, Planner: planner()})
			g := newGroup(t, s, testkit.Work())
			tasks := models.ReplanBatch*2 + 10
			for i := range tasks {
				g.assign(fmt.Sprintf("任务%d", i+1), g.member, at(3, 20, 18, 0))
			}
			set := g.chat.Settings()
			set.RemindBefore = []time.Duration{30 * time.Minute}
			if _, err := s.UpdateSettings(g.ctx, g.change(g.leader), g.chat.ID, "Asia/Shanghai", set); err != nil {
				t.Fatal(err)
			}
			before := map[uint]int{}
			for _, r := range g.pending() {
				if r.Kind == models.ReminderBefore {
					before[*r.TaskID]++
					if r.Offset != 30*60 {
						t.Fatalf("a reminder of the old settings survived: %+v", r)
					}
				}
			}
			if len(before) != tasks {
				t.Errorf("%d of %d tasks have their new reminder", len(before), tasks)
			}
		})
	}
}

// TestReplanGroupWritesOnlyWhatMoved: a settings change the task reminders
// do not depend on (a ranking rule) leaves every stored row as it was, and
// one that moves only the reminders before the deadline keeps the others.
func TestReplanGroupWritesOnlyWhatMoved(t *testing.T) {
	for _, backend := range testkit.Backends {
		t.Run(backend.Name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewFake(at(3, 2, 10, 0))
			s := models.OpenStore(t, backend, models.Options{Now: clk.Now, Planner: planner()})
			g := newGroup(t, s, testkit.Work())
			g.assign("甲", g.member, at(3, 20, 18, 0))
			g.assign("乙", g.member, at(3, 27, 18, 0))
			ids := func() map[uint]models.ReminderKind {
				out := map[uint]models.ReminderKind{}
				for _, r := range g.pending() {
					if r.TaskID != nil {
						out[r.ID] = r.Kind
					}
				}
				return out
			}
			before := ids()
			set := g.chat.Settings()
			set.Rank.OnTime++
			if _, err := s.UpdateSettings(g.ctx, g.change(g.leader), g.chat.ID, "Asia/Shanghai", set); err != nil {
				t.Fatal(err)
			}
			if after := ids(); !maps.Equal(after, before) {
				t.Errorf("a ranking rule changed the stored reminders: %v, was %v", after, before)
			}
			set.RemindBefore = []time.Duration{48 * time.Hour}
			if _, err := s.UpdateSettings(g.ctx, g.change(g.leader), g.chat.ID, "Asia/Shanghai", set); err != nil {
				t.Fatal(err)
			}
			after := ids()
			for id, kind := range before {
				if _, ok := after[id]; ok != (kind != models.ReminderBefore) {
					t.Errorf("reminder %d (%s) kept: %v", id, kind, ok)
				}
			}
		})
	}
}
