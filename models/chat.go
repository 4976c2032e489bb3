package models

import (
	"sync"
	"time"
)

// Chat is a Telegram group the bot works in (or a private chat with a user).
type Chat struct {
	ID             uint   `gorm:"primaryKey"`
	TelegramID     int64  `gorm:"uniqueIndex;not null"` // changes when a group becomes a supergroup
	Type           string `gorm:"size:16;not null"`     // private, group, supergroup
	Title          string `gorm:"size:255"`
	IsForum        bool
	Zone           string `gorm:"size:64;not null"` // IANA zone name, e.g. Asia/Shanghai
	NeedConfirm    bool   `gorm:"not null;default:true"`
	LastTaskNumber int    `gorm:"not null;default:0"` // tasks are numbered #1, #2, … per group
	// Problems (问题清单) are numbered P1, P2, … per group; ProblemReplyDays
	// is the 答复时限 in working days.
	LastProblemNumber int `gorm:"not null;default:0"`
	ProblemReplyDays  int `gorm:"not null;default:3"`

	// Reminder settings; see [Chat.Settings].
	RemindBefore  string `gorm:"size:100;not null;default:'1440,120'"` // minutes, comma-separated
	QuietStart    int    `gorm:"not null;default:1320"`                // 22:00
	QuietEnd      int    `gorm:"not null;default:480"`                 // 08:00
	WeeklyDigest  string `gorm:"size:100;not null;default:'0 9 * * 1'"`
	DailyDigest   string `gorm:"size:100;not null;default:''"`
	EscalateAfter int    `gorm:"not null;default:2"`
	// Ranking settings; see [Chat.RankRules].
	RankOnTime     int  `gorm:"not null;default:10"`
	RankLate       int  `gorm:"not null;default:4"`
	RankOverdue    int  `gorm:"not null;default:5"`
	FlagCount      int  `gorm:"not null;default:3"`
	RankExtensions bool `gorm:"not null;default:true"`
	RankUnitOnly   bool `gorm:"not null;default:false"`
	// Publish: the rankings are published in the group on their days.
	Publish bool `gorm:"not null;default:true"`
	// LateExtension: an assignee may ask for an extension after the
	// deadline in force (逾期后延期 允许); the task stays late for the
	// deadline it missed.
	LateExtension bool `gorm:"not null;default:false"`
	// AckRemindAfter is how many minutes of working time an assignee may
	// leave a new task unacknowledged (签收) before one reminder; 0: none.
	AckRemindAfter int `gorm:"not null;default:120"`
	// ConfirmRemindAfter is how many working days a submitted task may
	// wait for confirmation before its assigner is chased, then once a
	// working day; 0: never.
	ConfirmRemindAfter int `gorm:"not null;default:1"`
	// LeadersNamedOnly: only members named with /leader add lead, not the
	// group's Telegram administrators (领导 仅指定).
	LeadersNamedOnly bool `gorm:"not null;default:false"`

	// BlockedAt is when Telegram said the bot may no longer write here
	// (removed from the group); nothing is sent after it.
	BlockedAt *time.Time

	CreatedAt time.Time
	UpdatedAt time.Time

	// Holidays are the group's own days (see HolidayOverride). The store
	// fills them before it hands the chat to the planner; they are no
	// column, and nil elsewhere.
	Holidays HolidayDays `gorm:"-"`
}

// Location returns the chat's zone, falling back to UTC for a name the
// running system does not know (it was validated when set).
func (c *Chat) Location() *time.Location { return Zone(c.Zone) }

// zones caches loaded locations: time.LoadLocation reads the zone database
// from disk on every call, and every update, plan and reminder asks.
var zones sync.Map // name → *time.Location

// Zone returns the location of an IANA zone name, loaded once, or UTC for a
// name the system does not know.
func Zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	zones.Store(name, loc)
	return loc
}

// IsGroup reports whether the chat is a group or supergroup.
func (c *Chat) IsGroup() bool { return c.Type == "group" || c.Type == "supergroup" }

// ChatInfo is what an update tells about a chat.
type ChatInfo struct {
	TelegramID int64
	Type       string
	Title      string
	IsForum    bool
}

// Unit is an organisational unit inside a group (投资促进局, 某某街道).
type Unit struct {
	ID        uint   `gorm:"primaryKey"`
	ChatID    uint   `gorm:"not null"`
	Name      string `gorm:"size:100;not null"`
	CreatedAt time.Time
}

// Membership is what the bot knows of a user inside one group: their unit,
// and whether a leader named them a leader (Telegram administrators are
// leaders without a row here).
type Membership struct {
	ChatID      uint   `gorm:"primaryKey"`
	UserID      uint   `gorm:"primaryKey"`
	UnitName    string `gorm:"size:100"`
	NamedLeader bool   `gorm:"not null;default:false"`
	UpdatedAt   time.Time
}
