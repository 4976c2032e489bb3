package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// PublishedRanking keeps a ranking as a publication (晾晒) showed it, so
// that what a group was shown about a finished period does not change
// afterwards: /rank and the ledger give these figures for that period,
// whatever happens to its tasks later.
type PublishedRanking struct {
	ID          uint       `gorm:"primaryKey"`
	ChatID      uint       `gorm:"not null"`
	PeriodFrom  time.Time  `gorm:"not null"`
	PeriodTo    time.Time  `gorm:"not null"`
	ByUnit      bool       `gorm:"not null"`
	Kind        PeriodKind `gorm:"size:16;not null"`
	Entries     string     `gorm:"type:text;not null"` // JSON of snapshotEntry
	PublishedAt time.Time  `gorm:"not null"`
}

// snapshotEntry is one line of a published ranking, with the name it was
// published under.
type snapshotEntry struct {
	UserID  uint   `json:"u,omitempty"`
	Name    string `json:"name"`
	Unit    string `json:"unit,omitempty"`
	Due     int    `json:"due"`
	OnTime  int    `json:"on_time"`
	Late    int    `json:"late"`
	Overdue int    `json:"overdue"`
	Score   int    `json:"score"`
	Rank    int    `json:"rank"`
	Flag    Flag   `json:"flag,omitempty"`
}

// Publication is what one publication message showed: the rankings of one
// or more finished periods of a group.
type Publication struct {
	ChatID  uint
	Rules   RankRules
	Periods []PublishedPeriod
}

// PublishedPeriod is one period of a publication. A nil ranking was not
// published (no entries, or a single one).
type PublishedPeriod struct {
	Period        Period
	Label         string // how the trail names the period: 2026年12月
	People, Units []RankEntry
}

// SavePublication keeps the rankings a publication showed and notes, in the
// trail of every task they counted, that it was published and how it
// counted. Publishing a period again replaces its rankings.
func (s *Store) SavePublication(ctx context.Context, p Publication) error {
	err := s.write(ctx, Change{}, func(tx *gorm.DB, now time.Time) error {
		counted := map[uint]*publishedTask{}
		var order []uint
		for _, pp := range p.Periods {
			if pp.People == nil && pp.Units == nil {
				continue
			}
			for _, r := range []struct {
				entries []RankEntry
				byUnit  bool
			}{{pp.People, false}, {pp.Units, true}} {
				if r.entries == nil {
					continue
				}
				if err := saveSnapshot(tx, p.ChatID, pp.Period, r.byUnit, r.entries, now); err != nil {
					return err
				}
			}
			tasks, err := rankedTasks(tx, p.ChatID, pp.Period.From, pp.Period.To, p.Rules)
			if err != nil {
				return err
			}
			for i := range tasks {
				t := &tasks[i]
				o := t.Outcome(now, p.Rules)
				if o == NotDue {
					continue
				}
				pt, ok := counted[t.ID]
				if !ok {
					pt = &publishedTask{outcome: o}
					counted[t.ID] = pt
					order = append(order, t.ID)
				}
				pt.labels = append(pt.labels, pp.Label)
			}
		}
		for _, id := range order {
			pt := counted[id]
			taskID := id
			detail := strings.Join(pt.labels, "、") + "：" + pt.outcome.Label()
			if err := audit(tx, p.ChatID, &taskID, Change{}, EventPublished, detail, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save publication of chat %d: %w", p.ChatID, err)
	}
	return nil
}

type publishedTask struct {
	outcome Outcome
	labels  []string
}

func saveSnapshot(tx *gorm.DB, chatID uint, p Period, byUnit bool, entries []RankEntry, now time.Time) error {
	rows := make([]snapshotEntry, len(entries))
	for i, e := range entries {
		rows[i] = snapshotEntry{UserID: e.UserID, Name: e.Name(), Unit: e.Unit, Due: e.Due, OnTime: e.OnTime,
			Late: e.Late, Overdue: e.Overdue, Score: e.Score, Rank: e.Rank, Flag: e.Flag}
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	snap := PublishedRanking{ChatID: chatID, PeriodFrom: p.From.UTC(), PeriodTo: p.To.UTC(), ByUnit: byUnit,
		Kind: p.Kind, Entries: string(data), PublishedAt: now}
	return tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "chat_id"}, {Name: "period_from"}, {Name: "period_to"}, {Name: "by_unit"}},
		DoUpdates: clause.AssignmentColumns([]string{"kind", "entries", "published_at"}),
	}).Create(&snap).Error
}

// Snapshot is a published ranking: its entries as published, and when.
type Snapshot struct {
	Entries     []RankEntry
	PublishedAt time.Time
}

// PublishedRankingOf returns the ranking published for exactly the period
// [from, to) of a chat, people or units, or ErrNotFound. People are linked
// to their current accounts but keep the name they were published under if
// the account is gone.
func (s *Store) PublishedRankingOf(ctx context.Context, chatID uint, from, to time.Time, byUnit bool) (*Snapshot, error) {
	var row PublishedRanking
	err := s.conn(ctx).Where("chat_id = ? AND period_from = ? AND period_to = ? AND by_unit = ?",
		chatID, from.UTC(), to.UTC(), byUnit).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("published ranking of chat %d: %w", chatID, err)
	}
	var rows []snapshotEntry
	if err := json.Unmarshal([]byte(row.Entries), &rows); err != nil {
		return nil, fmt.Errorf("published ranking %d: %w", row.ID, err)
	}
	ids := make([]uint, 0, len(rows))
	for _, r := range rows {
		if r.UserID != 0 {
			ids = append(ids, r.UserID)
		}
	}
	users, err := usersByID(s.conn(ctx), ids)
	if err != nil {
		return nil, fmt.Errorf("published ranking names: %w", err)
	}
	snap := &Snapshot{PublishedAt: row.PublishedAt, Entries: make([]RankEntry, len(rows))}
	for i, r := range rows {
		e := RankEntry{UserID: r.UserID, Unit: r.Unit, Due: r.Due, OnTime: r.OnTime, Late: r.Late,
			Overdue: r.Overdue, Score: r.Score, Rank: r.Rank, Flag: r.Flag}
		if r.UserID != 0 {
			u, ok := users[r.UserID]
			if !ok {
				u = User{FirstName: r.Name}
			}
			e.User = u
		}
		snap.Entries[i] = e
	}
	return snap, nil
}

// rankedTasks loads the ranking columns of the tasks a ranking of [from,
// to) counts, in number order: those whose deadline in force, or the
// deadline they missed, falls in it.
func rankedTasks(tx *gorm.DB, chatID uint, from, to time.Time, rules RankRules) ([]Task, error) {
	q := tx.Model(&Task{}).Select("id", "number", "chat_id", "lead_id", "unit_name", "status", "deadline",
		"original_deadline", "missed_deadline", "submitted_at").
		Where("chat_id = ? AND status IN ? AND lead_id IS NOT NULL", chatID, ranked).
		Where("(missed_deadline IS NULL AND deadline >= ? AND deadline < ?) OR (missed_deadline >= ? AND missed_deadline < ?)",
			from.UTC(), to.UTC(), from.UTC(), to.UTC())
	if rules.UnitOnly {
		q = q.Where("unit_name <> ''")
	}
	var tasks []Task
	if err := q.Order("number").Find(&tasks).Error; err != nil {
		return nil, err
	}
	return tasks, nil
}
