package miniapp_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/miniapp"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
)

// The cast is testkit's, in two work groups whose creator 刘书记 leads both:
// 张伟 works in both, 王芳 and 李局 only in the first, Tom in neither.
const (
	groupA   = testkit.WorkGroup  // 招商引资工作群
	groupB   = testkit.OtherGroup // 另一个群
	boss     = testkit.Boss
	zhang    = testkit.Zhang
	wang     = testkit.Wang
	li       = testkit.Li
	outsider = testkit.Tom
)

// publicURL is where the test says the dashboard is reached; nothing
// listens there (the tests use the server's real address).
const publicURL = "https://duban.example.gov.cn"

// dash is the real program with its HTTP server (package e2e).
type dash struct {
	*e2e.Harness
	base string // http://127.0.0.1:port/app/
}

func newDash(t testing.TB) *dash {
	t.Helper()
	return newDashAt(t, publicURL)
}

// newDashAt is newDash with the dashboard's public URL.
func newDashAt(t testing.TB, public string) *dash {
	t.Helper()
	h := e2e.Start(t, e2e.Options{HTTP: "127.0.0.1:0", PublicURL: public,
		Groups: []testkit.Group{testkit.Work().Without(testkit.Zhao, outsider), testkit.Other().Without(wang)}})
	return &dash{Harness: h, base: "http://" + h.SB.App.HTTPAddr() + miniapp.Prefix}
}

// token asks the group for its dashboard link and returns its startapp.
func (d *dash) token(chat, from int64) string {
	d.T.Helper()
	ans := d.Reply(chat, from, "/dashboard")
	if ans.Markup == nil || len(ans.Markup.InlineKeyboard) == 0 {
		d.T.Fatalf("/dashboard answered without a button:\n%s", ans.PlainText)
	}
	link, err := url.Parse(ans.Markup.InlineKeyboard[0][0].URL)
	if err != nil {
		d.T.Fatal(err)
	}
	return link.Query().Get("startapp")
}

// initData is init data for a user as Telegram would sign it for this bot,
// signed age ago.
func (d *dash) initData(userID int64, startParam string, age time.Duration) string {
	return miniapp.SignInitData(miniapp.WebAppUser{ID: userID, FirstName: testkit.Who(userID).Name, LanguageCode: "zh-hans"},
		d.Clock.Now().Add(-age), startParam, d.Fake.Token())
}

// call makes an API request with init data and returns the status and the
// body (decompressed).
func (d *dash) call(method, path, initData string) (int, string) {
	d.T.Helper()
	req, err := http.NewRequest(method, d.base+path, nil)
	if err != nil {
		d.T.Fatal(err)
	}
	if initData != "" {
		req.Header.Set(miniapp.InitDataHeader, initData)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.T.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			d.T.Fatal(err)
		}
		r = zr
	}
	body, err := io.ReadAll(r)
	if err != nil {
		d.T.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// get is call with GET, decoding a 200 answer into v.
func (d *dash) get(path, initData string, v any) {
	d.T.Helper()
	status, body := d.call(http.MethodGet, path, initData)
	if status != http.StatusOK {
		d.T.Fatalf("GET %s: %d %s", path, status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		d.T.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// refusal checks that an answer is a refusal with the status and code and
// nothing else: exactly the error and its message, and none of the secrets.
func refusal(t *testing.T, status int, body string, wantStatus int, wantCode string, secrets ...string) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("status %d, want %d (%s)", status, wantStatus, body)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("refusal is not JSON: %s", body)
	}
	if got["error"] != wantCode || len(got) != 2 || got["message"] == "" {
		t.Errorf("refusal %v, want exactly error %q and a message", got, wantCode)
	}
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("refusal leaks %q: %s", s, body)
		}
	}
}
