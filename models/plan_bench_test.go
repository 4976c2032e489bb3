package models_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// planner is the reminder planner the bot runs, on the built-in calendar.
// (Quiet about years without a holiday notice: the benchmarks plan into 2027.)
func planner() *scheduler.Planner {
	cal, err := workday.Load("", slog.New(slog.DiscardHandler))
	if err != nil {
		panic(err)
	}
	return &scheduler.Planner{Cal: cal}
}

func benchClock() time.Time { return models.BenchNow }

// BenchmarkCreateTask measures /assign as the bot runs it: Store.CreateTask
// with one lead, its audit event and the reminders the real planner gives
// it (two before the deadline, the deadline, the first 催办, the escalation)
// in one transaction, and the task returned with its people. "unplanned" is
// the store without a planner, as figures before issue 12 were measured.
func BenchmarkCreateTask(b *testing.B) {
	for _, c := range []struct {
		name    string
		backend string
		planner models.ReminderPlanner
	}{
		{"sqlite", "sqlite", planner()},
		{"postgres", "postgres", planner()},
		{"sqlite-unplanned", "sqlite", nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := models.OpenStore(b, c.backend, models.Options{Now: benchClock, Planner: c.planner})
			ctx := context.Background()
			chat, err := s.EnsureChat(ctx, models.ChatInfo{TelegramID: -100, Type: "supergroup", Title: "招商引资专班"}, "Asia/Shanghai")
			if err != nil {
				b.Fatal(err)
			}
			leader, err := s.SeenUser(ctx, models.UserInfo{TelegramID: 1, FirstName: "王局长"})
			if err != nil {
				b.Fatal(err)
			}
			lead, err := s.SeenUser(ctx, models.UserInfo{TelegramID: 2, FirstName: "李明"})
			if err != nil {
				b.Fatal(err)
			}
			n := models.NewTask{ChatID: chat.ID, Title: "梳理在谈项目清单，逐个明确责任人和时间节点", AssignerID: leader.ID,
				LeadID: lead.ID, Deadline: models.BenchNow.Add(72 * time.Hour), DeadlinePhrase: "本周五"}
			first, err := s.CreateTask(ctx, models.Change{UpdateID: 1, ActorID: leader.ID}, n)
			if err != nil {
				b.Fatal(err)
			}
			if rs, err := s.PendingReminders(ctx, chat.ID); err != nil || c.planner != nil && len(rs) < 5 {
				b.Fatalf("%d reminders planned for the first task (%v), want 5 and a digest", len(rs), err)
			}
			if first.Lead() == nil || first.Lead().User.FirstName != "李明" {
				b.Fatalf("the task comes back without its lead: %+v", first.Assignees)
			}
			update := int64(1)
			b.ReportAllocs()
			cpu := models.CPUTime()
			for b.Loop() {
				update++
				if _, err := s.CreateTask(ctx, models.Change{UpdateID: update, ActorID: leader.ID}, n); err != nil {
					b.Fatal(err)
				}
			}
			models.ReportRates(b, cpu)
		})
	}
}
