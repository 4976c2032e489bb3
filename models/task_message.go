package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TaskMessage remembers that a message the bot sent is about one task (its
// card, a reminder, a notice, a private copy), so that a reply 「收到」 to
// any of them acknowledges that task. Chats are Telegram's ids: private
// chats have no row of their own.
type TaskMessage struct {
	TelegramChatID int64 `gorm:"primaryKey;autoIncrement:false"`
	MessageID      int   `gorm:"primaryKey;autoIncrement:false"`
	TaskID         uint  `gorm:"not null;index"`
	CreatedAt      time.Time
}

// RememberTaskMessage records that message messageID in chat chatID is
// about task taskID. Recording it twice is harmless.
func (s *Store) RememberTaskMessage(ctx context.Context, chatID int64, messageID int, taskID uint) error {
	return s.rememberTaskMessage(s.conn(ctx), chatID, messageID, taskID)
}

// rememberTaskMessage is RememberTaskMessage in tx (the sender's
// OutgoingSent records it with the message sent).
func (s *Store) rememberTaskMessage(tx *gorm.DB, chatID int64, messageID int, taskID uint) error {
	m := TaskMessage{TelegramChatID: chatID, MessageID: messageID, TaskID: taskID, CreatedAt: s.Now()}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&m).Error; err != nil {
		return fmt.Errorf("remember message %d in %d: %w", messageID, chatID, err)
	}
	return nil
}

// TaskOfMessage returns the task a message of the bot is about, or
// ErrNotFound.
func (s *Store) TaskOfMessage(ctx context.Context, chatID int64, messageID int) (*Task, error) {
	m, err := take[TaskMessage](s.conn(ctx).Where("telegram_chat_id = ? AND message_id = ?", chatID, messageID),
		"task of message %d in %d", messageID, chatID)
	if err != nil {
		return nil, err
	}
	return s.TaskByID(ctx, m.TaskID)
}
