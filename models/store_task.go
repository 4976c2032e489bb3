package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// NewTask is what a leader gives when assigning (交办) or listing (揭榜挂帅) a
// task.
type NewTask struct {
	ChatID         uint
	Title          string
	Detail         string
	UnitName       string
	AssignerID     uint
	ResponsibleID  *uint  // 包保领导, optional
	LeadID         uint   // 主办; 0 lists the task for a member to claim
	CooperatorIDs  []uint // 协办
	Deadline       time.Time
	DeadlinePhrase string
	ThreadID       int
	SeriesID       *uint // the 周期任务 the task is an instance of (series.go)
	// ListName puts the task into the chat's list (清单) of that name; when
	// empty, a list bound to ThreadID takes it. ListID, when set, names the
	// list itself and wins (a series' instances join its list).
	ListName string
	ListID   *uint
	// Nodes are the task's milestones (节点), at most MaxNodes, none due
	// after Deadline.
	Nodes []NewNode
}

// Validate checks a new task before anything is written.
func (n *NewTask) Validate() error {
	if strings.TrimSpace(n.Title) == "" {
		return fmt.Errorf("%w: empty title", ErrInvalid)
	}
	if err := CheckLength("title", n.Title, MaxTitleRunes); err != nil {
		return err
	}
	if err := CheckLength("detail", n.Detail, MaxDetailRunes); err != nil {
		return err
	}
	if err := CheckLength("unit", n.UnitName, MaxUnitRunes); err != nil {
		return err
	}
	if n.Deadline.IsZero() {
		return fmt.Errorf("%w: no deadline", ErrInvalid)
	}
	if n.ChatID == 0 || n.AssignerID == 0 {
		return fmt.Errorf("%w: no chat or assigner", ErrInvalid)
	}
	return checkNodes(n.Nodes, n.Deadline.UTC().Truncate(time.Second))
}

// CreateTask stores a new task with its assignees and audit event, numbering
// it within its chat. A task number is used only when the task is stored.
func (s *Store) CreateTask(ctx context.Context, c Change, n NewTask) (*Task, error) {
	tasks, err := s.CreateTasks(ctx, c, []NewTask{n})
	if err != nil {
		return nil, err
	}
	return tasks[0], nil
}

// CreateTasks stores new tasks, all or none, in one transaction (an
// import): each as [Store.CreateTask] stores one, numbered in the order
// given, with its audit event and reminders.
func (s *Store) CreateTasks(ctx context.Context, c Change, ns []NewTask) ([]*Task, error) {
	for i := range ns {
		if err := ns[i].Validate(); err != nil {
			return nil, err
		}
	}
	out := make([]*Task, len(ns))
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		for i := range ns {
			t, err := s.createTask(tx, c, &ns[i], now)
			if err != nil {
				return err
			}
			out[i] = t
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create task: %w", err)
	}
	s.planned()
	return out, nil
}

// createTask stores one validated new task inside tx.
func (s *Store) createTask(tx *gorm.DB, c Change, n *NewTask, now time.Time) (*Task, error) {
	chat, err := nextTaskNumber(tx, n.ChatID)
	if err != nil {
		return nil, err
	}
	number := chat.LastTaskNumber
	deadline := n.Deadline.UTC().Truncate(time.Second)
	t := &Task{
		ChatID: n.ChatID, Number: number, Title: n.Title, Detail: n.Detail, UnitName: n.UnitName,
		AssignerID: n.AssignerID, ResponsibleID: n.ResponsibleID, Status: StatusTodo,
		Deadline: deadline, OriginalDeadline: deadline, DeadlinePhrase: n.DeadlinePhrase,
		ThreadID: n.ThreadID, SeriesID: n.SeriesID, CreatedAt: now, UpdatedAt: now,
	}
	if t.ListID, err = listForNewTask(tx, n); err != nil {
		return nil, err
	}
	kind := "assigned"
	if n.LeadID == 0 {
		t.Status, kind = StatusPosted, "posted"
	} else {
		lead := n.LeadID
		t.LeadID = &lead
	}
	// The task and its people are two plain inserts: left to GORM, the
	// assignees would go in as an upsert through its association code.
	if err := createRow(tx, t); err != nil {
		return nil, err
	}
	t.Assignees = assigneeRows(n.LeadID, n.CooperatorIDs)
	ids := make([]uint, len(t.Assignees))
	for i := range t.Assignees {
		t.Assignees[i].TaskID = t.ID
		if err := createRow(tx, &t.Assignees[i]); err != nil {
			return nil, err
		}
		ids[i] = t.Assignees[i].UserID
	}
	// The caller shows the task with its people: read them here, on
	// the transaction's connection, rather than after the commit.
	users, err := usersByID(tx, ids)
	if err != nil {
		return nil, err
	}
	for i := range t.Assignees {
		t.Assignees[i].User = users[t.Assignees[i].UserID]
	}
	if err := ensureUnit(tx, t.ChatID, t.UnitName, now); err != nil {
		return nil, err
	}
	if err := createNodes(tx, t, n.Nodes, now); err != nil {
		return nil, err
	}
	if t.ListName, err = listName(tx, t.ListID); err != nil {
		return nil, err
	}
	if err := audit(tx, t.ChatID, &t.ID, c, kind, t.Title, now); err != nil {
		return nil, err
	}
	if s.planner == nil || chat.BlockedAt != nil {
		return t, nil
	}
	plan, err := s.planTask(tx, chat, t, now)
	if err != nil {
		return nil, err
	}
	plan = append(plan, s.planNodes(chat, t, t.Nodes, now)...)
	return t, insertReminders(tx, plan, now)
}

// assigneeRows builds the assignee rows for a lead and cooperators, dropping
// repeats (someone named twice, or as lead and cooperator, keeps one place).
func assigneeRows(lead uint, cooperators []uint) []Assignee {
	var rows []Assignee
	seen := map[uint]bool{}
	add := func(id uint, role Role) {
		if id == 0 || seen[id] {
			return
		}
		seen[id] = true
		rows = append(rows, Assignee{UserID: id, Role: role, Seq: len(rows)})
	}
	add(lead, RoleLead)
	for _, id := range cooperators {
		add(id, RoleCooperator)
	}
	return rows
}

// ensureUnit creates the chat's unit of that name if it has none: a unit
// named on a task is a unit of the group, so it can be listed and filtered.
func ensureUnit(tx *gorm.DB, chatID uint, name string, now time.Time) error {
	if name == "" {
		return nil
	}
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&Unit{ChatID: chatID, Name: name, CreatedAt: now}).Error
}

// nextTaskNumber takes the chat's next task number inside tx and returns the
// chat (which the planner reads) with it in LastTaskNumber. The UPDATE locks
// the chat row (PostgreSQL) or the database (SQLite), so two assignments at
// once never share a number. An UPDATE and a read of the row cost half of
// one UPDATE … RETURNING * on SQLite, where RETURNING builds a temporary
// table.
func nextTaskNumber(tx *gorm.DB, chatID uint) (*Chat, error) {
	res := tx.Exec("UPDATE chats SET last_task_number = last_task_number + 1 WHERE id = ?", chatID)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("chat #%d: %w", chatID, ErrNotFound)
	}
	var chat Chat
	if err := tx.Take(&chat, chatID).Error; err != nil {
		return nil, err
	}
	return &chat, nil
}

// SetTaskMessage remembers the bot's message that announced the task.
func (s *Store) SetTaskMessage(ctx context.Context, taskID uint, messageID int) error {
	err := s.conn(ctx).Model(&Task{}).Where("id = ?", taskID).UpdateColumn("message_id", messageID).Error
	if err != nil {
		return fmt.Errorf("set message of task %d: %w", taskID, err)
	}
	return nil
}

// TaskByID returns a task with its assignees (and their users), lead first.
func (s *Store) TaskByID(ctx context.Context, id uint) (*Task, error) {
	var t Task
	if err := withAssignees(s.conn(ctx)).Take(&t, id).Error; err != nil {
		return nil, fmt.Errorf("task %d: %w", id, notFound(err))
	}
	if err := fillTaskExtras(s.conn(ctx), &t); err != nil {
		return nil, err
	}
	return &t, withSeries(s.conn(ctx), &t)
}

// TaskByNumber returns task #number of a chat. Another chat's number is
// simply not found: tasks are invisible outside their group.
func (s *Store) TaskByNumber(ctx context.Context, chatID uint, number int) (*Task, error) {
	var t Task
	err := withAssignees(s.conn(ctx)).Where("chat_id = ? AND number = ?", chatID, number).Take(&t).Error
	if err != nil {
		return nil, fmt.Errorf("task #%d: %w", number, notFound(err))
	}
	if err := fillTaskExtras(s.conn(ctx), &t); err != nil {
		return nil, err
	}
	return &t, withSeries(s.conn(ctx), &t)
}

func withAssignees(db *gorm.DB) *gorm.DB {
	return db.Preload("Assignees", func(db *gorm.DB) *gorm.DB { return db.Order("seq") }).Preload("Assignees.User")
}

// change loads a task for update inside a write, checks its status and runs fn.
func (s *Store) change(ctx context.Context, c Change, taskID uint, allowed []Status, fn func(tx *gorm.DB, t *Task, now time.Time) error) (*Task, error) {
	replanned := false
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var t Task
		if err := withAssignees(tx).Take(&t, taskID).Error; err != nil {
			return notFound(err)
		}
		if len(allowed) > 0 && !hasStatus(t.Status, allowed) {
			return &StatusError{Status: t.Status}
		}
		// Snapshot first: GORM writes updated columns back into t.
		status, deadline := t.Status, t.Deadline
		if err := fn(tx, &t, now); err != nil {
			return err
		}
		// The reminders follow a change of status or deadline in the same
		// transaction; an acknowledgement or a progress report moves
		// neither, and costs no replanning.
		var after Task
		if err := tx.Select("status", "deadline").Take(&after, taskID).Error; err != nil {
			return err
		}
		if after.Status == status && after.Deadline.Equal(deadline) {
			return nil
		}
		if t.SeriesID != nil && status.Open() && !after.Status.Open() {
			// Closed before its deadline passed: the next instance now.
			if err := s.instanceClosed(tx, *t.SeriesID, taskID, now); err != nil {
				return err
			}
		}
		replanned = true
		return s.replanTask(tx, taskID, now)
	})
	if err != nil {
		return nil, err
	}
	if replanned {
		s.planned()
	}
	return s.TaskByID(ctx, taskID)
}

// taskRow scopes an update to t's own row. t comes with its assignees (and
// their users) loaded, and GORM would otherwise upsert them along with the
// update, bringing back the rows reassign has just deleted.
func taskRow(tx *gorm.DB, t *Task) *gorm.DB { return tx.Model(t).Omit(clause.Associations) }

// StatusError says which status stood in the way; it is an [ErrWrongStatus].
type StatusError struct{ Status Status }

func (e *StatusError) Error() string { return "task is " + string(e.Status) }

// Unwrap makes a StatusError an [ErrWrongStatus].
func (e *StatusError) Unwrap() error { return ErrWrongStatus }

func hasStatus(s Status, list []Status) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

var (
	working = []Status{StatusTodo, StatusDoing}
	chased  = []Status{StatusTodo, StatusDoing, StatusSubmitted} // tasks owed reminders
	open    = []Status{StatusPosted, StatusTodo, StatusDoing, StatusSubmitted}
)

// Acknowledge records that an assignee received the task (签收, the 收到
// button). It reports false if they had already.
func (s *Store) Acknowledge(ctx context.Context, c Change, taskID, userID uint) (first bool, err error) {
	_, err = s.change(ctx, c, taskID, nil, func(tx *gorm.DB, t *Task, now time.Time) error {
		if !t.IsAssignee(userID) {
			return ErrNotAssignee
		}
		res := tx.Model(&Assignee{}).Where("task_id = ? AND user_id = ? AND ack_at IS NULL", taskID, userID).
			Update("ack_at", now)
		if res.Error != nil {
			return res.Error
		}
		if first = res.RowsAffected > 0; !first {
			return nil
		}
		return audit(tx, t.ChatID, &t.ID, c, "acknowledged", "", now)
	})
	if err != nil {
		return false, fmt.Errorf("acknowledge task %d: %w", taskID, err)
	}
	return first, nil
}

// ReportProgress adds a progress report (进展) by an assignee; the first one
// moves the task from 待办 to 进行中.
func (s *Store) ReportProgress(ctx context.Context, c Change, taskID, userID uint, percent *int, text string) (*Task, error) {
	if err := CheckLength("detail", text, MaxDetailRunes); err != nil {
		return nil, err
	}
	if percent != nil && (*percent < 0 || *percent > 100) {
		return nil, fmt.Errorf("%w: percent %d", ErrInvalid, *percent)
	}
	t, err := s.change(ctx, c, taskID, working, func(tx *gorm.DB, t *Task, now time.Time) error {
		if !t.IsAssignee(userID) {
			return ErrNotAssignee
		}
		if err := tx.Create(&ProgressReport{TaskID: taskID, UserID: userID, Percent: percent, Text: text, CreatedAt: now}).Error; err != nil {
			return err
		}
		cols := map[string]any{"status": StatusDoing, "updated_at": now}
		if percent != nil {
			cols["percent"] = *percent
		}
		if err := taskRow(tx, t).Updates(cols).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, "progress", progressDetail(percent, text), now)
	})
	if err != nil {
		return nil, fmt.Errorf("report progress on task %d: %w", taskID, err)
	}
	return t, nil
}

func progressDetail(percent *int, text string) string {
	if percent == nil {
		return text
	}
	return strings.TrimSpace(fmt.Sprintf("%d%% %s", *percent, text))
}

// Submit marks a task done by an assignee (提交). With needConfirm it waits
// for a leader (已提交); without, it closes at once (已办结).
func (s *Store) Submit(ctx context.Context, c Change, taskID, userID uint, note string, needConfirm bool) (*Task, error) {
	if err := CheckLength("detail", note, MaxDetailRunes); err != nil {
		return nil, err
	}
	t, err := s.change(ctx, c, taskID, working, func(tx *gorm.DB, t *Task, now time.Time) error {
		if !t.IsAssignee(userID) {
			return ErrNotAssignee
		}
		cols := map[string]any{"status": StatusSubmitted, "submitted_at": now, "updated_at": now}
		if !needConfirm {
			cols["status"], cols["done_at"], cols["percent"] = StatusDone, now, 100
		}
		if err := taskRow(tx, t).Updates(cols).Error; err != nil {
			return err
		}
		if err := audit(tx, t.ChatID, &t.ID, c, "submitted", note, now); err != nil {
			return err
		}
		if !needConfirm {
			return audit(tx, t.ChatID, &t.ID, c, "done", "无需确认，提交即办结", now)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("submit task %d: %w", taskID, err)
	}
	return t, nil
}

// Confirm closes a submitted task (办结, 销号).
func (s *Store) Confirm(ctx context.Context, c Change, taskID uint) (*Task, error) {
	t, err := s.change(ctx, c, taskID, []Status{StatusSubmitted}, func(tx *gorm.DB, t *Task, now time.Time) error {
		if err := taskRow(tx, t).Updates(map[string]any{"status": StatusDone, "done_at": now, "percent": 100, "updated_at": now}).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, "done", "", now)
	})
	if err != nil {
		return nil, fmt.Errorf("confirm task %d: %w", taskID, err)
	}
	return t, nil
}

// SendBack returns a submitted task to 进行中 with a reason (退回).
func (s *Store) SendBack(ctx context.Context, c Change, taskID uint, reason string) (*Task, error) {
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	t, err := s.change(ctx, c, taskID, []Status{StatusSubmitted}, func(tx *gorm.DB, t *Task, now time.Time) error {
		if err := taskRow(tx, t).Updates(map[string]any{"status": StatusDoing, "submitted_at": nil, "updated_at": now}).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, "returned", reason, now)
	})
	if err != nil {
		return nil, fmt.Errorf("send back task %d: %w", taskID, err)
	}
	return t, nil
}

func checkReason(reason string) error {
	return checkDetail("reason", reason, "a reason is required")
}

// checkDetail refuses a free text (a reason, a report) that is empty, saying
// empty, or longer than MaxDetailRunes.
func checkDetail(field, text, empty string) error {
	return checkText(field, text, MaxDetailRunes, empty)
}

// checkText refuses a text that is empty, saying empty, or longer than max.
func checkText(field, text string, max int, empty string) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: %s", ErrInvalid, empty)
	}
	return CheckLength(field, text, max)
}

// CancelTask cancels an open task with a reason (已取消).
func (s *Store) CancelTask(ctx context.Context, c Change, taskID uint, reason string) (*Task, error) {
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	t, err := s.change(ctx, c, taskID, open, func(tx *gorm.DB, t *Task, now time.Time) error {
		if err := taskRow(tx, t).Updates(map[string]any{"status": StatusCancelled, "cancelled_at": now,
			"cancel_reason": reason, "updated_at": now}).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, "cancelled", reason, now)
	})
	if err != nil {
		return nil, fmt.Errorf("cancel task %d: %w", taskID, err)
	}
	return t, nil
}

// ClaimTask makes userID the 主办 of a listed task (揭榜). The first claim
// wins; later ones get ErrAlreadyClaimed.
func (s *Store) ClaimTask(ctx context.Context, c Change, taskID, userID uint) (*Task, error) {
	t, err := s.change(ctx, c, taskID, nil, func(tx *gorm.DB, t *Task, now time.Time) error {
		if t.Status != StatusPosted {
			if t.Status.Open() {
				return ErrAlreadyClaimed
			}
			return &StatusError{Status: t.Status}
		}
		cols := map[string]any{"status": StatusTodo, "lead_id": userID, "updated_at": now}
		if t.UnitName == "" {
			// The claimer's unit leads it, as an assignment to them would.
			var m Membership
			err := tx.Where("chat_id = ? AND user_id = ?", t.ChatID, userID).Limit(1).Find(&m).Error
			if err != nil {
				return err
			}
			if m.UnitName != "" {
				cols["unit_name"] = m.UnitName
			}
		}
		// Guarded by status so that two claims at once cannot both win.
		res := taskRow(tx, t).Where("status = ?", StatusPosted).Updates(cols)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrAlreadyClaimed
		}
		if err := tx.Create(&Assignee{TaskID: t.ID, UserID: userID, Role: RoleLead, Seq: 0, AckAt: &now}).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, "claimed", "", now)
	})
	if err != nil {
		return nil, fmt.Errorf("claim task %d: %w", taskID, err)
	}
	return t, nil
}

// TaskEdit names the fields to change; nil fields stay as they are.
type TaskEdit struct {
	Title          *string
	Deadline       *time.Time
	DeadlinePhrase string
	LeadID         *uint
	CooperatorIDs  *[]uint
	UnitName       *string
}

// EditTask changes an open task's fields (by its assigner or a leader). A new
// deadline becomes the deadline in force; the original one is kept. Moving
// the deadline of an overdue task counts as an extension (延期次数 +1) and
// keeps the task late for the deadline it missed. The trail records each
// field's old and new value.
func (s *Store) EditTask(ctx context.Context, c Change, taskID uint, e TaskEdit) (*Task, error) {
	if e.Title != nil {
		if strings.TrimSpace(*e.Title) == "" {
			return nil, fmt.Errorf("%w: empty title", ErrInvalid)
		}
		if err := CheckLength("title", *e.Title, MaxTitleRunes); err != nil {
			return nil, err
		}
	}
	if e.UnitName != nil {
		if err := CheckLength("unit", *e.UnitName, MaxUnitRunes); err != nil {
			return nil, err
		}
	}
	t, err := s.change(ctx, c, taskID, open, func(tx *gorm.DB, t *Task, now time.Time) error {
		cols := map[string]any{"updated_at": now}
		var changes []FieldChange
		kind := EventEdited
		if e.Title != nil {
			cols["title"] = *e.Title
			changes = append(changes, FieldChange{Field: "title", Old: t.Title, New: *e.Title})
		}
		if e.Deadline != nil {
			nd := e.Deadline.UTC().Truncate(time.Second)
			cols["deadline"] = nd
			cols["deadline_phrase"] = e.DeadlinePhrase
			changes = append(changes, FieldChange{Field: "deadline", Old: t.Deadline.UTC().Format(time.RFC3339), New: nd.Format(time.RFC3339)})
			if t.Overdue(now) && nd.After(t.Deadline) {
				// Lateness is not erased by moving the deadline: it is an
				// extension, and the task stays late for what it missed.
				kind = EventDeadlineMoved
				cols["extensions"] = gorm.Expr("extensions + 1")
				cols["missed_deadline"] = t.DueSince()
				actor := c.ActorID
				if err := tx.Create(&ExtensionRequest{TaskID: t.ID, RequesterID: actor, OldDeadline: t.Deadline,
					NewDeadline: nd, Phrase: e.DeadlinePhrase, Status: ExtensionApproved, Late: true, Direct: true,
					DeciderID: &actor, DecidedAt: &now, CreatedAt: now}).Error; err != nil {
					return err
				}
			}
		}
		if e.UnitName != nil {
			if err := ensureUnit(tx, t.ChatID, *e.UnitName, now); err != nil {
				return err
			}
			cols["unit_name"] = *e.UnitName
			changes = append(changes, FieldChange{Field: "unit", Old: t.UnitName, New: *e.UnitName})
		}
		if e.LeadID != nil || e.CooperatorIDs != nil {
			before := peopleNames(t)
			if err := reassign(tx, t, e.LeadID, e.CooperatorIDs); err != nil {
				return err
			}
			after, err := peopleAfter(tx, t.ID)
			if err != nil {
				return err
			}
			if e.LeadID != nil {
				changes = append(changes, FieldChange{Field: "lead", Old: before[RoleLead], New: after[RoleLead]})
				if t.Status == StatusPosted {
					cols["status"] = StatusTodo
				}
			}
			if e.CooperatorIDs != nil {
				changes = append(changes, FieldChange{Field: "co", Old: before[RoleCooperator], New: after[RoleCooperator]})
			}
		}
		if err := taskRow(tx, t).Updates(cols).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, kind, EventDetail{Changes: changes}.String(), now)
	})
	if err != nil {
		return nil, fmt.Errorf("edit task %d: %w", taskID, err)
	}
	return t, nil
}

// peopleNames names a task's 主办 and 协办, as loaded.
func peopleNames(t *Task) map[Role]string {
	out := map[Role]string{}
	for _, a := range t.Assignees {
		out[a.Role] = joinName(out[a.Role], a.User.DisplayName())
	}
	return out
}

// peopleAfter names a task's 主办 and 协办 as they are now stored in tx.
func peopleAfter(tx *gorm.DB, taskID uint) (map[Role]string, error) {
	var as []Assignee
	if err := tx.Preload("User").Where("task_id = ?", taskID).Order("seq").Find(&as).Error; err != nil {
		return nil, err
	}
	return peopleNames(&Task{Assignees: as}), nil
}

func joinName(list, name string) string {
	if list == "" {
		return name
	}
	return list + "、" + name
}

// reassign replaces the lead and/or the cooperators, keeping the
// acknowledgements of people who stay.
func reassign(tx *gorm.DB, t *Task, lead *uint, cooperators *[]uint) error {
	newLead := uint(0)
	if l := t.Lead(); l != nil {
		newLead = l.UserID
	}
	if lead != nil {
		newLead = *lead
	}
	var coIDs []uint
	if cooperators != nil {
		coIDs = *cooperators
	} else {
		for _, a := range t.Cooperators() {
			coIDs = append(coIDs, a.UserID)
		}
	}
	acks := map[uint]*time.Time{}
	for _, a := range t.Assignees {
		acks[a.UserID] = a.AckAt
	}
	if err := tx.Where("task_id = ?", t.ID).Delete(&Assignee{}).Error; err != nil {
		return err
	}
	var leadCol any
	if newLead != 0 {
		leadCol = newLead
	}
	if err := tx.Model(&Task{}).Where("id = ?", t.ID).UpdateColumn("lead_id", leadCol).Error; err != nil {
		return err
	}
	rows := assigneeRows(newLead, coIDs)
	for i := range rows {
		rows[i].TaskID = t.ID
		rows[i].AckAt = acks[rows[i].UserID]
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.Create(&rows).Error
}

// History is everything that happened to a task, oldest first.
type History struct {
	Progress   []ProgressReport
	Extensions []ExtensionRequest
	Events     []AuditEvent
}

// TaskHistory returns a task's progress reports, extension requests and
// audit trail.
func (s *Store) TaskHistory(ctx context.Context, taskID uint) (*History, error) {
	var h History
	db := s.conn(ctx)
	if err := db.Preload("User").Where("task_id = ?", taskID).Order("created_at, id").Find(&h.Progress).Error; err != nil {
		return nil, fmt.Errorf("progress of task %d: %w", taskID, err)
	}
	if err := db.Preload("Requester").Where("task_id = ?", taskID).Order("created_at, id").Find(&h.Extensions).Error; err != nil {
		return nil, fmt.Errorf("extensions of task %d: %w", taskID, err)
	}
	if err := db.Preload("Actor").Where("task_id = ?", taskID).Order("created_at, id").Find(&h.Events).Error; err != nil {
		return nil, fmt.Errorf("audit of task %d: %w", taskID, err)
	}
	return &h, nil
}
