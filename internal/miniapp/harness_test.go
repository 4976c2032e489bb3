package miniapp_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/miniapp"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The cast: two work groups whose creator 刘书记 leads both. 张伟 works in
// both, 王芳 and 李局 only in 甲群, Tom in neither.
const (
	groupA   int64 = -1001111111111 // 招商引资工作群
	groupB   int64 = -1002222222222 // 项目建设工作群
	boss     int64 = 101            // 刘书记, creator of both groups
	zhang    int64 = 102            // 张伟 @zhangwei
	wang     int64 = 103            // 王芳 @wangfang
	li       int64 = 104            // 李局 @lijv
	outsider int64 = 106            // Tom, in no group
)

// start is Monday 2026-11-23 10:00 in Shanghai.
var start = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

// publicURL is where the test says the dashboard is reached; nothing
// listens there (the tests use the server's real address).
const publicURL = "https://duban.example.gov.cn"

var fastLimits = outbox.Limits{PerSecond: 10000, ChatPerSecond: 10000, GroupPerMinute: 600000}

// dash is the real program with its HTTP server, a fake Telegram and a
// SQLite file.
type dash struct {
	t     testing.TB
	sb    *sandbox.Sandbox
	fake  *tgfake.Server
	clock *clock.Fake
	base  string // http://127.0.0.1:port/app/
	db    string // the SQLite file
}

func newDash(t testing.TB) *dash {
	t.Helper()
	return newDashAt(t, publicURL)
}

// newDashAt is newDash with the dashboard's public URL.
func newDashAt(t testing.TB, public string) *dash {
	t.Helper()
	clk := clock.NewFake(start)
	db := filepath.Join(t.TempDir(), "duban.db")
	sb, err := sandbox.Start(context.Background(), sandbox.Options{
		DB: db, Clock: clk, Limits: fastLimits, NoReminders: true,
		HTTP: "127.0.0.1:0", PublicURL: public,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	d := &dash{t: t, sb: sb, fake: sb.Fake, clock: clk, base: "http://" + sb.App.HTTPAddr() + miniapp.Prefix, db: db}
	for _, u := range []tgfake.User{
		{ID: boss, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"},
		{ID: zhang, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"},
		{ID: wang, FirstName: "王芳", Username: "wangfang", LanguageCode: "zh-hans"},
		{ID: li, FirstName: "李局", Username: "lijv", LanguageCode: "zh-hans"},
		{ID: outsider, FirstName: "Tom", Username: "tom", LanguageCode: "en"},
	} {
		d.fake.AddUser(u)
	}
	d.fake.AddGroup(tgfake.Group{ID: groupA, Title: "招商引资工作群", Type: "supergroup",
		Members: []int64{boss, zhang, wang, li}, Admins: []int64{boss}, Creator: boss})
	d.fake.AddGroup(tgfake.Group{ID: groupB, Title: "项目建设工作群", Type: "supergroup",
		Members: []int64{boss, zhang}, Admins: []int64{boss}, Creator: boss})
	for _, id := range []int64{boss, zhang, wang, li} {
		d.fake.SendText(groupA, id, "大家好")
	}
	for _, id := range []int64{boss, zhang} {
		d.fake.SendText(groupB, id, "大家好")
	}
	d.settle()
	return d
}

func (d *dash) settle() {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.sb.Settle(ctx); err != nil {
		d.t.Fatal(err)
	}
}

// say sends text as a user and returns what the bot answered.
func (d *dash) say(chat, from int64, text string) []tgfake.Sent {
	d.t.Helper()
	mark := d.fake.Mark()
	d.fake.SendText(chat, from, text)
	d.settle()
	return d.fake.Sent()[mark:]
}

// reply is say with exactly one answer.
func (d *dash) reply(chat, from int64, text string) tgfake.Sent {
	d.t.Helper()
	out := d.say(chat, from, text)
	if len(out) != 1 {
		d.t.Fatalf("%q: %d answers, want 1", text, len(out))
	}
	return out[0]
}

// token asks the group for its dashboard link and returns its startapp.
func (d *dash) token(chat, from int64) string {
	d.t.Helper()
	ans := d.reply(chat, from, "/dashboard")
	if ans.Markup == nil || len(ans.Markup.InlineKeyboard) == 0 {
		d.t.Fatalf("/dashboard answered without a button:\n%s", ans.PlainText)
	}
	link, err := url.Parse(ans.Markup.InlineKeyboard[0][0].URL)
	if err != nil {
		d.t.Fatal(err)
	}
	return link.Query().Get("startapp")
}

// initData is init data for a user as Telegram would sign it for this bot,
// signed age ago.
func (d *dash) initData(userID int64, startParam string, age time.Duration) string {
	names := map[int64]string{boss: "刘书记", zhang: "张伟", wang: "王芳", li: "李局", outsider: "Tom"}
	return miniapp.SignInitData(miniapp.WebAppUser{ID: userID, FirstName: names[userID], LanguageCode: "zh-hans"},
		d.clock.Now().Add(-age), startParam, d.fake.Token())
}

// call makes an API request with init data and returns the status and the
// body (decompressed).
func (d *dash) call(method, path, initData string) (int, string) {
	d.t.Helper()
	req, err := http.NewRequest(method, d.base+path, nil)
	if err != nil {
		d.t.Fatal(err)
	}
	if initData != "" {
		req.Header.Set(miniapp.InitDataHeader, initData)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			d.t.Fatal(err)
		}
		r = zr
	}
	body, err := io.ReadAll(r)
	if err != nil {
		d.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// get is call with GET, decoding a 200 answer into v.
func (d *dash) get(path, initData string, v any) {
	d.t.Helper()
	status, body := d.call(http.MethodGet, path, initData)
	if status != http.StatusOK {
		d.t.Fatalf("GET %s: %d %s", path, status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		d.t.Fatalf("GET %s: %v in %s", path, err, body)
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
