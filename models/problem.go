package models

import (
	"strconv"
	"time"
)

// 问题解决清单: a problem an enterprise raised. Unlike a task it comes from
// outside, it must first be answered (答复) by a reply deadline, and the
// answer either solves it at once or commits to a date (解决时限), which is
// then chased like a task's deadline. Overdue is derived, never stored.

// ProblemStatus is where a problem is in its loop.
type ProblemStatus string

// The problem statuses, in loop order.
const (
	ProblemAwaitReply ProblemStatus = "await_reply" // 待答复
	ProblemAwaitSolve ProblemStatus = "await_solve" // 待解决: answered with a date
	ProblemSubmitted  ProblemStatus = "submitted"   // 已提交: reported solved, awaiting confirmation
	ProblemSolved     ProblemStatus = "solved"      // 已解决
	ProblemCancelled  ProblemStatus = "cancelled"   // 已撤销
)

// problemLabels are the statuses in Chinese.
var problemLabels = map[ProblemStatus]string{
	ProblemAwaitReply: "待答复", ProblemAwaitSolve: "待解决", ProblemSubmitted: "已提交",
	ProblemSolved: "已解决", ProblemCancelled: "已撤销",
}

// Label is the status in Chinese.
func (s ProblemStatus) Label() string {
	if l, ok := problemLabels[s]; ok {
		return l
	}
	return "未知"
}

// Waiting reports whether the problem waits on its owner: 待答复 or 待解决
// (not one reported solved and awaiting confirmation).
func (s ProblemStatus) Waiting() bool {
	return s == ProblemAwaitReply || s == ProblemAwaitSolve
}

// Open reports whether the problem still waits for something.
func (s ProblemStatus) Open() bool {
	return s == ProblemAwaitReply || s == ProblemAwaitSolve || s == ProblemSubmitted
}

// openProblem lists the open statuses, for queries.
var openProblem = []ProblemStatus{ProblemAwaitReply, ProblemAwaitSolve, ProblemSubmitted}

// DefaultProblemReplyDays is the default 答复时限: working days after a
// problem is recorded, at 18:00.
const DefaultProblemReplyDays = 3

// MaxEnterpriseRunes bounds an enterprise's name.
const MaxEnterpriseRunes = 100

// Problem is one 诉求 of an enterprise, numbered P1, P2, … per group.
type Problem struct {
	ID uint `gorm:"primaryKey"`
	// Its multi-column indexes are in index.go: idx_problem_chat_number,
	// idx_problem_chat_open (lists), idx_problem_chat_created (statistics).
	ChatID uint `gorm:"not null"`
	Number int  `gorm:"not null"`

	Enterprise  string `gorm:"size:400;not null"`
	Description string `gorm:"type:text;not null"`
	// UnitName and OwnerID are the 责任单位 and 责任人: at least one is set.
	UnitName   string `gorm:"size:200"`
	OwnerID    *uint  `gorm:"index"`
	RecorderID uint   `gorm:"not null"`

	Status ProblemStatus `gorm:"size:16;not null"`
	// DueAt is the deadline the problem waits on now: the reply deadline
	// while unanswered, the solve deadline while unsolved, nil otherwise.
	// Lists sort by it, so that the longest overdue come first.
	DueAt *time.Time

	ReplyDeadline time.Time `gorm:"not null"`
	ReplyPhrase   string    `gorm:"size:100"`
	AnsweredAt    *time.Time
	Answer        string `gorm:"type:text"`
	// SolveDeadline is the committed date in force; OriginalSolveDeadline
	// the one first committed, which an approved extension never changes.
	SolveDeadline         *time.Time
	OriginalSolveDeadline *time.Time
	SolvePhrase           string `gorm:"size:100"`
	Extensions            int    `gorm:"not null;default:0"`
	// SubmittedAt is when it was reported solved (the time judged against
	// the deadline); SolvedAt when that was confirmed, or the same moment
	// when no confirmation was needed.
	SubmittedAt  *time.Time
	SolvedAt     *time.Time
	SolveNote    string `gorm:"type:text"`
	CancelledAt  *time.Time
	CancelReason string `gorm:"size:2000"`

	ThreadID  int
	CreatedAt time.Time
	UpdatedAt time.Time

	Owner *User `gorm:"foreignKey:OwnerID"`
}

// Ref is the problem's number as people write it: P3.
func (p *Problem) Ref() string { return "P" + strconv.Itoa(p.Number) }

// Overdue reports whether the deadline the problem waits on has passed.
func (p *Problem) Overdue(now time.Time) bool {
	return p.DueAt != nil && p.Status.Waiting() && now.After(*p.DueAt)
}

// DaysOverdue counts calendar days in loc past the deadline it waits on.
func (p *Problem) DaysOverdue(now time.Time, loc *time.Location) int {
	if !p.Overdue(now) {
		return 0
	}
	return max(daysAfter(*p.DueAt, now, loc), 1)
}

// AnsweredOnTime reports whether the answer came by the reply deadline.
func (p *Problem) AnsweredOnTime() bool {
	return p.AnsweredAt != nil && !p.AnsweredAt.After(p.ReplyDeadline)
}

// SolvedOnTime reports whether a solved problem was reported solved by its
// committed date (judged by the date in force when extensions count, else
// by the first one). One solved in its answer is on time when that answer
// came by the reply deadline.
func (p *Problem) SolvedOnTime(extensionsCount bool) bool {
	if p.Status != ProblemSolved || p.SubmittedAt == nil {
		return false
	}
	judge := p.SolveDeadline
	if !extensionsCount && p.OriginalSolveDeadline != nil {
		judge = p.OriginalSolveDeadline
	}
	if judge == nil {
		return !p.SubmittedAt.After(p.ReplyDeadline)
	}
	return !p.SubmittedAt.After(*judge)
}

// ProblemExtension is a request for a later 解决时限, approved or refused by
// a leader. The problem keeps its first committed date.
type ProblemExtension struct {
	ID          uint            `gorm:"primaryKey"`
	ChatID      uint            `gorm:"not null;index"`
	ProblemID   uint            `gorm:"not null;index"`
	RequesterID uint            `gorm:"not null"`
	OldDeadline time.Time       `gorm:"not null"`
	NewDeadline time.Time       `gorm:"not null"`
	Phrase      string          `gorm:"size:100"`
	Reason      string          `gorm:"size:2000"`
	Status      ExtensionStatus `gorm:"size:16;not null"`
	DeciderID   *uint
	DecidedAt   *time.Time
	CreatedAt   time.Time
}

// Problem reminder kinds: the same rhythm as a task's (before, at, daily
// 催办, escalation), on the deadline the problem waits on when they go out.
const (
	ProblemBefore   ReminderKind = "problem_before"
	ProblemDue      ReminderKind = "problem_due"
	ProblemOverdue  ReminderKind = "problem_overdue"
	ProblemEscalate ReminderKind = "problem_escalate"
)

// problemPlanned are the problem kinds replanning replaces.
var problemPlanned = []ReminderKind{ProblemBefore, ProblemDue, ProblemOverdue, ProblemEscalate}

// ProblemPlanner plans a problem's reminders; the scheduler's planner
// implements it besides ReminderPlanner.
type ProblemPlanner interface {
	PlanProblem(chat *Chat, p *Problem, now time.Time) []Reminder
}

// Audit kinds of problems.
const (
	EventProblemRecorded    = "problem_recorded"
	EventProblemAnswered    = "problem_answered"
	EventProblemSubmitted   = "problem_submitted"
	EventProblemSolved      = "problem_solved"
	EventProblemReturned    = "problem_returned"
	EventProblemCancelled   = "problem_cancelled"
	EventProblemEdited      = "problem_edited"
	EventProblemExtRequest  = "problem_ext_requested"
	EventProblemExtApproved = "problem_ext_approved"
	EventProblemExtRejected = "problem_ext_rejected"
	EventProblemProgress    = "problem_progress"
)

func init() {
	for k, v := range map[string]string{
		EventProblemRecorded: "登记问题", EventProblemAnswered: "答复", EventProblemSubmitted: "报告已解决",
		EventProblemSolved: "确认解决", EventProblemReturned: "退回", EventProblemCancelled: "撤销",
		EventProblemEdited: "修改", EventProblemExtRequest: "申请延长解决时限",
		EventProblemExtApproved: "同意延长解决时限", EventProblemExtRejected: "不同意延长解决时限",
		EventProblemProgress: "报告进展",
	} {
		eventLabels[k] = v
	}
}
