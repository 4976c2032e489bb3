package models

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// MaxListNameRunes bounds a list's name (清单名称).
const MaxListNameRunes = 50

// ErrNoList is returned when a chat has no list of the name given.
var ErrNoList = errors.New("no such list")

// ErrListBusy refuses to remove a list that still holds open tasks, unless
// the removal is forced (强制).
var ErrListBusy = errors.New("the list holds open tasks")

// TaskList is a group's 清单: key work managed as one list of tasks, e.g.
// 2026年重点项目清单. A task belongs to at most one list (Task.ListID).
type TaskList struct {
	ID     uint   `gorm:"primaryKey"`
	ChatID uint   `gorm:"not null"` // idx_list_chat_name (index.go): a name once per chat
	Name   string `gorm:"size:200;not null"`
	// ThreadID is the forum topic a leader bound the list to with /list
	// bind (0: none): tasks assigned there join the list, and its notices
	// go there.
	ThreadID  int `gorm:"not null;default:0"`
	CreatedAt time.Time
}

// checkListName validates a list's name, as typed.
func checkListName(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: empty list name", ErrInvalid)
	}
	return CheckLength("list", name, MaxListNameRunes)
}

// ListSummary is a list with its counts, as /list shows them.
type ListSummary struct {
	TaskList
	Total, Done, Open, Overdue int
}

// UnitProgress is one unit's share of a list: done of total.
type UnitProgress struct {
	Unit        string // "" for tasks without a unit
	Done, Total int
}

// ListProgress is a list's 进度.
type ListProgress struct {
	List                       TaskList
	Total, Done, Open, Overdue int
	Units                      []UnitProgress
	// OverdueNumbers are the numbers of its overdue tasks, oldest deadline
	// first (at most MaxOverdueNumbers).
	OverdueNumbers []int
	// OverdueNodes counts the open nodes past their deadline on its
	// waiting tasks.
	OverdueNodes int
}

// MaxOverdueNumbers bounds the overdue task numbers a progress carries.
const MaxOverdueNumbers = 100

// Percent is the share done, 0–100.
func (p *ListProgress) Percent() int {
	if p.Total == 0 {
		return 0
	}
	return p.Done * 100 / p.Total
}
