package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// Rankings: /rank (text, then a leaderboard picture) and /stats (the on-time
// trend picture). Scheduled publications of rankings are in publish.go.

// rankFormula is shown under every ranking, so nobody has to guess: the
// group's weights, what the rate counts, flags and what counts, in three
// lines.
func rankFormula(rules models.RankRules) string {
	var s strings.Builder
	s.WriteString(rules.ScoreRule())
	var rest []string
	if rules.Flags > 0 {
		rest = append(rest, fmt.Sprintf("满%d名时前%d名🚩红旗、后%d名🟨黄旗。", 2*rules.Flags, rules.Flags, rules.Flags))
	}
	if !rules.ExtensionsCount {
		rest = append(rest, "按原截止时间判断是否按期（批准的延期不计）。")
	}
	if rules.UnitOnly {
		rest = append(rest, "只计有牵头单位的任务。")
	}
	if len(rest) > 0 {
		s.WriteString("\n" + strings.Join(rest, ""))
	}
	return s.String()
}

// cmdRank is /rank [单位] [周|月|季|半年|年|上月|上季|去年|开始日期 结束日期] (排名).
// A finished period that was published gives the published figures.
func (b *Bot) cmdRank(ctx context.Context, r *request) error {
	byUnit, period, ok := parseRankArgs(strings.Fields(r.args), r.localNow())
	if !ok {
		return r.fail(ctx, "用法：/rank [单位] [周|月|季|半年|年|上月|上季|去年]，或 /rank 2026-01-01 2026-03-31",
			"Usage: /rank [unit] [week|month|quarter|half|year|last-month|last-quarter|last-year] or /rank 2026-01-01 2026-03-31")
	}
	rules := r.chat.RankRules()
	entries, published, err := b.rankingOf(ctx, r.chat, period, byUnit, rules, r.now)
	if err != nil {
		return err
	}
	text := rankingText(r.chat.Title, period, byUnit, entries, rules)
	if published != nil {
		text += "\n以上为 " + formatTime(*published, r.loc, false) + " 晾晒时的数据，此后的变化不计入本期。"
	}
	if err := r.reply(ctx, text); err != nil {
		return err
	}
	// The picture comes as well as the text, never instead: if it fails,
	// the group already has the ranking.
	return b.sendLeaderboard(ctx, r.tgChatID, r.thread, r.chat.Title, period, byUnit, entries, rules, outbox.Answer)
}

// rankingOf is the ranking of a period: as published, for a finished
// period whose ranking was published (published says when), else as the
// tasks stand now.
func (b *Bot) rankingOf(ctx context.Context, chat *models.Chat, p models.Period, byUnit bool, rules models.RankRules,
	now time.Time) (entries []models.RankEntry, published *time.Time, err error) {
	if !p.To.After(now) {
		snap, err := b.store.PublishedRankingOf(ctx, chat.ID, p.From, p.To, byUnit)
		switch {
		case err == nil:
			return snap.Entries, &snap.PublishedAt, nil
		case !errors.Is(err, models.ErrNotFound):
			return nil, nil, err
		}
	}
	entries, err = b.store.Ranking(ctx, models.RankingQuery{ChatID: chat.ID, From: p.From, To: p.To, ByUnit: byUnit, Rules: &rules})
	return entries, nil, err
}

// parseRankArgs reads /rank's arguments; the default is this month, per person.
func parseRankArgs(args []string, now time.Time) (byUnit bool, p models.Period, ok bool) {
	kind, previous := models.Month, false
	var dates []time.Time
	for _, a := range args {
		switch strings.ToLower(a) {
		case "单位", "unit":
			byUnit = true
		case "周", "本周", "week":
			kind = models.Week
		case "月", "本月", "month":
			kind = models.Month
		case "季", "季度", "本季度", "quarter":
			kind = models.Quarter
		case "半年", "half":
			kind = models.HalfYear
		case "年", "全年", "本年", "year":
			kind = models.Year
		case "上月", "上个月", "last-month":
			kind, previous = models.Month, true
		case "上季", "上季度", "上个季度", "last-quarter":
			kind, previous = models.Quarter, true
		case "去年", "上年", "last-year":
			kind, previous = models.Year, true
		case "上周", "last-week":
			kind, previous = models.Week, true
		default:
			d, err := time.ParseInLocation(time.DateOnly, a, now.Location())
			if err != nil {
				return false, p, false
			}
			dates = append(dates, d)
		}
	}
	switch len(dates) {
	case 0:
		p := models.PeriodContaining(kind, now)
		if previous {
			p = p.Previous()
		}
		return byUnit, p, true
	case 2:
		if dates[1].Before(dates[0]) {
			return false, p, false
		}
		return byUnit, models.CustomPeriod(dates[0], dates[1]), true
	}
	return false, p, false
}

// periodLabel names a period: 2026年11月, 2026年第4季度, 2026-01-01 至 2026-03-31.
func periodLabel(p models.Period) string {
	from := p.From
	switch p.Kind {
	case models.Week:
		return fmt.Sprintf("%s 至 %s（周）", from.Format("2006-01-02"), p.To.AddDate(0, 0, -1).Format("2006-01-02"))
	case models.Month:
		return fmt.Sprintf("%d年%d月", from.Year(), from.Month())
	case models.Quarter:
		return fmt.Sprintf("%d年第%d季度", from.Year(), (int(from.Month())-1)/3+1)
	case models.HalfYear:
		if from.Month() == time.January {
			return fmt.Sprintf("%d年上半年", from.Year())
		}
		return fmt.Sprintf("%d年下半年", from.Year())
	case models.Year:
		return fmt.Sprintf("%d年", from.Year())
	}
	return fmt.Sprintf("%s 至 %s", from.Format("2006-01-02"), p.To.AddDate(0, 0, -1).Format("2006-01-02"))
}

// rankingText renders a ranking as text: one line per entry with its counts,
// rate, score and flag, then the formula.
func rankingText(chatTitle string, p models.Period, byUnit bool, entries []models.RankEntry, rules models.RankRules) string {
	var s strings.Builder
	who := "个人"
	if byUnit {
		who = "单位"
	}
	fmt.Fprintf(&s, "🏆 <b>%s · %s排名</b>\n%s\n", escape(chatTitle), who, periodLabel(p))
	if len(entries) == 0 {
		s.WriteString("\n本期没有到期的任务。")
	}
	s.WriteString(rankLines(entries, byUnit))
	s.WriteString("\n\n" + rankFormula(rules))
	return s.String()
}

// rankLines is one line per entry: rank, flag, name (with the unit of a
// person), then its figures indented under it.
func rankLines(entries []models.RankEntry, byUnit bool) string {
	var s strings.Builder
	for i := range entries {
		e := &entries[i]
		flag := flagEmoji(e.Flag)
		name := escape(e.Name())
		if !byUnit {
			name = userLink(&e.User)
			if e.Unit != "" {
				name += "（" + escape(e.Unit) + "）"
			}
		}
		fmt.Fprintf(&s, "\n%d. %s%s\n   %s", e.Rank, flag, name, rankFigures(e))
	}
	return s.String()
}

// rankFigures is an entry's counts, rate and score, in the words of the
// picture: 到期3 按期2 逾期办结1 逾期未办0 按期率67% 得分24.
func rankFigures(e *models.RankEntry) string {
	l := chart.CountLabels
	return fmt.Sprintf("%s%d %s%d %s%d %s%d 按期率%s 得分%d",
		l[0], e.Due, l[1], e.OnTime, l[2], e.Late, l[3], e.Overdue, rateText(e), e.Score)
}

// rateText is an entry's on-time rate as every rendering shows it, or —.
func rateText(e *models.RankEntry) string {
	if v, ok := e.Rate(); ok {
		return chart.Percent(v)
	}
	return "—"
}

// board is a ranking as a picture draws it.
func board(title string, p models.Period, byUnit bool, entries []models.RankEntry, footer string) chart.Leaderboard {
	who := "个人排名"
	if byUnit {
		who = "单位排名"
	}
	lb := chart.Leaderboard{Title: title + " · " + who, Subtitle: periodLabel(p), Footer: footer}
	for i := range entries {
		e := &entries[i]
		rate, has := e.Rate()
		row := chart.Row{Rank: e.Rank, Name: e.Name(), Due: e.Due, OnTime: e.OnTime, Late: e.Late,
			Overdue: e.Overdue, Rate: rate, HasRate: has, RateText: rateText(e), Score: e.Score}
		if !byUnit {
			row.Unit = e.Unit
		}
		row.Flag = chartFlag(e.Flag)
		lb.Rows = append(lb.Rows, row)
	}
	return lb
}

// sendLeaderboard sends the ranking as a picture. A picture that cannot be
// drawn or sent is logged: the text version has gone out already.
func (b *Bot) sendLeaderboard(ctx context.Context, chatID int64, thread int, title string, p models.Period,
	byUnit bool, entries []models.RankEntry, rules models.RankRules, class outbox.Class) error {
	if len(entries) == 0 {
		return nil
	}
	lb := board(title, p, byUnit, entries, rankFormula(rules))
	png, err := chart.RenderLeaderboard(lb)
	if err != nil {
		b.log.Error("draw leaderboard", slog.String("err", err.Error()))
		return nil
	}
	caption := fmt.Sprintf("🏆 %s · %s", escape(lb.Title), periodLabel(p))
	if _, err := b.sendPhoto(ctx, chatID, thread, "rank.png", png, caption, class); err != nil {
		b.log.Warn("leaderboard picture not delivered", slog.Int64("chat", chatID), slog.String("err", err.Error()))
	}
	return nil
}

// cmdStats is /stats: a picture of the group's monthly on-time rate over the
// last twelve months (from its first task, if that is later), each month
// with its year, and the figures as the caption.
func (b *Bot) cmdStats(ctx context.Context, r *request) error {
	month := models.PeriodContaining(models.Month, r.localNow())
	first, ok, err := b.store.FirstTaskAt(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	var periods []models.Period
	for i := 0; i < 12; i++ {
		periods = append([]models.Period{month}, periods...)
		if !ok || !month.From.After(first) {
			break // the group's first month
		}
		month = month.Previous()
	}
	rules := r.chat.RankRules()
	trend, err := b.store.OnTimeTrend(ctx, r.chat.ID, periods, &rules)
	if err != nil {
		return err
	}
	points := make([]chart.TrendPoint, len(trend))
	var lines []string
	for i, t := range trend {
		points[i].Label = fmt.Sprintf("%d月", t.Period.From.Month())
		points[i].Sub = fmt.Sprintf("%d年", t.Period.From.Year())
		if t.Settled > 0 {
			points[i].Rate, points[i].HasRate = float64(t.OnTime)/float64(t.Settled), true
			lines = append(lines, fmt.Sprintf("%s %s（%d/%d）", periodLabel(t.Period), chart.Percent(points[i].Rate), t.OnTime, t.Settled))
		}
	}
	title := r.chat.Title + " · 按期办结率"
	png, err := chart.RenderTrend(title, points)
	if err != nil {
		return err
	}
	caption := "📈 " + escape(title)
	switch {
	case !ok:
		caption += "\n本群还没有任务。"
	case len(periods) < 12:
		caption += "（自" + periodLabel(periods[0]) + "首个任务起）"
	default:
		caption += "（近12个月）"
	}
	if len(lines) == 0 && ok {
		caption += "\n还没有到期的任务。"
	}
	if len(lines) > 0 {
		caption += "\n" + strings.Join(lines, "\n")
	}
	_, err = b.sendPhoto(ctx, r.tgChatID, r.thread, "stats.png", png, caption, outbox.Answer)
	return err
}
