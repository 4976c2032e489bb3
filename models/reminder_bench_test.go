package models

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The 1M-row reminder table of BenchmarkNextReminderAt: a year of sent
// reminders, some given up, and remindersPending unsent ones, of which
// remindersOverdue fell due in the hour before benchNow (missed while the bot
// was down) and the rest are due over the next 60 days.
const (
	remindersTotal   = 1_000_000
	remindersPending = 10_000
	remindersOverdue = 1_000
	remindersFailed  = 1_000
)

// reminderBench is built once per process; TestMain removes it with the
// other benchmark databases.
var reminderBench = &benchDB{}

func init() { benchDBs["reminders-1m"] = reminderBench }

func reminderBenchStore(b *testing.B) *Store {
	b.Helper()
	d := reminderBench
	d.buildFile(b, "reminders.db", "reminder benchmark database",
		fmt.Sprintf("%d rows, %d unsent", remindersTotal, remindersPending),
		func(path string) error { return d.openFilled(path, fillReminders) })
	return d.store
}

// fillReminders writes the rows with batched multi-row INSERTs in one
// transaction on the store's own (single) connection.
func fillReminders(s *Store) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	const batch = 500
	cols := []string{"id", "chat_id", "task_id", "kind", "due_at", "at", `"offset"`, "ignore_quiet", "note",
		"actor_id", "sent_at", "message_id", "attempts", "last_error", "failed_at", "created_at"}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	query := "INSERT INTO reminders (" + strings.Join(cols, ",") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", batch), ",")
	// A large page cache for the load (the chat and task indexes take rows
	// in random order), then back to SQLite's default for the benchmark.
	if _, err := sqlDB.Exec("PRAGMA cache_size = -262144"); err != nil {
		return err
	}
	defer sqlDB.Exec("PRAGMA cache_size = -2000")
	tx, err := sqlDB.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Load without the indexes and build them afterwards from their own
	// definitions (sorted builds beat 1M random inserts into each).
	indexes, err := dropIndexes(tx, "reminders")
	if err != nil {
		return err
	}
	stmt, err := tx.Prepare(query)
	if err != nil {
		return err
	}
	defer stmt.Close()
	now := benchNow.UTC()
	kinds := []ReminderKind{ReminderBefore, ReminderBefore, ReminderDue, ReminderOverdue, ReminderEscalate}
	args := make([]any, 0, batch*len(cols))
	for i := range remindersTotal {
		id := i + 1
		chat, task := id%1000+1, id%100_000+1
		kind := kinds[id%len(kinds)]
		var due time.Time
		var sent, failed any // NULL unless set
		msg := 0
		switch {
		case i < remindersOverdue: // due in the hour before now, unsent
			due = now.Add(-time.Hour + time.Duration(i)*(time.Hour/remindersOverdue))
		case i < remindersPending: // due over the next 60 days
			due = now.Add(time.Duration(i) * (60 * 24 * time.Hour / remindersPending))
		case i < remindersPending+remindersFailed: // given up (bot removed)
			due = now.Add(-time.Duration(i) * time.Minute)
			failed = due.Add(time.Second)
		default: // sent over the past year
			due = now.Add(-time.Duration(i) * (365 * 24 * time.Hour / remindersTotal)).Truncate(time.Second)
			sent, msg = due.Add(2*time.Second), id
		}
		args = append(args, id, chat, task, string(kind), due, due, 0, false, "", nil, sent, msg, 0, "", failed, due.Add(-24*time.Hour))
		if len(args) == cap(args) {
			if _, err := stmt.Exec(args...); err != nil {
				return err
			}
			args = args[:0]
		}
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	for _, create := range indexes {
		if _, err := tx.Exec(create); err != nil {
			return err
		}
	}
	// No ANALYZE: the bot never runs it, so the planner works without
	// statistics here as it does in production.
	return tx.Commit()
}

// dropIndexes drops a table's indexes and returns the statements that
// create them again.
func dropIndexes(tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.Query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)
	if err != nil {
		return nil, err
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, err
		}
		names, creates = append(names, name), append(creates, create)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.Exec(`DROP INDEX "` + name + `"`); err != nil {
			return nil, err
		}
	}
	return creates, nil
}

// BenchmarkNextReminderAt measures the dispatcher's two reads among
// 1,000,000 reminder rows (10,000 unsent): NextReminderAt (arming the
// timer), DueReminders(now, 100) when 1,000 rows are due, and DueReminders
// when nothing is due (what the dispatcher usually sees). Target: under
// 1 ms each. It first checks that each query reads the partial index.
func BenchmarkNextReminderAt(b *testing.B) {
	s := reminderBenchStore(b)
	ctx := context.Background()
	now, early := benchNow, benchNow.Add(-2*time.Hour)
	checkPendingIndex(b, s)
	b.Run("next", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			at, ok, err := s.NextReminderAt(ctx)
			if err != nil || !ok || !at.Before(now) {
				b.Fatalf("NextReminderAt = %v, %v, %v", at, ok, err)
			}
		}
		reportRates(b, cpu)
	})
	// due reads the reminders due at an instant, of which there must be
	// want (at most the 100 read).
	due := func(at time.Time, want int) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				rs, err := s.DueReminders(ctx, at, 100)
				if err != nil || len(rs) != want {
					b.Fatalf("DueReminders = %d rows, %v", len(rs), err)
				}
			}
			reportRates(b, cpu)
		}
	}
	b.Run("due100", due(now, 100))
	// The same read in database/sql, scanning the same fields: what GORM
	// costs on top.
	b.Run("due100_raw", func(b *testing.B) {
		sqlDB, err := s.db.DB()
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := sqlDB.Prepare(`SELECT id, chat_id, task_id, kind, due_at, at, "offset", ignore_quiet, note, actor_id,
			sent_at, message_id, attempts, last_error, failed_at, created_at FROM reminders
			WHERE sent_at IS NULL AND failed_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT 100`)
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			rows, err := stmt.QueryContext(ctx, now.UTC())
			if err != nil {
				b.Fatal(err)
			}
			var rs []Reminder
			for rows.Next() && !b.Failed() {
				var r Reminder
				if err := rows.Scan(&r.ID, &r.ChatID, &r.TaskID, &r.Kind, &r.DueAt, &r.At, &r.Offset, &r.IgnoreQuiet, &r.Note,
					&r.ActorID, &r.SentAt, &r.MessageID, &r.Attempts, &r.LastError, &r.FailedAt, &r.CreatedAt); err != nil {
					b.Error(err)
				}
				rs = append(rs, r)
			}
			if err := rows.Close(); err != nil || len(rs) != 100 {
				b.Fatalf("raw query = %d rows, %v", len(rs), err)
			}
		}
		reportRates(b, cpu)
	})
	b.Run("none_due", due(early, 0))
}

// TestReminderQueriesUsePartialIndex checks, on a small table without
// statistics, that the dispatcher's reads go through idx_reminders_pending:
// an index on due_at alone reads every sent row (1.5 s at 1M rows).
func TestReminderQueriesUsePartialIndex(t *testing.T) {
	s := openTestStore(t, benchClock)
	plans := pendingQueryPlans(t, s)
	for q, plan := range plans {
		if !strings.Contains(plan, "USING INDEX idx_reminders_pending") && !strings.Contains(plan, "USING COVERING INDEX idx_reminders_pending") {
			t.Errorf("%s does not use idx_reminders_pending:\n%s", q, plan)
		}
		if strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s sorts its rows:\n%s", q, plan)
		}
	}
}

// checkPendingIndex fails the benchmark unless its queries use the partial
// index on the 1M-row table, and prints the plans.
func checkPendingIndex(b *testing.B, s *Store) {
	b.Helper()
	for q, plan := range pendingQueryPlans(b, s) {
		if !strings.Contains(plan, "idx_reminders_pending") || strings.Contains(plan, "TEMP B-TREE") {
			b.Fatalf("%s does not read idx_reminders_pending alone:\n%s", q, plan)
		}
		fmt.Fprintf(os.Stderr, "EXPLAIN QUERY PLAN %s: %s\n", q, plan)
	}
}

// pendingQueryPlans runs NextReminderAt and DueReminders with a logger that
// records the SQL GORM sends, and returns SQLite's plan for each.
func pendingQueryPlans(t testing.TB, s *Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	plans := map[string]string{}
	for name, run := range map[string]func(*Store) error{
		"NextReminderAt": func(s *Store) error { _, _, err := s.NextReminderAt(ctx); return err },
		"DueReminders":   func(s *Store) error { _, err := s.DueReminders(ctx, benchNow, 100); return err },
	} {
		sent := sentSQL(t, s, run)
		q := sent[len(sent)-1]
		plans[name+" ("+q.sql+")"] = queryPlan(t, s, q)
	}
	return plans
}

// sentSQL runs fn on a copy of s whose logger records the SQL GORM sends,
// and returns the statements with their parameters.
func sentSQL(t testing.TB, s *Store, fn func(*Store) error) []recordedSQL {
	t.Helper()
	rec := &sqlRecorder{}
	cp := *s
	cp.db = s.db.Session(&gorm.Session{Logger: rec})
	if err := fn(&cp); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.sent
}

// queryPlan returns SQLite's plan for a statement, its lines joined by "; ".
func queryPlan(t testing.TB, s *Store, q recordedSQL) string {
	t.Helper()
	sqlDB, err := s.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := sqlDB.Query("EXPLAIN QUERY PLAN "+q.sql, q.vars...)
	if err != nil {
		t.Fatalf("explain %s: %v", q.sql, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "; ")
}

type recordedSQL struct {
	sql  string
	vars []any
}

// sqlRecorder is a GORM logger that keeps the statements with their
// parameters (through gorm.ParamsFilter) and logs nothing.
type sqlRecorder struct {
	mu   sync.Mutex
	sent []recordedSQL
}

var _ gorm.ParamsFilter = (*sqlRecorder)(nil)

func (r *sqlRecorder) ParamsFilter(_ context.Context, sql string, params ...any) (string, []any) {
	r.mu.Lock()
	r.sent = append(r.sent, recordedSQL{sql: sql, vars: append([]any(nil), params...)})
	r.mu.Unlock()
	return sql, params
}

func (r *sqlRecorder) LogMode(logger.LogLevel) logger.Interface { return r }
func (r *sqlRecorder) Info(context.Context, string, ...any)     {}
func (r *sqlRecorder) Warn(context.Context, string, ...any)     {}
func (r *sqlRecorder) Error(context.Context, string, ...any)    {}
func (r *sqlRecorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	fc() // calls ParamsFilter
}
