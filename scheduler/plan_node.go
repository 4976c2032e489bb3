package scheduler

import (
	"time"

	"github.com/duban-bot/duban/models"
)

var _ models.NodePlanner = (*Planner)(nil)

// PlanNodes returns the reminders the open nodes (节点) of a waiting task
// are owed after now, each like a task's own: the group's offsets before
// the node's deadline (not those already past when the node was added, nor
// those the quiet hours hold until the deadline), one at it, and the next
// daily 催办 at 09:00 on a working day while it is overdue (sending it plans
// the one after). A submitted or closed task's nodes are owed nothing.
func (p *Planner) PlanNodes(chat *models.Chat, t *models.Task, nodes []models.Node, now time.Time) []models.Reminder {
	if t.Status != models.StatusTodo && t.Status != models.StatusDoing {
		return nil
	}
	loc, set := chat.Location(), chat.Settings()
	var cal Calendar
	var out []models.Reminder
	for i := range nodes {
		n := &nodes[i]
		if n.Done() {
			continue
		}
		add := func(kind models.ReminderKind, at time.Time, offset time.Duration) {
			due := deferQuiet(at, set, loc)
			if !due.After(now) {
				return
			}
			task, node := t.ID, n.ID
			out = append(out, models.Reminder{ChatID: chat.ID, TaskID: &task, NodeID: &node, Kind: kind,
				At: at, DueAt: due, Offset: int64(offset / time.Second)})
		}
		for _, off := range set.RemindBefore {
			at := before(n.Deadline, off, loc)
			if at.After(n.CreatedAt) && deferQuiet(at, set, loc).Before(n.Deadline) {
				add(models.ReminderNodeBefore, at, off)
			}
		}
		add(models.ReminderNodeDue, n.Deadline, 0)
		if cal == nil {
			cal = p.calendar(chat) // only once a node needs it
		}
		add(models.ReminderNodeOverdue, nextChase(cal, later(n.Deadline, now), loc), 0)
	}
	return out
}
