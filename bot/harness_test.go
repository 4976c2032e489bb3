package bot_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The cast of every scenario: a work group whose creator (a leader) assigns
// to 张伟 and 王芳; 李局 is a member a leader may name; 赵敏 has no username.
const (
	group     int64 = -1001234567890
	otherGrp  int64 = -1009876543210
	boss      int64 = 101 // 刘书记, the group's creator
	zhang     int64 = 102 // 张伟 @zhangwei
	wang      int64 = 103 // 王芳 @wangfang
	li        int64 = 104 // 李局 @lijv
	zhao      int64 = 105 // 赵敏, no username
	outsider  int64 = 106 // Tom @tom, English client
	waitLimit       = 10 * time.Second
)

// fastLimits lift the outbox's pacing for tests that do not test it.
var fastLimits = outbox.Limits{PerSecond: 10000, ChatPerSecond: 10000, GroupPerMinute: 600000}

// start is 2026-11-23 (a Monday) 10:00 in Shanghai.
var start = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

// harness drives the real bot through the fake Bot API.
type harness struct {
	t     *testing.T
	sb    *sandbox.Sandbox
	fake  *tgfake.Server
	clock *clock.Fake
	db    string // the SQLite file
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	clk := clock.NewFake(start)
	return newHarnessWith(t, clk, sandbox.Options{DB: filepath.Join(t.TempDir(), "duban.db"), Clock: clk,
		Limits: fastLimits, NoReminders: true})
}

// newHarnessWith is newHarness on a sandbox of its own options; clk is the
// sandbox's clock when it is a fake one (nil for the real clock).
func newHarnessWith(t *testing.T, clk *clock.Fake, opts sandbox.Options) *harness {
	t.Helper()
	sb, err := sandbox.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	h := &harness{t: t, sb: sb, fake: sb.Fake, clock: clk, db: opts.DB}
	for _, u := range []tgfake.User{
		{ID: boss, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"},
		{ID: zhang, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"},
		{ID: wang, FirstName: "王芳", Username: "wangfang", LanguageCode: "zh-hans"},
		{ID: li, FirstName: "李局", Username: "lijv", LanguageCode: "zh-hans"},
		{ID: zhao, FirstName: "赵敏", LanguageCode: "zh-hans"},
		{ID: outsider, FirstName: "Tom", Username: "tom", LanguageCode: "en"},
	} {
		h.fake.AddUser(u)
	}
	h.fake.AddGroup(tgfake.Group{ID: group, Title: "招商引资工作群", Type: "supergroup",
		Members: []int64{boss, zhang, wang, li, zhao, outsider}, Admins: []int64{boss}, Creator: boss})
	h.fake.AddGroup(tgfake.Group{ID: otherGrp, Title: "另一个群", Type: "supergroup",
		Members: []int64{boss, zhang, wang}, Admins: []int64{boss}, Creator: boss})
	// Everyone has spoken in the group once, so the bot knows their
	// accounts (a bot cannot look a @username up).
	for _, id := range []int64{boss, zhang, wang, li, zhao, outsider} {
		h.fake.SendText(group, id, "大家好")
	}
	h.settle()
	return h
}

// settle waits until the bot has handled everything sent to it.
func (h *harness) settle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := h.sb.Settle(ctx); err != nil {
		h.t.Fatal(err)
	}
}

// say sends text as a user in a chat and returns what the bot sent in
// answer.
func (h *harness) say(chat, from int64, text string, opts ...tgfake.MsgOption) []tgfake.Sent {
	h.t.Helper()
	mark := h.fake.Mark()
	h.fake.SendText(chat, from, text, opts...)
	h.settle()
	return h.fake.Sent()[mark:]
}

// reply is say with exactly one answer expected; it returns that answer.
func (h *harness) reply(chat, from int64, text string, opts ...tgfake.MsgOption) tgfake.Sent {
	h.t.Helper()
	out := h.say(chat, from, text, opts...)
	if len(out) != 1 {
		h.t.Fatalf("%q: bot sent %d messages, want 1:\n%s", text, len(out), dump(out))
	}
	return out[0]
}

// press presses the button labelled label on a bot message and returns what
// the bot sent (edits included) and the callback answer.
func (h *harness) press(chat int64, messageID int, from int64, label string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	h.t.Helper()
	return pressAndWait(h.t, h.fake, h.settle, chat, messageID, from, label)
}

// pressAndWait presses the button labelled label, lets the bot handle it
// (settle) and returns what it sent and its answer to the press.
func pressAndWait(t *testing.T, fake *tgfake.Server, settle func(), chat int64, messageID int, from int64, label string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	t.Helper()
	mark := fake.Mark()
	id, err := fake.PressButton(chat, messageID, from, label)
	if err != nil {
		t.Fatal(err)
	}
	settle()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	ans, err := fake.WaitCallbackAnswer(ctx, id)
	if err != nil {
		t.Fatalf("button press was not answered: %v", err)
	}
	return fake.Sent()[mark:], ans
}

// pressData presses a button with arbitrary (possibly forged) data.
func (h *harness) pressData(chat int64, messageID int, from int64, data string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	h.t.Helper()
	mark := h.fake.Mark()
	id := h.fake.Press(chat, messageID, from, data)
	return h.afterPress(mark, id)
}

func (h *harness) afterPress(mark int, id string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	h.t.Helper()
	h.settle()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	ans, err := h.fake.WaitCallbackAnswer(ctx, id)
	if err != nil {
		h.t.Fatalf("button press was not answered: %v", err)
	}
	return h.fake.Sent()[mark:], ans
}

// assign creates a task through /assign and returns the bot's card.
func (h *harness) assign(text string) tgfake.Sent {
	h.t.Helper()
	s := h.reply(group, boss, text)
	if !strings.Contains(s.PlainText, "已交办") {
		h.t.Fatalf("%q was not assigned:\n%s", text, s.PlainText)
	}
	return s
}

func dump(sent []tgfake.Sent) string {
	var b strings.Builder
	for _, s := range sent {
		b.WriteString("--- " + s.Method + "\n" + s.PlainText + "\n")
	}
	return b.String()
}

// mustContain fails unless the text contains every want.
func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

// mustNotContain fails if the text contains any of the strings.
func mustNotContain(t *testing.T, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("unexpected %q in:\n%s", w, text)
		}
	}
}

// golden compares text with testdata/name.golden (rewritten with -update).
func golden(t *testing.T, name, text string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if string(want) != text {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, text, want)
	}
}

// link returns the tg://user link markup of a Telegram user id.
func hasUserLink(s tgfake.Sent, id int64) bool {
	for _, e := range s.Entities {
		if e.Type == tgmodels.MessageEntityTypeTextMention && e.User != nil && e.User.ID == id {
			return true
		}
		if e.Type == tgmodels.MessageEntityTypeTextLink && strings.HasSuffix(e.URL, "id="+itoa(id)) {
			return true
		}
	}
	return strings.Contains(s.Text, "tg://user?id="+itoa(id))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// rankText sends a /rank command and returns its text answer; the picture
// that follows it (when there are entries) must be one decodable PNG.
func (h *harness) rankText(chat, from int64, text string) tgfake.Sent {
	h.t.Helper()
	out := h.say(chat, from, text)
	if len(out) == 0 || out[0].Method != "sendMessage" {
		h.t.Fatalf("%q: want a text answer first:\n%s", text, dump(out))
	}
	for _, s := range out[1:] {
		if s.Method != "sendPhoto" || len(s.FileBytes) < 8 || string(s.FileBytes[1:4]) != "PNG" {
			h.t.Fatalf("%q: after the text, want only the PNG leaderboard:\n%s", text, dump(out))
		}
	}
	if len(out) > 2 {
		h.t.Fatalf("%q: %d pictures, want at most 1", text, len(out)-1)
	}
	return out[0]
}
