package bot

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// problemFormula states how units are ranked, under every table.
var problemFormula = fmt.Sprintf("得分 = %d%% × 按时答复率 + %d%% × 按期解决率（满分100）；各率的分母为期间内受理的问题（不含撤销）。",
	models.ProblemAnswerWeight, models.ProblemSolveWeight)

// problemStats is /problems 统计 [期间]: per unit, as text and a picture.
func (b *Bot) problemStats(ctx context.Context, r *request, args []string) error {
	_, p, ok := parseRankArgs(args, r.localNow())
	if !ok {
		return r.fail(ctx, "用法：/problems 统计 [月|季|半年|年|上月|开始日期 结束日期]", "Usage: /problems 统计 [period]")
	}
	stats, err := b.problemStatsOf(ctx, r.chat, p, r.now)
	if err != nil {
		return err
	}
	if err := r.reply(ctx, problemStatsText(r.chat.Title, p, stats)); err != nil {
		return err
	}
	b.sendProblemBoard(ctx, r.chat, r.thread, p, stats, outbox.Answer)
	return nil
}

// problemStatsOf computes a group's statistics of a period.
func (b *Bot) problemStatsOf(ctx context.Context, chat *models.Chat, p models.Period, now time.Time) ([]models.ProblemUnitStats, error) {
	rules := chat.RankRules()
	return b.store.ProblemStats(ctx, chat.ID, p.From, p.To, now, rules.ExtensionsCount, rules.Flags)
}

// percent shows a rate as 66.7%.
func percent(x float64) string { return fmt.Sprintf("%.1f%%", x*100) }

// days shows a median in days, or — for none.
func days(x float64) string {
	if x < 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f天", x)
}

// flagMark is " 🚩" for the top, " 🟨" for the bottom.
func flagMark(f models.Flag) string {
	if e := flagEmoji(f); e != "" {
		return " " + e
	}
	return ""
}

// problemStatsText is the statistics table as text, the formula under it.
func problemStatsText(title string, p models.Period, stats []models.ProblemUnitStats) string {
	var s strings.Builder
	fmt.Fprintf(&s, "📊 <b>问题解决清单统计 · %s</b>\n%s", escape(title), periodLabel(p))
	if len(stats) == 0 {
		s.WriteString("\n本期没有受理问题。")
		return s.String()
	}
	for _, u := range stats {
		fmt.Fprintf(&s, "\n\n%d. <b>%s</b>%s 得分 %.1f\n受理 %d · 按时答复 %d（%s） · 已解决 %d（%s） · 按期解决 %d（%s）\n答复用时中位数 %s · 解决用时中位数 %s · 当前逾期 %d",
			u.Rank, escape(u.Unit), flagMark(u.Flag), u.Score, u.Received, u.AnsweredOnTime, percent(u.AnswerRate()),
			u.Solved, percent(u.SolveRate()), u.SolvedOnTime, percent(u.OnTimeSolveRate()),
			days(u.MedianAnswerDays), days(u.MedianSolveDays), u.OverdueNow)
	}
	s.WriteString("\n\n" + problemFormula)
	return s.String()
}

// sendProblemBoard sends the statistics as a picture (the leaderboard's,
// with the problems' words). A picture that cannot be drawn or sent is
// logged: the text has gone out already.
func (b *Bot) sendProblemBoard(ctx context.Context, chat *models.Chat, thread int, p models.Period,
	stats []models.ProblemUnitStats, class outbox.Class) {
	if len(stats) == 0 {
		return
	}
	lb := chart.Leaderboard{Title: chat.Title + " · 问题解决清单", Subtitle: periodLabel(p), Footer: problemFormula}
	for _, u := range stats {
		row := chart.Row{Rank: u.Rank, Name: u.Unit, Due: u.Received, OnTime: u.AnsweredOnTime, Late: u.Solved,
			Overdue: u.OverdueNow, Rate: u.OnTimeSolveRate(), HasRate: u.Received > 0, Score: int(math.Round(u.Score)),
			Labels: [4]string{"受理", "按时答复", "已解决", "当前逾期"}, RateLabel: "按期解决率"}
		row.Flag = chartFlag(u.Flag)
		lb.Rows = append(lb.Rows, row)
	}
	png, err := chart.RenderLeaderboard(lb)
	if err != nil {
		b.log.Error("draw problem statistics", slog.String("err", err.Error()))
		return
	}
	caption := fmt.Sprintf("📊 %s · %s", escape(lb.Title), periodLabel(p))
	if _, err := b.sendPhoto(ctx, chat.TelegramID, thread, "problems.png", png, caption, class); err != nil {
		b.log.Warn("problem statistics picture not delivered", slog.Int64("chat", chat.TelegramID), slog.String("err", err.Error()))
	}
}

// publishProblems adds last month's problem statistics to the monthly
// publication, when the group received problems in it; msgID is the
// publication's message (0 when it had nothing else to show).
func (b *Bot) publishProblems(ctx context.Context, chat *models.Chat, n models.Notice, msgID int) (int, error) {
	for _, r := range n.Reminders {
		if r.Kind != models.PublishMonth {
			continue
		}
		period, _ := r.Kind.Period(r.At.In(chat.Location()))
		has, err := b.store.HasProblems(ctx, chat.ID, period.From, period.To)
		if err != nil || !has {
			return msgID, err
		}
		stats, err := b.problemStatsOf(ctx, chat, period, b.clock.Now())
		if err != nil {
			return msgID, err
		}
		msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, text: problemStatsText(chat.Title, period, stats), class: outbox.Automatic})
		if err != nil {
			return msgID, err
		}
		b.sendProblemBoard(ctx, chat, 0, period, stats, outbox.Automatic)
		if msgID == 0 {
			msgID = msg.ID
		}
	}
	return msgID, nil
}

// problemRows renders a group's problems as the ledger's 问题清单 rows.
func problemRows(ps []models.Problem, rules models.RankRules, now time.Time) []ledger.ProblemRow {
	rows := make([]ledger.ProblemRow, len(ps))
	for i := range ps {
		p := &ps[i]
		onTime := ""
		switch {
		case p.Status == models.ProblemSolved && p.SolvedOnTime(rules.ExtensionsCount):
			onTime = "是"
		case p.Status == models.ProblemSolved, p.Overdue(now):
			onTime = "否"
		}
		owner := ""
		if p.Owner != nil {
			owner = p.Owner.DisplayName()
		}
		rows[i] = ledger.ProblemRow{Ref: p.Ref(), Enterprise: p.Enterprise, Description: p.Description, Unit: p.UnitName,
			Owner: owner, RecordedAt: p.CreatedAt, ReplyDeadline: p.ReplyDeadline, AnsweredAt: p.AnsweredAt, Answer: p.Answer,
			SolveDeadline: p.SolveDeadline, SolvedAt: p.SubmittedAt, Status: p.Status.Label(), OnTime: onTime, Overdue: p.Overdue(now)}
		if p.Status != models.ProblemSolved {
			rows[i].SolvedAt = nil
		}
	}
	return rows
}

// exportProblems is /problems 导出 (leaders): the 问题清单 sheet alone.
func (b *Bot) exportProblems(ctx context.Context, r *request) error {
	if err := r.requireLeader(ctx, "导出问题清单", "export the problem list"); err != nil {
		return err
	}
	ps, err := b.store.AllProblems(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return r.fail(ctx, "本群还没有登记问题。", "No problems recorded yet.")
	}
	l := ledger.Ledger{Title: r.chat.Title + " 问题清单", Period: "全部", Zone: r.loc, Problems: problemRows(ps, r.chat.RankRules(), r.now)}
	file, err := ledger.ProblemsXLSX(l)
	if err != nil {
		return err
	}
	caption := fmt.Sprintf("📒 %s（%d 个问题）", escape(l.Title), len(ps))
	_, err = b.sendDocument(ctx, r.tgChatID, r.thread, ledger.FileName(l, "xlsx"), file, caption)
	return err
}

// addProblemSheet adds the group's problems to an /export ledger.
func (b *Bot) addProblemSheet(ctx context.Context, chat *models.Chat, l *ledger.Ledger, now time.Time) error {
	ps, err := b.store.AllProblems(ctx, chat.ID)
	if err != nil {
		return err
	}
	l.Problems = problemRows(ps, chat.RankRules(), now)
	return nil
}
