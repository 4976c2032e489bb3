package tgfake

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// apiError is a non-ok Bot API answer.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
	MigrateTo   int64
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Code, e.Description) }

func badRequest(desc string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + desc}
}

func forbidden(desc string) *apiError {
	return &apiError{Code: http.StatusForbidden, Description: "Forbidden: " + desc}
}

func tooManyRequests(retryAfter int) *apiError {
	if retryAfter < 1 {
		retryAfter = 1
	}
	return &apiError{
		Code:        http.StatusTooManyRequests,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		RetryAfter:  retryAfter,
	}
}

func migrated(to int64) *apiError {
	e := badRequest("group chat was upgraded to a supergroup chat")
	e.MigrateTo = to
	return e
}

// Descriptions of the errors Telegram gives, as the fake answers them.
const (
	descChatNotFound       = "chat not found"
	descTextEmpty          = "message text is empty"
	descTooLong            = "message is too long"
	descEditTooLong        = "MESSAGE_TOO_LONG"
	descCaptionTooLong     = "message caption is too long"
	descButtonData         = "BUTTON_DATA_INVALID"
	descTextButton         = "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
	descMarkupJSON         = "can't parse reply keyboard markup JSON object"
	descNotModified        = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
	descEditNotFound       = "message to edit not found"
	descDeleteNotFound     = "message to delete not found"
	descReplyNotFound      = "message to be replied not found"
	descCantEdit           = "message can't be edited"
	descNoTextToEdit       = "there is no text in the message to edit"
	descQueryTooOld        = "query is too old and response timeout expired or query ID is invalid"
	descCantInitiate       = "bot can't initiate conversation with a user"
	descBlocked            = "bot was blocked by the user"
	descKickedGroup        = "bot was kicked from the group chat"
	descKickedSupergroup   = "bot was kicked from the supergroup chat"
	descUserNotFound       = "user not found"
	descWebAppURL          = "BUTTON_URL_INVALID"
	descNoAdminsInPrivate  = "there are no administrators in the private chat"
	descUnsupportedParse   = "unsupported parse_mode"
	descNotUTF8            = "text must be encoded in UTF-8"
	descBotCommandInvalid  = "BOT_COMMAND_INVALID"
	descBotCommandDescBad  = "BOT_COMMAND_DESCRIPTION_INVALID"
	descActionInvalid      = "wrong parameter action in request"
	descCallbackTextTooBig = "MESSAGE_TOO_LONG"
)

// Fault is an error injected with FailNext.
type Fault struct {
	// Code is the error code (and HTTP status) to answer: 429, 502, 403,
	// 400, 500... Leave 0 with MigrateTo set for a migration error.
	Code int
	// Description overrides the default description for Code.
	Description string
	// RetryAfter is reported in parameters.retry_after for 429 (default 1).
	RetryAfter int
	// MigrateTo makes the call fail with 400 "group chat was upgraded to a
	// supergroup chat" and parameters.migrate_to_chat_id = MigrateTo.
	MigrateTo int64
	// Times is how many matching calls fail (default 1).
	Times int

	// HTML answers with an HTML error page instead of Telegram's JSON, as a
	// reverse proxy or a local Bot API server's front end does: status Code
	// (default 502), and a page that echoes the request path, token
	// included. The call is not carried out.
	HTML bool
	// Malformed carries the call out (a message is sent and recorded) but
	// answers 200 with a body that is not valid JSON: the bot cannot read
	// what Telegram accepted.
	Malformed bool
	// Reset closes the connection without an answer (a TCP reset); the
	// call is not carried out.
	Reset bool
	// Hang holds the request without an answer for this long, or until the
	// client gives up or the server closes; the call is not carried out, and
	// a client still waiting at the end gets a 504.
	Hang time.Duration
}

func (f Fault) apiError() *apiError {
	if f.MigrateTo != 0 {
		e := migrated(f.MigrateTo)
		if f.Description != "" {
			e.Description = f.Description
		}
		return e
	}
	code := f.Code
	if code == 0 {
		code = http.StatusBadRequest
	}
	e := &apiError{Code: code, Description: f.Description}
	if code == http.StatusTooManyRequests {
		ra := f.RetryAfter
		if ra < 1 {
			ra = 1
		}
		e.RetryAfter = ra
		if e.Description == "" {
			e.Description = fmt.Sprintf("Too Many Requests: retry after %d", ra)
		}
	}
	if e.Description == "" {
		switch code {
		case http.StatusBadRequest:
			e.Description = "Bad Request"
		case http.StatusForbidden:
			e.Description = "Forbidden: " + descBlocked
		case http.StatusBadGateway:
			e.Description = "Bad Gateway"
		case http.StatusGatewayTimeout:
			e.Description = "Gateway Timeout"
		default:
			e.Description = http.StatusText(code)
		}
	}
	return e
}

type faultRule struct {
	method string // lower case; "" = any
	chatID int64  // 0 = any
	left   int
	fault  Fault
}

// FailNext makes the next call of method (case-insensitive; "" for any
// method) for chatID (0 for any chat, and for methods without chat_id)
// fail with f, f.Times times (default once). Rules are consumed in the order
// they were added. Injected faults are applied before any other check and
// are recorded in Rejected.
func (s *Server) FailNext(method string, chatID int64, f Fault) {
	times := f.Times
	if times < 1 {
		times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{method: strings.ToLower(method), chatID: chatID, left: times, fault: f})
}

// takeFaultLocked returns the injected fault for this call, if any.
func (s *Server) takeFaultLocked(method string, chatID int64) *Fault {
	m := strings.ToLower(method)
	for i, r := range s.faults {
		if r.method != "" && r.method != m {
			continue
		}
		if r.chatID != 0 && r.chatID != chatID {
			continue
		}
		r.left--
		if r.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		s.stats.Faults++
		f := r.fault
		return &f
	}
	return nil
}
