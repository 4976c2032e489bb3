package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// How the bot speaks. While an update is handled, everything it says (a
// message, an edit, a file, the answer to a button) is collected in the
// update's answers and queued in its unit of work: nothing reaches Telegram
// before the change it announces is committed, and an answer is never lost
// to a crash after it. The senders (sender.go) deliver the queue. Outside an
// update (the reminder dispatcher), messages are sent at once.

// maxMessage is Telegram's limit on a message's text, in UTF-16 code units.
const maxMessage = 4096

// outgoing is one HTML message to send.
type outgoing struct {
	chatID  int64
	thread  int
	text    string // HTML; user text escaped
	markup  tgmodels.ReplyMarkup
	replyTo int
	class   outbox.Class // Answer (the default) or Automatic

	// What to record once Telegram has the message (queued messages only).
	taskID uint           // the message is this task's card
	prompt *models.Prompt // the message asks this question (ForceReply)
	// about is the task the message is about (a card is about its task):
	// each part sent is remembered for it, so that a reply 「收到」 to it
	// acknowledges the task.
	about uint
}

// aboutTask is the task the message is about (nil: none).
func (out outgoing) aboutTask() *uint {
	id := out.about
	if id == 0 {
		id = out.taskID
	}
	if id == 0 {
		return nil
	}
	return &id
}

// answers collects what handling one update says.
type answers struct {
	updateID int64
	msgs     []models.OutgoingMessage
	// callback is the answer to the button pressed; Telegram takes one per
	// press, so the first one given stands.
	callback *tgbot.AnswerCallbackQueryParams
	// apology words the excuse for an answer that finally cannot be sent;
	// saved tells whether the update changed something (set by the request).
	apology func(saved bool) string
}

type answersKey struct{}

func withAnswers(ctx context.Context, a *answers) context.Context {
	return context.WithValue(ctx, answersKey{}, a)
}

func answersOf(ctx context.Context) *answers {
	a, _ := ctx.Value(answersKey{}).(*answers)
	return a
}

// flush writes the collected messages to the queue, inside the update's
// unit of work. The apology each carries says whether the update changed
// something: then the user must not be invited to repeat it.
func (a *answers) flush(ctx context.Context, b *Bot) error {
	if len(a.msgs) == 0 {
		return nil
	}
	if a.apology != nil {
		text := a.apology(models.Changed(ctx))
		for i := range a.msgs {
			// (A row may carry an apology of its own: a file that may be
			// gone says so.)
			if !a.msgs[i].Automatic && a.msgs[i].Kind != models.OutMarkup && a.msgs[i].Apology == "" {
				a.msgs[i].Apology = text
			}
		}
	}
	return b.store.QueueOutgoing(ctx, a.msgs)
}

// afterCommit hands the committed answers to the senders and answers the
// button, now that the change it confirms is stored.
func (b *Bot) afterCommit(a *answers) {
	seen := map[int64]bool{}
	for _, m := range a.msgs {
		if !seen[m.ChatID] {
			seen[m.ChatID] = true
			b.senders.kick(m.ChatID)
		}
	}
	if a.callback != nil {
		b.senders.answerCallback(a.callback)
	}
}

// queue adds a message to the update's answers.
func (a *answers) queue(m models.OutgoingMessage) {
	m.UpdateID = a.updateID
	a.msgs = append(a.msgs, m)
}

// send delivers a message, split at line boundaries when it is longer than
// Telegram allows (the keyboard goes with the last part, and so does what
// is recorded of it). While an update is handled the parts are queued and a
// placeholder is returned (its ID is 0: use outgoing.taskID or .prompt to
// record the message's id); otherwise they are sent at once (see sendNow)
// and the last part is returned.
func (b *Bot) send(ctx context.Context, out outgoing) (*tgmodels.Message, error) {
	a := answersOf(ctx)
	if a == nil {
		return b.sendNow(ctx, out)
	}
	rows, err := queuedMessages(out)
	if err != nil {
		return nil, err
	}
	for _, m := range rows {
		a.queue(m)
	}
	return &tgmodels.Message{Chat: tgmodels.Chat{ID: out.chatID}}, nil
}

// queuedMessages turns a message into the queue's rows, one per part.
func queuedMessages(out outgoing) ([]models.OutgoingMessage, error) {
	markup, err := encodeMarkup(out.markup)
	if err != nil {
		return nil, err
	}
	parts := splitMessage(out.text, maxMessage)
	rows := make([]models.OutgoingMessage, len(parts))
	for i, part := range parts {
		m := models.OutgoingMessage{ChatID: out.chatID, Kind: models.OutMessage, ThreadID: out.thread, Text: part,
			Automatic: out.class == outbox.Automatic, AboutTask: out.aboutTask()}
		if i == 0 {
			m.ReplyTo = out.replyTo
		}
		if i == len(parts)-1 {
			m.Markup = markup
			if out.taskID != 0 {
				id := out.taskID
				m.TaskID = &id
			}
			if out.prompt != nil {
				data, err := json.Marshal(out.prompt)
				if err != nil {
					return nil, fmt.Errorf("encode question: %w", err)
				}
				m.Prompt = string(data)
			}
		}
		rows[i] = m
	}
	return rows, nil
}

// encodeMarkup is a keyboard as the queue keeps it (JSON; "" for none).
func encodeMarkup(markup tgmodels.ReplyMarkup) (string, error) {
	if markup == nil {
		return "", nil
	}
	switch m := markup.(type) {
	case *tgmodels.InlineKeyboardMarkup:
		if m == nil {
			return "", nil
		}
	case *tgmodels.ForceReply:
		if m == nil {
			return "", nil
		}
	}
	data, err := json.Marshal(markup)
	if err != nil {
		return "", fmt.Errorf("encode keyboard: %w", err)
	}
	return string(data), nil
}

// sendNow sends a message at once (outside an update: a reminder, a
// digest), part by part, in the outbox's turn. It returns the last part.
func (b *Bot) sendNow(ctx context.Context, out outgoing) (*tgmodels.Message, error) {
	parts := splitMessage(out.text, maxMessage)
	var last *tgmodels.Message
	for i, part := range parts {
		p := &tgbot.SendMessageParams{
			ChatID: out.chatID, MessageThreadID: out.thread, Text: part, ParseMode: tgmodels.ParseModeHTML,
			LinkPreviewOptions: &tgmodels.LinkPreviewOptions{IsDisabled: tgbot.True()},
		}
		if i == len(parts)-1 {
			p.ReplyMarkup = out.markup
		}
		if i == 0 && out.replyTo != 0 {
			p.ReplyParameters = &tgmodels.ReplyParameters{MessageID: out.replyTo, AllowSendingWithoutReply: true}
		}
		msg, err := b.callNow(ctx, out.chatID, out.class, func(ctx context.Context, chatID int64) (*tgmodels.Message, error) {
			p.ChatID = chatID
			return b.api.SendMessage(ctx, p)
		})
		if err != nil {
			return nil, fmt.Errorf("send message to %d: %w", out.chatID, err)
		}
		b.sentAbout(ctx, msg, out.aboutTask())
		last = msg
	}
	return last, nil
}

// edit replaces the text and keyboard (nil: keep it) of a message the bot
// sent. Queued with the update's answers; a message that can no longer be
// edited gets the text as a new message instead.
func (b *Bot) edit(ctx context.Context, chatID int64, messageID int, text string, markup *tgmodels.InlineKeyboardMarkup) error {
	data, err := encodeMarkup(markup)
	if err != nil {
		return err
	}
	m := models.OutgoingMessage{ChatID: chatID, Kind: models.OutEdit, MessageID: messageID,
		Text: splitMessage(text, maxMessage)[0], Markup: data, EditFallback: true}
	return b.queueOrSend(ctx, m)
}

// removeButtons takes the inline keyboard off a message the bot sent. It is
// a courtesy (a stale button only gets an alert): a failure is logged.
func (b *Bot) removeButtons(ctx context.Context, chatID int64, messageID int) {
	m := models.OutgoingMessage{ChatID: chatID, Kind: models.OutMarkup, MessageID: messageID,
		Markup: `{"inline_keyboard":[]}`}
	if err := b.queueOrSend(ctx, m); err != nil {
		b.log.Warn("remove buttons", slog.Int64("chat", chatID), slog.Int("message", messageID), slog.String("err", err.Error()))
	}
}

// queueOrSend adds m to the update's answers, or outside an update queues
// it on its own.
func (b *Bot) queueOrSend(ctx context.Context, m models.OutgoingMessage) error {
	if a := answersOf(ctx); a != nil {
		a.queue(m)
		return nil
	}
	return b.queueNow(ctx, []models.OutgoingMessage{m})
}

// answerCallback answers the button being handled. The answer goes once the
// update's unit of work has committed: "已签收" is only said of what is
// stored.
func (b *Bot) answerCallback(ctx context.Context, p *tgbot.AnswerCallbackQueryParams) (bool, error) {
	a := answersOf(ctx)
	if a == nil {
		return false, errors.New("answer a button outside of its update")
	}
	if a.callback == nil {
		a.callback = p
	}
	return true, nil
}

// queueNow queues messages outside an update (a reminder's private copies),
// in their own transaction, and hands them to the senders.
func (b *Bot) queueNow(ctx context.Context, msgs []models.OutgoingMessage) error {
	if err := b.store.QueueOutgoing(ctx, msgs); err != nil {
		return err
	}
	for _, m := range msgs {
		b.senders.kick(m.ChatID)
	}
	return nil
}

// callNow makes a call that is sent at once (not queued), in the outbox's
// turn for the chat, and reads what Telegram answers: an automatic message
// to a chat that waits out a 429 returns a [retryError] at once, for the
// dispatcher to reschedule (it must not hold the other chats); a 429 pauses
// the chat and does the same; a migrated group is followed; a chat the bot
// cannot write to is a [goneError]. A 200 whose body did not decode counts
// as sent, with an unknown message id.
func (b *Bot) callNow(ctx context.Context, chatID int64, class outbox.Class, fn func(ctx context.Context, chatID int64) (*tgmodels.Message, error)) (*tgmodels.Message, error) {
	for attempt := 0; ; attempt++ {
		if err := b.waiting(chatID, errors.New("the chat waits for Telegram's retry_after")); err != nil {
			return nil, err
		}
		if err := b.outbox.Wait(ctx, chatID, chatID < 0, class); err != nil {
			return nil, err
		}
		callCtx, outcome := botapi.WithOutcome(ctx)
		msg, err := fn(callCtx, chatID)
		if err == nil {
			return msg, nil
		}
		v := botapi.Classify(err, outcome)
		switch v.Kind {
		case botapi.Accepted:
			b.log.Warn("Telegram took a message but its answer could not be read; counted as sent",
				slog.Int64("chat", chatID), slog.String("err", err.Error()))
			return &tgmodels.Message{Chat: tgmodels.Chat{ID: chatID}}, nil
		case botapi.RetryAfter:
			b.slowDown(chatID, v.RetryAfter)
			if werr := b.waiting(chatID, err); werr != nil {
				return nil, werr
			}
			return nil, &retryError{after: v.RetryAfter, err: err} // a pause already over
		case botapi.Migrated:
			if attempt >= 2 {
				return nil, err
			}
			if mErr := b.migrate(ctx, chatID, v.MigrateTo); mErr != nil {
				return nil, errors.Join(err, mErr)
			}
			chatID = v.MigrateTo
		case botapi.Gone:
			return nil, goneError{err}
		default:
			return nil, err
		}
	}
}

// slowDown records Telegram's 429 for a chat. The outbox is the one owner of
// the pause: senders wait in it, and the dispatcher hears of it only through
// [Bot.waiting]'s error.
func (b *Bot) slowDown(chatID int64, retryAfter time.Duration) {
	b.log.Warn("telegram asks to slow down", slog.Int64("chat", chatID), slog.Duration("retry_after", retryAfter))
	b.outbox.Pause(chatID, retryAfter)
}

// waiting is a [retryError] while the outbox holds the chat, for a caller
// that must not wait (the dispatcher puts the chat's rows off until the pause
// ends); nil when the chat may send.
func (b *Bot) waiting(chatID int64, err error) error {
	wait := b.outbox.PausedFor(chatID)
	if wait <= 0 {
		return nil
	}
	// In whole seconds, as Telegram gives retry_after.
	return &retryError{after: (wait + time.Second - 1).Truncate(time.Second), err: err}
}

// retryError is a 429 that the caller should wait out: it tells the
// scheduler when to try again.
type retryError struct {
	after time.Duration
	err   error
}

func (e *retryError) Error() string             { return fmt.Sprintf("retry after %v: %v", e.after, e.err) }
func (e *retryError) Unwrap() error             { return e.err }
func (e *retryError) RetryAfter() time.Duration { return e.after }

// goneError: the bot can no longer write to the chat (removed, chat gone).
type goneError struct{ err error }

func (e goneError) Error() string { return "chat gone: " + e.err.Error() }
func (e goneError) Unwrap() error { return e.err }
func (e goneError) Gone() bool    { return true }

// splitMessage cuts HTML text into parts that each show at most limit UTF-16
// code units (Telegram counts the text after parsing the markup: a tag counts
// nothing, "&amp;" one character), at line boundaries. The renderers keep
// every HTML tag pair within one line, so a line break never splits one; a
// single line longer than a message is cut with cutHTML.
func splitMessage(text string, limit int) []string {
	if visibleLen(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if s := strings.TrimRight(cur.String(), "\n"); s != "" {
			parts = append(parts, s)
		}
		cur.Reset()
		curLen = 0
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		n := visibleLen(line)
		if curLen+n > limit {
			flush()
		}
		for n > limit { // one line longer than a message: cut it
			head, tail := cutHTML(line, limit)
			parts = append(parts, head)
			line, n = tail, visibleLen(tail)
		}
		cur.WriteString(line)
		curLen += n
	}
	flush()
	return parts
}

// htmlToken returns the end of the token of HTML text s that starts at i (a
// tag, a character reference or one character) and how many UTF-16 code
// units of visible text it stands for.
func htmlToken(s string, i int) (end, units int) {
	switch s[i] {
	case '<':
		if k := strings.IndexByte(s[i:], '>'); k >= 0 {
			return i + k + 1, 0
		}
	case '&':
		if k := strings.IndexByte(s[i:], ';'); k > 0 && k <= 10 {
			return i + k + 1, utf16Len(html.UnescapeString(s[i : i+k+1]))
		}
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return i + size, utf16Len(s[i : i+size])
}

// visibleLen is how many UTF-16 code units Telegram counts in HTML text.
func visibleLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		end, units := htmlToken(s, i)
		n += units
		i = end
	}
	return n
}

// plainText is what a user sees of HTML text: the text without its tags,
// character references decoded.
func plainText(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); {
		end, units := htmlToken(s, i)
		if units > 0 {
			out.WriteString(html.UnescapeString(s[i:end]))
		}
		i = end
	}
	return out.String()
}

// cutHTML splits one line of HTML after at most limit visible UTF-16 code
// units, never inside a tag or a character reference. Tags still open at
// the cut are closed at the end of the head and reopened at the start of the
// tail, so both parts parse.
func cutHTML(s string, limit int) (head, tail string) {
	type openTag struct{ name, tag string }
	var stack, atCut []openTag
	cut, units := 0, 0
	for i := 0; i < len(s); {
		end, n := htmlToken(s, i)
		if units+n > limit {
			break
		}
		units += n
		if s[i] == '<' && end > i+1 {
			tag := s[i:end]
			name := strings.TrimLeft(strings.Trim(tag, "<>"), "/")
			if k := strings.IndexAny(name, " \t\n"); k >= 0 {
				name = name[:k]
			}
			if strings.HasPrefix(tag, "</") {
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			} else {
				stack = append(stack, openTag{name, tag})
			}
		}
		i = end
		cut, atCut = i, append(atCut[:0], stack...)
	}
	if cut == len(s) {
		return s, ""
	}
	if cut == 0 { // cannot happen with Telegram's limit; stay safe
		return cutUTF16(s, limit)
	}
	var h, t strings.Builder
	h.WriteString(s[:cut])
	for k := len(atCut) - 1; k >= 0; k-- {
		h.WriteString("</" + atCut[k].name + ">")
	}
	for _, o := range atCut {
		t.WriteString(o.tag)
	}
	t.WriteString(s[cut:])
	return h.String(), t.String()
}

// cutUTF16 splits s after at most n UTF-16 code units, between runes.
func cutUTF16(s string, n int) (string, string) {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i], s[i:]
		}
		units += w
	}
	return s, ""
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
