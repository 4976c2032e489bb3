package models

import (
	"strconv"
	"strings"
	"time"
)

// Series is a recurring assignment (周期任务): /assign with a recurring phrase
// (每周五下班前, 每月5日前). Each of its instances is an ordinary task with
// its own number, reminders and ranking; the series remembers what the first
// /assign gave (people, unit, title, the rule) and makes the next instance
// when the current one is closed or its deadline passes, whichever comes
// first. An instance left open stays open, and overdue.
//
// The store keeps the rule as text (the recurring phrase parser's canonical
// form, "每周五 18:00") and leaves reading it to a [SeriesPlanner]: models
// knows no calendar.
type Series struct {
	ID     uint `gorm:"primaryKey"`
	ChatID uint `gorm:"not null;index"`
	// Rule is the rule in its canonical text, as a card shows it after 周期：.
	Rule   string `gorm:"size:100;not null"`
	Phrase string `gorm:"size:100"` // the phrase as the leader wrote it

	Title         string `gorm:"size:800;not null"`
	Detail        string `gorm:"type:text"`
	UnitName      string `gorm:"size:200"`
	AssignerID    uint   `gorm:"not null"`
	LeadID        uint   `gorm:"not null"`
	CooperatorIDs string `gorm:"size:500"` // user ids, comma-separated, in the order named
	ResponsibleID *uint
	ThreadID      int
	ListID        *uint // the 清单 its instances join, if any (for lists)

	// Occurrence is the deadline of the latest instance, CurrentTaskID that
	// instance, Instances how many there have been.
	Occurrence    time.Time `gorm:"not null"`
	CurrentTaskID *uint
	Instances     int `gorm:"not null;default:0"`

	StoppedAt   *time.Time // /repeat stop; nil while the series runs
	StoppedByID *uint
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Assigner  User  `gorm:"foreignKey:AssignerID"`
	StoppedBy *User `gorm:"foreignKey:StoppedByID"`
}

// TableName keeps the table's name the word itself (GORM would guess
// "series" too, but says so nowhere).
func (Series) TableName() string { return "series" }

// Active reports whether the series still makes instances.
func (s *Series) Active() bool { return s.StoppedAt == nil }

// Cooperators returns the 协办 ids stored in CooperatorIDs.
func (s *Series) Cooperators() []uint {
	var out []uint
	for _, p := range strings.Split(s.CooperatorIDs, ",") {
		if id, err := strconv.ParseUint(strings.TrimSpace(p), 10, 64); err == nil && id > 0 {
			out = append(out, uint(id))
		}
	}
	return out
}

func joinIDs(ids []uint) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatUint(uint64(id), 10)
	}
	return strings.Join(parts, ",")
}

// SeriesPlanner reads a series' rule: the scheduler's planner implements it
// on the group's zone and calendar (the national one with the group's own
// days, Chat.Holidays). The store finds it by asserting its ReminderPlanner;
// without one it makes no series.
type SeriesPlanner interface {
	// CheckRule returns the rule's canonical text, or an error if it is no
	// rule.
	CheckRule(rule string) (string, error)
	// NextOccurrence returns the rule's first deadline strictly after
	// after, or an error when there is none (no working day within a
	// year).
	NextOccurrence(chat *Chat, rule string, after time.Time) (time.Time, error)
}

// SeriesNext is the reminder kind that moves a series on: due at the
// deadline of its current instance (out of the quiet hours), it makes the
// next instance; due at once after an instance made early (the current one
// was closed), it announces it. Its rows carry the series (Reminder.SeriesID)
// and no task, and nothing plans them but the series' own changes.
const SeriesNext ReminderKind = "series"

// The audit kinds of series.
const (
	EventSeriesCreated = "series_created" // on the first instance
	EventSeriesNext    = "series_next"    // on each later instance
	EventSeriesStopped = "series_stopped" // on the instance /repeat stop named
)

func init() {
	// Labelled here rather than in audit.go's table, so that systems added
	// side by side do not all edit one list.
	eventLabels[EventSeriesCreated] = "交办周期任务"
	eventLabels[EventSeriesNext] = "周期任务自动交办"
	eventLabels[EventSeriesStopped] = "停止周期任务"
}
