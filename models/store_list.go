package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AddList creates a list (清单) in a chat; a list of that name there is
// ErrExists.
func (s *Store) AddList(ctx context.Context, c Change, chatID uint, name string) (*TaskList, error) {
	name = strings.TrimSpace(name)
	if err := checkListName(name); err != nil {
		return nil, err
	}
	l := TaskList{ChatID: chatID, Name: name}
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var n int64
		if err := tx.Model(&TaskList{}).Where("chat_id = ? AND name = ?", chatID, name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrExists
		}
		l.CreatedAt = now
		if err := createRow(tx, &l); err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, EventListAdded, name, now)
	})
	if err != nil {
		return nil, fmt.Errorf("add list %q: %w", name, err)
	}
	return &l, nil
}

// RemoveList deletes a list; its tasks stay, in no list. A list that still
// holds open tasks is ErrListBusy unless force (强制); open counts them.
func (s *Store) RemoveList(ctx context.Context, c Change, chatID uint, name string, force bool) (open int, err error) {
	err = s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		l, err := listByName(tx, chatID, name)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&Task{}).Where("chat_id = ? AND list_id = ? AND status IN ?", chatID, l.ID, openStatuses).
			Count(&n).Error; err != nil {
			return err
		}
		open = int(n)
		if open > 0 && !force {
			return ErrListBusy
		}
		if err := tx.Model(&Task{}).Where("chat_id = ? AND list_id = ?", chatID, l.ID).UpdateColumn("list_id", nil).Error; err != nil {
			return err
		}
		if err := tx.Delete(&TaskList{}, l.ID).Error; err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, EventListRemoved, l.Name, now)
	})
	if err != nil {
		return open, fmt.Errorf("remove list %q: %w", name, err)
	}
	return open, nil
}

// openStatuses are the statuses of tasks that still wait for something.
var openStatuses = open

// BindList binds a list to a forum topic (threadID): tasks assigned there
// join it, and its notices go there. A topic holds one list: binding
// another one to it unbinds the first.
func (s *Store) BindList(ctx context.Context, c Change, chatID uint, name string, threadID int) (*TaskList, error) {
	var l *TaskList
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var err error
		if l, err = listByName(tx, chatID, name); err != nil {
			return err
		}
		if err := tx.Model(&TaskList{}).Where("chat_id = ? AND thread_id = ? AND id <> ?", chatID, threadID, l.ID).
			UpdateColumn("thread_id", 0).Error; err != nil {
			return err
		}
		if err := tx.Model(l).UpdateColumn("thread_id", threadID).Error; err != nil {
			return err
		}
		l.ThreadID = threadID
		return audit(tx, chatID, nil, c, EventListBound, fmt.Sprintf("%s → %d", l.Name, threadID), now)
	})
	if err != nil {
		return nil, fmt.Errorf("bind list %q: %w", name, err)
	}
	return l, nil
}

// ListByName returns a chat's list of that name, or ErrNoList.
func (s *Store) ListByName(ctx context.Context, chatID uint, name string) (*TaskList, error) {
	l, err := listByName(s.conn(ctx), chatID, name)
	if err != nil {
		return nil, fmt.Errorf("list %q: %w", name, err)
	}
	return l, nil
}

// ListByID returns a chat's list by id (ids from buttons are checked
// against the chat), or ErrNoList.
func (s *Store) ListByID(ctx context.Context, chatID, id uint) (*TaskList, error) {
	var l TaskList
	err := s.conn(ctx).Where("chat_id = ? AND id = ?", chatID, id).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("list #%d: %w", id, ErrNoList)
	}
	if err != nil {
		return nil, fmt.Errorf("list #%d: %w", id, err)
	}
	return &l, nil
}

func listByName(tx *gorm.DB, chatID uint, name string) (*TaskList, error) {
	var l TaskList
	err := tx.Where("chat_id = ? AND name = ?", chatID, strings.TrimSpace(name)).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNoList
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// listForNewTask is the list a new task joins: the one named, else the one
// bound to the topic it is assigned in; nil for none.
func listForNewTask(tx *gorm.DB, n *NewTask) (*uint, error) {
	if n.ListID != nil {
		return n.ListID, nil
	}
	if n.ListName != "" {
		l, err := listByName(tx, n.ChatID, n.ListName)
		if err != nil {
			return nil, err
		}
		return &l.ID, nil
	}
	if n.ThreadID == 0 {
		return nil, nil
	}
	var ls []TaskList
	if err := tx.Where("chat_id = ? AND thread_id = ?", n.ChatID, n.ThreadID).Limit(1).Find(&ls).Error; err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, nil
	}
	return &ls[0].ID, nil
}

// SetTaskList puts an open task into the chat's list of that name, or
// ("") takes it out of its list (/edit N 清单 名称|无).
func (s *Store) SetTaskList(ctx context.Context, c Change, taskID uint, name string) (*Task, error) {
	_, err := s.change(ctx, c, taskID, open, func(tx *gorm.DB, t *Task, now time.Time) error {
		var id *uint
		if name != "" {
			l, err := listByName(tx, t.ChatID, name)
			if err != nil {
				return err
			}
			id = &l.ID
		}
		old, err := listName(tx, t.ListID)
		if err != nil {
			return err
		}
		if err := taskRow(tx, t).Updates(map[string]any{"list_id": id, "updated_at": now}).Error; err != nil {
			return err
		}
		changes := []FieldChange{{Field: "list", Old: old, New: strings.TrimSpace(name)}}
		return audit(tx, t.ChatID, &t.ID, c, EventEdited, EventDetail{Changes: changes}.String(), now)
	})
	if err != nil {
		return nil, fmt.Errorf("set list of task %d: %w", taskID, err)
	}
	return s.TaskByID(ctx, taskID)
}

func listName(tx *gorm.DB, id *uint) (string, error) {
	if id == nil {
		return "", nil
	}
	var names []string
	if err := tx.Model(&TaskList{}).Where("id = ?", *id).Limit(1).Pluck("name", &names).Error; err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}

// listCounts is one row of the counting query: a group (a list, or a unit
// of one list) and its tasks by state.
type listCounts struct {
	ListID              uint
	UnitName            string
	Done, Open, Overdue int
}

// countSQL counts tasks by state; cancelled tasks are left out of every
// list's figures. Its arguments are countArgs.
const countSQL = `SUM(CASE WHEN tasks.status = ? THEN 1 ELSE 0 END) AS done,
	SUM(CASE WHEN tasks.status IN ? THEN 1 ELSE 0 END) AS open,
	SUM(CASE WHEN tasks.status IN ? AND (tasks.deadline < ? OR tasks.missed_deadline IS NOT NULL) THEN 1 ELSE 0 END) AS overdue`

func countArgs(now time.Time) []any { return []any{StatusDone, open, working, now} }

// Lists returns a chat's lists by name, with their counts.
func (s *Store) Lists(ctx context.Context, chatID uint) ([]ListSummary, error) {
	db := s.conn(ctx)
	var ls []TaskList
	if err := db.Where("chat_id = ?", chatID).Order("name").Find(&ls).Error; err != nil {
		return nil, fmt.Errorf("lists of chat %d: %w", chatID, err)
	}
	if len(ls) == 0 {
		return nil, nil
	}
	ids := make([]uint, len(ls))
	for i := range ls {
		ids[i] = ls[i].ID
	}
	// By the lists' ids, through idx_task_list: the group's other tasks
	// are not read.
	var counts []listCounts
	err := db.Model(&Task{}).Select("tasks.list_id, "+countSQL, countArgs(s.Now())...).
		Where("tasks.list_id IN ? AND tasks.status <> ?", ids, StatusCancelled).
		Group("tasks.list_id").Scan(&counts).Error
	if err != nil {
		return nil, fmt.Errorf("count lists of chat %d: %w", chatID, err)
	}
	byID := map[uint]listCounts{}
	for _, c := range counts {
		byID[c.ListID] = c
	}
	out := make([]ListSummary, len(ls))
	for i, l := range ls {
		c := byID[l.ID]
		out[i] = ListSummary{TaskList: l, Done: c.Done, Open: c.Open, Overdue: c.Overdue, Total: c.Done + c.Open}
	}
	return out, nil
}

// ListProgress returns a list's 进度: its counts, per unit done of total,
// its overdue tasks and its overdue nodes. It reads the list's tasks
// through idx_task_list, with aggregates only.
func (s *Store) ListProgress(ctx context.Context, l *TaskList) (*ListProgress, error) {
	db, now := s.conn(ctx), s.Now()
	p := ListProgress{List: *l}
	var units []listCounts
	err := db.Model(&Task{}).Select("tasks.unit_name, "+countSQL, countArgs(now)...).
		Where("tasks.list_id = ? AND tasks.status <> ?", l.ID, StatusCancelled).
		Group("tasks.unit_name").Order("tasks.unit_name").Scan(&units).Error
	if err != nil {
		return nil, fmt.Errorf("progress of list %d: %w", l.ID, err)
	}
	for _, u := range units {
		p.Done, p.Open, p.Overdue = p.Done+u.Done, p.Open+u.Open, p.Overdue+u.Overdue
		p.Units = append(p.Units, UnitProgress{Unit: u.UnitName, Done: u.Done, Total: u.Done + u.Open})
	}
	p.Total = p.Done + p.Open
	if p.Overdue > 0 {
		err = db.Model(&Task{}).Where("tasks.list_id = ? AND tasks.status IN ? AND (tasks.deadline < ? OR tasks.missed_deadline IS NOT NULL)",
			l.ID, working, now).Order("tasks.deadline, tasks.number").Limit(MaxOverdueNumbers).
			Pluck("tasks.number", &p.OverdueNumbers).Error
		if err != nil {
			return nil, fmt.Errorf("overdue tasks of list %d: %w", l.ID, err)
		}
	}
	var nodes int64
	err = db.Model(&Node{}).Joins("JOIN tasks ON tasks.id = nodes.task_id").
		Where("tasks.list_id = ? AND tasks.status IN ? AND nodes.done_at IS NULL AND nodes.deadline < ?", l.ID, working, now).
		Count(&nodes).Error
	if err != nil {
		return nil, fmt.Errorf("overdue nodes of list %d: %w", l.ID, err)
	}
	p.OverdueNodes = int(nodes)
	return &p, nil
}

// mergeLists readies fresh's lists to move into old, inside tx: a list
// both have by name is one list, the group's own, and the tasks of
// fresh's copy join it.
func mergeLists(tx *gorm.DB, old, fresh *Chat) error {
	var dups []TaskList
	if err := tx.Where("chat_id = ? AND name IN (?)", fresh.ID,
		tx.Model(&TaskList{}).Select("name").Where("chat_id = ?", old.ID)).Find(&dups).Error; err != nil {
		return err
	}
	for _, d := range dups {
		keep, err := listByName(tx, old.ID, d.Name)
		if err != nil {
			return err
		}
		if err := tx.Model(&Task{}).Where("list_id = ?", d.ID).UpdateColumn("list_id", keep.ID).Error; err != nil {
			return err
		}
		if keep.ThreadID == 0 && d.ThreadID != 0 {
			if err := tx.Model(keep).UpdateColumn("thread_id", d.ThreadID).Error; err != nil {
				return err
			}
		}
		if err := tx.Delete(&TaskList{}, d.ID).Error; err != nil {
			return err
		}
	}
	return nil
}
