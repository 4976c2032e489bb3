package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/models"
)

// TestReplanKeepsDueRows: a reminder that fell due but was not sent yet (the
// bot was down, or Telegram asked to wait) survives a change of its task
// that leaves it true, so it still goes out; the planner would not plan it
// again, its time having passed.
func TestReplanKeepsDueRows(t *testing.T) {
	newYork := testkit.NewYork
	cases := []struct {
		name     string
		zone     string
		created  time.Time
		deadline time.Time
		change   time.Time // when the task changes
		retry    bool      // the row was tried and put off (429) before the change
		kind     models.ReminderKind
		offset   time.Duration
	}{
		{"1 day before across DST, missed while down", "America/New_York",
			time.Date(2026, 3, 2, 10, 0, 0, 0, newYork), time.Date(2026, 3, 8, 10, 0, 0, 0, newYork),
			time.Date(2026, 3, 7, 10, 30, 0, 0, newYork), false, models.ReminderBefore, 24 * time.Hour},
		{"1 day before across the autumn DST change", "America/New_York",
			time.Date(2026, 10, 26, 10, 0, 0, 0, newYork), time.Date(2026, 11, 1, 10, 0, 0, 0, newYork),
			time.Date(2026, 10, 31, 10, 30, 0, 0, newYork), false, models.ReminderBefore, 24 * time.Hour},
		{"2 hours before, put off by a 429", "Asia/Shanghai",
			testkit.Local("2026-11-23 10:00"), testkit.Local("2026-11-24 18:00"),
			testkit.Local("2026-11-24 16:00:03"), true, models.ReminderBefore, 2 * time.Hour},
		{"the deadline, put off by a 429", "Asia/Shanghai",
			testkit.Local("2026-11-23 10:00"), testkit.Local("2026-11-24 18:00"),
			testkit.Local("2026-11-24 18:00:03"), true, models.ReminderDue, 0},
		{"the escalation, put off by a 429", "Asia/Shanghai",
			testkit.Local("2026-11-23 10:00"), testkit.Local("2026-11-24 18:00"),
			testkit.Local("2026-11-26 09:00:03"), true, models.ReminderEscalate, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			store, clk, chat, u := plannedGroup(t, c.created, c.zone)
			task, err := store.CreateTask(ctx, models.Change{ActorID: u.ID}, models.NewTask{ChatID: chat.ID,
				Title: "完成项目申报材料", AssignerID: u.ID, LeadID: u.ID, Deadline: c.deadline})
			if err != nil {
				t.Fatal(err)
			}
			find := func() *models.Reminder {
				rs, err := store.PendingReminders(ctx, chat.ID)
				if err != nil {
					t.Fatal(err)
				}
				for i := range rs {
					if rs[i].TaskID != nil && rs[i].Kind == c.kind && rs[i].Offset == int64(c.offset/time.Second) {
						return &rs[i]
					}
				}
				return nil
			}
			r := find()
			if r == nil || !r.DueAt.Before(c.change) {
				t.Fatalf("the reminder is not planned before %v: %+v", c.change, r)
			}
			due := r.DueAt
			clk.Set(c.change)
			if c.retry {
				due = c.change.Add(4 * time.Second) // 18:00:07
				if err := store.RetryReminders(ctx, []uint{r.ID}, due, "429"); err != nil {
					t.Fatal(err)
				}
			}
			pct := 50
			if _, err := store.ReportProgress(ctx, models.Change{ActorID: u.ID}, task.ID, u.ID, &pct, "材料已准备"); err != nil {
				t.Fatal(err)
			}
			after := find()
			if after == nil {
				t.Fatalf("the %s reminder was dropped by the change", c.kind)
			}
			if !after.DueAt.Equal(due.UTC().Truncate(time.Second)) {
				t.Errorf("due at %v, want %v", after.DueAt, due)
			}
			// The deadline moving does replace it.
			if _, err := store.EditTask(ctx, models.Change{ActorID: u.ID}, task.ID, models.TaskEdit{Deadline: ptr(c.deadline.Add(72 * time.Hour))}); err != nil {
				t.Fatal(err)
			}
			if after := find(); after != nil && after.ID == r.ID {
				t.Errorf("the %s reminder of the old deadline survived the edit", c.kind)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
