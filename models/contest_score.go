package models

import (
	"math"
	"sort"
	"time"
)

// MaxCompletion caps an indicator's completion: beating a target by far
// must not buy a unit out of the others.
const MaxCompletion = 1.5

// ScoreInput is what scoring a contest for one period needs. Reports may
// hold the whole year's (or more); only those of Period's year up to
// Period count.
type ScoreInput struct {
	Indicators []ContestIndicator
	Units      []string              // in the contest's order, which breaks ties
	Targets    map[TargetKey]float64 // the annual targets of Period's year
	Reports    []ContestReport
	// Figures are the reports summed up per unit and indicator; when nil
	// they are computed from Reports (see SumReports).
	Figures   map[TargetKey]Figures
	Period    Period
	FlagCount int // 红旗/黄旗 for the top and bottom N, given at 2N units or more
}

// TargetKey names a unit's target on an indicator.
type TargetKey struct {
	Unit        string
	IndicatorID uint
}

// Standings are a contest's scores for one reporting period.
type Standings struct {
	Period     Period
	Progress   float64 // 序时进度, 0..1
	Indicators []ContestIndicator
	Rows       []UnitScore // best first
	Flags      bool        // flags were given
}

// UnitScore is one unit's line in the standings.
type UnitScore struct {
	Unit    string
	Rank    int
	Score   float64 // 0..150, one decimal
	Missing int     // indicators not reported in the period (未填报)
	Flag    Flag
	Cells   []IndicatorScore // in the order of Standings.Indicators
}

// IndicatorScore is a unit's result on one indicator.
type IndicatorScore struct {
	Target     float64
	HasTarget  bool
	Reported   bool    // a figure was reported for the period
	YearToDate float64 // the figure completion compares with the target
	Completion float64 // 0..MaxCompletion
	Behind     bool    // 累计 and below 序时进度 (🐢)
}

// Figures sum up a unit's reports on an indicator over the year up to a
// period.
type Figures struct {
	Sum      float64 // of the year's reports up to the period
	N        int     // how many there are
	Current  float64 // the period's own report
	Reported bool    // the period has one
}

// SumReports sums reports up per unit and indicator, counting those of
// p's year up to p.
func SumReports(reports []ContestReport, p Period) map[TargetKey]Figures {
	year, from := p.From.Year(), p.From.UTC()
	out := map[TargetKey]Figures{}
	for i := range reports {
		r := &reports[i]
		pf := r.PeriodFrom.UTC()
		if pf.After(from) || pf.In(p.From.Location()).Year() != year {
			continue
		}
		k := TargetKey{r.UnitName, r.IndicatorID}
		f := out[k]
		f.Sum += r.Value
		f.N++
		if pf.Equal(from) {
			f.Current, f.Reported = r.Value, true
		}
		out[k] = f
	}
	return out
}

// YearProgress is 序时进度: the share of the year's days elapsed at the end
// of p (its last day included), counting 366 days in a leap year.
func YearProgress(p Period) float64 {
	y := p.From.Year()
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	ty, tm, td := p.To.Date()
	end := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)
	total := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start)
	return math.Min(1, float64(end.Sub(start))/float64(total))
}

// Completion is one indicator's completion rate, capped at MaxCompletion:
// reported ÷ target, or for 越低越好 target ÷ reported (a reported zero
// beats any target). Without a report, or without a positive target, it is
// zero.
func Completion(ind *ContestIndicator, target, reported float64, hasReport bool) float64 {
	if !hasReport || target <= 0 {
		return 0
	}
	var c float64
	switch {
	case !ind.LowerBetter:
		c = reported / target
	case reported == 0:
		c = MaxCompletion
	default:
		c = target / reported
	}
	return math.Min(c, MaxCompletion)
}

// Score computes the standings: for each unit and indicator the figure to
// date (a 累计 indicator's report of the period; a 当期 one's sum over the
// year's periods so far, or for 越低越好 their average), its completion, and
// the unit's score Σ weight × completion ÷ Σ weight × 100, one decimal.
// A unit that did not report an indicator in the period scores 0 on it.
func Score(in ScoreInput) Standings {
	st := Standings{Period: in.Period, Progress: YearProgress(in.Period), Indicators: in.Indicators}
	figures := in.Figures
	if figures == nil {
		figures = SumReports(in.Reports, in.Period)
	}
	var weights float64
	for _, ind := range in.Indicators {
		weights += ind.Weight
	}
	for _, unit := range in.Units {
		row := UnitScore{Unit: unit, Cells: make([]IndicatorScore, len(in.Indicators))}
		var sum float64
		for j := range in.Indicators {
			ind := &in.Indicators[j]
			k := TargetKey{unit, ind.ID}
			cell := &row.Cells[j]
			cell.Target, cell.HasTarget = in.Targets[k]
			a := figures[k]
			if !a.Reported {
				row.Missing++
			} else {
				cell.Reported = true
				switch {
				case !ind.PerPeriod:
					cell.YearToDate = a.Current
				case ind.LowerBetter:
					cell.YearToDate = a.Sum / float64(a.N)
				default:
					cell.YearToDate = a.Sum
				}
			}
			cell.Completion = Completion(ind, cell.Target, cell.YearToDate, cell.Reported)
			cell.Behind = !ind.PerPeriod && cell.Completion < st.Progress
			sum += ind.Weight * cell.Completion
		}
		if weights > 0 {
			row.Score = math.Round(sum/weights*1000) / 10
		}
		st.Rows = append(st.Rows, row)
	}
	sort.SliceStable(st.Rows, func(i, j int) bool { return st.Rows[i].Score > st.Rows[j].Score })
	for i := range st.Rows {
		st.Rows[i].Rank = i + 1
		if i > 0 && st.Rows[i].Score == st.Rows[i-1].Score {
			st.Rows[i].Rank = st.Rows[i-1].Rank
		}
	}
	ranks := make([]int, len(st.Rows))
	for i := range st.Rows {
		ranks[i] = st.Rows[i].Rank
	}
	for i, f := range tieFlags(ranks, in.FlagCount) {
		st.Rows[i].Flag = f
		st.Flags = st.Flags || f != NoFlag
	}
	return st
}
