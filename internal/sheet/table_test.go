package sheet_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/internal/sheet"
)

func TestHeaderName(t *testing.T) {
	for in, want := range map[string]string{
		"任务":         "任务",
		" 完成\n时限 ":   "完成时限",
		"截止时间（必填）":   "截止时间",
		"任务名称(简称)":   "任务名称",
		"*主办":        "主办",
		"※责任人：":      "责任人",
		"【任务】":       "任务",
		"协办 ":        "协办",
		"ＮＯ．":        "no.",
		"Task Name":  "taskname",
		"（备注）":       "(备注)", // a note alone is the name
		"牵头单位/责任单位":  "牵头单位/责任单位",
		"固定资产投资（亿元）": "固定资产投资",
	} {
		if got := sheet.HeaderName(in); got != want {
			t.Errorf("HeaderName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The header is found below titles by any of its names, written as people
// write them; columns nobody asked for are listed as ignored.
func TestTableHeader(t *testing.T) {
	data := xlsx(t, [][]any{
		{"2026年招商引资重点任务台账"},
		{"填报单位：区发改局", nil, nil, "更新时间：2026年11月20日"},
		{"编号", "工作任务\n（事项）", "责任单位/牵头单位", "*责任人", "配合人", "完成时限（必填）", "投资额（亿元）", "完成时限", "备注"},
		{1, "完成项目签约", "区投促局", "张伟", "王芳、李娜", "12月15日前", 12.5, "x", ""},
	}, func(f *excelize.File) { merge(t, f, "A1", "I1") })
	tb := table(t, data, "台账.xlsx")
	if tb.HeaderLine != 3 {
		t.Errorf("header at line %d, want 3", tb.HeaderLine)
	}
	r := tb.Rows[0]
	for key, want := range map[string]string{"number": "1", "title": "完成项目签约", "unit": "区投促局",
		"lead": "张伟", "coop": "王芳、李娜", "deadline": "12月15日前", "note": "", "list": ""} {
		if got := r.Text(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if r.Ref("deadline") != "F4" || r.Ref("list") != "" || tb.Has("list") || !tb.Has("note") || tb.Column("lead") != 3 {
		t.Errorf("refs: deadline %q list %q; has list %v note %v; lead column %d", r.Ref("deadline"), r.Ref("list"),
			tb.Has("list"), tb.Has("note"), tb.Column("lead"))
	}
	if got := strings.Join(tb.Ignored, " "); got != "G列：投资额（亿元） H列：完成时限" {
		t.Errorf("ignored %q", got)
	}
	if c := r.Get("nosuchkey"); !c.IsEmpty() {
		t.Errorf("an unknown key gave %+v", c)
	}
}

// The row naming most columns is the header, not a row above that names
// one by chance.
func TestTableHeaderMostColumns(t *testing.T) {
	data := []byte("说明：任务以本表为准\n任务\n序号,任务,主办,截止时间\n1,报送材料,张伟,12月1日\n")
	tb := table(t, data, "a.csv")
	if tb.HeaderLine != 3 || len(tb.Rows) != 1 || tb.Rows[0].Text("lead") != "张伟" {
		t.Errorf("header at %d, %d rows", tb.HeaderLine, len(tb.Rows))
	}
}

func TestTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		kind      sheet.ErrorKind
		zh, en    string
	}{
		{"no task column", "牵头单位,主办\n区发改局,张伟\n", sheet.NoHeader,
			"需要「任务/事项/工作任务/任务名称」列", `"任务" or "事项"`},
		{"no header at all", "a,b\n1,2\n", sheet.NoHeader, "前5行里找不到表头", "first 5 rows"},
		{"header too low", "1\n2\n3\n4\n5\n任务,主办\n报送,张伟\n", sheet.NoHeader, "前5行", ""},
		{"nothing below", "任务,主办\n", sheet.NoData, "表头下面没有内容", "nothing below"},
		{"only empty rows below", "任务,主办\n,\n , \n", sheet.NoData, "表头下面没有内容", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, []byte(tc.csv), "a.csv").Table(taskColumns)
			wantError(t, err, tc.kind, tc.zh, tc.en)
		})
	}
}

// Rows with nothing in the columns asked for are left out; a row that is
// one value merged across the table is a heading, not a record.
func TestTableHeadings(t *testing.T) {
	data := xlsx(t, [][]any{
		{"序号", "任务", "牵头单位", "截止时间", "投资额"},
		{"一、续建项目"},
		{1, "完成主体封顶", "区住建局", "12月底前"},
		{nil, nil, nil, nil, 8.5}, // a subtotal in an ignored column
		{"二、新开工项目"},
		{2, "完成土地摘牌", "区自然资源局", "12月15日前"},
		{"注：时限以区委办通知为准"},
	}, func(f *excelize.File) {
		merge(t, f, "A2", "E2")
		merge(t, f, "A5", "E5")
		merge(t, f, "A7", "E7")
	})
	tb := table(t, data, "a.xlsx")
	if len(tb.Rows) != 2 || tb.Rows[0].Line != 3 || tb.Rows[1].Line != 6 {
		t.Fatalf("records %+v, want lines 3 and 6", tb.Rows)
	}
	got := joinEach(tb.Headings, "|", func(h sheet.Heading) string { return h.Text })
	if want := "一、续建项目|二、新开工项目|注：时限以区委办通知为准"; got != want {
		t.Errorf("headings %q, want %q", got, want)
	}
}

// Issue 14's 台账 of 12 rows, two of them unusable (no task text; a
// deadline no one can read): every row comes back with its sheet row
// number, for the preview to judge and name.
func TestTestdata12Rows(t *testing.T) {
	tb := table(t, testdata(t, "ledger-12rows.xlsx"), "ledger-12rows.xlsx")
	if tb.HeaderLine != 3 || len(tb.Rows) != 12 {
		t.Fatalf("header at %d, %d records; want 3 and 12", tb.HeaderLine, len(tb.Rows))
	}
	for i, r := range tb.Rows {
		if r.Line != 4+i {
			t.Errorf("record %d at line %d, want %d", i, r.Line, 4+i)
		}
	}
	if r := tb.Rows[4]; r.Line != 8 || r.Text("title") != "" || r.Text("unit") != "区发改局" {
		t.Errorf("row 8 (no task): title %q unit %q", r.Text("title"), r.Text("unit"))
	}
	if r := tb.Rows[8]; r.Line != 12 || r.Text("deadline") != "待定" {
		t.Errorf("row 12 (no deadline): %q", r.Text("deadline"))
	}
	// Deadlines as cadres keep them: a date cell, a date and time, a serial
	// that lost its format, and text.
	sh, _ := time.LoadLocation("Asia/Shanghai")
	for i, want := range map[int]string{0: "2026-12-15T00:00:00+08:00", 1: "2026-12-20T17:30:00+08:00", 2: "2026-12-31T00:00:00+08:00"} {
		at, _, ok := tb.Rows[i].Get("deadline").DateIn(sh)
		if !ok || at.Format(time.RFC3339) != want {
			t.Errorf("row %d deadline %s %v, want %s", tb.Rows[i].Line, at, ok, want)
		}
	}
	if got := tb.Rows[3].Text("deadline"); got != "2027年3月底前" {
		t.Errorf("text deadline %q", got)
	}
	if got := tb.Rows[2].Text("coop"); got != "@lina 王芳" {
		t.Errorf("coop %q", got)
	}
}

// The same 台账 saved as a GBK CSV, as Excel on a Chinese Windows does.
func TestTestdataGBK(t *testing.T) {
	g := read(t, testdata(t, "ledger-gbk.csv"), "ledger-gbk.csv")
	if g.Encoding != "GB18030" {
		t.Errorf("encoding %q", g.Encoding)
	}
	tb, err := g.Table(taskColumns)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 5 || tb.Rows[0].Text("title") != "完成项目签约仪式筹备" || tb.Rows[4].Text("lead") != "@zhaomin" {
		t.Errorf("%d records: %q … %q", len(tb.Rows), tb.Rows[0].Text("title"), tb.Rows[len(tb.Rows)-1].Text("lead"))
	}
}

// What /export writes, xlsx and CSV, reads back column by column: the
// import of an exported ledger can re-create its open tasks.
func TestLedgerRoundTrip(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	deadline := time.Date(2026, 12, 5, 18, 0, 0, 0, sh)
	done := time.Date(2026, 12, 2, 9, 30, 0, 0, sh)
	l := ledger.Ledger{Title: "招商引资工作群 任务台账", Period: "全部", Zone: sh, Tasks: []ledger.TaskRow{
		{Number: 1, Title: "完成项目申报材料", Unit: "区发改局", Lead: "张伟", Cooperators: "王芳、李娜", Assigner: "刘书记",
			AssignedAt: deadline.AddDate(0, 0, -10), Deadline: deadline, Status: "进行中", LatestProgress: "已完成初稿"},
		{Number: 2, Title: "=SUM(A1) 核对公式", Unit: "区财政局", Lead: "赵敏", Assigner: "刘书记",
			AssignedAt: deadline.AddDate(0, 0, -10), Deadline: deadline.Add(-2 * time.Hour), Status: "已办结", DoneAt: &done, OnTime: "是"},
	}}
	xl, csv := exported(t, l)
	for name, data := range map[string][]byte{ledger.FileName(l, "xlsx"): xl, ledger.FileName(l, "csv"): csv} {
		t.Run(name, func(t *testing.T) {
			tb := table(t, data, name)
			if len(tb.Rows) != len(l.Tasks) {
				t.Fatalf("%d records, want %d", len(tb.Rows), len(l.Tasks))
			}
			for i, task := range l.Tasks {
				r := tb.Rows[i]
				got := []string{r.Text("number"), r.Text("title"), r.Text("unit"), r.Text("lead"), r.Text("coop"), r.Text("status")}
				want := []string{strconv.Itoa(task.Number), task.Title, task.Unit, task.Lead, task.Cooperators, task.Status}
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("row %d: %q, want %q", r.Line, got, want)
				}
				at, clock, ok := cellTime(r.Get("deadline"), sh)
				if !ok || !clock || !at.Equal(task.Deadline) {
					t.Errorf("row %d deadline %s (clock %v, ok %v), want %s", r.Line, at, clock, ok, task.Deadline)
				}
			}
		})
	}
}

// cellTime is what an importer does with a deadline cell: a date cell as
// it is, a CSV's text in the ledger's own layout.
func cellTime(c sheet.Cell, loc *time.Location) (time.Time, bool, bool) {
	if at, clock, ok := c.DateIn(loc); ok {
		return at, clock, ok
	}
	at, err := time.ParseInLocation(ledger.TimeLayout, c.Text, loc)
	return at, true, err == nil
}

// testdata reads a file of testdata/.
func testdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("%v (go test ./internal/sheet -run TestWriteTestdata -update writes it)", err)
	}
	return bytes.Clone(data)
}

// The ledger of issue 11 adds 原截止 before 截止时间: names match whole, so
// the deadline in force is the one read.
func TestTableOriginalDeadline(t *testing.T) {
	data := []byte("序号,任务,牵头单位,主办,协办,包保领导,交办人,交办时间,原截止,截止时间,签收,状态\n" +
		"1,完成项目申报材料,区发改局,张伟,,刘书记,刘书记,2026-11-20 10:00,2026-11-30 18:00,2026-12-05 18:00,,进行中\n")
	tb := table(t, data, "台账.csv")
	if got := tb.Rows[0].Text("deadline"); got != "2026-12-05 18:00" {
		t.Errorf("deadline %q, want the one in force", got)
	}
	if got := strings.Join(tb.Ignored, " "); !strings.Contains(got, "I列：原截止") {
		t.Errorf("ignored %q", got)
	}
}
