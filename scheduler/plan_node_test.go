package scheduler

import (
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/models"
)

// renderNodes shows a node plan as lines "node kind[offset] at [→ due]".
func renderNodes(rs []models.Reminder, loc *time.Location) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		line := render([]models.Reminder{r}, loc)[0]
		if r.Kind == models.ReminderNodeBefore {
			line = fmt.Sprintf("%s[%s]%s", r.Kind, time.Duration(r.Offset)*time.Second, line[len(r.Kind):])
		}
		node := uint(0)
		if r.NodeID != nil {
			node = *r.NodeID
		}
		out[i] = fmt.Sprintf("%d %s", node, line)
	}
	return out
}

func TestPlanNodes(t *testing.T) {
	created := local(shanghai, "2026-11-23 10:00")
	node := func(id uint, due string) models.Node {
		return models.Node{ID: id, TaskID: 1, Seq: int(id), Name: "节点", Deadline: local(shanghai, due), CreatedAt: created}
	}
	done := node(3, "2026-11-25 18:00")
	done.DoneAt = &created
	cases := []struct {
		name   string
		chat   *models.Chat
		status models.Status
		nodes  []models.Node
		now    time.Time
		want   []string
	}{
		{"before, at and after a node's deadline", testChat(shanghai), models.StatusTodo,
			[]models.Node{node(1, "2026-11-27 18:00")}, created, []string{
				"1 node_before[24h0m0s] 2026-11-26 18:00 CST",
				"1 node_before[2h0m0s] 2026-11-27 16:00 CST",
				"1 node_due 2026-11-27 18:00 CST",
				"1 node_overdue 2026-11-30 09:00 CST", // Friday's deadline: Monday's 催办
			}},
		{"quiet hours hold the reminders of a late node", testChat(shanghai), models.StatusDoing,
			[]models.Node{node(2, "2026-11-26 23:00")}, created, []string{
				"2 node_before[24h0m0s] 2026-11-25 23:00 CST → 2026-11-26 08:00 CST",
				"2 node_before[2h0m0s] 2026-11-26 21:00 CST",
				"2 node_due 2026-11-26 23:00 CST → 2026-11-27 08:00 CST",
				"2 node_overdue 2026-11-27 09:00 CST",
			}},
		{"an overdue node: only the next 催办", testChat(shanghai), models.StatusTodo,
			[]models.Node{node(1, "2026-11-27 18:00")}, local(shanghai, "2026-11-30 09:00"), []string{
				"1 node_overdue 2026-12-01 09:00 CST",
			}},
		{"a done node is owed nothing", testChat(shanghai), models.StatusTodo, []models.Node{done}, created, nil},
		{"a submitted task's nodes are owed nothing", testChat(shanghai), models.StatusSubmitted,
			[]models.Node{node(1, "2026-11-27 18:00")}, created, nil},
		{"no offsets: at and after only", testChat(shanghai, offsets("")), models.StatusTodo,
			[]models.Node{node(1, "2026-11-27 18:00")}, created, []string{
				"1 node_due 2026-11-27 18:00 CST",
				"1 node_overdue 2026-11-30 09:00 CST",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			task := &models.Task{ID: 1, Status: c.status, Deadline: local(shanghai, "2026-12-31 18:00"), CreatedAt: created}
			diffPlan(t, renderNodes(newPlanner().PlanNodes(c.chat, task, c.nodes, c.now), shanghai), c.want)
		})
	}
}
