package tgfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

type rawAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

func call(t *testing.T, ctx context.Context, f *Server, method, contentType, body string) rawAnswer {
	t.Helper()
	a, err := tryCall(ctx, f, method, contentType, body)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return a
}

// tryCall posts a raw Bot API request (usable from any goroutine).
func tryCall(ctx context.Context, f *Server, method, contentType, body string) (rawAnswer, error) {
	var a rawAnswer
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.URL()+"/bot"+f.Token()+"/"+method, strings.NewReader(body))
	if err != nil {
		return a, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return a, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(data, &a); err != nil {
		return a, fmt.Errorf("bad answer %s", data)
	}
	return a, nil
}

type answerOrErr struct {
	a   rawAnswer
	err error
}

func goCall(ctx context.Context, f *Server, method, body string) <-chan answerOrErr {
	ch := make(chan answerOrErr, 1)
	go func() {
		a, err := tryCall(ctx, f, method, "application/json", body)
		ch <- answerOrErr{a, err}
	}()
	return ch
}

func receive(t *testing.T, ctx context.Context, ch <-chan answerOrErr) rawAnswer {
	t.Helper()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.a
	case <-ctx.Done():
		t.Fatal("no answer")
		return rawAnswer{}
	}
}

func TestRequestEncodings(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	kb := `{"inline_keyboard":[[{"text":"收到","callback_data":"ack"}]]}`

	form := url.Values{"chat_id": {"-1001234567890"}, "text": {"<b>表单</b>"}, "parse_mode": {"HTML"}, "reply_markup": {kb}}
	a := call(t, ctx, f, "sendMessage", "application/x-www-form-urlencoded", form.Encode())
	if !a.OK {
		t.Fatalf("form: %+v", a)
	}
	a = call(t, ctx, f, "sendMessage", "application/json",
		`{"chat_id":-1001234567890,"text":"JSON","reply_markup":`+kb+`,"link_preview_options":{"is_disabled":true}}`)
	if !a.OK {
		t.Fatalf("json object: %+v", a)
	}
	a = call(t, ctx, f, "sendMessage", "application/json",
		`{"chat_id":"-1001234567890","text":"JSON2","reply_markup":`+strconvQuote(kb)+`}`)
	if !a.OK {
		t.Fatalf("json string: %+v", a)
	}
	// Query string parameters work too (GET-style).
	a = call(t, ctx, f, "sendMessage?chat_id=11&text=query", "", "")
	if !a.OK {
		t.Fatalf("query: %+v", a)
	}
	sent := f.Sent()
	if len(sent) != 4 || sent[0].PlainText != "表单" || sent[0].Markup == nil || sent[1].Markup == nil ||
		!sent[1].LinkPreviewDisabled || sent[2].Markup == nil || sent[3].ChatID != zhang {
		t.Fatalf("sent %+v", sent)
	}
	var m models.Message
	if err := json.Unmarshal(a.Result, &m); err != nil || m.Text != "query" || m.From.ID != f.Bot().ID {
		t.Fatalf("result %s (%v)", a.Result, err)
	}
	a = call(t, ctx, f, "sendMessage", "application/json", `{"chat_id":`)
	if a.OK || a.ErrorCode != 400 {
		t.Fatalf("broken json: %+v", a)
	}
	a = call(t, ctx, f, "sendMessage", "application/json", `{"chat_id":11,"text":"x","reply_markup":"{bad"}`)
	if a.OK || a.Description != "Bad Request: can't parse reply keyboard markup JSON object" {
		t.Fatalf("bad markup: %+v", a)
	}
	// Force reply.
	a = call(t, ctx, f, "sendMessage", "application/json", `{"chat_id":11,"text":"请输入","reply_markup":{"force_reply":true}}`)
	if last := f.Sent()[len(f.Sent())-1]; !a.OK || !last.ForceReply || last.Markup != nil {
		t.Fatalf("force reply: %+v %+v", a, last)
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func updatesOf(t *testing.T, a rawAnswer) []models.Update {
	t.Helper()
	if !a.OK {
		t.Fatalf("getUpdates: %+v", a)
	}
	var us []models.Update
	if err := json.Unmarshal(a.Result, &us); err != nil {
		t.Fatal(err)
	}
	return us
}

func TestGetUpdatesLongPolling(t *testing.T) {
	ctx := testCtx(t)
	f := New()
	t.Cleanup(f.Close)
	f.AddUser(User{ID: 5, FirstName: "五"})

	// timeout 0 answers at once.
	if us := updatesOf(t, call(t, ctx, f, "getUpdates", "application/json", `{"timeout":0}`)); len(us) != 0 {
		t.Fatalf("%+v", us)
	}

	// A long poll returns as soon as an update arrives.
	gen := pollGen(f)
	poll := goCall(ctx, f, "getUpdates", `{"timeout":30}`)
	waitPolling(t, ctx, f, gen)
	f.SendText(5, 5, "一")
	us := updatesOf(t, receive(t, ctx, poll))
	if len(us) != 1 || us[0].Message.Text != "一" {
		t.Fatalf("%+v", us)
	}
	first := us[0].ID

	// Without confirming, the update is returned again; limit applies.
	f.SendText(5, 5, "二")
	us = updatesOf(t, call(t, ctx, f, "getUpdates", "application/json", `{"limit":1}`))
	if len(us) != 1 || us[0].ID != first {
		t.Fatalf("%+v", us)
	}
	// offset confirms earlier updates.
	us = updatesOf(t, call(t, ctx, f, "getUpdates", "application/x-www-form-urlencoded", "offset="+itoa(first+1)))
	if len(us) != 1 || us[0].Message.Text != "二" || us[0].ID != first+1 {
		t.Fatalf("%+v", us)
	}
	us = updatesOf(t, call(t, ctx, f, "getUpdates", "application/json", `{"offset":`+itoa(first+2)+`}`))
	if len(us) != 0 {
		t.Fatalf("%+v", us)
	}

	// A client that goes away ends its poll.
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	gen = pollGen(f)
	go func() {
		defer close(done)
		req, _ := http.NewRequestWithContext(cctx, http.MethodPost, f.URL()+"/bot"+f.Token()+"/getUpdates?timeout=30", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	waitPolling(t, ctx, f, gen)
	cancel()
	<-done

	// A second concurrent poll terminates the first with 409.
	gen = pollGen(f)
	first409 := goCall(ctx, f, "getUpdates", `{"timeout":30}`)
	waitPolling(t, ctx, f, gen)
	second := goCall(ctx, f, "getUpdates", `{"timeout":0}`)
	if a := receive(t, ctx, first409); a.OK || a.ErrorCode != 409 ||
		!strings.HasPrefix(a.Description, "Conflict: terminated by other getUpdates request") {
		t.Fatalf("%+v", a)
	}
	if a := receive(t, ctx, second); !a.OK {
		t.Fatalf("%+v", a)
	}
}

// pollGen returns the getUpdates generation counter.
func pollGen(f *Server) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pollGen
}

// waitPolling waits until a getUpdates request made after pollGen returned
// gen is registered (and so blocked, or answered) in the fake.
func waitPolling(t *testing.T, ctx context.Context, f *Server, gen int64) {
	t.Helper()
	if err := f.wait(ctx, func() bool { return f.pollGen > gen }, nil); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
