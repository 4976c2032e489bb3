package bot_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
	dir := t.TempDir()
	bin := filepath.Join(dir, "duban")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/duban-bot/duban/cmd/duban").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	fake := tgfake.New()
	defer fake.Close()
	for _, u := range []tgfake.User{
		{ID: boss, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"},
		{ID: zhang, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"},
	} {
		fake.AddUser(u)
	}
	fake.AddGroup(tgfake.Group{ID: group, Title: "招商引资工作群", Type: "supergroup",
		Members: []int64{boss, zhang}, Admins: []int64{boss}, Creator: boss})
	db := filepath.Join(dir, "duban.db")
	env := append(os.Environ(), "TELEGRAM_BOT_TOKEN="+fake.Token(), "TELEGRAM_API_URL="+fake.URL(),
		"DUBAN_DB="+db, "DUBAN_LOG=warn")
	logs := &rbLog{} // the binary's output, written from its pipes
	defer func() {
		if t.Failed() {
			t.Logf("duban's log:\n%s", logs)
		}
	}()
	start := func() *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = logs, logs
		if err := cmd.Start(); err != nil {
			t.Fatalf("start duban: %v", err)
		}
		return cmd
	}
	stop := func(cmd *exec.Cmd, sig syscall.Signal) {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitFor := func(mark int, what string, pred func(tgfake.Sent) bool) tgfake.Sent {
		t.Helper()
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
	waitHanging := func() {
		t.Helper()
		if err := fake.WaitHanging(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}

	run := start()
	fake.SendText(group, zhang, "大家好")
	mark := fake.Mark()
	fake.SendText(group, boss, "/assign @zhangwei 完成项目申报材料 下周五前")
	waitFor(mark, "the card", inGroup("sendMessage", "已交办"))
	// A clean restart, so that the next leader's command asks Telegram for
	// the administrators again.
	stop(run, syscall.SIGTERM)
	run = start()

	// 1. Killed while the command waits for Telegram.
	fake.FailNext("getChatAdministrators", group, tgfake.Fault{Hang: time.Hour})
	exportMark := fake.Mark()
	fake.SendText(group, boss, "/export")
	waitHanging()
	stop(run, syscall.SIGKILL)
	run = start()
	waitFor(exportMark, "the ledger after the restart", inGroup("sendDocument", "任务台账"))

	// 2. Killed after the change was stored, while its answer is sent.
	for fake.Hanging() > 0 { // the killed process's call lets go
		time.Sleep(10 * time.Millisecond)
	}
	fake.FailNext("sendMessage", group, tgfake.Fault{Hang: time.Hour})
	progressMark := fake.Mark()
	fake.SendText(group, zhang, "/progress 1 60% 已完成初稿")
	waitHanging()
	stop(run, syscall.SIGKILL)
	run = start()
	waitFor(progressMark, "the progress answer after the restart", inGroup("sendMessage", "已完成初稿"))
	// Anything repeated would come now.
	if err := fake.WaitIdle(ctx, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	stop(run, syscall.SIGTERM)

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
