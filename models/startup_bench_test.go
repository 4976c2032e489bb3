package models

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// The start-up benchmark database: startupChats groups of
// startupTasksPerChat tasks (1,000,000 tasks) due over the two years up to
// two months after benchNow, of which 12% are still open with three unsent
// reminders each; one sent reminder per closed task; each group's pending
// weekly digest and publications, except startupMissing groups that have
// none (groups created before digests existed).
const (
	startupChats        = 10_000
	startupTasksPerChat = 100
	startupUsersPerChat = 10
	startupMissing      = 100
)

// startupBench holds only the file (its path): the benchmark opens it
// itself.
var startupBench = &benchDB{}

func init() { benchDBs["startup-1m"] = startupBench }

// startupBenchDB builds the database once per process and returns its path.
func startupBenchDB(b *testing.B) string {
	b.Helper()
	return startupBench.buildFile(b, "startup.db", "start-up benchmark database",
		fmt.Sprintf("%d tasks in %d groups", startupChats*startupTasksPerChat, startupChats), fillStartupBench)
}

// fillStartupBench creates the schema at path, then writes the rows with
// batched multi-row INSERTs in one transaction, without a journal and
// without the indexes, which are built afterwards from their own
// definitions. The store turns WAL on again when it opens the file.
func fillStartupBench(path string) error {
	s, err := Open(context.Background(), path, Options{Now: benchClock})
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	sqlDB, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=OFF&_synchronous=OFF&_cache_size=-262144")
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	sqlDB.SetMaxOpenConns(1)
	tx, err := sqlDB.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var indexes []string
	for _, table := range []string{"chats", "users", "tasks", "assignees", "reminders"} {
		created, err := dropIndexes(tx, table)
		if err != nil {
			return err
		}
		indexes = append(indexes, created...)
	}
	now := benchNow.UTC()
	first := now.AddDate(-2, 2, 0) // deadlines from here to two months after now
	yearStart := first
	chat := NewChat(ChatInfo{Type: "supergroup"}, "Asia/Shanghai")
	err = bulkInsert(tx, "chats", []string{"id", "telegram_id", "type", "title", "zone", "need_confirm", "last_task_number",
		"remind_before", "quiet_start", "quiet_end", "weekly_digest", "daily_digest", "escalate_after", "rank_on_time",
		"rank_late", "rank_overdue", "flag_count", "rank_extensions", "rank_unit_only", "publish", "created_at", "updated_at"},
		startupChats, func(i int, a []any) []any {
			return append(a, i+1, -1_000_000-i, chat.Type, fmt.Sprintf("专班 %d", i+1), chat.Zone, true, startupTasksPerChat,
				chat.RemindBefore, chat.QuietStart, chat.QuietEnd, chat.WeeklyDigest, "", chat.EscalateAfter, chat.RankOnTime,
				chat.RankLate, chat.RankOverdue, chat.FlagCount, true, false, true, yearStart, yearStart)
		})
	if err != nil {
		return err
	}
	err = bulkInsert(tx, "users", []string{"id", "telegram_id", "username", "first_name", "last_name", "language_code",
		"started_bot", "created_at", "updated_at"},
		startupChats*startupUsersPerChat, func(i int, a []any) []any {
			return append(a, i+1, i+1, "", fmt.Sprintf("干部%d", i+1), "", "zh-hans", false, yearStart, yearStart)
		})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(11, 1_000_000))
	type taskRow struct {
		due    time.Time
		status Status
		lead   int
	}
	tasks := make([]taskRow, startupChats*startupTasksPerChat)
	err = bulkInsert(tx, "tasks", []string{"id", "chat_id", "number", "title", "unit_name", "assigner_id", "lead_id", "status",
		"deadline", "original_deadline", "percent", "extensions", "submitted_at", "done_at", "created_at", "updated_at"},
		len(tasks), func(i int, a []any) []any {
			c := i / startupTasksPerChat
			firstUser := c*startupUsersPerChat + 1
			due := first.Add(time.Duration(rng.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Hour)
			var submitted, done any
			status := StatusTodo
			switch r := rng.IntN(100); {
			case due.Before(now) && r < 80:
				status, submitted, done = StatusDone, due.Add(-time.Hour), due.Add(-time.Hour)
			case due.Before(now) && r < 88:
				status, submitted = StatusSubmitted, due.Add(-time.Hour)
			case due.Before(now) && r < 93:
				status = []Status{StatusTodo, StatusDoing}[r%2]
			case due.Before(now):
				status = StatusCancelled
			case r < 55:
				status = StatusTodo
			case r < 90:
				status = StatusDoing
			case r < 95:
				status, submitted = StatusSubmitted, now.Add(-time.Hour)
			default:
				status = StatusPosted
			}
			var lead any
			if status != StatusPosted {
				tasks[i].lead = firstUser + rng.IntN(startupUsersPerChat)
				lead = tasks[i].lead
			}
			tasks[i].due, tasks[i].status = due, status
			created := due.Add(-20 * 24 * time.Hour)
			return append(a, i+1, c+1, i%startupTasksPerChat+1, fmt.Sprintf("任务 %d", i+1), "", firstUser, lead, status,
				due, due, 0, 0, submitted, done, created, created)
		})
	if err != nil {
		return err
	}
	leads := make([]int, 0, len(tasks))
	for i, t := range tasks {
		if t.lead != 0 {
			leads = append(leads, i)
		}
	}
	err = bulkInsert(tx, "assignees", []string{"task_id", "user_id", "role", "seq"}, len(leads), func(i int, a []any) []any {
		return append(a, leads[i]+1, tasks[leads[i]].lead, RoleLead, 0)
	})
	if err != nil {
		return err
	}
	// Reminders: three unsent per open task, one sent per closed one, and
	// each group's five pending digests and publications.
	type reminder struct {
		chat, task int
		kind       ReminderKind
		due        time.Time
		sent       bool
	}
	var rs []reminder
	for i, t := range tasks {
		c, id := i/startupTasksPerChat+1, i+1
		switch t.status {
		case StatusTodo, StatusDoing:
			if t.due.After(now) {
				rs = append(rs, reminder{c, id, ReminderBefore, t.due.Add(-24 * time.Hour), false},
					reminder{c, id, ReminderDue, t.due, false},
					reminder{c, id, ReminderOverdue, t.due.Add(16 * time.Hour), false})
			} else {
				rs = append(rs, reminder{c, id, ReminderOverdue, now.Add(23 * time.Hour), false},
					reminder{c, id, ReminderBefore, t.due.Add(-24 * time.Hour), true},
					reminder{c, id, ReminderDue, t.due, true})
			}
		case StatusDone, StatusSubmitted:
			rs = append(rs, reminder{c, id, ReminderBefore, t.due.Add(-24 * time.Hour), true})
		}
	}
	for c := startupMissing + 1; c <= startupChats; c++ {
		for _, k := range GroupKinds {
			if k != DigestDaily {
				rs = append(rs, reminder{c, 0, k, now.Add(5 * 24 * time.Hour), false})
			}
		}
	}
	err = bulkInsert(tx, "reminders", []string{"chat_id", "task_id", "kind", "due_at", "at", `"offset"`, "ignore_quiet",
		"note", "sent_at", "message_id", "attempts", "last_error", "created_at"},
		len(rs), func(i int, a []any) []any {
			r := rs[i]
			var task, sent any
			if r.task != 0 {
				task = r.task
			}
			if r.sent {
				sent = r.due.Add(time.Second)
			}
			return append(a, r.chat, task, string(r.kind), r.due, r.due, 0, false, "", sent, 0, 0, "", r.due.Add(-24*time.Hour))
		})
	if err != nil {
		return err
	}
	for _, create := range indexes {
		if _, err := tx.Exec(create); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// digestPlanner plans each group's weekly digest for the next Monday 09:00
// and no task reminders: enough for the start-up's missing-digest pass.
type digestPlanner struct{}

func (digestPlanner) PlanTask(*Chat, *Task, time.Time) []Reminder { return nil }

func (digestPlanner) PlanDigests(chat *Chat, now time.Time) []Reminder {
	local := now.In(chat.Location())
	days := (int(time.Monday) - int(local.Weekday()) + 7) % 7
	if days == 0 {
		days = 7
	}
	y, m, d := local.Date()
	at := time.Date(y, m, d+days, 9, 0, 0, 0, local.Location())
	return []Reminder{{ChatID: chat.ID, Kind: DigestWeekly, At: at, DueAt: at}}
}

// BenchmarkStartup1M measures the store's part of starting the bot on a
// database of 1,000,000 tasks in 10,000 groups: Open (schema check and the
// lead fill of older databases) and PlanMissingDigests. "restart" is the
// usual start, every group already having its digests; "first-start" finds
// startupMissing groups without any and plans theirs. Target: under 300 ms.
func BenchmarkStartup1M(b *testing.B) {
	for _, missing := range []bool{false, true} {
		name := "restart"
		if missing {
			name = "first-start"
		}
		b.Run(name, func(b *testing.B) {
			path := startupBenchDB(b)
			ctx := context.Background()
			if !missing { // plan the missing groups' digests once, untimed
				s, err := Open(ctx, path, Options{Now: benchClock, Planner: digestPlanner{}})
				if err != nil {
					b.Fatal(err)
				}
				err = s.PlanMissingDigests(ctx)
				if s.Close(); err != nil {
					b.Fatal(err)
				}
			}
			var open, digests time.Duration
			for b.Loop() {
				if missing {
					b.StopTimer()
					if err := dropDigests(path, startupMissing); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				start := time.Now()
				s, err := Open(ctx, path, Options{Now: benchClock, Planner: digestPlanner{}})
				if err != nil {
					b.Fatal(err)
				}
				opened := time.Now()
				if err := s.PlanMissingDigests(ctx); err != nil {
					b.Fatal(err)
				}
				open += opened.Sub(start)
				digests += time.Since(opened)
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(open.Microseconds())/1000/float64(b.N), "open-ms")
			b.ReportMetric(float64(digests.Microseconds())/1000/float64(b.N), "digests-ms")
		})
	}
}

// dropDigests removes the pending digests of the first n groups, so that
// the next start finds them missing.
func dropDigests(path string, n int) error {
	s, err := Open(context.Background(), path, Options{Now: benchClock})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.db.Where("chat_id <= ? AND task_id IS NULL AND "+pending, n).Delete(&Reminder{}).Error
}

// TestStartupReadsSmallIndexes checks, on SQLite without statistics, that
// the two queries of every start read their partial indexes and not every
// task or every unsent reminder: filling missing leads (idx_task_lead_missing)
// and finding groups without digests (idx_reminders_group_pending), which
// also serves a group's digests when they are planned again.
func TestStartupReadsSmallIndexes(t *testing.T) {
	s := openTestStore(t, benchClock)
	s.planner = digestPlanner{}
	ctx := context.Background()
	for _, c := range []struct {
		name, index, from string
		run               func(*Store) error
	}{
		{"fill leads", "idx_task_lead_missing", "UPDATE tasks", func(s *Store) error { return fillLeadIDs(s.db) }},
		{"groups without digests", "idx_reminders_group_pending", "SELECT `id` FROM `chats`", func(s *Store) error {
			return s.PlanMissingDigests(ctx)
		}},
		{"a group's digests", "idx_reminders_group_pending", "SELECT * FROM `reminders`", func(s *Store) error {
			_, err := s.EnsureChat(ctx, ChatInfo{TelegramID: -1, Type: "supergroup"}, "Asia/Shanghai")
			return err
		}},
	} {
		var found bool
		for _, q := range sentSQL(t, s, c.run) {
			if !strings.HasPrefix(strings.TrimSpace(q.sql), c.from) {
				continue
			}
			found = true
			plan := queryPlan(t, s, q)
			if !strings.Contains(plan, c.index) {
				t.Errorf("%s does not read %s: %s\n%s", c.name, c.index, q.sql, plan)
			}
		}
		if !found {
			t.Errorf("%s sent no %s", c.name, c.from)
		}
	}
}
