package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// request is one update being handled: who sent it, where, and the command's
// arguments, with the helpers every handler uses to answer.
type request struct {
	b        *Bot
	updateID int64
	msg      *tgmodels.Message       // the command message; nil for a button press
	cq       *tgmodels.CallbackQuery // the button press; nil for a message
	tgChatID int64
	chat     *models.Chat
	user     *models.User
	thread   int // forum topic to answer in
	now      time.Time
	loc      *time.Location

	text     string // the whole message text
	entities []tgmodels.MessageEntity
	args     string // text after the command word, trimmed
	argsAt   int    // byte offset of args in text

	file *models.NewAttachment // the file the command message carries (attach.go)
}

func (b *Bot) newRequest(ctx context.Context, upd *tgmodels.Update, m *tgmodels.Message) (*request, error) {
	chat, err := b.store.EnsureChat(ctx, chatInfo(&m.Chat), b.zone.String())
	if err != nil {
		return nil, err
	}
	user, err := b.sender(ctx, m)
	if err != nil {
		return nil, err
	}
	r := &request{b: b, updateID: upd.ID, msg: m, tgChatID: m.Chat.ID, chat: chat, user: user,
		now: b.clock.Now(), loc: chat.Location()}
	if m.IsTopicMessage {
		r.thread = m.MessageThreadID
	}
	return r, nil
}

// change is the store's record of who makes a change, and through which update.
func (r *request) change() models.Change {
	return models.Change{UpdateID: r.updateID, ActorID: r.user.ID}
}

// english reports whether the user's Telegram is set to English.
func (r *request) english() bool { return r.user.IsEnglish() }

// say picks the Chinese or the English text for the user.
func (r *request) say(zh, en string) string {
	if r.english() {
		return en
	}
	return zh
}

// localNow is the current time in the group's zone.
func (r *request) localNow() time.Time { return r.now.In(r.loc) }

// reply answers in the chat (and topic) the update came from, quoting the
// command message. text is HTML: user text in it must be escaped.
func (r *request) reply(ctx context.Context, text string) error {
	_, err := r.replyMarkup(ctx, text, nil)
	return err
}

// replyMarkup is reply with a keyboard (or a ForceReply).
func (r *request) replyMarkup(ctx context.Context, text string, markup tgmodels.ReplyMarkup) (*tgmodels.Message, error) {
	out := outgoing{chatID: r.tgChatID, thread: r.thread, text: text, markup: markup}
	if r.msg != nil {
		out.replyTo = r.msg.ID
	}
	return r.b.send(ctx, out)
}

// fail tells the user why nothing happened and stops the handler.
func (r *request) fail(ctx context.Context, zh, en string) error {
	if r.cq != nil {
		return r.alert(ctx, r.say(zh, en))
	}
	if err := r.reply(ctx, escape(r.say(zh, en))); err != nil {
		return err
	}
	return errHandled
}

// alert answers a button press with a pop-up, and stops the handler.
func (r *request) alert(ctx context.Context, text string) error {
	if r.cq == nil {
		return r.fail(ctx, text, text)
	}
	if _, err := r.b.answerCallback(ctx, &tgbot.AnswerCallbackQueryParams{
		CallbackQueryID: r.cq.ID, Text: truncateRunes(text, 200), ShowAlert: true}); err != nil {
		return fmt.Errorf("answer callback: %w", err)
	}
	return errHandled
}

// toast answers a button press with a short notice that needs no dismissing.
// It is a courtesy: often the change is saved already, so a failure is
// logged and the handler goes on to tell the group.
func (r *request) toast(ctx context.Context, text string) {
	if r.cq == nil {
		return
	}
	_, err := r.b.answerCallback(ctx, &tgbot.AnswerCallbackQueryParams{
		CallbackQueryID: r.cq.ID, Text: truncateRunes(text, 200)})
	if err != nil {
		r.b.log.Warn("answer callback", slog.String("err", err.Error()))
	}
}

// ask sends a question the user answers by replying (ForceReply), and
// remembers what the answer completes once Telegram has the question (its
// message id is what the reply names).
func (r *request) ask(ctx context.Context, text, kind string, payload any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode prompt: %w", err)
	}
	out := outgoing{chatID: r.tgChatID, thread: r.thread, text: text,
		markup: &tgmodels.ForceReply{ForceReply: true, Selective: true,
			InputFieldPlaceholder: truncateRunes(r.say("在此回复", "reply here"), 64)},
		prompt: &models.Prompt{ChatID: r.chat.ID, UserID: r.user.ID, Kind: kind, Payload: string(data)}}
	if r.msg != nil {
		out.replyTo = r.msg.ID
	}
	_, err = r.b.send(ctx, out)
	return err
}

// replyCard answers with a task's card: its message id is recorded on the
// task once Telegram has it.
func (r *request) replyCard(ctx context.Context, taskID uint, text string, markup tgmodels.ReplyMarkup) error {
	return r.replyWith(ctx, outgoing{text: text, markup: markup, taskID: taskID})
}

// replyWith answers in the request's chat and topic, quoting the message
// handled, with what out says besides.
func (r *request) replyWith(ctx context.Context, out outgoing) error {
	out.chatID, out.thread = r.tgChatID, r.thread
	if r.msg != nil {
		out.replyTo = r.msg.ID
	}
	_, err := r.b.send(ctx, out)
	return err
}

// notDelivered is the apology for an answer Telegram finally did not take.
// Whether the update saved a change decides it: then the user must not be
// invited to repeat it; a query (/tasks, /rank, /stats, /export) saved
// nothing and says nothing of saving.
func (r *request) notDelivered(saved bool) string {
	if saved {
		return escape(r.say("出了点问题，回复没能发出，但操作已经保存。请先用 /tasks 或 /task 任务号 查看，不必重复操作。",
			"Something went wrong sending the answer, but the change was saved. Check /tasks before doing it again."))
	}
	return escape(r.say("出了点问题，回复没能发出。请稍后再试。", "Something went wrong sending the answer. Please try again later."))
}

// taskArg reads the task named at the start of the arguments — "N" or "#N";
// in the private chat also "群名#N" — and loads it, refusing clearly when
// there is none. rest is the rest of the arguments, for the command to read.
func (r *request) taskArg(ctx context.Context) (t *models.Task, rest string, err error) {
	if !r.chat.IsGroup() {
		name := "task"
		if r.msg != nil {
			name, _, _, _ = r.b.parseCommand(r.text, r.entities)
		}
		return r.privateTaskArg(ctx, name)
	}
	n, rest, ok := taskNumber(r.args)
	if !ok {
		return nil, "", r.fail(ctx, "请写明任务编号，例如 #3 或 3。", "Please give a task number, e.g. #3.")
	}
	t, err = r.b.store.TaskByNumber(ctx, r.chat.ID, n)
	if errors.Is(err, models.ErrNotFound) {
		return nil, "", r.fail(ctx, fmt.Sprintf("本群没有 #%d 号任务。用 /tasks 查看本群任务。", n),
			fmt.Sprintf("There is no task #%d in this group. /tasks lists them.", n))
	}
	return t, rest, err
}

// onTask runs fn on the task the arguments name, for the commands that take
// nothing else (/ack N, /task N).
func (r *request) onTask(ctx context.Context, fn func(ctx context.Context, r *request, t *models.Task) error) error {
	t, _, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	return fn(ctx, r, t)
}

// taskNumber parses a leading "#12" or "12"; rest is what follows.
func taskNumber(args string) (n int, rest string, ok bool) {
	s := strings.TrimPrefix(strings.TrimSpace(args), "#")
	s = strings.TrimPrefix(s, "＃")
	// The digits may be full-width (１２), as a Chinese input method types
	// them; what follows them is left as written.
	var digits strings.Builder
	end := 0
	for end < len(s) {
		c, size := utf8.DecodeRuneInString(s[end:])
		if c >= '０' && c <= '９' {
			c = '0' + (c - '０')
		}
		if c < '0' || c > '9' {
			break
		}
		digits.WriteRune(c)
		end += size
	}
	if digits.Len() == 0 || digits.Len() > 9 {
		return 0, args, false
	}
	n, err := strconv.Atoi(digits.String())
	if err != nil || n <= 0 {
		return 0, args, false
	}
	return n, strings.TrimSpace(s[end:]), true
}

// refuseTooLong names the limit a text went over.
func (r *request) refuseTooLong(ctx context.Context, err error) error {
	var tl *models.TooLongError
	if !errors.As(err, &tl) {
		return err
	}
	what := map[string][2]string{
		"title":  {"标题", "The title"},
		"detail": {"内容", "The text"},
		"unit":   {"单位名称", "The unit name"},
		"reason": {"原因", "The reason"},
		"list":   {"清单名称", "The list name"},
		"node":   {"节点名称", "The node name"},
	}[tl.Field]
	return r.fail(ctx, fmt.Sprintf("%s太长：%d 个字，最多 %d 个字。", what[0], tl.Runes, tl.Max),
		fmt.Sprintf("%s is too long: %d characters, at most %d.", what[1], tl.Runes, tl.Max))
}

// refuseStoreError explains the store's refusals; anything else is returned
// as an internal error.
func (r *request) refuseStoreError(ctx context.Context, err error) error {
	var st *models.StatusError
	switch {
	case errors.Is(err, models.ErrDuplicateUpdate):
		return err
	case errors.As(err, &st):
		return r.fail(ctx, fmt.Sprintf("任务当前状态为「%s」，不能这样操作。", st.Status.Label()),
			fmt.Sprintf("The task is %s; that is not possible now.", st.Status))
	case errors.Is(err, models.ErrNotAssignee):
		return r.fail(ctx, "只有这项任务的主办或协办可以这样做。", "Only the task's assignees can do that.")
	case errors.Is(err, models.ErrNotFound):
		return r.fail(ctx, "找不到这项任务。", "That task does not exist.")
	case errors.Is(err, models.ErrInvalid):
		var tl *models.TooLongError
		if errors.As(err, &tl) {
			return r.refuseTooLong(ctx, err)
		}
	}
	return err
}
