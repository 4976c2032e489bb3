package models

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Default score weights: 10 per task completed on time, 4 per task completed
// late, minus 5 per task overdue and still open.
const (
	PointsOnTime  = 10
	PointsLate    = 4
	PointsOverdue = -5
	// FlagCount entries at each end get a flag once there are at least
	// FlagMinEntries entries (前3名发红旗，后3名亮黄旗).
	FlagCount      = 3
	FlagMinEntries = 2 * FlagCount
)

// RankRules are a group's ranking rules (/settings).
type RankRules struct {
	OnTime, Late, Overdue int // points; Overdue is subtracted
	Flags                 int // flags at each end, given with at least 2×Flags entries; 0: none
	// ExtensionsCount: a task submitted before a deadline a leader extended
	// to counts as on time. Without it, on time is judged against the
	// original deadline.
	ExtensionsCount bool
	// UnitOnly counts only tasks that have a unit.
	UnitOnly bool
}

// ScoreRule states how a score and the on-time rate are computed under r, in
// the words every ranking shows (the chat's text, its pictures' caption and
// the dashboard), so that no two places describe the same figures
// differently.
func (r RankRules) ScoreRule() string {
	return fmt.Sprintf("计分：按期办结×%d + 逾期办结×%d − 逾期未办×%d；同分看按期率，再看姓名。\n"+
		"按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。", r.OnTime, r.Late, r.Overdue)
}

// DefaultRankRules are the rules of the README.
var DefaultRankRules = RankRules{OnTime: PointsOnTime, Late: PointsLate, Overdue: -PointsOverdue,
	Flags: FlagCount, ExtensionsCount: true}

// RankRules decodes the chat's ranking settings.
func (c *Chat) RankRules() RankRules {
	return RankRules{OnTime: c.RankOnTime, Late: c.RankLate, Overdue: c.RankOverdue, Flags: c.FlagCount,
		ExtensionsCount: c.RankExtensions, UnitOnly: c.RankUnitOnly}
}

// Flag marks the top and bottom of a ranking.
type Flag int

// The flags.
const (
	NoFlag     Flag = iota
	RedFlag         // 红旗
	YellowFlag      // 黄旗
)

// RankEntry is one person's or unit's line in a ranking.
type RankEntry struct {
	UserID  uint   // the 主办 credited (person rankings)
	User    User   // loaded for person rankings
	Unit    string // the unit (unit rankings), or the person's task unit
	Due     int    // 到期: tasks of the period completed or past their deadline
	OnTime  int    // submitted no later than the deadline in force
	Late    int    // submitted after it
	Overdue int    // past the deadline and still not submitted
	Score   int
	Rank    int // 1-based; equal score and rate share a rank
	Flag    Flag
}

// Settled is the number of tasks whose outcome is known: done on time, done
// late, or overdue.
func (e *RankEntry) Settled() int { return e.OnTime + e.Late + e.Overdue }

// Rate is the on-time rate among settled tasks, and false when none is
// settled yet (shown as "—").
func (e *RankEntry) Rate() (float64, bool) {
	n := e.Settled()
	if n == 0 {
		return 0, false
	}
	return float64(e.OnTime) / float64(n), true
}

// RankingQuery asks for a ranking of one chat over [From, To).
type RankingQuery struct {
	ChatID   uint
	From, To time.Time
	ByUnit   bool       // rank units (tasks without a unit are left out) instead of people
	Rules    *RankRules // nil: DefaultRankRules
}

// Ranking computes the ranking for a period. A task belongs to the period of
// its deadline in force (or of the deadline it missed, when that was moved
// afterwards) and is credited to its 主办 and its unit; cancelled tasks and
// unclaimed listed ones do not count, and whoever has nothing completed or
// past its deadline yet is left out.
func (s *Store) Ranking(ctx context.Context, q RankingQuery) ([]RankEntry, error) {
	now := s.Now()
	rules := DefaultRankRules
	if q.Rules != nil {
		rules = *q.Rules
	}
	// On time is judged against the deadline in force, or the original one
	// when approved extensions do not count.
	judge := "t.deadline"
	if !rules.ExtensionsCount {
		judge = "t.original_deadline"
	}
	group := "t.lead_id"
	sel := "t.lead_id AS user_id, MAX(t.unit_name) AS unit"
	if q.ByUnit {
		group, sel = "t.unit_name", "0 AS user_id, t.unit_name AS unit"
	}
	// On SQLite the covering index, ordered by lead, is named: without
	// statistics the planner takes the plain (chat, deadline) index and
	// sorts the whole period for the GROUP BY (2–3× slower at 100k tasks).
	table := "tasks AS t"
	if s.db.Dialector.Name() == "sqlite" {
		table = "tasks AS t INDEXED BY idx_task_rank"
		if q.ByUnit {
			table = "tasks AS t INDEXED BY idx_task_unit_rank"
		}
	}
	query := s.conn(ctx).Table(table).
		Select(sel+`,
			SUM(CASE WHEN t.status IN ? AND t.submitted_at <= `+judge+` THEN 1 ELSE 0 END) AS on_time,
			SUM(CASE WHEN t.status IN ? AND t.submitted_at > `+judge+` THEN 1 ELSE 0 END) AS late,
			SUM(CASE WHEN t.status IN ? AND t.deadline < ? THEN 1 ELSE 0 END) AS overdue`,
			completed, completed, working, now).
		Where("t.chat_id = ? AND t.deadline >= ? AND t.deadline < ? AND t.status IN ? AND t.lead_id IS NOT NULL",
			q.ChatID, q.From.UTC(), q.To.UTC(), ranked).
		Group(group)
	if q.ByUnit || rules.UnitOnly {
		query = query.Where("t.unit_name <> ''")
	}
	var entries []RankEntry
	if err := query.Scan(&entries).Error; err != nil {
		return nil, fmt.Errorf("ranking of chat %d: %w", q.ChatID, err)
	}
	entries, err := s.correctMissed(ctx, q, rules, now, entries)
	if err != nil {
		return nil, err
	}
	// 到期 counts what is settled: submitted, or past its deadline. Whoever
	// has nothing due yet is not ranked.
	kept := entries[:0]
	for _, e := range entries {
		e.Due = e.Settled()
		if e.Due > 0 {
			kept = append(kept, e)
		}
	}
	entries = kept
	if !q.ByUnit {
		ids := make([]uint, len(entries))
		for i, e := range entries {
			ids[i] = e.UserID
		}
		users, err := usersByID(s.conn(ctx), ids)
		if err != nil {
			return nil, fmt.Errorf("ranking names: %w", err)
		}
		for i := range entries {
			entries[i].User = users[entries[i].UserID]
		}
	}
	RankWith(entries, rules)
	return entries, nil
}

// correctMissed fixes the aggregate for the few tasks whose deadline was
// moved after it had passed (Task.MissedDeadline). The covering index the
// aggregate reads has no room for that column, so those tasks were counted
// by their deadline in force, as if nothing had been missed: take that back,
// and count them where they belong, in the period of the deadline they
// missed, as late or overdue (Task.Outcome). It reads the partial index of
// such tasks and aggregates in SQL: parsing their times row by row in Go
// cost more than the whole aggregate.
func (s *Store) correctMissed(ctx context.Context, q RankingQuery, rules RankRules, now time.Time, entries []RankEntry) ([]RankEntry, error) {
	table := "tasks"
	if s.db.Dialector.Name() == "sqlite" {
		// Without statistics SQLite would rather scan the group by chat.
		table = "tasks INDEXED BY idx_task_missed"
	}
	judge := "deadline"
	if !rules.ExtensionsCount {
		judge = "original_deadline"
	}
	key, sel := "lead_id", "lead_id AS user_id, MAX(unit_name) AS unit"
	if q.ByUnit {
		key, sel = "unit_name", "0 AS user_id, unit_name AS unit"
	}
	from, to := q.From.UTC(), q.To.UTC()
	counted := "(deadline >= ? AND deadline < ?)"              // by the aggregate, naively
	missed := "(missed_deadline >= ? AND missed_deadline < ?)" // where they belong
	db := s.conn(ctx).Table(table).
		Select(sel+`,
			SUM(CASE WHEN `+counted+` AND status IN ? AND submitted_at <= `+judge+` THEN 1 ELSE 0 END) AS on_time,
			SUM(CASE WHEN `+counted+` AND status IN ? AND submitted_at > `+judge+` THEN 1 ELSE 0 END) AS naive_late,
			SUM(CASE WHEN `+counted+` AND status IN ? AND deadline < ? THEN 1 ELSE 0 END) AS naive_overdue,
			SUM(CASE WHEN `+missed+` AND status IN ? THEN 1 ELSE 0 END) AS late,
			SUM(CASE WHEN `+missed+` AND status IN ? THEN 1 ELSE 0 END) AS overdue`,
			from, to, completed, from, to, completed, from, to, working, now, from, to, completed, from, to, working).
		Where("missed_deadline IS NOT NULL AND chat_id = ? AND status IN ? AND lead_id IS NOT NULL", q.ChatID, ranked).
		Where(counted+" OR "+missed, from, to, from, to).
		Group(key)
	if q.ByUnit || rules.UnitOnly {
		db = db.Where("unit_name <> ''")
	}
	var fixes []struct {
		RankEntry
		NaiveLate, NaiveOverdue int
	}
	if err := db.Scan(&fixes).Error; err != nil {
		return nil, fmt.Errorf("ranking of chat %d, moved deadlines: %w", q.ChatID, err)
	}
	if len(fixes) == 0 {
		return entries, nil
	}
	type entryKey struct {
		user uint
		unit string
	}
	index := map[entryKey]int{}
	keyOf := func(e *RankEntry) entryKey {
		if q.ByUnit {
			return entryKey{unit: e.Unit}
		}
		return entryKey{user: e.UserID}
	}
	for i := range entries {
		index[keyOf(&entries[i])] = i
	}
	for _, f := range fixes {
		i, ok := index[keyOf(&f.RankEntry)]
		if !ok {
			i = len(entries)
			entries = append(entries, RankEntry{UserID: f.UserID, Unit: f.Unit})
		}
		// A task that missed its deadline is never on time: what the
		// aggregate counted on time, late or overdue comes off, and the
		// task counts late or overdue in the period it missed.
		entries[i].OnTime -= f.OnTime
		entries[i].Late += f.Late - f.NaiveLate
		entries[i].Overdue += f.Overdue - f.NaiveOverdue
	}
	return entries, nil
}

var (
	completed = []Status{StatusSubmitted, StatusDone}
	ranked    = []Status{StatusTodo, StatusDoing, StatusSubmitted, StatusDone}
)

// Name is how the entry is shown: the unit, or the person.
func (e *RankEntry) Name() string {
	if e.UserID == 0 {
		return e.Unit
	}
	return e.User.DisplayName()
}

// Rank is RankWith the default rules.
func Rank(entries []RankEntry) { RankWith(entries, DefaultRankRules) }

// RankWith scores, orders and flags entries in place: by score, then on-time
// rate, then name. Entries with equal score and rate share a rank number.
// With at least 2×rules.Flags entries, the first rules.Flags get a red flag
// and the last rules.Flags a yellow one. Tied entries share their flag: a
// tie across the red line is red, one across the yellow line yellow, and
// one across both (the middle of the list, or everyone equal) gets none.
func RankWith(entries []RankEntry, rules RankRules) {
	for i := range entries {
		e := &entries[i]
		e.Score = rules.OnTime*e.OnTime + rules.Late*e.Late - rules.Overdue*e.Overdue
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := &entries[i], &entries[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		ra, _ := a.Rate()
		rb, _ := b.Rate()
		if ra != rb {
			return ra > rb
		}
		if a.Name() != b.Name() {
			return a.Name() < b.Name()
		}
		return a.UserID < b.UserID
	})
	for i := range entries {
		e := &entries[i]
		e.Rank, e.Flag = i+1, NoFlag
		if i > 0 {
			p := &entries[i-1]
			ra, _ := e.Rate()
			rp, _ := p.Rate()
			if p.Score == e.Score && ra == rp {
				e.Rank = p.Rank
			}
		}
	}
	ranks := make([]int, len(entries))
	for i := range entries {
		ranks[i] = entries[i].Rank
	}
	for i, f := range tieFlags(ranks, rules.Flags) {
		entries[i].Flag = f
	}
}

// tieFlags gives 红旗 to the first n and 黄旗 to the last n of a ranking
// (ranks in order, ties sharing one), once it has at least 2n entries. Tied
// entries share a flag: a tie reaching into the first n is red unless it
// reaches into the last n too, and then none of it is flagged. It returns
// nil when no flags are given.
func tieFlags(ranks []int, n int) []Flag {
	total := len(ranks)
	if n <= 0 || total < 2*n {
		return nil
	}
	flags := make([]Flag, total)
	for i := 0; i < total; {
		j := i + 1 // ranks[i:j] share a rank
		for j < total && ranks[j] == ranks[i] {
			j++
		}
		top := i < n          // the tie reaches into the first n
		bottom := j > total-n // and into the last n
		flag := NoFlag
		switch {
		case top && !bottom:
			flag = RedFlag
		case bottom && !top:
			flag = YellowFlag
		}
		for k := i; k < j; k++ {
			flags[k] = flag
		}
		i = j
	}
	return flags
}
