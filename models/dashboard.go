package models

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// DashboardLink is a group's Mini App link token (看板): the start parameter
// of https://t.me/<bot>/<app>?startapp=<Token>, which tells the dashboard
// which group to show. Anyone may hold the link; the dashboard still shows
// the group only to its members. A leader renews it with /dashboard 重置,
// and the old token then opens nothing.
type DashboardLink struct {
	ChatID    uint   `gorm:"primaryKey;autoIncrement:false"`
	Token     string `gorm:"size:64;uniqueIndex;not null"`
	Chat      Chat   `gorm:"constraint:OnDelete:CASCADE"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// newDashboardToken returns 22 random characters of A–Z a–z 0–9 _ - (128
// bits): the alphabet Telegram allows in a startapp parameter.
func newDashboardToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidDashboardToken reports whether s could be a dashboard token: 16 to 64
// characters of A–Z a–z 0–9 _ -. Anything else is refused before a lookup.
func ValidDashboardToken(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}
