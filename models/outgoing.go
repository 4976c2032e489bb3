package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Kinds of outgoing messages.
const (
	OutMessage  = "message"  // sendMessage
	OutEdit     = "edit"     // editMessageText of MessageID
	OutMarkup   = "markup"   // editMessageReplyMarkup of MessageID: the keyboard taken off
	OutPhoto    = "photo"    // sendPhoto of File
	OutDocument = "document" // sendDocument of File
	// A file Telegram keeps, sent again by its FileID (an attachment).
	OutDocumentID = "document_id" // sendDocument of FileID
	OutPhotoID    = "photo_id"    // sendPhoto of FileID
)

// OutgoingMessage is something the bot owes a chat: an answer, an edit, a
// file, a private copy of a reminder. Handling an update writes its answers
// here in the same transaction as its changes; after the commit a sender
// delivers each chat's rows in order, at the chat's pace, and marks a row
// done only once Telegram has taken it (or refused it for good). So an
// answer survives a crash (at most the message in flight is repeated), and
// one chat waiting out Telegram's flood control holds up no other.
type OutgoingMessage struct {
	ID uint `gorm:"primaryKey"`
	// ChatID is the Telegram chat it goes to.
	ChatID int64  `gorm:"not null"`
	Kind   string `gorm:"size:16;not null"`
	// Automatic marks what nobody is waiting for (a reminder's private
	// copy): it is paced behind the answers.
	Automatic bool   `gorm:"not null;default:false"`
	ThreadID  int    `gorm:"not null;default:0"` // forum topic
	ReplyTo   int    `gorm:"not null;default:0"` // message quoted
	MessageID int    `gorm:"not null;default:0"` // the message an edit changes
	Text      string `gorm:"type:text"`          // HTML text, or a file's caption
	Markup    string `gorm:"type:text"`          // reply markup as JSON
	FileName  string `gorm:"size:200"`
	File      []byte
	FileID    string `gorm:"size:255"` // for OutDocumentID and OutPhotoID
	// EditFallback sends an edit's text as a new message when the message
	// can no longer be edited.
	EditFallback bool `gorm:"not null;default:false"`

	// What is recorded once Telegram has taken the message: the id of a
	// task's card, or a question (ForceReply) to which a reply is expected.
	TaskID *uint
	Prompt string `gorm:"type:text"` // a Prompt as JSON, its MessageID to be filled in
	// AboutTask is the task the message is about (a card, a reminder, a
	// notice): once sent it is remembered as a TaskMessage, so that a reply
	// 「收到」 to it acknowledges the task.
	AboutTask *uint

	// UpdateID is the update the row answers (0: none). Apology is what to
	// tell the chat if the row can finally not be sent ("": nothing); one
	// apology is said per update.
	UpdateID int64  `gorm:"not null;default:0"`
	Apology  string `gorm:"type:text"`

	CreatedAt time.Time
	DoneAt    *time.Time
	SentID    int    `gorm:"not null;default:0"` // the id Telegram gave it (0: unknown)
	Error     string `gorm:"size:500"`           // why it was not sent
}

// QueueOutgoing writes messages to send. Inside a unit of work they commit
// with it.
func (s *Store) QueueOutgoing(ctx context.Context, msgs []OutgoingMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	now := s.Now()
	for i := range msgs {
		msgs[i].ID, msgs[i].CreatedAt = 0, now
	}
	if err := s.conn(ctx).Create(&msgs).Error; err != nil {
		return fmt.Errorf("queue messages: %w", err)
	}
	return nil
}

// PendingOutgoing returns up to limit of a chat's messages not yet done, in
// the order they were queued.
func (s *Store) PendingOutgoing(ctx context.Context, chatID int64, limit int) ([]OutgoingMessage, error) {
	var rows []OutgoingMessage
	err := s.conn(ctx).Where("chat_id = ? AND done_at IS NULL", chatID).Order("id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read the chat's queue: %w", err)
	}
	return rows, nil
}

// OutgoingChats returns the chats that have messages waiting, with how
// many each.
func (s *Store) OutgoingChats(ctx context.Context) (map[int64]int, error) {
	var rows []struct {
		ChatID int64
		N      int
	}
	err := s.conn(ctx).Model(&OutgoingMessage{}).Select("chat_id, COUNT(*) AS n").
		Where("done_at IS NULL").Group("chat_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find waiting messages: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.ChatID] = r.N
	}
	return out, nil
}

// OutgoingSent marks a message sent as messageID (0 when Telegram's answer
// could not be read) and records what waited for it: the task card's id,
// or the question the bot asked. A question whose message id is unknown is
// kept as unbound (see UnboundPrompt). Once one message of an update is
// sent, the update's other messages carry no apology any more.
func (s *Store) OutgoingSent(ctx context.Context, id uint, messageID int) error {
	now := s.Now()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var row OutgoingMessage
		if err := tx.Select("id", "chat_id", "task_id", "about_task", "prompt", "update_id", "apology").Take(&row, id).Error; err != nil {
			return notFound(err)
		}
		if err := tx.Model(&OutgoingMessage{}).Where("id = ?", id).Updates(map[string]any{
			"done_at": now, "sent_id": messageID, "file": nil, "error": ""}).Error; err != nil {
			return err
		}
		if row.Apology != "" && row.UpdateID != 0 {
			// The update has answered: a later part that fails (a picture
			// after its text) is no reason to apologise.
			if err := tx.Model(&OutgoingMessage{}).Where("chat_id = ? AND update_id = ? AND done_at IS NULL", row.ChatID, row.UpdateID).
				Update("apology", "").Error; err != nil {
				return err
			}
		}
		if row.TaskID != nil && messageID != 0 {
			if err := tx.Model(&Task{}).Where("id = ?", *row.TaskID).UpdateColumn("message_id", messageID).Error; err != nil {
				return err
			}
		}
		if row.AboutTask != nil && messageID != 0 {
			if err := s.rememberTaskMessage(tx, row.ChatID, messageID, *row.AboutTask); err != nil {
				return err
			}
		}
		if row.Prompt == "" {
			return nil
		}
		var p Prompt
		if err := json.Unmarshal([]byte(row.Prompt), &p); err != nil {
			return fmt.Errorf("decode the question of message %d: %w", id, err)
		}
		p.ID, p.MessageID, p.CreatedAt = 0, messageID, now
		if messageID == 0 {
			p.MessageID = -int(id) // unbound: unique, and never a real message id
		}
		return tx.Create(&p).Error
	})
	if err != nil {
		return fmt.Errorf("mark message %d sent: %w", id, err)
	}
	return nil
}

// OutgoingFailed marks a message that cannot be sent done, with the reason.
// If apology is not nil and the row still carries one, it is queued in the
// same transaction, and the update's other waiting messages no longer carry
// one.
func (s *Store) OutgoingFailed(ctx context.Context, id uint, reason string, apology *OutgoingMessage) error {
	now := s.Now()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var row OutgoingMessage
		if err := tx.Select("id", "chat_id", "update_id", "apology").Take(&row, id).Error; err != nil {
			return notFound(err)
		}
		if err := tx.Model(&OutgoingMessage{}).Where("id = ?", id).Updates(map[string]any{
			"done_at": now, "file": nil, "error": truncate(reason, 500)}).Error; err != nil {
			return err
		}
		if apology == nil || row.Apology == "" { // or the update has said something, or apologised
			return nil
		}
		if row.UpdateID != 0 {
			if err := tx.Model(&OutgoingMessage{}).Where("chat_id = ? AND update_id = ? AND done_at IS NULL", row.ChatID, row.UpdateID).
				Update("apology", "").Error; err != nil {
				return err
			}
		}
		apology.ID, apology.CreatedAt = 0, now
		return tx.Create(apology).Error
	})
	if err != nil {
		return fmt.Errorf("mark message %d failed: %w", id, err)
	}
	return nil
}

// DropOutgoing marks every waiting message of a chat done unsent (the bot
// can no longer write there) and returns how many there were.
func (s *Store) DropOutgoing(ctx context.Context, chatID int64, reason string) (int64, error) {
	res := s.conn(ctx).Model(&OutgoingMessage{}).Where("chat_id = ? AND done_at IS NULL", chatID).
		Updates(map[string]any{"done_at": s.Now(), "file": nil, "error": truncate(reason, 500)})
	if res.Error != nil {
		return 0, fmt.Errorf("drop the messages of chat %d: %w", chatID, res.Error)
	}
	return res.RowsAffected, nil
}

// MoveOutgoing sends a chat's waiting messages to its new id (a group that
// became a supergroup).
func (s *Store) MoveOutgoing(ctx context.Context, oldChatID, newChatID int64) error {
	err := s.conn(ctx).Model(&OutgoingMessage{}).Where("chat_id = ? AND done_at IS NULL", oldChatID).
		Update("chat_id", newChatID).Error
	if err != nil {
		return fmt.Errorf("move the messages of chat %d: %w", oldChatID, err)
	}
	return nil
}

// PruneOutgoing forgets messages done before before, and returns how many.
func (s *Store) PruneOutgoing(ctx context.Context, before time.Time) (int64, error) {
	res := s.conn(ctx).Where("done_at IS NOT NULL AND done_at < ?", before.UTC()).Delete(&OutgoingMessage{})
	if res.Error != nil {
		return 0, fmt.Errorf("prune sent messages: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// UnboundPrompt returns the latest question asked of user in chat whose
// message id is unknown (Telegram took it but its answer could not be
// read), with the HTML text it was sent with, so that a reply to a message
// with that text can still be matched to it.
func (s *Store) UnboundPrompt(ctx context.Context, chatID, userID uint) (*Prompt, string, error) {
	var p Prompt
	err := s.conn(ctx).Where("chat_id = ? AND user_id = ? AND message_id < 0", chatID, userID).Order("id DESC").Take(&p).Error
	if err != nil {
		return nil, "", fmt.Errorf("find an unbound question: %w", notFound(err))
	}
	var row OutgoingMessage
	err = s.conn(ctx).Select("text").Take(&row, -p.MessageID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, "", fmt.Errorf("find an unbound question: %w", ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("find an unbound question: %w", err)
	}
	return &p, row.Text, nil
}
