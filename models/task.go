package models

import (
	"fmt"
	"strings"
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

// statusLabels are the statuses in Chinese.
var statusLabels = map[Status]string{
	StatusPosted: "待认领", StatusTodo: "待办", StatusDoing: "进行中",
	StatusSubmitted: "已提交", StatusDone: "已办结", StatusCancelled: "已取消",
}

// Label is the status in Chinese.
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Working reports whether the assignees still owe the work: 待办 or 进行中
// (not listed for claiming, not yet submitted, not closed).
func (s Status) Working() bool { return s == StatusTodo || s == StatusDoing }

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
	ChatID uint `gorm:"not null"`
	Number int  `gorm:"not null"` // #N within the chat

	Title      string `gorm:"size:800;not null"`
	Detail     string `gorm:"type:text"`
	UnitName   string `gorm:"size:200"` // 牵头单位
	AssignerID uint   `gorm:"not null"`
	// LeadID repeats the 主办 of Assignees (nil while nobody has claimed
	// the task), so that a ranking reads one covering index, already in
	// the order of its GROUP BY, instead of joining every task of the
	// period to its assignees and sorting them.
	LeadID *uint
	// ResponsibleID is the 包保领导, who is told when the task is escalated.
	ResponsibleID *uint

	// Status, unit and assigner have no index of their own: every query
	// starts from one chat (idx_task_chat_deadline), and each extra index
	// costs every insert and PostgreSQL misused the status one.
	Status Status `gorm:"size:16;not null"`
	// Deadline is the deadline in force: the original one, or one a leader
	// approved or set later. OriginalDeadline never changes.
	Deadline         time.Time `gorm:"not null"`
	OriginalDeadline time.Time `gorm:"not null"`
	DeadlinePhrase   string    `gorm:"size:100"`
	// MissedDeadline is the deadline in force that had already passed when
	// the deadline was moved later (an extension asked after it, or an
	// /edit of an overdue task). Lateness is not erased: the task stays
	// overdue from it until submitted, is never on time, and is ranked in
	// the period of the deadline it missed.
	MissedDeadline *time.Time `gorm:"index:idx_task_missed,where:missed_deadline IS NOT NULL"`
	Percent        int        `gorm:"not null;default:0"` // latest reported progress
	Extensions     int        `gorm:"not null;default:0"` // approved extensions, and deadlines moved after they passed

	SubmittedAt  *time.Time
	DoneAt       *time.Time
	CancelledAt  *time.Time
	CancelReason string `gorm:"size:2000"`

	// ListID is the 清单 the task belongs to (nil: none); idx_task_list
	// (index.go) covers what a list's 进度 counts.
	ListID *uint

	ThreadID int // forum topic the task was assigned in
	// SeriesID is the 周期任务 the task is an instance of (nil: a task of
	// its own). idx_task_series (index.go) finds a series' instances and
	// keeps one series from having two for the same occurrence, whatever
	// replays or crashes do.
	SeriesID *uint
	// Series is the series, when the store filled it (TaskByID,
	// TaskByNumber, CreateSeries): no column.
	Series    *Series `gorm:"-"`
	MessageID int     // the bot's message that announced the task
	CreatedAt time.Time
	UpdatedAt time.Time

	Assignees []Assignee `gorm:"constraint:OnDelete:CASCADE"`

	// Nodes and ListName are what a card shows besides the task's own
	// row; TaskByID and TaskByNumber fill them, list queries do not.
	Nodes    []Node `gorm:"-"`
	ListName string `gorm:"-"`
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

// Acks lists who acknowledged (签收) and when, in loc, as plain text in the
// ledger's form: "张伟 11-23 10:05；王芳 未签收".
func (t *Task) Acks(loc *time.Location) string {
	parts := make([]string, len(t.Assignees))
	for i, a := range t.Assignees {
		if a.AckAt != nil {
			parts[i] = a.User.DisplayName() + " " + a.AckAt.In(loc).Format("01-02 15:04")
		} else {
			parts[i] = a.User.DisplayName() + " 未签收"
		}
	}
	return strings.Join(parts, "；")
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
// waiting to be submitted. A task whose deadline was moved after it had
// passed stays overdue.
func (t *Task) Overdue(now time.Time) bool {
	return t.Status.Working() && (now.After(t.Deadline) || t.MissedDeadline != nil)
}

// OverdueLabel says how late an overdue task is, as its status: 逾期N天
// (calendar days in loc), or 已逾期 on the deadline's own day; "" when it is
// not overdue. Every 逾期N天 the bot and the dashboard show comes from here.
func (t *Task) OverdueLabel(now time.Time, loc *time.Location) string {
	if !t.Overdue(now) {
		return ""
	}
	if d := t.DaysOverdue(now, loc); d > 0 {
		return fmt.Sprintf("逾期%d天", d)
	}
	return "已逾期"
}

// DueSince is the deadline the task is late against: the one it missed,
// or else the deadline in force.
func (t *Task) DueSince() time.Time {
	if t.MissedDeadline != nil {
		return *t.MissedDeadline
	}
	return t.Deadline
}

// DaysOverdue counts calendar days past the deadline in loc (逾期N天): a task
// due at 18:00 yesterday is 1 day overdue today. A deadline moved after it
// had passed does not reset the count.
func (t *Task) DaysOverdue(now time.Time, loc *time.Location) int {
	if !t.Overdue(now) {
		return 0
	}
	return daysAfter(t.DueSince(), now, loc)
}

// daysAfter counts calendar days in loc from the date of due to the date of
// at (0 for the same day or earlier).
func daysAfter(due, at time.Time, loc *time.Location) int {
	return max(civilDays(at.In(loc))-civilDays(due.In(loc)), 0)
}

// JudgeDeadline is the deadline a submission is judged by: the deadline in
// force, or the original one when approved extensions do not count.
func (t *Task) JudgeDeadline(rules RankRules) time.Time {
	if rules.ExtensionsCount {
		return t.Deadline
	}
	return t.OriginalDeadline
}

// Outcome is how a task counts in a ranking.
type Outcome int

// The outcomes.
const (
	NotDue  Outcome = iota // open and its deadline still ahead
	OnTime                 // submitted no later than the deadline it is judged by
	Late                   // submitted after it
	Overdue                // past its deadline and not submitted
)

// Label is the outcome in the words rankings use.
func (o Outcome) Label() string {
	switch o {
	case OnTime:
		return "按期办结"
	case Late:
		return "逾期办结"
	case Overdue:
		return "逾期未办结"
	}
	return "未到期"
}

// Outcome is how the task counts in a ranking at now under rules: on time
// or late once submitted (a task that missed a deadline is never on time),
// overdue while open past its deadline. Cancelled and listed tasks are
// NotDue: they are not ranked.
func (t *Task) Outcome(now time.Time, rules RankRules) Outcome {
	switch t.Status {
	case StatusSubmitted, StatusDone:
		if t.SubmittedAt == nil {
			return NotDue
		}
		if t.MissedDeadline == nil && !t.SubmittedAt.After(t.JudgeDeadline(rules)) {
			return OnTime
		}
		return Late
	case StatusTodo, StatusDoing:
		if t.Overdue(now) {
			return Overdue
		}
	}
	return NotDue
}

// LateDays counts the calendar days by which the task was or is late: from
// the deadline it is judged by to its submission, or to now while it is
// overdue. 0 when it is not late.
func (t *Task) LateDays(now time.Time, loc *time.Location, rules RankRules) int {
	switch t.Outcome(now, rules) {
	case Late:
		due := t.JudgeDeadline(rules)
		if t.MissedDeadline != nil {
			due = *t.MissedDeadline
		}
		return daysAfter(due, *t.SubmittedAt, loc)
	case Overdue:
		return t.DaysOverdue(now, loc)
	}
	return 0
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
	TaskID uint       `gorm:"not null"`
	UserID uint       `gorm:"index;not null"`
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
	// Late: asked after the deadline in force had passed (allowed by the
	// group's 逾期后延期 setting); approving it keeps the task late.
	Late bool `gorm:"not null;default:false"`
	// Direct: not asked for but set by the assigner or a leader with /edit
	// on an overdue task, and so counted as an extension.
	Direct    bool `gorm:"not null;default:false"`
	DeciderID *uint
	DecidedAt *time.Time
	CreatedAt time.Time
	Requester User `gorm:"foreignKey:RequesterID"`
}

// AuditEvent records who did what to a task, and when.
type AuditEvent struct {
	ID        uint   `gorm:"primaryKey"`
	ChatID    uint   `gorm:"index;not null"`
	TaskID    *uint  `gorm:"index"`
	ProblemID *uint  `gorm:"index"` // 问题清单: the problem the event is about
	ActorID   *uint  // nil for the bot itself
	Kind      string `gorm:"size:32;not null"`
	Detail    string `gorm:"type:text"`
	CreatedAt time.Time
	Actor     *User `gorm:"foreignKey:ActorID"`
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
