package models

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for creating and dropping test schemas
)

// postgresEnv names the environment variable holding a PostgreSQL DSN. When
// it is set, every backend test also runs against that server, each test in a
// schema of its own that is dropped afterwards.
const postgresEnv = "DUBAN_TEST_POSTGRES"

// Zones the tests use.
var (
	shanghai = mustZone("Asia/Shanghai")
	newYork  = mustZone("America/New_York")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// t0 is when most tests start: Monday 2 March 2026, 10:00 in Shanghai.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai)

// sh is a wall-clock time in Shanghai.
func sh(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, shanghai)
}

// fakeClock is a clock the test moves by hand. It is safe for concurrent use.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// openTestStore opens a store on a fresh SQLite file in t.TempDir().
func openTestStore(t testing.TB, now func() time.Time) *Store {
	t.Helper()
	return openStore(t, "sqlite", Options{Now: now})
}

// openPostgresStore opens a store on the server named by DUBAN_TEST_POSTGRES,
// in a fresh schema (search_path set in the DSN) that is dropped when the
// test ends. Without the variable the test is skipped.
func openPostgresStore(t testing.TB, now func() time.Time) *Store {
	t.Helper()
	return openStore(t, "postgres", Options{Now: now})
}

// openStore opens a store with opts on a fresh database of a backend:
// "sqlite" (a file in t.TempDir()) or "postgres" (a schema of its own,
// skipped without DUBAN_TEST_POSTGRES). It is closed, and the schema
// dropped, when the test ends.
func openStore(t testing.TB, backend string, opts Options) *Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "duban.db")
	if backend == "postgres" {
		dsn, _ = newPostgresSchema(t)
	}
	s, err := Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatalf("open %s store: %v", backend, err)
	}
	t.Cleanup(func() { s.Close() }) // runs before the schema is dropped
	return s
}

// newPostgresSchema creates an empty schema, registers its removal, and
// returns a DSN whose search_path is that schema.
func newPostgresSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL not tested: set %s to a DSN, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", postgresEnv)
	}
	dsn, schema, drop, err := createPostgresSchema(base)
	if err != nil {
		t.Fatalf("PostgreSQL test schema: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return dsn, schema
}

// createPostgresSchema creates schema duban_test_<random> on the server of
// base and returns a DSN using it and a function that drops it.
func createPostgresSchema(base string) (dsn, schema string, drop func() error, err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", "", nil, err
	}
	var b [8]byte
	rand.Read(b[:])
	schema = "duban_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", nil, err
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", "", nil, err
	}
	drop = func() error {
		_, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		return errors.Join(err, admin.Close())
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema, drop, nil
}

// backends are the databases every store test runs against.
var backends = []struct {
	name string
	open func(testing.TB, func() time.Time) *Store
}{
	{"sqlite", openTestStore},
	{"postgres", openPostgresStore},
}

// forEachBackend runs body, in parallel sub-tests, against a fresh store on
// every backend, with a fake clock standing at t0.
func forEachBackend(t *testing.T, body func(t *testing.T, s *Store, clk *fakeClock)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock(t0)
			body(t, b.open(t, clk.Now), clk)
		})
	}
}

// env is a group with a leader and five members, ready for tasks.
type env struct {
	t      *testing.T
	ctx    context.Context
	s      *Store
	clk    *fakeClock
	chat   *Chat
	leader *User // 王局长
	alice  *User // 李明 (@liming)
	bob    *User // 张伟 (@zhangwei)
	carol  *User // 陈静
	dave   *User // 刘洋
	erin   *User // 赵敏
}

var telegramIDs atomic.Int64 // distinct Telegram ids across the process

// newEnv makes a group and its people in s.
func newEnv(t *testing.T, s *Store, clk *fakeClock) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), s: s, clk: clk}
	e.chat = e.newChat("招商引资专班")
	e.leader = e.user("", "王局长")
	e.alice = e.user("liming", "李明")
	e.bob = e.user("zhangwei", "张伟")
	e.carol = e.user("", "陈静")
	e.dave = e.user("", "刘洋")
	e.erin = e.user("", "赵敏")
	return e
}

func (e *env) newChat(title string) *Chat {
	e.t.Helper()
	c, err := e.s.EnsureChat(e.ctx, ChatInfo{TelegramID: -1000000 - telegramIDs.Add(1), Type: "supergroup", Title: title}, "Asia/Shanghai")
	if err != nil {
		e.t.Fatalf("EnsureChat: %v", err)
	}
	return c
}

// user records a person the bot has seen.
func (e *env) user(username, name string) *User {
	e.t.Helper()
	u, err := e.s.SeenUser(e.ctx, UserInfo{TelegramID: telegramIDs.Add(1), Username: username, FirstName: name, LanguageCode: "zh-hans"})
	if err != nil {
		e.t.Fatalf("SeenUser: %v", err)
	}
	return u
}

var updateIDs atomic.Int64

// by is a change by a user carrying a fresh update id.
func by(u *User) Change { return Change{UpdateID: updateIDs.Add(1), ActorID: u.ID} }

// assign creates a task in the env's chat, led by lead (nil: listed for
// claiming), due at deadline, assigned by the leader.
func (e *env) assign(title string, lead *User, deadline time.Time, opts ...func(*NewTask)) *Task {
	e.t.Helper()
	return e.assignIn(e.chat, title, lead, deadline, opts...)
}

func (e *env) assignIn(c *Chat, title string, lead *User, deadline time.Time, opts ...func(*NewTask)) *Task {
	e.t.Helper()
	n := NewTask{ChatID: c.ID, Title: title, AssignerID: e.leader.ID, Deadline: deadline}
	if lead != nil {
		n.LeadID = lead.ID
	}
	for _, o := range opts {
		o(&n)
	}
	task, err := e.s.CreateTask(e.ctx, by(e.leader), n)
	if err != nil {
		e.t.Fatalf("CreateTask %q: %v", title, err)
	}
	return task
}

func withUnit(name string) func(*NewTask) { return func(n *NewTask) { n.UnitName = name } }

func withCooperators(us ...*User) func(*NewTask) {
	return func(n *NewTask) {
		for _, u := range us {
			n.CooperatorIDs = append(n.CooperatorIDs, u.ID)
		}
	}
}

// reload reads a task back from the store.
func (e *env) reload(task *Task) *Task {
	e.t.Helper()
	got, err := e.s.TaskByID(e.ctx, task.ID)
	if err != nil {
		e.t.Fatalf("TaskByID(%d): %v", task.ID, err)
	}
	return got
}

// at runs fn with the clock at when.
func (e *env) at(when time.Time, fn func()) {
	e.clk.Set(when)
	fn()
}

// must fails the test on err.
func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) submit(task *Task, u *User, when time.Time, needConfirm bool) *Task {
	e.t.Helper()
	e.clk.Set(when)
	got, err := e.s.Submit(e.ctx, by(u), task.ID, u.ID, "已完成", needConfirm)
	if err != nil {
		e.t.Fatalf("Submit #%d: %v", task.Number, err)
	}
	return got
}

func (e *env) confirm(task *Task, when time.Time) *Task {
	e.t.Helper()
	e.clk.Set(when)
	got, err := e.s.Confirm(e.ctx, by(e.leader), task.ID)
	if err != nil {
		e.t.Fatalf("Confirm #%d: %v", task.Number, err)
	}
	return got
}

// numbers lists the tasks' numbers, for comparing lists.
func numbers(tasks []Task) []int {
	out := make([]int, len(tasks))
	for i, t := range tasks {
		out[i] = t.Number
	}
	return out
}

// assigneeSummary describes a task's assignees as "name:role[+ack]" in order.
func assigneeSummary(task *Task) string {
	var parts []string
	for _, a := range task.Assignees {
		p := a.User.DisplayName() + ":" + string(a.Role)
		if a.AckAt != nil {
			p += "+ack"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ",")
}

func ptr[T any](v T) *T { return &v }

// wantErr fails unless err is target (by errors.Is); a nil target wants nil.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case target != nil && !errors.Is(err, target):
		t.Fatalf("%s: error %v, want %v", what, err, target)
	}
}
