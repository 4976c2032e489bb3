package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// HolidayOverride is a day a group's leaders changed on the group's own
// calendar (/holiday add 2027-02-20 调休上班): a working day it takes off, or
// a day off it works. It wins over the national calendar for that group
// only, wherever the group's working days are counted.
type HolidayOverride struct {
	ID     uint `gorm:"primaryKey"`
	ChatID uint `gorm:"not null"`
	// Day is the civil date in the group's zone, as 2006-01-02: a calendar
	// day is not an instant, so it is stored as one would write it.
	Day       string `gorm:"size:10;not null"`
	Off       bool   `gorm:"not null"` // true: a day off; false: a working day
	Note      string `gorm:"size:100"` // what the leader called it (调休上班, 放假)
	ActorID   *uint
	CreatedAt time.Time
}

// HolidayDays is a group's overrides as the calendar needs them: civil date
// (2006-01-02) → true for a day off, false for a working day.
type HolidayDays map[string]bool

// MaxHolidayOverrides bounds a group's own days, so that /holiday list
// stays one message and a typo in a loop cannot fill the table.
const MaxHolidayOverrides = 100

// ErrTooMany is returned when a group already has MaxHolidayOverrides days.
var ErrTooMany = errors.New("too many entries")

// holidayCache keeps each group's HolidayDays in memory: the planner needs
// them for every task it plans and the bot for every deadline it reads,
// and they change only through SetHolidayOverride and RemoveHolidayOverride
// of this store. gen makes a load that raced with a change drop its result
// instead of caching what it read before the change.
type holidayCache struct {
	mu   sync.Mutex
	gen  uint64
	days map[uint]HolidayDays
}

// holidayDays returns a chat's days, from the cache or read with db (a
// transaction in progress, when planning inside one).
func (s *Store) holidayDays(db *gorm.DB, chatID uint) (HolidayDays, error) {
	c := s.holidays
	c.mu.Lock()
	days, ok := c.days[chatID]
	gen := c.gen
	c.mu.Unlock()
	if ok {
		return days, nil
	}
	var rows []HolidayOverride
	if err := db.Where("chat_id = ?", chatID).Find(&rows).Error; err != nil {
		return nil, err
	}
	days = make(HolidayDays, len(rows))
	for _, r := range rows {
		days[r.Day] = r.Off
	}
	c.mu.Lock()
	if c.gen == gen {
		if c.days == nil {
			c.days = map[uint]HolidayDays{}
		}
		c.days[chatID] = days
	}
	c.mu.Unlock()
	return days, nil
}

// forgetHolidays empties the cache: called inside a transaction that
// changes a group's days (so that its own re-planning reads them afresh)
// and again once it has ended (so that nobody keeps what it read before).
func (s *Store) forgetHolidays() {
	c := s.holidays
	c.mu.Lock()
	c.gen++
	c.days = nil
	c.mu.Unlock()
}

// HolidayDays returns the group's own days for its calendar.
func (s *Store) HolidayDays(ctx context.Context, chatID uint) (HolidayDays, error) {
	days, err := s.holidayDays(s.conn(ctx), chatID)
	if err != nil {
		return nil, fmt.Errorf("holiday days of chat %d: %w", chatID, err)
	}
	return days, nil
}

// HolidayOverrides lists the group's own days, earliest first.
func (s *Store) HolidayOverrides(ctx context.Context, chatID uint) ([]HolidayOverride, error) {
	var rows []HolidayOverride
	if err := s.conn(ctx).Where("chat_id = ?", chatID).Order("day").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("holiday overrides of chat %d: %w", chatID, err)
	}
	return rows, nil
}

// SetHolidayOverride makes day (2006-01-02) a day off (off) or a working day
// for the group, replacing what the group said of that day before, and
// re-plans the group's reminders and digests: its working days changed.
// Errors: ErrInvalid for a day that is no date, ErrTooMany when the group
// has MaxHolidayOverrides days already.
func (s *Store) SetHolidayOverride(ctx context.Context, c Change, chatID uint, day string, off bool, note string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fmt.Errorf("set holiday %q: %w", day, ErrInvalid)
	}
	defer s.forgetHolidays()
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var n int64
		if err := tx.Model(&HolidayOverride{}).Where("chat_id = ? AND day <> ?", chatID, day).Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxHolidayOverrides {
			return ErrTooMany
		}
		row := HolidayOverride{ChatID: chatID, Day: day, Off: off, Note: truncate(note, 100), CreatedAt: now}
		if c.ActorID != 0 {
			id := c.ActorID
			row.ActorID = &id
		}
		if err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "chat_id"}, {Name: "day"}},
			DoUpdates: clause.AssignmentColumns([]string{"off", "note", "actor_id", "created_at"}),
		}).Create(&row).Error; err != nil {
			return err
		}
		s.forgetHolidays()
		if err := s.replanChat(tx, chatID, now); err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, "holiday_set", day+" "+note, now)
	})
	if err != nil {
		return fmt.Errorf("set holiday %s: %w", day, err)
	}
	s.planned()
	return nil
}

// RemoveHolidayOverride drops what the group said of day: the national
// calendar applies to it again. ErrNotFound when the group said nothing.
func (s *Store) RemoveHolidayOverride(ctx context.Context, c Change, chatID uint, day string) error {
	defer s.forgetHolidays()
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := deleteOne(tx.Where("chat_id = ? AND day = ?", chatID, day), &HolidayOverride{}); err != nil {
			return err
		}
		s.forgetHolidays()
		if err := s.replanChat(tx, chatID, now); err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, "holiday_removed", day, now)
	})
	if err != nil {
		return fmt.Errorf("remove holiday %s: %w", day, err)
	}
	s.planned()
	return nil
}

// withHolidays fills chat.Holidays for the planner, inside tx.
func (s *Store) withHolidays(tx *gorm.DB, chat *Chat) error {
	days, err := s.holidayDays(tx, chat.ID)
	if err != nil {
		return fmt.Errorf("holiday days of chat %d: %w", chat.ID, err)
	}
	chat.Holidays = days
	return nil
}

// planTask is the planner's PlanTask on the chat with its own days.
func (s *Store) planTask(tx *gorm.DB, chat *Chat, t *Task, now time.Time) ([]Reminder, error) {
	if err := s.withHolidays(tx, chat); err != nil {
		return nil, err
	}
	return s.planner.PlanTask(chat, t, now), nil
}

// planDigests is the planner's PlanDigests on the chat with its own days.
func (s *Store) planDigests(tx *gorm.DB, chat *Chat, now time.Time) ([]Reminder, error) {
	if err := s.withHolidays(tx, chat); err != nil {
		return nil, err
	}
	return s.planner.PlanDigests(chat, now), nil
}
