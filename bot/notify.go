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
	"github.com/duban-bot/duban/models"
)

// Notify sends a reminder, catch-up or digest the scheduler asks for, and
// returns the id of the group message. It implements scheduler.Notifier.
// Assignees who started the bot get a private copy; the others get a link to
// start it in the group message.
func (b *Bot) Notify(ctx context.Context, n models.Notice) (int, error) {
	chat, err := b.store.ChatByID(ctx, n.ChatID)
	if err != nil {
		return 0, err
	}
	if chat.BlockedAt != nil {
		return 0, goneError{fmt.Errorf("chat %d is blocked", chat.TelegramID)}
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
	if t.Status != models.StatusTodo && t.Status != models.StatusDoing {
		return 0, nil // closed meanwhile
	}
	now, loc := b.clock.Now(), chat.Location()
	var leaders []*models.User // who an escalation names and tells
	if n.Kind == models.ReminderEscalate {
		if leaders, err = b.escalationTargets(ctx, chat, t); err != nil {
			return 0, err
		}
	}
	text, err := b.reminderText(ctx, t, n, leaders, now, loc)
	if err != nil {
		return 0, err
	}
	var invite []string
	var private []*models.User
	for i := range t.Assignees {
		u := &t.Assignees[i].User
		switch {
		case u.StartedBot && u.TelegramID != nil:
			private = append(private, u)
		case u.TelegramID != nil:
			invite = append(invite, userLink(u))
		}
	}
	for _, u := range leaders {
		if u.StartedBot && u.TelegramID != nil {
			private = append(private, u)
		}
	}
	groupText := text
	if len(invite) > 0 {
		groupText += fmt.Sprintf("\n\n%s：<a href=\"https://t.me/%s?start=remind\">点此私聊机器人</a>，以后提醒也会私信送达。",
			strings.Join(invite, "、"), b.me.Username)
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "查看", CallbackData: callbackData(actView, t.ID)},
		{Text: "提交办结", CallbackData: callbackData(actSubmit, t.ID)},
	}}}
	// An urge is a leader's command: it goes at once, like an answer.
	class := outbox.Automatic
	if n.Kind == models.ReminderUrge {
		class = outbox.Answer
	}
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, thread: t.ThreadID, text: groupText, markup: kb, class: class})
	if err != nil {
		return 0, err
	}
	var copies []models.OutgoingMessage
	for _, u := range private {
		copies = append(copies, privateCopy(u, fmt.Sprintf("【%s】\n%s", escape(chat.Title), text))...)
	}
	b.notifyPrivately(ctx, copies)
	return msg.ID, nil
}

// privateCopy is a reminder's copy for one person, as queued messages.
func privateCopy(u *models.User, text string) []models.OutgoingMessage {
	rows, _ := queuedMessages(outgoing{chatID: *u.TelegramID, text: text, class: outbox.Automatic}) // no keyboard to encode
	return rows
}

// notifyPrivately queues private copies. They are a courtesy on top of the
// group message, delivered by the senders like answers (retried after a
// 5xx or a reset; a user who blocked the bot is remembered and skipped from
// then on); a copy that cannot even be queued is logged.
func (b *Bot) notifyPrivately(ctx context.Context, copies []models.OutgoingMessage) {
	if len(copies) == 0 {
		return
	}
	if err := b.queueNow(ctx, copies); err != nil {
		b.log.Warn("private reminder not delivered", slog.Int("copies", len(copies)), slog.String("err", err.Error()))
	}
}

// escalationTargets are the task's responsible leader (包保), or else the
// group's leaders: those named with /leader and the Telegram administrators
// the bot knows.
func (b *Bot) escalationTargets(ctx context.Context, chat *models.Chat, t *models.Task) ([]*models.User, error) {
	if t.ResponsibleID != nil {
		u, err := b.store.UserByID(ctx, *t.ResponsibleID)
		if err != nil {
			return nil, err
		}
		return []*models.User{u}, nil
	}
	named, err := b.store.NamedLeaders(ctx, chat.ID)
	if err != nil {
		return nil, err
	}
	var out []*models.User
	seen := map[uint]bool{}
	for i := range named {
		seen[named[i].ID] = true
		out = append(out, &named[i])
	}
	admins, err := b.telegramAdmins(ctx, chat.TelegramID)
	if err != nil {
		b.log.Warn("escalation: administrators unknown", slog.String("err", err.Error()))
		return out, nil
	}
	for id := range admins {
		if id == b.me.ID {
			continue
		}
		u, err := b.store.UserByTelegramID(ctx, id)
		if err != nil || seen[u.ID] {
			continue // an administrator who never spoke: cannot be linked
		}
		seen[u.ID] = true
		out = append(out, u)
	}
	return out, nil
}

// reminderText words a task reminder by its kind; leaders are the people an
// escalation names.
func (b *Bot) reminderText(ctx context.Context, t *models.Task, n models.Notice, leaders []*models.User, now time.Time, loc *time.Location) (string, error) {
	var s strings.Builder
	due := formatTime(t.Deadline, loc, false)
	switch {
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
		links := make([]string, len(leaders))
		for i, u := range leaders {
			links[i] = userLink(u)
		}
		who := "请群内领导关注督促。"
		if len(links) > 0 {
			who = "请 " + strings.Join(links, "、") + " 关注督促。"
		}
		fmt.Fprintf(&s, "🚨 升级督办：%s %s，仍未办结。\n截止：%s。%s",
			taskHeader(t), overdueState(t, now, loc), due, who)
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
	}
	return "提醒"
}

// overdueState says where an open task stands against its deadline.
func overdueState(t *models.Task, now time.Time, loc *time.Location) string {
	if t.Overdue(now) {
		if d := t.DaysOverdue(now, loc); d > 0 {
			return fmt.Sprintf("已逾期%d天", d)
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

// notifyDigest sends a group's weekly 调度 digest or daily overdue list. An
// empty digest is not sent (its row is still marked done).
func (b *Bot) notifyDigest(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	if _, ok := n.Kind.Period(time.Time{}); ok {
		return b.notifyPublication(ctx, chat, n)
	}
	now, loc := b.clock.Now(), chat.Location()
	var text string
	var err error
	if n.Kind == models.DigestWeekly {
		text, err = b.weeklyDigest(ctx, chat, now, loc)
	} else {
		text, err = b.dailyDigest(ctx, chat, now, loc)
	}
	if err != nil || text == "" {
		return 0, err
	}
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, text: text, class: outbox.Automatic})
	if err != nil {
		return 0, err
	}
	return msg.ID, nil
}

// weeklyDigest: due this week, overdue by unit, completed last week.
func (b *Bot) weeklyDigest(ctx context.Context, chat *models.Chat, now time.Time, loc *time.Location) (string, error) {
	week := models.PeriodContaining(models.Week, now.In(loc))
	open, err := b.store.PendingTasks(ctx, chat.ID, models.TaskFilter{})
	if err != nil {
		return "", err
	}
	done, err := b.store.CompletedTasks(ctx, chat.ID, week.Previous().From, week.From)
	if err != nil {
		return "", err
	}
	var dueThisWeek, overdue []*models.Task
	for i := range open.Tasks {
		t := &open.Tasks[i]
		switch {
		case t.Overdue(now):
			overdue = append(overdue, t)
		case t.Deadline.Before(week.To):
			dueThisWeek = append(dueThisWeek, t)
		}
	}
	if len(dueThisWeek)+len(overdue)+len(done) == 0 {
		return "", nil
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📊 <b>每周调度 · %s</b>\n%s", escape(chat.Title), periodLabel(week))
	fmt.Fprintf(&s, "\n\n<b>本周到期（%d）</b>", len(dueThisWeek))
	for _, t := range dueThisWeek {
		s.WriteString("\n" + taskLine(t, now, loc))
	}
	fmt.Fprintf(&s, "\n\n<b>逾期未办结（%d）</b>", len(overdue))
	for _, group := range byUnit(overdue) {
		fmt.Fprintf(&s, "\n%s：", escape(group.unit))
		for _, t := range group.tasks {
			s.WriteString("\n  " + taskLine(t, now, loc))
		}
	}
	fmt.Fprintf(&s, "\n\n<b>上周办结（%d）</b>", len(done))
	for i := range done {
		s.WriteString("\n" + taskLine(&done[i], now, loc))
	}
	return s.String(), nil
}

// dailyDigest lists the overdue tasks, by unit; nothing when none is.
func (b *Bot) dailyDigest(ctx context.Context, chat *models.Chat, now time.Time, loc *time.Location) (string, error) {
	page, err := b.store.PendingTasks(ctx, chat.ID, models.TaskFilter{Overdue: true})
	if err != nil || page.Total == 0 {
		return "", err
	}
	tasks := make([]*models.Task, len(page.Tasks))
	for i := range page.Tasks {
		tasks[i] = &page.Tasks[i]
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📋 <b>逾期清单 · %s</b>（%d项）", escape(chat.Title), page.Total)
	for _, group := range byUnit(tasks) {
		fmt.Fprintf(&s, "\n%s：", escape(group.unit))
		for _, t := range group.tasks {
			s.WriteString("\n  " + taskLine(t, now, loc))
		}
	}
	return s.String(), nil
}

type unitTasks struct {
	unit  string
	tasks []*models.Task
}

// byUnit groups tasks by unit in order of first appearance ("未分单位" last).
func byUnit(tasks []*models.Task) []unitTasks {
	var out []unitTasks
	index := map[string]int{}
	var none []*models.Task
	for _, t := range tasks {
		if t.UnitName == "" {
			none = append(none, t)
			continue
		}
		i, ok := index[t.UnitName]
		if !ok {
			i = len(out)
			index[t.UnitName] = i
			out = append(out, unitTasks{unit: t.UnitName})
		}
		out[i].tasks = append(out[i].tasks, t)
	}
	if len(none) > 0 {
		out = append(out, unitTasks{unit: "未分单位", tasks: none})
	}
	return out
}
