package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TaskFilter narrows a task list. The zero value lists a chat's open tasks.
type TaskFilter struct {
	AssigneeID uint      // only tasks this user leads or cooperates on
	UnitName   string    // only tasks of this unit
	Overdue    bool      // only tasks past their deadline and not submitted
	DueBefore  time.Time // only tasks due before this instant
	Closed     bool      // 已办结 tasks instead of open ones
	Submitted  bool      // only 已提交 tasks, waiting for confirmation
	ListID     uint      // only the tasks of this 清单
	Offset     int
	Limit      int // 0: no limit
}

// TaskPage is one page of a task list and the size of the whole list.
type TaskPage struct {
	Tasks []Task
	Total int64
}

// FindTasks lists a page of a chat's tasks, as f asks (/tasks, the digests):
// open ones by default, overdue first (most overdue first), then by
// deadline; closed ones (f.Closed) the latest first.
func (s *Store) FindTasks(ctx context.Context, chatID uint, f TaskFilter) (*TaskPage, error) {
	now := s.Now()
	base := func() *gorm.DB {
		return applyFilter(s.conn(ctx).Model(&Task{}).Where("tasks.chat_id = ?", chatID), f, now)
	}
	var page TaskPage
	if err := base().Count(&page.Total).Error; err != nil {
		return nil, fmt.Errorf("count tasks: %w", err)
	}
	q := withAssignees(base())
	if f.Closed {
		q = q.Order("tasks.done_at DESC, tasks.number DESC") // the latest closed first
	} else {
		q = q.Order(overdueFirst(now))
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit).Offset(f.Offset)
	}
	if err := q.Find(&page.Tasks).Error; err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	return &page, nil
}

func applyFilter(q *gorm.DB, f TaskFilter, now time.Time) *gorm.DB {
	if f.Closed {
		q = q.Where("tasks.status = ?", StatusDone)
	} else {
		q = q.Where("tasks.status IN ?", open)
	}
	if f.AssigneeID != 0 {
		q = q.Where("tasks.id IN (SELECT a.task_id FROM assignees a WHERE a.user_id = ?)", f.AssigneeID)
	}
	if f.UnitName != "" {
		q = q.Where("tasks.unit_name = ?", f.UnitName)
	}
	if f.Overdue {
		q = q.Where("tasks.status IN ? AND (tasks.deadline < ? OR tasks.missed_deadline IS NOT NULL)", working, now)
	}
	if f.Submitted {
		q = q.Where("tasks.status = ?", StatusSubmitted)
	}
	if f.ListID != 0 {
		q = q.Where("tasks.list_id = ?", f.ListID)
	}
	if !f.DueBefore.IsZero() {
		q = q.Where("tasks.deadline < ?", f.DueBefore.UTC())
	}
	return q
}

// overdueFirst orders open tasks overdue first, then by deadline (so the most
// overdue comes first), then by number. It is one clause.OrderBy because
// GORM's Order takes strings and clause values only: a gorm.Expr given to it
// is dropped without a word, and a string ordering added after an
// expression replaces it.
func overdueFirst(now time.Time) clause.OrderBy {
	return clause.OrderBy{Expression: clause.Expr{
		SQL: "CASE WHEN tasks.status IN ? AND (tasks.deadline < ? OR tasks.missed_deadline IS NOT NULL) THEN 0 ELSE 1 END, " +
			"tasks.deadline, tasks.number",
		Vars: []any{working, now},
	}}
}

// ChatTasks is one chat's share of a user's tasks.
type ChatTasks struct {
	Chat  Chat
	Tasks []Task
}

// TasksOf lists the open tasks a user leads or cooperates on: in one chat, or
// (chatID 0) in every group, grouped by group in the order of their most
// urgent task.
func (s *Store) TasksOf(ctx context.Context, userID, chatID uint) ([]ChatTasks, error) {
	now := s.Now()
	q := s.conn(ctx).Model(&Task{}).
		// IN, not a correlated EXISTS: SQLite then starts from the user's
		// assignments instead of checking every open task of every group.
		Where("tasks.status IN ? AND tasks.id IN (SELECT a.task_id FROM assignees a WHERE a.user_id = ?)", open, userID)
	if chatID != 0 {
		q = q.Where("tasks.chat_id = ?", chatID)
	}
	var tasks []Task
	if err := withAssignees(q).Order(overdueFirst(now)).Find(&tasks).Error; err != nil {
		return nil, fmt.Errorf("tasks of user %d: %w", userID, err)
	}
	var out []ChatTasks
	index := map[uint]int{}
	var chatIDs []uint
	for _, t := range tasks {
		i, ok := index[t.ChatID]
		if !ok {
			i = len(out)
			index[t.ChatID] = i
			out = append(out, ChatTasks{})
			chatIDs = append(chatIDs, t.ChatID)
		}
		out[i].Tasks = append(out[i].Tasks, t)
	}
	if len(chatIDs) > 0 {
		var chats []Chat
		if err := s.conn(ctx).Where("id IN ?", chatIDs).Find(&chats).Error; err != nil {
			return nil, fmt.Errorf("chats of user %d: %w", userID, err)
		}
		for _, c := range chats {
			out[index[c.ID]].Chat = c
		}
	}
	return out, nil
}

// CompletedTasks lists a chat's tasks closed (已办结) in [from, to), the
// latest first: the digest's "completed last week".
func (s *Store) CompletedTasks(ctx context.Context, chatID uint, from, to time.Time) ([]Task, error) {
	var tasks []Task
	err := withAssignees(s.conn(ctx)).
		Where("chat_id = ? AND status = ? AND done_at >= ? AND done_at < ?", chatID, StatusDone, from.UTC(), to.UTC()).
		Order("done_at DESC, number DESC").Find(&tasks).Error
	if err != nil {
		return nil, fmt.Errorf("completed tasks of chat %d: %w", chatID, err)
	}
	return tasks, nil
}

// FirstTaskAt is when the chat's first task was assigned; ok is false for a
// chat without tasks.
func (s *Store) FirstTaskAt(ctx context.Context, chatID uint) (at time.Time, ok bool, err error) {
	var t Task
	err = s.conn(ctx).Select("created_at").Where("chat_id = ?", chatID).Order("number").Limit(1).Find(&t).Error
	if err != nil {
		return time.Time{}, false, fmt.Errorf("first task of chat %d: %w", chatID, err)
	}
	return t.CreatedAt, !t.CreatedAt.IsZero(), nil
}

// TasksNumbered finds the tasks numbered #number, in every group, that a
// user may act on from the private chat: those they lead, cooperate on or
// assigned. A private "/done 3" names one of them; each comes with its chat.
func (s *Store) TasksNumbered(ctx context.Context, userID uint, number int) ([]ChatTask, error) {
	var tasks []Task
	err := withAssignees(s.conn(ctx)).
		Where("number = ? AND (assigner_id = ? OR id IN (SELECT a.task_id FROM assignees a WHERE a.user_id = ?))", number, userID, userID).
		Order("chat_id").Find(&tasks).Error
	if err != nil {
		return nil, fmt.Errorf("tasks #%d of user %d: %w", number, userID, err)
	}
	out := make([]ChatTask, len(tasks))
	for i := range tasks {
		var c Chat
		if err := s.conn(ctx).Take(&c, tasks[i].ChatID).Error; err != nil {
			return nil, fmt.Errorf("chat of task %d: %w", tasks[i].ID, err)
		}
		// The private chat acts on these as on a group's TaskByNumber: the
		// same task, nodes, list and series included.
		if err := fillTaskExtras(s.conn(ctx), &tasks[i]); err != nil {
			return nil, err
		}
		if err := withSeries(s.conn(ctx), &tasks[i]); err != nil {
			return nil, err
		}
		out[i] = ChatTask{Chat: c, Task: tasks[i]}
	}
	return out, nil
}

// ChatTask is a task with its group.
type ChatTask struct {
	Chat Chat
	Task Task
}
