package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// rankFormula is shown under every ranking, so nobody has to guess: the
// group's weights, flags and what counts.
func rankFormula(rules models.RankRules) string {
	var s strings.Builder
	fmt.Fprintf(&s, "计分：按期办结×%d + 超期办结×%d − 逾期未办×%d；同分看按期率，再看姓名。"+
		"按期率 = 按期办结 ÷（按期 + 超期 + 逾期）。", rules.OnTime, rules.Late, rules.Overdue)
	if rules.Flags > 0 {
		fmt.Fprintf(&s, "满%d名时前%d名🚩红旗、后%d名🟨黄旗。", 2*rules.Flags, rules.Flags, rules.Flags)
	}
	if !rules.ExtensionsCount {
		s.WriteString("按原截止时间判断是否按期（批准的延期不计）。")
	}
	if rules.UnitOnly {
		s.WriteString("只计有牵头单位的任务。")
	}
	return s.String()
}

// cmdRank is /rank [单位] [周|月|季|半年|年|开始日期 结束日期] (排名).
func (b *Bot) cmdRank(ctx context.Context, r *request) error {
	byUnit, period, ok := parseRankArgs(strings.Fields(r.args), r.localNow())
	if !ok {
		return r.fail(ctx, "用法：/rank [单位] [周|月|季|半年|年]，或 /rank 2026-01-01 2026-03-31",
			"Usage: /rank [unit] [week|month|quarter|half|year] or /rank 2026-01-01 2026-03-31")
	}
	rules := r.chat.RankRules()
	entries, err := b.store.Ranking(ctx, models.RankingQuery{ChatID: r.chat.ID, From: period.From, To: period.To,
		ByUnit: byUnit, Rules: &rules})
	if err != nil {
		return err
	}
	if err := r.reply(ctx, rankingText(r.chat.Title, period, byUnit, entries, rules)); err != nil {
		return err
	}
	// The picture comes as well as the text, never instead: if it fails,
	// the group already has the ranking.
	return b.sendLeaderboard(ctx, r.tgChatID, r.thread, r.chat.Title, period, byUnit, entries, rules, outbox.Answer)
}

// parseRankArgs reads /rank's arguments; the default is this month, per person.
func parseRankArgs(args []string, now time.Time) (byUnit bool, p models.Period, ok bool) {
	kind := models.Month
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
		return byUnit, models.PeriodContaining(kind, now), true
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
	for i := range entries {
		e := &entries[i]
		flag := ""
		switch e.Flag {
		case models.RedFlag:
			flag = "🚩"
		case models.YellowFlag:
			flag = "🟨"
		}
		name := escape(e.Name())
		if !byUnit {
			name = userLink(&e.User)
			if e.Unit != "" {
				name += "（" + escape(e.Unit) + "）"
			}
		}
		rate := "—"
		if v, ok := e.Rate(); ok {
			rate = fmt.Sprintf("%.0f%%", v*100)
		}
		fmt.Fprintf(&s, "\n%d. %s%s\n   到期%d 按期%d 超期%d 逾期%d 按期率%s 得分%d",
			e.Rank, flag, name, e.Due, e.OnTime, e.Late, e.Overdue, rate, e.Score)
	}
	s.WriteString("\n\n" + rankFormula(rules))
	return s.String()
}
