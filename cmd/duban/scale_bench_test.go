package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/models"
)

// BenchmarkFailover measures the fail-over of issue 17: three instances on
// PostgreSQL in webhook mode; the leader is killed (SIGKILL) and a command
// sent at once; the time from the kill to the answer, sent by the new
// leader, is taken ten times, each with the three instances up. It
// reports the median and the maximum.
//
//	DUBAN_TEST_POSTGRES=... go test ./cmd/duban -run '^$' -bench Failover -benchtime 1x
func BenchmarkFailover(b *testing.B) {
	dsn := testkit.Postgres.New(b)
	fake := tgfake.New()
	b.Cleanup(fake.Close)
	for _, id := range []int64{testkit.Boss, testkit.Zhang} {
		fake.AddUser(testkit.Who(id).User())
	}
	group := testkit.Work().With(testkit.Boss, testkit.Zhang)
	group.Members = []int64{testkit.Boss, testkit.Zhang}
	fake.AddGroup(group.Fake())
	bin := e2e.BuildBinary(b, fake, dsn)
	ports := freePorts(b, 3)
	insts := make([]*e2e.Binary, len(ports))
	var bases []string
	for i, port := range ports {
		insts[i] = bin.Instance("DUBAN_HTTP=127.0.0.1:"+port, "DUBAN_INSTANCE=i"+strconv.Itoa(i), "DUBAN_PACING=off",
			"DUBAN_PUBLIC_URL=http://127.0.0.1:"+ports[0])
		bases = append(bases, "http://127.0.0.1:"+port)
	}
	fake.SetWebhookTimeout(5 * time.Second)
	fake.SetWebhookTargets(bases...)
	insts[0].Start()
	waitUntil(b, "the first instance to be ready", func() bool { return httpOK(bases[0] + "/readyz") })
	insts[1].Start()
	insts[2].Start()
	ctx := context.Background()
	store, err := models.Open(ctx, dsn, models.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	leader := func(after uint) models.LeaderTerm {
		var term models.LeaderTerm
		waitUntil(b, "a new leader", func() bool {
			terms, err := store.LeaderTerms(ctx)
			if err != nil || len(terms) == 0 {
				return false
			}
			term = terms[len(terms)-1]
			return term.Epoch > after
		})
		return term
	}
	answered := func(mark int, after uint) tgfake.Sent {
		wait, cancel := testkit.Waiting()
		defer cancel()
		s, err := fake.WaitForAfter(wait, mark, func(s tgfake.Sent) bool {
			_, epoch, _ := strings.Cut(s.Instance, "#")
			e, _ := strconv.ParseUint(epoch, 10, 64)
			return s.ChatID == group.ID && uint(e) > after
		})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	var last uint
	for range b.N {
		var times []time.Duration
		for range 10 {
			// Every instance is up (a restarted one has opened the database).
			waitUntil(b, "every instance ready", func() bool {
				return httpOK(bases[0]+"/readyz") && httpOK(bases[1]+"/readyz") && httpOK(bases[2]+"/readyz")
			})
			term := leader(last)
			// The leader answers: it is settled in its term.
			settled := fake.Mark()
			fake.SendText(group.ID, testkit.Zhang, "/help")
			answered(settled, term.Epoch-1)
			i, _ := strconv.Atoi(strings.TrimPrefix(term.Holder, "i"))
			_ = insts[i].Stop(syscall.SIGKILL)
			killed := time.Now()
			mark := fake.Mark()
			fake.SendText(group.ID, testkit.Zhang, "/help")
			s := answered(mark, term.Epoch)
			times = append(times, s.At.Sub(killed))
			last = term.Epoch
			insts[i].Start()
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "median-ms")
		b.ReportMetric(float64(times[len(times)-1].Milliseconds()), "max-ms")
		b.Logf("fail-over times, sorted: %v", times)
	}
}
