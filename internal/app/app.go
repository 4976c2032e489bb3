// Package app wires duban together: the store, the working-day calendar, the
// reminder planner and dispatcher, the outbox and the bot. It is the one
// place where bot and scheduler meet (they never import each other); the
// duban command and the test sandbox both build the program through it, so
// tests run exactly what users run.
package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// Config is what the program needs to start.
type Config struct {
	Token       string
	APIURL      string
	DB          string // SQLite path or postgres:// DSN
	Zone        *time.Location
	Calendar    *workday.Calendar
	Clock       clock.Clock // the bot's and scheduler's time (default real)
	SendClock   clock.Clock // the outbox's time: Telegram's limits are real seconds (default real)
	Limits      outbox.Limits
	Logger      *slog.Logger
	PollTimeout time.Duration
	Timeouts    botapi.Timeouts // bounds of Bot API calls (zero: the defaults)
	Retry       bot.Retry       // how answers Telegram failed to take are tried again (zero: the defaults)
	AfterUpdate func(*tgmodels.Update)
	// HTTP is the address of the HTTP server (DUBAN_HTTP; "" for none,
	// "127.0.0.1:0" for a free port): the Mini App dashboard under /app/.
	HTTP string
	// PublicURL and MiniAppName say where people reach the dashboard
	// (DUBAN_PUBLIC_URL, DUBAN_MINIAPP_NAME); /dashboard links there.
	PublicURL   string
	MiniAppName string

	// Several instances, webhook mode, metrics and health: scaleout.go.
	Scale
}

// App is the running program.
type App struct {
	Store      *models.Store
	Bot        *bot.Bot
	Dispatcher *scheduler.Dispatcher
	Outbox     *outbox.Outbox

	http   *httpServer // nil without Config.HTTP
	cancel context.CancelFunc
	runCtx context.Context

	scaleState
}

// New opens the store and connects the bot; nothing runs until Run.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.SendClock == nil {
		cfg.SendClock = clock.Real{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Calendar == nil {
		cal, err := workday.Load("", cfg.Logger)
		if err != nil {
			return nil, err
		}
		cfg.Calendar = cal
	}
	a := &App{}
	if err := a.initScale(&cfg); err != nil {
		return nil, err
	}
	a.runCtx, a.cancel = context.WithCancel(context.WithoutCancel(ctx))
	// Each part is built on the ones before it: store → outbox → bot →
	// dispatcher. The dispatcher follows the store's PlanChanged signal.
	store, err := models.Open(ctx, cfg.DB, models.Options{
		Now: cfg.Clock.Now, Logger: cfg.Logger,
		Planner: &scheduler.Planner{Cal: cfg.Calendar, Log: cfg.Logger},
	})
	if err != nil {
		a.cancel()
		a.dbLock.unlock()
		return nil, err
	}
	a.Store = store
	a.Outbox = outbox.New(a.runCtx, cfg.SendClock, cfg.Limits)
	b, err := bot.New(ctx, bot.Config{
		Token: cfg.Token, APIURL: cfg.APIURL, DefaultZone: cfg.Zone, Clock: cfg.Clock,
		Calendar: cfg.Calendar, Logger: cfg.Logger, PollTimeout: cfg.PollTimeout,
		Timeouts: cfg.Timeouts, Retry: cfg.Retry, Outbox: a.Outbox, AfterUpdate: cfg.AfterUpdate,
		Dashboard: bot.Dashboard{PublicURL: cfg.PublicURL, AppName: cfg.MiniAppName},
		Webhook:   cfg.WebhookURL != "", InboxPoll: a.inboxPoll(cfg.DB), Fence: a.fence, Instance: a.lead.marker,
		Metrics: a.metrics, Progress: a.loops.progress("inbox"), QueueRescan: a.inboxPoll(cfg.DB) * 50,
	}, store)
	if err != nil {
		a.cancel()
		store.Close()
		a.dbLock.unlock()
		return nil, err
	}
	a.Bot = b
	a.Dispatcher = scheduler.NewDispatcher(store, b, cfg.Clock, cfg.Logger)
	a.Dispatcher.Fence, a.Dispatcher.Metrics, a.Dispatcher.Progress = a.fence, a.metrics, a.loops.progress("dispatcher")
	a.Dispatcher.MaxSleep = a.inboxPoll(cfg.DB) * 10
	if cfg.HTTP != "" {
		if a.http, err = newHTTPServer(cfg.HTTP, cfg.Logger); err != nil {
			a.cancel()
			store.Close()
			a.dbLock.unlock()
			return nil, err
		}
		a.http.mountMiniApp(cfg, a)
		a.mountScale(cfg)
	}
	return a, nil
}

// RunHTTP serves the HTTP server until ctx ends (Run does it too); it
// returns at once without one.
func (a *App) RunHTTP(ctx context.Context) error {
	if a.http == nil {
		return nil
	}
	return a.http.run(ctx)
}

// HTTPAddr is the address the HTTP server listens on ("" without one).
func (a *App) HTTPAddr() string {
	if a.http == nil {
		return ""
	}
	return a.http.ln.Addr().String()
}

// Run handles updates and sends reminders until ctx ends, then finishes the
// update and the reminder in hand and returns. With several instances on
// one database, it does so only while this instance leads (leader.go); the
// HTTP server runs throughout.
func (a *App) Run(ctx context.Context) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	var httpErr error
	if a.http != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer stop() // if one part stops, all do
			httpErr = a.RunHTTP(ctx)
		}()
	}
	if a.webhook != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.registerWebhook(ctx)
		}()
	}
	a.runElected(ctx, a.lead1)
	stop()
	wg.Wait()
	return httpErr
}

// lead1 is one term's work: the bot (the inbox, polling, the senders) and
// the reminder dispatcher, until ctx ends.
func (a *App) lead1(ctx context.Context) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if err := a.Store.PlanMissingDigests(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer stop() // if one part stops, both do
		errs[0] = a.Bot.Run(ctx)
	}()
	go func() {
		defer wg.Done()
		defer stop()
		errs[1] = a.Dispatcher.Run(ctx)
	}()
	wg.Wait()
	return errors.Join(errs...)
}

// Close stops the outbox and closes the store; call it after Run returned.
func (a *App) Close() error {
	a.cancel()
	if a.http != nil {
		a.http.close()
	}
	err := a.Store.Close()
	a.dbLock.unlock()
	return err
}
