package models

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Limits on a task's nodes (节点).
const (
	MaxNodes         = 20
	MaxNodeNameRunes = 100
)

// ErrNodeAfterDeadline refuses a node due after its task's deadline in
// force: milestones are worked backwards from it (倒排工期).
var ErrNodeAfterDeadline = errors.New("the node is due after the task's deadline")

// ErrTooManyNodes refuses a 21st node.
var ErrTooManyNodes = errors.New("too many nodes")

// Node is one milestone (节点) of a task, with its own deadline. Nodes are
// shown and numbered (K = 1, 2, …) in the order of Seq.
type Node struct {
	ID        uint      `gorm:"primaryKey"`
	TaskID    uint      `gorm:"not null"` // idx_node_task (index.go): a task's nodes in order
	Seq       int       `gorm:"not null"`
	Name      string    `gorm:"size:400;not null"`
	Deadline  time.Time `gorm:"not null"`
	Phrase    string    `gorm:"size:100"`
	DoneAt    *time.Time
	DoneByID  *uint
	Note      string `gorm:"size:2000"`
	CreatedAt time.Time
	DoneBy    *User `gorm:"foreignKey:DoneByID"`
}

// NewNode is a node as a leader gives it: a name and a deadline.
type NewNode struct {
	Name     string
	Deadline time.Time
	Phrase   string
}

// Done reports whether the node is 已完成.
func (n *Node) Done() bool { return n.DoneAt != nil }

// Overdue reports whether the node is open past its deadline.
func (n *Node) Overdue(now time.Time) bool { return n.DoneAt == nil && now.After(n.Deadline) }

// DaysOverdue counts calendar days in loc past the node's deadline (逾期N天).
func (n *Node) DaysOverdue(now time.Time, loc *time.Location) int {
	if !n.Overdue(now) {
		return 0
	}
	return daysAfter(n.Deadline, now, loc)
}

// NodeCount is "2/5": done of all.
func NodeCount(nodes []Node) (done, total int) {
	for i := range nodes {
		if nodes[i].Done() {
			done++
		}
	}
	return done, len(nodes)
}

// NodeError says which node of a list is wrong and why; it is an
// [ErrInvalid] (or wraps the reason it gives).
type NodeError struct {
	Index int // 1-based, in the order given
	Name  string
	Err   error
}

func (e *NodeError) Error() string { return fmt.Sprintf("node %d %q: %v", e.Index, e.Name, e.Err) }

// Unwrap gives the reason.
func (e *NodeError) Unwrap() error { return e.Err }

// checkNode validates one node against the task's deadline in force.
func checkNode(n NewNode, taskDeadline time.Time) error {
	if strings.TrimSpace(n.Name) == "" {
		return fmt.Errorf("%w: empty node name", ErrInvalid)
	}
	if err := CheckLength("node", n.Name, MaxNodeNameRunes); err != nil {
		return err
	}
	if n.Deadline.IsZero() {
		return fmt.Errorf("%w: node without deadline", ErrInvalid)
	}
	if n.Deadline.Truncate(time.Second).After(taskDeadline) {
		return ErrNodeAfterDeadline
	}
	return nil
}

// checkNodes validates the nodes of a new task.
func checkNodes(nodes []NewNode, taskDeadline time.Time) error {
	if len(nodes) > MaxNodes {
		return ErrTooManyNodes
	}
	for i, n := range nodes {
		if err := checkNode(n, taskDeadline); err != nil {
			return &NodeError{Index: i + 1, Name: n.Name, Err: err}
		}
	}
	return nil
}
