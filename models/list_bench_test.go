package models

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
)

// BenchmarkListProgress measures what /list reads for a list of 5,000
// tasks (issue 14, target under 20 ms): the group's lists with their
// counts, and one list's 进度 (per unit, overdue tasks, overdue nodes).
// The tasks are spread over ten units, a third of them done and a tenth
// overdue, one in five with two nodes; the group holds 1,000 more tasks in
// no list.
//
//	go test -run '^$' -bench ListProgress -benchmem ./models
func BenchmarkListProgress(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 7, 15, 10, 0, 0, 0, shanghai)
	s := openOn(b, testkit.SQLite, Options{Now: func() time.Time { return now.Add(-30 * 24 * time.Hour) }})
	chat, leader, lead := benchGroup(b, s)
	c := Change{ActorID: leader.ID}
	list, err := s.AddList(ctx, c, chat.ID, "2026年重点项目清单")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 6000 {
		n := NewTask{ChatID: chat.ID, Title: fmt.Sprintf("重点项目%d", i), AssignerID: leader.ID, LeadID: lead.ID,
			UnitName: fmt.Sprintf("单位%d", i%10), Deadline: now.Add(time.Duration(i%100-10) * 24 * time.Hour)}
		if i < 5000 {
			n.ListName = list.Name
		}
		if i%5 == 0 {
			n.Nodes = []NewNode{{Name: "立项", Deadline: n.Deadline.Add(-20 * 24 * time.Hour)}, {Name: "开工", Deadline: n.Deadline}}
		}
		if _, err := s.CreateTask(ctx, c, n); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.db.Exec("UPDATE tasks SET status = ?, done_at = ?, submitted_at = ? WHERE number % 3 = 0",
		StatusDone, now, now).Error; err != nil {
		b.Fatal(err)
	}
	s.now = func() time.Time { return now }
	p, err := s.ListProgress(ctx, list)
	if err != nil || p.Total != 5000 || p.Overdue == 0 || p.OverdueNodes == 0 {
		b.Fatalf("progress %+v, %v", p, err)
	}
	b.Run("lists", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Lists(ctx, chat.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("progress", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.ListProgress(ctx, list); err != nil {
				b.Fatal(err)
			}
		}
	})
}
