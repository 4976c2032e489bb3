package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// Notify sends a reminder, catch-up or digest the scheduler asks for, and
// returns the id of the group message. It implements scheduler.Notifier.
// Whoever the reminder is for gets a private copy with the same buttons if
// they started the bot; the others get a link to start it in the group
// message.
func (b *Bot) Notify(ctx context.Context, n models.Notice) (int, error) {
	chat, err := b.store.ChatByID(ctx, n.ChatID)
	if err != nil {
		return 0, err
	}
	if chat.BlockedAt != nil {
		return 0, goneError{fmt.Errorf("chat %d is blocked", chat.TelegramID)}
	}
	if n.ProblemID != nil {
		return b.notifyProblem(ctx, chat, n)
	}
	if n.Kind == models.SeriesNext {
		return b.notifySeries(ctx, chat, n)
	}
	if n.Kind == models.ReminderContest {
		return b.notifyContestRound(ctx, chat, n)
	}
	if n.TaskID == nil {
		return b.notifyDigest(ctx, chat, n)
	}
	t, err := b.store.TaskByID(ctx, *n.TaskID)
	if errors.Is(err, models.ErrNotFound) {
		return 0, nil // gone meanwhile: nothing to say
	}
	if err != nil {
		return 0, err
	}
	if (n.Kind == models.ReminderConfirm) != (t.Status == models.StatusSubmitted) ||
		t.Status != models.StatusSubmitted && !t.Status.Working() {
		return 0, nil // moved on meanwhile
	}
	if n.Kind.IsNode() && !n.CatchUp && len(noticeNodes(t, n)) == 0 {
		return 0, nil // its nodes were done or removed meanwhile
	}
	now := b.clock.Now()
	var leaders []*models.User // who an escalation or a 待确认 names and tells
	assignees := make([]*models.User, len(t.Assignees))
	for i := range t.Assignees {
		assignees[i] = &t.Assignees[i].User
	}
	kb := taskButtons(t, actView, actProgress, actSubmit)
	// A 填报 task closes through /report alone: no 提交办结 button that
	// could only refuse.
	if report, err := b.store.IsReportTask(ctx, t.ID); err != nil {
		return 0, err
	} else if report {
		kb = taskButtons(t, actView, actProgress)
	}
	switch n.Kind {
	case models.ReminderEscalate:
		if leaders, err = b.escalationTargets(ctx, chat, t); err != nil {
			return 0, err
		}
	case models.ReminderAck:
		assignees = assignees[:0]
		for i := range t.Assignees {
			if t.Assignees[i].AckAt == nil {
				assignees = append(assignees, &t.Assignees[i].User)
			}
		}
		if len(assignees) == 0 {
			return 0, nil // everyone has acknowledged
		}
		kb = taskButtons(t, actAck, actView)
	case models.ReminderConfirm:
		if leaders, err = b.confirmTargets(ctx, t); err != nil {
			return 0, err
		}
		assignees = nil
		kb = taskButtons(t, actConfirm, actSendBack)
	}
	text, err := b.reminderText(ctx, chat, t, n, leaders, assignees, now)
	if err != nil {
		return 0, err
	}
	var invite []string
	for _, u := range assignees {
		if !u.StartedBot && u.TelegramID != nil {
			invite = append(invite, userLink(u))
		}
	}
	groupText := text
	if len(invite) > 0 {
		groupText += fmt.Sprintf("\n\n%s：<a href=\"https://t.me/%s?start=remind\">点此私聊机器人</a>，以后提醒也会私信送达。",
			strings.Join(invite, "、"), b.me.Username)
	}
	// An urge is a leader's command: it goes at once, like an answer.
	class := outbox.Automatic
	if n.Kind == models.ReminderUrge {
		class = outbox.Answer
	}
	thread, err := b.taskThread(ctx, t)
	if err != nil {
		return 0, err
	}
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, thread: thread, text: groupText, markup: kb, class: class, about: t.ID})
	if err != nil {
		return 0, err
	}
	b.sendPrivateCopies(ctx, chat, t, assignees, text, kb)
	leaderKB := taskButtons(t, actView)
	if n.Kind == models.ReminderConfirm {
		leaderKB = taskButtons(t, actConfirm, actView) // 退回 asks for a reason: in the group
	}
	b.sendPrivateCopies(ctx, chat, t, leaders, text, leaderKB)
	return msg.ID, nil
}

// taskButtons is a row of a task's buttons, in the order given.
func taskButtons(t *models.Task, actions ...string) *tgmodels.InlineKeyboardMarkup {
	labels := map[string]string{actAck: "收到", actView: "查看", actProgress: "进展", actSubmit: "提交办结",
		actConfirm: "确认办结", actSendBack: "退回"}
	row := make([]tgmodels.InlineKeyboardButton, len(actions))
	for i, a := range actions {
		row[i] = tgmodels.InlineKeyboardButton{Text: labels[a], CallbackData: callbackData(a, t.ID)}
	}
	return &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{row}}
}

// notifyPrivately queues private copies. They are a courtesy on top of the
// group message, delivered by the senders like answers (retried after a
// 5xx or a reset; a user who blocked the bot is remembered and skipped from
// then on); a copy that cannot even be queued is logged. While an update is
// handled they go with its answers, after its change is committed.
func (b *Bot) notifyPrivately(ctx context.Context, copies []models.OutgoingMessage) {
	if len(copies) == 0 {
		return
	}
	if a := answersOf(ctx); a != nil {
		for _, m := range copies {
			a.queue(m)
		}
		return
	}
	if err := b.queueNow(ctx, copies); err != nil {
		b.log.Warn("private reminder not delivered", slog.Int("copies", len(copies)), slog.String("err", err.Error()))
	}
}

// escalationTargets are the leaders an escalation addresses, in the
// group's leader order: the assigner, the task's 包保 leader, then the
// group's other leaders. Nobody is alerted about a task of their own: an
// assignee is never among them.
func (b *Bot) escalationTargets(ctx context.Context, chat *models.Chat, t *models.Task) ([]*models.User, error) {
	first := []uint{t.AssignerID}
	if t.ResponsibleID != nil {
		first = append(first, *t.ResponsibleID)
	}
	leaders, err := b.leaders(ctx, chat, first...)
	if err != nil {
		return nil, err
	}
	out := leaders[:0]
	for _, u := range leaders {
		if u.ID == 0 || !t.IsAssignee(u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}

// confirmTargets are who a submission waits for: its assigner, and its 包保
// leader, unless they are themselves its assignees.
func (b *Bot) confirmTargets(ctx context.Context, t *models.Task) ([]*models.User, error) {
	ids := []uint{t.AssignerID}
	if t.ResponsibleID != nil && *t.ResponsibleID != t.AssignerID {
		ids = append(ids, *t.ResponsibleID)
	}
	var out []*models.User
	for _, id := range ids {
		if t.IsAssignee(id) {
			continue
		}
		u, err := b.store.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// reminderText words a task reminder by its kind; leaders are the people an
// escalation or a 待确认 names, waiting the assignees a 签收提醒 names.
func (b *Bot) reminderText(ctx context.Context, chat *models.Chat, t *models.Task, n models.Notice, leaders, waiting []*models.User, now time.Time) (string, error) {
	loc := chat.Location()
	var s strings.Builder
	due := formatTime(t.Deadline, loc, false)
	switch {
	case n.Kind == models.ReminderConfirm:
		who := links(leaders, "、", "")
		if who == "" {
			who = "领导"
		}
		fmt.Fprintf(&s, "⏳ 待确认：%s\n%s 于 %s 提交办结，已等待%s。\n%s请确认办结或退回。", taskHeader(t), leadName(t),
			formatTime(*t.SubmittedAt, loc, false), b.waited(ctx, chat, *t.SubmittedAt, now), who)
		return s.String(), nil
	case n.Kind == models.ReminderAck:
		fmt.Fprintf(&s, "📥 签收提醒：%s\n%s 还没有签收，请点「收到」或回复「收到」。\n截止：%s，%s",
			taskHeader(t), links(waiting, "、", ""), due, overdueState(t, now, loc))
		return s.String(), nil
	case n.Kind.IsNode() && !n.CatchUp:
		s.WriteString(nodeReminderText(t, n, now, loc))
	case n.CatchUp:
		var missed []string
		for _, r := range n.Reminders {
			missed = appendUnique(missed, reminderLabel(r))
		}
		fmt.Fprintf(&s, "📮 补发提醒：机器人离线期间错过了 %s 的提醒（%s）。\n截止：%s，%s",
			taskHeader(t), strings.Join(missed, "、"), due, overdueState(t, now, loc))
	case n.Kind == models.ReminderBefore:
		left := time.Duration(n.Reminders[0].Offset) * time.Second
		if now.Sub(n.Reminders[0].At) > time.Minute {
			// Held by the quiet hours (or a retry): say what is left now.
			left = t.Deadline.Sub(now).Truncate(time.Minute)
		}
		fmt.Fprintf(&s, "⏰ 截止提醒：%s\n将于 %s 截止（还有%s）。", taskHeader(t), due, chineseDuration(left))
	case n.Kind == models.ReminderDue:
		fmt.Fprintf(&s, "⏰ 已到截止时间：%s\n截止：%s。请尽快办结，完成后发送 /done %d。", taskHeader(t), due, t.Number)
	case n.Kind == models.ReminderOverdue:
		// 已过截止时间 on the deadline's own day (due before 09:00).
		fmt.Fprintf(&s, "🔴 催办：%s %s\n截止：%s。请抓紧办理，完成后发送 /done %d。",
			taskHeader(t), overdueState(t, now, loc), due, t.Number)
	case n.Kind == models.ReminderEscalate:
		who := "请群内领导关注督促。"
		if len(leaders) > 0 {
			who = "请 " + links(leaders, "、", "") + " 关注督促。"
		}
		fmt.Fprintf(&s, "🚨 升级督办：%s %s，仍未办结。\n截止：%s。%s",
			taskHeader(t), overdueState(t, now, loc), due, who)
		for _, r := range n.Reminders {
			if r.Kind == models.ReminderOverdue { // the day's 催办 comes with it
				fmt.Fprintf(&s, "\n🔴 今日催办：请抓紧办理，完成后发送 /done %d。", t.Number)
				break
			}
		}
	case n.Kind == models.ReminderUrge:
		r := n.Reminders[0]
		by := "领导"
		if r.ActorID != nil {
			if u, err := b.store.UserByID(ctx, *r.ActorID); err == nil {
				by = userLink(u)
			}
		}
		fmt.Fprintf(&s, "📣 %s 催办 %s", by, taskHeader(t))
		if r.Note != "" {
			fmt.Fprintf(&s, "：%s", escape(r.Note))
		}
		fmt.Fprintf(&s, "\n截止：%s，%s", due, overdueState(t, now, loc))
	default: // extra
		fmt.Fprintf(&s, "⏰ 提醒：%s\n截止：%s，%s", taskHeader(t), due, overdueState(t, now, loc))
	}
	fmt.Fprintf(&s, "\n主办：%s", leadName(t))
	if co := t.Cooperators(); len(co) > 0 {
		fmt.Fprintf(&s, "  协办：%s", people(co))
	}
	return s.String(), nil
}

// reminderLabel names what a missed reminder was, for a catch-up.
func reminderLabel(r models.Reminder) string {
	switch r.Kind {
	case models.ReminderBefore:
		return "截止前" + chineseDuration(time.Duration(r.Offset)*time.Second)
	case models.ReminderDue:
		return "已到截止时间"
	case models.ReminderOverdue:
		return "逾期催办"
	case models.ReminderEscalate:
		return "升级督办"
	case models.ReminderUrge:
		return "催办"
	case models.ReminderAck:
		return "签收提醒"
	case models.ReminderNodeBefore, models.ReminderNodeDue:
		return "节点提醒"
	case models.ReminderNodeOverdue:
		return "节点催办"
	}
	return "提醒"
}

// links joins user links with sep, followed by end when there are any.
func links(us []*models.User, sep, end string) string {
	if len(us) == 0 {
		return ""
	}
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = userLink(u)
	}
	return strings.Join(out, sep) + end
}

// waited says how long a submission has waited, counted on the group's
// calendar: 1个工作日, or 3小时 within its first working day.
func (b *Bot) waited(ctx context.Context, chat *models.Chat, since, now time.Time) string {
	loc := chat.Location()
	var cal interface{ IsWorkday(time.Time) bool } = b.cal
	if days, err := b.store.HolidayDays(ctx, chat.ID); err == nil && len(days) > 0 {
		cal = workday.WithOverrides(b.cal, days)
	}
	if n := workdaysBetween(cal, since.In(loc), now.In(loc)); n > 0 {
		return fmt.Sprintf("%d个工作日", n)
	}
	return chineseDuration(now.Sub(since).Truncate(time.Hour))
}

// workdaysBetween counts the working days after from's date up to to's.
func workdaysBetween(cal interface{ IsWorkday(time.Time) bool }, from, to time.Time) int {
	n := 0
	y, m, d := from.Date()
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, to.Location())
	for day := time.Date(y, m, d+1, 0, 0, 0, 0, from.Location()); !day.After(end); day = day.AddDate(0, 0, 1) {
		if cal == nil || cal.IsWorkday(day) {
			n++
		}
	}
	return n
}

// overdueState says where an open task stands against its deadline: 已逾期N天
// (a reminder's wording of OverdueLabel), 已过截止时间 on the deadline's own
// day, or how long is left.
func overdueState(t *models.Task, now time.Time, loc *time.Location) string {
	if t.Overdue(now) {
		if t.DaysOverdue(now, loc) > 0 {
			return "已" + t.OverdueLabel(now, loc)
		}
		return "已过截止时间"
	}
	return "还有" + chineseDuration(t.Deadline.Sub(now).Truncate(time.Minute))
}

// chineseDuration shows 1天, 2小时, 1天2小时, 30分钟.
func chineseDuration(d time.Duration) string {
	if d < time.Minute {
		return "不到1分钟"
	}
	days, d := d/(24*time.Hour), d%(24*time.Hour)
	hours, d := d/time.Hour, d%time.Hour
	minutes := d / time.Minute
	var s strings.Builder
	if days > 0 {
		fmt.Fprintf(&s, "%d天", days)
	}
	if hours > 0 {
		fmt.Fprintf(&s, "%d小时", hours)
	}
	if minutes > 0 && days == 0 {
		fmt.Fprintf(&s, "%d分钟", minutes)
	}
	return s.String()
}
