package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/url"
	"sync/atomic"
	"time"
)

// WebhookPath is where Telegram posts updates, under DUBAN_PUBLIC_URL.
const WebhookPath = "/telegram/webhook"

// webhook is this instance's part in webhook mode.
type webhook struct {
	url        string
	secret     string
	registered atomic.Bool // setWebhook succeeded (for /readyz)
}

// WebhookSecret is the secret Telegram sends with each delivery: the one
// configured, or one derived from the token (so that every instance of a
// bot agrees on it without more configuration, and it changes with the
// token). Only hex digits: Telegram allows A-Z, a-z, 0-9, _ and -.
func WebhookSecret(configured, token string) string {
	if configured != "" {
		return configured
	}
	sum := sha256.Sum256([]byte("duban webhook secret\x00" + token))
	return hex.EncodeToString(sum[:])
}

// newWebhook checks the webhook URL; an http:// one works (a test, or a
// proxy in front) but is logged, since Telegram accepts only https.
func newWebhook(raw, secret string, log *slog.Logger) *webhook {
	if u, err := url.Parse(raw); err == nil && u.Scheme == "http" {
		log.Warn("the webhook URL is http://: Telegram delivers only to https:// (put a TLS proxy in front)",
			slog.String("url", raw))
	}
	return &webhook{url: raw, secret: secret}
}

// register calls setWebhook until it succeeds or ctx ends.
func (a *App) registerWebhook(ctx context.Context) {
	for failures := 1; ctx.Err() == nil; failures++ {
		call, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := a.Bot.SetWebhook(call, a.webhook.url, a.webhook.secret)
		cancel()
		if err == nil {
			a.webhook.registered.Store(true)
			a.log.Info("webhook registered", slog.String("url", a.webhook.url))
			return
		}
		if failures == 1 || failures%20 == 0 {
			a.log.Warn("register the webhook", slog.String("err", err.Error()), slog.Int("failures", failures))
		}
		sleepCtx(ctx, min(200*time.Millisecond<<min(failures, 5), 5*time.Second))
	}
}
