package scheduler_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// BenchmarkTenThousandGroups: 10,000 groups, each with one reminder due at
// the same instant, sent by the real program (internal/app, default
// Telegram limits) to the fake Bot API enforcing Telegram's flood limits.
// At 28 messages a second it takes about six minutes, so it runs only with
// DUBAN_BENCH_10K=1 (and -timeout 30m).
func BenchmarkTenThousandGroups(b *testing.B) {
	if os.Getenv("DUBAN_BENCH_10K") != "1" {
		b.Skip("takes about 6 minutes: set DUBAN_BENCH_10K=1 (and -timeout 30m)")
	}
	benchGroupBurst(b, 10_000)
}

// BenchmarkThreeHundredGroups is the same with 300 groups (about 11 s), for
// a quick figure.
func BenchmarkThreeHundredGroups(b *testing.B) {
	benchGroupBurst(b, 300)
}

// benchGroupBurst prepares groups groups with a task and an urge each, due
// a few seconds after the program starts, runs the program until the fake
// has every message, and reports:
//
//   - msg/s: messages over the time from the first to the last
//     (target ≥ 28 with Telegram's 30/s limit);
//   - 429s: flood-limit answers from the fake (target 0);
//   - first-delay-s, last-delay-s: when the first and the last message
//     arrived after the due time;
//   - catch-ups: messages worded as 补发 (missed while the bot was down);
//   - gap-p50-ms, gap-max-ms: median and largest time between two
//     messages (1/28 s = 35.7 ms is the pacing);
//   - api-calls: every request the fake served (getUpdates included);
//   - RSS of the process (program, fake and test) before the program
//     started, after the last message, and its peak, in MB.
func benchGroupBurst(b *testing.B, groups int) {
	ctx := context.Background()
	dir := b.TempDir()
	dbPath := filepath.Join(dir, "duban.db")
	fake := tgfake.New(tgfake.WithRateLimits(nil))
	defer fake.Close()
	prepStart := time.Now()
	now := time.Now()
	seedUrges(b, fake, dbPath, groups, -1002000000000, now.Add(21*24*time.Hour),
		func(int) time.Time { return now.Add(time.Hour) }, // due time set by setDue once everything is written
		func(int) string { return "请今天下班前报送" })
	b.Logf("prepared %d groups in %v", groups, time.Since(prepStart).Round(time.Millisecond))

	// Every urge falls due at the same instant, a little after the start.
	due := time.Now().Add(3 * time.Second).UTC().Truncate(time.Second)
	setDue(b, dbPath, due)

	rssBefore, _ := procStatusMB("VmRSS")
	b.ResetTimer()
	a, err := app.New(ctx, app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: dbPath,
		Calendar: workday.Builtin(), Limits: outbox.Limits{}}) // long polling as in production
	if err != nil {
		b.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx) }()
	wait, cancel := context.WithTimeout(ctx, time.Duration(groups)*time.Second/10+2*time.Minute)
	sent, err := fake.WaitSentAfter(wait, 0, groups)
	cancel()
	if err != nil {
		stop()
		<-done
		a.Close()
		b.Fatalf("%d of %d messages after waiting: %v", fake.Stats().Sent, groups, err)
	}
	b.StopTimer()
	rssAfter, _ := procStatusMB("VmRSS")
	rssPeak, _ := procStatusMB("VmHWM")
	stop()
	if err := <-done; err != nil {
		b.Error(err)
	}
	if err := a.Close(); err != nil {
		b.Error(err)
	}

	first, last := sent[0].At, sent[len(sent)-1].At
	gaps := make([]time.Duration, 0, len(sent)-1)
	for i := 1; i < len(sent); i++ {
		gaps = append(gaps, sent[i].At.Sub(sent[i-1].At))
	}
	slices.Sort(gaps)
	catchUps, chats := 0, map[int64]bool{}
	for _, s := range sent {
		chats[s.ChatID] = true
		if strings.Contains(s.PlainText, "补发") {
			catchUps++
		}
	}
	if len(chats) != groups {
		b.Errorf("messages went to %d groups, want %d", len(chats), groups)
	}
	stats := fake.Stats()
	rate := float64(len(sent)-1) / last.Sub(first).Seconds()
	b.ReportMetric(rate, "msg/s")
	b.ReportMetric(float64(stats.RateLimited), "429s")
	b.ReportMetric(first.Sub(due).Seconds(), "first-delay-s")
	b.ReportMetric(last.Sub(due).Seconds(), "last-delay-s")
	b.ReportMetric(float64(catchUps), "catch-ups")
	b.ReportMetric(float64(gaps[len(gaps)/2])/1e6, "gap-p50-ms")
	b.ReportMetric(float64(gaps[len(gaps)-1])/1e6, "gap-max-ms")
	b.ReportMetric(float64(stats.Requests), "api-calls")
	b.ReportMetric(rssBefore, "rss-before-MB")
	b.ReportMetric(rssAfter, "rss-after-MB")
	b.ReportMetric(rssPeak, "rss-peak-MB")
	if stats.RateLimited > 0 {
		b.Errorf("the fake answered %d 429s", stats.RateLimited)
	}
}

// setDue makes every urge due at due, in one statement, on the closed
// database (the driver writes times as GORM does).
func setDue(b *testing.B, path string, due time.Time) {
	b.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE reminders SET due_at = ?, at = ? WHERE kind = 'urge'`, due, due); err != nil {
		b.Fatal(err)
	}
}

// procStatusMB reads a size field of /proc/self/status (VmRSS, VmHWM) in MB.
func procStatusMB(field string) (float64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return 0, err
		}
		return kb / 1024, nil
	}
	return 0, fmt.Errorf("%s not in /proc/self/status", field)
}

// TestBacklogIsNotCatchUp guards the wording of a long burst, such as
// BenchmarkTenThousandGroups (six minutes at 28 messages a second) or 100
// overdue tasks of one group at 09:00 (over five minutes at 19 a minute):
// a reminder the running bot sends late because Telegram's limits hold it
// back is not one "missed while the bot was down" (补发), however late.
// After a restart, what fell due while the bot was down still is.
func TestBacklogIsNotCatchUp(t *testing.T) {
	due := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	clk := clock.NewFake(due.Add(20 * time.Millisecond)) // the dispatcher looks just after
	store := &memStore{}
	for i := range 500 {
		task := uint(i + 1)
		store.rows = append(store.rows, models.Reminder{ID: uint(i + 1), ChatID: uint(i%50 + 1), TaskID: &task,
			Kind: models.ReminderDue, At: due, DueAt: due})
	}
	// Each message takes 2 s of the clock: the backlog lasts 1,000 s.
	notifier := &slowNotifier{clk: clk, per: 2 * time.Second}
	d := scheduler.NewDispatcher(store, notifier, clk, nil)
	drain := func() {
		for {
			n, err := d.DispatchDue(context.Background(), clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				return
			}
		}
	}
	drain()
	if len(notifier.notices) != 500 || notifier.catchUps != 0 {
		t.Errorf("the backlog of 500 rows due at once, sent over %v: %d messages, %d of them catch-ups; want 500, none",
			clk.Now().Sub(due), len(notifier.notices), notifier.catchUps)
	}

	// Down for an hour while 3 rows of one task fell due, then a new
	// dispatcher (a restart): one catch-up for them.
	task := uint(1000)
	for i := range 3 {
		at := clk.Now().Add(time.Duration(i+1) * time.Minute)
		store.rows = append(store.rows, models.Reminder{ID: uint(1001 + i), ChatID: 1, TaskID: &task,
			Kind: models.ReminderBefore, At: at, DueAt: at})
	}
	clk.Advance(time.Hour)
	notifier.notices, notifier.catchUps = nil, 0
	d = scheduler.NewDispatcher(store, notifier, clk, nil)
	drain()
	if len(notifier.notices) != 1 || notifier.catchUps != 1 || len(notifier.notices[0].Reminders) != 3 {
		t.Errorf("after downtime: %d messages, %d catch-ups; want one catch-up for 3 rows", len(notifier.notices), notifier.catchUps)
	}
}

// memStore is scheduler.Store in memory.
type memStore struct {
	mu   sync.Mutex
	rows []models.Reminder
}

// PlanChanged never fires: the tests call DispatchDue themselves.
func (s *memStore) PlanChanged() <-chan struct{} { return nil }

func (s *memStore) NextReminderAt(context.Context) (time.Time, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var next time.Time
	for _, r := range s.rows {
		if r.SentAt == nil && (next.IsZero() || r.DueAt.Before(next)) {
			next = r.DueAt
		}
	}
	return next, !next.IsZero(), nil
}

func (s *memStore) DueReminders(_ context.Context, now time.Time, limit int) ([]models.Reminder, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []models.Reminder
	for _, r := range s.rows {
		if r.SentAt == nil && !r.DueAt.After(now) && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *memStore) MarkRemindersSent(_ context.Context, ids []uint, messageID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.rows {
		for _, id := range ids {
			if s.rows[i].ID == id {
				now := time.Now()
				s.rows[i].SentAt, s.rows[i].MessageID = &now, messageID
			}
		}
	}
	return nil
}

func (s *memStore) RetryReminders(context.Context, []uint, time.Time, string) error {
	return fmt.Errorf("no retries expected")
}

func (s *memStore) BlockChat(context.Context, uint, string) (bool, error) {
	return false, fmt.Errorf("no blocks expected")
}

// slowNotifier accepts every notice and moves the clock by per for each.
type slowNotifier struct {
	clk      *clock.Fake
	per      time.Duration
	notices  []models.Notice
	catchUps int
}

func (n *slowNotifier) Notify(_ context.Context, notice models.Notice) (int, error) {
	n.clk.Advance(n.per)
	n.notices = append(n.notices, notice)
	if notice.CatchUp {
		n.catchUps++
	}
	return len(n.notices), nil
}
