package models

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3", for the raw baseline
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/duban-bot/duban/internal/testkit"
)

func TestMain(m *testing.M) {
	code := m.Run()
	closeBenchStores()
	os.Exit(code)
}

// benchNow is the clock of the benchmarks: mid-July 2026 in Shanghai.
var benchNow = time.Date(2026, 7, 15, 10, 0, 0, 0, shanghai)

func benchClock() time.Time { return benchNow }

// cpuTime is the process's user+system CPU time so far. Reported per
// operation next to wall time, it keeps ratios readable on a shared,
// overloaded machine where wall time mostly measures waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates adds ops/s (wall clock) and CPU µs/op to a finished loop.
func reportRates(b *testing.B, cpuStart time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64((cpuTime()-cpuStart).Microseconds())/float64(b.N), "cpu-µs/op")
}

// rawSQLite makes the store's schema in a new SQLite file, lets setup (if
// not nil) write through the store, and opens the file again with
// database/sql, on one connection with the store's own options: what the
// raw baselines run on.
func rawSQLite(b *testing.B, setup func(s *Store)) *sql.DB {
	b.Helper()
	path := filepath.Join(b.TempDir(), "raw.db")
	s, err := Open(context.Background(), path, Options{Now: benchClock})
	if err != nil {
		b.Fatal(err)
	}
	if setup != nil {
		setup(s)
	}
	s.Close()
	db, err := sql.Open("sqlite3", sqliteDSN(path))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	return db
}

// BenchmarkRawSQLiteInsert is the baseline for BenchmarkCreateTask/sqlite
// (plan_bench_test.go): one
// row inserted into the same tasks table, each in its own transaction, with
// database/sql and a prepared statement on a file opened with the store's own
// options (WAL, synchronous=NORMAL, BEGIN IMMEDIATE).
func BenchmarkRawSQLiteInsert(b *testing.B) {
	db := rawSQLite(b, nil)
	stmt, err := db.Prepare(`INSERT INTO tasks (chat_id, number, title, unit_name, assigner_id, status,
		deadline, original_deadline, deadline_phrase, percent, extensions, thread_id, message_id, created_at, updated_at)
		VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	now := benchNow.UTC()
	deadline := now.Add(72 * time.Hour)
	number := 0
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		number++
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Stmt(stmt).Exec(1, number, "梳理在谈项目清单，逐个明确责任人和时间节点", 1, StatusTodo,
			deadline, deadline, "本周五", now, now); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	reportRates(b, cpu)
}

// BenchmarkRawSQLiteCreateTask does by hand, with database/sql and prepared
// statements, the same work as BenchmarkCreateTask/sqlite: in one transaction
// the next number, the task, its lead and the audit event;
// then the task read back with its assignee and user. It separates what
// GORM costs from what the work costs.
func BenchmarkRawSQLiteCreateTask(b *testing.B) {
	var chat *Chat
	var leader, lead *User
	db := rawSQLite(b, func(s *Store) { chat, leader, lead = benchGroup(b, s) })
	prepare := func(q string) *sql.Stmt {
		st, err := db.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	}
	nextNumber := prepare(`UPDATE chats SET last_task_number = last_task_number + 1 WHERE id = ? RETURNING last_task_number`)
	insTask := prepare(`INSERT INTO tasks (chat_id, number, title, detail, unit_name, assigner_id, status, deadline,
		original_deadline, deadline_phrase, percent, extensions, cancel_reason, thread_id, message_id, created_at, updated_at)
		VALUES (?, ?, ?, '', '', ?, ?, ?, ?, ?, 0, 0, '', 0, 0, ?, ?)`)
	insLead := prepare(`INSERT INTO assignees (task_id, user_id, role, seq) VALUES (?, ?, ?, 0)`)
	insAudit := prepare(`INSERT INTO audit_events (chat_id, task_id, actor_id, kind, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
	selTask := prepare(`SELECT id, chat_id, number, title, status, deadline, original_deadline, created_at FROM tasks WHERE id = ?`)
	selAssignees := prepare(`SELECT a.id, a.user_id, a.role, a.seq, a.ack_at, u.first_name, u.last_name, u.username
		FROM assignees a JOIN users u ON u.id = a.user_id WHERE a.task_id = ? ORDER BY a.seq`)
	title := "梳理在谈项目清单，逐个明确责任人和时间节点"
	now := benchNow.UTC()
	deadline := now.Add(72 * time.Hour)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		var number int
		var taskID int64
		err = func() error {
			if err := tx.Stmt(nextNumber).QueryRow(chat.ID).Scan(&number); err != nil {
				return err
			}
			res, err := tx.Stmt(insTask).Exec(chat.ID, number, title, leader.ID, StatusTodo, deadline, deadline, "本周五", now, now)
			if err != nil {
				return err
			}
			if taskID, err = res.LastInsertId(); err != nil {
				return err
			}
			if _, err := tx.Stmt(insLead).Exec(taskID, lead.ID, RoleLead); err != nil {
				return err
			}
			_, err = tx.Stmt(insAudit).Exec(chat.ID, taskID, leader.ID, "assigned", title, now)
			return err
		}()
		if err != nil {
			tx.Rollback()
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		var t Task
		if err := selTask.QueryRow(taskID).Scan(&t.ID, &t.ChatID, &t.Number, &t.Title, &t.Status, &t.Deadline,
			&t.OriginalDeadline, &t.CreatedAt); err != nil {
			b.Fatal(err)
		}
		rows, err := selAssignees.Query(taskID)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var a Assignee
			if err := rows.Scan(&a.ID, &a.UserID, &a.Role, &a.Seq, &a.AckAt, &a.User.FirstName, &a.User.LastName, &a.User.Username); err != nil {
				b.Fatal(err)
			}
			t.Assignees = append(t.Assignees, a)
		}
		if err := rows.Err(); err != nil || len(t.Assignees) != 1 {
			b.Fatalf("assignees %v, %v", t.Assignees, err)
		}
	}
	reportRates(b, cpu)
}

// BenchmarkPendingTasks measures /tasks (FindTasks; the name is kept so that
// the figures in docs/BENCHMARKS.md compare): the first page (10) of one group's
// open tasks, in a database of 100,000 tasks across 1,000 groups.
func BenchmarkPendingTasks(b *testing.B) {
	onEachBenchStore(b, func(b *testing.B, ctx context.Context, s *Store) {
		i := 0
		for b.Loop() {
			i++
			page, err := s.FindTasks(ctx, uint(i*7919%benchChats+1), TaskFilter{Limit: 10})
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Tasks) != 10 || page.Total < 10 {
				b.Fatalf("a page of %d tasks of %d", len(page.Tasks), page.Total)
			}
		}
	})
}

// BenchmarkRanking measures /rank: one group's person ranking for a month, in
// the same database.
func BenchmarkRanking(b *testing.B) {
	month := PeriodContaining(Month, benchNow)
	onEachBenchStore(b, func(b *testing.B, ctx context.Context, s *Store) {
		i, ranked := 0, 0
		for b.Loop() {
			i++
			entries, err := s.Ranking(ctx, RankingQuery{ChatID: uint(i*7919%benchChats + 1), From: month.From, To: month.To})
			if err != nil {
				b.Fatal(err)
			}
			if len(entries) > 0 {
				ranked++
			}
		}
		// A group with nothing due yet this month ranks nobody; most
		// rank someone.
		if ranked < i/2 {
			b.Fatalf("%d of %d rankings empty", i-ranked, i)
		}
	})
}

// BenchmarkTasksOf measures /my in private chat: one person's open tasks in
// every group, in the same database.
func BenchmarkTasksOf(b *testing.B) {
	onEachBenchStore(b, func(b *testing.B, ctx context.Context, s *Store) {
		i := 0
		for b.Loop() {
			i++
			if _, err := s.TasksOf(ctx, uint(i*7919%(benchChats*benchUsersPerChat)+1), 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The benchmark database: benchChats groups of benchUsersPerChat people and
// benchTasksPerChat tasks each, deadlines spread over 2026.
const (
	benchChats        = 1000
	benchTasksPerChat = 100
	benchUsersPerChat = 10
)

// benchDB is a benchmark database built once per process and backend.
type benchDB struct {
	once  sync.Once
	store *Store
	drop  func() error // removes the file or schema
	path  string       // the SQLite file, for a database built by buildFile
	err   error
}

var benchDBs = map[string]*benchDB{"sqlite": {}, "postgres": {}}

// benchStore returns the shared store over the benchmark database of a
// backend, building it the first time.
func benchStore(b *testing.B, backend string) *Store {
	b.Helper()
	return sharedBenchStore(b, backend, backend, func(s *Store) error {
		if err := fillBenchDB(s); err != nil {
			return err
		}
		return fillLeadIDs(s.db) // raw inserts leave the lead column to the migration's fill
	}, fmt.Sprintf("benchmark database (%d tasks in %d groups)", benchChats*benchTasksPerChat, benchChats))
}

// sharedBenchStore returns the store over the benchmark database named key
// on a backend, built by fill the first time a process asks (and removed
// with the others when it ends).
func sharedBenchStore(b *testing.B, key, backend string, fill func(*Store) error, what string) *Store {
	b.Helper()
	d, ok := benchDBs[key]
	if !ok {
		d = &benchDB{}
		benchDBs[key] = d
	}
	if backend == "postgres" && os.Getenv(testkit.PostgresEnv) == "" {
		b.Skipf("PostgreSQL not benchmarked: set %s", testkit.PostgresEnv)
	}
	d.once.Do(func() {
		start := time.Now()
		d.store, d.drop, d.err = openBenchDB(backend)
		if d.err == nil {
			d.err = fill(d.store)
		}
		fmt.Fprintf(os.Stderr, "built the %s %s in %v\n", backend, what, time.Since(start).Round(time.Millisecond))
	})
	if d.err != nil {
		b.Fatalf("%s: %v", what, d.err)
	}
	return d.store
}

func openBenchDB(backend string) (*Store, func() error, error) {
	ctx := context.Background()
	if backend == "sqlite" {
		dir, err := os.MkdirTemp("", "duban-bench-")
		if err != nil {
			return nil, nil, err
		}
		drop := func() error { return os.RemoveAll(dir) }
		s, err := Open(ctx, filepath.Join(dir, "bench.db"), Options{Now: benchClock})
		if err != nil {
			drop()
			return nil, nil, err
		}
		return s, drop, nil
	}
	dsn, _, drop, err := testkit.NewPostgresSchema(os.Getenv(testkit.PostgresEnv))
	if err != nil {
		return nil, nil, err
	}
	s, err := Open(ctx, dsn, Options{Now: benchClock})
	if err != nil {
		drop()
		return nil, nil, err
	}
	return s, drop, nil
}

// onEachBenchStore runs body on the shared benchmark database of each
// backend, counting allocations.
func onEachBenchStore(b *testing.B, body func(b *testing.B, ctx context.Context, s *Store)) {
	for _, be := range []string{"sqlite", "postgres"} {
		b.Run(be, func(b *testing.B) {
			s := benchStore(b, be)
			b.ReportAllocs()
			body(b, context.Background(), s)
		})
	}
}

// buildFile builds d once per process as the SQLite file name in a
// temporary directory, which d.drop removes: fill writes it. It says on
// stderr how long that took (what is the database, size what it holds) and
// fails b when the database could not be built. It returns the file's path.
func (d *benchDB) buildFile(b *testing.B, name, what, size string, fill func(path string) error) string {
	b.Helper()
	d.once.Do(func() {
		start := time.Now()
		dir, err := os.MkdirTemp("", "duban-"+strings.TrimSuffix(name, ".db")+"-")
		if err != nil {
			d.err = err
			return
		}
		d.drop = func() error { return os.RemoveAll(dir) }
		d.path = filepath.Join(dir, name)
		d.err = fill(d.path)
		fmt.Fprintf(os.Stderr, "built the %s (%s) in %v\n", what, size, time.Since(start).Round(time.Millisecond))
	})
	if d.err != nil {
		b.Fatalf("%s: %v", what, d.err)
	}
	return d.path
}

// openFilled opens d's store on the file at path and runs fills on it in
// turn.
func (d *benchDB) openFilled(path string, fills ...func(*Store) error) error {
	var err error
	if d.store, err = Open(context.Background(), path, Options{Now: benchClock}); err != nil {
		return err
	}
	for _, fill := range fills {
		if err := fill(d.store); err != nil {
			return err
		}
	}
	return nil
}

func closeBenchStores() {
	for name, d := range benchDBs {
		if d.store != nil {
			d.store.Close()
		}
		if d.drop != nil {
			if err := d.drop(); err != nil {
				fmt.Fprintf(os.Stderr, "remove the %s benchmark database: %v\n", name, err)
			}
		}
	}
}

// fillBenchDB writes the benchmark data in one transaction, in batches.
// Tasks due before benchNow are mostly closed (on time or late), some
// overdue, submitted or cancelled; later ones are open, a few listed.
func fillBenchDB(s *Store) error {
	rng := rand.New(rand.NewPCG(1, 2))
	now := benchNow.UTC()
	yearStart := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	units := []string{"投资促进局", "住建局", "发改局", "自然资源局", "某某街道"}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		tx = tx.Omit(clause.Associations).Session(&gorm.Session{})
		chats := make([]Chat, benchChats)
		for i := range chats {
			chats[i] = Chat{ID: uint(i + 1), TelegramID: int64(-1000000 - i), Type: "supergroup", Title: fmt.Sprintf("专班 %d", i+1),
				Zone: "Asia/Shanghai", NeedConfirm: true, LastTaskNumber: benchTasksPerChat, CreatedAt: yearStart, UpdatedAt: yearStart}
		}
		if err := tx.CreateInBatches(chats, 1000).Error; err != nil {
			return err
		}
		users := make([]User, benchChats*benchUsersPerChat)
		for i := range users {
			id := int64(i + 1)
			users[i] = User{ID: uint(i + 1), TelegramID: &id, FirstName: fmt.Sprintf("干部%d", i+1), CreatedAt: yearStart, UpdatedAt: yearStart}
		}
		if err := tx.CreateInBatches(users, 1000).Error; err != nil {
			return err
		}
		var tasks []Task
		var assignees []Assignee
		flush := func() error {
			if err := tx.CreateInBatches(tasks, 1000).Error; err != nil {
				return err
			}
			if err := tx.CreateInBatches(assignees, 2000).Error; err != nil {
				return err
			}
			tasks, assignees = tasks[:0], assignees[:0]
			return nil
		}
		id := uint(0)
		for c := 1; c <= benchChats; c++ {
			firstUser := uint((c-1)*benchUsersPerChat + 1)
			for n := 1; n <= benchTasksPerChat; n++ {
				id++
				due := yearStart.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Hour)
				t := Task{ID: id, ChatID: uint(c), Number: n, Title: fmt.Sprintf("任务 %d-%d", c, n), UnitName: units[rng.IntN(len(units))],
					AssignerID: firstUser, Deadline: due, OriginalDeadline: due, CreatedAt: due.Add(-20 * 24 * time.Hour)}
				t.UpdatedAt = t.CreatedAt
				r := rng.IntN(100)
				submit := func(late bool) {
					at := due.Add(-time.Duration(rng.IntN(72)+1) * time.Hour)
					if late {
						at = due.Add(time.Duration(rng.IntN(120)+1) * time.Hour)
					}
					t.SubmittedAt = &at
				}
				switch {
				case due.Before(now) && r < 50:
					t.Status = StatusDone
					submit(false)
					t.DoneAt = t.SubmittedAt
				case due.Before(now) && r < 70:
					t.Status = StatusDone
					submit(true)
					t.DoneAt = t.SubmittedAt
				case due.Before(now) && r < 80:
					t.Status = StatusSubmitted
					submit(r%2 == 0)
				case due.Before(now) && r < 95:
					t.Status = []Status{StatusTodo, StatusDoing}[r%2]
				case due.Before(now):
					t.Status = StatusCancelled
					cancelled := due.Add(-24 * time.Hour)
					t.CancelledAt, t.CancelReason = &cancelled, "取消"
				case r < 55:
					t.Status = StatusTodo
				case r < 90:
					t.Status = StatusDoing
					t.Percent = r
				case r < 95:
					t.Status = StatusSubmitted
					submit(false)
				default:
					t.Status = StatusPosted
				}
				if t.SubmittedAt != nil && t.SubmittedAt.After(now) {
					t.SubmittedAt = &now
				}
				tasks = append(tasks, t)
				if t.Status != StatusPosted {
					lead := firstUser + uint(rng.IntN(benchUsersPerChat))
					assignees = append(assignees, Assignee{TaskID: id, UserID: lead, Role: RoleLead, Seq: 0})
					if co := firstUser + uint(rng.IntN(benchUsersPerChat)); co != lead && rng.IntN(3) == 0 {
						assignees = append(assignees, Assignee{TaskID: id, UserID: co, Role: RoleCooperator, Seq: 1})
					}
				}
			}
			if len(tasks) >= 5000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if tx.Dialector.Name() == "postgres" {
			// Explicit ids leave the sequences behind.
			for _, table := range []string{"chats", "users", "tasks", "assignees"} {
				if err := tx.Exec(fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", table, table)).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil || s.db.Dialector.Name() != "postgres" {
		return err
	}
	// Autovacuum analyzes tables after a load like this within a minute; the
	// benchmark must not wait for it. Without statistics PostgreSQL guesses
	// one row per group and ANDs in the status index (60,000 entries):
	// /tasks takes 11 ms and /rank 7–60 ms instead of under 1 ms.
	return s.db.Exec("ANALYZE").Error
}

// bulkInsert writes n rows of len(cols) values into table inside tx, 500
// rows per multi-row INSERT: row appends row i's values to args and returns
// it. It is how the large benchmark databases are built in seconds.
func bulkInsert(tx *sql.Tx, table string, cols []string, n int, row func(i int, args []any) []any) error {
	const batch = 500
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ",") + ") VALUES "
	full, err := tx.Prepare(head + strings.TrimSuffix(strings.Repeat(one+",", batch), ","))
	if err != nil {
		return err
	}
	defer full.Close()
	args := make([]any, 0, batch*len(cols))
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		var err error
		if rows == batch {
			_, err = full.Exec(args...)
		} else {
			_, err = tx.Exec(head+strings.TrimSuffix(strings.Repeat(one+",", rows), ","), args...)
		}
		args, rows = args[:0], 0
		return err
	}
	for i := range n {
		if args = row(i, args); len(args)%len(cols) != 0 {
			return fmt.Errorf("%s row %d: %d values for %d columns", table, i, len(args), len(cols))
		}
		if rows++; rows == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
