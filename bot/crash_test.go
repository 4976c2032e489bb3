package bot_test

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/models"
)

// TestKilledWhileHandling builds the real binary, runs it against the fake
// Bot API over a SQLite file and kills it (SIGKILL) in the middle of a
// command, twice: while the command waits for Telegram (its unit of work
// open), and after the command committed, while its answer is on its way.
// After each restart the command is answered, exactly once, and its change
// is stored once.
func TestKilledWhileHandling(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary; skipped with -short")
	}
	fake := tgfake.New()
	defer fake.Close()
	for _, id := range []int64{boss, zhang} {
		fake.AddUser(testkit.Who(id).User())
	}
	fake.AddGroup(testkit.Work().Without(wang, li, zhao, outsider).Fake())
	db := testkit.SQLite.New(t)
	duban := e2e.BuildBinary(t, fake, db)
	waitFor := func(mark int, what string, pred func(tgfake.Sent) bool) tgfake.Sent {
		t.Helper()
		ctx, cancel := testkit.Waiting()
		defer cancel()
		s, err := fake.WaitForAfter(ctx, mark, pred)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return s
	}
	inGroup := func(method, text string) func(tgfake.Sent) bool {
		return func(s tgfake.Sent) bool {
			return s.ChatID == group && s.Method == method && strings.Contains(s.PlainText, text)
		}
	}
	// killedInCall sends text as from while Telegram holds the bot's next
	// call of method, kills the bot in that call, starts it again and waits
	// for what it must then send. It returns the mark before the text.
	killedInCall := func(method string, from int64, text, what string, want func(tgfake.Sent) bool) int {
		t.Helper()
		fake.FailNext(method, group, tgfake.Fault{Hang: time.Hour})
		mark := fake.Mark()
		fake.SendText(group, from, text)
		ctx, cancel := testkit.Waiting()
		defer cancel()
		if err := fake.WaitHanging(ctx, 1); err != nil {
			t.Fatal(err)
		}
		_ = duban.Stop(syscall.SIGKILL)
		duban.Start()
		waitFor(mark, what, want)
		return mark
	}

	duban.Start()
	fake.SendText(group, zhang, "大家好")
	mark := fake.Mark()
	fake.SendText(group, boss, "/assign @zhangwei 完成项目申报材料 下周五前")
	waitFor(mark, "the card", inGroup("sendMessage", "已交办"))
	// A clean restart, so that the next leader's command asks Telegram for
	// the administrators again.
	_ = duban.Stop(syscall.SIGTERM)
	duban.Start()

	// 1. Killed while the command waits for Telegram.
	exportMark := killedInCall("getChatAdministrators", boss, "/export",
		"the ledger after the restart", inGroup("sendDocument", "任务台账"))

	// 2. Killed after the change was stored, while its answer is sent.
	ctx, cancel := testkit.Waiting()
	defer cancel()
	if err := fake.WaitReleased(ctx); err != nil { // the killed process's call lets go
		t.Fatal(err)
	}
	progressMark := killedInCall("sendMessage", zhang, "/progress 1 60% 已完成初稿",
		"the progress answer after the restart", inGroup("sendMessage", "已完成初稿"))
	// Anything repeated would come now.
	if err := fake.WaitIdle(ctx, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	_ = duban.Stop(syscall.SIGTERM)

	count := func(mark int, pred func(tgfake.Sent) bool) int {
		n := 0
		for _, s := range fake.Sent()[mark:] {
			if pred(s) {
				n++
			}
		}
		return n
	}
	if n := count(exportMark, inGroup("sendDocument", "")); n != 1 {
		t.Errorf("the ledger was sent %d times, want once", n)
	}
	if n := count(progressMark, inGroup("sendMessage", "已完成初稿")); n != 1 {
		t.Errorf("the progress answer was sent %d times, want once", n)
	}
	if n := count(0, inGroup("sendMessage", "出了点问题")); n != 0 {
		t.Errorf("%d apologies", n)
	}
	store, err := models.Open(context.Background(), db, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	chat, err := store.ChatByTelegramID(context.Background(), group)
	if err != nil {
		t.Fatal(err)
	}
	task, err := store.TaskByNumber(context.Background(), chat.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	h, err := store.TaskHistory(context.Background(), task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Progress) != 1 || task.Percent != 60 {
		t.Errorf("%d progress reports stored (task at %d%%), want one at 60%%", len(h.Progress), task.Percent)
	}
}
