package models

import (
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/duban-bot/duban/internal/clock"
)

// The database itself refuses a second instance of a series for the same
// occurrence (idx_task_series), on both backends; ordinary tasks with the
// same deadline are not concerned.
func TestSeriesOneInstancePerOccurrence(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ser := Series{ChatID: e.chat.ID, Rule: "每周五 18:00", Title: "报送", AssignerID: e.boss.ID, LeadID: e.zhang.ID,
			Occurrence: sh(3, 6, 18, 0).UTC(), CreatedAt: t0, UpdatedAt: t0}
		e.must(s.db.Omit("Assigner", "StoppedBy").Create(&ser).Error)
		n := NewTask{ChatID: e.chat.ID, Title: "报送", AssignerID: e.boss.ID, LeadID: e.zhang.ID, Deadline: sh(3, 6, 18, 0)}
		for range 2 {
			_, err := s.CreateTask(e.ctx, by(e.boss), n)
			e.must(err)
		}
		n.SeriesID = &ser.ID
		_, err := s.CreateTask(e.ctx, by(e.boss), n)
		e.must(err)
		if _, err := s.CreateTask(e.ctx, by(e.boss), n); !errors.Is(err, gorm.ErrDuplicatedKey) {
			t.Fatalf("a second instance for the same occurrence: %v, want a duplicate key", err)
		}
		n.Deadline = sh(3, 13, 18, 0)
		_, err = s.CreateTask(e.ctx, by(e.boss), n)
		e.must(err)
	})
}
