package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// notifyProblem sends a problem's reminder, 催办 or escalation to its group.
// Every message names the enterprise and the P number, and the deadline the
// problem waits on: the reply deadline while unanswered, the committed date
// once answered.
func (b *Bot) notifyProblem(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	p, err := b.store.ProblemByID(ctx, *n.ProblemID)
	if errors.Is(err, models.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if !p.Status.Waiting() {
		return 0, nil // answered, solved or withdrawn meanwhile
	}
	loc, now := chat.Location(), b.clock.Now()
	// After downtime, what a later reminder says better goes unsaid: a
	// reminder before a deadline already passed, or the one at a deadline
	// more than half a day ago (the 催办 that follows names the lateness).
	if stale := (n.Kind == models.ProblemBefore && now.After(*p.DueAt)) ||
		(n.Kind == models.ProblemDue && now.Sub(*p.DueAt) > 12*time.Hour); stale {
		return 0, nil
	}
	what := "解决"
	if p.Status == models.ProblemAwaitReply {
		what = "答复"
	}
	due := formatTime(*p.DueAt, loc, false)
	var s strings.Builder
	var privately []*models.User
	switch n.Kind {
	case models.ProblemBefore:
		fmt.Fprintf(&s, "⏰ %s提醒：%s\n%s时限：%s（还有%s）", what, problemHeader(p), what, due,
			chineseDuration(p.DueAt.Sub(now).Round(time.Hour)))
	case models.ProblemDue:
		fmt.Fprintf(&s, "⏰ 已到%s时限：%s\n%s时限：%s", what, problemHeader(p), what, due)
	case models.ProblemOverdue:
		fmt.Fprintf(&s, "🔔 催办：%s\n%s，%s时限：%s", problemHeader(p), overdueWords(p, now, loc), what, due)
	case models.ProblemEscalate:
		all, err := b.leaders(ctx, chat)
		if err != nil {
			return 0, err
		}
		var leaders []*models.User // nobody is alerted about a problem of their own
		for _, u := range all {
			if p.OwnerID == nil || u.ID != *p.OwnerID {
				leaders = append(leaders, u)
			}
		}
		fmt.Fprintf(&s, "🚨 升级督办：%s\n%s，%s时限：%s\n%s请督促办理。", problemHeader(p), overdueWords(p, now, loc), what, due,
			links(leaders, "、", " "))
		privately = leaders
	case models.ReminderUrge:
		who := "领导"
		if n.Reminders[0].ActorID != nil {
			if u, err := b.store.UserByID(ctx, *n.Reminders[0].ActorID); err == nil {
				who = u.DisplayName()
			}
		}
		fmt.Fprintf(&s, "📣 催办（%s）：%s\n%s时限：%s，%s", escape(who), problemHeader(p), what, due, problemState(p, now, loc))
	default: // an extra reminder
		fmt.Fprintf(&s, "⏰ 提醒：%s\n%s时限：%s，%s", problemHeader(p), what, due, problemState(p, now, loc))
	}
	if note := n.Reminders[0].Note; note != "" && (n.Kind == models.ReminderUrge || n.Kind == models.ReminderExtra) {
		s.WriteString("\n" + escape(note))
	}
	s.WriteString("\n" + problemOwner(p))
	if p.Status == models.ProblemAwaitReply {
		fmt.Fprintf(&s, "\n答复：/answer %s 答复内容 解决时限（或 已解决）", p.Ref())
	} else {
		fmt.Fprintf(&s, "\n解决后：/solve %s 说明", p.Ref())
	}
	class := outbox.Automatic
	if n.Kind == models.ReminderUrge {
		class = outbox.Answer
	}
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, thread: p.ThreadID, text: s.String(), class: class})
	if err != nil {
		return 0, err
	}
	// Private copies, as for tasks: to the responsible person, and to the
	// leaders an escalation names, if they started the bot. The copy is
	// about no task (a 「收到」 to it acknowledges nothing).
	if p.Owner != nil {
		privately = append(privately, p.Owner)
	}
	b.sendPrivateCopies(ctx, chat, &models.Task{}, privately, s.String(), nil)
	return msg.ID, nil
}
