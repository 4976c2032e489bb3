package botapi

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/duban-bot/duban/internal/tgfake"
)

const (
	group int64 = -1001234567890
	boss  int64 = 101
)

// setup starts a fake Bot API and a client that goes through a Transport.
func setup(t *testing.T, timeouts Timeouts) (*tgfake.Server, *Transport, *tgbot.Bot) {
	t.Helper()
	f := tgfake.New(tgfake.WithToken("123456:SECRET-token_value"))
	t.Cleanup(f.Close)
	f.AddUser(tgfake.User{ID: boss, FirstName: "刘书记"})
	f.AddGroup(tgfake.Group{ID: group, Title: "工作群", Members: []int64{boss}, Admins: []int64{boss}, Creator: boss})
	tr := NewTransport(nil, f.URL(), f.Token(), time.Second, timeouts)
	b, err := tgbot.New(f.Token(), tgbot.WithServerURL(f.URL()), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(time.Second, tr), tgbot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatal(err)
	}
	return f, tr, b
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang detector
	t.Cleanup(cancel)
	return ctx
}

// send sends a message and classifies the failure.
func send(t *testing.T, b *tgbot.Bot, chat int64) (Verdict, error) {
	t.Helper()
	ctx, o := WithOutcome(ctxFor(t))
	_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chat, Text: "已交办"})
	if err == nil {
		return Verdict{}, nil
	}
	return Classify(err, o), err
}

func TestClassify(t *testing.T) {
	f, _, b := setup(t, Timeouts{Call: 300 * time.Millisecond})
	cases := []struct {
		name  string
		fault tgfake.Fault
		want  Kind
	}{
		{"5xx", tgfake.Fault{Code: 500}, Transient},
		{"proxy page", tgfake.Fault{HTML: true}, Transient},
		{"proxy page 504", tgfake.Fault{HTML: true, Code: 504}, Transient},
		{"reset", tgfake.Fault{Reset: true}, Transient},
		{"hang", tgfake.Fault{Hang: time.Minute}, Transient},
		{"undecodable 200", tgfake.Fault{Malformed: true}, Accepted},
		{"flood", tgfake.Fault{Code: 429, RetryAfter: 7}, RetryAfter},
		{"removed", tgfake.Fault{Code: 403, Description: "Forbidden: bot was kicked from the supergroup chat"}, Gone},
		{"removed, reworded", tgfake.Fault{Code: 403, Description: "Forbidden: BOT_KICKED"}, Gone},
		{"chat not found", tgfake.Fault{Code: 400, Description: "Bad Request: chat not found"}, Gone},
		{"chat not found, upper case", tgfake.Fault{Code: 400, Description: "Bad Request: CHAT_NOT_FOUND"}, Gone},
		{"chat not found, reworded", tgfake.Fault{Code: 400, Description: "Bad request: the Chat was not found."}, Gone},
		{"not modified", tgfake.Fault{Code: 400, Description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same"}, NotModified},
		{"not modified, upper case", tgfake.Fault{Code: 400, Description: "Bad Request: MESSAGE_NOT_MODIFIED"}, NotModified},
		{"not modified, reworded", tgfake.Fault{Code: 400, Description: "Bad Request: Message was not modified"}, NotModified},
		{"message to edit not found", tgfake.Fault{Code: 400, Description: "Bad Request: message to edit not found"}, Refused},
		{"user not found", tgfake.Fault{Code: 400, Description: "Bad Request: user not found in chat"}, Refused},
		{"bad html", tgfake.Fault{Code: 400, Description: "Bad Request: can't parse entities"}, Refused},
		{"migrated", tgfake.Fault{MigrateTo: -100777}, Migrated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.FailNext("sendMessage", group, c.fault)
			v, err := send(t, b, group)
			if err == nil {
				t.Fatal("the call succeeded")
			}
			if v.Kind != c.want {
				t.Fatalf("%v classified %v, want %v", err, v.Kind, c.want)
			}
			switch c.want {
			case RetryAfter:
				if v.RetryAfter != 7*time.Second {
					t.Errorf("retry after %v", v.RetryAfter)
				}
			case Migrated:
				if v.MigrateTo != -100777 {
					t.Errorf("migrate to %d", v.MigrateTo)
				}
			}
		})
	}
	// The undecodable 200 was delivered; nothing else was.
	if sent := f.Sent(); len(sent) != 1 {
		t.Fatalf("sent %d messages, want the one of the undecodable 200", len(sent))
	}
}

// A hung call ends at the method's timeout, not when the server lets go.
func TestCallTimeout(t *testing.T) {
	f, _, b := setup(t, Timeouts{Call: 200 * time.Millisecond})
	f.FailNext("sendMessage", group, tgfake.Fault{Hang: time.Minute})
	start := time.Now()
	v, err := send(t, b, group)
	if err == nil || v.Kind != Transient {
		t.Fatalf("got %v (%v)", err, v.Kind)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want a deadline, got %v", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("the call was held %v", waited)
	}
}

// The token never shows in an error, whether it comes from a proxy page
// that echoes the request path or from the network.
func TestTokenRedacted(t *testing.T) {
	f, tr, b := setup(t, Timeouts{Call: time.Second})
	token := f.Token()
	f.FailNext("sendMessage", 0, tgfake.Fault{HTML: true})
	_, err := send(t, b, group)
	if err == nil || strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error shows the token: %v", err)
	}
	if !strings.Contains(err.Error(), "/bot***/sendMessage") {
		t.Errorf("the echoed path is not in the error (redacted): %v", err)
	}
	// Percent-encoded, as some pages echo it.
	if got := tr.Redact("GET /bot123456%3ASECRET-token_value/getMe"); strings.Contains(got, "SECRET") {
		t.Errorf("escaped token kept: %s", got)
	}
	// A server that is not there: the URL in the error is redacted.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	gone := NewTransport(nil, "http://"+addr, token, time.Second, Timeouts{})
	b2, err := tgbot.New(token, tgbot.WithServerURL("http://"+addr), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(time.Second, gone), tgbot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := send(t, b2, group)
	if err == nil || v.Kind != Transient || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("got %v (%v)", err, v.Kind)
	}
	_, err = gone.GetUpdates(ctxFor(t), 0, nil)
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("getUpdates error %v", err)
	}
}

func TestGetUpdates(t *testing.T) {
	f, tr, _ := setup(t, Timeouts{})
	ctx := ctxFor(t)
	f.SendText(group, boss, "/tasks")
	f.SendText(group, boss, "大家好")
	ups, err := tr.GetUpdates(ctx, 0, []string{"message"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 2 || ups[1].ID != ups[0].ID+1 {
		t.Fatalf("updates %+v", ups)
	}
	var u struct {
		Message struct{ Text string } `json:"message"`
	}
	if err := json.Unmarshal(ups[0].Raw, &u); err != nil || u.Message.Text != "/tasks" {
		t.Fatalf("raw %s: %v", ups[0].Raw, err)
	}
	// Without an offset that confirms them they come again; with it, not.
	again, err := tr.GetUpdates(ctx, 0, nil)
	if err != nil || len(again) != 2 {
		t.Fatalf("again: %d, %v", len(again), err)
	}
	f.SendText(group, boss, "第三条")
	next, err := tr.GetUpdates(ctx, ups[1].ID+1, nil)
	if err != nil || len(next) != 1 || next[0].ID != ups[1].ID+1 {
		t.Fatalf("next: %+v, %v", next, err)
	}
	// Refusals and broken answers are errors; nothing is delivered.
	f.FailNext("getUpdates", 0, tgfake.Fault{Code: 429, RetryAfter: 3})
	_, err = tr.GetUpdates(ctx, next[0].ID+1, nil)
	var pe *PollError
	if !errors.As(err, &pe) || pe.RetryAfter != 3*time.Second {
		t.Fatalf("want a 429 poll error, got %v", err)
	}
	f.FailNext("getUpdates", 0, tgfake.Fault{Malformed: true})
	if _, err := tr.GetUpdates(ctx, next[0].ID+1, nil); err == nil {
		t.Fatal("a malformed answer passed")
	}
}

// A long poll is bounded by its own timeout plus the margin.
func TestPollTimeout(t *testing.T) {
	f, _, _ := setup(t, Timeouts{})
	tr := NewTransport(nil, f.URL(), f.Token(), time.Second, Timeouts{PollMargin: 200 * time.Millisecond})
	f.FailNext("getUpdates", 0, tgfake.Fault{Hang: time.Minute})
	start := time.Now()
	_, err := tr.GetUpdates(ctxFor(t), 0, nil)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a deadline, got %v", err)
	}
	if d := time.Since(start); d < time.Second || d > 5*time.Second {
		t.Errorf("the poll ended after %v, want about 1.2 s", d)
	}
}
