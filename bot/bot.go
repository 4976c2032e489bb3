package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/metrics"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
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
	// global timeout; each call is bounded by Timeouts).
	HTTPClient *http.Client
	// Timeouts bound each Bot API call by its kind (zero: the defaults).
	Timeouts botapi.Timeouts
	// Retry is how answers that Telegram failed to take are tried again
	// (zero: the defaults).
	Retry Retry
	// Outbox paces everything the bot sends (default: a private one with
	// Telegram's limits). Share one outbox between bots on one token.
	Outbox *outbox.Outbox
	// Dashboard is where the Mini App dashboard is reached (zero: off).
	Dashboard Dashboard
	// AfterUpdate, if set, is called after each update has been handled to
	// the end (its changes and answers committed). Tests and the console
	// use it, with [Bot.WaitSent], to know when the bot has answered
	// everything it was sent.
	AfterUpdate func(*tgmodels.Update)

	// Webhook: Telegram posts updates to WebhookHandler, so Run does not
	// poll (without it Run deletes any webhook and polls).
	Webhook bool
	// InboxPoll is how often the inbox is read when nothing woke it (default
	// a minute): other instances store webhook updates in it too.
	InboxPoll time.Duration
	// QueueRescan, if positive, is how often the queue of messages is read
	// again for chats whose senders were not started (messages another
	// instance queued); 0: only at the start.
	QueueRescan time.Duration
	// Fence, if set, is asked before each queued message is sent; an error
	// (this instance no longer leads) leaves the message to the leader.
	Fence func(ctx context.Context) error
	// Instance names this program on every Bot API call (see
	// botapi.Transport.Instance); nil for none.
	Instance func() string
	// Metrics counts updates and messages (nil: none).
	Metrics *metrics.Metrics
	// Progress, if set, hears when the inbox's loop starts handling
	// (busy) and when it goes back to waiting: /livez finds a stuck loop.
	Progress func(busy bool)
}

// Bot handles Telegram updates for duban: it keeps what it receives in the
// inbox (inbox.go), handles each update as one unit of work, and delivers
// what the handlers queued through per-chat senders (sender.go).
type Bot struct {
	api    *tgbot.Bot
	tg     *botapi.Transport
	store  *models.Store
	clock  clock.Clock
	cal    Calendar
	log    *slog.Logger
	zone   *time.Location
	me     *tgmodels.User
	admins *adminCache
	outbox *outbox.Outbox
	after  func(*tgmodels.Update)
	retry  Retry
	dash   Dashboard

	cmds    []command     // the command table, built once
	wake    chan struct{} // the inbox has new updates
	senders *senders

	webhook   bool
	inboxPoll time.Duration
	fence     func(ctx context.Context) error
	metrics   *metrics.Metrics
	progress  func(busy bool)

	queueRescan time.Duration
}

// New connects to the Bot API (getMe) and returns a bot ready to [Bot.Run].
// Errors never contain the token.
func New(ctx context.Context, cfg Config, store *models.Store) (*Bot, error) {
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
	if cfg.Outbox == nil {
		cfg.Outbox = outbox.New(context.WithoutCancel(ctx), cfg.Clock, outbox.Limits{})
	}
	b := &Bot{store: store, clock: cfg.Clock, cal: cfg.Calendar, log: cfg.Logger, zone: cfg.DefaultZone,
		after: cfg.AfterUpdate, outbox: cfg.Outbox, retry: cfg.Retry.withDefaults(), wake: make(chan struct{}, 1)}
	b.admins = newAdminCache(cfg.AdminTTL, cfg.Clock)
	b.dash = cfg.Dashboard
	b.webhook, b.inboxPoll, b.fence, b.metrics = cfg.Webhook, cfg.InboxPoll, cfg.Fence, cfg.Metrics
	b.progress, b.queueRescan = cfg.Progress, cfg.QueueRescan
	if b.progress == nil {
		b.progress = func(bool) {}
	}
	if b.inboxPoll <= 0 {
		b.inboxPoll = time.Minute
	}
	b.senders = newSenders(b)
	b.cmds = b.commands()
	// Every call goes through the transport, which bounds it and removes
	// the token from whatever comes back: errors are safe to log from here
	// on.
	b.tg = botapi.NewTransport(cfg.HTTPClient, cfg.APIURL, cfg.Token, cfg.PollTimeout, cfg.Timeouts)
	b.tg.Instance, b.tg.Metrics = cfg.Instance, cfg.Metrics
	opts := []tgbot.Option{
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(cfg.PollTimeout, b.tg),
		tgbot.WithErrorsHandler(func(err error) {
			b.log.Warn("telegram", slog.String("err", err.Error()))
		}),
	}
	if cfg.APIURL != "" {
		opts = append(opts, tgbot.WithServerURL(cfg.APIURL))
	}
	api, err := tgbot.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("create telegram client: %s", botapi.Redact(err.Error(), cfg.Token))
	}
	b.api = api
	me, err := api.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to the Bot API (getMe): %w", err)
	}
	b.me = me
	return b, nil
}

// ForgetCaches drops what the bot remembers between updates (groups'
// administrators): an instance that takes the lead over from another must
// not act on what it learnt before the other's term.
func (b *Bot) ForgetCaches() {
	b.admins.mu.Lock()
	clear(b.admins.byID)
	b.admins.mu.Unlock()
}

// Username is the bot's @username without the @.
func (b *Bot) Username() string { return b.me.Username }

// Run registers the command menus, then receives updates into the inbox,
// handles them and delivers the answers until ctx ends. It then finishes the
// update in hand and the messages in flight, and returns; what is not yet
// handled or sent waits in the database for the next start.
func (b *Bot) Run(ctx context.Context) error {
	menus, cancel := context.WithTimeout(ctx, 30*time.Second)
	if err := b.setCommands(menus); err != nil {
		// Menus are a convenience: the bot works without them.
		b.log.Warn("set command menus", slog.String("err", err.Error()))
	}
	b.setMenuButton(menus)
	cancel()
	b.log.Info("bot started", slog.String("username", b.me.Username))
	b.senders.start(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if !b.webhook && b.deleteWebhook(ctx) {
			b.poll(ctx)
		}
	}()
	go func() {
		defer wg.Done()
		b.work(ctx)
	}()
	wg.Wait()        // the update in hand is finished
	b.senders.wait() // and so are the messages in flight
	b.log.Info("bot stopped")
	return nil
}
