package models

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Status is where a task is in its loop. Overdue is not a status.
type Status string

// The statuses, in loop order.
const (
	StatusPosted    Status = "posted"    // 揭榜挂帅: listed, waiting for a member to claim it
	StatusTodo      Status = "todo"      // 待办
	StatusDoing     Status = "doing"     // 进行中
	StatusSubmitted Status = "submitted" // 已提交, waiting for confirmation
	StatusDone      Status = "done"      // 已办结
	StatusCancelled Status = "cancelled" // 已取消
)

// Label is the status in Chinese.
func (s Status) Label() string {
	switch s {
	case StatusPosted:
		return "待认领"
	case StatusTodo:
		return "待办"
	case StatusDoing:
		return "进行中"
	case StatusSubmitted:
		return "已提交"
	case StatusDone:
		return "已办结"
	case StatusCancelled:
		return "已取消"
	}
	return string(s)
}

// Open reports whether work on the task is still expected.
func (s Status) Open() bool {
	return s == StatusPosted || s == StatusTodo || s == StatusDoing || s == StatusSubmitted
}

// Limits on what people type, so nothing the bot shows grows past Telegram's.
const (
	MaxTitleRunes  = 200
	MaxDetailRunes = 2000
	MaxUnitRunes   = 50
)

// Task is one piece of assigned work.
type Task struct {
	// idx_task_lead_missing holds the tasks whose lead_id fillLeadIDs may
	// still fill (none after the first start of an upgraded database, but
	// for unclaimed cancelled ones), so that it reads a handful of rows at
	// each start instead of every task. 'posted' is StatusPosted.
	ID     uint `gorm:"primaryKey;index:idx_task_lead_missing,where:lead_id IS NULL AND status <> 'posted'"`
	ChatID uint `gorm:"uniqueIndex:idx_task_chat_number;index:idx_task_chat_deadline,priority:1;index:idx_task_rank,priority:1;index:idx_task_unit_rank,priority:1;not null"`
	Number int  `gorm:"uniqueIndex:idx_task_chat_number;not null"` // #N within the chat

	Title      string `gorm:"size:800;not null"`
	Detail     string `gorm:"type:text"`
	UnitName   string `gorm:"size:200;index:idx_task_rank,priority:7;index:idx_task_unit_rank,priority:2"` // 牵头单位
	AssignerID uint   `gorm:"not null"`
	// LeadID repeats the 主办 of Assignees (nil while nobody has claimed
	// the task), so that a ranking reads one covering index, already in
	// the order of its GROUP BY, instead of joining every task of the
	// period to its assignees and sorting them.
	LeadID *uint `gorm:"index:idx_task_rank,priority:2;index:idx_task_unit_rank,priority:7"`
	// ResponsibleID is the 包保领导, who is told when the task is escalated.
	ResponsibleID *uint

	// Status, unit and assigner have no index of their own: every query
	// starts from one chat (idx_task_chat_deadline), and each extra index
	// costs every insert and PostgreSQL misused the status one.
	Status Status `gorm:"size:16;not null;index:idx_task_rank,priority:4;index:idx_task_unit_rank,priority:4"`
	// Deadline is the deadline in force: the original one, or one a leader
	// approved or set later. OriginalDeadline never changes.
	Deadline         time.Time `gorm:"not null;index:idx_task_chat_deadline,priority:2;index:idx_task_rank,priority:3;index:idx_task_unit_rank,priority:3"`
	OriginalDeadline time.Time `gorm:"not null;index:idx_task_rank,priority:6;index:idx_task_unit_rank,priority:6"`
	DeadlinePhrase   string    `gorm:"size:100"`
	Percent          int       `gorm:"not null;default:0"` // latest reported progress
	Extensions       int       `gorm:"not null;default:0"` // approved extensions

	SubmittedAt  *time.Time `gorm:"index:idx_task_rank,priority:5;index:idx_task_unit_rank,priority:5"`
	DoneAt       *time.Time
	CancelledAt  *time.Time
	CancelReason string `gorm:"size:2000"`

	ThreadID  int // forum topic the task was assigned in
	MessageID int // the bot's message that announced the task
	CreatedAt time.Time
	UpdatedAt time.Time

	Assignees []Assignee `gorm:"constraint:OnDelete:CASCADE"`
}

// Lead returns the 主办, or nil for a task nobody has claimed.
func (t *Task) Lead() *Assignee {
	for i := range t.Assignees {
		if t.Assignees[i].Role == RoleLead {
			return &t.Assignees[i]
		}
	}
	return nil
}

// Cooperators returns the 协办, in the order they were named.
func (t *Task) Cooperators() []Assignee {
	var out []Assignee
	for _, a := range t.Assignees {
		if a.Role == RoleCooperator {
			out = append(out, a)
		}
	}
	return out
}

// IsAssignee reports whether the user leads or cooperates on the task.
func (t *Task) IsAssignee(userID uint) bool {
	for _, a := range t.Assignees {
		if a.UserID == userID {
			return true
		}
	}
	return false
}

// Overdue reports whether the deadline has passed while the task is still
// waiting to be submitted.
func (t *Task) Overdue(now time.Time) bool {
	return (t.Status == StatusTodo || t.Status == StatusDoing) && now.After(t.Deadline)
}

// DaysOverdue counts calendar days past the deadline in loc (逾期N天): a task
// due at 18:00 yesterday is 1 day overdue today.
func (t *Task) DaysOverdue(now time.Time, loc *time.Location) int {
	if !t.Overdue(now) {
		return 0
	}
	d := civilDays(now.In(loc)) - civilDays(t.Deadline.In(loc))
	if d < 1 {
		// Past the deadline on its own day still reads as overdue.
		return 0
	}
	return d
}

func civilDays(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Role is an assignee's part in a task.
type Role string

// The roles.
const (
	RoleLead       Role = "lead" // 主办
	RoleCooperator Role = "co"   // 协办
)

// Assignee links a user to a task they lead or cooperate on.
type Assignee struct {
	ID     uint       `gorm:"primaryKey"`
	TaskID uint       `gorm:"uniqueIndex:idx_assignee_task_user;not null"`
	UserID uint       `gorm:"uniqueIndex:idx_assignee_task_user;index;not null"`
	Role   Role       `gorm:"size:8;not null"`
	Seq    int        `gorm:"not null"` // order in which they were named
	AckAt  *time.Time // 签收: when they pressed 收到
	User   User       `gorm:"constraint:OnDelete:CASCADE"`
}

// ProgressReport is one 进展 an assignee gave.
type ProgressReport struct {
	ID        uint `gorm:"primaryKey"`
	TaskID    uint `gorm:"index;not null"`
	UserID    uint `gorm:"not null"`
	Percent   *int
	Text      string `gorm:"type:text"`
	CreatedAt time.Time
	User      User
}

// ExtensionStatus is where a 延期 request stands.
type ExtensionStatus string

// The extension states.
const (
	ExtensionPending  ExtensionStatus = "pending"
	ExtensionApproved ExtensionStatus = "approved"
	ExtensionRejected ExtensionStatus = "rejected"
)

// ExtensionRequest is an assignee's request for a later deadline.
type ExtensionRequest struct {
	ID          uint            `gorm:"primaryKey"`
	TaskID      uint            `gorm:"index;not null"`
	RequesterID uint            `gorm:"not null"`
	OldDeadline time.Time       `gorm:"not null"`
	NewDeadline time.Time       `gorm:"not null"`
	Phrase      string          `gorm:"size:100"`
	Reason      string          `gorm:"size:2000"`
	Status      ExtensionStatus `gorm:"size:16;not null"`
	DeciderID   *uint
	DecidedAt   *time.Time
	CreatedAt   time.Time
	Requester   User `gorm:"foreignKey:RequesterID"`
}

// AuditEvent records who did what to a task, and when.
type AuditEvent struct {
	ID        uint   `gorm:"primaryKey"`
	ChatID    uint   `gorm:"index;not null"`
	TaskID    *uint  `gorm:"index"`
	ActorID   *uint  // nil for the bot itself
	Kind      string `gorm:"size:32;not null"`
	Detail    string `gorm:"type:text"`
	CreatedAt time.Time
	Actor     *User `gorm:"foreignKey:ActorID"`
}

// ProcessedUpdate remembers a Telegram update whose change is stored, so a
// replay of it changes nothing.
type ProcessedUpdate struct {
	UpdateID  int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt time.Time
}

// TooLongError is returned when a text is over its limit.
type TooLongError struct {
	Field string // "title", "detail", "unit", "reason"
	Runes int    // how many characters it has
	Max   int
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s has %d characters, at most %d", e.Field, e.Runes, e.Max)
}

// Unwrap makes a TooLongError an [ErrInvalid].
func (e *TooLongError) Unwrap() error { return ErrInvalid }

// CheckLength validates a text against its limit, counting characters (runes)
// as people do.
func CheckLength(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return &TooLongError{Field: field, Runes: n, Max: max}
	}
	return nil
}
