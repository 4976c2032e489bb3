package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/duban-bot/duban/internal/botapi"
)

// In webhook mode Telegram posts each update to duban's HTTP server: any
// instance that receives one stores it in the inbox and answers 200 only
// after the commit, and the leader handles it from there, exactly as a
// polled update. Telegram delivers again what was not answered 200.

// WebhookSecretHeader carries the secret given to setWebhook.
const WebhookSecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// webhookStoreTimeout is how long a delivery may wait for the database:
// after it the delivery is answered 503 and Telegram tries again later.
const webhookStoreTimeout = 5 * time.Second

// maxWebhookBody bounds an update (Telegram's are a few kilobytes).
const maxWebhookBody = 1 << 20

// WebhookHandler receives Telegram's deliveries: 401 without the secret
// (nothing is read), 400 for a body that is not an update, 503 when the
// database did not take it within 5 seconds, 200 once it is stored.
func (b *Bot) WebhookHandler(secret string) http.Handler {
	want := []byte(secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get(WebhookSecretHeader))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			http.Error(w, "wrong secret", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxWebhookBody+1))
		if err != nil || len(body) > maxWebhookBody {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		var head struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(body, &head); err != nil || head.UpdateID <= 0 {
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), webhookStoreTimeout)
		defer cancel()
		if err := b.Receive(ctx, []botapi.Update{{ID: head.UpdateID, Raw: body}}); err != nil {
			b.log.Warn("webhook update not stored; Telegram will deliver it again",
				slog.Int64("update_id", head.UpdateID), slog.String("err", err.Error()))
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// SetWebhook asks Telegram to deliver updates of the kinds the bot handles
// to url with secret. Pending updates are kept.
func (b *Bot) SetWebhook(ctx context.Context, url, secret string) error {
	_, err := b.api.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: url, SecretToken: secret, AllowedUpdates: allowedUpdates})
	if err != nil {
		return fmt.Errorf("setWebhook: %w", err)
	}
	return nil
}

// WebhookURL is the URL Telegram delivers to ("" when it polls).
func (b *Bot) WebhookURL(ctx context.Context) (string, error) {
	info, err := b.api.GetWebhookInfo(ctx)
	if err != nil {
		return "", fmt.Errorf("getWebhookInfo: %w", err)
	}
	return info.URL, nil
}

// deleteWebhook makes Telegram keep updates for getUpdates again (a switch
// back from webhook mode), keeping those pending; it retries with back-off
// until it succeeds or ctx ends, and reports whether it succeeded.
func (b *Bot) deleteWebhook(ctx context.Context) bool {
	for failures := 1; ; failures++ {
		call, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := b.api.DeleteWebhook(call, &tgbot.DeleteWebhookParams{DropPendingUpdates: false})
		cancel()
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if failures == 1 || failures%20 == 0 {
			b.log.Warn("deleteWebhook before polling", slog.String("err", err.Error()), slog.Int("failures", failures))
		}
		if !sleep(ctx, backoff(failures, 200*time.Millisecond, 5*time.Second)) {
			return false
		}
	}
}

// updateKind is the kind of an update, for the metrics.
func updateKind(raw []byte) string {
	var u map[string]json.RawMessage
	if json.Unmarshal(raw, &u) != nil {
		return "other"
	}
	for _, k := range []string{"message", "callback_query", "chat_member", "my_chat_member", "edited_message", "channel_post"} {
		if _, ok := u[k]; ok {
			return k
		}
	}
	return "other"
}
