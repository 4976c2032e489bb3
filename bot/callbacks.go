package bot

import (
	"context"
	"errors"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// onCallback handles a button press. Every button names a task (or an
// extension request) by its id; the id must belong to the chat the button
// was pressed in, so a forged or stale button only gets an alert.
func (b *Bot) onCallback(ctx context.Context, upd *tgmodels.Update, cq *tgmodels.CallbackQuery) error {
	m := cq.Message.Message
	if m == nil {
		return b.answerStale(ctx, cq)
	}
	chat, err := b.store.EnsureChat(ctx, chatInfo(&m.Chat), b.zone.String())
	if err != nil {
		return err
	}
	user, err := b.store.SeenUser(ctx, userInfo(&cq.From))
	if err != nil {
		return err
	}
	r := &request{b: b, updateID: upd.ID, cq: cq, tgChatID: m.Chat.ID, chat: chat, user: user,
		now: b.clock.Now(), loc: chat.Location()}
	if m.IsTopicMessage {
		r.thread = m.MessageThreadID
	}
	data, ok := parseCallback(cq.Data)
	if !ok {
		return b.answerStale(ctx, cq)
	}
	var run handler
	switch data.action {
	case actTasksPage:
		run = func(ctx context.Context, r *request) error { return b.pageTasks(ctx, r, m.ID, data) }
	case actSetting:
		run = func(ctx context.Context, r *request) error {
			return b.switchSetting(ctx, r, data.filter, data.page == 1, m.ID)
		}
	case actPick:
		run = func(ctx context.Context, r *request) error { return b.pickTask(ctx, r, m.ID, data.id) }
	case actApprove, actReject:
		run = func(ctx context.Context, r *request) error { return b.decideExtension(ctx, r, data) }
	default:
		run = func(ctx context.Context, r *request) error {
			t, group, err := b.buttonTask(ctx, r, data.id)
			if err != nil {
				return err
			}
			switch data.action {
			case actAck:
				return b.acknowledge(ctx, r, t)
			case actProgress:
				return b.askProgress(ctx, r, t)
			}
			r.actIn(group)
			switch data.action {
			case actConfirm:
				return b.confirm(ctx, r, t, m.ID)
			case actView:
				r.toast(ctx, "")
				return b.showTask(ctx, r, t)
			case actSubmit:
				return b.submit(ctx, r, t, "")
			default: // actSendBack
				return b.askSendBackReason(ctx, r, t)
			}
		}
	}
	return b.run(ctx, r, command{name: "button:" + data.action, run: run})
}

// answerStale answers a button the bot cannot act on.
func (b *Bot) answerStale(ctx context.Context, cq *tgmodels.CallbackQuery) error {
	r := &request{b: b, cq: cq, user: &models.User{LanguageCode: cq.From.LanguageCode}}
	err := r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	if errors.Is(err, errHandled) {
		return nil
	}
	return err
}
