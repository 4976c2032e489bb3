package tgfake

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// An HTML error page answers with the proxy's status and echoes the path,
// token included: what a bot must never log as it is.
func TestHTMLErrorPage(t *testing.T) {
	f := newFake(t)
	f.FailNext("sendMessage", groupID, Fault{HTML: true})
	resp, err := http.Post(f.URL()+"/bot"+f.Token()+"/sendMessage", "application/x-www-form-urlencoded",
		strings.NewReader("chat_id=-1001234567890&text=hi"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.Contains(string(body), "/bot"+f.Token()+"/sendMessage") || !strings.Contains(string(body), "<h1>502 Bad Gateway</h1>") {
		t.Fatalf("page:\n%s", body)
	}
	if len(f.Sent()) != 0 {
		t.Fatal("the call was carried out")
	}
	// Through the library: an error that is not an API error.
	b := newClient(t, f)
	f.FailNext("sendMessage", 0, Fault{HTML: true, Code: 500})
	_, err = b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: groupID, Text: "hi"})
	if err == nil || errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Fatalf("got %v", err)
	}
	if rej := f.Rejected(); len(rej) != 2 || rej[1].Code != 500 {
		t.Fatalf("rejected %+v", rej)
	}
}

// A malformed 200: the message is sent (users see it) but the bot cannot
// decode the answer.
func TestMalformedAnswer(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	f.FailNext("sendMessage", groupID, Fault{Malformed: true})
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "已交办"})
	if err == nil || !strings.Contains(err.Error(), "decode") {
		t.Fatalf("want a decoding error, got %v", err)
	}
	if sent := f.Sent(); len(sent) != 1 || sent[0].Text != "已交办" {
		t.Fatalf("sent %+v", sent)
	}
	// A call Telegram refuses stays a refusal.
	f.FailNext("sendMessage", unknownChat, Fault{Malformed: true})
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: unknownChat, Text: "x"})
	wantAPIError(t, err, bot.ErrorBadRequest, "chat not found")
}

func TestResetConnection(t *testing.T) {
	f := newFake(t)
	b := newClient(t, f)
	f.FailNext("sendMessage", 0, Fault{Reset: true})
	_, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: groupID, Text: "x"})
	if err == nil || !(errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF")) {
		t.Fatalf("want a reset, got %v", err)
	}
	if len(f.Sent()) != 0 {
		t.Fatal("the call was carried out")
	}
	if _, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: groupID, Text: "x"}); err != nil {
		t.Fatalf("the next call: %v", err)
	}
}

// A hung request holds the client until it gives up; WaitHanging sees it.
func TestHangingRequest(t *testing.T) {
	f := newFake(t)
	b := newClient(t, f)
	f.FailNext("sendMessage", groupID, Fault{Hang: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "x"})
		done <- err
	}()
	if err := f.WaitHanging(testCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	// Another chat is served meanwhile.
	if _, err := b.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: zhang, Text: "y"}); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("want the client's own cancellation, got %v", err)
	}
	if err := f.wait(testCtx(t), func() bool { return f.hanging == 0 }, nil); err != nil {
		t.Fatal(err)
	}
	if st := f.Stats(); st.Hung != 1 || len(f.SentTo(groupID)) != 0 {
		t.Fatalf("stats %+v, sent %+v", st, f.SentTo(groupID))
	}
	// A short hang ends with a 504 page.
	f.FailNext("getMe", 0, Fault{Hang: 10 * time.Millisecond})
	if _, err := b.GetMe(testCtx(t)); err == nil || !strings.Contains(err.Error(), "504") {
		t.Fatalf("want 504, got %v", err)
	}
}

// Faults apply to getUpdates too.
func TestGetUpdatesFaults(t *testing.T) {
	f := newFake(t)
	f.SendText(groupID, zhang, "大家好")
	for _, fault := range []Fault{{HTML: true}, {Malformed: true}, {Reset: true}} {
		f.FailNext("getUpdates", 0, fault)
		resp, err := http.Post(f.URL()+"/bot"+f.Token()+"/getUpdates", "application/json", strings.NewReader(`{}`))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.HasSuffix(string(body), "}") {
				t.Errorf("%+v: a well-formed answer %s", fault, body)
			}
		}
	}
	if st := f.Stats(); st.UpdatesDelivered != 0 {
		t.Fatalf("faulty polls delivered updates: %+v", st)
	}
}
