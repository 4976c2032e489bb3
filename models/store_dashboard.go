package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// EventDashboardReset is the audit kind of /dashboard 重置.
const EventDashboardReset = "dashboard_reset"

// DashboardToken returns the group's dashboard token, creating it the first
// time it is asked for.
func (s *Store) DashboardToken(ctx context.Context, chatID uint) (string, error) {
	db := s.conn(ctx)
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
	err := s.conn(ctx).Joins("JOIN dashboard_links ON dashboard_links.chat_id = chats.id").
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
	err := s.conn(ctx).
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

// DashboardCounts are the header of a group's dashboard, at the store's
// now: open = 待办 + 进行中 + 已提交; overdue = past the deadline and not
// submitted; due this week = open with the deadline in week; done = closed
// (已办结) in month. Week and month are the caller's, in the group's zone.
type DashboardCounts struct {
	All, Open, Overdue, DueThisWeek, DoneThisMonth int
}

// dashboardOpen are the statuses the dashboard counts as open.
var dashboardOpen = []Status{StatusTodo, StatusDoing, StatusSubmitted}

// DashboardCounts counts a chat's tasks for the dashboard's header.
func (s *Store) DashboardCounts(ctx context.Context, chatID uint, week, month Period) (*DashboardCounts, error) {
	var c DashboardCounts
	err := s.conn(ctx).Model(&Task{}).Select(`COUNT(*) AS "all",
		COALESCE(SUM(CASE WHEN status IN ? THEN 1 ELSE 0 END), 0) AS open,
		COALESCE(SUM(CASE WHEN status IN ? AND (deadline < ? OR missed_deadline IS NOT NULL) THEN 1 ELSE 0 END), 0) AS overdue,
		COALESCE(SUM(CASE WHEN status IN ? AND deadline >= ? AND deadline < ? THEN 1 ELSE 0 END), 0) AS due_this_week,
		COALESCE(SUM(CASE WHEN status = ? AND done_at >= ? AND done_at < ? THEN 1 ELSE 0 END), 0) AS done_this_month`,
		dashboardOpen, working, s.Now(), dashboardOpen, week.From.UTC(), week.To.UTC(),
		StatusDone, month.From.UTC(), month.To.UTC()).
		Where("chat_id = ?", chatID).Scan(&c).Error
	if err != nil {
		return nil, fmt.Errorf("dashboard counts of chat %d: %w", chatID, err)
	}
	return &c, nil
}

// UnitLoad is one unit's open and overdue tasks ("" for tasks without one).
type UnitLoad struct {
	Unit          string
	Open, Overdue int
}

// UnitLoads counts each unit's open and overdue tasks, the busiest first.
func (s *Store) UnitLoads(ctx context.Context, chatID uint) ([]UnitLoad, error) {
	var out []UnitLoad
	err := s.conn(ctx).Model(&Task{}).
		Select(`unit_name AS unit, COUNT(*) AS open,
			COALESCE(SUM(CASE WHEN status IN ? AND (deadline < ? OR missed_deadline IS NOT NULL) THEN 1 ELSE 0 END), 0) AS overdue`, working, s.Now()).
		Where("chat_id = ? AND status IN ?", chatID, dashboardOpen).
		Group("unit_name").Order("open DESC, overdue DESC, unit").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("unit loads of chat %d: %w", chatID, err)
	}
	return out, nil
}

// TaskUnits lists the units a chat's tasks name, by name.
func (s *Store) TaskUnits(ctx context.Context, chatID uint) ([]string, error) {
	var out []string
	err := s.conn(ctx).Model(&Task{}).Distinct("unit_name").
		Where("chat_id = ? AND unit_name <> ''", chatID).Order("unit_name").Pluck("unit_name", &out).Error
	if err != nil {
		return nil, fmt.Errorf("units of chat %d: %w", chatID, err)
	}
	return out, nil
}

// TaskPeople lists the people who lead or cooperate on a chat's tasks.
func (s *Store) TaskPeople(ctx context.Context, chatID uint) ([]User, error) {
	var out []User
	err := s.conn(ctx).
		Where("id IN (SELECT a.user_id FROM assignees a JOIN tasks t ON t.id = a.task_id WHERE t.chat_id = ?)", chatID).
		Order("first_name, last_name, username, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("people of chat %d: %w", chatID, err)
	}
	return out, nil
}

// SheetOrder orders a task sheet.
type SheetOrder int

// The orders of a sheet.
const (
	ByNumber       SheetOrder = iota // #1, #2, … as the ledger
	ByDeadline                       // the earliest deadline first
	ByDeadlineDesc                   // the latest deadline first
)

// SheetQuery selects a page of a chat's tasks for the dashboard's table.
// Zero fields select nothing out.
type SheetQuery struct {
	ChatID     uint
	Statuses   []Status
	Overdue    bool      // only open tasks past their deadline
	Unit       string    // only this unit's
	AssigneeID uint      // only tasks this user leads or cooperates on
	ListID     uint      // only the tasks of this 清单
	From, To   time.Time // only deadlines in [From, To)
	// Text keeps tasks whose title, unit or people's names contain it
	// (case-insensitively for Latin letters).
	Text   string
	Order  SheetOrder
	Offset int
	Limit  int // 0: no limit
}

// TaskSheet is a page of a chat's tasks with what its 台账 rows show, read
// with plain row scans: GORM's preloading costs several times as much.
type TaskSheet struct {
	// Total counts the tasks the query selects, over all pages.
	Total int64
	// Tasks of the page, each with its Assignees in the order they were
	// named; an assignee's User holds only the id and names.
	Tasks []Task
	// Users are the assigners and responsible leaders, by id.
	Users map[uint]User
	// Latest is each task's latest progress report (without its User).
	Latest map[uint]ProgressReport
	// Attachments counts each task's files (附件数).
	Attachments map[uint]int
}

// TaskSheet loads a page of a chat's tasks for the dashboard's table.
//
// The rows are read without ctx's cancellation: the SQLite driver watches a
// cancellable context with a goroutine per row, which cost more than the
// reading itself. A page is short.
func (s *Store) TaskSheet(ctx context.Context, q SheetQuery) (*TaskSheet, error) {
	sh := &TaskSheet{Users: map[uint]User{}, Latest: map[uint]ProgressReport{}}
	sel := s.sheetFilter(ctx, q)
	if err := sel.Count(&sh.Total).Error; err != nil {
		return nil, fmt.Errorf("task sheet of chat %d: %w", q.ChatID, err)
	}
	order := "number"
	switch q.Order {
	case ByDeadline:
		order = "deadline, number"
	case ByDeadlineDesc:
		order = "deadline DESC, number"
	}
	var ids []uint
	page := s.sheetFilter(ctx, q).Order(order)
	if q.Limit > 0 {
		page = page.Limit(q.Limit).Offset(q.Offset)
	}
	if err := page.Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("task sheet of chat %d: %w", q.ChatID, err)
	}
	if len(ids) == 0 {
		return sh, nil
	}
	if err := s.loadSheet(context.WithoutCancel(ctx), sh, ids); err != nil {
		return nil, fmt.Errorf("task sheet of chat %d: %w", q.ChatID, err)
	}
	var err error
	if sh.Attachments, err = attachmentCounts(s.conn(context.WithoutCancel(ctx)), ids); err != nil {
		return nil, fmt.Errorf("task sheet of chat %d: %w", q.ChatID, err)
	}
	return sh, nil
}

// sheetFilter is the WHERE of a sheet query.
func (s *Store) sheetFilter(ctx context.Context, q SheetQuery) *gorm.DB {
	db := s.conn(ctx).Model(&Task{}).Where("chat_id = ?", q.ChatID)
	if len(q.Statuses) > 0 {
		db = db.Where("status IN ?", q.Statuses)
	}
	if q.Overdue {
		db = db.Where("status IN ? AND (deadline < ? OR missed_deadline IS NOT NULL)", working, s.Now())
	}
	if q.Unit != "" {
		db = db.Where("unit_name = ?", q.Unit)
	}
	if q.ListID != 0 {
		db = db.Where("list_id = ?", q.ListID)
	}
	if q.AssigneeID != 0 {
		db = db.Where("id IN (SELECT task_id FROM assignees WHERE user_id = ?)", q.AssigneeID)
	}
	if !q.From.IsZero() {
		db = db.Where("deadline >= ?", q.From.UTC())
	}
	if !q.To.IsZero() {
		db = db.Where("deadline < ?", q.To.UTC())
	}
	if text := strings.TrimSpace(q.Text); text != "" {
		like := "%" + likeEscaper.Replace(strings.ToLower(text)) + "%"
		// People first: few match, and their assignments are indexed.
		db = db.Where(`(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(unit_name) LIKE ? ESCAPE '\' OR id IN
			(SELECT a.task_id FROM assignees a WHERE a.user_id IN (SELECT u.id FROM users u
			WHERE LOWER(u.first_name || ' ' || u.last_name || ' ' || u.username) LIKE ? ESCAPE '\')))`, like, like, like)
	}
	return db
}

// likeEscaper makes user text literal inside a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// loadSheet reads the tasks ids name, with their people and latest progress.
func (s *Store) loadSheet(ctx context.Context, sh *TaskSheet, ids []uint) error {
	db := s.conn(ctx)
	index := make(map[uint]int, len(ids))
	err := eachRow(db.Raw(`SELECT id, chat_id, number, title, unit_name, assigner_id, lead_id, responsible_id, status,
		deadline, original_deadline, missed_deadline, percent, extensions, submitted_at, done_at, cancelled_at, created_at
		FROM tasks WHERE id IN ?`, ids), func(rows *sql.Rows) error {
		var t Task
		var lead, responsible sql.NullInt64
		var missed, submitted, done, cancelled sql.NullTime
		if err := rows.Scan(&t.ID, &t.ChatID, &t.Number, &t.Title, &t.UnitName, &t.AssignerID, &lead, &responsible, &t.Status,
			&t.Deadline, &t.OriginalDeadline, &missed, &t.Percent, &t.Extensions, &submitted, &done, &cancelled, &t.CreatedAt); err != nil {
			return err
		}
		t.LeadID, t.ResponsibleID = nullID(lead), nullID(responsible)
		t.MissedDeadline = nullTime(missed)
		t.SubmittedAt, t.DoneAt, t.CancelledAt = nullTime(submitted), nullTime(done), nullTime(cancelled)
		index[t.ID] = len(sh.Tasks)
		sh.Tasks = append(sh.Tasks, t)
		return nil
	})
	if err != nil {
		return err
	}
	// Back in the page's order.
	byID := make(map[uint]Task, len(sh.Tasks))
	for _, t := range sh.Tasks {
		byID[t.ID] = t
	}
	sh.Tasks = sh.Tasks[:0]
	for _, id := range ids {
		if t, ok := byID[id]; ok {
			index[id] = len(sh.Tasks)
			sh.Tasks = append(sh.Tasks, t)
		}
	}
	err = eachRow(db.Raw(`SELECT a.task_id, a.user_id, a.role, a.seq, a.ack_at, u.username, u.first_name, u.last_name
		FROM assignees a JOIN users u ON u.id = a.user_id WHERE a.task_id IN ? ORDER BY a.task_id, a.seq`, ids),
		func(rows *sql.Rows) error {
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
		return err
	}
	people := map[uint]bool{}
	for _, t := range sh.Tasks {
		people[t.AssignerID] = true
		if t.ResponsibleID != nil {
			people[*t.ResponsibleID] = true
		}
	}
	userIDs := make([]uint, 0, len(people))
	for id := range people {
		userIDs = append(userIDs, id)
	}
	err = eachRow(db.Raw(`SELECT id, username, first_name, last_name FROM users WHERE id IN ?`, userIDs), func(rows *sql.Rows) error {
		var u User
		if err := rows.Scan(&u.ID, &u.Username, &u.FirstName, &u.LastName); err != nil {
			return err
		}
		sh.Users[u.ID] = u
		return nil
	})
	if err != nil {
		return err
	}
	// Ids grow with time: the highest id of a task's reports is its latest.
	return eachRow(db.Raw(`SELECT p.id, p.task_id, p.user_id, p.percent, p.text, p.created_at FROM progress_reports p
		WHERE p.id IN (SELECT MAX(r.id) FROM progress_reports r WHERE r.task_id IN ? GROUP BY r.task_id)`, ids),
		func(rows *sql.Rows) error {
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
