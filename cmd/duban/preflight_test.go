package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// dirEntries lists what is in a folder.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A token the Bot API answers 401 to stops the bot with a message that
// names TELEGRAM_BOT_TOKEN (and not the token), and creates no database.
func TestRunWithRefusedTokenCreatesNothing(t *testing.T) {
	fake := tgfake.New()
	defer fake.Close()
	dir := t.TempDir()
	const secret = "123456:WRONG-SECRET-PART"
	code, out, errOut := runCmd(t, map[string]string{
		"TELEGRAM_BOT_TOKEN": secret, "TELEGRAM_API_URL": fake.URL(), "DUBAN_DB": filepath.Join(dir, "duban.db"),
	}, "")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(errOut, "请检查 TELEGRAM_BOT_TOKEN") || !strings.Contains(errOut, "401") {
		t.Errorf("stderr does not say to check the token:\n%s", errOut)
	}
	if strings.Contains(out+errOut, "WRONG-SECRET") {
		t.Errorf("the token is shown:\n%s%s", out, errOut)
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("a refused token left files behind: %v", names)
	}
	rejected := fake.Rejected()
	if len(rejected) != 1 || rejected[0].Method != "getMe" || rejected[0].Code != 401 {
		t.Errorf("want one getMe answered 401, the fake answered %+v", rejected)
	}
}

// A database path whose folder is missing, or which is a folder, is
// refused before Telegram is asked anything, and nothing is created.
func TestRunChecksTheDatabaseLocationFirst(t *testing.T) {
	fake := tgfake.New()
	defer fake.Close()
	dir := t.TempDir()
	for _, c := range []struct{ db, want string }{
		{filepath.Join(dir, "missing", "duban.db"), "不存在"},
		{dir, "是一个文件夹"},
		{"file:" + filepath.Join(dir, "missing", "duban.db") + "?cache=shared", "不存在"},
	} {
		code, _, errOut := runCmd(t, map[string]string{
			"TELEGRAM_BOT_TOKEN": fake.Token(), "TELEGRAM_API_URL": fake.URL(), "DUBAN_DB": c.db,
		}, "")
		if code != exitUsage || !strings.Contains(errOut, "DUBAN_DB") || !strings.Contains(errOut, c.want) {
			t.Errorf("DUBAN_DB=%s: exit %d, stderr:\n%s\nwant exit 2 and %q", c.db, code, errOut, c.want)
		}
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("files were created: %v", names)
	}
	if n := fake.Stats().Requests; n != 0 {
		t.Errorf("the Bot API was asked %d times before the database location was known good", n)
	}
}

// With a good token and a good place the bot starts, creates its database
// and stops cleanly when told.
func TestRunStartsWithAGoodTokenAndStops(t *testing.T) {
	fake := tgfake.New()
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "duban.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": fake.Token(), "TELEGRAM_API_URL": fake.URL(), "DUBAN_DB": db}
	var stdout, stderr bytes.Buffer // read once run has returned
	done := make(chan int)
	go func() {
		done <- run(ctx, nil, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	// The bot is up once it has set its command menus.
	wait, stop := context.WithTimeout(ctx, testkit.WaitLimit)
	defer stop()
	started := false
	for !started {
		select {
		case code := <-done:
			t.Fatalf("the bot stopped (exit %d):\n%s", code, stderr.String())
		case <-wait.Done():
			cancel()
			<-done
			t.Fatalf("the bot did not start:\n%s", stderr.String())
		case <-time.After(10 * time.Millisecond):
			started = len(fake.Commands()) > 0
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d after a stop, want 0:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("no database after a start: %v", err)
	}
	if strings.Contains(stderr.String(), fake.Token()) {
		t.Errorf("the token is in the log:\n%s", stderr.String())
	}
}
