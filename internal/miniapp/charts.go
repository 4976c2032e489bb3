package miniapp

import (
	"context"
	"fmt"
	"net/http"

	"github.com/duban-bot/duban/models"
)

// chartsPage is what the charts draw: the monthly on-time rate of the last
// twelve months (as /stats) and this month's ranking with its flags (as
// /rank). Open and overdue per unit come with the group view.
type chartsPage struct {
	Trend   []trendPoint `json:"trend"`
	Ranking rankingPage  `json:"ranking"`
}

type trendPoint struct {
	Label   string   `json:"label"` // 2026-11
	OnTime  int      `json:"onTime"`
	Settled int      `json:"settled"`
	Rate    *float64 `json:"rate"` // nil: nothing settled that month
}

type rankingPage struct {
	Period  string      `json:"period"`
	Rules   string      `json:"rules"`
	Entries []rankEntry `json:"entries"`
}

type rankEntry struct {
	Rank    int      `json:"rank"`
	Name    string   `json:"name"`
	Unit    string   `json:"unit"`
	Flag    string   `json:"flag"` // 红旗, 黄旗 or ""
	Score   int      `json:"score"`
	Due     int      `json:"due"`
	OnTime  int      `json:"onTime"`
	Late    int      `json:"late"`
	Overdue int      `json:"overdue"`
	Rate    *float64 `json:"rate"`
}

// trendMonths is how many months the on-time chart shows, as /stats.
const trendMonths = 12

func (h *Handler) chartsView(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	a, err := h.groupOf(ctx, v, r)
	if err != nil {
		return nil, err
	}
	local := h.cfg.Clock.Now().In(a.chat.Location())
	rules := a.chat.RankRules()
	periods := make([]models.Period, trendMonths)
	p := models.PeriodContaining(models.Month, local)
	for i := trendMonths - 1; i >= 0; i-- {
		periods[i] = p
		p = p.Previous()
	}
	points, err := h.cfg.Store.OnTimeTrend(ctx, a.chat.ID, periods, &rules)
	if err != nil {
		return nil, err
	}
	out := &chartsPage{Trend: make([]trendPoint, len(points))}
	for i, pt := range points {
		out.Trend[i] = trendPoint{Label: pt.Period.From.Format("2006-01"), OnTime: pt.OnTime, Settled: pt.Settled,
			Rate: ratio(pt.OnTime, pt.Settled)}
	}
	month := periods[trendMonths-1]
	entries, err := h.cfg.Store.Ranking(ctx, models.RankingQuery{ChatID: a.chat.ID, From: month.From, To: month.To, Rules: &rules})
	if err != nil {
		return nil, err
	}
	out.Ranking = rankingPage{
		Period:  fmt.Sprintf("%d年%d月", month.From.Year(), month.From.Month()),
		Rules:   rules.ScoreRule(),
		Entries: make([]rankEntry, len(entries)),
	}
	for i := range entries {
		e := &entries[i]
		re := rankEntry{Rank: e.Rank, Name: e.Name(), Unit: e.Unit, Score: e.Score, Due: e.Due, OnTime: e.OnTime,
			Late: e.Late, Overdue: e.Overdue, Rate: ratio(e.OnTime, e.Settled())}
		switch e.Flag {
		case models.RedFlag:
			re.Flag = "红旗"
		case models.YellowFlag:
			re.Flag = "黄旗"
		}
		out.Ranking.Entries[i] = re
	}
	return out, nil
}

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}
