package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Errors of series.
var (
	// ErrNotSeries: the task is no instance of a series.
	ErrNotSeries = errors.New("the task belongs to no series")
	// ErrSeriesStopped: the series was stopped already.
	ErrSeriesStopped = errors.New("the series has been stopped already")
)

// NewSeries is what /assign with a recurring phrase gives: the fields of
// every instance (Task; its Deadline is not used: the rule sets each
// instance's) and the rule, in any form the SeriesPlanner reads.
type NewSeries struct {
	Task   NewTask
	Rule   string
	Phrase string
}

// seriesPlanner is the store's planner as a SeriesPlanner.
func (s *Store) seriesPlanner() (SeriesPlanner, error) {
	sp, ok := s.planner.(SeriesPlanner)
	if !ok {
		return nil, errors.New("no planner reads recurring rules")
	}
	return sp, nil
}

// CreateSeries stores a series and its first instance, due at the rule's
// next occurrence after now, in one transaction with their audit events.
// It refuses (ErrInvalid) a rule the planner cannot read or that never
// falls due, and a series without a 主办.
func (s *Store) CreateSeries(ctx context.Context, c Change, n NewSeries) (*Series, *Task, error) {
	sp, err := s.seriesPlanner()
	if err != nil {
		return nil, nil, err
	}
	rule, err := sp.CheckRule(n.Rule)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: rule %q: %w", ErrInvalid, n.Rule, err)
	}
	n.Task.Deadline = s.Now() // checked below; each instance's is the rule's
	if err := n.Task.Validate(); err != nil {
		return nil, nil, err
	}
	if n.Task.LeadID == 0 {
		return nil, nil, fmt.Errorf("%w: a series needs a lead", ErrInvalid)
	}
	var ser Series
	var t *Task
	err = s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		chat, err := s.seriesChat(tx, n.Task.ChatID)
		if err != nil {
			return err
		}
		first, err := sp.NextOccurrence(chat, rule, now)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		first = first.UTC().Truncate(time.Second) // stored and compared in UTC, like every time
		nt := n.Task
		listID, err := listForNewTask(tx, &nt)
		if err != nil {
			return err
		}
		ser = Series{ListID: listID, ChatID: nt.ChatID, Rule: rule, Phrase: truncate(n.Phrase, 100), Title: nt.Title, Detail: nt.Detail,
			UnitName: nt.UnitName, AssignerID: nt.AssignerID, LeadID: nt.LeadID, CooperatorIDs: joinIDs(nt.CooperatorIDs),
			ResponsibleID: nt.ResponsibleID, ThreadID: nt.ThreadID, Occurrence: first, CreatedAt: now, UpdatedAt: now}
		if err := tx.Omit("Assigner", "StoppedBy").Create(&ser).Error; err != nil {
			return err
		}
		t, err = s.startInstance(tx, c, chat, &ser, first, now, EventSeriesCreated, false)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("create series: %w", err)
	}
	s.planned()
	t.Series = &ser
	return &ser, t, nil
}

// seriesChat loads a chat with its own days, as the SeriesPlanner needs it.
func (s *Store) seriesChat(tx *gorm.DB, chatID uint) (*Chat, error) {
	var chat Chat
	if err := tx.Take(&chat, chatID).Error; err != nil {
		return nil, notFound(err)
	}
	if err := s.withHolidays(tx, &chat); err != nil {
		return nil, err
	}
	return &chat, nil
}

// startInstance stores the instance of ser due at occ, makes it the
// series' current one, records kind in its trail, and plans the row that
// moves the series on at occ (and, with announce, one due now that has the
// new instance announced). The caller has already claimed occ for the
// series (CreateSeries by making it, nextInstance by moving Occurrence).
func (s *Store) startInstance(tx *gorm.DB, c Change, chat *Chat, ser *Series, occ, now time.Time, kind string, announce bool) (*Task, error) {
	id := ser.ID
	t, err := s.createTask(tx, c, &NewTask{ChatID: ser.ChatID, Title: ser.Title, Detail: ser.Detail, UnitName: ser.UnitName,
		AssignerID: ser.AssignerID, ResponsibleID: ser.ResponsibleID, LeadID: ser.LeadID, CooperatorIDs: ser.Cooperators(),
		Deadline: occ, ThreadID: ser.ThreadID, SeriesID: &id, ListID: ser.ListID}, now)
	if err != nil {
		return nil, err
	}
	ser.CurrentTaskID, ser.Instances, ser.Occurrence = &t.ID, ser.Instances+1, occ.UTC().Truncate(time.Second)
	if err := tx.Model(&Series{}).Where("id = ?", ser.ID).Updates(map[string]any{
		"current_task_id": t.ID, "instances": ser.Instances, "updated_at": now}).Error; err != nil {
		return nil, err
	}
	if err := audit(tx, ser.ChatID, &t.ID, c, kind, ser.Rule, now); err != nil {
		return nil, err
	}
	return t, planSeries(tx, chat, ser, now, announce)
}

// planSeries replaces the series' rows still ahead with the one that moves
// it on at its current occurrence (out of the group's quiet hours), and
// with announce one due now. A row already due is left alone: it is being
// dispatched, or waits for its retry; when it is for the current
// occurrence, it does the work and no other is added. So planning again
// (the group's settings changed, the bot came back) never doubles a row.
func planSeries(tx *gorm.DB, chat *Chat, ser *Series, now time.Time, announce bool) error {
	if err := tx.Where("series_id = ? AND kind = ? AND due_at > ? AND "+pending, ser.ID, SeriesNext, now).
		Delete(&Reminder{}).Error; err != nil {
		return err
	}
	if chat.BlockedAt != nil || !ser.Active() {
		return nil
	}
	id := ser.ID
	at := ser.Occurrence.UTC()
	var owed int64
	if err := tx.Model(&Reminder{}).Where("series_id = ? AND kind = ? AND at = ? AND "+pending, ser.ID, SeriesNext, at).
		Count(&owed).Error; err != nil {
		return err
	}
	var rows []Reminder
	if owed == 0 {
		rows = append(rows, Reminder{ChatID: ser.ChatID, SeriesID: &id, Kind: SeriesNext, At: at,
			DueAt: chat.Settings().OutOfQuiet(at, chat.Location())})
	}
	if announce {
		rows = append(rows, Reminder{ChatID: ser.ChatID, SeriesID: &id, Kind: SeriesNext, At: at, DueAt: now})
	}
	return insertReminders(tx, rows, now)
}

// nextInstance makes the instance after the series' current one, inside
// tx: due at the rule's first occurrence after both the current one and
// now (occurrences missed while the bot was down are skipped, not made
// late). It does nothing for a stopped series, or when another call has
// moved the series on from the occurrence it read: the conditional update
// of Occurrence and the unique (series, deadline) index keep one instance
// per occurrence, however often a crash or a replay repeats the call.
func (s *Store) nextInstance(tx *gorm.DB, ser *Series, now time.Time, announce bool) (*Task, error) {
	if !ser.Active() {
		return nil, nil
	}
	sp, err := s.seriesPlanner()
	if err != nil {
		return nil, err
	}
	chat, err := s.seriesChat(tx, ser.ChatID)
	if err != nil {
		return nil, err
	}
	next, err := sp.NextOccurrence(chat, ser.Rule, later(ser.Occurrence, now))
	if err != nil {
		return nil, nil // a calendar without working days: the series waits
	}
	next = next.UTC().Truncate(time.Second)
	res := tx.Model(&Series{}).Where("id = ? AND occurrence = ? AND stopped_at IS NULL", ser.ID, ser.Occurrence.UTC()).
		Update("occurrence", next)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, nil // moved on already
	}
	return s.startInstance(tx, Change{}, chat, ser, next, now, EventSeriesNext, announce)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// instanceClosed moves a series on when its current instance closed
// (办结 or 取消) before its deadline passed, inside the transaction of the
// close. The new instance is announced by a SeriesNext row due now.
func (s *Store) instanceClosed(tx *gorm.DB, seriesID, taskID uint, now time.Time) error {
	var ser Series
	if err := tx.Take(&ser, seriesID).Error; err != nil {
		return notFound(err)
	}
	if ser.CurrentTaskID == nil || *ser.CurrentTaskID != taskID {
		return nil // an earlier instance, closed late: the series has moved on
	}
	_, err := s.nextInstance(tx, &ser, now, true)
	return err
}

// AdvanceSeries is what a SeriesNext row due at now does, for the
// occurrence at it names: when that is the series' current occurrence and
// it has come, the next instance is made. It returns the series' current
// instance (with its people and series), for the caller to announce if it
// was not yet (Task.MessageID 0); nil when the series is gone.
func (s *Store) AdvanceSeries(ctx context.Context, seriesID uint, at time.Time) (*Task, error) {
	var current uint
	made := false
	err := s.write(ctx, Change{}, func(tx *gorm.DB, now time.Time) error {
		var ser Series
		if err := tx.Take(&ser, seriesID).Error; err != nil {
			return notFound(err)
		}
		if ser.Occurrence.Equal(at.UTC().Truncate(time.Second)) && !now.Before(ser.Occurrence) {
			t, err := s.nextInstance(tx, &ser, now, false)
			if err != nil {
				return err
			}
			made = t != nil
			if err := tx.Take(&ser, seriesID).Error; err != nil {
				return err
			}
		}
		if ser.CurrentTaskID != nil {
			current = *ser.CurrentTaskID
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("advance series %d: %w", seriesID, err)
	}
	if made {
		s.planned()
	}
	if current == 0 {
		return nil, nil
	}
	return s.TaskByID(ctx, current)
}

// StopSeries ends the series of a task (/repeat stop): no instance follows;
// the open ones stay. It is recorded in the task's trail.
func (s *Store) StopSeries(ctx context.Context, c Change, taskID uint) (*Series, error) {
	var ser Series
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var t Task
		if err := tx.Select("id", "chat_id", "series_id").Take(&t, taskID).Error; err != nil {
			return notFound(err)
		}
		if t.SeriesID == nil {
			return ErrNotSeries
		}
		if err := tx.Take(&ser, *t.SeriesID).Error; err != nil {
			return notFound(err)
		}
		if !ser.Active() {
			return ErrSeriesStopped
		}
		actor := c.ActorID
		ser.StoppedAt = &now
		if actor != 0 {
			ser.StoppedByID = &actor
		}
		res := tx.Model(&Series{}).Where("id = ? AND stopped_at IS NULL", ser.ID).
			Updates(map[string]any{"stopped_at": now, "stopped_by_id": ser.StoppedByID, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrSeriesStopped
		}
		if err := tx.Where("series_id = ? AND "+pending, ser.ID).Delete(&Reminder{}).Error; err != nil {
			return err
		}
		return audit(tx, ser.ChatID, &t.ID, c, EventSeriesStopped, ser.Rule, now)
	})
	if err != nil {
		return nil, fmt.Errorf("stop the series of task %d: %w", taskID, err)
	}
	s.planned()
	return &ser, nil
}

// SeriesSummary is a series as /repeat lists it.
type SeriesSummary struct {
	Series
	Lead    User
	Current *Task // its current instance (without people); nil if none
	// Overdue numbers its other instances still open past their deadline,
	// oldest first: they stay owed when the series moves on.
	Overdue []int
}

// SeriesOfChat returns a chat's series, running ones first, each group
// oldest first.
func (s *Store) SeriesOfChat(ctx context.Context, chatID uint) ([]SeriesSummary, error) {
	var list []Series
	db := s.conn(ctx)
	err := db.Preload("Assigner").Preload("StoppedBy").Where("chat_id = ?", chatID).
		Order("CASE WHEN stopped_at IS NULL THEN 0 ELSE 1 END, id").Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("series of chat %d: %w", chatID, err)
	}
	var taskIDs, userIDs []uint
	for _, ser := range list {
		userIDs = append(userIDs, ser.LeadID)
		if ser.CurrentTaskID != nil {
			taskIDs = append(taskIDs, *ser.CurrentTaskID)
		}
	}
	overdue := map[uint][]int{}
	if len(list) > 0 {
		ids := make([]uint, len(list))
		for i := range list {
			ids[i] = list[i].ID
		}
		var late []Task
		err := db.Select("number", "series_id").Where("series_id IN ? AND status IN ? AND deadline < ?", ids, working, s.Now()).
			Order("number").Find(&late).Error
		if err != nil {
			return nil, fmt.Errorf("series of chat %d: %w", chatID, err)
		}
		for _, t := range late {
			overdue[*t.SeriesID] = append(overdue[*t.SeriesID], t.Number)
		}
	}
	tasks := map[uint]*Task{}
	if len(taskIDs) > 0 {
		var ts []Task
		if err := db.Where("id IN ?", taskIDs).Find(&ts).Error; err != nil {
			return nil, fmt.Errorf("series of chat %d: %w", chatID, err)
		}
		for i := range ts {
			tasks[ts[i].ID] = &ts[i]
		}
	}
	users, err := usersByID(db, userIDs)
	if err != nil {
		return nil, fmt.Errorf("series of chat %d: %w", chatID, err)
	}
	out := make([]SeriesSummary, len(list))
	for i, ser := range list {
		out[i] = SeriesSummary{Series: ser, Lead: users[ser.LeadID]}
		if ser.CurrentTaskID != nil {
			out[i].Current = tasks[*ser.CurrentTaskID]
		}
		for _, n := range overdue[ser.ID] {
			if out[i].Current == nil || n != out[i].Current.Number {
				out[i].Overdue = append(out[i].Overdue, n)
			}
		}
	}
	return out, nil
}

// withSeries fills t.Series for an instance of a series.
func withSeries(db *gorm.DB, t *Task) error {
	if t.SeriesID == nil {
		return nil
	}
	var ser Series
	if err := db.Take(&ser, *t.SeriesID).Error; err != nil {
		return fmt.Errorf("series of task %d: %w", t.ID, notFound(err))
	}
	t.Series = &ser
	return nil
}

// replanSeries plans again the rows of a chat's running series, as part of
// replanning the chat: its quiet hours or zone may have changed, or the bot
// came back to the group (whose rows were given up when it left): an
// occurrence passed meanwhile moves its series on at once.
func (s *Store) replanSeries(tx *gorm.DB, chatID uint, now time.Time) error {
	var list []Series
	if err := tx.Where("chat_id = ? AND stopped_at IS NULL", chatID).Find(&list).Error; err != nil {
		return err
	}
	if len(list) == 0 {
		return nil
	}
	chat, err := s.seriesChat(tx, chatID)
	if err != nil {
		return err
	}
	for i := range list {
		if err := planSeries(tx, chat, &list[i], now, false); err != nil {
			return err
		}
	}
	return nil
}
