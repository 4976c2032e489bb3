package miniapp_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3", to fill a large group fast

	"github.com/duban-bot/duban/internal/miniapp"
)

// seedGroup fills 甲群 with n tasks of two years, written straight into the
// SQLite file (the store's CreateTask takes minutes for thousands): 40
// people, 12 units, a cooperator on every other task, a progress report on
// most, about 70% closed (on time or late), 5% cancelled, the rest open and
// some of those overdue. It returns the group's dashboard token.
func seedGroup(tb testing.TB, d *dash, n int) string {
	tb.Helper()
	token := d.token(groupA, boss)
	ctx := context.Background()
	chat, err := d.Store.ChatByTelegramID(ctx, groupA)
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+d.DB+"?_busy_timeout=10000&_txlock=immediate")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	exec := func(q string, args ...any) int64 {
		res, err := tx.Exec(q, args...)
		if err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		id, _ := res.LastInsertId()
		return id
	}
	now := d.Clock.Now().UTC()
	var people []int64
	for i := 0; i < 40; i++ {
		people = append(people, exec(`INSERT INTO users (telegram_id, username, first_name, last_name, language_code, created_at, updated_at)
			VALUES (?, ?, ?, '', 'zh-hans', ?, ?)`, 900000+i, fmt.Sprintf("cadre%d", i), fmt.Sprintf("干部%02d", i), now, now))
	}
	boss, err := d.Store.UserByTelegramID(ctx, boss)
	if err != nil {
		tb.Fatal(err)
	}
	titles := []string{"梳理在谈项目清单，逐个明确责任人和时间节点", "走访重点企业，收集问题诉求", "报送营商环境自查报告",
		"推进征地拆迁，确保按期交地", "组织专题调度会，倒排工期", "完成项目申报材料并报送省厅"}
	for i := 0; i < n; i++ {
		created := now.Add(-time.Duration(730*(n-i)/n) * 24 * time.Hour)
		deadline := created.Add(time.Duration(3+i%20) * 24 * time.Hour)
		lead := people[i%len(people)]
		status, submitted, done, cancelled := "todo", any(nil), any(nil), any(nil)
		switch {
		case i%20 == 7:
			status, cancelled = "cancelled", deadline
		case i%10 < 7 && deadline.Before(now):
			at := deadline.Add(-time.Duration(i%3) * 24 * time.Hour) // some late: i%3 == 0 is on the day
			if i%4 == 0 {
				at = deadline.Add(36 * time.Hour)
			}
			status, submitted, done = "done", at, at
		case i%3 == 0:
			status = "doing"
		case i%11 == 0:
			status, submitted = "submitted", now
		}
		id := exec(`INSERT INTO tasks (chat_id, number, title, detail, unit_name, assigner_id, lead_id, status, deadline,
			original_deadline, deadline_phrase, percent, extensions, submitted_at, done_at, cancelled_at, cancel_reason,
			thread_id, message_id, created_at, updated_at)
			VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, '', 0, 0, ?, ?)`,
			chat.ID, i+1, fmt.Sprintf("%s（%d）", titles[i%len(titles)], i+1), fmt.Sprintf("第%d责任单位", i%12+1),
			boss.ID, lead, status, deadline, deadline, (i%5)*20, i%9/8, submitted, done, cancelled, created, created)
		exec(`INSERT INTO assignees (task_id, user_id, role, seq) VALUES (?, ?, 'lead', 0)`, id, lead)
		if i%2 == 0 {
			exec(`INSERT INTO assignees (task_id, user_id, role, seq) VALUES (?, ?, 'co', 1)`, id, people[(i+7)%len(people)])
		}
		if i%5 != 0 {
			exec(`INSERT INTO progress_reports (task_id, user_id, percent, text, created_at) VALUES (?, ?, ?, ?, ?)`,
				id, lead, (i%5)*20, "已完成初稿，正在征求相关单位意见", created.Add(24*time.Hour))
		}
	}
	exec(`UPDATE chats SET last_task_number = ? WHERE id = ?`, n, chat.ID)
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return token
}

// BenchmarkGroupView is the group view's API answer (counts and the whole
// 台账) for a group of 5,000 tasks, through the real HTTP server, gzip as a
// phone asks for it; and the charts' answer (12 months of on-time rates and
// this month's ranking).
func BenchmarkGroupView(b *testing.B) {
	d := newDash(b)
	token := seedGroup(b, d, 5000)
	initData := d.initData(zhang, token, time.Minute)
	for _, path := range []string{"api/group", "api/group?status=open&sort=deadline", "api/group?q=调度会&offset=100", "api/charts"} {
		b.Run(path, func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, d.base+path, nil)
			req.Header.Set(miniapp.InitDataHeader, initData)
			req.Header.Set("Accept-Encoding", "gzip")
			var size int
			cpu := cpuTime()
			for b.Loop() {
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%d %s", resp.StatusCode, body)
				}
				size = len(body)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/op")
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N)/1000, "cpu-ms/op")
			b.ReportMetric(float64(size)/1024, "gzip-KB")
		})
	}
}

// cpuTime is the process's user+system CPU time so far (the server runs in
// the test's process): on a shared machine it says more than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestPageWeight sums what the page loads, compressed as the server sends
// it to a browser that takes gzip: it must stay under 300 KB (no fonts are
// loaded; the page uses the system's).
func TestPageWeight(t *testing.T) {
	d := newDash(t)
	get := func(path string) (compressed, plain int, body string) {
		req, _ := http.NewRequest(http.MethodGet, d.base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		_, plainBody := d.call(http.MethodGet, path, "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return len(raw), len(plainBody), plainBody
	}
	total, totalPlain, html := get("")
	refs := regexp.MustCompile(`(?:src|href)="([^"#:]+)"`).FindAllStringSubmatch(html, -1)
	if len(refs) < 3 {
		t.Fatalf("the page loads %d files: %v", len(refs), refs)
	}
	for _, ref := range refs {
		c, p, _ := get(ref[1])
		t.Logf("%-22s %7d bytes, %7d compressed", ref[1], p, c)
		total, totalPlain = total+c, totalPlain+p
	}
	t.Logf("page weight: %d bytes compressed (%d plain)", total, totalPlain)
	if total >= 300<<10 {
		t.Errorf("page weight %d bytes compressed, over the 300 KB budget", total)
	}
}

// BenchmarkFirstRender opens the group view in headless Chromium (a fresh
// page each time, the server warm) and reports when the counts and the
// table were on screen, from the start of navigation (performance.now()
// when the table is filled), for groups of 30 and 5,000 tasks.
func BenchmarkFirstRender(b *testing.B) {
	for _, n := range []int{30, 5000} {
		b.Run(strconv.Itoa(n)+"-tasks", func(b *testing.B) {
			browser := newBrowser(b)
			d := newDash(b)
			token := seedGroup(b, d, n)
			page := d.pageURL(d.initData(zhang, token, time.Minute))
			var total float64
			for b.Loop() {
				if err := chromedp.Do(browser, chromedp.Navigate("about:blank"), chromedp.Navigate(page),
					chromedp.WaitVisible(chromedp.CSS(`#table tbody tr`))); err != nil {
					b.Fatal(err)
				}
				ms, err := chromedp.Run(browser, chromedp.Evaluate[string](`document.body.dataset.rendered`))
				if err != nil {
					b.Fatal(err)
				}
				v, _ := strconv.ParseFloat(ms, 64)
				total += v
			}
			b.ReportMetric(total/float64(b.N), "render-ms")
		})
	}
}
