package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ChatMerge tells what [Store.MigrateChat] found under the new id.
type ChatMerge struct {
	// Merged is true when the new id already had a chat of its own (people
	// used the supergroup before the bot heard of the upgrade), now merged
	// into the group.
	Merged bool
	// Tasks counts the group's tasks from before the upgrade.
	Tasks int
	// Renumbered lists the tasks made under the new id before the merge:
	// they are numbered after the group's own.
	Renumbered []Renumbered
	// NewSettings is true when settings a leader chose under the new id
	// were kept instead of the group's older ones.
	NewSettings bool
	// NewHolidays is true when days a leader changed under the new id
	// (/holiday) joined the group's own: for the same day, the later wins.
	NewHolidays bool
}

// Renumbered is a task whose number changed in a merge.
type Renumbered struct {
	TaskID   uint
	From, To int
}

// settingsColumns are the chat's columns that /settings changes.
var settingsColumns = []string{"zone", "remind_before", "quiet_start", "quiet_end", "weekly_digest",
	"daily_digest", "escalate_after", "need_confirm", "rank_on_time", "rank_late", "rank_overdue",
	"flag_count", "rank_extensions", "rank_unit_only", "publish",
	"late_extension", "ack_remind_after", "confirm_remind_after", "leaders_named_only",
	"problem_reply_days"}

// MigrateChat moves a group to its new Telegram id when it becomes a
// supergroup. Its tasks, units and settings hang off the store's own id, so
// they all follow. Migrating twice, or to an id already moved to, is
// harmless.
//
// When the bot missed the upgrade, people may have used the supergroup
// first, and a chat of its own was made there. It is merged into the
// group's row by rules that need nobody to choose and lose nothing:
//   - its tasks keep their order but are numbered after the group's own;
//     buttons, reminders and questions name tasks by id and keep working;
//   - units of the same name are one unit; for a person with a membership in
//     both, the later one (under the new id) wins;
//   - settings a leader changed under the new id win, else the group's stay;
//     reminders and digests are planned again under them;
//   - both audit trails and the open questions under the new id are kept;
//   - the group's own days (/holiday) join, the new id's winning for a day
//     both changed.
func (s *Store) MigrateChat(ctx context.Context, oldID, newID int64) (*ChatMerge, error) {
	var m ChatMerge
	now := s.Now()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		m = ChatMerge{}
		replanAll := false
		var old Chat
		if err := tx.Where("telegram_id = ?", oldID).Take(&old).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil // never seen, or already moved
			}
			return err
		}
		cols := map[string]any{"telegram_id": newID, "type": "supergroup"}
		var fresh Chat
		err := tx.Where("telegram_id = ?", newID).Take(&fresh).Error
		switch {
		case err == nil:
			if err := mergeChat(tx, &old, &fresh, &m); err != nil {
				return err
			}
			cols["title"], cols["is_forum"] = fresh.Title, fresh.IsForum
			// The supergroup is where the bot works now: the old group's
			// removal, if any, no longer holds.
			if old.BlockedAt != nil && fresh.BlockedAt == nil {
				cols["blocked_at"] = nil
				replanAll = true
			}
			replanAll = replanAll || m.NewSettings || m.NewHolidays
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		if err := tx.Model(&Chat{}).Where("id = ?", old.ID).Updates(cols).Error; err != nil {
			return err
		}
		switch {
		case !m.Merged || s.planner == nil:
			return nil
		case replanAll:
			return s.replanChat(tx, old.ID, now)
		}
		// The group's own tasks were planned under the settings that stay:
		// only the moved ones, planned under the new id's, and the digests
		// are planned again.
		for _, r := range m.Renumbered {
			if err := s.replanTask(tx, r.TaskID, now); err != nil {
				return err
			}
		}
		return s.replanDigests(tx, old.ID, now)
	})
	if m.NewHolidays {
		s.forgetHolidays()
	}
	if err != nil {
		return nil, fmt.Errorf("migrate chat %d to %d: %w", oldID, newID, err)
	}
	if m.Merged {
		s.planned()
	}
	return &m, nil
}

// renumber moves the rows of model's table (tasks, problems) from chat
// fresh to chat old, numbered after old's last number, and stores the new
// last number in old's counter column; moved hears of each row moved.
func renumber(tx *gorm.DB, model any, counter string, old, fresh uint, last int, moved func(id uint, from, to int)) error {
	var rows []struct {
		ID     uint
		Number int
	}
	if err := tx.Model(model).Select("id", "number").Where("chat_id = ?", fresh).Order("number").Find(&rows).Error; err != nil {
		return err
	}
	next := last
	for _, r := range rows {
		next++
		if err := tx.Model(model).Where("id = ?", r.ID).
			UpdateColumns(map[string]any{"chat_id": old, "number": next}).Error; err != nil {
			return err
		}
		if moved != nil {
			moved(r.ID, r.Number, next)
		}
	}
	return tx.Model(&Chat{}).Where("id = ?", old).UpdateColumn(counter, next).Error
}

// mergeChat moves everything of fresh into old, inside tx, and deletes
// fresh; see [Store.MigrateChat] for the rules.
func mergeChat(tx *gorm.DB, old, fresh *Chat, m *ChatMerge) error {
	m.Merged = true
	var n int64
	if err := tx.Model(&Task{}).Where("chat_id = ?", old.ID).Count(&n).Error; err != nil {
		return err
	}
	m.Tasks = int(n)

	err := renumber(tx, &Task{}, "last_task_number", old.ID, fresh.ID, old.LastTaskNumber, func(id uint, from, to int) {
		m.Renumbered = append(m.Renumbered, Renumbered{From: from, To: to, TaskID: id})
	})
	if err != nil {
		return err
	}

	var settingsChanged int64
	if err := tx.Model(&AuditEvent{}).Where("chat_id = ? AND kind = ?", fresh.ID, "settings").
		Count(&settingsChanged).Error; err != nil {
		return err
	}
	if settingsChanged > 0 {
		kept := *fresh
		kept.ID = old.ID
		if err := tx.Model(&kept).Select(settingsColumns).Updates(&kept).Error; err != nil {
			return err
		}
		m.NewSettings = true
	}

	// Where both hold a row for the same key, the new id's wins (units are
	// one by name, so either will do).
	for _, dup := range []struct {
		model any
		key   string
	}{{&Unit{}, "name"}, {&Membership{}, "user_id"}, {&Prompt{}, "message_id"}, {&HolidayOverride{}, "day"}} {
		if err := tx.Where("chat_id = ? AND "+dup.key+" IN (?)", old.ID,
			tx.Model(dup.model).Select(dup.key).Where("chat_id = ?", fresh.ID)).Delete(dup.model).Error; err != nil {
			return err
		}
	}
	// The new id's digests were planned for its own settings: the merged
	// group plans its own.
	if err := tx.Where("chat_id = ? AND kind IN ? AND "+pending, fresh.ID, GroupKinds).Delete(&Reminder{}).Error; err != nil {
		return err
	}
	var days int64
	if err := tx.Model(&HolidayOverride{}).Where("chat_id = ?", fresh.ID).Count(&days).Error; err != nil {
		return err
	}
	m.NewHolidays = days > 0
	if err := mergeLists(tx, old, fresh); err != nil {
		return err
	}
	if err := mergeContests(tx, old.ID, fresh.ID); err != nil {
		return err
	}
	for _, model := range []any{&Unit{}, &Membership{}, &Prompt{}, &AuditEvent{}, &Reminder{}, &HolidayOverride{}, &PublishedRanking{},
		&Attachment{}, &PendingImport{}, &Series{}, &Contest{}, &TaskList{}} {
		if err := tx.Model(model).Where("chat_id = ?", fresh.ID).UpdateColumn("chat_id", old.ID).Error; err != nil {
			return err
		}
	}
	if err := mergeProblems(tx, old, fresh); err != nil {
		return err
	}
	if err := mergeDashboardLink(tx, old, fresh); err != nil {
		return err
	}
	return tx.Delete(&Chat{}, fresh.ID).Error
}
