package models

import (
	"fmt"
	"strings"
	"time"
)

// EventAttached is the audit kind of a file attached to a task.
const EventAttached = "attached"

// Kinds of attachments: how Telegram sends the file back.
const (
	AttachDocument = "document" // sendDocument
	AttachPhoto    = "photo"    // sendPhoto
)

// Attachment is a file (a document or a photo) someone sent to the group
// about a task: its 材料. Only Telegram's file id is kept — nothing is
// downloaded — so the bot re-sends the file by that id; Telegram may have
// forgotten it (a file deleted long ago), which the bot then says.
type Attachment struct {
	ID     uint `gorm:"primaryKey"`
	ChatID uint `gorm:"not null;index"`
	TaskID uint `gorm:"not null;index"`
	// Kind is AttachDocument or AttachPhoto.
	Kind         string `gorm:"size:16;not null"`
	FileID       string `gorm:"size:255;not null"`
	FileUniqueID string `gorm:"size:100"`
	FileName     string `gorm:"size:255"`
	FileSize     int64  `gorm:"not null;default:0"`
	UserID       uint   `gorm:"not null"`
	User         User
	CreatedAt    time.Time
}

// MaxFileNameRunes bounds a stored file name.
const MaxFileNameRunes = 200

// NewAttachment is a file to attach to a task.
type NewAttachment struct {
	TaskID       uint
	Kind         string
	FileID       string
	FileUniqueID string
	FileName     string // "" for a photo: one is made up from the time
	FileSize     int64
}

// Validate checks a new attachment before anything is written.
func (n *NewAttachment) Validate() error {
	if n.TaskID == 0 || strings.TrimSpace(n.FileID) == "" {
		return fmt.Errorf("%w: no task or file", ErrInvalid)
	}
	if n.Kind != AttachDocument && n.Kind != AttachPhoto {
		return fmt.Errorf("%w: attachment kind %q", ErrInvalid, n.Kind)
	}
	if len(n.FileID) > 255 || len(n.FileUniqueID) > 100 {
		return fmt.Errorf("%w: file id too long", ErrInvalid)
	}
	return nil
}
