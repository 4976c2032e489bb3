package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// sendLeaderboard sends the ranking as a picture. A picture that cannot be
// drawn or sent is logged: the text version has gone out already.
func (b *Bot) sendLeaderboard(ctx context.Context, chatID int64, thread int, title string, p models.Period,
	byUnit bool, entries []models.RankEntry, rules models.RankRules, class outbox.Class) error {
	if len(entries) == 0 {
		return nil
	}
	who := "个人排名"
	if byUnit {
		who = "单位排名"
	}
	lb := chart.Leaderboard{Title: title + " · " + who, Subtitle: periodLabel(p), Footer: rankFormula(rules)}
	for i := range entries {
		e := &entries[i]
		rate, has := e.Rate()
		row := chart.Row{Rank: e.Rank, Name: e.Name(), Due: e.Due, OnTime: e.OnTime, Late: e.Late,
			Overdue: e.Overdue, Rate: rate, HasRate: has, Score: e.Score}
		if !byUnit {
			row.Unit = e.Unit
		}
		switch e.Flag {
		case models.RedFlag:
			row.Flag = chart.Red
		case models.YellowFlag:
			row.Flag = chart.Yellow
		}
		lb.Rows = append(lb.Rows, row)
	}
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
// last twelve months, with the figures as the caption.
func (b *Bot) cmdStats(ctx context.Context, r *request) error {
	month := models.PeriodContaining(models.Month, r.localNow())
	periods := make([]models.Period, 12)
	for i := 11; i >= 0; i-- {
		periods[i] = month
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
		if t.Settled > 0 {
			points[i].Rate, points[i].HasRate = float64(t.OnTime)/float64(t.Settled), true
			lines = append(lines, fmt.Sprintf("%s %.0f%%（%d/%d）", periodLabel(t.Period), points[i].Rate*100, t.OnTime, t.Settled))
		}
	}
	title := r.chat.Title + " · 按期办结率"
	png, err := chart.RenderTrend(title, points)
	if err != nil {
		return err
	}
	caption := "📈 " + escape(title) + "（近12个月）"
	if len(lines) == 0 {
		caption += "\n近12个月还没有到期的任务。"
	} else {
		caption += "\n" + strings.Join(lines, "\n")
	}
	_, err = b.sendPhoto(ctx, r.tgChatID, r.thread, "stats.png", png, caption, outbox.Answer)
	return err
}

// publicationTitles name what each publication is, as cadres call it.
var publicationTitles = map[models.ReminderKind]string{
	models.PublishMonth:   "每月亮成绩",
	models.PublishQuarter: "每季抢红旗",
	models.PublishHalf:    "半年一总结",
	models.PublishYear:    "全年列榜单",
}

// notifyPublication publishes the ranking of the period that just ended:
// people, and units when the group has any, as text and as a picture. A
// period without tasks publishes nothing.
func (b *Bot) notifyPublication(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	loc := chat.Location()
	period, ok := n.Kind.Period(n.Reminders[0].At.In(loc))
	if !ok {
		return 0, nil
	}
	rules := chat.RankRules()
	first := 0
	for _, byUnit := range []bool{false, true} {
		entries, err := b.store.Ranking(ctx, models.RankingQuery{ChatID: chat.ID, From: period.From, To: period.To,
			ByUnit: byUnit, Rules: &rules})
		if err != nil {
			return 0, err
		}
		if len(entries) == 0 {
			continue
		}
		text := fmt.Sprintf("📣 <b>晾晒成绩单 · %s</b>\n", publicationTitles[n.Kind]) + rankingText(chat.Title, period, byUnit, entries, rules)
		msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, text: text, class: outbox.Automatic})
		if err != nil {
			if first != 0 {
				return first, nil // the main part went out; do not publish it twice
			}
			return 0, err
		}
		if first == 0 {
			first = msg.ID
		}
		if err := b.sendLeaderboard(ctx, chat.TelegramID, 0, chat.Title, period, byUnit, entries, rules, outbox.Automatic); err != nil {
			return first, nil
		}
	}
	return first, nil
}
