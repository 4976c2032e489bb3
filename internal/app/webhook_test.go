package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// webhookRun is the program in webhook mode behind a fake Telegram that
// delivers to its HTTP server.
type webhookRun struct {
	t    testing.TB
	fake *tgfake.Server
	app  *app.App
	base string // http://addr
	stop func()
}

// askHelp has 张伟 send /help in the work group and waits for the answer:
// the update went through the webhook and was handled. It returns the
// fake's mark from before the command.
func (r *webhookRun) askHelp(ctx context.Context, t testing.TB) int {
	t.Helper()
	mark := r.fake.Mark()
	r.fake.SendText(testkit.WorkGroup, testkit.Zhang, "/help")
	if _, err := r.fake.WaitSentAfter(ctx, mark, 1); err != nil {
		t.Fatal(err)
	}
	return mark
}

// startWebhook runs the program in webhook mode on db with the work group
// and the cast in a new fake, which delivers to the program's HTTP server.
func startWebhook(t testing.TB, db string, scale app.Scale) *webhookRun {
	t.Helper()
	fake := tgfake.New()
	t.Cleanup(fake.Close)
	for _, p := range testkit.People() {
		fake.AddUser(p.User())
	}
	fake.AddGroup(testkit.Work().Fake())
	scale.WebhookURL = "https://duban.example.gov.cn" + app.WebhookPath
	run := runApp(t, app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: db,
		HTTP: "127.0.0.1:0", PollTimeout: time.Second, Scale: scale},
		func(a *app.App) { fake.SetWebhookTargets("http://" + a.HTTPAddr()) })
	return &webhookRun{t: t, fake: fake, app: run.app, base: "http://" + run.app.HTTPAddr(), stop: run.stop}
}

// post delivers body to the webhook as Telegram would, with secret.
func (r *webhookRun) post(secret, body string) int {
	r.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, r.base+app.WebhookPath, strings.NewReader(body))
	if secret != "" {
		req.Header.Set(tgfake.SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// get returns the status and body of a GET.
func (r *webhookRun) get(path string) (int, string) {
	r.t.Helper()
	resp, err := http.Get(r.base + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// helpUpdate is a /help in the work group, as Telegram would post it.
func helpUpdate(id int64) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":%d,`+
		`"chat":{"id":%d,"type":"supergroup","title":"招商引资工作群"},"from":{"id":%d,"is_bot":false,"first_name":"张伟"},`+
		`"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}`,
		id, id%100000, time.Now().Unix(), testkit.WorkGroup, testkit.Zhang)
}

// chatUpdate is a message of the work group that is not a command.
func chatUpdate(id int64, from int64, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":%d,`+
		`"chat":{"id":%d,"type":"supergroup","title":"招商引资工作群"},"from":{"id":%d,"is_bot":false,"first_name":"%s"},`+
		`"text":%q}}`, id, id%100000, time.Now().Unix(), testkit.WorkGroup, from, testkit.Who(from).Name, text)
}

// answers counts the bot's messages to the work group so far.
func answers(f *tgfake.Server) int { return len(testkit.To(f.Sent(), testkit.WorkGroup)) }

func TestWebhookHandler(t *testing.T) {
	r := startWebhook(t, filepath.Join(t.TempDir(), "duban.db"), app.Scale{})
	ctx, cancel := testkit.Waiting()
	defer cancel()
	// Registered with the derived secret; the fake delivers a user's
	// command through it and the bot answers.
	mark := r.askHelp(ctx, t)
	url, secret := r.fake.WebhookURL()
	if url != "https://duban.example.gov.cn"+app.WebhookPath || secret != app.WebhookSecret("", r.fake.Token()) {
		t.Fatalf("webhook %q with secret %q", url, secret)
	}
	if code, body := r.get("/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d %s", code, body)
	}

	// Without the secret, or with a wrong one: 401, and nothing is stored
	// (the same update with the right secret is then new).
	const id = 2_000_000_001
	for _, s := range []string{"", "wrong", secret + "x"} {
		if code := r.post(s, helpUpdate(id)); code != http.StatusUnauthorized {
			t.Errorf("secret %q: %d, want 401", s, code)
		}
	}
	for _, body := range []string{"", "{", `{"update_id":0}`, `[1,2]`} {
		if code := r.post(secret, body); code != http.StatusBadRequest {
			t.Errorf("body %q: %d, want 400", body, code)
		}
	}
	before := answers(r.fake)
	if code := r.post(secret, helpUpdate(id)); code != http.StatusOK {
		t.Fatalf("a good delivery: %d", code)
	}
	// Telegram delivers it again (it missed the 200): stored and handled once.
	if code := r.post(secret, helpUpdate(id)); code != http.StatusOK {
		t.Fatalf("a redelivery: %d", code)
	}
	if code := r.post(secret, helpUpdate(id+1)); code != http.StatusOK {
		t.Fatal(code)
	}
	if _, err := r.fake.WaitSentAfter(ctx, mark, before-mark+2); err != nil {
		t.Fatal(err)
	}
	if err := r.app.Bot.WaitSent(ctx); err != nil {
		t.Fatal(err)
	}
	if got := answers(r.fake) - before; got != 2 {
		t.Errorf("%d answers to two updates (one delivered twice), want 2", got)
	}

	// The counters moved.
	code, metrics := r.get("/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`duban_updates_total{kind="message",stage="handled"} 3`,
		`duban_updates_total{kind="message",stage="received"} 4`,
		`duban_messages_sent_total{class="answer",result="ok"}`,
		"duban_leader 1", "duban_inbox_backlog 0", "duban_outbox_queue 0", "duban_build_info{version=",
		"duban_update_duration_seconds_count 3",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// The database is gone: the delivery is refused with 503 (Telegram
	// tries again later), and the instance is not ready.
	if err := r.app.Store.Close(); err != nil {
		t.Fatal(err)
	}
	if code := r.post(secret, helpUpdate(id+2)); code != http.StatusServiceUnavailable {
		t.Errorf("database down: %d, want 503", code)
	}
	if code, _ := r.get("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database down = %d, want 503", code)
	}
}

// A configured secret is the one registered and checked.
func TestWebhookConfiguredSecret(t *testing.T) {
	r := startWebhook(t, filepath.Join(t.TempDir(), "duban.db"), app.Scale{WebhookSecret: "my-secret_1"})
	ctx, cancel := testkit.Waiting()
	defer cancel()
	r.askHelp(ctx, t)
	if _, secret := r.fake.WebhookURL(); secret != "my-secret_1" {
		t.Errorf("registered secret %q", secret)
	}
	if code := r.post(app.WebhookSecret("", r.fake.Token()), helpUpdate(2_000_000_100)); code != http.StatusUnauthorized {
		t.Errorf("the derived secret was taken: %d", code)
	}
	if bytes.Contains([]byte(r.fake.Token()), []byte(app.WebhookSecret("", r.fake.Token()))) {
		t.Error("the derived secret contains the token")
	}
}

// Switching back from webhook mode: the program started without a public
// URL deletes the webhook (keeping what is pending) and polls, and what
// was sent meanwhile is answered.
func TestPollingAfterWebhook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "duban.db")
	r := startWebhook(t, db, app.Scale{})
	ctx, cancel := testkit.Waiting()
	defer cancel()
	r.askHelp(ctx, t)
	r.stop()
	mark := r.fake.Mark()
	r.fake.SetWebhookTargets("http://127.0.0.1:1") // nobody listens there now
	r.fake.SendText(testkit.WorkGroup, testkit.Zhang, "/help")
	runApp(t, app.Config{Token: r.fake.Token(), APIURL: r.fake.URL(), DB: db, PollTimeout: time.Second}, nil)
	if _, err := r.fake.WaitSentAfter(ctx, mark, 1); err != nil {
		t.Fatal(err)
	}
	if url, _ := r.fake.WebhookURL(); url != "" {
		t.Errorf("the webhook is still set: %s", url)
	}
}
