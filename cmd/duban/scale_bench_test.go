package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
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
	group := testkit.Work()
	group.Members = []int64{testkit.Boss, testkit.Zhang}
	fake.AddGroup(group.Fake())
	c := startCluster(b, fake, dsn, 3, true)
	// answered waits for the bot's next message to the group sent in a
	// term after the given one.
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
			// Every instance is up (a restarted one has opened the
			// database), and a leader answers.
			testkit.WaitUntil(b, "every instance ready", func() bool {
				return httpOK(c.bases[0]+"/readyz") && httpOK(c.bases[1]+"/readyz") && httpOK(c.bases[2]+"/readyz")
			})
			settled := fake.Mark()
			fake.SendText(group.ID, testkit.Zhang, "/help")
			answered(settled, last)
			inst, term := c.killLeader(b, last)
			killed := time.Now()
			mark := fake.Mark()
			fake.SendText(group.ID, testkit.Zhang, "/help")
			s := answered(mark, term.Epoch)
			times = append(times, s.At.Sub(killed))
			last = term.Epoch
			inst.Start()
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "median-ms")
		b.ReportMetric(float64(times[len(times)-1].Milliseconds()), "max-ms")
		b.Logf("fail-over times, sorted: %v", times)
	}
}
