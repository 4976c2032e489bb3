package models

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// EnsureChat returns the stored chat for info, creating it (in zone
// defaultZone) the first time the bot sees it, and keeping its title and type
// current.
func (s *Store) EnsureChat(ctx context.Context, info ChatInfo, defaultZone string) (*Chat, error) {
	var c Chat
	created := false
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Where("telegram_id = ?", info.TelegramID).Take(&c).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			c = NewChat(info, defaultZone)
			if err := tx.Create(&c).Error; err != nil {
				return err
			}
			// A new group's digests start now, not at the next restart.
			if s.planner == nil || !c.IsGroup() {
				return nil
			}
			created = true
			return s.replanDigests(tx, c.ID, s.Now())
		}
		if err != nil {
			return err
		}
		if c.Title != info.Title || c.Type != info.Type || c.IsForum != info.IsForum {
			c.Title, c.Type, c.IsForum = info.Title, info.Type, info.IsForum
			return tx.Model(&c).Select("title", "type", "is_forum").Updates(&c).Error
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ensure chat %d: %w", info.TelegramID, err)
	}
	if created {
		s.planned()
	}
	return &c, nil
}

// NewChat is a chat as the bot first meets it, with the default settings.
func NewChat(info ChatInfo, zone string) Chat {
	return Chat{TelegramID: info.TelegramID, Type: info.Type, Title: info.Title, IsForum: info.IsForum,
		Zone: zone, NeedConfirm: true, RemindBefore: FormatOffsets(DefaultRemindBefore),
		QuietStart: 22 * 60, QuietEnd: 8 * 60, WeeklyDigest: DefaultWeeklyDigest, EscalateAfter: 2,
		RankOnTime: PointsOnTime, RankLate: PointsLate, RankOverdue: -PointsOverdue, FlagCount: FlagCount,
		RankExtensions: true, Publish: true, AckRemindAfter: DefaultAckRemindAfter, ConfirmRemindAfter: DefaultConfirmRemindAfter}
}

// ChatByTelegramID returns the chat Telegram knows by id.
func (s *Store) ChatByTelegramID(ctx context.Context, id int64) (*Chat, error) {
	return take[Chat](s.conn(ctx).Where("telegram_id = ?", id), "chat %d", id)
}

// ChatByID returns a chat by the store's own id.
func (s *Store) ChatByID(ctx context.Context, id uint) (*Chat, error) {
	return take[Chat](s.conn(ctx).Where("id = ?", id), "chat #%d", id)
}

// SetNeedConfirm sets whether /done needs a leader's confirmation.
func (s *Store) SetNeedConfirm(ctx context.Context, c Change, chatID uint, on bool) error {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := tx.Model(&Chat{}).Where("id = ?", chatID).Update("need_confirm", on).Error; err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, "settings", fmt.Sprintf("need_confirm=%v", on), now)
	})
	if err != nil {
		return fmt.Errorf("set confirmation: %w", err)
	}
	return nil
}

// AddUnit creates a unit in a chat and puts the given users in it (a user
// belongs to one unit per chat; naming them here moves them).
func (s *Store) AddUnit(ctx context.Context, c Change, chatID uint, name string, members []uint) (*Unit, error) {
	if err := CheckLength("unit", name, MaxUnitRunes); err != nil {
		return nil, err
	}
	u := Unit{ChatID: chatID, Name: name}
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		err := tx.Where("chat_id = ? AND name = ?", chatID, name).Take(&u).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			u.CreatedAt = now
			err = tx.Create(&u).Error
		} else if err == nil && len(members) == 0 {
			return ErrExists
		}
		if err != nil {
			return err
		}
		for _, uid := range members {
			if err := setMembership(tx, chatID, uid, map[string]any{"unit_name": name}); err != nil {
				return err
			}
		}
		return audit(tx, chatID, nil, c, "unit_added", name, now)
	})
	if err != nil {
		return nil, fmt.Errorf("add unit %q: %w", name, err)
	}
	return &u, nil
}

// UnitWithMembers is a unit and who is in it.
type UnitWithMembers struct {
	Unit
	Members []User
}

// Units lists a chat's units by name, with their members.
func (s *Store) Units(ctx context.Context, chatID uint) ([]UnitWithMembers, error) {
	var units []Unit
	db := s.conn(ctx)
	if err := db.Where("chat_id = ?", chatID).Order("name").Find(&units).Error; err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	var rows []struct {
		UnitName string
		User
	}
	err := db.Table("memberships").Select("memberships.unit_name, users.*").
		Joins("JOIN users ON users.id = memberships.user_id").
		Where("memberships.chat_id = ? AND memberships.unit_name <> ''", chatID).
		Order("users.first_name, users.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list unit members: %w", err)
	}
	out := make([]UnitWithMembers, len(units))
	index := map[string]int{}
	for i, u := range units {
		out[i].Unit = u
		index[u.Name] = i
	}
	for _, r := range rows {
		if i, ok := index[r.UnitName]; ok {
			out[i].Members = append(out[i].Members, r.User)
		}
	}
	return out, nil
}

// RemoveUnit deletes a unit; its members keep no unit. Tasks keep the unit's
// name, so history and rankings are unchanged.
func (s *Store) RemoveUnit(ctx context.Context, c Change, chatID uint, name string) error {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := deleteOne(tx.Where("chat_id = ? AND name = ?", chatID, name), &Unit{}); err != nil {
			return err
		}
		if err := tx.Model(&Membership{}).Where("chat_id = ? AND unit_name = ?", chatID, name).
			Update("unit_name", "").Error; err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, "unit_removed", name, now)
	})
	if err != nil {
		return fmt.Errorf("remove unit %q: %w", name, err)
	}
	return nil
}

// UnitOf returns the user's unit in the chat, or "".
func (s *Store) UnitOf(ctx context.Context, chatID, userID uint) (string, error) {
	var m Membership
	err := s.conn(ctx).Where("chat_id = ? AND user_id = ?", chatID, userID).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("unit of user %d: %w", userID, err)
	}
	return m.UnitName, nil
}

// SetNamedLeader names a user a leader of the chat, or takes it back.
func (s *Store) SetNamedLeader(ctx context.Context, c Change, chatID, userID uint, leader bool) error {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := setMembership(tx, chatID, userID, map[string]any{"named_leader": leader}); err != nil {
			return err
		}
		kind := "leader_added"
		if !leader {
			kind = "leader_removed"
		}
		return audit(tx, chatID, nil, c, kind, fmt.Sprint(userID), now)
	})
	if err != nil {
		return fmt.Errorf("set leader: %w", err)
	}
	return nil
}

// IsNamedLeader reports whether a leader named the user a leader of the chat.
func (s *Store) IsNamedLeader(ctx context.Context, chatID, userID uint) (bool, error) {
	var n int64
	err := s.conn(ctx).Model(&Membership{}).
		Where("chat_id = ? AND user_id = ? AND named_leader = ?", chatID, userID, true).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("is leader: %w", err)
	}
	return n > 0, nil
}

// NamedLeaders lists the users a leader named leaders of the chat.
func (s *Store) NamedLeaders(ctx context.Context, chatID uint) ([]User, error) {
	var users []User
	err := s.conn(ctx).Joins("JOIN memberships ON memberships.user_id = users.id").
		Where("memberships.chat_id = ? AND memberships.named_leader = ?", chatID, true).
		Order("users.first_name, users.id").Find(&users).Error
	if err != nil {
		return nil, fmt.Errorf("list leaders: %w", err)
	}
	return users, nil
}

// setMembership upserts a membership row with the given columns.
func setMembership(tx *gorm.DB, chatID, userID uint, cols map[string]any) error {
	m := Membership{ChatID: chatID, UserID: userID}
	if v, ok := cols["unit_name"].(string); ok {
		m.UnitName = v
	}
	if v, ok := cols["named_leader"].(bool); ok {
		m.NamedLeader = v
	}
	names := make([]string, 0, len(cols)+1)
	for k := range cols {
		names = append(names, k)
	}
	names = append(names, "updated_at")
	return tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "chat_id"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns(names),
	}).Create(&m).Error
}

// UnitByName returns a chat's unit by name.
func (s *Store) UnitByName(ctx context.Context, chatID uint, name string) (*Unit, error) {
	var u Unit
	if err := s.conn(ctx).Where("chat_id = ? AND name = ?", chatID, name).Take(&u).Error; err != nil {
		return nil, fmt.Errorf("unit %q: %w", name, notFound(err))
	}
	return &u, nil
}

// UnitByID returns a unit by id, only if it belongs to the chat.
func (s *Store) UnitByID(ctx context.Context, chatID, id uint) (*Unit, error) {
	var u Unit
	if err := s.conn(ctx).Where("chat_id = ? AND id = ?", chatID, id).Take(&u).Error; err != nil {
		return nil, fmt.Errorf("unit %d: %w", id, notFound(err))
	}
	return &u, nil
}

// BlockChat records that the bot may no longer write to a chat (removed from
// the group) and gives up its pending reminders. first is false when it was
// recorded already, so the caller logs it once.
func (s *Store) BlockChat(ctx context.Context, chatID uint, reason string) (first bool, err error) {
	now := s.Now()
	err = s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Chat{}).Where("id = ? AND blocked_at IS NULL", chatID).Update("blocked_at", now)
		if res.Error != nil {
			return res.Error
		}
		first = res.RowsAffected > 0
		return tx.Model(&Reminder{}).Where("chat_id = ? AND "+pending, chatID).
			Updates(map[string]any{"failed_at": now, "last_error": truncate(reason, 500)}).Error
	})
	if err != nil {
		return false, fmt.Errorf("block chat %d: %w", chatID, err)
	}
	return first, nil
}

// UnblockChat records that the bot is back in a group and plans its
// reminders again.
func (s *Store) UnblockChat(ctx context.Context, chatID uint) error {
	now := s.Now()
	var was bool
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Chat{}).Where("id = ? AND blocked_at IS NOT NULL", chatID).Update("blocked_at", nil)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		was = true
		return s.replanChat(tx, chatID, now)
	})
	if err != nil {
		return fmt.Errorf("unblock chat %d: %w", chatID, err)
	}
	if was {
		s.planned()
	}
	return nil
}

// UpdateSettings changes a group's reminder settings and zone and replans
// its pending reminders at once.
func (s *Store) UpdateSettings(ctx context.Context, c Change, chatID uint, zone string, set Settings) (*Chat, error) {
	if _, err := time.LoadLocation(zone); err != nil {
		return nil, fmt.Errorf("%w: zone %q", ErrInvalid, zone)
	}
	cols := map[string]any{
		"zone": zone, "remind_before": FormatOffsets(set.RemindBefore),
		"quiet_start": set.QuietStart, "quiet_end": set.QuietEnd,
		"weekly_digest": set.WeeklyDigest, "daily_digest": set.DailyDigest,
		"escalate_after": set.EscalateAfter, "need_confirm": set.NeedConfirm,
		"rank_on_time": set.Rank.OnTime, "rank_late": set.Rank.Late, "rank_overdue": set.Rank.Overdue,
		"flag_count": set.Rank.Flags, "rank_extensions": set.Rank.ExtensionsCount,
		"rank_unit_only": set.Rank.UnitOnly, "publish": set.Publish,
		"late_extension": set.LateExtension, "ack_remind_after": int(set.AckRemindAfter / time.Minute),
		"confirm_remind_after": set.ConfirmRemindAfter, "leaders_named_only": set.LeadersNamedOnly,
		"problem_reply_days": cmp.Or(set.ProblemReplyDays, DefaultProblemReplyDays),
	}
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := tx.Model(&Chat{}).Where("id = ?", chatID).Updates(cols).Error; err != nil {
			return err
		}
		if err := s.replanChat(tx, chatID, now); err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, "settings", fmt.Sprint(cols), now)
	})
	if err != nil {
		return nil, fmt.Errorf("update settings: %w", err)
	}
	s.planned()
	return s.ChatByID(ctx, chatID)
}

// PlanMissingDigests plans the next digest for every group that has none
// pending (groups created before digests existed, or after a restore). It
// never touches task reminders, so nothing missed while the bot was down is
// lost. It runs at every start: finding those groups reads the small index
// of unsent digests, and their digests are planned missingBatch groups to a
// transaction.
func (s *Store) PlanMissingDigests(ctx context.Context) error {
	if s.planner == nil {
		return nil
	}
	now := s.Now()
	var ids []uint
	err := s.conn(ctx).Model(&Chat{}).
		Where("type IN ? AND blocked_at IS NULL", []string{"group", "supergroup"}).
		Where("NOT EXISTS (SELECT 1 FROM reminders WHERE reminders.chat_id = chats.id AND "+groupPending+" AND kind IN ?)", GroupKinds).
		Pluck("id", &ids).Error
	if err != nil {
		return fmt.Errorf("find groups without digests: %w", err)
	}
	for start := 0; start < len(ids); start += missingBatch {
		batch := ids[start:min(start+missingBatch, len(ids))]
		err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
			for _, id := range batch {
				if err := s.replanDigests(tx, id, now); err != nil {
					return fmt.Errorf("chat %d: %w", id, err)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("plan missing digests: %w", err)
		}
	}
	if len(ids) > 0 {
		s.planned()
	}
	return nil
}

// missingBatch is how many groups PlanMissingDigests plans in one
// transaction: a few milliseconds of the database each.
const missingBatch = 100
