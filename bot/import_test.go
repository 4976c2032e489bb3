package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// sheetFile writes rows into the first sheet of a new workbook.
func sheetFile(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ledger12 is a 台账 of 12 rows under a title row: 10 usable, one with a
// deadline passed (row 8) and one naming nobody of the group (row 11).
func ledger12(t *testing.T) []byte {
	dec4 := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) // an Excel date without a time: 18:00
	rows := [][]any{
		{"2026年招商引资重点工作台账"},
		{"序号", "工作任务", "责任单位", "责任人", "配合人", "完成时限", "备注", "投资额（万元）"},
		{1, "完成项目申报材料", "投资促进局", "张伟", "王芳", dec4, "按省厅模板", 5000},
		{2, "对接华鑫科技落地事宜", "投资促进局", "@wangfang", nil, "下周五前"},
		{3, "梳理在谈项目清单", nil, "投资促进局", nil, "2026-12-10"},
		{4, "报送道路硬化方案", "住建局", "王芳", nil, "12月15日"},
		{5, "起草调度会通知", nil, "李局", "张伟、王芳", "3个工作日内"},
		{6, "上周五的任务", nil, "张伟", nil, "上周五"},
		{7, "整理企业诉求台账", nil, "赵敏", nil, "月底前"},
		{8, "召开项目推进会", nil, "张伟", nil, "2026-12-20 09:00"},
		{9, "外地人的任务", nil, "孙七", nil, "下周五前"},
		{10, "核查项目用地", "自然资源局", nil, nil, "下月初"},
		{11, "编制年度投资计划", nil, "Tom", nil, "12月31日"},
		{12, "汇总季度数据", nil, "王芳", nil, time.Date(2026, 12, 25, 15, 30, 0, 0, time.UTC)},
	}
	return sheetFile(t, rows)
}

// An import of a 12-row sheet with 2 bad rows: the preview says what it
// will create and why two rows cannot be used; the program restarts before
// 确认导入, which only the importing leader may press; then 10 tasks come,
// numbered in sheet order, in one summary message.
func TestImportLedger(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, testImportLedger)
}

func testImportLedger(t *testing.T, h *e2e.Harness) {
	h.Say(group, boss, "/unit add 投资促进局 @zhangwei")
	h.Say(group, zhao, "/my") // 赵敏 has no @username: the bot knows her once she has used it
	refused := h.Reply(group, zhang, "/import", tgfake.AsDocument("台账.xlsx", ledger12(t)))
	testkit.MustContain(t, refused.PlainText, "只有领导可以导入台账")

	preview := h.Reply(group, boss, "/import", tgfake.AsDocument("台账.xlsx", ledger12(t)))
	testkit.MustContain(t, preview.PlainText, "导入预览：台账.xlsx", "表头在第 2 行。将创建 10 项任务，由 刘书记 交办",
		"1. （第 3 行）完成项目申报材料｜主办 张伟，协办 王芳｜投资促进局｜截止 2026-12-04 18:00 周五",
		"2. （第 4 行）对接华鑫科技落地事宜｜主办 王芳｜投资促进局｜截止 2026-12-04 18:00 周五",
		"3. （第 5 行）梳理在谈项目清单｜待认领｜投资促进局｜截止 2026-12-10 18:00 周四",
		"…… 另有 5 项", "2 行不能导入", "第 8 行：截止时间已过", "第 11 行：「孙七」不是本群已知的成员",
		"未读取的列：", "投资额")
	testkit.Golden(t, "import_preview", preview.PlainText)
	if b := preview.Buttons(); len(b) != 1 || len(b[0]) != 2 || b[0][0] != "确认导入" || b[0][1] != "取消" {
		t.Fatalf("buttons %v", b)
	}
	noTasks(t, h)
	h.Restart() // the preview is kept in the database

	_, ans := h.Press(group, preview.MessageID, zhang, "确认导入")
	if !ans.ShowAlert || !strings.Contains(ans.Text, "只有发起导入的 刘书记 可以确认或取消") {
		t.Errorf("another member's press: %+v", ans)
	}
	noTasks(t, h)
	sent, _ := h.Press(group, preview.MessageID, boss, "确认导入")
	var summary []tgfake.Sent
	for _, s := range sent {
		if s.Method == "sendMessage" {
			summary = append(summary, s)
		}
	}
	if len(summary) != 1 {
		t.Fatalf("want one summary message:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, summary[0].PlainText, "已导入「台账.xlsx」：10 项任务 #1–#10，由 刘书记 交办", "其中 2 项待认领")
	if m, _ := h.Fake.Message(group, preview.MessageID); m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("the preview keeps its buttons")
	}
	_, ans = h.PressData(group, preview.MessageID, boss, preview.Markup.InlineKeyboard[0][0].CallbackData)
	if !strings.Contains(ans.Text, "已确认、已取消") {
		t.Errorf("a second press: %+v", ans)
	}
	list := h.Reply(group, boss, "/tasks")
	testkit.MustContain(t, list.PlainText, "共 10 项")
	for n, want := range map[int][]string{
		1:  {"#1 完成项目申报材料", "主办：张伟", "协办：王芳", "牵头单位：投资促进局", "2026-12-04 18:00"},
		3:  {"#3 梳理在谈项目清单", "待认领", "投资促进局"},
		5:  {"#5 起草调度会通知", "主办：李局", "协办：张伟、王芳"},
		7:  {"#7 召开项目推进会", "2026-12-20 09:00"},
		8:  {"#8 核查项目用地", "自然资源局"},
		10: {"#10 汇总季度数据", "主办：王芳", "2026-12-25 15:30"},
	} {
		testkit.MustContain(t, h.Reply(group, boss, fmt.Sprintf("/task %d", n)).PlainText, want...)
	}
	// 投资促进局's member claims the unit's task.
	testkit.MustContain(t, h.Reply(group, zhang, "/claim 3").PlainText, "张伟")
}

// A CSV in GBK, imported by replying /import to it; 取消 stores nothing.
func TestImportGBKCSVByReply(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	csv := "任务,主办,截止时间,备注\r\n核查企业诉求,张伟,2026-12-08,逐条销号\r\n走访重点企业,王芳,下周三前,\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	doc := h.Fake.SendText(group, boss, "", tgfake.AsDocument("诉求台账.csv", []byte(gbk)))
	h.Settle()
	m := doc.ID
	preview := h.Reply(group, boss, "/import", tgfake.ReplyTo(m))
	testkit.MustContain(t, preview.PlainText, "将创建 2 项任务", "核查企业诉求｜主办 张伟｜截止 2026-12-08 18:00 周二",
		"走访重点企业｜主办 王芳｜截止 2026-12-02 18:00 周三")
	if n := h.Fake.Downloads(); n != 1 {
		t.Errorf("the file was downloaded %d times, want once (before the update's unit of work)", n)
	}
	sent, _ := h.Press(group, preview.MessageID, boss, "取消")
	if len(sent) != 1 || sent[0].Method != "editMessageText" {
		t.Fatalf("cancel:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "已取消导入「诉求台账.csv」，什么也没有保存。")
	noTasks(t, h)

	// The same file, confirmed.
	preview = h.Reply(group, boss, "导入", tgfake.ReplyTo(m))
	h.Press(group, preview.MessageID, boss, "确认导入")
	testkit.MustContain(t, h.Reply(group, boss, "/task 1").PlainText, "#1 核查企业诉求", "逐条销号")
}

// What cannot be imported is refused with the reason, and stores nothing.
func TestImportRefusals(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	big := []byte("任务,主办,截止时间\r\n" + strings.Repeat("任务,张伟,下周五前\r\n", 2001))
	for _, c := range []struct {
		name, caption string
		file          []byte
		want          []string
	}{
		{"", "/import", nil, []string{"请发送 .xlsx 或 .csv 文件"}},
		{"rows.csv", "/import", big, []string{"无法导入「rows.csv」", "2000"}},
		{"huge.csv", "/import", make([]byte, 5<<20+1), []string{"文件「huge.csv」太大：最多 5 MB"}},
		{"notes.txt", "/import", []byte("随便写写"), []string{"无法导入「notes.txt」"}},
		{"empty.csv", "/import", []byte("任务,主办,截止时间\r\n,张伟,下周五前\r\n"), []string{"第 2 行：没有任务内容", "没有可以导入的任务"}},
	} {
		var opts []tgfake.MsgOption
		if c.file != nil {
			opts = append(opts, tgfake.AsDocument(c.name, c.file))
		}
		got := h.Reply(group, boss, c.caption, opts...)
		testkit.MustContain(t, got.PlainText, c.want...)
		if got.Buttons() != nil {
			t.Errorf("%s: buttons on a refusal", c.name)
		}
	}
	noTasks(t, h)
}

// The ledger /export wrote, imported into another group, re-creates its
// open tasks (title, unit, people, deadline) and leaves the closed ones.
func TestImportExportRoundTrip(t *testing.T) {
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			h := e2e.Start(t, e2e.Options{})
			h.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局")
			h.Assign(group, "/assign @wangfang 报送道路硬化方案 12月15日下午3点 单位：住建局")
			h.Assign(group, "/assign @zhangwei 已经办完的任务 周五前")
			h.Say(group, boss, "/post 牵头招引一个亿元项目 月底前 单位：投资促进局")
			h.Assign(group, "/assign @wangfang 要取消的任务 周五前")
			for _, s := range h.Say(group, zhang, "/done 3 办完了") {
				if s.ChatID == group && len(s.Buttons()) > 0 && s.Buttons()[0][0] == "确认办结" {
					h.Press(group, s.MessageID, boss, "确认办结")
				}
			}
			h.Say(group, boss, "/cancel 5 合并到 #1")
			cmd := "/export"
			if format == "csv" {
				cmd = "/export csv"
			}
			doc := export(h, group, cmd)

			preview := h.Reply(otherGrp, boss, "/import", tgfake.AsDocument(doc.FileName, doc.FileBytes))
			testkit.MustContain(t, preview.PlainText, "将创建 3 项任务", "跳过已办结、已取消的 2 行",
				"完成项目申报材料｜主办 张伟，协办 王芳｜投资促进局｜截止 2026-12-04 18:00 周五",
				"报送道路硬化方案｜主办 王芳｜住建局｜截止 2026-12-15 15:00 周二",
				"牵头招引一个亿元项目｜待认领｜投资促进局｜截止 2026-11-30 18:00 周一")
			testkit.MustNotContain(t, preview.PlainText, "行不能导入：")
			h.Press(otherGrp, preview.MessageID, boss, "确认导入")
			for n, want := range map[int][]string{
				1: {"#1 完成项目申报材料", "主办：张伟", "协办：王芳", "牵头单位：投资促进局", "2026-12-04 18:00"},
				2: {"#2 报送道路硬化方案", "主办：王芳", "住建局", "2026-12-15 15:00"},
				3: {"#3 牵头招引一个亿元项目", "待认领", "2026-11-30 18:00"},
			} {
				testkit.MustContain(t, h.Reply(otherGrp, boss, fmt.Sprintf("/task %d", n)).PlainText, want...)
			}
			testkit.MustContain(t, h.Reply(otherGrp, boss, "/tasks").PlainText, "共 3 项")
		})
	}
}

// A proxy's error page while fetching the file (echoing the request path,
// the token with it) is retried like any failure; the token reaches no log.
func TestImportDownloadFailsOnce(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.FailNext("getFile", 0, tgfake.Fault{HTML: true})
	csv := []byte("任务,主办,截止时间\r\n核查企业诉求,张伟,2026-12-08\r\n")
	out := h.Say(group, boss, "/import", tgfake.AsDocument("诉求.csv", csv))
	if len(out) != 1 || !strings.Contains(out[0].PlainText, "将创建 1 项任务") {
		t.Fatalf("after a failed download:\n%s", testkit.Dump(out))
	}
	if logs := h.Logs.String(); !strings.Contains(logs, "get file") ||
		strings.Contains(logs, h.Fake.Token()) {
		t.Errorf("the failure is not logged, or the token is:\n%s", logs)
	}
}

// A deadline that passes between the preview and 确认导入 stops the whole
// import, and says so.
func TestImportDeadlinePassedSincePreview(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	csv := []byte("任务,主办,截止时间\r\n核查企业诉求,张伟,下周五前\r\n走访重点企业,王芳,明天\r\n")
	preview := h.Reply(group, boss, "/import", tgfake.AsDocument("诉求.csv", csv))
	testkit.MustContain(t, preview.PlainText, "将创建 2 项任务")
	h.Clock.Advance(48 * time.Hour)
	sent, _ := h.Press(group, preview.MessageID, boss, "确认导入")
	testkit.MustContain(t, testkit.Dump(sent), "「诉求.csv」第 3 行的截止时间在预览之后已经过去，什么也没有导入")
	noTasks(t, h)
}

// A 主办 cell naming the row's own unit, new to the group, makes the task
// the unit's, to be claimed.
func TestImportLeadIsTheRowsUnit(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	csv := []byte("任务,牵头单位,主办,截止时间\r\n核查农房安全,住建局,住建局,下周五前\r\n")
	preview := h.Reply(group, boss, "/import", tgfake.AsDocument("农房.csv", csv))
	testkit.MustContain(t, preview.PlainText, "将创建 1 项任务", "核查农房安全｜待认领｜住建局｜截止 2026-12-04 18:00 周五")
}

// A person named twice in a row (张伟、张伟, or @zhangwei and 张伟) is one
// assignee: the preview shows the task as it will be stored, without the
// lead repeated as a 协办.
func TestImportPersonNamedTwice(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	csv := []byte("任务,主办,协办,截止时间\n起草方案,张伟、张伟,,12月20日\n对接项目,@zhangwei,张伟、王芳,12月20日\n")
	preview := h.Reply(group, boss, "/import", tgfake.AsDocument("台账.csv", csv))
	testkit.MustContain(t, preview.PlainText, "起草方案｜主办 张伟｜", "对接项目｜主办 张伟，协办 王芳｜")
}

// A one-row import names its task as #1, not as the range #1–#1.
func TestImportOneRowSummary(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	csv := []byte("任务,主办,截止时间\n核查企业诉求,张伟,下周五前\n")
	preview := h.Reply(group, boss, "/import", tgfake.AsDocument("诉求.csv", csv))
	sent, _ := h.Press(group, preview.MessageID, boss, "确认导入")
	summary := testkit.Containing(sent, "已导入")
	if len(summary) != 1 {
		t.Fatalf("no summary:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, summary[0].PlainText, "已导入「诉求.csv」：1 项任务 #1，由 刘书记 交办")
}
