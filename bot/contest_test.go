package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/models"
)

// contestSetup makes the three units of the scenario (投资促进局 张伟,
// 住建局 王芳, 发改局 李局), flags for the top and bottom one, the contest
// and its three indicators (one 当期, one 当期 越低越好).
func contestSetup(h *e2e.Harness) {
	h.T.Helper()
	for _, cmd := range []string{
		"/unit add 投资促进局 @zhangwei", "/unit add 住建局 @wangfang", "/unit add 发改局 @lijv", "/settings 红旗 1",
	} {
		h.Reply(group, boss, cmd)
	}
	h.Answer(group, boss, "/contest add 项目建设擂台赛", "已创建擂台赛「项目建设擂台赛」", "住建局、发改局、投资促进局")
	h.Answer(group, boss, "/contest 项目建设擂台赛 指标 固定资产投资 亿元 权重40 累计", "已添加指标：固定资产投资（亿元，权重40，累计）")
	h.Answer(group, boss, "/contest 项目建设擂台赛 指标 新开工项目 个 权重30 当期", "新开工项目（个，权重30，当期）")
	h.Answer(group, boss, "擂台赛 项目建设擂台赛 指标 单位能耗 吨标煤 权重30 当期 越低越好", "单位能耗（吨标煤，权重30，当期，越低越好）")
}

// TestContestEndToEnd is issue 15's scenario: three units, three
// indicators, targets by command, two reporting periods with one unit late
// (its 填报 task overdue and chased) and one correction, the standings
// against a hand-computed table, the picture, the trend and the export.
func TestContestEndToEnd(t *testing.T) {
	sh := testkit.Shanghai
	e2e.ForEachBackend(t, e2e.Options{Now: time.Date(2026, 10, 20, 10, 0, 0, 0, sh), Reminders: true}, func(t *testing.T, h *e2e.Harness) {
		contestScenario(t, h)
	})
}

func contestScenario(t *testing.T, h *e2e.Harness) {
	sh := testkit.Shanghai
	contestSetup(h)

	// Permissions and bad input: nothing stored.
	testkit.MustContain(t, h.Reply(group, zhang, "/contest add 另一个擂台赛").PlainText, "创建擂台赛")
	testkit.MustContain(t, h.Reply(group, boss, "/contest 项目建设擂台赛 目标 投资促进局 固定资产投资 -5").PlainText, "「-5」不是有效数值")
	testkit.MustContain(t, h.Reply(group, boss, "/contest 项目建设擂台赛 目标 教育局 固定资产投资 5").PlainText, "不是擂台赛「项目建设擂台赛」的参赛单位")

	// 任务书: 投资促进局's by command, the others' from an .xlsx with a
	// bad row (a unit not in the contest), after a preview.
	for _, target := range []string{"投资促进局 固定资产投资 100", "投资促进局 新开工项目 20", "投资促进局 单位能耗 0.5"} {
		h.Answer(group, boss, "/contest 项目建设擂台赛 目标 "+target, "2026年任务书")
	}
	book := bot.TaskBookFile(t, [][]any{
		{"单位", "固定资产投资（亿元）", "新开工项目（个）", "单位能耗（吨标煤）"},
		{"住建局", 80, 10, 0.6},
		{"发改局", 50, 12, 0.4},
		{"教育局", 5, 1, 0.3},
	})
	testkit.MustContain(t, h.Reply(group, zhang, "/contest 项目建设擂台赛 任务书", tgfake.AsDocument("任务书.xlsx", book)).PlainText,
		"下达任务书")
	preview := h.Reply(group, boss, "/contest 项目建设擂台赛 任务书", tgfake.AsDocument("任务书.xlsx", book))
	testkit.MustContain(t, preview.PlainText, "将设置 6 项年度目标", "住建局 固定资产投资 80亿元", "发改局 单位能耗 0.4吨标煤",
		"以下 1 处未导入", "第4行：「教育局」不是参赛单位")
	done, _ := h.Press(group, preview.MessageID, boss, "确认导入")
	testkit.MustContain(t, testkit.Containing(done, "已导入")[0].PlainText, "2026年任务书 6 项年度目标")
	table := h.Reply(group, zhang, "/contest 项目建设擂台赛 任务书")
	testkit.MustContain(t, table.PlainText, "2026年任务书", "固定资产投资（亿元）", "投资促进局", "100", "0.5")

	sched := h.Reply(group, boss, "/contest 项目建设擂台赛 填报 每月5日")
	testkit.MustContain(t, sched.PlainText, "每月5日填报", "2026年10月的填报任务将于11月1日 09:00发给各单位", "截止2026-11-05 18:00")

	// October's period opens on 1 November: one 填报 task per unit.
	out := h.Advance(time.Date(2026, 11, 1, 9, 1, 0, 0, sh))
	opened := testkit.Containing(out, "【填报】项目建设擂台赛 2026年10月")
	if len(opened) != 1 {
		t.Fatalf("the October round was announced %d times:\n%s", len(opened), testkit.Dump(out))
	}
	testkit.MustContain(t, opened[0].PlainText, "2026-11-05 18:00", "#1 住建局：王芳", "#2 发改局：李局", "#3 投资促进局：张伟")

	// 张伟 and 王芳 report on time; 李局 does not.
	h.Advance(time.Date(2026, 11, 2, 10, 0, 0, 0, sh))
	testkit.MustContain(t, h.Reply(group, zhang, "/report 项目建设擂台赛 固定资产投资 70 新开工项目 8").PlainText,
		"投资促进局 已填报「项目建设擂台赛」2026年10月", "固定资产投资 70亿元", "还需填报：单位能耗")
	testkit.MustContain(t, h.Reply(group, zhang, "填报 项目建设擂台赛 单位能耗 0.5").PlainText, "填报任务 #3 已办结")
	testkit.MustContain(t, h.Reply(group, wang, "/report 项目建设擂台赛 固定资产投资 60 新开工项目 5 单位能耗 0.6 单位：投资促进局").PlainText,
		"只有领导可以为其他单位填报")
	testkit.MustContain(t, h.Reply(group, wang, "/report 项目建设擂台赛 固定资产投资 -60").PlainText, "不小于0")
	testkit.MustContain(t, h.Reply(group, wang, "/report 项目建设擂台赛 固定资产投资 60 新开工项目 5 单位能耗 0.6").PlainText,
		"住建局 已填报", "填报任务 #1 已办结")
	testkit.MustContain(t, h.Reply(group, zhao, "/report 项目建设擂台赛 固定资产投资 1").PlainText, "你不属于擂台赛「项目建设擂台赛」的参赛单位")

	// 发改局 is late: its task is chased the next working day at 09:00.
	out = h.Advance(time.Date(2026, 11, 6, 9, 30, 0, 0, sh))
	chased := testkit.Containing(testkit.To(out, group), "催办")
	if len(testkit.Containing(chased, "【填报】项目建设擂台赛 2026年10月")) == 0 {
		t.Fatalf("the late 填报 task was not chased:\n%s", testkit.Dump(out))
	}
	// It closes through /report alone, so its reminders offer no 提交办结.
	for _, m := range chased {
		if m.Markup == nil {
			t.Fatalf("a 填报 task's reminder has no buttons:\n%s", m.PlainText)
		}
		for _, row := range m.Markup.InlineKeyboard {
			for _, b := range row {
				if b.Text == "提交办结" {
					t.Errorf("a 填报 task's reminder offers 提交办结:\n%s", m.PlainText)
				}
			}
		}
	}
	testkit.MustContain(t, h.Reply(group, li, "/report 项目建设擂台赛 固定资产投资 20 新开工项目 2 单位能耗 0.5").PlainText, "填报任务 #2 已办结")
	late := taskNumbered(t, h, 2)
	if late.Status != models.StatusDone || late.SubmittedAt == nil || !late.SubmittedAt.After(late.Deadline) {
		t.Errorf("发改局's October task: %s, submitted %v, due %v; want closed late", late.Status, late.SubmittedAt, late.Deadline)
	}

	// November's period opens on 1 December; 5 December is a Saturday,
	// so the report is due on Friday the 4th.
	out = h.Advance(time.Date(2026, 12, 1, 9, 1, 0, 0, sh))
	testkit.MustContain(t, testkit.Containing(out, "【填报】项目建设擂台赛 2026年11月")[0].PlainText, "2026-12-04 18:00")
	h.Advance(time.Date(2026, 12, 2, 10, 0, 0, 0, sh))
	h.Reply(group, zhang, "/report 项目建设擂台赛 固定资产投资 90 新开工项目 6 单位能耗 0.4")
	testkit.MustContain(t, h.Reply(group, zhang, "/report 项目建设擂台赛 固定资产投资 95").PlainText, "固定资产投资 95亿元（更正，原为90亿元）", "各项指标已填报齐全")
	h.Reply(group, wang, "/report 项目建设擂台赛 固定资产投资 70 新开工项目 4 单位能耗 0.6")
	testkit.MustContain(t, h.Reply(group, boss, "/report 项目建设擂台赛 单位：发改局 固定资产投资 30").PlainText, "发改局 已填报", "还需填报：新开工项目、单位能耗")

	// The standings, computed by hand (序时进度 334/365 = 91.5%):
	//   投资促进局 95/100 = 95%, (8+6)/20 = 70%, 0.5 ÷ mean(0.5, 0.4) = 111.1%
	//              → 0.4×95 + 0.3×70 + 0.3×111.1 = 92.3
	//   住建局     70/80 = 87.5% 🐢, (5+4)/10 = 90%, 0.6/0.6 = 100% → 92.0
	//   发改局     30/50 = 60% 🐢, 新开工项目 and 单位能耗 未填报 → 24.0
	out = h.Say(group, zhao, "/contest 项目建设擂台赛")
	if len(out) != 2 || out[1].Method != "sendPhoto" {
		t.Fatalf("standings: want the text and a picture:\n%s", testkit.Dump(out))
	}
	text := out[0].PlainText
	testkit.MustContain(t, text, "项目建设擂台赛 · 成绩单", "2026年11月 · 序时进度 91.5%",
		"🚩 1. 投资促进局 92.3分",
		"固定资产投资 ▓▓▓▓▓▓▓▓▓░ 95.0%（95亿元/100亿元）",
		"新开工项目 ▓▓▓▓▓▓▓░░░ 70.0%（14个/20个）",
		"单位能耗 ▓▓▓▓▓▓▓▓▓▓ 111.1%（0.45吨标煤/0.5吨标煤）",
		"2. 住建局 92.0分",
		"固定资产投资 ▓▓▓▓▓▓▓▓░░ 87.5%（70亿元/80亿元） 🐢",
		"🟨 3. 发改局 24.0分",
		"固定资产投资 ▓▓▓▓▓▓░░░░ 60.0%（30亿元/50亿元） 🐢",
		"新开工项目 ░░░░░░░░░░ 未填报",
		"封顶150%", "前1名🚩红旗，后1名🟨黄旗。")
	if strings.Count(text, "🐢") != 2+1 { // two in the lines, one in the formula
		t.Errorf("want 🐢 on two lines:\n%s", text)
	}
	testkit.Golden(t, "contest_standings", text)
	mustBeDrawn(t, out[1].FileBytes)

	trend := h.Say(group, zhao, "/contest 项目建设擂台赛 趋势")
	if len(trend) != 1 || trend[0].Method != "sendPhoto" {
		t.Fatalf("trend:\n%s", testkit.Dump(trend))
	}
	testkit.MustContain(t, trend[0].PlainText, "2026年得分趋势", "投资促进局 92.3分（11月）")
	mustBeDrawn(t, trend[0].FileBytes)

	checkContestExport(t, h)

	// The January publications (month, quarter, half-year, year) carry the
	// standings of the latest period whose reports were due — November's,
	// December's being due on 5 January — with flags.
	out = h.Advance(time.Date(2027, 1, 4, 9, 1, 0, 0, sh))
	published := testkit.Containing(testkit.To(out, group), "📣 晾晒成绩单\n🏟 项目建设擂台赛 · 成绩单")
	if len(published) != 1 {
		t.Fatalf("the contest was published %d times:\n%s", len(published), testkit.Dump(out))
	}
	testkit.MustContain(t, published[0].PlainText, "2026年11月", "🚩 1. 投资促进局 92.3分", "🟨 3. 发改局 24.0分")
	testkit.MustContain(t, testkit.Containing(out, "【填报】项目建设擂台赛 2026年12月")[0].PlainText, "2027-01-05 18:00")

	// A leader removes the contest after confirming.
	ask := h.Reply(group, boss, "/contest remove 项目建设擂台赛")
	h.Press(group, ask.MessageID, boss, "确认删除")
	testkit.MustContain(t, h.Reply(group, boss, "/contest").PlainText, "本群还没有擂台赛")
	testkit.MustContain(t, h.Reply(group, outsider, "/contest").PlainText, "No contests here yet")
}

// checkContestExport checks the contest's sheet: alone from /contest 名称
// 导出, and inside /export.
func checkContestExport(t *testing.T, h *e2e.Harness) {
	t.Helper()
	docs := h.Say(group, boss, "/contest 项目建设擂台赛 导出")
	if len(docs) != 1 || docs[0].Method != "sendDocument" || !strings.HasSuffix(docs[0].FileName, ".xlsx") {
		t.Fatalf("导出:\n%s", testkit.Dump(docs))
	}
	f, err := excelize.OpenReader(bytes.NewReader(docs[0].FileBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "擂台赛-项目建设擂台赛" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.GetRows("擂台赛-项目建设擂台赛")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"单位", "指标", "计量单位", "年度目标", "本年累计", "完成率", "序时进度", "是否落后", "2026年1月"},
		{"投资促进局", "固定资产投资", "亿元", "100.00", "95.00", "95.0%", "91.5%", ""},
		{"投资促进局", "新开工项目", "个", "20.00", "14.00", "70.0%", "91.5%", ""},
		{"投资促进局", "单位能耗", "吨标煤", "0.50", "0.45", "111.1%", "91.5%", ""},
		{"住建局", "固定资产投资", "亿元", "80.00", "70.00", "87.5%", "91.5%", "是"},
	}
	if len(rows) != 10 || len(rows[0]) != 8+11 || rows[0][18] != "2026年11月" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, w := range want {
		for j, cell := range w {
			if j < len(rows[i]) && rows[i][j] != cell && !(i == 0 && j == 8) {
				t.Errorf("row %d col %d = %q, want %q", i+1, j+1, rows[i][j], cell)
			}
		}
	}
	// October and November's figures of 投资促进局's investment.
	if got := rows[1][17:19]; got[0] != "70.00" || got[1] != "95.00" {
		t.Errorf("投资促进局 固定资产投资 by period: %v", got)
	}
	all := h.Say(group, boss, "/export")
	book, err := excelize.OpenReader(bytes.NewReader(all[len(all)-1].FileBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if sheets := book.GetSheetList(); sheets[len(sheets)-1] != "擂台赛-项目建设擂台赛" {
		t.Errorf("/export sheets %v", sheets)
	}
}

// taskNumbered reads a task of the work group back from the store.
func taskNumbered(t *testing.T, h *e2e.Harness, n int) *models.Task {
	t.Helper()
	task, err := h.Store.TaskByNumber(context.Background(), h.Chat(group).ID, n)
	if err != nil {
		t.Fatal(err)
	}
	return task
}

// mustBeDrawn checks a picture decodes as a PNG with more than one colour.
func mustBeDrawn(t *testing.T, data []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	b := img.Bounds()
	colours := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
		}
	}
	if len(colours) < 4 || b.Dx() < 100 {
		t.Errorf("the picture is blank: %v, %d colours", b, len(colours))
	}
}

// /contest 名称 任务书 of a contest with many units and long names is a
// table longer than one message: it comes in several messages, each a
// whole <pre> block that Telegram accepts, with every unit in it.
func TestContestTargetsTableLongerThanAMessage(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for i := range 40 {
		h.Reply(group, boss, fmt.Sprintf("/unit add 第%02d%s @zhangwei", i, strings.Repeat("区县开发区", 4)))
	}
	h.Answer(group, boss, "/contest add 项目建设擂台赛", "已创建擂台赛")
	for i := range 6 {
		h.Answer(group, boss, fmt.Sprintf("/contest 项目建设擂台赛 指标 指标%d%s 亿元 权重10", i, strings.Repeat("固定资产投资", 2)), "已添加指标")
	}
	out := h.Say(group, boss, "/contest 项目建设擂台赛 任务书")
	if rejected := h.Fake.Rejected(); len(rejected) > 0 {
		t.Fatalf("Telegram refused the table: %+v", rejected)
	}
	all := ""
	for _, s := range out {
		if s.ChatID != group || s.Method != "sendMessage" {
			t.Fatalf("want only text in the group:\n%s", testkit.Dump(out))
		}
		all += s.PlainText + "\n"
	}
	if len(out) < 2 {
		t.Fatalf("%d messages, want the table split over several", len(out))
	}
	testkit.MustContain(t, all, "项目建设擂台赛 · 2026年任务书", "第00"+strings.Repeat("区县开发区", 4), "第39"+strings.Repeat("区县开发区", 4), "还没有目标")
	testkit.MustNotContain(t, all, "出了点问题")
}

// A unit of the contest without members gets no 填报 task — nobody could
// report — and the round's notice says so, instead of leaving it out
// silently until it shows as 未填报.
func TestContestRoundNamesUnitsWithoutMembers(t *testing.T) {
	h := e2e.Start(t, reportOptions)
	opened := openOctoberRound(t, h, []string{"/unit add 投资促进局 @zhangwei", "/unit add 教育局"}, "投资促进局、教育局")
	testkit.MustContain(t, opened.PlainText, "#1 投资促进局：张伟", "教育局没有成员，未建填报任务")
}

// Units may be listed as the bot lists them, with 、 or a comma between.
func TestContestAddUnitsListedWithCommas(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for _, cmd := range []string{"/unit add 投资促进局 @zhangwei", "/unit add 住建局 @wangfang", "/unit add 发改局 @lijv"} {
		h.Reply(group, boss, cmd)
	}
	h.Answer(group, boss, "/contest add 项目建设擂台赛 投资促进局、住建局", "参赛单位：投资促进局、住建局。")
	h.Answer(group, boss, "/contest add 招商擂台赛 住建局，发改局", "参赛单位：住建局、发改局。")
	h.Answer(group, boss, "/contest add 第三场 住建局、教育局", "本群没有单位「教育局」")
}
