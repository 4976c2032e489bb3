package models

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
)

// Zones the tests use.
var (
	shanghai = testkit.Shanghai
	newYork  = testkit.NewYork
)

// t0 is when most tests start: Monday 2 March 2026, 10:00 in Shanghai.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai)

// sh is a wall-clock time in Shanghai.
func sh(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, shanghai)
}

// openTestStore opens a store on a fresh SQLite file in t.TempDir().
func openTestStore(t testing.TB, now func() time.Time) *Store {
	t.Helper()
	return openOn(t, testkit.SQLite, Options{Now: now})
}

// openOn opens a store with opts on a fresh database of a backend. It is
// closed, and the database removed, when the test ends.
func openOn(t testing.TB, b testkit.Backend, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), b.New(t), opts)
	if err != nil {
		t.Fatalf("open %s store: %v", b.Name, err)
	}
	t.Cleanup(func() { s.Close() }) // runs before a schema is dropped
	return s
}

// forEachBackend runs body, in parallel sub-tests, against a fresh store on
// every backend, with a fake clock standing at t0.
func forEachBackend(t *testing.T, body func(t *testing.T, s *Store, clk *clock.Fake)) {
	t.Helper()
	forEachBackendWith(t, Options{}, body)
}

// forEachBackendWith is forEachBackend on stores opened with opts (the
// clock being the test's).
func forEachBackendWith(t *testing.T, opts Options, body func(t *testing.T, s *Store, clk *clock.Fake)) {
	t.Helper()
	for _, b := range testkit.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewFake(t0)
			opts := opts
			opts.Now = clk.Now
			body(t, openOn(t, b, opts), clk)
		})
	}
}

// forEachEnv runs body, in parallel with other tests and on every backend
// (as forEachBackend), in the cast's work group made afresh by newEnv.
func forEachEnv(t *testing.T, body func(t *testing.T, e *env)) {
	t.Helper()
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		body(t, newEnv(t, s, clk))
	})
}

// env is the cast's work group with its leader and five members, ready
// for tasks.
type env struct {
	t     *testing.T
	ctx   context.Context
	s     *Store
	clk   *clock.Fake
	chat  *Chat // 招商引资工作群
	boss  *User // 刘书记 (@liushuji), the leader who assigns
	wang  *User // 王芳 (@wangfang)
	zhang *User // 张伟 (@zhangwei)
	chen  *User // 陈静, no username
	li    *User // 李局 (@lijv)
	zhao  *User // 赵敏, no username
}

// newEnv makes the cast's work group and its people in s.
func newEnv(t *testing.T, s *Store, clk *clock.Fake) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), s: s, clk: clk}
	g := testkit.Work()
	c, err := s.EnsureChat(e.ctx, ChatInfo{TelegramID: g.ID, Type: g.Type, Title: g.Title}, "Asia/Shanghai")
	if err != nil {
		t.Fatalf("EnsureChat: %v", err)
	}
	e.chat = c
	e.boss = e.person(testkit.Boss)
	e.wang = e.person(testkit.Wang)
	e.zhang = e.person(testkit.Zhang)
	e.chen = e.person(testkit.Chen)
	e.li = e.person(testkit.Li)
	e.zhao = e.person(testkit.Zhao)
	return e
}

// benchGroup records the cast's work group in s with two of its people,
// 刘书记 (the leader) and 王芳 (who leads the tasks): the setting of the
// benchmarks that make their own tasks.
func benchGroup(tb testing.TB, s *Store) (chat *Chat, leader, lead *User) {
	tb.Helper()
	ctx := context.Background()
	g := testkit.Work()
	chat, err := s.EnsureChat(ctx, ChatInfo{TelegramID: g.ID, Type: g.Type, Title: g.Title}, "Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	seen := func(id int64) *User {
		p := testkit.Who(id)
		u, err := s.SeenUser(ctx, UserInfo{TelegramID: p.ID, Username: p.Username, FirstName: p.Name, LanguageCode: p.Lang})
		if err != nil {
			tb.Fatal(err)
		}
		return u
	}
	return chat, seen(testkit.Boss), seen(testkit.Wang)
}

// telegramIDs numbers the chats and people a test makes besides the cast's,
// apart from the cast's ids.
var telegramIDs atomic.Int64

// newChat records another group.
func (e *env) newChat(title string) *Chat {
	e.t.Helper()
	c, err := e.s.EnsureChat(e.ctx, ChatInfo{TelegramID: -1000000 - telegramIDs.Add(1), Type: "supergroup", Title: title}, "Asia/Shanghai")
	if err != nil {
		e.t.Fatalf("EnsureChat: %v", err)
	}
	return c
}

// person records one of the cast as a person the bot has seen.
func (e *env) person(id int64) *User {
	e.t.Helper()
	p := testkit.Who(id)
	return e.seen(UserInfo{TelegramID: p.ID, Username: p.Username, FirstName: p.Name, LanguageCode: p.Lang})
}

// user records another person the bot has seen.
func (e *env) user(username, name string) *User {
	e.t.Helper()
	return e.seen(UserInfo{TelegramID: 10000 + telegramIDs.Add(1), Username: username, FirstName: name, LanguageCode: "zh-hans"})
}

func (e *env) seen(info UserInfo) *User {
	e.t.Helper()
	u, err := e.s.SeenUser(e.ctx, info)
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
	n := NewTask{ChatID: c.ID, Title: title, AssignerID: e.boss.ID, Deadline: deadline}
	if lead != nil {
		n.LeadID = lead.ID
	}
	for _, o := range opts {
		o(&n)
	}
	task, err := e.s.CreateTask(e.ctx, by(e.boss), n)
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
	got, err := e.s.Confirm(e.ctx, by(e.boss), task.ID)
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
