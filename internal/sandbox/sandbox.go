// Package sandbox runs the real program (internal/app) against the
// in-process fake Bot API (internal/tgfake) with a real database: the
// setting of the end-to-end tests and of `duban console`. The bot talks to
// the fake over HTTP exactly as it talks to Telegram.
package sandbox

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// Options configure [Start]. Zero values are sensible.
type Options struct {
	// DB is a SQLite path or postgres:// DSN; "" makes a temporary SQLite file
	// that Close removes.
	DB string
	// Clock drives the bot, the store, the scheduler and the fake's message
	// dates (default: the real clock).
	Clock clock.Clock
	// Zone is the zone of new groups (default Asia/Shanghai).
	Zone *time.Location
	// Logger receives the program's logs (default: discarded).
	Logger *slog.Logger
	// Fake adds options to the fake server.
	Fake []tgfake.Option
	// Limits pace what the bot sends (default: Telegram's), on the real
	// clock: pacing is about real seconds. Tests that do not test pacing
	// raise them to run fast.
	Limits outbox.Limits
	// NoReminders leaves the reminder dispatcher off: for tests of commands
	// that move the clock and count the answers. Reminders are still planned.
	NoReminders bool
	// Calendar is the working-day calendar (default: the built-in one), for
	// tests of years whose holidays are not built in.
	Calendar *workday.Calendar
	// Retry is how answers the fake failed to take are tried again (default:
	// quickly, 20 ms growing to 200 ms, 6 attempts: the fake fails only when
	// a test asks it to).
	Retry bot.Retry
	// Timeouts bound Bot API calls (zero: the program's defaults).
	Timeouts botapi.Timeouts
	// HTTP starts the program's HTTP server (the dashboard) on this address,
	// e.g. "127.0.0.1:0"; PublicURL is where /dashboard links to.
	HTTP, PublicURL string
	// Server is a fake Telegram of the caller's, who made it, prepared it
	// (its people and groups, before the program starts and sends what fell
	// due while it was down) and closes it; Fake is then ignored. A test
	// restarts the program against the same fake, as Telegram outlives a
	// restart; the run before must have handled every update sent to it.
	Server *tgfake.Server
}

// Sandbox is the running program with its fake Telegram and its database.
type Sandbox struct {
	Fake  *tgfake.Server
	App   *app.App
	Store *models.Store
	Clock clock.Clock

	mu      sync.Mutex
	handled int64         // highest update id handled to the end
	changed chan struct{} // closed and replaced when handled grows
	cancel  context.CancelFunc
	stopped chan struct{}
	tempDir string
	ownFake bool // made by Start, closed by Close
}

// Start creates the fake server, opens the database and runs the program
// (long polling and the reminder dispatcher) until Close.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Zone == nil {
		zone, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			return nil, err
		}
		opts.Zone = zone
	}
	s := &Sandbox{Clock: opts.Clock, changed: make(chan struct{}), stopped: make(chan struct{})}
	if opts.DB == "" {
		dir, err := os.MkdirTemp("", "duban-sandbox-")
		if err != nil {
			return nil, err
		}
		s.tempDir = dir
		opts.DB = filepath.Join(dir, "duban.db")
	}
	if opts.Retry == (bot.Retry{}) {
		opts.Retry = bot.Retry{First: 20 * time.Millisecond, Max: 200 * time.Millisecond, Attempts: 6}
	}
	if opts.Server != nil {
		s.Fake, s.handled = opts.Server, opts.Server.LastUpdateID()
	} else {
		s.Fake = tgfake.New(append([]tgfake.Option{tgfake.WithClock(opts.Clock.Now)}, opts.Fake...)...)
		s.ownFake = true
	}
	a, err := app.New(ctx, app.Config{
		Token: s.Fake.Token(), APIURL: s.Fake.URL(), DB: opts.DB, Zone: opts.Zone,
		Clock: opts.Clock, Limits: opts.Limits, Logger: opts.Logger, Calendar: opts.Calendar,
		PollTimeout: 5 * time.Second, Timeouts: opts.Timeouts, Retry: opts.Retry, AfterUpdate: s.afterUpdate,
		HTTP: opts.HTTP, PublicURL: opts.PublicURL,
	})
	if err != nil {
		s.cleanup()
		return nil, fmt.Errorf("start: %w", err)
	}
	s.App, s.Store = a, a.Store
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.cancel = cancel
	go func() {
		defer close(s.stopped)
		if opts.NoReminders {
			served := make(chan struct{})
			go func() { defer close(served); _ = a.RunHTTP(runCtx) }()
			_ = a.Bot.Run(runCtx)
			<-served
			return
		}
		_ = a.Run(runCtx)
	}()
	return s, nil
}

func (s *Sandbox) afterUpdate(u *tgmodels.Update) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID > s.handled {
		s.handled = u.ID
		close(s.changed)
		s.changed = make(chan struct{})
	}
}

// Settle waits until the bot has handled every update queued so far and
// sent what it answered, so that everything it answered is in the fake's
// record.
func (s *Sandbox) Settle(ctx context.Context) error {
	target := s.Fake.LastUpdateID()
	for {
		s.mu.Lock()
		done, ch := s.handled >= target, s.changed
		s.mu.Unlock()
		if done {
			break
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("bot did not handle update %d: %w", target, ctx.Err())
		}
	}
	return s.App.Bot.WaitSent(ctx)
}

// Close stops the program (after the update in hand), the fake and the
// store, and removes a temporary database.
func (s *Sandbox) Close() error {
	if s.cancel != nil {
		s.cancel()
		<-s.stopped
	}
	return s.cleanup()
}

func (s *Sandbox) cleanup() error {
	var err error
	if s.App != nil {
		err = s.App.Close()
	}
	if s.ownFake {
		s.Fake.Close()
	}
	if s.tempDir != "" {
		os.RemoveAll(s.tempDir)
	}
	return err
}
