package models

import (
	"strings"
	"time"
)

// User is a person the bot has seen, or a @username it was told about before
// seeing them (TelegramID nil until the person appears; then the row is bound
// to them).
type User struct {
	ID           uint   `gorm:"primaryKey"`
	TelegramID   *int64 `gorm:"uniqueIndex"`
	Username     string `gorm:"size:64;index"` // lower case, without @
	FirstName    string `gorm:"size:255"`
	LastName     string `gorm:"size:255"`
	LanguageCode string `gorm:"size:16"`
	StartedBot   bool   `gorm:"not null;default:false"` // the bot may message them privately
	// Anonymous marks the one row that stands for group administrators who
	// post anonymously: Telegram shows no person, only the group. It acts as
	// a leader and is shown as [AnonymousName].
	Anonymous bool `gorm:"not null;default:false"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DisplayName is how people see the user: their Telegram name, or the
// @username while only that is known.
func (u *User) DisplayName() string {
	if u.Anonymous {
		return AnonymousName
	}
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name != "" {
		return name
	}
	if u.Username != "" {
		return "@" + u.Username
	}
	return "?"
}

// AnonymousName is how an administrator who posts anonymously is shown.
const AnonymousName = "匿名管理员"

// Bound reports whether the user is a real Telegram account the bot has seen.
func (u *User) Bound() bool { return u.TelegramID != nil }

// IsEnglish reports whether the user's Telegram client is set to English.
func (u *User) IsEnglish() bool { return strings.HasPrefix(u.LanguageCode, "en") }

// UserInfo is what an update tells about a user.
type UserInfo struct {
	TelegramID   int64
	Username     string
	FirstName    string
	LastName     string
	LanguageCode string
}

// NormalizeUsername lower-cases a username and drops a leading @.
func NormalizeUsername(s string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}
