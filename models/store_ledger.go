package models

import (
	"context"
	"fmt"
	"time"
)

// LedgerQuery selects the tasks of a ledger export: a chat's tasks whose
// deadline in force falls in [From, To) (zero times: no bound), in the given
// statuses (none: all).
type LedgerQuery struct {
	ChatID   uint
	From, To time.Time
	Statuses []Status
	Overdue  bool // only open tasks past their deadline
	ListID   uint // only the tasks of this 清单
}

// LedgerData is everything a 台账 shows.
type LedgerData struct {
	Tasks     []Task
	Assigners map[uint]User
	Latest    map[uint]ProgressReport // task id → latest progress report
	Progress  []ProgressReport        // every report of the tasks, by task number then time
	// Notes are the 办结说明 given with the latest submission of each task
	// that gave one.
	Notes        map[uint]AuditEvent
	Responsibles map[uint]User // 包保领导 by user id
	Attachments  map[uint]int  // task id → how many files (附件数)
}

// Ledger loads the tasks of an export with their people and progress, in
// task number order.
func (s *Store) Ledger(ctx context.Context, q LedgerQuery) (*LedgerData, error) {
	db := s.conn(ctx)
	tq := withAssignees(db).Where("chat_id = ?", q.ChatID)
	// A task is in the period of its deadline, or of the deadline it missed
	// when that was moved afterwards, as the ranking counts it. Written as
	// two ranges, each of them on an index.
	if !q.From.IsZero() || !q.To.IsZero() {
		from, to := q.From.UTC(), q.To.UTC()
		if q.To.IsZero() {
			to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		tq = tq.Where("(deadline >= ? AND deadline < ? AND missed_deadline IS NULL) OR (missed_deadline >= ? AND missed_deadline < ?)",
			from, to, from, to)
	}
	if len(q.Statuses) > 0 {
		tq = tq.Where("status IN ?", q.Statuses)
	}
	if q.Overdue {
		tq = tq.Where("status IN ? AND (deadline < ? OR missed_deadline IS NOT NULL)", working, s.Now())
	}
	if q.ListID != 0 {
		tq = tq.Where("list_id = ?", q.ListID)
	}
	d := &LedgerData{Latest: map[uint]ProgressReport{}, Notes: map[uint]AuditEvent{}}
	if err := tq.Order("number").Find(&d.Tasks).Error; err != nil {
		return nil, fmt.Errorf("ledger tasks: %w", err)
	}
	ids := make([]uint, len(d.Tasks))
	var assigners, responsibles []uint
	for i, t := range d.Tasks {
		ids[i] = t.ID
		assigners = append(assigners, t.AssignerID)
		if t.ResponsibleID != nil {
			responsibles = append(responsibles, *t.ResponsibleID)
		}
	}
	var err error
	if d.Assigners, err = usersByID(db, assigners); err != nil {
		return nil, fmt.Errorf("ledger assigners: %w", err)
	}
	if d.Responsibles, err = usersByID(db, responsibles); err != nil {
		return nil, fmt.Errorf("ledger responsible leaders: %w", err)
	}
	if d.Attachments, err = attachmentCounts(db, ids); err != nil {
		return nil, fmt.Errorf("ledger attachments: %w", err)
	}
	// Chunks keep the IN lists within every database's parameter limit.
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		var reports []ProgressReport
		if err := db.Preload("User").Where("task_id IN ?", chunk).Order("task_id, created_at, id").Find(&reports).Error; err != nil {
			return nil, fmt.Errorf("ledger progress: %w", err)
		}
		for _, r := range reports {
			d.Latest[r.TaskID] = r
		}
		d.Progress = append(d.Progress, reports...)
		var notes []AuditEvent
		if err := db.Where("task_id IN ? AND kind = ? AND detail <> ''", chunk, EventSubmitted).
			Order("task_id, created_at, id").Find(&notes).Error; err != nil {
			return nil, fmt.Errorf("ledger notes: %w", err)
		}
		for _, n := range notes {
			d.Notes[*n.TaskID] = n
		}
	}
	return d, nil
}

// TrendPoint is one period's on-time rate.
type TrendPoint struct {
	Period  Period
	OnTime  int
	Settled int // on time + late + overdue
}

// OnTimeTrend returns the on-time counts of a chat for each period, as the
// ranking counts them (tasks credited by the period of their deadline in
// force; cancelled and unclaimed tasks left out).
func (s *Store) OnTimeTrend(ctx context.Context, chatID uint, periods []Period, rules *RankRules) ([]TrendPoint, error) {
	out := make([]TrendPoint, len(periods))
	for i, p := range periods {
		entries, err := s.Ranking(ctx, RankingQuery{ChatID: chatID, From: p.From, To: p.To, Rules: rules})
		if err != nil {
			return nil, err
		}
		out[i].Period = p
		for _, e := range entries {
			out[i].OnTime += e.OnTime
			out[i].Settled += e.Settled()
		}
	}
	return out, nil
}
