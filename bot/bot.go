package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/workday"
)

// Config is what [New] needs besides the store.
type Config struct {
	Token       string
	APIURL      string         // Bot API server; "" for the official one
	DefaultZone *time.Location // zone of groups the bot meets for the first time
	Clock       clock.Clock
	Calendar    Calendar // the national calendar (*workday.Calendar)
	Logger      *slog.Logger
	// PollTimeout is how long one getUpdates call may wait (default 30 s).
	PollTimeout time.Duration
	// AdminTTL is how long a group's administrator list is trusted before it
	// is fetched again (default 5 minutes; chat_member updates refresh it
	// sooner).
	AdminTTL time.Duration
	// HTTPClient is used for the Bot API (default: a client without a
	// global timeout; each call is bounded by its context).
	HTTPClient *http.Client
	// Outbox paces everything the bot sends (default: a private one with
	// Telegram's limits). Share one outbox between bots on one token.
	Outbox *outbox.Outbox
	// Dashboard is where the Mini App dashboard is reached (zero: off).
	Dashboard Dashboard
	// AfterUpdate, if set, is called after each update has been handled to
	// the end. Tests and the console use it to know when the bot has
	// answered everything it was sent.
	AfterUpdate func(*tgmodels.Update)
}

// Bot handles Telegram updates for duban.
type Bot struct {
	api    *tgbot.Bot
	store  Store
	clock  clock.Clock
	cal    Calendar
	log    *slog.Logger
	zone   *time.Location
	me     *tgmodels.User
	admins *adminCache
	outbox *outbox.Outbox
	after  func(*tgmodels.Update)
	dash   Dashboard
	// handleMu serialises Handle: updates are processed one at a time, in
	// order, also when a test or a webhook calls Handle directly.
	handleMu sync.Mutex
}

// New connects to the Bot API (getMe) and returns a bot ready to [Bot.Run].
// Errors never contain the token.
func New(ctx context.Context, cfg Config, store Store) (*Bot, error) {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.DefaultZone == nil {
		cfg.DefaultZone = time.UTC
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	if cfg.AdminTTL <= 0 {
		cfg.AdminTTL = 5 * time.Minute
	}
	if cfg.Calendar == nil {
		cfg.Calendar = workday.Builtin()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Outbox == nil {
		cfg.Outbox = outbox.New(context.WithoutCancel(ctx), cfg.Clock, outbox.Limits{})
	}
	b := &Bot{store: store, clock: cfg.Clock, cal: cfg.Calendar, log: cfg.Logger, zone: cfg.DefaultZone,
		after: cfg.AfterUpdate, outbox: cfg.Outbox}
	b.admins = newAdminCache(cfg.AdminTTL, cfg.Clock)
	b.dash = cfg.Dashboard
	opts := []tgbot.Option{
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(cfg.PollTimeout, cfg.HTTPClient),
		tgbot.WithDefaultHandler(b.onUpdate),
		// One worker, synchronous handlers and an unbuffered channel: an
		// update is confirmed to Telegram (by the next getUpdates offset) only
		// after the one before it was handled, so a crash loses none.
		tgbot.WithWorkers(1),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithUpdatesChannelCap(0),
		tgbot.WithErrorsHandler(func(err error) {
			b.log.Warn("telegram", slog.String("err", redact(err.Error(), cfg.Token)))
		}),
		tgbot.WithAllowedUpdates(tgbot.AllowedUpdates{"message", "callback_query", "chat_member", "my_chat_member"}),
	}
	if cfg.APIURL != "" {
		opts = append(opts, tgbot.WithServerURL(cfg.APIURL))
	}
	api, err := tgbot.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("create telegram client: %s", redact(err.Error(), cfg.Token))
	}
	b.api = api
	me, err := api.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to the Bot API (getMe): %s", redact(err.Error(), cfg.Token))
	}
	b.me = me
	return b, nil
}

// Username is the bot's @username without the @.
func (b *Bot) Username() string { return b.me.Username }

// Run registers the command menus and handles updates until ctx ends; then it
// finishes the update in hand and returns.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.setCommands(ctx); err != nil {
		// Menus are a convenience: the bot works without them.
		b.log.Warn("set command menus", slog.String("err", err.Error()))
	}
	b.setMenuButton(ctx)
	b.log.Info("bot started", slog.String("username", b.me.Username))
	b.api.Start(ctx) // returns after the worker finished its update
	b.log.Info("bot stopped")
	return nil
}

// onUpdate is the library's handler. The library cancels its context when Run
// stops; the update in hand must still finish, so it runs on a context of its
// own with a generous bound.
func (b *Bot) onUpdate(ctx context.Context, _ *tgbot.Bot, upd *tgmodels.Update) {
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	b.Handle(work, upd)
}

// Handle processes one update to the end. It is safe to call from several
// goroutines (calls are serialised) and never panics.
func (b *Bot) Handle(ctx context.Context, upd *tgmodels.Update) {
	b.handleMu.Lock()
	defer b.handleMu.Unlock()
	if b.after != nil {
		defer b.after(upd)
	}
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("panic while handling an update", slog.Int64("update_id", upd.ID), slog.Any("panic", p))
		}
	}()
	if err := b.route(ctx, upd); err != nil && !errors.Is(err, errHandled) {
		b.log.Error("handle update", slog.Int64("update_id", upd.ID), slog.String("err", err.Error()))
	}
}
