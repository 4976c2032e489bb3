package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// Acknowledgement (签收): an assignee says 「收到」 by the card's button, by
// /ack N, or by replying 「收到」 to any message of the bot about the task.
// The task's card is edited to show who has acknowledged, so a press adds
// no message to the group.

// sentAbout remembers that a message the bot sent at once (outside an
// update) is about a task, so that a reply 「收到」 to it acknowledges that
// task; a queued message is remembered when the sender has it sent
// (models.Store.OutgoingSent, from outgoing.about). Remembering is a
// convenience, so a failure is logged, not returned.
func (b *Bot) sentAbout(ctx context.Context, msg *tgmodels.Message, taskID *uint) {
	if taskID == nil || msg == nil || msg.ID == 0 {
		return
	}
	if err := b.store.RememberTaskMessage(ctx, msg.Chat.ID, msg.ID, *taskID); err != nil {
		b.log.Warn("remember the task of a message", slog.Int64("chat", msg.Chat.ID), slog.String("err", err.Error()))
	}
}

// ackPhrases are what cadres write to acknowledge, once spaces and
// punctuation are dropped.
var ackPhrases = map[string]bool{
	"收到": true, "已收到": true, "好的收到": true, "收到了": true, "好收到": true, "收到收到": true,
	"好的已收到": true, "明白收到": true, "收到明白": true, "收到谢谢": true, "ok收到": true,
}

// isAck reports whether a message is an acknowledgement: 「收到」, 「收到！」,
// 「好的，收到」, 「已收到。」 and the like.
func isAck(text string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	return ackPhrases[b.String()]
}

// replyToTaskMessage handles a reply to a message of the bot that is no
// question: 「收到」 to a message about a task acknowledges it for an
// assignee. Anything else is ordinary chat, and so is 「收到」 from someone
// who is not an assignee or has acknowledged already: no answer.
func (b *Bot) replyToTaskMessage(ctx context.Context, r *request) error {
	if !isAck(r.text) {
		return nil
	}
	t, err := b.store.TaskOfMessage(ctx, r.tgChatID, r.msg.ReplyToMessage.ID)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !t.IsAssignee(r.user.ID) || !t.Status.Open() {
		return nil
	}
	return b.run(ctx, r, command{name: "reply:ack", run: func(ctx context.Context, r *request) error {
		first, err := b.store.Acknowledge(ctx, r.change(), t.ID, r.user.ID)
		if err != nil || !first {
			return err
		}
		edited, err := b.refreshCard(ctx, t.ID)
		if err != nil || edited {
			return err
		}
		return r.replyAbout(ctx, t.ID, fmt.Sprintf("📥 %s 已签收 #%d", userLink(r.user), t.Number), nil)
	}})
}

// cmdAck is /ack N: an assignee acknowledges task N.
func (b *Bot) cmdAck(ctx context.Context, r *request) error { return r.onTask(ctx, b.acknowledge) }

// acknowledge records 收到 (签收) by an assignee, from the button or /ack,
// and edits the task's card to show it.
func (b *Bot) acknowledge(ctx context.Context, r *request, t *models.Task) error {
	if !t.IsAssignee(r.user.ID) {
		return r.fail(ctx, fmt.Sprintf("「收到」由 #%d 的承办人签收：%s。", t.Number, assigneeNames(t)),
			fmt.Sprintf("Only the assignees of #%d acknowledge it: %s.", t.Number, assigneeNames(t)))
	}
	first, err := b.store.Acknowledge(ctx, r.change(), t.ID, r.user.ID)
	if err != nil {
		return err
	}
	if !first {
		if r.cq != nil {
			r.toast(ctx, r.say("您已签收过。", "You have acknowledged it already."))
			return nil
		}
		return r.fail(ctx, fmt.Sprintf("您已签收过 #%d。", t.Number), fmt.Sprintf("You have acknowledged #%d already.", t.Number))
	}
	edited := false
	if r.cq == nil || !r.inaccessible() || r.pressedID() != t.MessageID {
		if edited, err = b.refreshCard(ctx, t.ID); err != nil {
			return err
		}
	}
	if r.cq == nil {
		return r.replyAbout(ctx, t.ID, fmt.Sprintf("📥 已签收 %s", taskHeader(t)), nil)
	}
	r.toast(ctx, r.say("已签收", "Acknowledged"))
	if edited {
		return nil
	}
	// The card is out of the bot's reach (too old, or its id unknown): say
	// it in a new message.
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("📥 %s 已签收 #%d", userLink(r.user), t.Number), nil)
}

// assigneeNames lists a task's 主办 and 协办 by name, plain text.
func assigneeNames(t *models.Task) string {
	if len(t.Assignees) == 0 {
		return "—"
	}
	names := make([]string, len(t.Assignees))
	for i := range t.Assignees {
		names[i] = t.Assignees[i].User.DisplayName()
	}
	return strings.Join(names, "、")
}

// refreshCard edits the task's card in its group to show who has
// acknowledged; the 收到 button goes once everyone has. It reports false
// when the task has no card the bot knows of (its id was never read).
func (b *Bot) refreshCard(ctx context.Context, taskID uint) (bool, error) {
	t, err := b.store.TaskByID(ctx, taskID)
	if err != nil {
		return false, err
	}
	if t.MessageID == 0 || t.Status == models.StatusPosted {
		return false, nil
	}
	chat, err := b.store.ChatByID(ctx, t.ChatID)
	if err != nil {
		return false, err
	}
	var responsible *models.User
	if t.ResponsibleID != nil {
		if responsible, err = b.store.UserByID(ctx, *t.ResponsibleID); err != nil {
			return false, err
		}
	}
	text, markup := assignmentCard(t, responsible, b.clock.Now(), chat.Location())
	kb, _ := markup.(*tgmodels.InlineKeyboardMarkup)
	if kb == nil {
		kb = &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{}}
	}
	if err := b.edit(ctx, chat.TelegramID, t.MessageID, text, kb); err != nil {
		// The acknowledgement is saved (/task shows it); a card that can no
		// longer be edited (deleted, say) is no reason to say otherwise.
		b.log.Warn("edit a task's card", slog.Uint64("task", uint64(t.ID)), slog.String("err", err.Error()))
	}
	return true, nil
}

// assignmentCard is the card of an assigned task, with who has
// acknowledged and, while someone has not, the 收到 button.
func assignmentCard(t *models.Task, responsible *models.User, now time.Time, loc *time.Location) (string, tgmodels.ReplyMarkup) {
	var s strings.Builder
	s.WriteString("✅ 已交办\n")
	s.WriteString(taskCard(t, responsible, now, loc))
	fmt.Fprintf(&s, "\n签收：%s", acks(t, loc))
	var unknown []string
	waiting := false
	for _, a := range t.Assignees {
		if !a.User.Bound() {
			unknown = append(unknown, "@"+a.User.Username)
		}
		if a.AckAt == nil {
			waiting = true
		}
	}
	var markup tgmodels.ReplyMarkup
	if waiting {
		s.WriteString("\n\n请承办人点击「收到」或回复「收到」签收。")
		markup = &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
			{Text: "收到", CallbackData: callbackData(actAck, t.ID)}}}}
	} else {
		s.WriteString("\n\n承办人均已签收。")
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&s, "\n\n提示：%s 还没有在群里出现过，机器人已记下，待其首次发言或使用机器人时自动关联。",
			escape(strings.Join(unknown, "、")))
	}
	return s.String(), markup
}

// sendPrivateCopies sends a message about a task to each of users who has
// started the bot, with the task's buttons, headed by the group's name.
// They are a courtesy on top of the group message (see notifyPrivately).
func (b *Bot) sendPrivateCopies(ctx context.Context, chat *models.Chat, t *models.Task, users []*models.User, text string, kb *tgmodels.InlineKeyboardMarkup) {
	var copies []models.OutgoingMessage
	for _, u := range users {
		if !u.StartedBot || u.TelegramID == nil {
			continue
		}
		rows, err := queuedMessages(outgoing{chatID: *u.TelegramID, text: fmt.Sprintf("【%s】\n%s", escape(chat.Title), text),
			markup: kb, class: outbox.Automatic, about: t.ID})
		if err != nil {
			b.log.Warn("private copy not queued", slog.String("err", err.Error()))
			continue
		}
		copies = append(copies, rows...)
	}
	b.notifyPrivately(ctx, copies)
}

// replyAbout is reply for a message about one task: a reply 「收到」 to it
// acknowledges the task.
func (r *request) replyAbout(ctx context.Context, taskID uint, text string, markup tgmodels.ReplyMarkup) error {
	return r.replyWith(ctx, outgoing{text: text, markup: markup, about: taskID})
}
