package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// 周期任务 (series): /assign with a recurring phrase (每周五下班前, 每月5日前)
// makes a series whose instances are ordinary tasks. The store makes each
// next instance (on the close of the current one, or when a SeriesNext row
// falls due at its deadline); the bot announces them as the dispatcher
// asks (notifySeries), and /repeat lists and stops series.

// takeRule finds a recurring phrase in *text, removes it and keeps its
// rule in d. A phrase that cannot be kept (每月32日, 每两周五) stops the
// command with the reason; /post (people false) takes none: a listed task
// is claimed once.
func (b *Bot) takeRule(ctx context.Context, r *request, d *assignDraft, text *string, people bool) error {
	rec, rest, err := deadline.FindRule(*text)
	if errors.Is(err, deadline.ErrNoRule) {
		return nil
	}
	if err != nil {
		return r.refuseRule(ctx, err)
	}
	if !people {
		return r.fail(ctx, fmt.Sprintf("揭榜任务不能设周期「%s」。周期任务请用 /assign 交办给主办人，例如：/assign @zhangwei 报送本周项目进展 每周五下班前", rec.Phrase),
			"A listed task cannot recur. Assign recurring work with /assign, e.g. /assign @zhangwei weekly report every friday 5pm")
	}
	d.Rule, d.RulePhrase, *text = rec.Rule.String(), rec.Phrase, rest
	return nil
}

// takeWhen takes a recurring phrase (not for /post) or else a deadline
// from an answer to one of the bot's questions.
func (b *Bot) takeWhen(ctx context.Context, r *request, d *assignDraft, text *string) error {
	if !d.Posted && d.Rule == "" && d.Deadline.IsZero() {
		if err := b.takeRule(ctx, r, d, text, true); err != nil || d.Rule != "" {
			return err
		}
	}
	return b.takeDeadline(ctx, r, d, text)
}

// refuseRule explains why a recurring phrase cannot be kept, with phrases
// that can.
func (r *request) refuseRule(ctx context.Context, err error) error {
	var de *deadline.Error
	if !errors.As(err, &de) {
		return err
	}
	return r.fail(ctx, de.Reason+"\n可以这样写：「"+strings.Join(deadline.RuleExamples(), "」「")+"」",
		de.English+"\nTry e.g. \""+strings.Join(deadline.EnglishRuleExamples(), `", "`)+`"`)
}

// startSeries stores the series and its first instance and announces it.
func (b *Bot) startSeries(ctx context.Context, r *request, d *assignDraft, n models.NewTask) error {
	_, t, err := b.store.CreateSeries(ctx, r.change(), models.NewSeries{Task: n, Rule: d.Rule, Phrase: d.RulePhrase})
	var tl *models.TooLongError
	switch {
	case errors.As(err, &tl):
		return r.refuseTooLong(ctx, err)
	case errors.Is(err, models.ErrInvalid):
		return r.fail(ctx, fmt.Sprintf("「%s」在一年内没有一天是本群的工作日，无法交办周期任务。", d.RulePhrase),
			fmt.Sprintf("%q falls on none of the group's working days within a year.", d.RulePhrase))
	case err != nil:
		return r.refuseStoreError(ctx, err)
	}
	return b.announceTask(ctx, r, t, d.Unknown)
}

// notifySeries handles a SeriesNext row that fell due: the store makes the
// next instance when the current one's deadline has come, and the current
// instance is announced if it was not yet (made now, or on the close of
// the one before). Repeated after a crash, it makes and announces nothing
// twice: the store keeps one instance per occurrence, and an announced
// instance has its card's message id.
func (b *Bot) notifySeries(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	row := n.Reminders[0]
	if row.SeriesID == nil {
		return 0, nil
	}
	t, err := b.store.AdvanceSeries(ctx, *row.SeriesID, row.At)
	if err != nil || t == nil || t.MessageID != 0 || !t.Status.Open() {
		return 0, err
	}
	responsible, err := b.responsibleOf(ctx, t)
	if err != nil {
		return 0, err
	}
	now, loc := b.clock.Now(), chat.Location()
	text, markup := assignmentCard(t, responsible, now, loc)
	text = strings.Replace(text, "✅ 已交办", "🔁 周期任务新一期已交办", 1)
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, thread: t.ThreadID, text: text, markup: markup,
		class: outbox.Automatic, about: t.ID})
	if err != nil {
		return 0, err
	}
	if err := b.store.SetTaskMessage(ctx, t.ID, msg.ID); err != nil {
		return 0, err
	}
	b.copyNewTask(ctx, chat, t, responsible, now, loc)
	return msg.ID, nil
}

// seriesLine is the card's line about a task's series: 周期：每周五 18:00.
func seriesLine(t *models.Task) string {
	if t.Series == nil {
		return ""
	}
	line := "周期：" + escape(t.Series.Rule)
	if !t.Series.Active() {
		line += "（已停止）"
	}
	return line + "\n"
}

// cmdRepeat is /repeat (周期): the group's series; /repeat stop N ends the
// series of task N.
func (b *Bot) cmdRepeat(ctx context.Context, r *request) error {
	word, rest, _ := strings.Cut(strings.TrimSpace(r.args), " ")
	switch {
	case word == "":
		return b.listSeries(ctx, r)
	case (word == "stop" || word == "停止") && strings.TrimSpace(rest) != "":
		r.args = strings.TrimSpace(rest)
		return b.stopSeries(ctx, r)
	}
	return r.fail(ctx, "用法：/repeat 查看本群周期任务；/repeat stop 任务号 停止该任务所属的周期任务，例如 /repeat stop 5",
		"Usage: /repeat lists the group's recurring tasks; /repeat stop N stops the series of task N, e.g. /repeat stop 5")
}

// stopSeries ends the series of the task the arguments name (its assigner
// or a leader).
func (b *Bot) stopSeries(ctx context.Context, r *request) error {
	t, _, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	if t.Series == nil {
		return r.fail(ctx, fmt.Sprintf("#%d 不是周期任务。/repeat 查看本群的周期任务。", t.Number),
			fmt.Sprintf("#%d is not a recurring task. /repeat lists them.", t.Number))
	}
	if err := r.requireManager(ctx, t, "停止周期任务", "stop its series"); err != nil {
		return err
	}
	ser, err := b.store.StopSeries(ctx, r.change(), t.ID)
	if errors.Is(err, models.ErrSeriesStopped) {
		return r.fail(ctx, fmt.Sprintf("#%d 所属的周期任务已经停止了。", t.Number),
			fmt.Sprintf("The series of #%d was stopped already.", t.Number))
	}
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	text := fmt.Sprintf("⏹ 周期任务已停止：%s（%s）\n操作人：%s\n不再自动交办下一期；", escape(ser.Title), escape(ser.Rule), userLink(r.user))
	if ser.CurrentTaskID != nil {
		cur, err := b.store.TaskByID(ctx, *ser.CurrentTaskID)
		if err != nil {
			return err
		}
		if cur.Status.Open() {
			return r.replyAbout(ctx, cur.ID, text+fmt.Sprintf("已交办的 #%d 照常办理。", cur.Number), nil)
		}
	}
	return r.reply(ctx, text+"已交办的各期照常办理。")
}

// listSeries is /repeat: the running series, then the stopped ones.
func (b *Bot) listSeries(ctx context.Context, r *request) error {
	list, err := b.store.SeriesOfChat(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return r.reply(ctx, escape(r.say("本群还没有周期任务。交办时写上周期即可，例如：/assign @zhangwei 报送本周项目进展 每周五下班前",
			"No recurring tasks here yet. Add a recurring phrase when assigning, e.g. /assign @zhangwei weekly report every friday 5pm")))
	}
	var s strings.Builder
	running := 0
	for _, ser := range list {
		if ser.Active() {
			running++
		}
	}
	fmt.Fprintf(&s, "🔁 本群周期任务：进行中 %d 个", running)
	if stopped := len(list) - running; stopped > 0 {
		fmt.Fprintf(&s, "，已停止 %d 个", stopped)
	}
	for i, ser := range list {
		if i == running {
			s.WriteString("\n\n已停止：")
		}
		s.WriteString("\n\n" + seriesEntry(&ser, r.now, r.loc))
	}
	if running > 0 {
		s.WriteString("\n\n停止：/repeat stop 任务号（交办人或领导）")
	}
	return r.reply(ctx, s.String())
}

// seriesEntry is one series in /repeat's list.
func seriesEntry(ser *models.SeriesSummary, now time.Time, loc *time.Location) string {
	var s strings.Builder
	fmt.Fprintf(&s, "• %s — %s\n", escape(ser.Title), escape(ser.Rule))
	fmt.Fprintf(&s, "  主办：%s；交办：%s；已交办 %d 期", escape(ser.Lead.DisplayName()), escape(ser.Assigner.DisplayName()), ser.Instances)
	if c := ser.Current; c != nil {
		fmt.Fprintf(&s, "\n  当前：#%d，截止 %s，%s", c.Number, formatTime(c.Deadline, loc, false), statusLabel(c, now, loc))
	}
	if len(ser.Overdue) > 0 {
		nums := make([]string, len(ser.Overdue))
		for i, n := range ser.Overdue {
			nums[i] = fmt.Sprintf("#%d", n)
		}
		fmt.Fprintf(&s, "\n  往期逾期未办结：%s", strings.Join(nums, "、"))
	}
	if ser.StoppedAt != nil {
		who := "—"
		if ser.StoppedBy != nil {
			who = escape(ser.StoppedBy.DisplayName())
		}
		fmt.Fprintf(&s, "\n  %s 于 %s 停止", who, ser.StoppedAt.In(loc).Format("2006-01-02 15:04"))
	}
	return s.String()
}

// whenRule answers /when with a recurring phrase: the rule, its
// conventions and its next three occurrences on the group's calendar. ok
// is false when the text is no recurring phrase (a deadline, then).
func (b *Bot) whenRule(ctx context.Context, r *request) (ok bool, err error) {
	rule, err := deadline.ParseRule(r.args)
	switch {
	case errors.Is(err, deadline.ErrNoRule):
		return false, nil
	case err != nil:
		return true, r.refuseRule(ctx, err)
	}
	cal, err := r.calendar(ctx)
	if err != nil {
		return true, err
	}
	text := rule.Explain(r.now, r.loc, cal, 3)
	if r.english() {
		text = rule.ExplainEnglish(r.now, r.loc, cal, 3)
	}
	return true, r.reply(ctx, "🔁 "+escape(text))
}
