package models

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ProblemView selects the problems a list shows.
type ProblemView string

// The views of /problems.
const (
	ProblemsOpen       ProblemView = ""  // every open problem
	ProblemsUnanswered ProblemView = "r" // 未答复
	ProblemsUnsolved   ProblemView = "s" // 待解决
	ProblemsOverdue    ProblemView = "o" // 逾期
	ProblemsSolved     ProblemView = "d" // 已解决
	ProblemsAll        ProblemView = "a" // everything, for the ledger
)

// ProblemFilter says which problems of a chat to list, and which page.
type ProblemFilter struct {
	ChatID     uint
	View       ProblemView
	Unit       string // exact 责任单位
	Enterprise string // part of the enterprise's name
	Now        time.Time
	Page       int // from 0
	PageSize   int // default 10
}

// ProblemPage is one page of a list and the size of the whole list.
type ProblemPage struct {
	Problems []Problem
	Total    int
}

// Problems lists a chat's problems: open ones by the deadline they wait on
// (so the longest overdue come first, those awaiting confirmation last),
// solved ones latest first. It reads one page.
func (s *Store) Problems(ctx context.Context, f ProblemFilter) (*ProblemPage, error) {
	size := f.PageSize
	if size <= 0 {
		size = 10
	}
	q := s.conn(ctx).Model(&Problem{}).Where("chat_id = ?", f.ChatID)
	order := "CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, number"
	switch f.View {
	case ProblemsUnanswered:
		q = q.Where("status = ?", ProblemAwaitReply)
	case ProblemsUnsolved:
		q = q.Where("status = ?", ProblemAwaitSolve)
	case ProblemsOverdue:
		q = q.Where("status IN ? AND due_at < ?", []ProblemStatus{ProblemAwaitReply, ProblemAwaitSolve}, f.Now.UTC())
	case ProblemsSolved:
		q, order = q.Where("status = ?", ProblemSolved), "solved_at DESC, number DESC"
	case ProblemsAll:
		order = "number"
	default:
		q = q.Where("status IN ?", openProblem)
	}
	if f.Unit != "" {
		q = q.Where("unit_name = ?", f.Unit)
	}
	if f.Enterprise != "" {
		q = q.Where("enterprise LIKE ? ESCAPE '!'", "%"+likeEscape(f.Enterprise)+"%")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, fmt.Errorf("count problems: %w", err)
	}
	page := &ProblemPage{Total: int(total)}
	// The page's ids first, sorted within idx_problem_chat_open (it holds
	// every column of the order), then their rows: sorting whole rows,
	// descriptions and all, cost several times more.
	var ids []uint
	if err := q.Order(order).Offset(f.Page*size).Limit(size).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	if len(ids) == 0 {
		return page, nil
	}
	var rows []Problem
	if err := s.conn(ctx).Preload("Owner").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list problems: %w", err)
	}
	byID := make(map[uint]*Problem, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			page.Problems = append(page.Problems, *p)
		}
	}
	return page, nil
}

// likeEscape escapes LIKE's wildcards with '!'.
func likeEscape(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// AllProblems returns every problem of a chat, by number (the ledger).
func (s *Store) AllProblems(ctx context.Context, chatID uint) ([]Problem, error) {
	var ps []Problem
	if err := s.conn(ctx).Preload("Owner").Where("chat_id = ?", chatID).Order("number").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("problems of chat %d: %w", chatID, err)
	}
	return ps, nil
}

// ChatProblems are a user's open problems in one chat.
type ChatProblems struct {
	Chat     Chat
	Problems []Problem
}

// ProblemsOf lists the open problems a user answers for, in every group (or
// only chatID when it is not 0): those naming them, and those of their unit
// that name nobody.
func (s *Store) ProblemsOf(ctx context.Context, userID, chatID uint) ([]ChatProblems, error) {
	db := s.conn(ctx)
	// The user's units first, so that each branch of the condition reads an
	// index (owner_id, or chat and status) rather than every open problem.
	var units []Membership
	mq := db.Where("user_id = ? AND unit_name <> ''", userID)
	if chatID != 0 {
		mq = mq.Where("chat_id = ?", chatID)
	}
	if err := mq.Find(&units).Error; err != nil {
		return nil, fmt.Errorf("units of user %d: %w", userID, err)
	}
	mine := db.Where("owner_id = ?", userID)
	for _, m := range units {
		mine = mine.Or("chat_id = ? AND status IN ? AND owner_id IS NULL AND unit_name = ?", m.ChatID, openProblem, m.UnitName)
	}
	q := db.Preload("Owner").Where("status IN ?", openProblem).Where(mine)
	if chatID != 0 {
		q = q.Where("chat_id = ?", chatID)
	}
	var ps []Problem
	if err := q.Order("chat_id, CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, number").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("problems of user %d: %w", userID, err)
	}
	var out []ChatProblems
	for _, p := range ps {
		if len(out) == 0 || out[len(out)-1].Chat.ID != p.ChatID {
			var c Chat
			if err := s.conn(ctx).Take(&c, p.ChatID).Error; err != nil {
				return nil, fmt.Errorf("chat %d: %w", p.ChatID, err)
			}
			out = append(out, ChatProblems{Chat: c})
		}
		last := &out[len(out)-1]
		last.Problems = append(last.Problems, p)
	}
	return out, nil
}

// ProblemUnitStats are one unit's figures in /problems 统计.
type ProblemUnitStats struct {
	Unit           string
	Received       int // recorded in the period, not withdrawn
	AnsweredOnTime int
	Solved         int
	SolvedOnTime   int
	// MedianAnswerDays and MedianSolveDays are in days (-1: none).
	MedianAnswerDays, MedianSolveDays float64
	OverdueNow                        int // open and past the deadline they wait on, whenever recorded
	Score                             float64
	// Rank is shared by units of equal score; Flag follows the rankings'
	// rule (tieFlags): a tie reaching into the top and the bottom gets none.
	Rank int
	Flag Flag
}

// Rates as fractions of Received (0 when nothing was received).
func (u *ProblemUnitStats) rate(n int) float64 {
	if u.Received == 0 {
		return 0
	}
	return float64(n) / float64(u.Received)
}

// AnswerRate is 按时答复率.
func (u *ProblemUnitStats) AnswerRate() float64 { return u.rate(u.AnsweredOnTime) }

// SolveRate is 解决率.
func (u *ProblemUnitStats) SolveRate() float64 { return u.rate(u.Solved) }

// OnTimeSolveRate is 按期解决率.
func (u *ProblemUnitStats) OnTimeSolveRate() float64 { return u.rate(u.SolvedOnTime) }

// Problem score weights: 40% 按时答复率 + 60% 按期解决率, in points of 100.
const (
	ProblemAnswerWeight = 40
	ProblemSolveWeight  = 60
)

// NoUnit names the problems whose unit is not known (only a person owns
// them and belongs to no unit).
const NoUnit = "未定单位"

// problemStatRow is what the statistics read of each problem.
type problemStatRow struct {
	UnitName                               string
	Status                                 ProblemStatus
	CreatedAt, ReplyDeadline               time.Time
	AnsweredAt, SubmittedAt, SolveDeadline *time.Time
	OriginalSolveDeadline                  *time.Time
}

// ProblemStats computes /problems 统计 for the problems recorded in [from,
// to), per unit, ranked by score (equal scores share a rank, listed by
// name); flags mark the top and bottom flags units as the task rankings do.
func (s *Store) ProblemStats(ctx context.Context, chatID uint, from, to, now time.Time, extensionsCount bool, flags int) ([]ProblemUnitStats, error) {
	rows, err := s.problemStatRows(ctx, chatID, from, to)
	if err != nil {
		return nil, fmt.Errorf("problem statistics: %w", err)
	}
	var overdue []string // their units
	err = s.conn(ctx).Model(&Problem{}).
		Where("chat_id = ? AND status IN ? AND due_at < ?", chatID, []ProblemStatus{ProblemAwaitReply, ProblemAwaitSolve}, now.UTC()).
		Pluck("unit_name", &overdue).Error
	if err != nil {
		return nil, fmt.Errorf("problems overdue now: %w", err)
	}
	byUnit := map[string]*ProblemUnitStats{}
	answerDays, solveDays := map[string][]float64{}, map[string][]float64{}
	unit := func(name string) *ProblemUnitStats {
		if name == "" {
			name = NoUnit
		}
		u, ok := byUnit[name]
		if !ok {
			u = &ProblemUnitStats{Unit: name}
			byUnit[name] = u
		}
		return u
	}
	for _, r := range rows {
		u := unit(r.UnitName)
		p := Problem{Status: r.Status, ReplyDeadline: r.ReplyDeadline, AnsweredAt: r.AnsweredAt, SubmittedAt: r.SubmittedAt,
			SolveDeadline: r.SolveDeadline, OriginalSolveDeadline: r.OriginalSolveDeadline}
		u.Received++
		if p.AnsweredOnTime() {
			u.AnsweredOnTime++
		}
		if r.AnsweredAt != nil {
			answerDays[u.Unit] = append(answerDays[u.Unit], r.AnsweredAt.Sub(r.CreatedAt).Hours()/24)
		}
		if r.Status == ProblemSolved {
			u.Solved++
			solveDays[u.Unit] = append(solveDays[u.Unit], r.SubmittedAt.Sub(r.CreatedAt).Hours()/24)
			if p.SolvedOnTime(extensionsCount) {
				u.SolvedOnTime++
			}
		}
	}
	for _, name := range overdue {
		unit(name).OverdueNow++
	}
	out := make([]ProblemUnitStats, 0, len(byUnit))
	for _, u := range byUnit {
		u.MedianAnswerDays, u.MedianSolveDays = median(answerDays[u.Unit]), median(solveDays[u.Unit])
		u.Score = ProblemAnswerWeight*u.AnswerRate() + ProblemSolveWeight*u.OnTimeSolveRate()
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Unit < out[j].Unit
	})
	ranks := make([]int, len(out))
	for i := range out {
		ranks[i] = i + 1
		if i > 0 && out[i].Score == out[i-1].Score {
			ranks[i] = ranks[i-1]
		}
		out[i].Rank = ranks[i]
	}
	for i, f := range tieFlags(ranks, flags) {
		out[i].Flag = f
	}
	return out, nil
}

// HasProblems reports whether a chat recorded problems in [from, to).
func (s *Store) HasProblems(ctx context.Context, chatID uint, from, to time.Time) (bool, error) {
	var n int64
	err := s.conn(ctx).Model(&Problem{}).Where("chat_id = ? AND created_at >= ? AND created_at < ?", chatID, from.UTC(), to.UTC()).
		Limit(1).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("problems in period: %w", err)
	}
	return n > 0, nil
}

// problemStatRows reads what the statistics need of the problems recorded
// in [from, to). They are scanned by hand: through GORM's reflection the
// scan cost more than the query.
func (s *Store) problemStatRows(ctx context.Context, chatID uint, from, to time.Time) ([]problemStatRow, error) {
	rows, err := s.conn(ctx).Model(&Problem{}).
		Select("unit_name", "status", "created_at", "reply_deadline", "answered_at", "submitted_at", "solve_deadline", "original_solve_deadline").
		Where("chat_id = ? AND created_at >= ? AND created_at < ? AND status <> ?", chatID, from.UTC(), to.UTC(), ProblemCancelled).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []problemStatRow
	for rows.Next() {
		var r problemStatRow
		var answered, submitted, solve, original sql.NullTime
		if err := rows.Scan(&r.UnitName, &r.Status, &r.CreatedAt, &r.ReplyDeadline, &answered, &submitted, &solve, &original); err != nil {
			return nil, err
		}
		r.AnsweredAt, r.SubmittedAt, r.SolveDeadline, r.OriginalSolveDeadline = nullTime(answered), nullTime(submitted), nullTime(solve), nullTime(original)
		out = append(out, r)
	}
	return out, rows.Err()
}

// median of xs, or -1 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	if len(xs)%2 == 1 {
		return xs[len(xs)/2]
	}
	return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
}
