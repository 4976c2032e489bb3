package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PendingImport is a previewed import waiting for its 确认导入 or 取消: what
// to create, kept in the database so that a restart between the preview and
// the press loses nothing. Kind says which import it is ("tasks" for
// /import; others may add theirs), Payload is that import's own JSON.
type PendingImport struct {
	ID        uint   `gorm:"primaryKey"`
	ChatID    uint   `gorm:"not null;index"`
	UserID    uint   `gorm:"not null"` // the leader who may confirm it
	Kind      string `gorm:"size:32;not null"`
	FileName  string `gorm:"size:255"`
	Payload   string `gorm:"type:text"`
	CreatedAt time.Time
}

// SavePendingImport stores a preview's import and returns it with its id.
// It replaces the same person's earlier preview of that kind in the chat:
// a leader who sends the file again means the new one, and a preview
// never pressed does not stay for ever.
func (s *Store) SavePendingImport(ctx context.Context, p PendingImport) (*PendingImport, error) {
	p.ID, p.CreatedAt = 0, s.Now()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("chat_id = ? AND user_id = ? AND kind = ?", p.ChatID, p.UserID, p.Kind).
			Delete(&PendingImport{}).Error; err != nil {
			return err
		}
		return tx.Create(&p).Error
	})
	if err != nil {
		return nil, fmt.Errorf("save a pending import: %w", err)
	}
	return &p, nil
}

// PendingImportByID returns a pending import, or ErrNotFound once it was
// confirmed or cancelled.
func (s *Store) PendingImportByID(ctx context.Context, id uint) (*PendingImport, error) {
	return takeByID[PendingImport](s.conn(ctx), id, "pending import")
}

// TakePendingImport deletes a pending import and reports whether it was
// still there: of two presses of 确认导入 only the first takes it. Called in
// the unit of work that then creates what it held, the deletion commits
// with what is created, or not at all. It is bookkeeping, not a change of
// the group's records: what the import creates carries its own audit
// events (each task its 交办).
func (s *Store) TakePendingImport(ctx context.Context, id uint) (bool, error) {
	res := s.conn(ctx).Delete(&PendingImport{}, id)
	if res.Error != nil {
		return false, fmt.Errorf("take pending import %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// UsersNamed returns the people with a Telegram account whose display name
// ([User.DisplayName]) is one of names, by name: how a sheet names people.
// Several people may share a name; the caller decides among them.
func (s *Store) UsersNamed(ctx context.Context, names []string) (map[string][]User, error) {
	out := map[string][]User{}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	db := s.conn(ctx)
	// Chunks keep the IN lists within every database's parameter limit. A
	// name is the first name alone, or first and last with a space.
	for start := 0; start < len(names); start += 300 {
		chunk := names[start:min(start+300, len(names))]
		var users []User
		err := db.Where("telegram_id IS NOT NULL AND anonymous = ? AND (first_name IN ? OR first_name || ' ' || last_name IN ?)",
			false, chunk, chunk).Order("id").Find(&users).Error
		if err != nil {
			return nil, fmt.Errorf("users by name: %w", err)
		}
		for _, u := range users {
			if n := u.DisplayName(); want[n] {
				out[n] = append(out[n], u)
			}
		}
	}
	return out, nil
}
