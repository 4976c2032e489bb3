package models_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
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
// it (two before the deadline, the deadline, the first 催办, the escalation,
// the 签收 reminder) in one transaction, and the task returned with its
// people, on a context with a deadline as the bot's. "unit" runs it inside
// a unit of work (Store.Unit), as the bot handles each update: the change
// is then a savepoint and the unit's commit ends it. "unplanned" is the
// store without a planner, as figures before issue 12 were measured. The
// baseline is BenchmarkRawSQLiteInsert, in the same binary.
func BenchmarkCreateTask(b *testing.B) {
	for _, c := range []struct {
		name    string
		backend testkit.Backend
		planner models.ReminderPlanner
	}{
		{"sqlite", testkit.SQLite, planner()},
		{"postgres", testkit.Postgres, planner()},
		{"sqlite-unit", testkit.SQLite, planner()},
		{"sqlite-unplanned", testkit.SQLite, nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := models.OpenStore(b, c.backend, models.Options{Now: benchClock, Planner: c.planner})
			// The bot handles each update on a context with a deadline.
			ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
			defer cancel()
			chat, leader, lead := models.BenchGroup(b, s)
			n := models.NewTask{ChatID: chat.ID, Title: "梳理在谈项目清单，逐个明确责任人和时间节点", AssignerID: leader.ID,
				LeadID: lead.ID, Deadline: models.BenchNow.Add(72 * time.Hour), DeadlinePhrase: "本周五"}
			first, err := s.CreateTask(ctx, models.Change{UpdateID: 1, ActorID: leader.ID}, n)
			if err != nil {
				b.Fatal(err)
			}
			if rs, err := s.PendingReminders(ctx, chat.ID); err != nil || c.planner != nil && len(rs) < 5 {
				b.Fatalf("%d reminders planned for the first task (%v), want 5 and a digest", len(rs), err)
			}
			if first.Lead() == nil || first.Lead().User.ID != lead.ID {
				b.Fatalf("the task comes back without its lead: %+v", first.Assignees)
			}
			update := int64(1)
			b.ReportAllocs()
			cpu := models.CPUTime()
			create := func(ctx context.Context) error {
				update++
				_, err := s.CreateTask(ctx, models.Change{UpdateID: update, ActorID: leader.ID}, n)
				return err
			}
			if c.name == "sqlite-unit" {
				alone := create
				create = func(ctx context.Context) error { return s.Unit(ctx, alone) }
			}
			for b.Loop() {
				if err := create(ctx); err != nil {
					b.Fatal(err)
				}
			}
			models.ReportRates(b, cpu)
		})
	}
}

// BenchmarkReplanGroup measures a settings change (/settings) in a group of
// 1,000 and of 10,000 open tasks: Store.UpdateSettings replans every task
// (five reminders each) and the group's digests in one transaction. In
// "offsets" the remind-before offsets alternate, so every task's planned
// rows are replaced; in "rank-rules" a ranking rule alternates, which moves
// no reminder. ms/1k-tasks is the time per 1,000 open tasks (target under
// 100); rss-growth-MB the peak RSS over the loop minus the RSS before it
// (target: flat, the same for both sizes).
func BenchmarkReplanGroup(b *testing.B) {
	for _, backend := range testkit.Backends {
		for _, change := range []string{"offsets", "rank-rules"} {
			for _, tasks := range []int{1_000, 10_000} {
				b.Run(fmt.Sprintf("%s/%s/%d", backend.Name, change, tasks), func(b *testing.B) {
					benchReplanGroup(b, backend, change, tasks)
				})
			}
		}
	}
}

func benchReplanGroup(b *testing.B, backend testkit.Backend, change string, tasks int) {
	ctx := context.Background()
	s := models.OpenStore(b, backend, models.Options{Now: benchClock, Planner: planner()})
	chat, leader, lead := models.BenchGroup(b, s)
	if err := models.AddOpenTasks(s, chat.ID, leader.ID, lead.ID, tasks, models.BenchNow.Add(10*24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	set := chat.Settings()
	offsets := [][]time.Duration{{24 * time.Hour, 2 * time.Hour}, {48 * time.Hour, time.Hour}}
	update := int64(0)
	replan := func(i int) {
		update++
		if change == "offsets" {
			set.RemindBefore = offsets[i%2]
		} else {
			set.Rank.OnTime = 10 + i%2
		}
		if _, err := s.UpdateSettings(ctx, models.Change{UpdateID: update, ActorID: leader.ID}, chat.ID, chat.Zone, set); err != nil {
			b.Fatal(err)
		}
	}
	replan(1) // plan them all once, untimed
	if rs, err := s.PendingReminders(ctx, chat.ID); err != nil || len(rs) < 5*tasks {
		b.Fatalf("%d reminders planned for %d tasks (%v)", len(rs), tasks, err)
	}
	before := models.ResetPeakRSS(b)
	i := 0
	b.ReportAllocs()
	cpu := models.CPUTime()
	for b.Loop() {
		replan(i)
		i++
	}
	cpu = models.CPUTime() - cpu
	growth := models.ProcStatusBytes(b, "VmHWM") - before
	perK := float64(b.N) * float64(tasks) / 1000
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/perK, "ms/1k-tasks")
	b.ReportMetric(float64(cpu.Microseconds())/1000/perK, "cpu-ms/1k-tasks")
	b.ReportMetric(float64(growth)/(1<<20), "rss-growth-MB")
}
