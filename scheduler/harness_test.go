package scheduler_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The end-to-end setting of the reminder tests: the real program (store,
// planner, dispatcher, bot, outbox) against the fake Bot API, with the
// reminder dispatcher on and time moved by the test's fake clock.

const (
	group    int64 = -1001234567890 // 招商引资工作群, a supergroup
	otherGrp int64 = -1009876543210 // 项目推进群, a supergroup
	basicGrp int64 = -4001          // 老群, a basic group (migrates)
	boss     int64 = 101            // 刘书记, creator and administrator of every group
	zhang    int64 = 102            // 张伟 @zhangwei, has started the bot
	wang     int64 = 103            // 王芳 @wangfang, has not
	li       int64 = 104            // 李局 @lijv, a 包保 leader, has started the bot
	zhao     int64 = 105            // 赵敏, no username, has not started the bot

	waitLimit = 15 * time.Second // real time; a 429 pause takes 7 s of it
	deepLink  = "https://t.me/duban_bot?start="
)

var (
	shanghai = mustLoad("Asia/Shanghai")
	// monday is 2026-11-23 (a Monday) 10:00 in Shanghai.
	monday = local("2026-11-23 10:00")
	// fastLimits lift the outbox's pacing (which runs on the real clock) for
	// tests that do not test it.
	fastLimits = outbox.Limits{PerSecond: 10000, ChatPerSecond: 10000, GroupPerMinute: 600000}
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// local reads "2006-01-02 15:04" (or with seconds) in Shanghai.
func local(s string) time.Time {
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout += ":05"
	}
	t, err := time.ParseInLocation(layout, s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func show(t time.Time) string { return t.In(shanghai).Format("01-02 15:04:05 Mon") }

// env is one running program with its fake Telegram.
type env struct {
	t    *testing.T
	sb   *sandbox.Sandbox
	fake *tgfake.Server
	clk  *clock.Fake
	db   string
	logs *logSink
	stop func() // stops a dispatcher the test started itself
}

// newEnv starts the program at now on a new database with the cast below,
// its reminder dispatcher running.
func newEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	clk := clock.NewFake(now)
	return startEnv(t, clk, filepath.Join(t.TempDir(), "duban.db"), false)
}

// restart stops the program and starts it again on the same database (a
// new fake Telegram with the same people and groups), after the clock was
// moved to now: the downtime.
func (e *env) restart(now time.Time) *env {
	e.t.Helper()
	e.close()
	e.clk.Set(now)
	return startEnv(e.t, e.clk, e.db, true)
}

// startEnv starts the sandbox. On a database with reminders already due
// (restart), the dispatcher may only start once the new fake knows the
// groups, or it would take "chat not found" for a removal: the sandbox
// then runs the bot alone and the test starts the dispatcher as app.Run
// would.
func startEnv(t *testing.T, clk *clock.Fake, db string, manualDispatch bool) *env {
	t.Helper()
	logs := &logSink{}
	sb, err := sandbox.Start(context.Background(), sandbox.Options{DB: db, Clock: clk, Limits: fastLimits,
		Logger:      slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		NoReminders: manualDispatch})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, sb: sb, fake: sb.Fake, clk: clk, db: db, logs: logs}
	t.Cleanup(e.close)
	e.cast()
	if manualDispatch {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := sb.Store.PlanMissingDigests(ctx); err != nil {
				t.Error(err)
				return
			}
			_ = sb.App.Dispatcher.Run(ctx)
		}()
		e.stop = func() { cancel(); <-done }
	}
	return e
}

func (e *env) close() {
	if e.stop != nil {
		e.stop()
		e.stop = nil
	}
	if e.sb != nil {
		e.sb.Close()
		e.sb = nil
	}
}

// cast registers the people and groups. Everyone has spoken in the groups
// (so the bot knows their accounts); 刘书记, 张伟 and 李局 have started the
// bot in private.
func (e *env) cast() {
	for _, u := range []tgfake.User{
		{ID: boss, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"},
		{ID: zhang, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"},
		{ID: wang, FirstName: "王芳", Username: "wangfang", LanguageCode: "zh-hans"},
		{ID: li, FirstName: "李局", Username: "lijv", LanguageCode: "zh-hans"},
		{ID: zhao, FirstName: "赵敏", LanguageCode: "zh-hans"},
	} {
		e.fake.AddUser(u)
	}
	e.fake.AddGroup(tgfake.Group{ID: group, Title: "招商引资工作群", Type: "supergroup",
		Members: []int64{boss, zhang, wang, li, zhao}, Admins: []int64{boss}, Creator: boss})
	e.fake.AddGroup(tgfake.Group{ID: otherGrp, Title: "项目推进群", Type: "supergroup",
		Members: []int64{boss, zhang, wang}, Admins: []int64{boss}, Creator: boss})
	e.fake.AddGroup(tgfake.Group{ID: basicGrp, Title: "老群", Type: "group",
		Members: []int64{boss, zhang, wang}, Admins: []int64{boss}, Creator: boss})
	for _, g := range []struct {
		chat    int64
		members []int64
	}{{group, []int64{boss, zhang, wang, li, zhao}}, {otherGrp, []int64{boss, zhang, wang}}, {basicGrp, []int64{boss, zhang, wang}}} {
		for _, id := range g.members {
			e.fake.SendText(g.chat, id, "大家好")
		}
	}
	for _, id := range []int64{boss, zhang, li} {
		e.fake.StartBot(id)
	}
	e.settle()
}

// settle waits until the bot has handled every update queued so far.
func (e *env) settle() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := e.sb.Settle(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// say makes a user write in a chat and returns what the bot answered.
func (e *env) say(chat, from int64, text string, opts ...tgfake.MsgOption) []tgfake.Sent {
	e.t.Helper()
	mark := e.fake.Mark()
	e.fake.SendText(chat, from, text, opts...)
	e.settle()
	return e.fake.Sent()[mark:]
}

// reply is say with one answer in the chat expected, which must contain
// every want (private copies to assignees may come besides).
func (e *env) reply(chat, from int64, text string, wants ...string) tgfake.Sent {
	e.t.Helper()
	out := e.say(chat, from, text)
	var here []tgfake.Sent
	for _, s := range out {
		if s.ChatID == chat {
			here = append(here, s)
		}
	}
	if len(here) != 1 {
		e.t.Fatalf("%q: bot sent %d messages to the chat, want 1:\n%s", text, len(here), dump(out))
	}
	mustContain(e.t, here[0].PlainText, wants...)
	return here[0]
}

// assign gives a task in a chat as 刘书记 and fails unless it was assigned.
func (e *env) assign(chat int64, text string) tgfake.Sent {
	e.t.Helper()
	return e.reply(chat, boss, text, "已交办")
}

// press presses a button on a message and returns what the bot sent and
// the answer to the press.
func (e *env) press(chat int64, messageID int, from int64, label string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	e.t.Helper()
	mark := e.fake.Mark()
	id, err := e.fake.PressButton(chat, messageID, from, label)
	if err != nil {
		e.t.Fatal(err)
	}
	e.settle()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	ans, err := e.fake.WaitCallbackAnswer(ctx, id)
	if err != nil {
		e.t.Fatalf("button press was not answered: %v", err)
	}
	return e.fake.Sent()[mark:], ans
}

// sync waits until the dispatcher has sent everything due at the clock's
// time.
func (e *env) sync() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := e.sb.CatchUp(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// advance moves the clock to t through every moment a reminder falls due,
// letting the dispatcher send what falls due at each, and returns
// everything the bot sent on the way.
func (e *env) advance(t time.Time) []tgfake.Sent {
	e.t.Helper()
	mark := e.fake.Mark()
	ctx, cancel := context.WithTimeout(context.Background(), 4*waitLimit) // many due moments
	defer cancel()
	if err := e.sb.AdvanceTo(ctx, t, nil); err != nil {
		e.t.Fatal(err)
	}
	return e.fake.Sent()[mark:]
}

// advanceBy is advance by a duration.
func (e *env) advanceBy(d time.Duration) []tgfake.Sent {
	return e.advance(e.clk.Now().Add(d))
}

// waitFor waits (in real time) for a message after mark that matches.
func (e *env) waitFor(mark int, what string, pred func(tgfake.Sent) bool) tgfake.Sent {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	s, err := e.fake.WaitForAfter(ctx, mark, pred)
	if err != nil {
		e.t.Fatalf("%s never came: %v\nsent:\n%s", what, err, dump(e.fake.Sent()[mark:]))
	}
	return s
}

// idle lets the program finish whatever it is doing (real time).
func (e *env) idle() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := e.fake.WaitIdle(ctx, 50*time.Millisecond); err != nil {
		e.t.Fatal(err)
	}
}

// to keeps the messages to one chat.
func to(sent []tgfake.Sent, chat int64) []tgfake.Sent {
	var out []tgfake.Sent
	for _, s := range sent {
		if s.ChatID == chat && s.Method == "sendMessage" {
			out = append(out, s)
		}
	}
	return out
}

// copies keeps the private copies of reminders to a user: the messages to
// their chat but the 签收提醒, which asks for an acknowledgement nobody in
// these tests gives.
func copies(sent []tgfake.Sent, user int64) []tgfake.Sent {
	var out []tgfake.Sent
	for _, s := range to(sent, user) {
		if !strings.Contains(s.PlainText, "📥 签收提醒") {
			out = append(out, s)
		}
	}
	return out
}

// containing keeps the messages whose plain text contains s.
func containing(sent []tgfake.Sent, s string) []tgfake.Sent {
	var out []tgfake.Sent
	for _, m := range sent {
		if strings.Contains(m.PlainText, s) {
			out = append(out, m)
		}
	}
	return out
}

// reminders keeps the automatic messages about tasks: reminders, urges and
// catch-ups (they all carry the 查看, 进展 and 提交办结 buttons).
func reminders(sent []tgfake.Sent) []tgfake.Sent {
	var out []tgfake.Sent
	for _, s := range sent {
		if b := s.Buttons(); s.Method == "sendMessage" && len(b) == 1 && strings.Join(b[0], " ") == "查看 进展 提交办结" {
			out = append(out, s)
		}
	}
	return out
}

func dump(sent []tgfake.Sent) string {
	var b strings.Builder
	for _, s := range sent {
		fmt.Fprintf(&b, "--- %s to %d at %s\n%s\n", s.Method, s.ChatID, show(s.At), s.PlainText)
	}
	return b.String()
}

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

func mustNotContain(t *testing.T, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("unexpected %q in:\n%s", w, text)
		}
	}
}

// hasUserLink reports whether the message mentions the user with a
// tg://user link (which notifies people without a username too).
func hasUserLink(s tgfake.Sent, id int64) bool {
	for _, e := range s.Entities {
		if e.Type == tgmodels.MessageEntityTypeTextMention && e.User != nil && e.User.ID == id {
			return true
		}
		if e.Type == tgmodels.MessageEntityTypeTextLink && e.URL == "tg://user?id="+strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}

// startLink returns the deep link that starts the bot, if the message has
// one.
func startLink(s tgfake.Sent) string {
	for _, e := range s.Entities {
		if e.Type == tgmodels.MessageEntityTypeTextLink && strings.HasPrefix(e.URL, deepLink) {
			return e.URL
		}
	}
	return ""
}

// logSink collects the program's log lines.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// count returns how many lines contain s.
func (l *logSink) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), s)
}

func (l *logSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
