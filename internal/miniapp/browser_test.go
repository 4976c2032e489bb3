package miniapp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/models"
)

// chromiumPath finds Debian's chromium (or another Chromium-based browser;
// DUBAN_CHROMIUM names one). Without one the browser tests fail, unless
// they run with -short: CI installs chromium (.ci/run).
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, name := range []string{os.Getenv("DUBAN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if testing.Short() {
		t.Skip("no chromium on PATH (apt-get install chromium); skipped under -short")
	}
	t.Fatal("no chromium on PATH: install Debian's chromium (apt-get install -y chromium), or set DUBAN_CHROMIUM")
	return ""
}

// newBrowser starts headless Chromium with a fresh profile and nothing that
// would reach the internet on its own, at a phone's size.
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(414, 896),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// screenshotDir is where the browser tests leave their pictures:
// $DUBAN_SCREENSHOTS when set, else the test's temporary folder.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("DUBAN_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// pageURL opens the dashboard the way Telegram does: the page, with the
// init data and the theme in the fragment and no telegram-web-app.js.
func (d *dash) pageURL(initData string) string {
	theme, _ := json.Marshal(map[string]string{"bg_color": "#ffffff", "text_color": "#222222", "button_color": "#2481cc",
		"button_text_color": "#ffffff", "secondary_bg_color": "#efeff3", "hint_color": "#999999"})
	return d.base + "#tgWebAppData=" + url.QueryEscape(initData) + "&tgWebAppVersion=8.0&tgWebAppThemeParams=" +
		url.QueryEscape(string(theme))
}

// units and leads of the 30 tasks of the browser test.
var browserUnits = []string{"投资促进局", "住建局", "发改委"}

// withThirtyTasks gives 甲群 30 tasks assigned over the last month, a third
// of them done, and returns their titles by number.
func withThirtyTasks(t testing.TB, d *dash) map[int]string {
	t.Helper()
	ctx := context.Background()
	s := d.Store
	chat, err := s.ChatByTelegramID(ctx, groupA)
	if err != nil {
		t.Fatal(err)
	}
	people := map[int64]*models.User{}
	for _, id := range []int64{boss, zhang, wang, li} {
		if people[id], err = s.UserByTelegramID(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	leads := []int64{zhang, wang, li}
	titles := map[int]string{}
	begin := d.Clock.Now()
	for i := 0; i < 30; i++ {
		d.Clock.Set(begin.Add(time.Duration(i-30) * 24 * time.Hour))
		lead := people[leads[i%3]]
		task, err := s.CreateTask(ctx, models.Change{ActorID: people[boss].ID}, models.NewTask{
			ChatID: chat.ID, Title: fmt.Sprintf("第%02d项：%s", i+1, []string{"梳理在谈项目清单", "走访重点企业", "报送自查报告",
				"推进征地拆迁", "组织专题调度会"}[i%5]),
			UnitName: browserUnits[i%3], AssignerID: people[boss].ID, LeadID: lead.ID,
			Deadline: d.Clock.Now().Add(5 * 24 * time.Hour),
		})
		if err != nil {
			t.Fatal(err)
		}
		titles[task.Number] = task.Title
		if i%3 == 0 {
			d.Clock.Set(d.Clock.Now().Add(48 * time.Hour))
			if _, err := s.Submit(ctx, models.Change{ActorID: lead.ID}, task.ID, lead.ID, "已办结", false); err != nil {
				t.Fatal(err)
			}
		}
	}
	d.Clock.Set(begin)
	return titles
}

func TestBrowserGroupView(t *testing.T) {
	ctx := newBrowser(t)
	d := newDash(t)
	token := d.token(groupA, zhang) // the group's first command: the bot stores the group
	titles := withThirtyTasks(t, d)
	withListAndNode(t, d)
	shots := screenshotDir(t)
	ctx, cancel := context.WithTimeout(ctx, 3*testkit.WaitLimit) // the whole walk through the page
	defer cancel()

	// What the API says, to compare with what the page shows.
	var p groupPage
	d.get("api/group", d.initData(zhang, token, time.Minute), &p)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.pageURL(d.initData(zhang, token, time.Minute))),
		chromedp.WaitVisible(chromedp.CSS(`#table tbody tr`)),
	); err != nil {
		t.Fatalf("the group view did not show: %v", err)
	}
	screenshot(t, ctx, shots, "1-group")
	text := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The counts.
	c := p.Counts
	shown := text(`['c-open','c-overdue','c-week','c-done','c-rate'].map(id => document.getElementById(id).textContent).join(' ')`)
	rate := "—"
	if c.Rate != nil {
		rate = fmt.Sprintf("%.0f%%", *c.Rate*100)
	}
	if want := fmt.Sprintf("%d %d %d %d %s", c.Open, c.Overdue, c.DueThisWeek, c.Done, rate); shown != want || c.Open == 0 || c.Overdue == 0 {
		t.Errorf("counts on the page %q, want %q (open, overdue, due this week, done, rate)", shown, want)
	}
	if got := text(`document.getElementById('title').textContent`); !strings.Contains(got, "招商引资工作群") {
		t.Errorf("title %q", got)
	}
	// The table: every task, with the ledger's columns.
	if n := count(`#table tbody tr`); n != 30 {
		t.Errorf("%d rows, want 30", n)
	}
	if got := text(`document.querySelector('#table tbody tr td:nth-child(2)').firstChild.textContent`); got != titles[1] {
		t.Errorf("first row %q, want %q", got, titles[1])
	}
	if got := text(`[...document.querySelectorAll('#table thead th')].map(th => th.textContent).join(',')`); got != strings.Join(p.Columns, ",") {
		t.Errorf("columns %q", got)
	}
	if n := count(`#table tbody tr.overdue`); n != c.Overdue || n == 0 {
		t.Errorf("%d rows marked overdue, want %d", n, c.Overdue)
	}
	// A filter narrows the rows: by unit, then also by text.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`(s => { s.value = '住建局'; s.dispatchEvent(new Event('change')); })(document.getElementById('f-unit'))`)); err != nil {
		t.Fatal(err)
	}
	waitRows := func(want int) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => {
			const n = document.querySelectorAll('#table tbody tr').length;
			return !document.body.dataset.busy && n === `+fmt.Sprint(want)+` ? n : 0;
		})()`, chromedp.WithPollingTimeout(testkit.WaitLimit)))
		if err != nil {
			t.Fatalf("rows never became %d (%d): %v", want, count(`#table tbody tr`), err)
		}
	}
	waitRows(10)
	if got := text(`[...new Set([...document.querySelectorAll('#table tbody tr td:nth-child(3)')].map(td => td.textContent))].join()`); got != "住建局" {
		t.Errorf("units shown after the filter: %q", got)
	}
	// The 清单 filter narrows them to the list's two, and back.
	for _, step := range []struct {
		value string
		rows  int
	}{{p.Filters.Lists[0].Value, 2}, {"", 10}} {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(s => { s.value = `+jsString(step.value)+
			`; s.dispatchEvent(new Event('change')); })(document.getElementById('f-list'))`)); err != nil {
			t.Fatal(err)
		}
		waitRows(step.rows)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-text"), "第05项")); err != nil {
		t.Fatal(err)
	}
	waitRows(1)
	if got := text(`document.getElementById('shown').textContent`); !strings.Contains(got, "筛选出 1 项（共 30 项）") {
		t.Errorf("the count line says %q", got)
	}
	screenshot(t, ctx, shots, "2-filtered")
	// A task's detail on tap.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#table tbody tr td:nth-child(2)`)), // the title: the row is wider than the screen
		chromedp.WaitVisible(chromedp.ID("detail")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(`document.getElementById('d-title').textContent`); got != "#5 "+titles[5] {
		t.Errorf("detail title %q, want #5 %s", got, titles[5])
	}
	if got := text(`document.getElementById('d-fields').textContent`); !strings.Contains(got, "牵头单位住建局") || !strings.Contains(got, "交办人刘书记") {
		t.Errorf("detail fields %q", got)
	}
	if got := text(`document.getElementById('d-sections').textContent`); !strings.Contains(got, "记录") || !strings.Contains(got, "交办") {
		t.Errorf("detail sections %q", got)
	}
	if got := text(`document.getElementById('d-sections').textContent`); !strings.Contains(got, "节点 0/1") || !strings.Contains(got, "完成用地预审") {
		t.Errorf("detail sections %q: want the node 完成用地预审 (节点 0/1)", got)
	}
	screenshot(t, ctx, shots, "3-detail")
	// The charts have drawn: their canvases are not blank.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("d-close")),
		chromedp.Click(chromedp.CSS(`#panes button[data-pane=charts]`)),
		chromedp.WaitVisible(chromedp.ID("trend-chart")),
	); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"trend-chart", "units-chart"} {
		inked, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => {
			const c = document.getElementById(`+jsString(id)+`);
			if (!c.width || !c.height) return 0;
			const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
			let n = 0;
			for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
			return n > 500 ? n : 0;
		})()`, chromedp.WithPollingTimeout(testkit.WaitLimit)))
		if err != nil || inked == 0 {
			t.Errorf("%s stayed blank: %v", id, err)
		}
	}
	if n := count(`#ranking tbody tr`); n != 3 {
		t.Errorf("%d ranking rows, want 3 (张伟, 王芳, 李局)", n)
	}
	// The dashboard names the figures as the chat's ranking does.
	if got := text(`document.getElementById('ranking').textContent`); !strings.Contains(got, "逾期办结") || strings.Contains(got, "超期") {
		t.Errorf("ranking header %q: want the chat's words (逾期办结), not 超期", got)
	}
	if got := text(`document.getElementById('ranking-rules').textContent`); !strings.Contains(got, "按期办结×10 + 逾期办结×4 − 逾期未办×5") {
		t.Errorf("ranking rule %q: want the chat's formula", got)
	}
	screenshot(t, ctx, shots, "4-charts")

	// Altered init data: a refusal that says why, and no task on the page.
	v, _ := url.ParseQuery(d.initData(zhang, token, time.Minute))
	v.Set("user", `{"id":101,"first_name":"刘书记"}`)
	if err := chromedp.Do(ctx,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(d.pageURL(v.Encode())),
		chromedp.WaitVisible(chromedp.ID("error")),
	); err != nil {
		t.Fatalf("no refusal for altered init data: %v", err)
	}
	if got := text(`document.getElementById('error-message').textContent`); !strings.Contains(got, "校验未通过") {
		t.Errorf("refusal says %q", got)
	}
	page := text(`document.body.innerText`)
	for _, title := range titles {
		if strings.Contains(page, title) {
			t.Errorf("the refused page shows %q", title)
		}
	}
	if n := count(`#table tbody tr`); n != 0 {
		t.Errorf("the refused page holds %d rows", n)
	}
	screenshot(t, ctx, shots, "5-refused")
}

func TestBrowserPersonalView(t *testing.T) {
	ctx := newBrowser(t)
	d := withTasks(t)
	ctx, cancel := context.WithTimeout(ctx, testkit.WaitLimit)
	defer cancel()
	// Opened from the menu button: no start parameter, the personal view.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.pageURL(d.initData(zhang, "", time.Minute))),
		chromedp.WaitVisible(chromedp.CSS(`#my-tasks li`)),
	); err != nil {
		t.Fatal(err)
	}
	items, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#my-tasks li')].map(li => li.innerText)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || !strings.Contains(items[0], titleVisit) || !strings.Contains(items[0], "已逾期") ||
		!strings.Contains(items[1], "另一个群") {
		t.Errorf("my tasks: %q", items)
	}
	screenshot(t, ctx, screenshotDir(t), "6-personal")
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// withListAndNode puts #2 and #5 (both 住建局's) into the list 重点项目 and
// gives #5 a node, 完成用地预审, a day before its deadline.
func withListAndNode(t testing.TB, d *dash) {
	t.Helper()
	ctx := context.Background()
	s := d.Store
	chat, err := s.ChatByTelegramID(ctx, groupA)
	if err != nil {
		t.Fatal(err)
	}
	leader, err := s.UserByTelegramID(ctx, boss)
	if err != nil {
		t.Fatal(err)
	}
	c := models.Change{ActorID: leader.ID}
	if _, err := s.AddList(ctx, c, chat.ID, "重点项目"); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 5} {
		task, err := s.TaskByNumber(ctx, chat.ID, n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetTaskList(ctx, c, task.ID, "重点项目"); err != nil {
			t.Fatal(err)
		}
		if n == 5 {
			node := models.NewNode{Name: "完成用地预审", Deadline: task.Deadline.Add(-24 * time.Hour)}
			if _, err := s.AddNode(ctx, c, task.ID, node); err != nil {
				t.Fatal(err)
			}
		}
	}
}
