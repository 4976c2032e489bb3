package sheet_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/sheet"
)

// Every kind of cell of an .xlsx comes back as what it shows.
func TestXLSXCells(t *testing.T) {
	dl := day(2026, time.December, 5, 18, 0)
	data := xlsx(t, [][]any{
		{"  完成项目申报材料 \n", 8.6, 1, dl, day(2026, time.December, 5, 0, 0)},
		{46361, 46361.75, 46361, "001", true},
		{0.75, 0.85, "2026-12-05", 0.1 + 0.2, "第一行\r\n第二行"},
	}, func(f *excelize.File) {
		numFmt(t, f, "A2", "A2", `yyyy"年"m"月"d"日"`)  // a Chinese date format
		numFmt(t, f, "B2", "B2", "yyyy-mm-dd hh:mm") // as duban's ledger writes times
		numFmt(t, f, "A3", "A3", "hh:mm")            // a time of day alone
		numFmt(t, f, "B3", "B3", "0%")               // a percentage is a number
		numFmt(t, f, "C2", "C2", `#,##0.00_);[Red]\(#,##0.00\)`)
	})
	g := read(t, data, "cells.xlsx")
	if g.Format != sheet.XLSX || g.Sheet != "Sheet1" || len(g.Rows) != 3 {
		t.Fatalf("grid %v %q with %d rows", g.Format, g.Sheet, len(g.Rows))
	}
	for _, tc := range []struct {
		row, col int
		kind     sheet.Kind
		text     string
		clock    bool
	}{
		{0, 0, sheet.Text, "完成项目申报材料", false},
		{0, 1, sheet.Number, "8.6", false},
		{0, 2, sheet.Number, "1", false},
		{0, 3, sheet.Date, "2026-12-05 18:00", true},
		{0, 4, sheet.Date, "2026-12-05", false},
		{1, 0, sheet.Date, "2026-12-05", false},
		{1, 1, sheet.Date, "2026-12-05 18:00", true},
		{1, 2, sheet.Number, "46361", false},
		{1, 3, sheet.Text, "001", false}, // text that looks like a number stays text
		{1, 4, sheet.Text, "TRUE", false},
		{2, 0, sheet.Text, "18:00", false},
		{2, 1, sheet.Number, "0.85", false},
		{2, 2, sheet.Text, "2026-12-05", false},
		{2, 3, sheet.Number, "0.3", false},
		{2, 4, sheet.Text, "第一行\n第二行", false},
	} {
		c := g.Rows[tc.row].Cell(tc.col)
		if c.Kind != tc.kind || c.Text != tc.text || c.HasClock != tc.clock {
			t.Errorf("%s%d: %v %q clock %v; want %v %q clock %v", string(rune('A'+tc.col)), tc.row+1,
				c.Kind, c.Text, c.HasClock, tc.kind, tc.text, tc.clock)
		}
	}
	if got := g.Rows[0].Cell(3).Time; !got.Equal(dl) {
		t.Errorf("D1 is %s, want %s", got, dl)
	}
	// A number that lost its date format still reads as a date when asked.
	if at, clock, ok := g.Rows[1].Cell(2).Date(); !ok || clock || !at.Equal(day(2026, time.December, 5, 0, 0)) {
		t.Errorf("C2 as a date: %s %v %v", at, clock, ok)
	}
	if _, _, ok := g.Rows[0].Cell(1).Date(); ok {
		t.Errorf("8.6 was read as a date")
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if at, _, _ := g.Rows[1].Cell(1).DateIn(sh); at.Format(time.RFC3339) != "2026-12-05T18:00:00+08:00" {
		t.Errorf("B2 in Shanghai: %s", at.Format(time.RFC3339))
	}
}

// Workbooks in the 1904 date system (old Mac Excel) read the same dates.
func TestXLSX1904(t *testing.T) {
	data := xlsx(t, [][]any{{"截止时间"}}, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(sheet1, "A2", day(2026, time.December, 5, 18, 0)); err != nil {
			t.Fatal(err)
		}
	})
	c := read(t, data, "1904.xlsx").Rows[1].Cell(0)
	if c.Kind != sheet.Date || c.Text != "2026-12-05 18:00" {
		t.Errorf("1904 date: %v %q", c.Kind, c.Text)
	}
}

// A merged range's value is in each of its cells in rows with content; a
// title merged over two rows does not make an empty row.
func TestXLSXMerged(t *testing.T) {
	data := xlsx(t, [][]any{
		{"2026年重点项目台账"},
		{},
		{"序号", "任务", "牵头单位", "截止时间"},
		{1, "完成用地预审", "区发改局", "3月底前"},
		{2, "完成环评批复", nil, "4月底前"},
		{3, "开工建设", nil, "5月底前"},
	}, func(f *excelize.File) {
		merge(t, f, "A1", "D2")
		merge(t, f, "C4", "C6")
	})
	g := read(t, data, "merged.xlsx")
	if lines := []int{g.Rows[0].Line, g.Rows[1].Line}; lines[0] != 1 || lines[1] != 3 {
		t.Errorf("rows at lines %v, want 1 and 3 (row 2 is only the title's merge)", lines)
	}
	if c := g.Rows[0].Cell(3); c.Text != "2026年重点项目台账" || !c.Merged {
		t.Errorf("D1 = %+v, want the title, merged", c)
	}
	tb, err := g.Table(taskColumns)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range tb.Rows {
		if got := rec.Get("unit"); got.Text != "区发改局" || got.Merged != (i > 0) {
			t.Errorf("row %d unit %+v, want 区发改局 (merged: %v)", rec.Line, got, i > 0)
		}
	}
}

func TestReadLimits(t *testing.T) {
	rows := [][]any{{"任务", "截止时间"}}
	for i := range 10 {
		rows = append(rows, []any{"任务" + string(rune('A'+i)), "12月1日"})
	}
	data := xlsx(t, rows, nil)
	csv := []byte("任务,截止时间\n" + strings.Repeat("报送材料,12月1日\n", 10))

	for _, tc := range []struct {
		name string
		data []byte
		lim  sheet.Limits
		kind sheet.ErrorKind
		zh   string
	}{
		{"bytes", data, sheet.Limits{MaxBytes: int64(len(data)) - 1, MaxRows: 100}, sheet.TooLarge, "文件超过"},
		{"rows xlsx", data, sheet.Limits{MaxBytes: 1 << 20, MaxRows: 9}, sheet.TooManyRows, "表格超过 9 行"},
		{"rows csv", csv, sheet.Limits{MaxBytes: 1 << 20, MaxRows: 9}, sheet.TooManyRows, "表格超过 9 行"},
		{"rows, stopped early", csv, sheet.Limits{MaxBytes: 1 << 20, MaxRows: 3}, sheet.TooManyRows, "表格超过 3 行"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "f.xlsx"
			if tc.name == "rows csv" || strings.HasSuffix(tc.name, "early") {
				name = "f.csv"
			}
			_, err := sheet.ReadTable(bytes.NewReader(tc.data), name, tc.lim, taskColumns)
			wantError(t, err, tc.kind, tc.zh, "")
		})
	}
	// Exactly at the limits is fine.
	tb, err := sheet.ReadTable(bytes.NewReader(data), "f.xlsx", sheet.Limits{MaxBytes: int64(len(data)), MaxRows: 10}, taskColumns)
	if err != nil || len(tb.Rows) != 10 {
		t.Errorf("at the limits: %v", err)
	}
	if _, err := sheet.Read(bytes.NewReader(data), "f.xlsx", sheet.Limits{}); err == nil {
		t.Errorf("zero limits were accepted")
	}
}

func TestReadBadFiles(t *testing.T) {
	var bomb bytes.Buffer // small when zipped, 8 MB unpacked
	z := zip.NewWriter(&bomb)
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	w.Write(make([]byte, 8<<20))
	z.Close()
	var notXLSX bytes.Buffer
	z = zip.NewWriter(&notXLSX)
	w, _ = z.Create("readme.txt")
	w.Write([]byte("hello"))
	z.Close()
	lim := sheet.Limits{MaxBytes: 100 << 10, MaxRows: 10}

	for _, tc := range []struct {
		name   string
		data   []byte
		file   string
		kind   sheet.ErrorKind
		zh, en string
	}{
		{"old xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE file"), "台账.xls", sheet.BadFormat, "另存为 .xlsx", "old .xls"},
		{"not a workbook", []byte("%PDF-1.4 ..."), "台账.xlsx", sheet.Unreadable, "不是有效的 .xlsx", "not a valid .xlsx"},
		{"a PDF", []byte("%PDF-1.4 ..."), "台账.pdf", sheet.BadFormat, "只能导入 .xlsx 或 .csv", "Only .xlsx and .csv"},
		{"zip without a workbook", notXLSX.Bytes(), "台账.xlsx", sheet.Unreadable, "无法打开", "does not open"},
		{"zip bomb", bomb.Bytes(), "台账.xlsx", sheet.TooLarge, "解压后过大", "unpacks to too much"},
		{"garbage CSV", []byte{0x81, 0x20, 0xFF, 0xFE, 0x80}, "台账.csv", sheet.Unreadable, "编码", "encoding"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sheet.Read(bytes.NewReader(tc.data), tc.file, lim)
			wantError(t, err, tc.kind, tc.zh, tc.en)
		})
	}
}

func TestErrorText(t *testing.T) {
	e := &sheet.Error{Kind: sheet.TooLarge, Reason: "文件超过 5 MB", English: "The file is larger than 5 MB."}
	if got := e.Error(); got != "sheet: too large: The file is larger than 5 MB." {
		t.Errorf("Error() = %q", got)
	}
	for k := sheet.TooLarge; k <= sheet.NoData; k++ {
		if strings.HasPrefix(k.String(), "ErrorKind") {
			t.Errorf("kind %d has no name", k)
		}
	}
	if sheet.XLSX.String() != "xlsx" || sheet.CSV.String() != "csv" {
		t.Errorf("format names %s %s", sheet.XLSX, sheet.CSV)
	}
}
