package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// SeenUser records a user from an update: created the first time, names kept
// current afterwards. If someone had named the user by @username before the
// bot saw them, that placeholder is bound to them here, with its tasks.
func (s *Store) SeenUser(ctx context.Context, info UserInfo) (*User, error) {
	username := NormalizeUsername(info.Username)
	var u User
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Where("telegram_id = ?", info.TelegramID).Take(&u).Error
		known := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		var placeholder User
		hasPlaceholder := false
		if username != "" {
			err := tx.Where("username = ? AND telegram_id IS NULL", username).Take(&placeholder).Error
			hasPlaceholder = err == nil
			if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
		}
		switch {
		case known && hasPlaceholder:
			if err := mergeUser(tx, placeholder.ID, u.ID); err != nil {
				return err
			}
		case hasPlaceholder:
			u = placeholder
		case !known:
			u = User{}
		}
		if u.ID != 0 && u.TelegramID != nil && u.Username == username && u.FirstName == info.FirstName &&
			u.LastName == info.LastName && u.LanguageCode == info.LanguageCode {
			return nil // nothing changed: no write on every message
		}
		id := info.TelegramID
		u.TelegramID = &id
		u.Username, u.FirstName, u.LastName, u.LanguageCode = username, info.FirstName, info.LastName, info.LanguageCode
		return tx.Save(&u).Error
	})
	if err != nil {
		return nil, fmt.Errorf("record user %d: %w", info.TelegramID, err)
	}
	return &u, nil
}

// mergeUser moves everything of user from onto user to and deletes from.
func mergeUser(tx *gorm.DB, from, to uint) error {
	// An assignment both rows hold would break the (task, user) key: keep
	// to's, but as lead where from led, so the task keeps its 主办.
	if err := tx.Model(&Assignee{}).Where("user_id = ? AND task_id IN (?)", to,
		tx.Model(&Assignee{}).Select("task_id").Where("user_id = ? AND role = ?", from, RoleLead)).
		Update("role", RoleLead).Error; err != nil {
		return err
	}
	if err := tx.Where("user_id = ? AND task_id IN (?)", from,
		tx.Model(&Assignee{}).Select("task_id").Where("user_id = ?", to)).Delete(&Assignee{}).Error; err != nil {
		return err
	}
	if err := tx.Where("user_id = ? AND chat_id IN (?)", from,
		tx.Model(&Membership{}).Select("chat_id").Where("user_id = ?", to)).Delete(&Membership{}).Error; err != nil {
		return err
	}
	for _, m := range []struct {
		model any
		col   string
	}{
		{&Assignee{}, "user_id"}, {&Membership{}, "user_id"}, {&Task{}, "responsible_id"}, {&Task{}, "lead_id"},
	} {
		if err := tx.Model(m.model).Where(m.col+" = ?", from).Update(m.col, to).Error; err != nil {
			return err
		}
	}
	return tx.Delete(&User{}, from).Error
}

// AnonymousAdmin returns the user that stands for group administrators who
// post anonymously, creating it the first time. It has no Telegram account:
// changes it makes are recorded, and shown, as made by [AnonymousName].
func (s *Store) AnonymousAdmin(ctx context.Context) (*User, error) {
	var u User
	err := s.conn(ctx).Where("anonymous = ?", true).
		Attrs(User{FirstName: AnonymousName, Anonymous: true}).FirstOrCreate(&u).Error
	if err != nil {
		return nil, fmt.Errorf("anonymous administrator: %w", err)
	}
	return &u, nil
}

// UserInChat returns a user only if they have a place in the chat: a task
// of the chat they lead or cooperate on, or a unit or leader membership
// there. Ids that come from outside, such as button data, are resolved
// through it, so that a forged id never shows the name of someone the chat
// does not know.
func (s *Store) UserInChat(ctx context.Context, chatID, userID uint) (*User, error) {
	var u User
	err := s.conn(ctx).Where("id = ? AND (EXISTS (SELECT 1 FROM assignees a JOIN tasks t ON t.id = a.task_id "+
		"WHERE a.user_id = users.id AND t.chat_id = ?) OR EXISTS (SELECT 1 FROM memberships m "+
		"WHERE m.user_id = users.id AND m.chat_id = ?))", userID, chatID, chatID).Take(&u).Error
	if err != nil {
		return nil, fmt.Errorf("user #%d in chat #%d: %w", userID, chatID, notFound(err))
	}
	return &u, nil
}

// UserByTelegramID returns the user Telegram knows by id.
func (s *Store) UserByTelegramID(ctx context.Context, id int64) (*User, error) {
	return take[User](s.conn(ctx).Where("telegram_id = ?", id), "user %d", id)
}

// UserByID returns a user by the store's own id.
func (s *Store) UserByID(ctx context.Context, id uint) (*User, error) {
	return take[User](s.conn(ctx).Where("id = ?", id), "user #%d", id)
}

// UserByUsername returns the user with that @username (seen or placeholder).
func (s *Store) UserByUsername(ctx context.Context, username string) (*User, error) {
	if NormalizeUsername(username) == "" {
		// Not "any user without a username".
		return nil, fmt.Errorf("user @%s: %w", username, ErrNotFound)
	}
	var u User
	err := s.conn(ctx).Where("username = ?", NormalizeUsername(username)).
		Order("CASE WHEN telegram_id IS NULL THEN 1 ELSE 0 END, updated_at DESC").Take(&u).Error
	if err != nil {
		return nil, fmt.Errorf("user @%s: %w", username, notFound(err))
	}
	return &u, nil
}

// UsernamePlaceholder returns the user with that @username, creating an
// unbound placeholder if the bot has never seen them (created reports that).
func (s *Store) UsernamePlaceholder(ctx context.Context, username string) (u *User, created bool, err error) {
	if NormalizeUsername(username) == "" {
		return nil, false, fmt.Errorf("%w: empty username", ErrInvalid)
	}
	u, err = s.UserByUsername(ctx, username)
	if err == nil {
		return u, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, false, err
	}
	u = &User{Username: NormalizeUsername(username)}
	if err := s.conn(ctx).Create(u).Error; err != nil {
		return nil, false, fmt.Errorf("remember @%s: %w", username, err)
	}
	return u, true, nil
}

// SetStartedBot records that the user started the bot in private, so it may
// now message them.
func (s *Store) SetStartedBot(ctx context.Context, userID uint, started bool) error {
	err := s.conn(ctx).Model(&User{}).Where("id = ?", userID).
		Updates(map[string]any{"started_bot": started, "updated_at": s.Now()}).Error
	if err != nil {
		return fmt.Errorf("mark user %d started=%v: %w", userID, started, err)
	}
	return nil
}

// usersByID loads users by id, keyed by id.
func usersByID(tx *gorm.DB, ids []uint) (map[uint]User, error) {
	out := make(map[uint]User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var users []User
	if err := tx.Where("id IN ?", ids).Find(&users).Error; err != nil {
		return nil, err
	}
	for _, u := range users {
		out[u.ID] = u
	}
	return out, nil
}
