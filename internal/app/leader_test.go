package app_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/models"
)

// A second program on the same SQLite file refuses to start, saying why;
// once the first has stopped, the file is free again.
func TestSecondProgramOnSQLiteRefuses(t *testing.T) {
	fake := tgfake.New()
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "duban.db")
	cfg := app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: db}
	first, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = app.New(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "another duban process is using this database") {
		t.Fatalf("second program: %v", err)
	}
	first.Close()
	again, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("after the first stopped: %v", err)
	}
	again.Close()
}

// running is a program run by a test until it stops it.
type running struct {
	app  *app.App
	stop func()
}

// runApp runs the program of cfg until the test ends (or stop); before,
// if not nil, is called between New and Run.
func runApp(t testing.TB, cfg app.Config, before func(*app.App)) *running {
	t.Helper()
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if before != nil {
		before(a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = a.Run(ctx) }()
	r := &running{app: a}
	stopped := false
	r.stop = func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
			a.Close()
		}
	}
	t.Cleanup(r.stop)
	return r
}

// Two programs on one PostgreSQL database: one leads; when it stops,
// the other takes over in a new term, and the old term is deposed.
func TestOneLeaderOnPostgres(t *testing.T) {
	dsn := testkit.Postgres.New(t)
	fake := tgfake.New()
	defer fake.Close()
	cfg := func(name string) app.Config {
		return app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: dsn, PollTimeout: time.Second,
			Scale: app.Scale{Instance: name}}
	}
	a, b := runApp(t, cfg("a"), nil), runApp(t, cfg("b"), nil)
	leads := func(r *running) bool { ok, _ := r.app.Leads(); return ok }
	testkit.WaitUntil(t, "a leader", func() bool { return leads(a) || leads(b) })
	leader, standby := a, b
	if leads(b) {
		leader, standby = b, a
	}
	if leads(standby) {
		t.Fatal("both lead")
	}
	_, term := leader.app.Leads()
	leader.stop()
	testkit.WaitUntil(t, "the standby to lead", func() bool { return leads(standby) })
	_, next := standby.app.Leads()
	if next <= term {
		t.Errorf("new term %d after term %d", next, term)
	}
	ctx := context.Background()
	if err := standby.app.Store.CheckTerm(ctx, uint(term)); err == nil {
		t.Error("the old term is still current")
	}
	if err := standby.app.Store.CheckTerm(ctx, uint(next)); err != nil {
		t.Error(err)
	}
	terms, err := standby.app.Store.LeaderTerms(ctx)
	if err != nil || len(terms) != 2 || terms[0].Holder == terms[1].Holder {
		t.Errorf("terms %+v, %v", terms, err)
	}

	// The leader's database session ends (an administrator, a network
	// cut): it stops leading, and, alone, takes the lead again in a new term.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ended bool
	err = db.QueryRowContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'
		AND classid = $1 AND objid::bigint = (hashtext(current_schema())::bigint & 4294967295)`, 0x64756261).Scan(&ended)
	if err != nil || !ended {
		t.Fatalf("end the leader's session: %v %v", ended, err)
	}
	testkit.WaitUntil(t, "a term after the session ended", func() bool { ok, e := standby.app.Leads(); return ok && e > next })
}

// /livez fails while one of the leader's loops is stuck in one step (a
// Bot API call that hangs) and names it, and passes again once it is
// through: the inbox's, in a command that asks Telegram for the group's
// administrators; the dispatcher's, in a reminder's message.
func TestLivezFailsWhenALoopIsStuck(t *testing.T) {
	tests := []struct {
		loop  string
		stick func(t *testing.T, fake *tgfake.Server, a *app.App)
	}{
		{"inbox", func(t *testing.T, fake *tgfake.Server, a *app.App) {
			fake.FailNext("getChatAdministrators", testkit.WorkGroup, tgfake.Fault{Hang: 3 * time.Second})
			fake.FailNext("getChatMember", testkit.WorkGroup, tgfake.Fault{Hang: 3 * time.Second})
			fake.SendText(testkit.WorkGroup, testkit.Boss, "/settings 提醒 1天")
		}},
		{"dispatcher", func(t *testing.T, fake *tgfake.Server, a *app.App) {
			ctx, cancel := testkit.Waiting()
			defer cancel()
			mark := fake.Mark()
			fake.SendText(testkit.WorkGroup, testkit.Boss, "/assign @zhangwei 报送材料 下周五")
			if _, err := fake.WaitSentAfter(ctx, mark, 1); err != nil {
				t.Fatal(err)
			}
			if err := a.Bot.WaitSent(ctx); err != nil {
				t.Fatal(err)
			}
			chat, err := a.Store.ChatByTelegramID(ctx, testkit.WorkGroup)
			if err != nil {
				t.Fatal(err)
			}
			task, err := a.Store.TaskByNumber(ctx, chat.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			fake.FailNext("sendMessage", testkit.WorkGroup, tgfake.Fault{Hang: 3 * time.Second})
			now := time.Now()
			if _, err := a.Store.AddReminder(ctx, models.Change{}, models.Reminder{ChatID: chat.ID, TaskID: &task.ID,
				Kind: models.ReminderExtra, At: now, DueAt: now}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.loop, func(t *testing.T) {
			fake := tgfake.New()
			defer fake.Close()
			for _, p := range testkit.People() {
				fake.AddUser(p.User())
			}
			fake.AddGroup(testkit.Work().Fake())
			r := runApp(t, app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: filepath.Join(t.TempDir(), "duban.db"),
				HTTP: "127.0.0.1:0", PollTimeout: time.Second, Timeouts: botapi.Timeouts{Lookup: 30 * time.Second, Call: 30 * time.Second},
				Scale: app.Scale{StuckAfter: 100 * time.Millisecond}}, nil)
			livez := func() (int, string) {
				resp, err := http.Get("http://" + r.app.HTTPAddr() + "/livez")
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(body)
			}
			if code, body := livez(); code != http.StatusOK {
				t.Fatalf("/livez at rest = %d %s", code, body)
			}
			fake.SendText(testkit.WorkGroup, testkit.Zhang, "大家好") // the bot learns @zhangwei
			tt.stick(t, fake, r.app)
			ctx, cancel := testkit.Waiting()
			defer cancel()
			if err := fake.WaitHanging(ctx, 1); err != nil {
				t.Fatal(err)
			}
			var body string
			testkit.WaitUntil(t, "/livez to fail", func() bool {
				var code int
				code, body = livez()
				return code == http.StatusServiceUnavailable
			})
			if !strings.Contains(body, tt.loop) {
				t.Errorf("/livez says %q, not naming the %s", body, tt.loop)
			}
			testkit.WaitUntil(t, "/livez to pass again", func() bool { code, _ := livez(); return code == http.StatusOK })
		})
	}
}
