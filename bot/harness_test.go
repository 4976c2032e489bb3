package bot_test

import (
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The scenarios run the real program through the fake Bot API (package
// e2e), with testkit's cast: 刘书记, the groups' creator (a leader), assigns
// to 张伟 and 王芳; 李局 is a member a leader may name; 赵敏 has no
// username; Tom's Telegram speaks English.
const (
	group    = testkit.WorkGroup  // 招商引资工作群: all six
	otherGrp = testkit.OtherGroup // 另一个群: 刘书记, 张伟, 王芳
	boss     = testkit.Boss
	zhang    = testkit.Zhang
	wang     = testkit.Wang
	li       = testkit.Li
	zhao     = testkit.Zhao
	outsider = testkit.Tom
)

// start is where the scenarios begin: Monday 2026-11-23 10:00 in Shanghai.
var start = testkit.Monday

// rankText sends a /rank command and returns its text answer; the picture
// that follows it (when there are entries) must be one decodable PNG.
func rankText(h *e2e.Harness, chat, from int64, text string) tgfake.Sent {
	h.T.Helper()
	out := h.Say(chat, from, text)
	if len(out) == 0 || out[0].Method != "sendMessage" {
		h.T.Fatalf("%q: want a text answer first:\n%s", text, testkit.Dump(out))
	}
	for _, s := range out[1:] {
		if s.Method != "sendPhoto" || len(s.FileBytes) < 8 || string(s.FileBytes[1:4]) != "PNG" {
			h.T.Fatalf("%q: after the text, want only the PNG leaderboard:\n%s", text, testkit.Dump(out))
		}
	}
	if len(out) > 2 {
		h.T.Fatalf("%q: %d pictures, want at most 1", text, len(out)-1)
	}
	return out[0]
}
