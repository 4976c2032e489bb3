package scheduler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// nodeReminders counts the pending reminders of each node.
func nodeReminders(t *testing.T, s *models.Store, chatID uint) map[uint]int {
	t.Helper()
	rs, err := s.PendingReminders(context.Background(), chatID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[uint]int{}
	for _, r := range rs {
		if r.Kind.IsNode() {
			out[*r.NodeID]++
		}
	}
	return out
}

// A node's reminders are planned with the task, follow its changes, and
// stop when it is done, removed, or its task submitted.
func TestNodeRemindersFollowTheirNodes(t *testing.T) {
	ctx := context.Background()
	s, clk, chat, u := plannedGroup(t, testkit.Local("2026-11-23 10:00"), "Asia/Shanghai")
	c := models.Change{ActorID: u.ID}
	task, err := s.CreateTask(ctx, c, models.NewTask{ChatID: chat.ID, Title: "重点项目", AssignerID: u.ID, LeadID: u.ID,
		Deadline: testkit.Local("2026-12-31 18:00"), Nodes: []models.NewNode{
			{Name: "立项", Deadline: testkit.Local("2026-11-27 18:00")},
			{Name: "开工", Deadline: testkit.Local("2026-12-15 18:00")}}})
	if err != nil {
		t.Fatal(err)
	}
	first, second := task.Nodes[0].ID, task.Nodes[1].ID
	if got := nodeReminders(t, s, chat.ID); got[first] != 4 || got[second] != 4 {
		t.Fatalf("node reminders at assignment: %v, want 4 each (2 before, at, 催办)", got)
	}
	clk.Set(testkit.Local("2026-11-24 10:00"))
	if _, err := s.CompleteNode(ctx, c, task.ID, u.ID, 1, "已立项"); err != nil {
		t.Fatal(err)
	}
	if got := nodeReminders(t, s, chat.ID); got[first] != 0 || got[second] != 4 {
		t.Errorf("after node 1 is done: %v, want only node 2's", got)
	}
	added, err := s.AddNode(ctx, c, task.ID, models.NewNode{Name: "竣工", Deadline: testkit.Local("2026-12-30 18:00")})
	if err != nil {
		t.Fatal(err)
	}
	third := added.Nodes[2].ID
	if got := nodeReminders(t, s, chat.ID); got[third] != 4 {
		t.Errorf("an added node has %d reminders, want 4", got[third])
	}
	if _, _, err := s.RemoveNode(ctx, c, task.ID, 3); err != nil {
		t.Fatal(err)
	}
	if got := nodeReminders(t, s, chat.ID); got[third] != 0 {
		t.Errorf("a removed node keeps %d reminders", got[third])
	}
	if _, err := s.Submit(ctx, c, task.ID, u.ID, "完成", true); err != nil {
		t.Fatal(err)
	}
	if got := nodeReminders(t, s, chat.ID); len(got) != 0 {
		t.Errorf("a submitted task's nodes keep reminders: %v", got)
	}
}

// BenchmarkReplanNodes measures what a change costs a task with 20 nodes
// next to one without: the task's and its nodes' reminders planned again
// (the deadline moves back and forth) in one transaction with its audit
// event. Target (issue 14): under 5 ms with 20 nodes.
func BenchmarkReplanNodes(b *testing.B) {
	for _, count := range []int{0, models.MaxNodes} {
		b.Run(fmt.Sprintf("nodes=%d", count), func(b *testing.B) {
			ctx := context.Background()
			s, _, chat, u := plannedGroup(b, testkit.Local("2026-11-23 10:00"), "Asia/Shanghai")
			nodes := make([]models.NewNode, count)
			for i := range nodes {
				nodes[i] = models.NewNode{Name: "节点", Deadline: testkit.Local("2026-12-01 18:00").AddDate(0, 0, i)}
			}
			c := models.Change{ActorID: u.ID}
			task, err := s.CreateTask(ctx, c, models.NewTask{ChatID: chat.ID, Title: "重点项目", AssignerID: u.ID, LeadID: u.ID,
				Deadline: testkit.Local("2026-12-31 18:00"), Nodes: nodes})
			if err != nil {
				b.Fatal(err)
			}
			deadlines := []time.Time{testkit.Local("2027-01-15 18:00"), testkit.Local("2026-12-31 18:00")}
			for i := 0; b.Loop(); i++ {
				if _, err := s.EditTask(ctx, c, task.ID, models.TaskEdit{Deadline: &deadlines[i%2]}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlanTwentyNodes is the planner alone on 20 open nodes.
func BenchmarkPlanTwentyNodes(b *testing.B) {
	cal := workday.Builtin()
	p := &scheduler.Planner{Cal: cal}
	chat := &models.Chat{ID: 7, Type: "supergroup", Zone: "Asia/Shanghai", RemindBefore: "1440,120", QuietStart: 22 * 60, QuietEnd: 8 * 60}
	now := testkit.Local("2026-11-23 10:00")
	task := &models.Task{ID: 1, Status: models.StatusTodo, Deadline: testkit.Local("2026-12-31 18:00"), CreatedAt: now}
	nodes := make([]models.Node, models.MaxNodes)
	for i := range nodes {
		nodes[i] = models.Node{ID: uint(i + 1), TaskID: 1, Name: "节点", Deadline: testkit.Local("2026-12-01 18:00").AddDate(0, 0, i), CreatedAt: now}
	}
	for b.Loop() {
		if got := p.PlanNodes(chat, task, nodes, now); len(got) != 80 {
			b.Fatalf("%d reminders, want 80", len(got))
		}
	}
}
