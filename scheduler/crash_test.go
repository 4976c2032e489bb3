package scheduler_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to watch the database the binary writes

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// Crash test parameters: crashGroups groups with one urge each, due now or
// in the next few seconds; the binary is killed crashKills times while it
// sends them (at 28 messages a second, a run of 50–400 ms sends a handful).
const (
	crashGroups = 400
	crashKills  = 25
)

// TestCrashLosesNoReminder builds the real binary, runs it against the fake
// Bot API over a SQLite file with crashGroups due reminders, SIGKILLs it at
// random moments while it sends them and restarts it each time, then lets it
// finish. The fake's record must show every reminder delivered, and at most
// one message repeated per kill (the one in flight: accepted by Telegram, not
// yet marked sent).
func TestCrashLosesNoReminder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary (about 30 s); skipped with -short")
	}
	fake := tgfake.New()
	defer fake.Close()
	dbPath := testkit.SQLite.New(t)
	// Each group has a task due in a month (nothing but the urge falls due)
	// and an urge due now or within 3 s.
	now := time.Now()
	notes := seedUrges(t, fake, dbPath, crashGroups, -1001000000000, now.Add(30*24*time.Hour),
		func(i int) time.Time { return now.Add(time.Duration(i%4) * time.Second) },
		func(i int) string { return fmt.Sprintf("崩溃测试%d号", i) })
	duban := e2e.BuildBinary(t, fake, dbPath)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 5))
	t.Logf("seed %d", seed)

	// Kill at random moments; a kill counts as "while sending" when the run
	// had sent something and reminders were still unsent.
	kills, killsWhileSending := 0, 0
	var runs []int // where each run starts in fake.Sent()
	for killsWhileSending < crashKills {
		if kills >= 3*crashKills {
			t.Fatalf("only %d of %d kills happened while reminders were being sent", killsWhileSending, kills)
		}
		before := fake.Stats().Sent
		runs = append(runs, fake.Mark())
		duban.Start()
		time.Sleep(time.Duration(50+rng.IntN(351)) * time.Millisecond) // a random moment to crash at
		_ = duban.Stop(syscall.SIGKILL)
		kills++
		sentThisRun := fake.Stats().Sent - before
		if crashDelivered(fake, notes) == len(notes) {
			t.Fatalf("every reminder went out after %d kills (%d while sending): raise crashGroups",
				kills, killsWhileSending)
		}
		if sentThisRun > 0 {
			killsWhileSending++
		}
	}

	// Let it run to the end: until the database has every reminder sent.
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	unsent := func() int {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM reminders WHERE kind = 'urge' AND sent_at IS NULL`).Scan(&n); err != nil {
			t.Fatalf("count unsent: %v", err)
		}
		return n
	}
	runs = append(runs, fake.Mark())
	duban.Start()
	// The database is another process's: it is looked at, not signalled.
	deadline := time.Now().Add(testkit.WaitLimit)
	for unsent() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d reminders still unsent after %v", unsent(), testkit.WaitLimit)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := duban.Stop(syscall.SIGTERM); err != nil {
		t.Errorf("duban did not stop cleanly on SIGTERM: %v", err)
	}

	// What the fake received: every reminder at least once, and no more
	// repeats than kills.
	perGroup := map[int64][]tgfake.Sent{}
	messages := 0
	for _, s := range fake.Sent() {
		if s.Method != "sendMessage" || s.ChatID >= 0 {
			continue
		}
		messages++
		perGroup[s.ChatID] = append(perGroup[s.ChatID], s)
	}
	lost, duplicates := 0, 0
	for chatID, note := range notes {
		got := perGroup[chatID]
		n := 0
		for _, s := range got {
			if strings.Contains(s.PlainText, note) {
				n++
			}
		}
		if n != len(got) {
			t.Errorf("group %d got %d messages, %d of them its reminder", chatID, len(got), n)
		}
		switch {
		case n == 0:
			lost++
			t.Errorf("reminder %q to group %d was lost", note, chatID)
		case n > 1:
			duplicates += n - 1
		}
	}
	if len(perGroup) != len(notes) {
		t.Errorf("messages went to %d groups, want %d", len(perGroup), len(notes))
	}
	// Each row holds the id of a message the group really received.
	rows, err := db.Query(`SELECT c.telegram_id, r.message_id FROM reminders r JOIN chats c ON c.id = r.chat_id WHERE r.kind = 'urge'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var chatID int64
		var msgID int
		if err := rows.Scan(&chatID, &msgID); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range perGroup[chatID] {
			found = found || s.MessageID == msgID
		}
		if !found {
			t.Errorf("group %d: the reminder row holds message id %d, which the group never received", chatID, msgID)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Which runs repeated a reminder an earlier run had delivered (the one
	// in flight when it was killed): for information, the bound is checked
	// on the total.
	repeats := map[int]int{} // run → messages repeating a delivered reminder
	seen := map[int64]bool{}
	for _, s := range fake.Sent() {
		if _, ok := notes[s.ChatID]; !ok || s.Method != "sendMessage" {
			continue
		}
		if seen[s.ChatID] {
			run, _ := slices.BinarySearch(runs, s.Seq+1)
			repeats[run-1]++
		}
		seen[s.ChatID] = true
	}
	t.Logf("kills %d (%d while sending), reminders %d, messages %d, duplicates %d, lost %d, 429s %d; repeats by run %v",
		kills, killsWhileSending, len(notes), messages, duplicates, lost, fake.Stats().RateLimited, repeats)
	if duplicates > kills {
		t.Errorf("%d duplicated messages for %d kills: more than the one in flight per kill", duplicates, kills)
	}
}

// crashDelivered counts the groups that have received their reminder.
func crashDelivered(fake *tgfake.Server, notes map[int64]string) int {
	got := map[int64]bool{}
	for _, s := range fake.Sent() {
		if note, ok := notes[s.ChatID]; ok && strings.Contains(s.PlainText, note) {
			got[s.ChatID] = true
		}
	}
	return len(got)
}
