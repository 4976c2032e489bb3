// Package e2e runs the whole program in a test as app.Run runs it in
// production: the store on a real database (a SQLite file or a PostgreSQL
// schema), the bot polling the fake Bot API over HTTP, the outbox's senders
// and, when asked, the reminder dispatcher, all on a fake clock the test
// moves. The cast of testkit is registered in the fake before the program
// starts; the helpers make people write, reply and press buttons, and wait
// until the program has answered, or until what fell due has been sent.
package e2e

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// Options say what to run. The zero value is the common case: the cast's
// work group and second group on a new SQLite file, on a fake clock at
// testkit.Monday, without the reminder dispatcher.
type Options struct {
	// Now is where a new fake clock starts (default testkit.Monday).
	Now time.Time
	// Clock is a fake clock of the test's own, for several runs on one
	// time line; it wins over Now.
	Clock *clock.Fake
	// RealClock runs the program on the wall clock instead.
	RealClock bool
	// DB is the database: a SQLite path or a PostgreSQL DSN (default: a
	// new one of Backend).
	DB string
	// Backend makes the new database (default testkit.SQLite).
	Backend testkit.Backend
	// Groups are the groups in the fake (default: testkit.Work and
	// testkit.Other). Every member says 大家好 in each of their groups
	// before the program starts, so that the bot knows their accounts (a
	// bot cannot look a @username up).
	Groups []testkit.Group
	// People are the users in the fake (default: the whole cast).
	People []testkit.Person
	// Started are the people who have started the bot in private, so that
	// it may write to them.
	Started []int64
	// Reminders runs the reminder dispatcher, as in production. Without
	// it, reminders are still planned but never sent: for tests of commands
	// that move the clock and count the answers.
	Reminders bool
	// Paced keeps Telegram's sending limits (on the real clock); by default
	// they are lifted, since the fake clock moves by days at once.
	Paced bool
	// LogLevel is the least level of the program's log kept in
	// Harness.Logs (default Info).
	LogLevel slog.Level
	// Calendar is the working-day calendar (default: the built-in one).
	Calendar *workday.Calendar
	// Timeouts bound Bot API calls (default: the program's).
	Timeouts botapi.Timeouts
	// Fake adds options to the fake Bot API.
	Fake []tgfake.Option
	// HTTP starts the program's HTTP server on this address (e.g.
	// "127.0.0.1:0"); PublicURL is where /dashboard links to.
	HTTP, PublicURL string
}

// Harness is the running program, its fake Telegram and its database.
type Harness struct {
	T     testing.TB
	SB    *sandbox.Sandbox
	Fake  *tgfake.Server // Telegram: it outlives a restart of the program
	Store *models.Store
	Clock *clock.Fake // nil on the real clock
	DB    string
	Logs  *testkit.LogSink // the program's log, every run's

	opts Options
}

// Start registers the people and groups in a new fake Telegram, runs the
// program, and waits until it has taken in the greetings of the groups'
// members and the /start of those who started it. The program and the
// fake stop when the test ends.
func Start(t testing.TB, opts Options) *Harness {
	t.Helper()
	if opts.Groups == nil {
		opts.Groups = []testkit.Group{testkit.Work(), testkit.Other()}
	}
	if opts.People == nil {
		opts.People = testkit.People()
	}
	if opts.Backend.New == nil {
		opts.Backend = testkit.SQLite
	}
	h := &Harness{T: t, DB: opts.DB, Logs: &testkit.LogSink{}, opts: opts}
	if h.DB == "" {
		h.DB = opts.Backend.New(t)
	}
	var now func() time.Time = time.Now
	switch {
	case opts.RealClock:
	case opts.Clock != nil:
		h.Clock = opts.Clock
	case opts.Now.IsZero():
		h.Clock = clock.NewFake(testkit.Monday)
	default:
		h.Clock = clock.NewFake(opts.Now)
	}
	if h.Clock != nil {
		now = h.Clock.Now
	}
	h.Fake = tgfake.New(append([]tgfake.Option{tgfake.WithClock(now)}, opts.Fake...)...)
	t.Cleanup(func() {
		h.Stop()
		h.Fake.Close()
		if t.Failed() {
			t.Logf("the program's log:\n%s", h.Logs)
		}
	})
	for _, p := range opts.People {
		h.Fake.AddUser(p.User())
	}
	for _, g := range opts.Groups {
		h.Fake.AddGroup(g.Fake())
	}
	h.run()
	for _, g := range opts.Groups {
		for _, id := range g.Members {
			h.Fake.SendText(g.ID, id, "大家好")
		}
	}
	for _, id := range opts.Started {
		h.Fake.StartBot(id)
	}
	h.Settle()
	return h
}

// ForEachBackend runs body on the program started with opts on every
// backend of testkit.Backends, each in a sub-test named for it (PostgreSQL's
// is skipped without DUBAN_TEST_POSTGRES).
func ForEachBackend(t *testing.T, opts Options, body func(t *testing.T, h *Harness)) {
	t.Helper()
	for _, b := range testkit.Backends {
		t.Run(b.Name, func(t *testing.T) {
			o := opts
			o.Backend = b
			body(t, Start(t, o))
		})
	}
}

// run starts the program on h.DB against h.Fake.
func (h *Harness) run() {
	h.T.Helper()
	o := h.opts
	limits := sandbox.Unpaced
	if o.Paced {
		limits = outbox.Limits{}
	}
	var clk clock.Clock = clock.Real{}
	if h.Clock != nil {
		clk = h.Clock
	}
	sb, err := sandbox.Start(context.Background(), sandbox.Options{
		DB: h.DB, Clock: clk, Limits: limits, NoReminders: !o.Reminders, Calendar: o.Calendar,
		Timeouts: o.Timeouts, Server: h.Fake, HTTP: o.HTTP, PublicURL: o.PublicURL,
		Logger: slog.New(slog.NewTextHandler(h.Logs, &slog.HandlerOptions{Level: o.LogLevel})),
	})
	if err != nil {
		h.T.Fatal(err)
	}
	h.SB, h.Store = sb, sb.Store
}

// Stop stops the program (after the update in hand) and closes its
// database. Stopping twice is harmless.
func (h *Harness) Stop() {
	if h.SB != nil {
		h.SB.Close()
		h.SB = nil
	}
}

// Restart stops the program once it has handled everything sent to it
// (and sent what was due), and starts it again on the same database, clock
// and Telegram.
func (h *Harness) Restart() {
	h.T.Helper()
	h.quiesce()
	h.Stop()
	h.run()
}

func (h *Harness) quiesce() {
	h.T.Helper()
	h.Settle()
	if h.opts.Reminders {
		h.CatchUp()
	}
}

// RestartAt is Restart with the clock moved to now while the program is
// down. It returns what the new run sent until it had caught up with what
// fell due meanwhile (with the dispatcher on).
func (h *Harness) RestartAt(now time.Time) []tgfake.Sent {
	h.T.Helper()
	h.quiesce()
	h.Stop()
	h.Clock.Set(now)
	mark := h.Fake.Mark()
	h.run()
	if h.opts.Reminders {
		h.CatchUp()
	}
	return h.Fake.Sent()[mark:]
}

// Settle waits until the program has handled every update sent so far and
// sent everything it answered.
func (h *Harness) Settle() {
	h.T.Helper()
	h.wait(h.SB.Settle)
}

// wait runs one of the sandbox's waits, bounded by testkit.WaitLimit, and
// fails the test if it ends in an error.
func (h *Harness) wait(f func(context.Context) error) {
	h.T.Helper()
	ctx, cancel := testkit.Waiting()
	defer cancel()
	if err := f(ctx); err != nil {
		h.T.Fatal(err)
	}
}

// Say makes a user write text in a chat (a group, or their private chat
// with the bot) and returns everything the program sent in answer.
func (h *Harness) Say(chat, from int64, text string, opts ...tgfake.MsgOption) []tgfake.Sent {
	h.T.Helper()
	mark := h.Fake.Mark()
	h.Fake.SendText(chat, from, text, opts...)
	h.Settle()
	return h.Fake.Sent()[mark:]
}

// Reply is Say with exactly one message expected in answer; it returns it.
func (h *Harness) Reply(chat, from int64, text string, opts ...tgfake.MsgOption) tgfake.Sent {
	h.T.Helper()
	out := h.Say(chat, from, text, opts...)
	if len(out) != 1 {
		h.T.Fatalf("%q: the bot sent %d messages, want 1:\n%s", text, len(out), testkit.Dump(out))
	}
	return out[0]
}

// Answer is Say with exactly one message expected in the chat, which must
// contain every want; private copies to others may come besides.
func (h *Harness) Answer(chat, from int64, text string, wants ...string) tgfake.Sent {
	h.T.Helper()
	out := h.Say(chat, from, text)
	here := onlyIn(out, chat)
	if len(here) != 1 {
		h.T.Fatalf("%q: the bot sent %d messages to the chat, want 1:\n%s", text, len(here), testkit.Dump(out))
	}
	testkit.MustContain(h.T, here[0].PlainText, wants...)
	return here[0]
}

// Assign gives a task in a chat as 刘书记 and returns its card: the one
// message in the chat. Besides it, only the task's private copies to
// assignees who started the bot may come.
func (h *Harness) Assign(chat int64, text string, opts ...tgfake.MsgOption) tgfake.Sent {
	h.T.Helper()
	return h.AssignAs(chat, testkit.Boss, text, opts...)
}

// AssignAs is Assign by someone else.
func (h *Harness) AssignAs(chat, from int64, text string, opts ...tgfake.MsgOption) tgfake.Sent {
	h.T.Helper()
	out := h.Say(chat, from, text, opts...)
	here := onlyIn(out, chat)
	if len(here) != 1 || !strings.Contains(here[0].PlainText, "已交办") {
		h.T.Fatalf("%q was not assigned:\n%s", text, testkit.Dump(out))
	}
	for _, s := range out {
		if s.ChatID != chat && (s.ChatID < 0 || !strings.Contains(s.PlainText, "📌 新任务")) {
			h.T.Fatalf("%q: besides the card, a message that is no private copy of the task:\n%s", text, testkit.Dump(out))
		}
	}
	return here[0]
}

func onlyIn(sent []tgfake.Sent, chat int64) []tgfake.Sent {
	return testkit.Keep(sent, func(s tgfake.Sent) bool { return s.ChatID == chat })
}

// Press presses the button labelled label on a message of the bot's and
// returns what the program sent (edits included) and its answer to the
// press.
func (h *Harness) Press(chat int64, messageID int, from int64, label string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	h.T.Helper()
	mark := h.Fake.Mark()
	id, err := h.Fake.PressButton(chat, messageID, from, label)
	if err != nil {
		h.T.Fatal(err)
	}
	return h.pressed(mark, id)
}

// PressData presses a button with any data, forged or not.
func (h *Harness) PressData(chat int64, messageID int, from int64, data string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	h.T.Helper()
	mark := h.Fake.Mark()
	return h.pressed(mark, h.Fake.Press(chat, messageID, from, data))
}

func (h *Harness) pressed(mark int, id string) ([]tgfake.Sent, tgfake.CallbackAnswer) {
	h.T.Helper()
	h.Settle()
	ctx, cancel := testkit.Waiting()
	defer cancel()
	ans, err := h.Fake.WaitCallbackAnswer(ctx, id)
	if err != nil {
		h.T.Fatalf("the button press was not answered: %v", err)
	}
	return h.Fake.Sent()[mark:], ans
}

// CatchUp waits until the reminder dispatcher has sent everything due at
// the clock's time.
func (h *Harness) CatchUp() {
	h.T.Helper()
	h.wait(h.SB.CatchUp)
}

// Advance moves the clock to t through every moment a reminder falls due
// on the way, letting the dispatcher send what falls due at each, and
// returns everything the program sent meanwhile.
func (h *Harness) Advance(t time.Time) []tgfake.Sent {
	h.T.Helper()
	mark := h.Fake.Mark()
	ctx, cancel := context.WithTimeout(context.Background(), 5*testkit.WaitLimit) // many moments
	defer cancel()
	if err := h.SB.AdvanceTo(ctx, t, nil); err != nil {
		h.T.Fatal(err)
	}
	return h.Fake.Sent()[mark:]
}

// WaitFor waits (in real time) for a message sent after mark that matches
// pred, and returns it.
func (h *Harness) WaitFor(mark int, what string, pred func(tgfake.Sent) bool) tgfake.Sent {
	h.T.Helper()
	ctx, cancel := testkit.Waiting()
	defer cancel()
	s, err := h.Fake.WaitForAfter(ctx, mark, pred)
	if err != nil {
		h.T.Fatalf("%s never came: %v\nsent:\n%s", what, err, testkit.Dump(h.Fake.Sent()[mark:]))
	}
	return s
}

// WaitLogged waits until the program has logged s.
func (h *Harness) WaitLogged(s string) {
	h.T.Helper()
	h.wait(func(ctx context.Context) error { return h.Logs.WaitFor(ctx, s) })
}

// Chat returns a group's record in the store.
func (h *Harness) Chat(telegramID int64) *models.Chat {
	h.T.Helper()
	c, err := h.Store.ChatByTelegramID(context.Background(), telegramID)
	if err != nil {
		h.T.Fatalf("the group %d in the store: %v", telegramID, err)
	}
	return c
}
