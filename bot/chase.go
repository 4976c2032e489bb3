package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/models"
)

// cmdUrge is /urge N [文字] (催办): a leader chases a task now. The message
// goes through the reminder queue at once, quiet hours or not.
func (b *Bot) cmdUrge(ctx context.Context, r *request) error {
	t, note, done, err := b.taskOrProblemArg(ctx, r, "urge")
	if done {
		return err
	}
	if err := r.requireLeader(ctx, "催办", "chase tasks"); err != nil {
		return err
	}
	if !t.Status.Working() {
		return r.fail(ctx, fmt.Sprintf("#%d 当前为「%s」，无需催办。", t.Number, t.Status.Label()), "That task needs no chasing.")
	}
	id := t.ID
	_, err = b.store.AddReminder(ctx, r.change(), models.Reminder{ChatID: r.chat.ID, TaskID: &id,
		Kind: models.ReminderUrge, At: r.now, DueAt: r.now, IgnoreQuiet: true, Note: note})
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	return nil // the urge itself is the answer; the dispatcher sends it now
}

// cmdRemind is /remind N 时间: an extra reminder at a time of the leader's
// choosing (moved out of quiet hours like any automatic message).
func (b *Bot) cmdRemind(ctx context.Context, r *request) error {
	t, when, done, err := b.taskOrProblemArg(ctx, r, "remind")
	if done {
		return err
	}
	if ok, err := r.mayManageTask(ctx, t); err != nil {
		return err
	} else if !ok && !t.IsAssignee(r.user.ID) {
		who := []*models.User{}
		if u, err := b.store.UserByID(ctx, t.AssignerID); err == nil {
			who = append(who, u)
		}
		for i := range t.Assignees {
			who = append(who, &t.Assignees[i].User)
		}
		return r.fail(ctx, fmt.Sprintf("只有 #%d 的交办人、承办人或领导可以设置提醒：%s。", t.Number, someNames(who)),
			fmt.Sprintf("Only the assigner, the assignees or a leader can set reminders on #%d: %s.", t.Number, someNames(who)))
	}
	if !t.Status.Working() {
		return r.fail(ctx, fmt.Sprintf("#%d 当前为「%s」，无需提醒。", t.Number, t.Status.Label()), "That task needs no reminder.")
	}
	if strings.TrimSpace(when) == "" {
		return r.fail(ctx, fmt.Sprintf("请写明提醒时间，例如：/remind %d 明天上午9点", t.Number),
			fmt.Sprintf("When? e.g. /remind %d tomorrow 9:00", t.Number))
	}
	d, err := r.parseDeadline(ctx, when)
	if err != nil {
		return r.refuseDeadline(ctx, err)
	}
	due := r.chat.Settings().OutOfQuiet(d.At, r.loc)
	id := t.ID
	if _, err := b.store.AddReminder(ctx, r.change(), models.Reminder{ChatID: r.chat.ID, TaskID: &id,
		Kind: models.ReminderExtra, At: d.At, DueAt: due}); err != nil {
		return r.refuseStoreError(ctx, err)
	}
	msg := fmt.Sprintf("🔔 已设置提醒：%s 将于 %s 提醒。", taskHeader(t), formatTime(due, r.loc, false))
	if !due.Equal(d.At) {
		msg += "（原定时间在免打扰时段内，顺延到结束时）"
	}
	return r.reply(ctx, msg)
}
