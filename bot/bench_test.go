package bot_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// Answer latency and flood control, measured through the fake Bot API with
// Telegram's flood limits on (issue 12, point 1). duban runs as in
// production (real clock, Telegram's pacing, a SQLite file); the echo bot is
// the smallest go-telegram/bot program that answers, the floor to compare
// with. Figures and how to read them: docs/BENCHMARKS.md.
//
//	go test -run '^$' -bench 'AnswerLatency|Burst' -benchtime 1x ./bot

const benchGroups = 50

// benchChat is the nth group of the benchmarks' cast.
func benchChat(n int) int64 { return int64(-1004000000 - n) }

// benchFake is a fake with Telegram's flood limits and the benchmarks' cast.
func benchFake(opts ...tgfake.Option) (*tgfake.Server, []int64) {
	f := tgfake.New(append([]tgfake.Option{tgfake.WithRateLimits(nil)}, opts...)...)
	people, groups := benchCast()
	for _, p := range people {
		f.AddUser(p.User())
	}
	for _, g := range groups {
		f.AddGroup(g.Fake())
	}
	return f, groups[0].Members
}

// benchCast is benchGroups groups (benchChat) of the same ten members, the
// first of them their creator.
func benchCast() ([]testkit.Person, []testkit.Group) {
	var people []testkit.Person
	var members []int64
	for i := range 10 {
		id := int64(3000 + i)
		people = append(people, testkit.Person{ID: id, Name: fmt.Sprintf("干部%d", i), Lang: "zh-hans"})
		members = append(members, id)
	}
	var groups []testkit.Group
	for g := range benchGroups {
		groups = append(groups, testkit.Group{ID: benchChat(g), Title: fmt.Sprintf("专班%d", g), Type: "supergroup",
			Creator: members[0], Admins: members[:1], Members: members})
	}
	return people, groups
}

// target is a bot under measurement, with its fake.
type target struct {
	name  string
	start func(b *testing.B) (*tgfake.Server, []int64, func())
}

var targets = []target{
	{"echo", startEcho},
	{"duban", startDuban},
}

// startEcho runs the echo bot: every message is sent back as it came.
func startEcho(b *testing.B) (*tgfake.Server, []int64, func()) {
	f, members := benchFake()
	api, err := tgbot.New(f.Token(), tgbot.WithServerURL(f.URL()), tgbot.WithErrorsHandler(func(error) {}),
		tgbot.WithDefaultHandler(func(ctx context.Context, api *tgbot.Bot, u *tgmodels.Update) {
			if u.Message != nil {
				_, _ = api.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
			}
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		api.Start(ctx)
	}()
	return f, members, func() {
		cancel()
		<-done
		f.Close()
	}
}

// startDuban runs duban as in production on a fresh SQLite file.
func startDuban(b *testing.B) (*tgfake.Server, []int64, func()) {
	h, members := startBenchDuban(b)
	return h.Fake, members, h.Stop
}

// startBenchDuban runs duban as in production (the real clock, Telegram's
// pacing and flood limits) with the benchmarks' cast, every group and
// person known once, as in a bot that has run a while.
func startBenchDuban(t testing.TB) (*e2e.Harness, []int64) {
	people, groups := benchCast()
	h := e2e.Start(t, e2e.Options{RealClock: true, Paced: true, People: people, Groups: groups,
		Fake: []tgfake.Option{tgfake.WithRateLimits(nil)}})
	return h, groups[0].Members
}

// probe times answers: from a user's message to the bot's next message in
// that chat, as the fake receives it.
type probe struct {
	mu     sync.Mutex
	asked  map[int64][]time.Time
	took   []time.Duration
	last   time.Time
	answer chan struct{}
}

func newProbe(f *tgfake.Server) (*probe, func()) {
	p := &probe{asked: map[int64][]time.Time{}, answer: make(chan struct{}, 1024)}
	stop := f.OnSent(func(s tgfake.Sent) {
		if s.Method != "sendMessage" {
			return
		}
		p.mu.Lock()
		if q := p.asked[s.ChatID]; len(q) > 0 {
			p.took = append(p.took, time.Since(q[0]))
			p.asked[s.ChatID] = q[1:]
			p.last = time.Now()
		}
		p.mu.Unlock()
		p.answer <- struct{}{}
	})
	return p, stop
}

func (p *probe) ask(f *tgfake.Server, chat, from int64, text string) {
	p.mu.Lock()
	p.asked[chat] = append(p.asked[chat], time.Now())
	p.mu.Unlock()
	f.SendText(chat, from, text)
}

// wait waits until n answers came, or none came for 5 s (a bot that drops
// what earned a 429: the echo bot); duban must answer every command.
func (p *probe) wait(b *testing.B, n int, all bool) {
	for {
		p.mu.Lock()
		got := len(p.took)
		p.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-p.answer:
		case <-time.After(5 * time.Second):
			if all {
				b.Fatalf("%d answers of %d", got, n)
			}
			return
		}
	}
}

func (p *probe) report(b *testing.B, f *tgfake.Server, began time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sorted := slices.Clone(p.took)
	slices.Sort(sorted)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(sorted[len(sorted)/2]), "median-ms")
	b.ReportMetric(ms(sorted[len(sorted)*99/100]), "p99-ms")
	b.ReportMetric(ms(p.last.Sub(began)), "last-answer-ms")
	b.ReportMetric(float64(len(p.took)), "answered")
	b.ReportMetric(float64(f.Stats().RateLimited), "429s")
}

// BenchmarkAnswerLatency: 100 lone commands, 100 ms apart, each in one of
// 50 groups (so each group asks every 5 s, as lone commands do).
func BenchmarkAnswerLatency(b *testing.B) {
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			f, members, stop := tg.start(b)
			defer stop()
			const commands = 100
			for b.Loop() {
				p, unhook := newProbe(f)
				began := time.Now()
				for i := range commands {
					p.ask(f, benchChat(i%benchGroups), members[i%len(members)], "/when 明天下午3点")
					time.Sleep(100 * time.Millisecond)
				}
				p.wait(b, commands, tg.name == "duban")
				unhook()
				p.report(b, f, began)
			}
		})
	}
}

// BenchmarkBurst: ten people ask in one group within a second; fifty groups
// ask at once.
func BenchmarkBurst(b *testing.B) {
	for _, load := range []struct {
		name     string
		commands int
		chat     func(i int) int64
		gap      time.Duration
	}{
		{"one-group-10-users", 10, func(int) int64 { return benchChat(0) }, 90 * time.Millisecond},
		{"50-groups", benchGroups, benchChat, 0},
	} {
		for _, tg := range targets {
			b.Run(load.name+"/"+tg.name, func(b *testing.B) {
				f, members, stop := tg.start(b)
				defer stop()
				for b.Loop() {
					p, unhook := newProbe(f)
					began := time.Now()
					for i := range load.commands {
						p.ask(f, load.chat(i), members[i%len(members)], "/when 明天下午3点")
						time.Sleep(load.gap)
					}
					p.wait(b, load.commands, tg.name == "duban")
					unhook()
					p.report(b, f, began)
				}
			})
		}
	}
}
