package bot_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // to create and drop the test's schema

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/models"
)

// tcpProxy stands between the bot and PostgreSQL; the test cuts it to make
// the database unreachable without stopping the server other tests use.
type tcpProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]bool
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() {
		ln.Close()
		p.cut()
	})
	go p.serve()
	return p
}

func (p *tcpProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.relay(client)
	}
}

func (p *tcpProxy) relay(client net.Conn) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		client.Close()
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	p.mu.Lock()
	if p.down {
		p.mu.Unlock()
		client.Close()
		server.Close()
		return
	}
	p.conns[client], p.conns[server] = true, true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		done <- struct{}{}
	}
	go pipe(server, client)
	go pipe(client, server)
	<-done
	client.Close()
	server.Close()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// cut drops every connection and refuses new ones until restore.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
}

func (p *tcpProxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// proxiedPostgres creates a schema of its own on DUBAN_TEST_POSTGRES's
// server and returns a DSN that reaches it through the proxy.
func proxiedPostgres(t *testing.T) (*tcpProxy, string) {
	t.Helper()
	dsn, _ := testkit.PostgresSchema(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := newTCPProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	return p, u.String()
}

// TestDatabaseOutage cuts PostgreSQL off for 10 s while a group keeps
// assigning (three commands a second). Nothing is lost: every command is
// answered once, after the database is back, and every task exists once.
func TestDatabaseOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("cuts the database for 10 s; skipped with -short")
	}
	proxy, dsn := proxiedPostgres(t)
	h := e2e.Start(t, e2e.Options{DB: dsn, RealClock: true})
	const commands, cutAt, outage = 45, 6, 10 * time.Second
	mark := h.Fake.Mark()
	var cutFrom time.Time
	for i := 1; i <= commands; i++ {
		if i == cutAt {
			proxy.cut()
			cutFrom = time.Now()
		}
		if !cutFrom.IsZero() && time.Since(cutFrom) >= outage {
			proxy.restore()
			cutFrom = time.Time{}
		}
		h.Fake.SendText(group, boss, fmt.Sprintf("/assign @zhangwei 第%d项材料 下周五前", i))
		time.Sleep(300 * time.Millisecond)
	}
	proxy.restore()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.SB.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	cards := map[string]int{}
	for _, s := range h.Fake.Sent()[mark:] {
		testkit.MustNotContain(t, s.PlainText, "出了点问题")
		for i := 1; i <= commands; i++ {
			if strings.Contains(s.PlainText, fmt.Sprintf(" 第%d项材料\n", i)) && strings.Contains(s.PlainText, "已交办") {
				cards[fmt.Sprint(i)]++
			}
		}
	}
	for i := 1; i <= commands; i++ {
		if n := cards[fmt.Sprint(i)]; n != 1 {
			t.Errorf("command %d was answered %d times, want once", i, n)
		}
	}
	chat, err := h.Store.ChatByTelegramID(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	page, err := h.Store.FindTasks(ctx, chat.ID, models.TaskFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]int{}
	for _, task := range page.Tasks {
		titles[task.Title]++
	}
	if page.Total != commands || len(titles) != commands {
		t.Errorf("%d tasks with %d titles, want %d of each", page.Total, len(titles), commands)
	}
}
