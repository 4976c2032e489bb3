package scheduler_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// The end-to-end setting of the reminder tests: the real program (store,
// planner, dispatcher, bot, outbox) against the fake Bot API (package e2e),
// with the reminder dispatcher on and time moved by the test's fake clock.
// The cast is testkit's; 刘书记, 张伟 and 李局 (a 包保 leader) have started
// the bot in private, 王芳 and 赵敏 have not.
const (
	group    = testkit.WorkGroup  // 招商引资工作群, a supergroup
	otherGrp = testkit.OtherGroup // 另一个群, a supergroup
	basicGrp = testkit.OldGroup   // 老群, a basic group (migrates)
	boss     = testkit.Boss
	zhang    = testkit.Zhang
	wang     = testkit.Wang
	li       = testkit.Li
	zhao     = testkit.Zhao

	deepLink = "https://t.me/duban_bot?start="
)

// newEnv starts the program at now on a new database, its reminder
// dispatcher running.
func newEnv(t *testing.T, now time.Time) *e2e.Harness {
	t.Helper()
	return e2e.Start(t, envOptions(now))
}

// envOptions are newEnv's.
func envOptions(now time.Time) e2e.Options {
	return e2e.Options{Now: now, Reminders: true,
		Groups:  []testkit.Group{testkit.Work().Without(testkit.Tom), testkit.Other(), testkit.Old()},
		Started: []int64{boss, zhang, li}}
}

// copies keeps the private copies of reminders to a user: the messages to
// their chat but the 签收提醒, which asks for an acknowledgement nobody in
// these tests gives.
func copies(sent []tgfake.Sent, user int64) []tgfake.Sent {
	return testkit.Keep(testkit.To(sent, user), func(s tgfake.Sent) bool { return !strings.Contains(s.PlainText, "📥 签收提醒") })
}

// reminders keeps the automatic messages about tasks: reminders, urges and
// catch-ups (they all carry the 查看, 进展 and 提交办结 buttons).
func reminders(sent []tgfake.Sent) []tgfake.Sent {
	return testkit.Keep(sent, func(s tgfake.Sent) bool {
		b := s.Buttons()
		return s.Method == "sendMessage" && len(b) == 1 && strings.Join(b[0], " ") == "查看 进展 提交办结"
	})
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

// containingIn keeps the messages to chat that contain text.
func containingIn(sent []tgfake.Sent, chat int64, text string) []tgfake.Sent {
	return testkit.Containing(testkit.To(sent, chat), text)
}

// pending is a group's chat as stored and the reminders still to send it.
func pending(t *testing.T, e *e2e.Harness, chatID int64) (*models.Chat, []models.Reminder) {
	t.Helper()
	chat, err := e.Store.ChatByTelegramID(context.Background(), chatID)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := e.Store.PendingReminders(context.Background(), chat.ID)
	if err != nil {
		t.Fatal(err)
	}
	return chat, rs
}

// checkGone checks that a group the bot can no longer reach is recorded as
// blocked (gone says how it was lost, for the failure) with no reminder left
// pending for it.
func checkGone(t *testing.T, e *e2e.Harness, chatID int64, gone string) {
	t.Helper()
	chat, rs := pending(t, e, chatID)
	if chat.BlockedAt == nil {
		t.Errorf("the %s is not recorded", gone)
	}
	if len(rs) != 0 {
		t.Errorf("%d reminders still pending", len(rs))
	}
}

// plannedGroup opens a store on a fresh SQLite file with the real planner
// (on the built-in calendar, quiet about years without a notice), on a fake
// clock at now, and records the work group, in zone, and 张伟, who leads
// the tasks.
func plannedGroup(tb testing.TB, now time.Time, zone string) (*models.Store, *clock.Fake, *models.Chat, *models.User) {
	tb.Helper()
	ctx := context.Background()
	clk := clock.NewFake(now)
	cal, err := workday.Load("", slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	s, err := models.Open(ctx, testkit.SQLite.New(tb), models.Options{Now: clk.Now, Planner: &scheduler.Planner{Cal: cal}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	chat, err := s.EnsureChat(ctx, models.ChatInfo{TelegramID: group, Type: "supergroup", Title: "工作群"}, zone)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := s.SeenUser(ctx, models.UserInfo{TelegramID: zhang, FirstName: "张伟", Username: "zhangwei"})
	if err != nil {
		tb.Fatal(err)
	}
	return s, clk, chat, u
}
