package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrNoNode is returned for a node number the task does not have.
var ErrNoNode = errors.New("no such node")

// ErrNodeDone refuses to complete a node twice.
var ErrNodeDone = errors.New("the node is done already")

// NodePlanner is a [ReminderPlanner] that also plans the reminders of a
// task's open nodes (节点). The store asks for them wherever it plans the
// task's own.
type NodePlanner interface {
	// PlanNodes returns the reminders the open nodes of a waiting task are
	// owed from now on, each with its NodeID.
	PlanNodes(chat *Chat, task *Task, nodes []Node, now time.Time) []Reminder
}

// planNodes is the planner's PlanNodes, when it has one; chat carries its
// own days already (planTask filled them).
func (s *Store) planNodes(chat *Chat, t *Task, nodes []Node, now time.Time) []Reminder {
	np, ok := s.planner.(NodePlanner)
	if !ok || len(nodes) == 0 {
		return nil
	}
	return np.PlanNodes(chat, t, nodes, now)
}

// createNodes stores the nodes of a new task, in the order given.
func createNodes(tx *gorm.DB, t *Task, nodes []NewNode, now time.Time) error {
	t.Nodes = make([]Node, len(nodes))
	for i, n := range nodes {
		t.Nodes[i] = Node{TaskID: t.ID, Seq: i + 1, Name: strings.TrimSpace(n.Name),
			Deadline: n.Deadline.UTC().Truncate(time.Second), Phrase: n.Phrase, CreatedAt: now}
		if err := createRow(tx, &t.Nodes[i]); err != nil {
			return err
		}
	}
	return nil
}

// taskNodes returns a task's nodes in their order.
func taskNodes(tx *gorm.DB, taskID uint) ([]Node, error) {
	var ns []Node
	err := tx.Preload("DoneBy").Where("task_id = ?", taskID).Order("seq, id").Find(&ns).Error
	return ns, err
}

// NodesOf returns the nodes of several tasks, by task, each in order.
func (s *Store) NodesOf(ctx context.Context, taskIDs []uint) (map[uint][]Node, error) {
	out := map[uint][]Node{}
	for start := 0; start < len(taskIDs); start += deleteBatch {
		var ns []Node
		err := s.conn(ctx).Where("task_id IN ?", taskIDs[start:min(start+deleteBatch, len(taskIDs))]).
			Order("task_id, seq, id").Find(&ns).Error
		if err != nil {
			return nil, fmt.Errorf("nodes of %d tasks: %w", len(taskIDs), err)
		}
		for _, n := range ns {
			out[n.TaskID] = append(out[n.TaskID], n)
		}
	}
	return out, nil
}

// openNodesOf returns the open nodes of tasks, by task, for the planner.
func openNodesOf(tx *gorm.DB, tasks []Task) (map[uint][]Node, error) {
	ids := make([]uint, len(tasks))
	for i := range tasks {
		ids[i] = tasks[i].ID
	}
	var ns []Node
	if err := tx.Where("task_id IN ? AND done_at IS NULL", ids).Order("task_id, seq, id").Find(&ns).Error; err != nil {
		return nil, err
	}
	out := map[uint][]Node{}
	for _, n := range ns {
		out[n.TaskID] = append(out[n.TaskID], n)
	}
	return out, nil
}

// fillTaskExtras loads what a task's card shows beyond its own row: its
// nodes and its list's name.
func fillTaskExtras(db *gorm.DB, t *Task) error {
	ns, err := taskNodes(db, t.ID)
	if err != nil {
		return fmt.Errorf("nodes of task %d: %w", t.ID, err)
	}
	t.Nodes = ns
	name, err := listName(db, t.ListID)
	if err != nil {
		return fmt.Errorf("list of task %d: %w", t.ID, err)
	}
	t.ListName = name
	return nil
}

// nodeChange runs fn on an open task and its nodes inside a write, then
// replans the task's reminders (its nodes' among them) in the same
// transaction.
func (s *Store) nodeChange(ctx context.Context, c Change, taskID uint, fn func(tx *gorm.DB, t *Task, nodes []Node, now time.Time) error) (*Task, error) {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var t Task
		if err := withAssignees(tx).Take(&t, taskID).Error; err != nil {
			return notFound(err)
		}
		if !t.Status.Open() {
			return &StatusError{Status: t.Status}
		}
		nodes, err := taskNodes(tx, t.ID)
		if err != nil {
			return err
		}
		if err := fn(tx, &t, nodes, now); err != nil {
			return err
		}
		return s.replanTask(tx, t.ID, now)
	})
	if err != nil {
		return nil, err
	}
	s.planned()
	return s.TaskByID(ctx, taskID)
}

// AddNode appends a node to an open task. Its deadline may not lie after
// the task's deadline in force (ErrNodeAfterDeadline); a task has at most
// MaxNodes (ErrTooManyNodes).
func (s *Store) AddNode(ctx context.Context, c Change, taskID uint, n NewNode) (*Task, error) {
	t, err := s.nodeChange(ctx, c, taskID, func(tx *gorm.DB, t *Task, nodes []Node, now time.Time) error {
		if len(nodes) >= MaxNodes {
			return ErrTooManyNodes
		}
		if err := checkNode(n, t.Deadline); err != nil {
			return err
		}
		seq := 1
		if len(nodes) > 0 {
			seq = nodes[len(nodes)-1].Seq + 1
		}
		row := Node{TaskID: t.ID, Seq: seq, Name: strings.TrimSpace(n.Name), Deadline: n.Deadline.UTC().Truncate(time.Second),
			Phrase: n.Phrase, CreatedAt: now}
		if err := createRow(tx, &row); err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, EventNodeAdded, nodeDetail(&row), now)
	})
	if err != nil {
		return nil, fmt.Errorf("add node to task %d: %w", taskID, err)
	}
	return t, nil
}

// CompleteNode marks the k-th node (1-based) of a task 已完成 by one of its
// assignees, with an optional note; its reminders stop.
func (s *Store) CompleteNode(ctx context.Context, c Change, taskID, userID uint, k int, note string) (*Task, error) {
	if err := CheckLength("detail", note, MaxDetailRunes); err != nil {
		return nil, err
	}
	t, err := s.nodeChange(ctx, c, taskID, func(tx *gorm.DB, t *Task, nodes []Node, now time.Time) error {
		if !t.IsAssignee(userID) {
			return ErrNotAssignee
		}
		if k < 1 || k > len(nodes) {
			return ErrNoNode
		}
		n := &nodes[k-1]
		if n.Done() {
			return ErrNodeDone
		}
		err := tx.Model(&Node{}).Where("id = ?", n.ID).
			Updates(map[string]any{"done_at": now, "done_by_id": userID, "note": note}).Error
		if err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, EventNodeDone, strings.TrimSpace(n.Name+" "+note), now)
	})
	if err != nil {
		return nil, fmt.Errorf("complete node %d of task %d: %w", k, taskID, err)
	}
	return t, nil
}

// RemoveNode deletes the k-th node (1-based) of a task and its reminders.
func (s *Store) RemoveNode(ctx context.Context, c Change, taskID uint, k int) (*Task, *Node, error) {
	var removed Node
	t, err := s.nodeChange(ctx, c, taskID, func(tx *gorm.DB, t *Task, nodes []Node, now time.Time) error {
		if k < 1 || k > len(nodes) {
			return ErrNoNode
		}
		removed = nodes[k-1]
		if err := tx.Delete(&Node{}, removed.ID).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, EventNodeRemoved, nodeDetail(&removed), now)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("remove node %d of task %d: %w", k, taskID, err)
	}
	return t, &removed, nil
}

// nodeDetail is the trail's record of a node: its name and deadline.
func nodeDetail(n *Node) string {
	return n.Name + " " + n.Deadline.UTC().Format(time.RFC3339)
}

// waitingNodes returns the open nodes of tasks for their replanning: none
// when the planner plans no nodes.
func (s *Store) waitingNodes(tx *gorm.DB, tasks []Task) (map[uint][]Node, error) {
	if _, ok := s.planner.(NodePlanner); !ok {
		return nil, nil
	}
	return openNodesOf(tx, tasks)
}

// nodeStillDescribes reports whether an unsent, already due node reminder
// still fits its node: the node is still open and its deadline unmoved.
func nodeStillDescribes(r *Reminder, nodes []Node, loc *time.Location, now time.Time) bool {
	if r.NodeID == nil {
		return false
	}
	for i := range nodes {
		if nodes[i].ID == *r.NodeID {
			return !nodes[i].Done() && fitsDeadline(r, nodes[i].Deadline, loc, now)
		}
	}
	return false
}
