package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ReminderKind says why a reminder goes out.
type ReminderKind string

// The reminder kinds.
const (
	ReminderBefore   ReminderKind = "before"      // a set time before the deadline
	ReminderDue      ReminderKind = "due"         // at the deadline: 已到截止时间
	ReminderOverdue  ReminderKind = "overdue"     // daily 催办 at 09:00 on working days while overdue
	ReminderEscalate ReminderKind = "escalate"    // 升级督办 to the responsible leader
	ReminderExtra    ReminderKind = "extra"       // /remind N 时间
	ReminderUrge     ReminderKind = "urge"        // /urge N: a leader chases now
	DigestWeekly     ReminderKind = "weekly"      // the weekly 调度 digest of a group
	DigestDaily      ReminderKind = "daily"       // the optional daily overdue list
	PublishMonth     ReminderKind = "pub_month"   // 每月亮成绩: last month's 成绩单
	PublishQuarter   ReminderKind = "pub_quarter" // 每季抢红旗: last quarter's 红旗/黄旗
	PublishHalf      ReminderKind = "pub_half"    // 半年一总结
	PublishYear      ReminderKind = "pub_year"    // 全年列榜单
	ReminderAck      ReminderKind = "ack"         // 签收提醒: an assignee has not acknowledged a new task
	ReminderConfirm  ReminderKind = "confirm"     // 待确认: a submitted task waits for its assigner

	// A node's (节点) own reminders, with the node in NodeID.
	ReminderNodeBefore  ReminderKind = "node_before"  // a set time before the node's deadline
	ReminderNodeDue     ReminderKind = "node_due"     // at the node's deadline
	ReminderNodeOverdue ReminderKind = "node_overdue" // daily 催办 on working days while the node is overdue
)

// GroupKinds are the kinds that belong to a group rather than a task:
// digests and publications, planned from the group's settings.
var GroupKinds = []ReminderKind{DigestWeekly, DigestDaily, PublishMonth, PublishQuarter, PublishHalf, PublishYear}

// Period is the ranking period a publication covers, given when it goes
// out: the one that ended before at (in at's location).
func (k ReminderKind) Period(at time.Time) (Period, bool) {
	kinds := map[ReminderKind]PeriodKind{PublishMonth: Month, PublishQuarter: Quarter, PublishHalf: HalfYear, PublishYear: Year}
	pk, ok := kinds[k]
	if !ok {
		return Period{}, false
	}
	return PeriodContaining(pk, at).Previous(), true
}

// Planned reports whether rows of this kind are derived from the task and
// the group's settings, and so are replaced whenever either changes. Extra
// reminders and urges are asked for by people and stay.
func (k ReminderKind) Planned() bool {
	switch k {
	case ReminderBefore, ReminderDue, ReminderOverdue, ReminderEscalate, ReminderAck, ReminderConfirm,
		ReminderNodeBefore, ReminderNodeDue, ReminderNodeOverdue:
		return true
	}
	return false
}

// IsNode reports whether the kind is a node's (节点) reminder.
func (k ReminderKind) IsNode() bool {
	return k == ReminderNodeBefore || k == ReminderNodeDue || k == ReminderNodeOverdue
}

// IsPublication reports whether the kind publishes a ranking.
func (k ReminderKind) IsPublication() bool {
	_, ok := k.Period(time.Time{})
	return ok
}

// Reminder is one message the bot owes a group at a time: durable, so that
// none is lost when the bot stops, and marked sent only after Telegram took
// it.
type Reminder struct {
	ID uint `gorm:"primaryKey"`
	// idx_reminders_group_pending holds only the unsent digests and
	// publications: finding the groups without any at start-up, and a
	// group's when its digest goes out, read a few rows per group instead
	// of every unsent reminder (1.28 s at 1M tasks).
	ChatID uint  `gorm:"not null;index"`
	TaskID *uint `gorm:"index"` // nil for digests
	NodeID *uint // the task's node (节点) a node reminder is about
	// SeriesID is the series a SeriesNext row moves on (nil for others).
	SeriesID *uint `gorm:"index:idx_reminders_series,where:series_id IS NOT NULL"`
	// ProblemID is the problem (问题清单) a reminder is about; nil otherwise.
	ProblemID *uint `gorm:"index"`
	// ContestID names the contest a ReminderContest opens a period of.
	ContestID *uint        `gorm:"index"`
	Kind      ReminderKind `gorm:"size:16;not null"`
	// DueAt is when it goes out: the nominal time (At), moved out of the
	// group's quiet hours where that applies.
	DueAt time.Time `gorm:"not null;index:idx_reminders_pending,where:sent_at IS NULL AND failed_at IS NULL"`
	// At is the moment the reminder is about ("1 day before the deadline").
	At     time.Time `gorm:"not null"`
	Offset int64     // seconds before the deadline, for ReminderBefore
	// IgnoreQuiet marks messages that go out even in quiet hours (an urge).
	IgnoreQuiet bool
	Note        string `gorm:"size:2000"` // what the person who urged wrote
	ActorID     *uint  // who urged or asked for the reminder

	SentAt    *time.Time
	MessageID int // the group message Telegram accepted
	Attempts  int
	LastError string     `gorm:"size:500"`
	FailedAt  *time.Time // given up for good (the bot was removed from the group)
	CreatedAt time.Time
}

// Settings are a group's reminder and digest rules.
type Settings struct {
	// RemindBefore lists how long before the deadline reminders go out.
	RemindBefore []time.Duration
	// QuietStart and QuietEnd bound the quiet hours, as minutes after
	// midnight in the group's zone (22:00–08:00 by default). Equal values
	// mean no quiet hours.
	QuietStart, QuietEnd int
	WeeklyDigest         string // cron spec or "" (off); default every Monday 09:00
	DailyDigest          string // cron spec or "" (off, the default)
	EscalateAfter        int    // working days overdue before 升级督办 (default 2; 0 off)
	NeedConfirm          bool
	Rank                 RankRules
	Publish              bool // publish rankings on their days
	// LateExtension allows asking for an extension after the deadline
	// (逾期后延期 允许); the task stays late for the deadline it missed.
	LateExtension bool
	// AckRemindAfter is the working time a new task may stay
	// unacknowledged before one 签收提醒 (default 2 hours; 0 off).
	AckRemindAfter time.Duration
	// ConfirmRemindAfter is how many working days a submission waits
	// before its assigner is chased, then daily (default 1; 0 off).
	ConfirmRemindAfter int
	// LeadersNamedOnly: only named leaders lead, not the administrators.
	LeadersNamedOnly bool
	// ProblemReplyDays is the 答复时限 of the 问题清单: working days after a
	// problem is recorded (default 3), at 18:00.
	ProblemReplyDays int
}

// Defaults of the newer settings.
const (
	DefaultAckRemindAfter     = 120 // minutes of working time
	DefaultConfirmRemindAfter = 1   // working days
)

// DefaultWeeklyDigest is every Monday at 09:00.
const DefaultWeeklyDigest = "0 9 * * 1"

// DefaultRemindBefore is 1 day and 2 hours.
var DefaultRemindBefore = []time.Duration{24 * time.Hour, 2 * time.Hour}

// Settings decodes the chat's settings columns.
func (c *Chat) Settings() Settings {
	return Settings{
		RemindBefore:  ParseOffsets(c.RemindBefore),
		QuietStart:    c.QuietStart,
		QuietEnd:      c.QuietEnd,
		WeeklyDigest:  c.WeeklyDigest,
		DailyDigest:   c.DailyDigest,
		EscalateAfter: c.EscalateAfter,
		NeedConfirm:   c.NeedConfirm,
		Rank:          c.RankRules(),
		Publish:       c.Publish,

		LateExtension:      c.LateExtension,
		AckRemindAfter:     time.Duration(c.AckRemindAfter) * time.Minute,
		ConfirmRemindAfter: c.ConfirmRemindAfter,
		LeadersNamedOnly:   c.LeadersNamedOnly,
		ProblemReplyDays:   c.ProblemReplyDays,
	}
}

// InQuietHours reports whether local time-of-day minutes m lies in the
// quiet hours, which may wrap past midnight.
func (s Settings) InQuietHours(m int) bool {
	switch {
	case s.QuietStart == s.QuietEnd:
		return false
	case s.QuietStart < s.QuietEnd:
		return m >= s.QuietStart && m < s.QuietEnd
	default:
		return m >= s.QuietStart || m < s.QuietEnd
	}
}

// OutOfQuiet moves an instant inside the quiet hours to their end, in the
// group's zone loc; other instants stay.
func (s Settings) OutOfQuiet(at time.Time, loc *time.Location) time.Time {
	local := at.In(loc)
	if !s.InQuietHours(local.Hour()*60 + local.Minute()) {
		return at
	}
	y, mo, d := local.Date()
	end := time.Date(y, mo, d, s.QuietEnd/60, s.QuietEnd%60, 0, 0, loc)
	if !end.After(local) {
		end = time.Date(y, mo, d+1, s.QuietEnd/60, s.QuietEnd%60, 0, 0, loc)
	}
	return end
}

// FormatOffsets stores offsets as minutes: "1440,120".
func FormatOffsets(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.FormatInt(int64(d/time.Minute), 10)
	}
	return strings.Join(parts, ",")
}

// ParseOffsets reads FormatOffsets' form; "" means none.
func ParseOffsets(s string) []time.Duration {
	var out []time.Duration
	for _, p := range strings.Split(s, ",") {
		if m, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && m > 0 {
			out = append(out, time.Duration(m)*time.Minute)
		}
	}
	return out
}

// FormatClock shows minutes after midnight as "22:00".
func FormatClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// ReminderPlanner decides which reminders a task and a group are owed. The
// scheduler implements it; the store calls it inside the transaction of
// every change, so the plan is never out of step with the task. The chat it
// is given carries the group's own days (Chat.Holidays), which the planner
// lays over the national calendar.
type ReminderPlanner interface {
	// PlanTask returns the planned reminders (kinds with Planned) a task is
	// owed from now on.
	PlanTask(chat *Chat, task *Task, now time.Time) []Reminder
	// PlanDigests returns the next digest of each kind the group has
	// switched on.
	PlanDigests(chat *Chat, now time.Time) []Reminder
}

// Notice is one message the dispatcher asks the bot to send: one reminder,
// or a catch-up (补发) standing for several reminders of a task that fell due
// while the bot was down.
type Notice struct {
	ChatID    uint
	TaskID    *uint // nil for digests
	ProblemID *uint // a problem's reminder
	Kind      ReminderKind
	Reminders []Reminder // the rows the message covers, earliest first
	CatchUp   bool
}
