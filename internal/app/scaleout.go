package app

import (
	"log/slog"
	"time"

	"github.com/duban-bot/duban/internal/metrics"
	"github.com/duban-bot/duban/models"
)

// Scale is the part of Config about running as a service: webhook mode,
// several instances, metrics and health.
type Scale struct {
	// WebhookURL, when set, puts the bot in webhook mode: at start every
	// instance registers it with setWebhook, and Telegram posts updates
	// there (DUBAN_PUBLIC_URL + WebhookPath). It needs HTTP. Empty: the
	// leader long-polls, after deleteWebhook.
	WebhookURL string
	// WebhookSecret is the secret Telegram sends with each delivery (see
	// WebhookSecret for the default).
	WebhookSecret string
	// Instance names this process in the log, in leader_terms and on its
	// Bot API calls (default host-pid).
	Instance string
	// Version is shown in duban_build_info.
	Version string
	// StuckAfter is how long one step of a leader's loop may take before
	// /livez fails (default 3 minutes).
	StuckAfter time.Duration
}

// scaleState is the App's part of running as a service.
type scaleState struct {
	log     *slog.Logger
	lead    leadership
	loops   loops
	webhook *webhook         // nil when polling
	metrics *metrics.Metrics // nil without an HTTP server
	dbLock  *fileLock        // SQLite: this process's hold on the file
}

// initScale takes the SQLite file lock and prepares the election, the
// webhook and the metrics.
func (a *App) initScale(cfg *Config) error {
	a.log = cfg.Logger
	a.lead.instance = cfg.Instance
	if a.lead.instance == "" {
		a.lead.instance = defaultInstance()
	}
	lock, err := lockDatabase(cfg.DB)
	if err != nil {
		return err
	}
	a.dbLock = lock
	if cfg.WebhookURL != "" {
		a.webhook = newWebhook(cfg.WebhookURL, WebhookSecret(cfg.WebhookSecret, cfg.Token), cfg.Logger)
	}
	if cfg.HTTP != "" {
		a.metrics = metrics.New(cfg.Version)
	}
	return nil
}

// mountScale serves the webhook, /metrics, /livez and /readyz.
func (a *App) mountScale(cfg Config) {
	if a.webhook != nil {
		a.http.mux.Handle("POST "+WebhookPath, a.Bot.WebhookHandler(a.webhook.secret))
	}
	a.metrics.CountQueues(a.Store.QueueLengths)
	a.http.mux.Handle("GET /metrics", a.metrics.Handler())
	stuck := cfg.StuckAfter
	if stuck <= 0 {
		stuck = defaultStuckAfter
	}
	a.http.mountHealth(a, stuck)
}

// inboxPoll is how often the leader reads the inbox unprompted: on
// PostgreSQL other instances store webhook deliveries there, and nothing
// in this process wakes the leader for them. The dispatcher looks at the
// plan ten times less often, and the senders at the queue fifty times less
// often, for the same reason (another instance may have changed them).
func (a *App) inboxPoll(dsn string) time.Duration {
	if models.IsPostgresDSN(dsn) {
		return 100 * time.Millisecond
	}
	return 0 // the bot's default: only this process writes the inbox
}

// Leads reports whether this instance leads now, and its term.
func (a *App) Leads() (bool, uint64) {
	e := a.lead.epoch.Load()
	return e != 0, e
}
