package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// InboxUpdate is a Telegram update as the bot received it. Updates are
// written here before Telegram is told they arrived (the next getUpdates
// offset confirms them), and handled from here: an update is marked handled
// in the same transaction as the changes it made, so a crash at any moment
// neither loses an update nor applies one twice.
//
// The row is also the replay guard: an update that arrives again (Telegram
// redelivers what was not confirmed) finds its row and is not handled
// again. Rows are keyed by bot and update id, because update ids are only
// unique for one bot and only for a while: Telegram starts a new random
// sequence after a week without updates, and a new token or a reinstalled
// local Bot API server starts another. They are pruned once Telegram can no
// longer redeliver them (it keeps updates 24 hours), so a restarted sequence
// is new, not a replay. (Release 1's processed_updates table, keyed by the
// update id alone and kept forever, is no longer read.)
type InboxUpdate struct {
	ID       uint  `gorm:"primaryKey"` // order of arrival
	BotID    int64 `gorm:"not null"`
	UpdateID int64 `gorm:"not null"`
	// ChatID is the Telegram chat the update concerns (0: none), so that
	// updates of different chats can one day be handled side by side while
	// each chat keeps its order.
	ChatID     int64     `gorm:"not null"`
	Payload    string    `gorm:"type:text;not null"` // the update's JSON as Telegram sent it
	ReceivedAt time.Time `gorm:"not null;index"`
	HandledAt  *time.Time
	// Attempts counts handlings that failed while the database was up; after
	// a few the update is answered with an apology and marked handled.
	Attempts  int    `gorm:"not null;default:0"`
	LastError string `gorm:"size:500"`
}

// NewUpdate is an update to put in the inbox.
type NewUpdate struct {
	UpdateID int64
	ChatID   int64
	Payload  []byte
}

// ReceiveUpdates writes a batch of getUpdates into the inbox in one
// transaction. Updates already there (replays) are left as they are; their
// ids are returned.
func (s *Store) ReceiveUpdates(ctx context.Context, botID int64, ups []NewUpdate) (replays []int64, err error) {
	now := s.Now()
	if len(ups) == 1 {
		// A webhook's delivery: one statement, committed on its own (a
		// transaction would add two round trips to each acknowledgement).
		u := ups[0]
		row := InboxUpdate{BotID: botID, UpdateID: u.UpdateID, ChatID: u.ChatID, Payload: string(u.Payload), ReceivedAt: now}
		db := s.conn(ctx)
		if s.db.Dialector.Name() == "postgres" {
			// Not on SQLite: there GORM's transaction is what lets the WAL
			// be checkpointed (docs/perf-notes).
			db = db.Session(&gorm.Session{SkipDefaultTransaction: true})
		}
		res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return nil, fmt.Errorf("store updates: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			replays = []int64{u.UpdateID}
		}
		return replays, nil
	}
	err = s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		replays = replays[:0]
		for _, u := range ups {
			row := InboxUpdate{BotID: botID, UpdateID: u.UpdateID, ChatID: u.ChatID, Payload: string(u.Payload), ReceivedAt: now}
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				replays = append(replays, u.UpdateID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store updates: %w", err)
	}
	return replays, nil
}

// UnhandledUpdates returns up to limit updates of the bot not handled yet,
// in the order they arrived.
func (s *Store) UnhandledUpdates(ctx context.Context, botID int64, limit int) ([]InboxUpdate, error) {
	var rows []InboxUpdate
	err := s.conn(ctx).Where("bot_id = ? AND handled_at IS NULL", botID).Order("id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the inbox: %w", err)
	}
	return rows, nil
}

// MarkUpdateHandled marks an inbox row handled; inside a unit of work it
// commits with the update's changes. An update someone else handled
// meanwhile gives ErrDuplicateUpdate, so that its unit rolls back.
//
// On PostgreSQL the unit then commits without waiting for its WAL to
// reach the disk (synchronous_commit off, for this transaction only), as
// SQLite's synchronous=NORMAL does: a crash of the database server (not of
// duban) may forget the last fraction of a second of handled updates, and
// then forgets their changes with them (one transaction), so they are
// handled again from the inbox, whose rows are written durably before
// Telegram is told they arrived. What users may notice is an answer said
// twice. It saves a disk flush per update, which bounds the leader's rate.
func (s *Store) MarkUpdateHandled(ctx context.Context, id uint) error {
	if s.db.Dialector.Name() == "postgres" && inUnit(ctx, s) {
		if err := s.conn(ctx).Exec("SET LOCAL synchronous_commit = off").Error; err != nil {
			return fmt.Errorf("mark update handled: %w", err)
		}
	}
	res := s.conn(ctx).Model(&InboxUpdate{}).Where("id = ? AND handled_at IS NULL", id).Update("handled_at", s.Now())
	if res.Error != nil {
		return fmt.Errorf("mark update handled: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrDuplicateUpdate
	}
	return nil
}

// UpdateFailed records a failed handling of an inbox row and returns how
// many there have been.
func (s *Store) UpdateFailed(ctx context.Context, id uint, reason string) (int, error) {
	var row InboxUpdate
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&InboxUpdate{}).Where("id = ?", id).Updates(map[string]any{
			"attempts": gorm.Expr("attempts + 1"), "last_error": truncate(reason, 500)}).Error; err != nil {
			return err
		}
		return tx.Select("attempts").Take(&row, id).Error
	})
	if err != nil {
		return 0, fmt.Errorf("record a failed update: %w", notFound(err))
	}
	return row.Attempts, nil
}

// PruneInbox forgets handled updates received before before, and returns
// how many. Telegram redelivers an update for 24 hours at most.
func (s *Store) PruneInbox(ctx context.Context, before time.Time) (int64, error) {
	res := s.conn(ctx).Where("handled_at IS NOT NULL AND received_at < ?", before.UTC()).Delete(&InboxUpdate{})
	if res.Error != nil {
		return 0, fmt.Errorf("prune the inbox: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.conn(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if one != 1 {
		return errors.New("database: SELECT 1 did not answer 1")
	}
	return nil
}
