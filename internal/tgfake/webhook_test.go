package tgfake

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// hookTarget is a program behind the webhook: it records what it was
// posted and answers with the statuses of fail first, then 200.
type hookTarget struct {
	srv *httptest.Server

	mu      sync.Mutex
	fail    []int
	got     []int64 // update ids answered 200
	secrets []string
	arrived chan struct{}
}

func newHookTarget(t *testing.T, fail ...int) *hookTarget {
	h := &hookTarget{fail: fail, arrived: make(chan struct{}, 100)}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var u models.Update
		_ = json.Unmarshal(body, &u)
		h.mu.Lock()
		h.secrets = append(h.secrets, r.Header.Get(SecretHeader))
		status := http.StatusOK
		if len(h.fail) > 0 {
			status, h.fail = h.fail[0], h.fail[1:]
		} else {
			h.got = append(h.got, u.ID)
		}
		h.mu.Unlock()
		w.WriteHeader(status)
		h.arrived <- struct{}{}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookTarget) ids() []int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]int64(nil), h.got...)
}

// waitDelivered waits until the fake has confirmed n deliveries.
func waitDelivered(t *testing.T, f *Server, n int) []Delivery {
	t.Helper()
	ctx := testCtx(t)
	for {
		// Take the change channel before reading, so that a delivery
		// between the read and the wait still wakes us.
		f.mu.Lock()
		ch := f.changed
		f.mu.Unlock()
		var ok []Delivery
		for _, d := range f.Deliveries() {
			if d.OK() {
				ok = append(ok, d)
			}
		}
		if len(ok) >= n {
			return ok
		}
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("%d of %d updates delivered: %+v", len(ok), n, f.Deliveries())
		}
	}
}

func TestWebhookDeliversWithSecretAndRetries(t *testing.T) {
	f := newFake(t)
	f.DiscardPending()
	target := newHookTarget(t, http.StatusServiceUnavailable, http.StatusInternalServerError)
	c := newClient(t, f)
	ctx := testCtx(t)
	ok, err := c.SetWebhook(ctx, &bot.SetWebhookParams{URL: target.srv.URL + "/hook", SecretToken: "s3cret_-x",
		AllowedUpdates: []string{"message", "callback_query"}})
	if err != nil || !ok {
		t.Fatalf("setWebhook = %v, %v", ok, err)
	}
	info, err := c.GetWebhookInfo(ctx)
	if err != nil || info.URL != target.srv.URL+"/hook" || len(info.AllowedUpdates) != 2 {
		t.Fatalf("getWebhookInfo = %+v, %v", info, err)
	}
	// Long polling is refused while the webhook is set.
	if code, _ := getUpdates(t, f); code != http.StatusConflict {
		t.Fatalf("getUpdates with a webhook set answered %d, want 409", code)
	}
	f.SendText(groupID, zhang, "一")
	first := f.LastUpdateID()
	f.SendText(groupID, zhang, "二")
	second := f.LastUpdateID()
	waitDelivered(t, f, 2)
	if got := target.ids(); len(got) != 2 || got[0] != first || got[1] != second {
		t.Fatalf("delivered %v, want %d then %d (after two failures)", got, first, second)
	}
	target.mu.Lock()
	for _, s := range target.secrets {
		if s != "s3cret_-x" {
			t.Errorf("secret header %q", s)
		}
	}
	if len(target.secrets) != 4 {
		t.Errorf("%d posts, want 4 (two failures, two updates)", len(target.secrets))
	}
	target.mu.Unlock()

	// A bad secret is refused as Telegram refuses it.
	if _, err := c.SetWebhook(ctx, &bot.SetWebhookParams{URL: target.srv.URL, SecretToken: "no spaces"}); err == nil {
		t.Error("setWebhook took a secret with a space")
	}
	// After deleteWebhook, polling works again and nothing was lost.
	if _, err := c.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	f.SendText(groupID, zhang, "三")
	third := f.LastUpdateID()
	code, ups := getUpdates(t, f)
	if code != http.StatusOK || len(ups) != 1 || ups[0].ID != third {
		t.Fatalf("getUpdates after deleteWebhook = %d %v; want update %d", code, ups, third)
	}
}

// getUpdates asks for updates without waiting.
func getUpdates(t *testing.T, f *Server) (int, []models.Update) {
	t.Helper()
	resp, err := http.Get(f.URL() + "/bot" + f.Token() + "/getUpdates?timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Result []models.Update `json:"result"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Result
}

// A delivery that takes longer than the time-out is tried again.
func TestWebhookRetriesAfterATimeout(t *testing.T) {
	f := newFake(t)
	f.DiscardPending()
	slow := true
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := slow
		slow = false
		mu.Unlock()
		if first {
			// Hangs until the fake gives up (the body read first, so that the
			// server notices the client going away).
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	f.SetWebhookTimeout(100 * time.Millisecond)
	if _, err := newClient(t, f).SetWebhook(testCtx(t), &bot.SetWebhookParams{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	f.SendText(groupID, zhang, "你好")
	waitDelivered(t, f, 1)
	if d := f.Deliveries(); len(d) != 2 || d[0].OK() || d[0].Status != 0 {
		t.Errorf("deliveries %+v: want a time-out, then a 200", d)
	}
}

func TestWebhookTakesTurnsAndSkipsDeadTargets(t *testing.T) {
	f := newFake(t)
	f.DiscardPending()
	a, b := newHookTarget(t), newHookTarget(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close() // connections are refused
	f.SetWebhookTargets(a.srv.URL, dead, b.srv.URL)
	c := newClient(t, f)
	ctx := testCtx(t)
	if _, err := c.SetWebhook(ctx, &bot.SetWebhookParams{URL: "https://duban.example.gov.cn/telegram/webhook"}); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		f.SendText(groupID, zhang, "你好")
	}
	ok := waitDelivered(t, f, 4)
	if len(a.ids()) != 2 || len(b.ids()) != 2 {
		t.Errorf("a got %v, b got %v: want two each", a.ids(), b.ids())
	}
	for _, d := range ok {
		if d.Target != a.srv.URL+"/telegram/webhook" && d.Target != b.srv.URL+"/telegram/webhook" {
			t.Errorf("delivered to %s", d.Target)
		}
	}
	refused := 0
	for _, d := range f.Deliveries() {
		if !d.OK() && d.Status == 0 {
			refused++
		}
	}
	if refused == 0 {
		t.Error("the dead target was never tried")
	}
}

func TestSentRecordsTheInstance(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f, bot.WithHTTPClient(0, &http.Client{Transport: headerTransport{"i2#7"}}))
	if _, err := c.SendMessage(testCtx(t), &bot.SendMessageParams{ChatID: groupID, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if got := f.Sent()[0].Instance; got != "i2#7" {
		t.Errorf("Instance = %q", got)
	}
}

type headerTransport struct{ instance string }

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(InstanceHeader, h.instance)
	return http.DefaultTransport.RoundTrip(r)
}
