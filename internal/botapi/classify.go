package botapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// Kind says what a failed Bot API call means for whoever retries it.
type Kind int

const (
	// Transient: a 5xx, an answer that is not Telegram's JSON (a proxy's
	// page), a reset connection, a timeout. Try again later.
	Transient Kind = iota
	// Accepted: Telegram answered 200 but the body did not decode. The call
	// took effect (a message was sent); only its result is unknown.
	Accepted
	// RetryAfter: Telegram's flood control (429); wait Verdict.RetryAfter.
	RetryAfter
	// Migrated: the group became a supergroup, now Verdict.MigrateTo.
	Migrated
	// Gone: the bot can no longer write to the chat (403: removed, blocked;
	// or the chat does not exist).
	Gone
	// NotModified: an edit that would change nothing.
	NotModified
	// Refused: any other refusal (400, 401, 404...); repeating the same call
	// cannot succeed.
	Refused
)

var kindNames = [...]string{"transient", "accepted", "retry after", "migrated", "gone", "not modified", "refused"}

func (k Kind) String() string { return kindNames[k] }

// Verdict is a classified failure.
type Verdict struct {
	Kind       Kind
	RetryAfter time.Duration // for RetryAfter
	MigrateTo  int64         // for Migrated
}

// Classify reads a failed call's error, with the outcome the transport
// recorded for it (nil if none was asked for). Telegram's error_code and
// parameters decide first; the description is read only to tell refusals
// with the same code apart, case-insensitively and loosely (see
// describesNotModified and describesMissingChat), because the Bot API
// promises nothing about its wording.
func Classify(err error, o *Outcome) Verdict {
	var tooMany *tgbot.TooManyRequestsError
	var migrated *tgbot.MigrateError
	switch {
	case errors.As(err, &tooMany):
		return Verdict{Kind: RetryAfter, RetryAfter: time.Duration(max(tooMany.RetryAfter, 1)) * time.Second}
	case errors.As(err, &migrated):
		return Verdict{Kind: Migrated, MigrateTo: int64(migrated.MigrateToChatID)}
	case errors.Is(err, tgbot.ErrorForbidden):
		return Verdict{Kind: Gone}
	case errors.Is(err, tgbot.ErrorBadRequest):
		switch text := err.Error(); {
		case describesNotModified(text):
			return Verdict{Kind: NotModified}
		case describesMissingChat(text):
			return Verdict{Kind: Gone}
		}
		return Verdict{Kind: Refused}
	case errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorNotFound), errors.Is(err, tgbot.ErrorConflict):
		return Verdict{Kind: Refused}
	}
	status := 0
	if o != nil {
		status = o.Status
	}
	switch {
	case status == http.StatusOK:
		// Telegram's answer to an accepted call that the client could not
		// decode: the call is done.
		return Verdict{Kind: Accepted}
	case status == 0, status >= 500, status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return Verdict{Kind: Transient}
	case errors.Is(err, context.DeadlineExceeded):
		return Verdict{Kind: Transient}
	}
	return Verdict{Kind: Refused}
}

// normalise folds a description for loose matching: lower case, and
// Telegram's upper-case codes (MESSAGE_NOT_MODIFIED) read as words.
func normalise(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "_", " ")), " ")
}

// describesNotModified recognises "message is not modified" in its
// spellings ("MESSAGE_NOT_MODIFIED", "Message was not modified").
func describesNotModified(text string) bool {
	return strings.Contains(normalise(text), "not modified")
}

// describesMissingChat recognises "chat not found" ("CHAT_NOT_FOUND", "the
// chat was not found"), but not a missing message or user in a chat that
// exists.
func describesMissingChat(text string) bool {
	t := normalise(text)
	if strings.Contains(t, "message") || strings.Contains(t, "user") {
		return false
	}
	i := strings.Index(t, "chat")
	return i >= 0 && strings.Contains(t[i:], "not found")
}
