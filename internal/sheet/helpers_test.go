package sheet_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/internal/sheet"
)

// limits are issue 14's: 5 MB and 2,000 rows.
var limits = sheet.Limits{MaxBytes: 5 << 20, MaxRows: 2000}

// taskColumns are the columns of issue 14's import, with the names the
// issue lists and those duban's own /export writes (序号, 状态).
var taskColumns = []sheet.Column{
	{Key: "number", Names: []string{"序号", "编号"}},
	{Key: "title", Names: []string{"任务", "事项", "工作任务", "任务名称"}, Required: true},
	{Key: "unit", Names: []string{"牵头单位", "责任单位"}},
	{Key: "lead", Names: []string{"主办", "责任人"}},
	{Key: "coop", Names: []string{"协办", "配合人"}},
	{Key: "deadline", Names: []string{"截止时间", "完成时限", "时限"}},
	{Key: "list", Names: []string{"清单"}},
	{Key: "nodes", Names: []string{"节点"}},
	{Key: "note", Names: []string{"备注"}},
	{Key: "status", Names: []string{"状态"}},
}

// targetSpec reads issue 15's 任务书.
var targetSpec = sheet.MatrixSpec{
	Label:    []string{"单位", "区县", "单位名称"},
	Skip:     []string{"序号", "备注"},
	SkipRows: []string{"合计", "总计", "小计"},
}

const sheet1 = "Sheet1"

// xlsx writes rows into the first sheet of a new workbook (nil cells are
// left empty), lets setup add merges and styles, and returns the file.
func xlsx(t testing.TB, rows [][]any, setup func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet1, ref(t, c, r+1), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if setup != nil {
		setup(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ref names the cell at column col (0 for A) of line.
func ref(t testing.TB, col, line int) string {
	t.Helper()
	name, err := excelize.CoordinatesToCellName(col+1, line)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// merge merges a range, failing the test on error.
func merge(t testing.TB, f *excelize.File, from, to string) {
	t.Helper()
	if err := f.MergeCell(sheet1, from, to); err != nil {
		t.Fatal(err)
	}
}

// numFmt gives the cells of a range a custom number format.
func numFmt(t testing.TB, f *excelize.File, from, to, code string) {
	t.Helper()
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet1, from, to, style); err != nil {
		t.Fatal(err)
	}
}

// gbk encodes UTF-8 text as GBK, as Excel on a Chinese Windows saves a CSV.
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

// read reads a file, failing the test on error.
func read(t testing.TB, data []byte, name string) *sheet.Grid {
	t.Helper()
	g, err := sheet.Read(bytes.NewReader(data), name, limits)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return g
}

// table reads a file as issue 14's table, failing the test on error.
func table(t testing.TB, data []byte, name string) *sheet.Table {
	t.Helper()
	tb, err := read(t, data, name).Table(taskColumns)
	if err != nil {
		t.Fatalf("Table(%s): %v", name, err)
	}
	return tb
}

// wantError asserts that err is an *Error of the kind whose reasons, in
// Chinese and English, contain the fragments given.
func wantError(t *testing.T, err error, kind sheet.ErrorKind, zh, en string) {
	t.Helper()
	var e *sheet.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *sheet.Error of kind %s", err, err, kind)
	}
	if e.Kind != kind || !strings.Contains(e.Reason, zh) || !strings.Contains(e.English, en) {
		t.Errorf("error %s %q / %q; want %s containing %q / %q", e.Kind, e.Reason, e.English, kind, zh, en)
	}
	if !hasHan(e.Reason) {
		t.Errorf("reason %q is not Chinese", e.Reason)
	}
}

func hasHan(s string) bool {
	for _, c := range s {
		if unicode.Is(unicode.Han, c) {
			return true
		}
	}
	return false
}

// day is a civil time in UTC, as cells hold them.
func day(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// exported is what /export writes for l: its .xlsx and its CSV.
func exported(t testing.TB, l ledger.Ledger) (xl, csv []byte) {
	t.Helper()
	xl, err := ledger.XLSX(l)
	if err != nil {
		t.Fatal(err)
	}
	csv, err = ledger.CSV(l)
	if err != nil {
		t.Fatal(err)
	}
	return xl, csv
}

// joinEach is text of each item, joined with sep.
func joinEach[T any](items []T, sep string, text func(T) string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = text(it)
	}
	return strings.Join(out, sep)
}

// reason is a problem's Chinese reason, for joinEach.
func reason(p sheet.Problem) string { return p.Reason }
