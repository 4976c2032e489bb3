package bot_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The columns of sheet 1 and of the CSV, in the customary order of a 台账.
var ledgerHeader = []string{"序号", "任务", "牵头单位", "主办", "协办", "包保领导", "交办人", "交办时间", "原截止", "截止时间",
	"签收", "状态", "提交时间", "办结时间", "是否按期", "逾期天数", "延期次数", "最新进展", "附件数"}

// Column indexes of ledgerHeader.
const (
	colNumber = iota
	colTitle
	colUnit
	colLead
	colCo
	colResponsible
	colAssigner
	colAssigned
	colOriginal
	colDeadline
	colAcks
	colStatus
	colSubmitted
	colDone
	colOnTime
	colLateDays
	colExtensions
	colProgress
)

// exportScenario is rankScenario (twelve tasks in November) with progress
// reports on #8 and a task in the other group; the clock stays at
// 2026-11-28 10:00.
func exportScenario(t *testing.T) *e2e.Harness {
	t.Helper()
	h := rankScenario(t)
	h.Reply(group, zhao, "/progress 8 30% 已收集问题")
	h.Reply(group, zhao, "/progress 8 50% 正在整改")
	h.Reply(otherGrp, boss, "/assign @wangfang 另一个群的任务 12月1日")
	return h
}

// export sends an /export as a leader and returns the one document it
// answers with.
func export(h *e2e.Harness, chat int64, text string) tgfake.Sent {
	h.T.Helper()
	out := h.Say(chat, boss, text)
	if len(out) != 1 || out[0].Method != "sendDocument" {
		h.T.Fatalf("%q: want one document:\n%s", text, testkit.Dump(out))
	}
	if out[0].ChatID != chat {
		h.T.Fatalf("%q: document went to %d, not to the chat that asked (%d)", text, out[0].ChatID, chat)
	}
	return out[0]
}

// workbook opens an .xlsx the bot sent and returns its sheets' rows.
func workbook(t *testing.T, doc tgfake.Sent) (*excelize.File, map[string][][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(doc.FileBytes))
	if err != nil {
		t.Fatalf("%s does not open: %v", doc.FileName, err)
	}
	t.Cleanup(func() { f.Close() })
	if got, want := f.GetSheetList(), []string{"任务台账", "排名", "进展记录"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	sheets := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		// GetRows drops trailing empty cells; pad rows to the header.
		for i := range rows {
			for len(rows[i]) < len(rows[0]) {
				rows[i] = append(rows[i], "")
			}
		}
		sheets[name] = rows
	}
	if got := sheets["任务台账"][0]; !slices.Equal(got, ledgerHeader) {
		t.Fatalf("header %q, want %q", got, ledgerHeader)
	}
	return f, sheets
}

// taskNumbers lists column 序号 of the task rows.
func taskNumbers(rows [][]string) []string {
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[colNumber])
	}
	return out
}

// taskRow finds the row of task n.
func taskRow(t *testing.T, rows [][]string, n string) []string {
	t.Helper()
	for _, r := range rows[1:] {
		if r[colNumber] == n {
			return r
		}
	}
	t.Fatalf("no row for #%s in %q", n, taskNumbers(rows))
	return nil
}

func TestExportEverything(t *testing.T) {
	h := exportScenario(t)
	doc := export(h, group, "/export")
	if doc.FileName != "台账-招商引资工作群-全部.xlsx" {
		t.Errorf("file name %q", doc.FileName)
	}
	testkit.MustContain(t, doc.PlainText, "📒 招商引资工作群 任务台账（全部，12 项任务）")
	f, sheets := workbook(t, doc)
	tasks := sheets["任务台账"]
	// Every task in every status, the cancelled and the unclaimed ones
	// included, in number order; none of the other group's.
	if got, want := taskNumbers(tasks), []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}; !slices.Equal(got, want) {
		t.Fatalf("task rows %q, want %q", got, want)
	}
	testkit.MustNotContain(t, strings.Join(slices.Concat(tasks...), "|"), "另一个群的任务")

	for _, c := range []struct {
		n    string
		cols map[int]string
	}{
		{"1", map[int]string{colTitle: "项目申报", colUnit: "投资促进局", colLead: "张伟", colCo: "", colAssigner: "刘书记",
			colAssigned: "2026-11-23 10:00", colOriginal: "2026-11-24 18:00", colDeadline: "2026-11-24 18:00",
			colAcks: "张伟 未签收", colStatus: "已提交", colSubmitted: "2026-11-23 12:00", colDone: "", colOnTime: "是",
			colLateDays: "", colExtensions: "0", colProgress: ""}},
		// #2 was confirmed: 办结时间 is the confirmation, 是否按期 the submission.
		{"2", map[int]string{colLead: "张伟", colStatus: "已办结", colSubmitted: "2026-11-25 09:00", colDone: "2026-11-25 09:00", colOnTime: "是"}},
		{"3", map[int]string{colLead: "王芳", colCo: "张伟", colAcks: "王芳 未签收；张伟 未签收"}},
		// Submitted at 20:00 for 18:00: late, on the deadline's own day.
		{"4", map[int]string{colLead: "王芳", colSubmitted: "2026-11-24 20:00", colOnTime: "否", colLateDays: "", colExtensions: "0"}},
		// Extended once, to 27 November, and submitted before it, with a
		// 办结说明 later than any report.
		{"5", map[int]string{colLead: "陈晨", colUnit: "发改局", colOriginal: "2026-11-24 18:00", colDeadline: "2026-11-27 18:00",
			colOnTime: "是", colExtensions: "1", colProgress: "办结说明：已获批复"}},
		{"7", map[int]string{colLead: "赵敏", colUnit: "", colOnTime: "否"}},
		// Open and overdue since 25 November 18:00, with its latest progress.
		{"8", map[int]string{colLead: "赵敏", colStatus: "进行中", colOnTime: "", colDone: "", colLateDays: "3", colProgress: "50% 正在整改"}},
		{"9", map[int]string{colLead: "Tom", colStatus: "待办", colOnTime: "", colLateDays: "4"}},
		{"10", map[int]string{colDeadline: "2026-12-20 18:00", colStatus: "待办"}},
		{"11", map[int]string{colStatus: "已取消", colOnTime: ""}},
		{"12", map[int]string{colTitle: "无人认领的任务", colLead: "", colStatus: "待认领"}},
	} {
		row := taskRow(t, tasks, c.n)
		for col, want := range c.cols {
			if row[col] != want {
				t.Errorf("#%s %s = %q, want %q (row %q)", c.n, ledgerHeader[col], row[col], want, row)
			}
		}
	}

	// Overdue rows are highlighted; the others are not.
	fill := func(n string) string {
		t.Helper()
		for i, r := range tasks {
			if r[colNumber] == n {
				cell, _ := excelize.CoordinatesToCellName(colTitle+1, i+1)
				id, err := f.GetCellStyle("任务台账", cell)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if len(st.Fill.Color) == 0 {
					return ""
				}
				return strings.ToUpper(strings.TrimPrefix(st.Fill.Color[0], "#"))
			}
		}
		t.Fatalf("no row #%s", n)
		return ""
	}
	if fill("8") == "" || fill("9") == "" || fill("8") != fill("9") {
		t.Errorf("overdue rows #8 and #9 are filled %q and %q", fill("8"), fill("9"))
	}
	for _, n := range []string{"1", "4", "10"} {
		if got := fill(n); got != "" {
			t.Errorf("row #%s is filled %q, though not overdue", n, got)
		}
	}
	// The header stays in view.
	if panes, err := f.GetPanes("任务台账"); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}

	// Sheet 2: the ranking over every task (张伟's December task, not due
	// yet, is not counted as 到期).
	ranking := sheets["排名"]
	if len(ranking) != 7 {
		t.Fatalf("ranking sheet has %d rows, want header and 6:\n%q", len(ranking), ranking)
	}
	wantRank := [][]string{
		{"名次", "姓名/单位", "单位", "到期", "按期", "逾期办结", "逾期未办", "按期率", "得分", "红黄旗"},
		{"1", "张伟", "投资促进局", "2", "2", "0", "0", "100%", "20", "红旗"},
		{"2", "王芳", "投资促进局", "2", "1", "1", "0", "50%", "14", "红旗"},
		{"3", "陈晨", "发改局", "1", "1", "0", "0", "100%", "10", "红旗"},
		{"4", "李局", "发改局", "1", "0", "1", "0", "0%", "4", "黄旗"},
		{"5", "赵敏", "", "2", "0", "1", "1", "0%", "-1", "黄旗"},
		{"6", "Tom", "", "1", "0", "0", "1", "0%", "-5", "黄旗"},
	}
	for i, want := range wantRank {
		if !slices.Equal(ranking[i], want) {
			t.Errorf("ranking row %d: %q, want %q", i, ranking[i], want)
		}
	}

	// Sheet 3: the progress history, #8's reports in order.
	progress := sheets["进展记录"]
	if got, want := progress[0], []string{"序号", "任务", "时间", "报告人", "进度", "内容"}; !slices.Equal(got, want) {
		t.Fatalf("progress header %q, want %q", got, want)
	}
	var eight []string
	for _, r := range progress[1:] {
		if r[0] == "8" {
			eight = append(eight, strings.Join(r[1:], "|"))
		}
	}
	if want := []string{"问题清单|2026-11-28 10:00|赵敏|30%|已收集问题", "问题清单|2026-11-28 10:00|赵敏|50%|正在整改"}; !slices.Equal(eight, want) {
		t.Errorf("#8's progress rows %q, want %q", eight, want)
	}

	// The other group's export holds only its own task, and goes there.
	other := export(h, otherGrp, "/export")
	_, sheets = workbook(t, other)
	if rows := sheets["任务台账"]; len(rows) != 2 || rows[1][colTitle] != "另一个群的任务" {
		t.Errorf("the other group's ledger: %q", rows)
	}
}

func TestExportFilters(t *testing.T) {
	h := exportScenario(t)
	for _, c := range []struct {
		cmd, file, caption string
		numbers            []string
		status             string // every row's, when set
	}{
		{"/export 季 已办结", "台账-招商引资工作群-2026年第4季度.xlsx", "（2026年第4季度，1 项任务）", []string{"2"}, "已办结"},
		{"/export 已提交", "台账-招商引资工作群-全部.xlsx", "（全部，6 项任务）", []string{"1", "3", "4", "5", "6", "7"}, "已提交"},
		{"/export 逾期", "台账-招商引资工作群-全部.xlsx", "（全部，2 项任务）", []string{"8", "9"}, ""},
		{"/export 未办结", "台账-招商引资工作群-全部.xlsx", "（全部，10 项任务）", []string{"1", "3", "4", "5", "6", "7", "8", "9", "10", "12"}, ""},
		{"/export 已取消", "台账-招商引资工作群-全部.xlsx", "（全部，1 项任务）", []string{"11"}, "已取消"},
		{"/export 2026-12-01 2026-12-31", "台账-招商引资工作群-2026-12-01 至 2026-12-31.xlsx", "（2026-12-01 至 2026-12-31，1 项任务）", []string{"10"}, "待办"},
	} {
		t.Run(c.cmd, func(t *testing.T) {
			doc := export(h, group, c.cmd)
			if doc.FileName != c.file {
				t.Errorf("file name %q, want %q", doc.FileName, c.file)
			}
			testkit.MustContain(t, doc.PlainText, c.caption)
			_, sheets := workbook(t, doc)
			rows := sheets["任务台账"]
			if got := taskNumbers(rows); !slices.Equal(got, c.numbers) {
				t.Errorf("rows %q, want %q", got, c.numbers)
			}
			for _, r := range rows[1:] {
				if c.status != "" && r[colStatus] != c.status {
					t.Errorf("#%s is %s", r[colNumber], r[colStatus])
				}
			}
		})
	}
	// A period ranks that period: November's ranking, as /rank has it.
	_, sheets := workbook(t, export(h, group, "/export 月"))
	if got := sheets["排名"][1]; !slices.Equal(got, []string{"1", "张伟", "投资促进局", "2", "2", "0", "0", "100%", "20", "红旗"}) {
		t.Errorf("November's first place: %q", got)
	}
}

func TestExportCSV(t *testing.T) {
	h := exportScenario(t)
	doc := export(h, group, "/export csv")
	if doc.FileName != "台账-招商引资工作群-全部.csv" {
		t.Errorf("file name %q", doc.FileName)
	}
	body, ok := bytes.CutPrefix(doc.FileBytes, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("the CSV has no UTF-8 byte-order mark: % x", doc.FileBytes[:min(8, len(doc.FileBytes))])
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if !slices.Equal(records[0], ledgerHeader) {
		t.Fatalf("header %q", records[0])
	}
	if got := taskNumbers(records); len(got) != 12 {
		t.Fatalf("rows %q, want 12 tasks", got)
	}
	// The same rows as the workbook's first sheet.
	_, sheets := workbook(t, export(h, group, "/export"))
	for i, r := range records {
		if !slices.Equal(r, sheets["任务台账"][i]) {
			t.Errorf("CSV row %d %q differs from the workbook's %q", i, r, sheets["任务台账"][i])
		}
	}
	// Filters combine with csv.
	records, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export(h, group, "/export 逾期 csv").FileBytes, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil || len(records) != 3 || records[1][colNumber] != "8" || records[2][colNumber] != "9" {
		t.Errorf("overdue CSV: %q %v", records, err)
	}
}

func TestExportRefusals(t *testing.T) {
	h := exportScenario(t)
	// Nothing matches: a sentence, not an empty workbook.
	for _, cmd := range []string{"/export 2026-01-01 2026-03-31", "/export 2026-12-01 2026-12-31 已办结 csv"} {
		out := h.Reply(group, boss, cmd)
		testkit.MustContain(t, out.PlainText, "没有符合条件的任务")
	}
	for _, who := range []int64{zhang, li, zhao} {
		out := h.Reply(group, who, "/export")
		testkit.MustContain(t, out.PlainText, "只有领导可以导出台账")
		if out.Method != "sendMessage" {
			t.Errorf("a member got %s", out.Method)
		}
	}
	for _, cmd := range []string{"/export 单位", "/export 明年", "/export 2026-01-01", "/export 2026-03-31 2026-01-01",
		"/export 2026-02-30 2026-03-31", "/export xlsx2"} {
		out := h.Reply(group, boss, cmd)
		testkit.MustContain(t, out.PlainText, "用法：/export [月|季|半年|年|开始日期 结束日期] [待办|进行中|已提交|已办结|已取消|逾期] [csv]")
	}
	// In private there is no group's ledger.
	h.Fake.StartBot(boss)
	h.Settle()
	out := h.Say(boss, boss, "/export")
	for _, s := range out {
		if s.Method == "sendDocument" {
			t.Fatalf("a ledger was sent in private:\n%s", testkit.Dump(out))
		}
	}
}

// TestExportCancelledAfterSubmission: a task cancelled after it was
// submitted is no longer judged on time or late in the ledger (the ranking
// does not count it either).
func TestExportCancelledAfterSubmission(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 项目申报 明天")
	h.Assign(group, "/assign @wangfang 招商台账 明天")
	h.Reply(group, zhang, "/done 1")
	h.Reply(group, wang, "/done 2")
	h.Reply(group, boss, "/cancel 1 任务已合并")
	_, sheets := workbook(t, export(h, group, "/export"))
	rows := sheets["任务台账"]
	if r := taskRow(t, rows, "1"); r[colStatus] != "已取消" || r[colOnTime] != "" {
		t.Errorf("#1 cancelled after submission: 状态 %q, 是否按期 %q; want 已取消 and nothing", r[colStatus], r[colOnTime])
	}
	if r := taskRow(t, rows, "2"); r[colStatus] != "已提交" || r[colOnTime] != "是" {
		t.Errorf("#2: 状态 %q, 是否按期 %q", r[colStatus], r[colOnTime])
	}
}
