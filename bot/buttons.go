package bot

import (
	"context"
	"errors"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// Button presses: onCallback finds the request and the task a button names
// and hands it to its action; the callback data format is in callback.go.

// onCallback handles a button press. Every button names a task (or an
// extension request) by its id; the id must belong to the chat the button
// was pressed in, so a forged or stale button only gets an alert. A press on
// a message the bot can no longer see (Telegram then sends only its chat and
// id) still acts while the task it names is open.
func (b *Bot) onCallback(ctx context.Context, upd *tgmodels.Update, cq *tgmodels.CallbackQuery) error {
	tgChat := pressedChat(cq)
	if tgChat == nil {
		return b.answerStale(ctx, cq)
	}
	chat, err := b.store.EnsureChat(ctx, chatInfo(tgChat), b.zone.String())
	if err != nil {
		return err
	}
	user, err := b.store.SeenUser(ctx, userInfo(&cq.From))
	if err != nil {
		return err
	}
	r := &request{b: b, updateID: upd.ID, cq: cq, tgChatID: tgChat.ID, chat: chat, user: user,
		now: b.clock.Now(), loc: chat.Location()}
	if m := cq.Message.Message; m != nil && m.IsTopicMessage {
		r.thread = m.MessageThreadID
	}
	if run, ok := b.problemCallback(cq.Data); ok {
		return b.run(ctx, r, command{name: "button:problem", run: run})
	}
	data, ok := parseCallback(cq.Data)
	if !ok {
		return b.answerStale(ctx, cq)
	}
	var run handler
	switch data.action {
	case actTasksPage:
		run = func(ctx context.Context, r *request) error { return b.pageTasks(ctx, r, data) }
	case actSetting:
		run = func(ctx context.Context, r *request) error {
			return b.switchSetting(ctx, r, data.filter, data.page == 1)
		}
	case actContestRemove, actContestKeep:
		run = func(ctx context.Context, r *request) error {
			return b.decideRemoveContest(ctx, r, data.id, data.action == actContestRemove)
		}
	case actPick:
		run = func(ctx context.Context, r *request) error { return b.pickTask(ctx, r, r.pressedID(), data.id) }
	case actImportOK, actImportCancel:
		run = func(ctx context.Context, r *request) error {
			return b.pressImport(ctx, r, data.id, data.action == actImportOK)
		}
	case actFile:
		run = func(ctx context.Context, r *request) error { return b.pressFile(ctx, r, data.id) }
	case actApprove, actReject:
		run = func(ctx context.Context, r *request) error {
			if r.inaccessible() {
				req, err := b.store.ExtensionByID(ctx, data.id)
				if errors.Is(err, models.ErrNotFound) {
					return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
				}
				if err != nil {
					return err
				}
				if _, err := b.openTaskPressed(ctx, r, req.TaskID); err != nil {
					return err
				}
			}
			return b.decideExtension(ctx, r, data)
		}
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
				return b.confirm(ctx, r, t, r.pressedID())
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

// pressedChat is the chat of the message whose button was pressed, whether
// the bot can still see the message or not; nil for buttons on messages
// sent through inline mode, which name no chat.
func pressedChat(cq *tgmodels.CallbackQuery) *tgmodels.Chat {
	switch {
	case cq.Message.Message != nil:
		return &cq.Message.Message.Chat
	case cq.Message.InaccessibleMessage != nil:
		return &cq.Message.InaccessibleMessage.Chat
	}
	return nil
}

// inaccessible reports whether the pressed message is one the bot can no
// longer see: Telegram sent only its chat and id, not its text.
func (r *request) inaccessible() bool { return r.cq != nil && r.cq.Message.Message == nil }

// pressedID is the id of the message whose button was pressed.
func (r *request) pressedID() int {
	if m := r.cq.Message.Message; m != nil {
		return m.ID
	}
	return r.cq.Message.InaccessibleMessage.MessageID
}

// taskPressed loads the task a button names, or alerts that the button is
// no longer valid: the task is gone, belongs to another chat, or (on a
// message the bot can no longer see) is closed.
func (b *Bot) taskPressed(ctx context.Context, r *request, taskID uint) (*models.Task, error) {
	if r.inaccessible() {
		return b.openTaskPressed(ctx, r, taskID)
	}
	t, err := b.store.TaskByID(ctx, taskID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && t.ChatID != r.chat.ID) {
		return nil, r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	return t, err
}

// openTaskPressed is taskPressed for a message the bot can no longer see:
// the task must be open as well, and answers go to its forum topic (the
// message that would tell it is not there).
func (b *Bot) openTaskPressed(ctx context.Context, r *request, taskID uint) (*models.Task, error) {
	t, err := b.store.TaskByID(ctx, taskID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && (t.ChatID != r.chat.ID || !t.Status.Open())) {
		return nil, r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err != nil {
		return nil, err
	}
	r.thread = t.ThreadID
	return t, nil
}

// editPressed replaces the text and keyboard of the message whose button
// was pressed. A message the bot can no longer see is not edited: the new
// text comes as a new message.
func (r *request) editPressed(ctx context.Context, text string, kb *tgmodels.InlineKeyboardMarkup) error {
	if !r.inaccessible() {
		return r.b.edit(ctx, r.tgChatID, r.pressedID(), text, kb)
	}
	var markup tgmodels.ReplyMarkup
	if kb != nil && len(kb.InlineKeyboard) > 0 {
		markup = kb
	}
	_, err := r.replyMarkup(ctx, text, markup)
	return err
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
