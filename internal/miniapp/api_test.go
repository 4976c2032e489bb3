package miniapp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/miniapp"
	"github.com/duban-bot/duban/internal/tgfake"
)

// Titles of the tasks, none of which a refusal may contain.
const (
	titlePlan   = "编制年度招商计划"
	titleVisit  = "走访重点企业"
	titleReport = "报送营商环境自查报告"
	titleB      = "乙群专属：核对开工项目"
)

var secrets = []string{titlePlan, titleVisit, titleReport, titleB}

// withTasks gives 甲群 three tasks (one done on time, one overdue) and 乙群
// one, and moves the clock to Tuesday 2026-11-24 20:00.
func withTasks(t *testing.T) *dash {
	d := newDash(t)
	d.Say(groupA, boss, "/settings 确认 关")
	d.Say(groupA, boss, "/assign @zhangwei "+titlePlan+" 下周五前 单位：投资促进局")
	d.Say(groupA, boss, "/assign @wangfang @zhangwei "+titleVisit+" 明天 单位：住建局")
	d.Say(groupA, boss, "/assign @zhangwei "+titleReport+" 今天")
	d.Say(groupB, boss, "/assign @zhangwei "+titleB+" 月底前")
	d.Say(groupA, zhang, "/done 3 已报送")
	d.Say(groupA, zhang, "/progress 1 30% 已完成初稿")
	d.Clock.Set(time.Date(2026, 11, 24, 20, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	return d
}

type groupPage struct {
	Group struct {
		ID    uint   `json:"id"`
		Title string `json:"title"`
	} `json:"group"`
	Leader bool `json:"leader"`
	Counts struct {
		Open        int      `json:"open"`
		Overdue     int      `json:"overdue"`
		DueThisWeek int      `json:"dueThisWeek"`
		Done        int      `json:"doneThisMonth"`
		OnTime      int      `json:"onTime"`
		Settled     int      `json:"settled"`
		Rate        *float64 `json:"onTimeRate"`
	} `json:"counts"`
	Columns []string `json:"columns"`
	Rows    []struct {
		N           int      `json:"n"`
		Cells       []string `json:"cells"`
		Status      string   `json:"status"`
		People      []string `json:"people"`
		Overdue     bool     `json:"overdue"`
		OverdueDays int      `json:"overdueDays"`
	} `json:"rows"`
	Units []struct {
		Unit    string `json:"unit"`
		Open    int    `json:"open"`
		Overdue int    `json:"overdue"`
	} `json:"units"`
	Filters struct {
		Lists []struct{ Value, Label string }
	} `json:"filters"`
}

func TestGroupViewForAMember(t *testing.T) {
	d := withTasks(t)
	token := d.token(groupA, zhang)
	var p groupPage
	d.get("api/group", d.initData(zhang, token, time.Minute), &p)
	if p.Group.Title != "招商引资工作群" || p.Leader {
		t.Errorf("group %q leader=%v, want 招商引资工作群 and a member, not a leader", p.Group.Title, p.Leader)
	}
	c := p.Counts
	// Open: #1 (进行中) and #2 (待办, overdue since 18:00); #3 is done, on time.
	if c.Open != 2 || c.Overdue != 1 || c.DueThisWeek != 1 || c.Done != 1 || c.OnTime != 1 || c.Settled != 2 ||
		c.Rate == nil || *c.Rate != 0.5 {
		t.Errorf("counts %+v, want open 2, overdue 1, due this week 1, done 1, on time 1 of 2", c)
	}
	var titles []string
	for _, r := range p.Rows {
		titles = append(titles, r.Cells[1])
	}
	if want := []string{titlePlan, titleVisit, titleReport}; !slices.Equal(titles, want) {
		t.Fatalf("rows %q, want %q", titles, want)
	}
	visit := p.Rows[1]
	if !visit.Overdue || visit.OverdueDays != 0 || visit.Status != "todo" || !slices.Equal(visit.People, []string{"王芳", "张伟"}) {
		t.Errorf("row #2 = %+v, want overdue (today), 待办, 王芳 and 张伟", visit)
	}
	if got := p.Rows[0].Cells; got[2] != "投资促进局" || got[3] != "张伟" || got[11] != "进行中" || got[17] != "30% 已完成初稿" {
		t.Errorf("row #1 cells %q", got)
	}
	if got := p.Rows[2].Cells; got[11] != "已办结" || got[14] != "是" {
		t.Errorf("row #3 cells %q, want 已办结 on time", got)
	}
	if len(p.Units) < 2 || p.Units[0].Unit != "住建局" || p.Units[0].Overdue != 1 {
		t.Errorf("units %+v, want 住建局 (1 overdue) first", p.Units)
	}
	_, body := d.call(http.MethodGet, "api/group", d.initData(zhang, token, time.Minute))
	if strings.Contains(body, titleB) {
		t.Errorf("甲群's view shows 乙群's task")
	}
}

func TestRefusals(t *testing.T) {
	d := withTasks(t)
	tokenA, tokenB := d.token(groupA, boss), d.token(groupB, boss)
	valid := d.initData(zhang, tokenA, time.Minute)
	tamper := func(raw, key, value string) string {
		v, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		v.Set(key, value) // the hash stays the old one
		return v.Encode()
	}
	tests := []struct {
		name     string
		path     string
		initData string
		status   int
		code     string
	}{
		{"no init data", "api/group", "", 401, "no_init_data"},
		{"garbage", "api/group", "hello", 401, "bad_init_data"},
		{"another user put in", "api/group", tamper(valid, "user", `{"id":101,"first_name":"刘书记"}`), 401, "bad_init_data"},
		{"start_param swapped for another group's", "api/group", tamper(valid, "start_param", tokenB), 401, "bad_init_data"},
		{"auth_date moved", "api/group", tamper(valid, "auth_date", fmt.Sprint(d.Clock.Now().Unix())), 401, "bad_init_data"},
		{"wrong hash", "api/group", tamper(valid, "hash", strings.Repeat("ab", 32)), 401, "bad_init_data"},
		{"signed with another token", "api/group", signedWith(d, "999:another-bot", tokenA), 401, "bad_init_data"},
		{"expired", "api/group", d.initData(zhang, tokenA, 25*time.Hour), 401, "expired"},
		{"not in the group", "api/group", d.initData(outsider, tokenA, time.Minute), 403, "not_member"},
		{"another group's token", "api/group", d.initData(wang, tokenB, time.Minute), 403, "not_member"},
		{"another group by id, not its leader", fmt.Sprintf("api/group?chat=%d", groupID(t, d, groupB)), d.initData(zhang, tokenA, time.Minute), 403, "not_leader"},
		{"a token in the URL is not trusted", "api/group?startapp=" + tokenA + "&start_param=" + tokenA, d.initData(zhang, "", time.Minute), 400, "no_group"},
		{"unknown token", "api/group", d.initData(zhang, "AAAAAAAAAAAAAAAAAAAAAA", time.Minute), 403, "bad_link"},
		{"task detail, not in the group", "api/task?n=1", d.initData(outsider, tokenA, time.Minute), 403, "not_member"},
		{"charts, expired", "api/charts", d.initData(zhang, tokenA, 24*time.Hour+time.Second), 401, "expired"},
		{"personal view, tampered", "api/me", tamper(d.initData(wang, "", time.Minute), "user", `{"id":102}`), 401, "bad_init_data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := d.call(http.MethodGet, tt.path, tt.initData)
			refusal(t, status, body, tt.status, tt.code, secrets...)
		})
	}
	// The same init data, untouched, is good: the refusals were for the changes.
	status, body := d.call(http.MethodGet, "api/group", valid)
	if status != 200 || !strings.Contains(body, titlePlan) {
		t.Errorf("the untouched init data: %d %.200s", status, body)
	}
}

// signedWith is 张伟's init data signed with another bot's token.
func signedWith(d *dash, token, startParam string) string {
	return miniapp.SignInitData(miniapp.WebAppUser{ID: zhang, FirstName: "张伟"}, d.Clock.Now(), startParam, token)
}

func groupID(t *testing.T, d *dash, tg int64) uint {
	c, err := d.Store.ChatByTelegramID(t.Context(), tg)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func TestRemovedBot(t *testing.T) {
	d := withTasks(t)
	tokenA, tokenB := d.token(groupA, boss), d.token(groupB, boss)
	// Removed from 乙群: the bot hears of it and the group is blocked.
	d.Fake.Kick(groupB)
	d.Settle()
	status, body := d.call(http.MethodGet, "api/group", d.initData(boss, tokenB, time.Minute))
	refusal(t, status, body, 403, "bot_removed", secrets...)
	// Telegram answers 403 before the bot heard of anything.
	d.Fake.FailNext("getChatMember", groupA, tgfake.Fault{Code: 403, Description: "Forbidden: bot was kicked from the supergroup chat"})
	status, body = d.call(http.MethodGet, "api/group", d.initData(li, tokenA, time.Minute))
	refusal(t, status, body, 403, "bot_removed", secrets...)
	// Telegram unreachable: no data, and a reason.
	d.Fake.FailNext("getChatMember", groupA, tgfake.Fault{Code: 502})
	status, body = d.call(http.MethodGet, "api/group", d.initData(wang, tokenA, time.Minute))
	refusal(t, status, body, 502, "telegram_unavailable", secrets...)
}

func TestMembership(t *testing.T) {
	d := withTasks(t)
	token := d.token(groupA, boss)
	ok := func(user int64) bool {
		status, _ := d.call(http.MethodGet, "api/group", d.initData(user, token, time.Minute))
		return status == http.StatusOK
	}
	// Restricted but still in the group: a member. Restricted and out: not.
	d.Fake.Restrict(groupA, wang, true, false)
	d.Fake.Restrict(groupA, li, false, false)
	if !ok(wang) {
		t.Error("a restricted member (is_member) is refused")
	}
	if ok(li) {
		t.Error("a restricted non-member is let in")
	}
	// Telegram's word is kept a few minutes: a member who leaves keeps the
	// view until it is asked again.
	if !ok(zhang) {
		t.Fatal("张伟 is refused")
	}
	d.Fake.Leave(groupA, zhang)
	d.Settle()
	if !ok(zhang) {
		t.Error("the membership was asked again within the cache's time")
	}
	d.Clock.Advance(4 * time.Minute)
	status, body := d.call(http.MethodGet, "api/group", d.initData(zhang, token, time.Minute))
	refusal(t, status, body, 403, "not_member", secrets...)
}

type taskDetail struct {
	N        int    `json:"n"`
	Title    string `json:"title"`
	Label    string `json:"statusLabel"`
	Overdue  string `json:"overdue"`
	Fields   []struct{ Label, Value string }
	Sections []struct {
		Title   string
		Entries []struct{ At, Who, Text string }
	}
}

func (td *taskDetail) field(label string) string {
	for _, f := range td.Fields {
		if f.Label == label {
			return f.Value
		}
	}
	return ""
}

func (td *taskDetail) section(title string) []string {
	var out []string
	for _, s := range td.Sections {
		if s.Title == title {
			for _, e := range s.Entries {
				out = append(out, e.Who+" "+e.Text)
			}
		}
	}
	return out
}

func TestTaskDetail(t *testing.T) {
	d := withTasks(t)
	d.Say(groupA, zhang, "/extend 1 12月10日 等待省厅批复")
	token := d.token(groupA, wang)
	var td taskDetail
	d.get("api/task?n=1", d.initData(wang, token, time.Minute), &td)
	if td.Title != titlePlan || td.Label != "进行中" || td.Overdue != "" {
		t.Errorf("task 1: %q %q %q", td.Title, td.Label, td.Overdue)
	}
	for label, want := range map[string]string{"牵头单位": "投资促进局", "主办": "张伟", "交办人": "刘书记",
		"截止时间": "2026-12-04 18:00 周五", "进度": "30%"} {
		if got := td.field(label); got != want {
			t.Errorf("%s = %q, want %q", label, got, want)
		}
	}
	if got := td.section("进展"); !slices.Equal(got, []string{"张伟 30% 已完成初稿"}) {
		t.Errorf("进展 %q", got)
	}
	if got := td.section("延期"); len(got) != 1 || !strings.Contains(got[0], "2026-12-10 18:00") || !strings.Contains(got[0], "待审批") ||
		!strings.Contains(got[0], "等待省厅批复") {
		t.Errorf("延期 %q", got)
	}
	if got := td.section("记录"); len(got) < 3 || got[0] != "刘书记 交办" || !strings.Contains(strings.Join(got, "|"), "张伟 申请延期") {
		t.Errorf("记录 %q", got)
	}
	var overdue taskDetail
	d.get("api/task?n=2", d.initData(wang, token, time.Minute), &overdue)
	if overdue.Overdue == "" {
		t.Errorf("task 2 is overdue since 18:00, detail says %+v", overdue)
	}
	// Numbers are per group: 甲群's link never opens 乙群's #1.
	var one taskDetail
	d.get("api/task?n=1", d.initData(boss, d.token(groupA, boss), time.Minute), &one)
	if one.Title != titlePlan {
		t.Errorf("甲群 #1 is %q", one.Title)
	}
	for _, n := range []string{"99", "0", "x", ""} {
		status, body := d.call(http.MethodGet, "api/task?n="+n, d.initData(wang, token, time.Minute))
		refusal(t, status, body, 404, "no_task", secrets...)
	}
}

func TestLedgerDownload(t *testing.T) {
	d := withTasks(t)
	token := d.token(groupA, boss)
	status, body := d.call(http.MethodPost, "api/ledger-link", d.initData(zhang, token, time.Minute))
	refusal(t, status, body, 403, "not_leader", secrets...)

	var link struct{ URL, Name string }
	status, body = d.call(http.MethodPost, "api/ledger-link", d.initData(boss, token, time.Minute))
	if status != 200 || json.Unmarshal([]byte(body), &link) != nil || !strings.HasPrefix(link.URL, "api/ledger.xlsx?ticket=") {
		t.Fatalf("ledger-link: %d %s", status, body)
	}
	resp, err := http.Get(d.base + link.URL) // no header: the ticket is the permission
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	file.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", resp.StatusCode, resp.Header)
	}
	// The same file as /export.
	exported := d.Reply(groupA, boss, "/export")
	if !strings.Contains(resp.Header.Get("Content-Disposition"), url.PathEscape(exported.FileName)) {
		t.Errorf("file name %q, /export's is %q", resp.Header.Get("Content-Disposition"), exported.FileName)
	}
	mine, theirs := sheets(t, file.Bytes()), sheets(t, exported.FileBytes)
	if len(mine["任务台账"]) != 4 || fmt.Sprint(mine) != fmt.Sprint(theirs) {
		t.Errorf("dashboard's workbook differs from /export's:\n%v\n%v", mine, theirs)
	}

	// A ticket is for its group, and only for a while.
	ticket := strings.TrimPrefix(link.URL, "api/ledger.xlsx?ticket=")
	parts := strings.Split(ticket, ".")
	other := fmt.Sprintf("%d.%s.%s.%s", groupID(t, d, groupB), parts[1], parts[2], parts[3])
	for name, tk := range map[string]string{"altered": other, "garbage": "x.y", "none": ""} {
		status, body := d.call(http.MethodGet, "api/ledger.xlsx?ticket="+tk, "")
		t.Run(name, func(t *testing.T) { refusal(t, status, body, 403, "bad_ticket", secrets...) })
	}
	d.Clock.Advance(6 * time.Minute)
	status, body = d.call(http.MethodGet, link.URL, "")
	refusal(t, status, body, 403, "bad_ticket", secrets...)
}

// sheets reads every sheet's rows of a workbook.
func sheets(t *testing.T, data []byte) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

func TestPersonalView(t *testing.T) {
	d := withTasks(t)
	var p struct {
		Name  string
		Known bool
		Tasks []struct {
			Group, Title, Role, Deadline string
			Overdue                      bool
		}
	}
	d.get("api/me", d.initData(zhang, "", time.Minute), &p)
	var got []string
	for _, task := range p.Tasks {
		got = append(got, fmt.Sprintf("%s|%s|%s|%v", task.Group, task.Title, task.Role, task.Overdue))
	}
	want := []string{
		"招商引资工作群|" + titleVisit + "|协办|true", // overdue first
		"另一个群|" + titleB + "|主办|false",       // 11-30
		"招商引资工作群|" + titlePlan + "|主办|false", // 12-04
	}
	if !p.Known || p.Name != "张伟" || !slices.Equal(got, want) {
		t.Errorf("张伟's view %q %v:\n%q\nwant\n%q", p.Name, p.Known, got, want)
	}
	var stranger struct {
		Known bool
		Tasks []any
	}
	d.get("api/me", d.initData(outsider, "", time.Minute), &stranger)
	if stranger.Known || len(stranger.Tasks) != 0 {
		t.Errorf("a stranger's view: %+v", stranger)
	}
}

func TestLeaderSwitchesGroups(t *testing.T) {
	d := withTasks(t)
	tokenA := d.token(groupA, boss)
	var groups []struct {
		ID    uint
		Title string
	}
	d.get("api/groups", d.initData(boss, tokenA, time.Minute), &groups)
	if len(groups) != 2 || groups[0].Title != "另一个群" || groups[1].Title != "招商引资工作群" { // by title
		t.Fatalf("刘书记's groups %+v", groups)
	}
	var p groupPage
	d.get(fmt.Sprintf("api/group?chat=%d", groups[0].ID), d.initData(boss, tokenA, time.Minute), &p)
	if p.Group.Title != "另一个群" || len(p.Rows) != 1 || p.Rows[0].Cells[1] != titleB || !p.Leader {
		t.Errorf("switched view: %q %+v", p.Group.Title, p.Rows)
	}
	d.get("api/groups", d.initData(zhang, tokenA, time.Minute), &groups)
	if len(groups) != 0 {
		t.Errorf("张伟 leads no group, got %+v", groups)
	}
}

func TestResetLink(t *testing.T) {
	d := withTasks(t)
	old := d.token(groupA, zhang)
	refused := d.Reply(groupA, zhang, "/dashboard 重置")
	if !strings.Contains(refused.PlainText, "只有领导") || refused.Markup != nil {
		t.Errorf("a member resets the link: %s", refused.PlainText)
	}
	renewed := d.Reply(groupA, boss, "看板 重置")
	if !strings.Contains(renewed.PlainText, "已重置") {
		t.Fatalf("reset: %s", renewed.PlainText)
	}
	u, _ := url.Parse(renewed.Markup.InlineKeyboard[0][0].URL)
	fresh := u.Query().Get("startapp")
	if fresh == old || len(fresh) < 16 || strings.Trim(fresh, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		t.Errorf("new token %q (old %q)", fresh, old)
	}
	if u.Host != "t.me" || !strings.HasPrefix(u.Path, "/"+d.Fake.Bot().Username) {
		t.Errorf("link %s is not the bot's direct link", u)
	}
	status, body := d.call(http.MethodGet, "api/group", d.initData(zhang, old, time.Minute))
	refusal(t, status, body, 403, "bad_link", secrets...)
	var p groupPage
	d.get("api/group", d.initData(zhang, fresh, time.Minute), &p)
	if d.token(groupA, wang) != fresh {
		t.Error("/dashboard after the reset gives another token")
	}
}

func TestPrivateDashboardAndMenuButton(t *testing.T) {
	d := newDash(t)
	d.Fake.StartBot(zhang)
	d.Settle()
	ans := d.Reply(zhang, zhang, "/dashboard")
	b := ans.Markup.InlineKeyboard[0][0]
	if b.WebApp == nil || b.WebApp.URL != publicURL+"/app/" || b.URL != "" {
		t.Errorf("private /dashboard button %+v, want a web_app button to %s/app/", b, publicURL)
	}
	menu, ok := d.Fake.MenuButton()
	if !ok || menu.Type != "web_app" || menu.URL != publicURL+"/app/" {
		t.Errorf("menu button %+v (set: %v)", menu, ok)
	}
}

// With an http:// public URL (tests, a trial behind no TLS), Telegram takes
// no web_app button: the private answer is a URL button, and the refused
// menu button leaves the bot working.
func TestPlainHTTPPublicURL(t *testing.T) {
	d := newDashAt(t, "http://127.0.0.1:8080")
	d.Fake.StartBot(zhang)
	d.Settle()
	b := d.Reply(zhang, zhang, "/dashboard").Markup.InlineKeyboard[0][0]
	if b.WebApp != nil || b.URL != "http://127.0.0.1:8080/app/" {
		t.Errorf("button %+v, want a URL button to the page", b)
	}
	if _, set := d.Fake.MenuButton(); set {
		t.Error("the fake took an http:// web app as the menu button")
	}
	refused := false
	for _, c := range d.Fake.Rejected() {
		refused = refused || c.Method == "setChatMenuButton"
	}
	if !refused {
		t.Error("setChatMenuButton was not tried")
	}
	if ans := d.Reply(groupA, zhang, "/my"); !strings.Contains(ans.PlainText, "未办结任务") {
		t.Errorf("the bot does not work on: %s", ans.PlainText)
	}
}

func TestPageHoldsNoData(t *testing.T) {
	d := withTasks(t)
	for _, path := range []string{"", "index.html", "app.js", "app.css", "vendor/chart.umd.js"} {
		status, body := d.call(http.MethodGet, path, "")
		if status != 200 || len(body) < 100 {
			t.Errorf("GET /app/%s: %d, %d bytes", path, status, len(body))
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("/app/%s contains %q", path, s)
			}
		}
	}
	status, _ := d.call(http.MethodGet, "nothing.js", "")
	if status != 404 {
		t.Errorf("an unknown file: %d", status)
	}
}

// The 台账 table filters by 清单, and a task's detail lists its 节点.
func TestListFilterAndNodes(t *testing.T) {
	d := withTasks(t)
	d.Say(groupA, boss, "/list add 重点项目")
	d.Say(groupA, boss, "/edit 2 清单 重点项目")
	d.Say(groupA, boss, "/node 1 add 完成初稿 12月1日")
	d.Say(groupA, zhang, "/node 1 done 1 已完成")
	d.Say(groupA, boss, "/node 1 add 报送省厅 12月3日")
	token := d.token(groupA, wang)
	var p groupPage
	d.get("api/group", d.initData(wang, token, time.Minute), &p)
	if len(p.Filters.Lists) != 1 || p.Filters.Lists[0].Label != "重点项目" {
		t.Fatalf("list filter choices %+v", p.Filters.Lists)
	}
	var listed groupPage
	d.get("api/group?list="+p.Filters.Lists[0].Value, d.initData(wang, token, time.Minute), &listed)
	if len(listed.Rows) != 1 || listed.Rows[0].N != 2 {
		t.Errorf("the list's rows: %+v, want #2 only", listed.Rows)
	}
	var td taskDetail
	d.get("api/task?n=1", d.initData(wang, token, time.Minute), &td)
	if got := td.section("节点 1/2"); !slices.Equal(got, []string{"张伟 ✅ 1. 完成初稿（11-24 完成）：已完成", " ⏳ 2. 报送省厅"}) {
		t.Errorf("节点 %q (sections %+v)", got, td.Sections)
	}
	var two taskDetail
	d.get("api/task?n=2", d.initData(wang, token, time.Minute), &two)
	if got := two.field("清单"); got != "重点项目" {
		t.Errorf("#2 清单 = %q", got)
	}
}

// A group that named its leaders alone (/settings 领导 仅指定) is led on the
// page as in the chat: its administrators lead only when named.
func TestNamedLeadersOnly(t *testing.T) {
	d := withTasks(t)
	tokenA := d.token(groupA, boss)
	var p groupPage
	d.get("api/group", d.initData(boss, tokenA, time.Minute), &p)
	if !p.Leader {
		t.Fatal("the administrator does not lead the group before the setting")
	}
	d.Reply(groupA, boss, "/leader add @wangfang") // 王芳
	if ans := d.Reply(groupA, boss, "/settings 领导 仅指定"); !strings.Contains(ans.PlainText, "已更新") {
		t.Fatalf("/settings 领导 仅指定: %s", ans.PlainText)
	}
	d.get("api/group", d.initData(boss, tokenA, time.Minute), &p)
	if p.Leader {
		t.Error("an administrator who is not a named leader leads the page of a group that named its leaders")
	}
}
