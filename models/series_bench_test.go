package models_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/models"
)

// BenchmarkSeriesNext measures what moving a 周期任务 (每周五下班前) on costs,
// with the real planner, in a group that already holds 1,000 open tasks:
// "close" is an assignee's /done of the current round with no
// confirmation needed (Store.Submit: the round closed, its reminders
// dropped, the next round made with its reminders and the series' rows, in
// one transaction); "deadline" is the dispatcher's call when the round's
// deadline has passed (Store.AdvanceSeries: the next round made, the
// current one returned with its people). "close" also reads the new round
// by its number, as the bot reads a changed task back. The clock follows
// the rounds, a week a step. Compare with BenchmarkCreateTask.
func BenchmarkSeriesNext(b *testing.B) {
	for _, backend := range []testkit.Backend{testkit.SQLite, testkit.Postgres} {
		for _, how := range []string{"close", "deadline"} {
			b.Run(backend.Name+"-"+how, func(b *testing.B) {
				var now atomic.Int64
				now.Store(models.BenchNow.Unix())
				clock := func() time.Time { return time.Unix(now.Load(), 0) }
				s := models.OpenStore(b, backend, models.Options{Now: clock, Planner: planner()})
				ctx := context.Background()
				chat, leader, lead := models.BenchGroup(b, s)
				if err := models.AddOpenTasks(s, chat.ID, leader.ID, lead.ID, 1000, models.BenchNow.Add(30*24*time.Hour)); err != nil {
					b.Fatal(err)
				}
				ser, cur, err := s.CreateSeries(ctx, models.Change{ActorID: leader.ID}, models.NewSeries{Rule: "每周五下班前",
					Task: models.NewTask{ChatID: chat.ID, Title: "报送本周项目进展", AssignerID: leader.ID, LeadID: lead.ID}})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				cpu := models.CPUTime()
				for b.Loop() {
					if how == "close" {
						if _, err := s.Submit(ctx, models.Change{ActorID: lead.ID}, cur.ID, lead.ID, "", false); err != nil {
							b.Fatal(err)
						}
						next, err := s.TaskByNumber(ctx, chat.ID, cur.Number+1)
						if err != nil || next.SeriesID == nil {
							b.Fatalf("no next round after closing #%d: %v", cur.Number, err)
						}
						cur = next
						continue
					}
					now.Store(cur.Deadline.Unix())
					next, err := s.AdvanceSeries(ctx, ser.ID, cur.Deadline)
					if err != nil || next == nil || next.ID == cur.ID {
						b.Fatalf("no next round at the deadline of #%d: %v", cur.Number, err)
					}
					cur = next
				}
				models.ReportRates(b, cpu)
			})
		}
	}
}
