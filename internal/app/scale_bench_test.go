package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The figures of issue 17 (docs/BENCHMARKS.md). Run them with
//
//	DUBAN_TEST_POSTGRES=... go test ./internal/app -run '^$' -bench 'Webhook|Leader' -benchtime 1x
//
// Each runs a fixed workload once per iteration and reports its own
// figures (b.ReportMetric), so -benchtime 1x is enough.

// BenchmarkWebhookAck posts updates to the webhook of one program on
// PostgreSQL at 200 a second (open loop: each at its own moment, whatever
// the answers before it took) and reports the time to the 200: p50, p99
// and max. The leader handles them meanwhile, as it would.
func BenchmarkWebhookAck(b *testing.B) {
	dsn := testkit.Postgres.New(b)
	r := startWebhook(b, dsn, app.Scale{})
	secret := app.WebhookSecret("", r.fake.Token())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	const rate, total = 200, 1000
	var next int64 = 3_000_000_000
	for range b.N {
		lat := make([]time.Duration, total)
		var wg sync.WaitGroup
		tick := time.NewTicker(time.Second / rate)
		for i := range total {
			<-tick.C
			next++
			body := chatUpdate(next, []int64{testkit.Zhang, testkit.Wang, testkit.Li}[i%3], fmt.Sprintf("第%d条工作消息", i))
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodPost, r.base+app.WebhookPath, strings.NewReader(body))
				req.Header.Set(tgfake.SecretHeader, secret)
				start := time.Now()
				resp, err := client.Do(req)
				lat[i] = time.Since(start)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Errorf("delivery %d: %v %v", i, err, resp)
					return
				}
				resp.Body.Close()
			}()
		}
		tick.Stop()
		wg.Wait()
		slices.Sort(lat)
		b.ReportMetric(ms(lat[total/2]), "p50-ms")
		b.ReportMetric(ms(lat[total*99/100]), "p99-ms")
		b.ReportMetric(ms(lat[total-1]), "max-ms")
	}
}

// BenchmarkLeaderHandlesUpdates puts 2,000 updates into the inbox of one
// leading program on PostgreSQL at once (half /help, whose answer is
// queued, half ordinary group messages) and reports how many it handles
// a second, to the last one's commit.
func BenchmarkLeaderHandlesUpdates(b *testing.B) {
	dsn := testkit.Postgres.New(b)
	fake := tgfake.New()
	b.Cleanup(fake.Close)
	for _, p := range testkit.People() {
		fake.AddUser(p.User())
	}
	fake.AddGroup(testkit.Work().Fake())
	a, err := app.New(context.Background(), app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: dsn,
		PollTimeout: time.Second, Limits: sandbox.Unpaced})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = a.Run(ctx) }()
	defer func() { cancel(); <-done; a.Close() }()
	testkit.WaitUntil(b, "the lead", func() bool { ok, _ := a.Leads(); return ok })
	const total = 2000
	var next int64 = 4_000_000_000
	for range b.N {
		ups := make([]botapi.Update, total)
		for i := range ups {
			next++
			body := helpUpdate(next)
			if i%2 == 1 {
				body = chatUpdate(next, testkit.Wang, fmt.Sprintf("进展第%d条", i))
			}
			ups[i] = botapi.Update{ID: next, Raw: json.RawMessage(body)}
		}
		for i := 0; i < total; i += 100 {
			if err := a.Bot.Receive(ctx, ups[i:i+100]); err != nil {
				b.Fatal(err)
			}
		}
		start := time.Now()
		testkit.WaitUntil(b, "the inbox handled", func() bool {
			_, inbox, err := a.Store.QueueLengths(ctx)
			return err == nil && inbox == 0
		})
		b.ReportMetric(total/time.Since(start).Seconds(), "updates/s")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
