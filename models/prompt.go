package models

import (
	"context"
	"fmt"
	"time"
)

// Prompt is a question the bot asked with a ForceReply message ("主办是谁？",
// "请说明退回原因"): the answer comes as a reply to MessageID and completes
// the command described by Kind and Payload.
type Prompt struct {
	ID        uint   `gorm:"primaryKey"`
	ChatID    uint   `gorm:"not null"`
	MessageID int    `gorm:"not null"`
	UserID    uint   `gorm:"not null"` // who is expected to answer
	Kind      string `gorm:"size:32;not null"`
	Payload   string `gorm:"type:text"` // JSON, owned by the bot
	CreatedAt time.Time
}

// SavePrompt remembers a question the bot asked.
func (s *Store) SavePrompt(ctx context.Context, p *Prompt) error {
	p.CreatedAt = s.Now()
	if err := s.conn(ctx).Create(p).Error; err != nil {
		return fmt.Errorf("save prompt: %w", err)
	}
	return nil
}

// PromptFor returns the question a message replies to, if the bot asked one.
func (s *Store) PromptFor(ctx context.Context, chatID uint, messageID int) (*Prompt, error) {
	return take[Prompt](s.conn(ctx).Where("chat_id = ? AND message_id = ?", chatID, messageID),
		"prompt of message %d", messageID)
}

// DeletePrompt forgets an answered question.
func (s *Store) DeletePrompt(ctx context.Context, id uint) error {
	if err := s.conn(ctx).Delete(&Prompt{}, id).Error; err != nil {
		return fmt.Errorf("delete prompt: %w", err)
	}
	return nil
}
