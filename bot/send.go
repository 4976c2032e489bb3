package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"
)

// maxMessage is Telegram's limit on a message's text, in UTF-16 code units.
const maxMessage = 4096

// outgoing is one HTML message to send.
type outgoing struct {
	chatID  int64
	thread  int
	text    string // HTML; user text escaped
	markup  tgmodels.ReplyMarkup
	replyTo int
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
		msg, err := b.callWithRetry(ctx, out.chatID, func(chatID int64) (*tgmodels.Message, error) {
			p.ChatID = chatID
			return b.api.SendMessage(ctx, p)
		})
		if err != nil {
			return nil, fmt.Errorf("send message to %d: %w", out.chatID, err)
		}
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
	_, err := b.callWithRetry(ctx, chatID, func(chatID int64) (*tgmodels.Message, error) {
		p.ChatID = chatID
		return b.api.EditMessageText(ctx, p)
	})
	if err != nil && strings.Contains(err.Error(), "message is not modified") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("edit message %d in %d: %w", messageID, chatID, err)
	}
	return nil
}

// maxRetryWait bounds how long an answer waits after a 429 before giving up.
const maxRetryWait = 30 * time.Second

// callWithRetry calls fn, waiting out Telegram's retry_after on a 429 and
// following a migrated group to its new id (once each).
func (b *Bot) callWithRetry(ctx context.Context, chatID int64, fn func(chatID int64) (*tgmodels.Message, error)) (*tgmodels.Message, error) {
	for attempt := 0; ; attempt++ {
		msg, err := fn(chatID)
		if err == nil || attempt >= 2 {
			return msg, err
		}
		var tooMany *tgbot.TooManyRequestsError
		var migrated *tgbot.MigrateError
		switch {
		case errors.As(err, &tooMany):
			wait := time.Duration(tooMany.RetryAfter) * time.Second
			if wait > maxRetryWait {
				return nil, err
			}
			b.log.Warn("telegram asks to slow down", slog.Int64("chat", chatID), slog.Duration("retry_after", wait))
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return nil, err
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

// splitMessage cuts text into parts of at most limit UTF-16 code units,
// at line boundaries (a single longer line is cut between characters). The
// renderers keep every HTML tag within one line, so no part breaks a tag.
func splitMessage(text string, limit int) []string {
	if utf16Len(text) <= limit {
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
		n := utf16Len(line)
		if curLen+n > limit {
			flush()
		}
		for n > limit { // one line longer than a message: cut it
			head, tail := cutUTF16(line, limit)
			parts = append(parts, head)
			line, n = tail, utf16Len(tail)
		}
		cur.WriteString(line)
		curLen += n
	}
	flush()
	return parts
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
