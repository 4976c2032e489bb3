package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/outbox"
)

// errNotDelivered marks a message Telegram did not take. By then the
// handler may have saved its change, so the apology must not deny it.
var errNotDelivered = errors.New("not delivered")

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
	// task is the task the message is about (0: none): each part sent is
	// remembered for it, so that a reply 「收到」 to it acknowledges it.
	task uint
}

// send delivers a message, split at line boundaries when it is longer than
// Telegram allows (the keyboard goes with the last part). It waits out a 429
// for this chat, and follows a group that became a supergroup. It returns
// the last message sent.
func (b *Bot) send(ctx context.Context, out outgoing) (*tgmodels.Message, error) {
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
		msg, err := b.callWithRetry(ctx, out.chatID, out.class, func(chatID int64) (*tgmodels.Message, error) {
			p.ChatID = chatID
			return b.api.SendMessage(ctx, p)
		})
		if err != nil {
			return nil, fmt.Errorf("send message to %d: %w: %w", out.chatID, errNotDelivered, err)
		}
		b.sentAbout(ctx, msg, out.task)
		last = msg
	}
	return last, nil
}

// edit replaces the text and keyboard of a message the bot sent. "Not
// modified" is not an error: the message already says what it should.
func (b *Bot) edit(ctx context.Context, chatID int64, messageID int, text string, markup *tgmodels.InlineKeyboardMarkup) error {
	p := &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: messageID,
		Text: splitMessage(text, maxMessage)[0], ParseMode: tgmodels.ParseModeHTML,
		LinkPreviewOptions: &tgmodels.LinkPreviewOptions{IsDisabled: tgbot.True()}}
	if markup != nil {
		p.ReplyMarkup = markup
	}
	_, err := b.callWithRetry(ctx, chatID, outbox.Answer, func(chatID int64) (*tgmodels.Message, error) {
		p.ChatID = chatID
		return b.api.EditMessageText(ctx, p)
	})
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("edit message %d in %d: %w: %w", messageID, chatID, errNotDelivered, err)
	}
	return nil
}

// removeButtons takes the inline keyboard off a message the bot sent. It is
// a courtesy (a stale button only gets an alert), so failures are logged.
func (b *Bot) removeButtons(ctx context.Context, chatID int64, messageID int) {
	_, err := b.callWithRetry(ctx, chatID, outbox.Answer, func(chatID int64) (*tgmodels.Message, error) {
		return b.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: chatID, MessageID: messageID,
			ReplyMarkup: &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{}}})
	})
	if err != nil && !strings.Contains(err.Error(), "message is not modified") {
		b.log.Warn("remove buttons", slog.Int64("chat", chatID), slog.Int("message", messageID), slog.String("err", err.Error()))
	}
}

// answerCallback answers a button press, waiting out a 429 as send does.
func (b *Bot) answerCallback(ctx context.Context, p *tgbot.AnswerCallbackQueryParams) (bool, error) {
	_, err := b.callWithRetry(ctx, 0, outbox.Answer, func(int64) (*tgmodels.Message, error) {
		_, err := b.api.AnswerCallbackQuery(ctx, p)
		return nil, err
	})
	return err == nil, err
}

// maxRetryWait bounds how long an answer waits after a 429 before giving up.
const maxRetryWait = 30 * time.Second

// callWithRetry takes the call's turn in the outbox (chatID 0 stands for
// calls that belong to no chat, such as answers to button presses), calls
// fn, and handles what Telegram answers: a 429 pauses that chat in the
// outbox for retry_after, after which an answer tries again while an
// automatic message returns a [retryError] for the dispatcher to reschedule;
// a migrated group is followed to its new id.
func (b *Bot) callWithRetry(ctx context.Context, chatID int64, class outbox.Class, fn func(chatID int64) (*tgmodels.Message, error)) (*tgmodels.Message, error) {
	for attempt := 0; ; attempt++ {
		if err := b.outbox.Wait(ctx, chatID, chatID < 0, class); err != nil {
			return nil, err
		}
		msg, err := fn(chatID)
		if err == nil || attempt >= 2 {
			return msg, err
		}
		var tooMany *tgbot.TooManyRequestsError
		var migrated *tgbot.MigrateError
		switch {
		case errors.As(err, &tooMany):
			wait := time.Duration(tooMany.RetryAfter) * time.Second
			b.log.Warn("telegram asks to slow down", slog.Int64("chat", chatID), slog.Duration("retry_after", wait))
			b.outbox.Pause(chatID, wait)
			if class == outbox.Automatic || wait > maxRetryWait {
				return nil, &retryError{after: wait, err: err}
			}
		case errors.As(err, &migrated):
			newID := int64(migrated.MigrateToChatID)
			if mErr := b.migrate(ctx, chatID, newID); mErr != nil {
				return nil, errors.Join(err, mErr)
			}
			chatID = newID
		default:
			return nil, err
		}
	}
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

// redact removes the token from a text meant for logs or errors.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "***")
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
