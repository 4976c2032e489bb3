package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// Digests: the weekly 调度 digest and the daily overdue list the scheduler
// asks for on a group's schedule. Publications of rankings, the other
// scheduled group post, are in publish.go.

// notifyDigest sends a group's weekly 调度 digest or daily overdue list. An
// empty digest is not sent (its row is still marked done).
func (b *Bot) notifyDigest(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	if _, ok := n.Kind.Period(time.Time{}); ok {
		id, err := b.notifyPublication(ctx, chat, n)
		if err == nil {
			b.publishContests(ctx, chat, n)               // 擂台赛 (contest_standings.go)
			id, err = b.publishProblems(ctx, chat, n, id) // 问题清单 (problem_stats.go)
		}
		return id, err
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
	open, err := b.store.FindTasks(ctx, chat.ID, models.TaskFilter{})
	if err != nil {
		return "", err
	}
	done, err := b.store.CompletedTasks(ctx, chat.ID, week.Previous().From, week.From)
	if err != nil {
		return "", err
	}
	var dueThisWeek, overdue, waiting []*models.Task
	for i := range open.Tasks {
		t := &open.Tasks[i]
		switch {
		case t.Status == models.StatusSubmitted:
			waiting = append(waiting, t)
		case t.Overdue(now):
			overdue = append(overdue, t)
		case t.Deadline.Before(week.To):
			dueThisWeek = append(dueThisWeek, t)
		}
	}
	if len(dueThisWeek)+len(overdue)+len(done)+len(waiting) == 0 {
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
	fmt.Fprintf(&s, "\n\n<b>待确认（%d）</b>", len(waiting))
	for _, t := range waiting {
		fmt.Fprintf(&s, "\n#%d %s — %s 于 %s 提交", t.Number, escape(t.Title), leadName(t), formatTime(*t.SubmittedAt, loc, false))
	}
	fmt.Fprintf(&s, "\n\n<b>上周办结（%d）</b>", len(done))
	for i := range done {
		s.WriteString("\n" + taskLine(&done[i], now, loc))
	}
	lists, err := b.digestLists(ctx, chat)
	if err != nil {
		return "", err
	}
	s.WriteString(lists)
	return s.String(), nil
}

// dailyDigest lists the overdue tasks, by unit; nothing when none is.
func (b *Bot) dailyDigest(ctx context.Context, chat *models.Chat, now time.Time, loc *time.Location) (string, error) {
	page, err := b.store.FindTasks(ctx, chat.ID, models.TaskFilter{Overdue: true})
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
