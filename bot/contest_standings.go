package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// contestFormula states how the standings are computed, under every one.
const contestFormula = "计分：完成率＝本年累计÷年度目标（当期指标按本年各期合计；越低越好＝年度目标÷实际，当期取各期平均），" +
	"封顶150%，本期未填报的指标记0；得分＝Σ(权重×完成率)÷Σ权重×100。" +
	"序时进度＝截至本期末已过天数÷全年天数；累计指标完成率低于序时进度标🐢。"

// standingsPeriod is the period /contest shows: the latest with figures
// up to the open one (early in a reporting window the last one's), or the
// open one when nothing was reported yet.
func (b *Bot) standingsPeriod(ctx context.Context, ct *models.Contest, loc *time.Location, now time.Time) (models.Period, error) {
	sc := contestSchedule(ct)
	open := sc.OpenPeriod(now.In(loc))
	from, ok, err := b.store.LatestReportedPeriod(ctx, ct.ID, open.From)
	if err != nil || !ok {
		return open, err
	}
	return models.PeriodContaining(sc.Kind, from.In(loc)), nil
}

// showStandings answers /contest 名称: the standings as text, then as a
// picture.
func (b *Bot) showStandings(ctx context.Context, r *request, ct *models.Contest) error {
	p, err := b.standingsPeriod(ctx, ct, r.loc, r.now)
	if err != nil {
		return err
	}
	st, err := b.store.ContestStandings(ctx, ct, p, r.chat.FlagCount)
	if err != nil {
		return err
	}
	if err := r.reply(ctx, standingsText(ct, st)); err != nil {
		return err
	}
	return b.sendStandingsPicture(ctx, r.tgChatID, r.thread, ct, st, outbox.Answer)
}

// sendStandingsPicture sends the standings as a picture; one that cannot be
// drawn or sent is logged, the text having gone out.
func (b *Bot) sendStandingsPicture(ctx context.Context, chatID int64, thread int, ct *models.Contest, st models.Standings, class outbox.Class) error {
	if len(st.Rows) == 0 || len(st.Indicators) == 0 {
		return nil
	}
	png, err := chart.RenderContest(contestBoard(ct, st))
	if err != nil {
		b.log.Error("draw contest standings", slog.String("err", err.Error()))
		return nil
	}
	caption := fmt.Sprintf("🏟 %s · %s 成绩单", escape(ct.Name), models.PeriodLabel(st.Period))
	if _, err := b.sendPhoto(ctx, chatID, thread, "contest.png", png, caption, class); err != nil {
		b.log.Warn("contest picture not delivered", slog.Int64("chat", chatID), slog.String("err", err.Error()))
	}
	return nil
}

// contestBoard is the standings as the picture draws them.
func contestBoard(ct *models.Contest, st models.Standings) chart.ContestBoard {
	cb := chart.ContestBoard{Title: ct.Name + " · 成绩单", Progress: st.Progress,
		Subtitle: models.PeriodLabel(st.Period) + " · 序时进度 " + models.FormatPercent(st.Progress),
		Footer:   strings.ReplaceAll(contestFormula, "标🐢", "标“落后”")}
	for _, ind := range st.Indicators {
		cb.Indicators = append(cb.Indicators, ind.Name)
	}
	for _, row := range st.Rows {
		cr := chart.ContestRow{Rank: row.Rank, Name: row.Unit, Score: row.Score, Missing: row.Missing > 0,
			Flag: chartFlag(row.Flag)}
		for _, cell := range row.Cells {
			cr.Cells = append(cr.Cells, chart.ContestCell{Completion: cell.Completion, Reported: cell.Reported,
				Behind: cell.Behind, Text: models.FormatPercent(cell.Completion)})
		}
		cb.Rows = append(cb.Rows, cr)
	}
	return cb
}

// standingsText writes the standings: per unit its rank, flag, score, and
// per indicator a text bar, the completion, the figures and 🐢; the formula
// under them.
func standingsText(ct *models.Contest, st models.Standings) string {
	var s strings.Builder
	fmt.Fprintf(&s, "🏟 <b>%s · 成绩单</b>\n%s · 序时进度 %s", escape(ct.Name), models.PeriodLabel(st.Period),
		models.FormatPercent(st.Progress))
	if len(st.Indicators) == 0 {
		fmt.Fprintf(&s, "\n\n还没有指标。领导可用 /contest %s 指标 指标名 计量单位 权重N 添加。", escape(ct.Name))
		return s.String()
	}
	if len(st.Rows) == 0 {
		s.WriteString("\n\n还没有参赛单位。")
		return s.String()
	}
	for _, row := range st.Rows {
		s.WriteString("\n\n")
		if f := flagEmoji(row.Flag); f != "" {
			s.WriteString(f + " ")
		}
		fmt.Fprintf(&s, "%d. <b>%s</b> %s分", row.Rank, escape(row.Unit), models.FormatScore(row.Score))
		if row.Missing == len(st.Indicators) {
			s.WriteString(" 未填报")
		}
		for j, cell := range row.Cells {
			ind := &st.Indicators[j]
			fmt.Fprintf(&s, "\n  %s %s ", escape(ind.Name), textBar(cell.Completion))
			switch {
			case !cell.Reported:
				s.WriteString("未填报")
			case !cell.HasTarget:
				fmt.Fprintf(&s, "%s（无目标）", escape(figure(cell.YearToDate, ind.Measure)))
			default:
				fmt.Fprintf(&s, "%s（%s/%s）", models.FormatPercent(cell.Completion),
					escape(figure(cell.YearToDate, ind.Measure)), escape(figure(cell.Target, ind.Measure)))
			}
			if cell.Behind {
				s.WriteString(" 🐢")
			}
		}
	}
	s.WriteString("\n\n" + contestFormula)
	if st.Flags {
		fmt.Fprintf(&s, "前%d名🚩红旗，后%d名🟨黄旗。", countFlags(st, models.RedFlag), countFlags(st, models.YellowFlag))
	}
	return s.String()
}

func countFlags(st models.Standings, f models.Flag) int {
	n := 0
	for _, r := range st.Rows {
		if r.Flag == f {
			n++
		}
	}
	return n
}

// reportedAny reports whether any unit reported any figure in the
// standings' period: standings of nothing are not published.
func reportedAny(st models.Standings) bool {
	for _, r := range st.Rows {
		if r.Missing < len(st.Indicators) {
			return true
		}
	}
	return false
}

// textBar draws a completion as ten cells, full at 100%.
func textBar(c float64) string {
	n := int(math.Floor(math.Min(math.Max(c, 0), 1) * 10)) // full only at 100%
	return strings.Repeat("▓", n) + strings.Repeat("░", 10-n)
}

// contestTrend answers /contest 名称 趋势: each unit's score per period of
// this year, as a line chart, with the latest scores as the caption.
func (b *Bot) contestTrend(ctx context.Context, r *request, ct *models.Contest) error {
	sc := contestSchedule(ct)
	last := sc.OpenPeriod(r.localNow())
	var periods []models.Period
	for p := last; p.From.Year() == last.From.Year(); p = p.Previous() {
		periods = append([]models.Period{p}, periods...)
	}
	index := map[string]int{}
	var series []chart.ScoreSeries
	labels := make([]string, len(periods))
	for i, p := range periods {
		labels[i] = shortLabel(p)
		st, err := b.store.ContestStandings(ctx, ct, p, 0)
		if err != nil {
			return err
		}
		for _, row := range st.Rows {
			k, ok := index[row.Unit]
			if !ok {
				k = len(series)
				index[row.Unit] = k
				series = append(series, chart.ScoreSeries{Name: row.Unit, Scores: make([]float64, len(periods)),
					Has: make([]bool, len(periods))})
			}
			series[k].Scores[i], series[k].Has[i] = row.Score, row.Missing < len(st.Indicators)
		}
	}
	title := fmt.Sprintf("%s · %d年得分趋势", ct.Name, last.From.Year())
	png, err := chart.RenderContestTrend(title, labels, series)
	if err != nil {
		return err
	}
	var lines []string
	for _, s := range series {
		for i := len(periods) - 1; i >= 0; i-- {
			if s.Has[i] {
				lines = append(lines, fmt.Sprintf("%s %s分（%s）", escape(s.Name), models.FormatScore(s.Scores[i]), labels[i]))
				break
			}
		}
	}
	caption := "📈 " + escape(title)
	if len(lines) == 0 {
		caption += "\n今年还没有填报数据。"
	} else {
		caption += "\n" + strings.Join(lines, "\n")
	}
	_, err = b.sendPhoto(ctx, r.tgChatID, r.thread, "contest-trend.png", png, truncateRunes(caption, 1000), outbox.Answer)
	return err
}

// shortLabel names a period on a chart's axis: 11月, Q4, 第48周.
func shortLabel(p models.Period) string {
	switch p.Kind {
	case models.Quarter:
		return fmt.Sprintf("Q%d", (int(p.From.Month())+2)/3)
	case models.Week:
		_, w := p.From.ISOWeek()
		return fmt.Sprintf("第%d周", w)
	}
	return fmt.Sprintf("%d月", p.From.Month())
}

// publishContests is the publication hook of contests: with the group's
// monthly, quarterly, half-year and yearly publications (which go out only
// while 晾晒 is on), each contest's latest standings, flags only from the
// quarterly one on. Failures are logged: the rankings went out already.
func (b *Bot) publishContests(ctx context.Context, chat *models.Chat, n models.Notice) {
	cs, err := b.store.Contests(ctx, chat.ID)
	if err != nil {
		b.log.Error("contests to publish", slog.String("err", err.Error()))
		return
	}
	flags := 0
	for _, r := range n.Reminders {
		if r.Kind != models.PublishMonth {
			flags = chat.FlagCount
		}
	}
	now := b.clock.Now()
	for i := range cs {
		ct := &cs[i]
		if len(ct.Indicators) == 0 || len(ct.Units) == 0 {
			continue
		}
		// The latest period whose reports were due: earlier in the month
		// the figures are still coming in.
		sc := contestSchedule(ct)
		p := sc.OpenPeriod(now.In(chat.Location()))
		if b.reportDue(ctx, chat, sc, p).After(now) {
			p = p.Previous()
		}
		st, err := b.store.ContestStandings(ctx, ct, p, flags)
		if err == nil && reportedAny(st) {
			_, err = b.send(ctx, outgoing{chatID: chat.TelegramID, text: "📣 晾晒成绩单\n" + standingsText(ct, st), class: outbox.Automatic})
			if err == nil {
				err = b.sendStandingsPicture(ctx, chat.TelegramID, 0, ct, st, outbox.Automatic)
			}
		}
		if err != nil {
			b.log.Warn("contest standings not published", slog.Uint64("contest", uint64(ct.ID)), slog.String("err", err.Error()))
		}
	}
}
