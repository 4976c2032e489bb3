package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
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

// The city's setting: three duban processes on one PostgreSQL database
// behind one fake Telegram. 200 commands from 20 groups and 300 reminders
// falling due, while the leader is killed (SIGKILL) five times and started
// again each time. Every command is answered and every reminder sent; no
// more messages are repeated than there were kills; every message was sent
// by the instance that led at that moment, in its term; no update was
// handled twice (each task and its 交办 event exist once). Once with
// webhooks (the fake delivers to the instances in turn, skipping dead
// ones), once with long polling (only the leader polls).
func TestThreeInstancesOnPostgresSurviveKills(t *testing.T) {
	for _, webhook := range []bool{true, false} {
		name := "polling"
		if webhook {
			name = "webhook"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel() // the two wait mostly on the database: together they take little more than one
			runThreeInstances(t, webhook)
		})
	}
}

const (
	scaleGroups    = 20
	scaleCommands  = 200
	scaleReminders = 300
	scaleKills     = 5
)

func runThreeInstances(t *testing.T, webhook bool) {
	dsn := testkit.Postgres.New(t)
	fake := tgfake.New()
	t.Cleanup(fake.Close)
	for _, id := range []int64{testkit.Boss, testkit.Zhang, testkit.Wang} {
		fake.AddUser(testkit.Who(id).User())
	}
	groups := make([]int64, scaleGroups)
	for g := range groups {
		groups[g] = -1002000000000 - int64(g)
		fake.AddGroup(tgfake.Group{ID: groups[g], Title: fmt.Sprintf("第%d督办群", g+1), Type: "supergroup",
			Creator: testkit.Boss, Admins: []int64{testkit.Boss}, Members: []int64{testkit.Boss, testkit.Zhang, testkit.Wang}})
	}
	c := startCluster(t, fake, dsn, 3, webhook, "DUBAN_LOG=info")
	ctx := context.Background()
	store := c.store
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}

	// kill kills the leader of a term newer than the last one killed, and
	// starts it again (it comes back standing by, or leading if it wins).
	var lastKilled uint
	kills := 0
	kill := func() {
		t.Helper()
		inst, term := c.killLeader(t, lastKilled)
		kills++
		lastKilled = term.Epoch
		inst.Start()
	}

	for _, g := range groups {
		fake.SendText(g, testkit.Zhang, "大家好") // the bot learns @zhangwei
	}
	title := func(k int) string { return fmt.Sprintf("第%03d号任务", k) }
	send := func(from, to int) {
		for k := from; k < to; k++ {
			fake.SendText(groups[k%scaleGroups], testkit.Boss, "/assign @zhangwei "+title(k)+" 下周五")
		}
	}
	send(0, 50)
	kill()
	send(50, 100)
	kill()
	// Reminders on the first hundred tasks, falling due over eight
	// seconds from now, while the leader is killed three more times.
	testkit.WaitUntil(t, "the first hundred tasks", func() bool { return count("SELECT COUNT(*) FROM tasks") >= 100 })
	rows, err := db.QueryContext(ctx, "SELECT id, chat_id FROM tasks ORDER BY id LIMIT 100")
	if err != nil {
		t.Fatal(err)
	}
	type task struct{ id, chat uint }
	var tasks []task
	for rows.Next() {
		var tk task
		if err := rows.Scan(&tk.id, &tk.chat); err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, tk)
	}
	rows.Close()
	start := time.Now().Add(time.Second)
	for k := range scaleReminders {
		tk := tasks[k%len(tasks)]
		due := start.Add(time.Duration(k) * 25 * time.Millisecond)
		if _, err := store.AddReminder(ctx, models.Change{}, models.Reminder{ChatID: tk.chat, TaskID: &tk.id,
			Kind: models.ReminderExtra, At: due, DueAt: due}); err != nil {
			t.Fatal(err)
		}
	}
	sentReminders := func() int {
		return count("SELECT COUNT(*) FROM reminders WHERE kind = $1 AND sent_at IS NOT NULL", string(models.ReminderExtra))
	}
	send(100, 150)
	testkit.WaitUntil(t, "50 reminders sent", func() bool { return sentReminders() >= 50 })
	kill()
	send(150, scaleCommands)
	testkit.WaitUntil(t, "150 reminders sent", func() bool { return sentReminders() >= 150 })
	kill()
	testkit.WaitUntil(t, "250 reminders sent", func() bool { return sentReminders() >= 250 })
	kill()

	// Everything is answered and sent.
	cards := func(s tgfake.Sent) bool {
		return s.Method == "sendMessage" && strings.Contains(s.PlainText, "已交办")
	}
	testkit.WaitUntil(t, "every reminder sent", func() bool { return sentReminders() == scaleReminders })
	testkit.WaitUntil(t, "every command answered", func() bool {
		return len(testkit.Keep(fake.Sent(), cards)) >= scaleCommands &&
			count("SELECT COUNT(*) FROM outgoing_messages WHERE done_at IS NULL") == 0 &&
			count("SELECT COUNT(*) FROM inbox_updates WHERE handled_at IS NULL") == 0
	})
	sent := fake.Sent()
	for k := range scaleCommands {
		if len(testkit.Containing(testkit.Keep(testkit.To(sent, groups[k%scaleGroups]), cards), title(k))) == 0 {
			t.Errorf("/assign of %s was not answered", title(k))
		}
	}
	// Repeats: group messages beyond one card per command and one message
	// per reminder.
	groupMessages := len(testkit.Keep(sent, func(s tgfake.Sent) bool { return s.Method == "sendMessage" && s.ChatID < 0 }))
	repeats := groupMessages - scaleCommands - scaleReminders
	t.Logf("%d kills, %d messages repeated", kills, repeats)
	if repeats < 0 || repeats > kills {
		t.Errorf("%d group messages for %d commands and %d reminders: %d repeated after %d kills",
			groupMessages, scaleCommands, scaleReminders, repeats, kills)
	}
	// No update handled twice: each command made one task and one 交办.
	if n := count("SELECT COUNT(*) FROM tasks"); n != scaleCommands {
		t.Errorf("%d tasks for %d commands", n, scaleCommands)
	}
	if n := count("SELECT COUNT(*) FROM audit_events WHERE kind = $1", models.EventAssigned); n != scaleCommands {
		t.Errorf("%d 交办 events for %d commands", n, scaleCommands)
	}
	checkSentByLeaders(t, store, sent)
	if kills != scaleKills {
		t.Errorf("%d kills", kills)
	}
}

// checkSentByLeaders checks that every message was sent by the instance
// leading at that moment: in a term it held (name#epoch matches the
// term's holder), and never in a term older than one already seen.
func checkSentByLeaders(t *testing.T, store *models.Store, sent []tgfake.Sent) {
	t.Helper()
	terms, err := store.LeaderTerms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	holder := map[uint64]string{}
	for _, term := range terms {
		holder[uint64(term.Epoch)] = term.Holder
	}
	var latest uint64
	for _, s := range sent {
		name, epochText, _ := strings.Cut(s.Instance, "#")
		epoch, _ := strconv.ParseUint(epochText, 10, 64)
		switch {
		case epoch == 0 || holder[epoch] != name:
			t.Errorf("message %d (%q) sent by %q, which did not lead", s.Seq, s.PlainText, s.Instance)
		case epoch < latest:
			t.Errorf("message %d sent in term %d after term %d had begun", s.Seq, epoch, latest)
		default:
			latest = epoch
		}
	}
	if len(terms) < scaleKills+1 {
		t.Errorf("%d terms after %d kills", len(terms), scaleKills)
	}
}

// A second process on the SQLite file of a running one refuses to start,
// and says why. (The first logs in JSON: one object a line, no token.)
func TestSecondProcessOnSQLiteRefuses(t *testing.T) {
	fake := tgfake.New()
	t.Cleanup(fake.Close)
	db := testkit.SQLite.New(t)
	bin := e2e.BuildBinary(t, fake, db)
	first := bin.Instance("DUBAN_LOG=info", "DUBAN_LOG_FORMAT=json")
	first.Start()
	ctx, cancel := testkit.Waiting()
	defer cancel()
	if err := first.Logs.WaitFor(ctx, `"msg":"bot started"`); err != nil {
		t.Fatal(err)
	}
	out, err := bin.RunOnce(ctx)
	if err == nil || !strings.Contains(out, "another duban process is using this database") {
		t.Errorf("the second process: %v\n%s", err, out)
	}
	logs := first.Logs.String()
	if strings.Contains(logs, fake.Token()) || strings.Contains(logs, strings.SplitN(fake.Token(), ":", 2)[1]) {
		t.Error("the log shows the token")
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil || v["level"] == nil || v["msg"] == nil {
			t.Errorf("not a JSON log line: %s", line)
		}
	}
}

// cluster is several duban processes on one PostgreSQL database behind a
// fake Telegram, each with an HTTP server of its own (and, in webhook mode,
// the fake delivering to them in turn), and a store of the test's on the
// same database.
type cluster struct {
	insts []*e2e.Binary
	bases []string // each instance's http://addr
	store *models.Store
}

// startCluster builds the binary and starts n instances named i0, i1, …
// with env added: the first alone (it creates the schema), then the others.
func startCluster(t testing.TB, fake *tgfake.Server, dsn string, n int, webhook bool, env ...string) *cluster {
	t.Helper()
	bin := e2e.BuildBinary(t, fake, dsn)
	ports := freePorts(t, n)
	c := &cluster{}
	for i, port := range ports {
		e := append([]string{"DUBAN_HTTP=127.0.0.1:" + port, "DUBAN_INSTANCE=i" + strconv.Itoa(i), "DUBAN_PACING=off"}, env...)
		if webhook {
			e = append(e, "DUBAN_PUBLIC_URL=http://127.0.0.1:"+ports[0])
		}
		c.insts = append(c.insts, bin.Instance(e...))
		c.bases = append(c.bases, "http://127.0.0.1:"+port)
	}
	if webhook {
		fake.SetWebhookTimeout(5 * time.Second)
		fake.SetWebhookTargets(c.bases...)
	}
	c.insts[0].Start()
	testkit.WaitUntil(t, "the first instance to be ready", func() bool { return httpOK(c.bases[0] + "/readyz") })
	for _, in := range c.insts[1:] {
		in.Start()
	}
	store, err := models.Open(context.Background(), dsn, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	c.store = store
	return c
}

// killLeader waits for the leader of a term after the given one, kills it
// (SIGKILL) and returns it, stopped, with its term.
func (c *cluster) killLeader(t testing.TB, after uint) (*e2e.Binary, models.LeaderTerm) {
	t.Helper()
	var term models.LeaderTerm
	testkit.WaitUntil(t, "a new leader", func() bool {
		terms, err := c.store.LeaderTerms(context.Background())
		if err != nil || len(terms) == 0 {
			return false
		}
		term = terms[len(terms)-1]
		return term.Epoch > after
	})
	i, _ := strconv.Atoi(strings.TrimPrefix(term.Holder, "i"))
	_ = c.insts[i].Stop(syscall.SIGKILL)
	return c.insts[i], term
}

// freePorts returns n ports free on 127.0.0.1 now.
func freePorts(t testing.TB, n int) []string {
	t.Helper()
	var out []string
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		ln.Close()
		out = append(out, port)
	}
	return out
}

func httpOK(url string) bool {
	resp, err := http.Get(url)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
