package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// EventDashboardReset is the audit kind of /dashboard 重置.
const EventDashboardReset = "dashboard_reset"

// DashboardToken returns the group's dashboard token, creating it the first
// time it is asked for.
func (s *Store) DashboardToken(ctx context.Context, chatID uint) (string, error) {
	db := s.db.WithContext(ctx)
	var link DashboardLink
	err := db.Where("chat_id = ?", chatID).Take(&link).Error
	if err == nil {
		return link.Token, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return "", fmt.Errorf("dashboard token of chat %d: %w", chatID, err)
	}
	now := s.Now()
	link = DashboardLink{ChatID: chatID, Token: newDashboardToken(), CreatedAt: now, UpdatedAt: now}
	// Two first requests at once: one insert wins, both read the winner.
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Omit("Chat").Create(&link).Error; err != nil {
		return "", fmt.Errorf("create dashboard token of chat %d: %w", chatID, err)
	}
	if err := db.Where("chat_id = ?", chatID).Take(&link).Error; err != nil {
		return "", fmt.Errorf("dashboard token of chat %d: %w", chatID, err)
	}
	return link.Token, nil
}

// ResetDashboardToken gives the group a new dashboard token (/dashboard 重置):
// the old link stops working at once. The change is in the audit trail.
func (s *Store) ResetDashboardToken(ctx context.Context, c Change, chatID uint) (string, error) {
	token := newDashboardToken()
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		link := DashboardLink{ChatID: chatID, Token: token, CreatedAt: now, UpdatedAt: now}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "chat_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"token", "updated_at"}),
		}).Omit("Chat").Create(&link).Error
		if err != nil {
			return err
		}
		return audit(tx, chatID, nil, c, EventDashboardReset, "", now)
	})
	if err != nil {
		return "", fmt.Errorf("reset dashboard token of chat %d: %w", chatID, err)
	}
	return token, nil
}

// ChatByDashboardToken returns the group a dashboard token opens, or
// ErrNotFound for a token that is malformed, renewed since or never existed.
func (s *Store) ChatByDashboardToken(ctx context.Context, token string) (*Chat, error) {
	if !ValidDashboardToken(token) {
		return nil, fmt.Errorf("dashboard token: %w", ErrNotFound)
	}
	var c Chat
	err := s.db.WithContext(ctx).Joins("JOIN dashboard_links ON dashboard_links.chat_id = chats.id").
		Where("dashboard_links.token = ?", token).Take(&c).Error
	if err != nil {
		return nil, fmt.Errorf("dashboard token: %w", notFound(err))
	}
	return &c, nil
}

// mergeDashboardLink keeps the group's dashboard link in a merge (see
// mergeChat); the new id's link is kept only when the group had none, so
// links handed out on either side before the merge keep working where they
// can.
func mergeDashboardLink(tx *gorm.DB, old, fresh *Chat) error {
	var n int64
	if err := tx.Model(&DashboardLink{}).Where("chat_id = ?", old.ID).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return tx.Where("chat_id = ?", fresh.ID).Delete(&DashboardLink{}).Error
	}
	return tx.Model(&DashboardLink{}).Where("chat_id = ?", fresh.ID).UpdateColumn("chat_id", old.ID).Error
}

// GroupsOfUser lists the groups a user has to do with — named leader or unit
// member there, assigner or assignee of a task there — that the bot still
// works in, by title: the groups a leader may switch between on the
// dashboard (whether they lead each one is for Telegram to say).
func (s *Store) GroupsOfUser(ctx context.Context, userID uint) ([]Chat, error) {
	var chats []Chat
	err := s.db.WithContext(ctx).
		Where("type IN ? AND blocked_at IS NULL", []string{"group", "supergroup"}).
		Where(`(id IN (SELECT chat_id FROM memberships WHERE user_id = ?)
			OR id IN (SELECT chat_id FROM tasks WHERE assigner_id = ?)
			OR id IN (SELECT t.chat_id FROM tasks t JOIN assignees a ON a.task_id = t.id WHERE a.user_id = ?))`,
			userID, userID, userID).
		Order("title, id").Find(&chats).Error
	if err != nil {
		return nil, fmt.Errorf("groups of user %d: %w", userID, err)
	}
	return chats, nil
}

// TaskSheet is every task of a group with what its 台账 row shows, loaded
// lean: the dashboard shows groups of thousands of tasks, and GORM's
// preloading of Ledger costs ten times as much for the same rows.
type TaskSheet struct {
	// Tasks in number order, each with its Assignees in the order they
	// were named; an assignee's User holds only the id and names.
	Tasks []Task
	// Users are the assigners and responsible leaders, by id.
	Users map[uint]User
	// Latest is each task's latest progress report (without its User).
	Latest map[uint]ProgressReport
}

// TaskSheet loads every task of a chat for the dashboard.
func (s *Store) TaskSheet(ctx context.Context, chatID uint) (*TaskSheet, error) {
	db := s.db.WithContext(ctx)
	sh := &TaskSheet{Users: map[uint]User{}, Latest: map[uint]ProgressReport{}}
	index := map[uint]int{}
	err := eachRow(db.Raw(`SELECT id, number, title, unit_name, assigner_id, lead_id, responsible_id, status,
		deadline, original_deadline, percent, extensions, submitted_at, done_at, cancelled_at, created_at
		FROM tasks WHERE chat_id = ? ORDER BY number`, chatID), func(rows *sql.Rows) error {
		var t Task
		var lead, responsible sql.NullInt64
		var submitted, done, cancelled sql.NullTime
		if err := rows.Scan(&t.ID, &t.Number, &t.Title, &t.UnitName, &t.AssignerID, &lead, &responsible, &t.Status,
			&t.Deadline, &t.OriginalDeadline, &t.Percent, &t.Extensions, &submitted, &done, &cancelled, &t.CreatedAt); err != nil {
			return err
		}
		t.ChatID = chatID
		t.LeadID, t.ResponsibleID = nullID(lead), nullID(responsible)
		t.SubmittedAt, t.DoneAt, t.CancelledAt = nullTime(submitted), nullTime(done), nullTime(cancelled)
		index[t.ID] = len(sh.Tasks)
		sh.Tasks = append(sh.Tasks, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("task sheet of chat %d: %w", chatID, err)
	}
	err = eachRow(db.Raw(`SELECT a.task_id, a.user_id, a.role, a.seq, a.ack_at, u.username, u.first_name, u.last_name
		FROM assignees a JOIN tasks t ON t.id = a.task_id JOIN users u ON u.id = a.user_id
		WHERE t.chat_id = ? ORDER BY a.task_id, a.seq`, chatID), func(rows *sql.Rows) error {
		var a Assignee
		var ack sql.NullTime
		if err := rows.Scan(&a.TaskID, &a.UserID, &a.Role, &a.Seq, &ack, &a.User.Username, &a.User.FirstName, &a.User.LastName); err != nil {
			return err
		}
		a.AckAt, a.User.ID = nullTime(ack), a.UserID
		if i, ok := index[a.TaskID]; ok {
			sh.Tasks[i].Assignees = append(sh.Tasks[i].Assignees, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("task sheet assignees of chat %d: %w", chatID, err)
	}
	err = eachRow(db.Raw(`SELECT id, username, first_name, last_name FROM users WHERE id IN
		(SELECT assigner_id FROM tasks WHERE chat_id = ? UNION SELECT responsible_id FROM tasks WHERE chat_id = ?)`,
		chatID, chatID), func(rows *sql.Rows) error {
		var u User
		if err := rows.Scan(&u.ID, &u.Username, &u.FirstName, &u.LastName); err != nil {
			return err
		}
		sh.Users[u.ID] = u
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("task sheet people of chat %d: %w", chatID, err)
	}
	// Ids grow with time: the highest id of a task's reports is its latest.
	err = eachRow(db.Raw(`SELECT p.id, p.task_id, p.user_id, p.percent, p.text, p.created_at FROM progress_reports p
		WHERE p.id IN (SELECT MAX(r.id) FROM progress_reports r JOIN tasks t ON t.id = r.task_id
		WHERE t.chat_id = ? GROUP BY r.task_id)`, chatID), func(rows *sql.Rows) error {
		var p ProgressReport
		var pct sql.NullInt64
		if err := rows.Scan(&p.ID, &p.TaskID, &p.UserID, &pct, &p.Text, &p.CreatedAt); err != nil {
			return err
		}
		if pct.Valid {
			v := int(pct.Int64)
			p.Percent = &v
		}
		sh.Latest[p.TaskID] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("task sheet progress of chat %d: %w", chatID, err)
	}
	return sh, nil
}

// eachRow runs a raw query and calls fn for each row.
func eachRow(q *gorm.DB, fn func(*sql.Rows) error) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func nullID(n sql.NullInt64) *uint {
	if !n.Valid {
		return nil
	}
	id := uint(n.Int64)
	return &id
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}
