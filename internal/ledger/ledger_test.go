package ledger

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var cst = time.FixedZone("CST", 8*3600)

const trickyTitle = "<b>&\"逗号,引号\"\n第二行 'x' </b>"

var longProgress = strings.Repeat("进展顺利，", 200) // 1,000 characters

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

func pint(n int) *int { return &n }

func fixture() Ledger {
	submitted, done := at("2026-11-09 16:50"), at("2026-11-10 17:30")
	return Ledger{
		Title:  "招商引资工作群 任务台账",
		Period: "2026年11月",
		Zone:   cst,
		Tasks: []TaskRow{
			{
				Number: 1, Title: trickyTitle, Unit: "发改委", Lead: "张伟", Cooperators: "李娜、王强",
				Responsible: "赵书记", Assigner: "刘局长", AssignedAt: at("2026-11-01 09:00"),
				// Given in UTC: shown in the ledger's zone.
				OriginalDeadline: at("2026-11-03 09:00").UTC(), Deadline: at("2026-11-03 09:00").UTC(),
				Acks:   "张伟 11-01 09:30；李娜 未签收；王强 未签收",
				Status: "进行中", LateDays: 7, Overdue: true,
			},
			{
				Number: 2, Title: "编制年度报告", Unit: "统计局", Lead: "李娜",
				Assigner: "刘局长", AssignedAt: at("2026-11-02 10:15"),
				OriginalDeadline: at("2026-11-06 18:00"), Deadline: at("2026-11-12 18:00"),
				Acks: "李娜 11-02 10:20", Status: "已办结", SubmittedAt: &submitted, DoneAt: &done, OnTime: "是",
				Extensions: 2, LatestProgress: longProgress,
			},
			{
				Number: 3, Title: "=HYPERLINK(\"http://example.com\",\"点我\")", Lead: "王强",
				Assigner: "刘局长", AssignedAt: at("2026-11-05 08:00"),
				OriginalDeadline: at("2026-11-20 12:00"), Deadline: at("2026-11-20 12:00"),
				Status: "待办", LatestProgress: "-已联系\r\n下周汇报",
			},
		},
		Ranking: []RankRow{
			{Rank: 1, Name: "李娜", Unit: "统计局", Due: 4, OnTime: 3, Late: 1, Rate: 0.75, HasRate: true, Score: 5, Flag: "红旗"},
			{Rank: 2, Name: "王强", Due: 0, Score: 0},
			{Rank: 3, Name: "张伟", Unit: "发改委", Due: 2, Overdue: 2, Rate: 0, HasRate: true, Score: -4, Flag: "黄旗"},
		},
		Progress: []ProgressRow{
			{Number: 1, Title: trickyTitle, At: at("2026-11-02 11:00"), Person: "张伟", Percent: pint(30), Text: "已对接"},
			{Number: 2, Title: "编制年度报告", At: at("2026-11-09 16:45"), Person: "李娜", Text: longProgress},
		},
	}
}

// Rows as a reader sees them in the workbook, written out by hand.
var (
	wantTasks = [][]string{
		TaskHeader,
		{"1", trickyTitle, "发改委", "张伟", "李娜、王强", "赵书记", "刘局长", "2026-11-01 09:00", "2026-11-03 09:00", "2026-11-03 09:00",
			"张伟 11-01 09:30；李娜 未签收；王强 未签收", "进行中", "", "", "", "7", "0", ""},
		{"2", "编制年度报告", "统计局", "李娜", "", "", "刘局长", "2026-11-02 10:15", "2026-11-06 18:00", "2026-11-12 18:00",
			"李娜 11-02 10:20", "已办结", "2026-11-09 16:50", "2026-11-10 17:30", "是", "", "2", longProgress},
		{"3", "=HYPERLINK(\"http://example.com\",\"点我\")", "", "王强", "", "", "刘局长", "2026-11-05 08:00", "2026-11-20 12:00", "2026-11-20 12:00",
			"", "待办", "", "", "", "", "0", "-已联系\n下周汇报"},
	}
	wantRanking = [][]string{
		RankingHeader,
		{"1", "李娜", "统计局", "4", "3", "1", "0", "75%", "5", "红旗"},
		{"2", "王强", "", "0", "0", "0", "0", "—", "0", ""},
		{"3", "张伟", "发改委", "2", "0", "0", "2", "0%", "-4", "黄旗"},
	}
	wantProgress = [][]string{
		ProgressHeader,
		{"1", trickyTitle, "2026-11-02 11:00", "张伟", "30%", "已对接"},
		{"2", "编制年度报告", "2026-11-09 16:45", "李娜", "", longProgress},
	}
)

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rows reads a sheet, padding every row to the header's length.
func rows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("GetRows(%s): %v", sheet, err)
	}
	for i := range rs {
		for len(rs[i]) < len(rs[0]) {
			rs[i] = append(rs[i], "")
		}
	}
	return rs
}

func diffRows(t *testing.T, sheet string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", sheet, len(got), len(want))
	}
	for i := 0; i < min(len(got), len(want)); i++ {
		if !reflect.DeepEqual(got[i], want[i]) {
			for j := range want[i] {
				if j >= len(got[i]) || got[i][j] != want[i][j] {
					g := "<missing>"
					if j < len(got[i]) {
						g = got[i][j]
					}
					t.Errorf("%s row %d column %d (%s): got %.80q, want %.80q", sheet, i+1, j+1, want[0][j], g, want[i][j])
				}
			}
		}
	}
}

func TestXLSXContent(t *testing.T) {
	data, err := XLSX(fixture())
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	if got, want := f.GetSheetList(), []string{"任务台账", "排名", "进展记录"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	diffRows(t, SheetTasks, rows(t, f, SheetTasks), wantTasks)
	diffRows(t, SheetRanking, rows(t, f, SheetRanking), wantRanking)
	diffRows(t, SheetProgress, rows(t, f, SheetProgress), wantProgress)

	if got := TaskHeader; strings.Join(got, ",") != "序号,任务,牵头单位,主办,协办,包保领导,交办人,交办时间,原截止,截止时间,签收,状态,提交时间,办结时间,是否按期,逾期天数,延期次数,最新进展,附件数" {
		t.Errorf("task header %q", got)
	}
	if v, _ := f.GetCellValue(SheetTasks, "R3"); len([]rune(v)) != 1000 {
		t.Errorf("long progress has %d characters, want 1000", len([]rune(v)))
	}
	if p, _ := f.GetDocProps(); p.Title != "招商引资工作群 任务台账 2026年11月" {
		t.Errorf("document title %q", p.Title)
	}
}

func TestXLSXLayout(t *testing.T) {
	data, err := XLSX(fixture())
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	style := func(sheet, ref string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	fill := func(s *excelize.Style) string {
		if s.Fill.Pattern == 0 || len(s.Fill.Color) == 0 {
			return ""
		}
		c := strings.ToUpper(strings.TrimPrefix(s.Fill.Color[0], "#"))
		if len(c) == 8 { // ARGB
			c = c[2:]
		}
		return c
	}

	for _, sheet := range f.GetSheetList() {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", sheet, p)
		}
		h := style(sheet, "A1")
		if h.Font == nil || !h.Font.Bold || fill(h) == "" {
			t.Errorf("%s: header style %+v, want bold with a fill", sheet, h)
		}
	}

	// The overdue task is filled light red across the row, the others not.
	for col := 1; col <= len(TaskHeader); col++ {
		name, _ := excelize.ColumnNumberToName(col)
		if got := fill(style(SheetTasks, name+"2")); got != "FFC7CE" {
			t.Errorf("overdue row, column %s: fill %q, want FFC7CE", name, got)
		}
		for _, r := range []string{"3", "4"} {
			if got := fill(style(SheetTasks, name+r)); got != "" {
				t.Errorf("row %s, column %s: fill %q, want none", r, name, got)
			}
		}
	}
	if got := fill(style(SheetRanking, "J2")); got != "FFC7CE" {
		t.Errorf("红旗 fill %q", got)
	}
	if got := fill(style(SheetRanking, "J4")); got != "FFEB9C" {
		t.Errorf("黄旗 fill %q", got)
	}

	// Dates are numbers (Excel serials of the wall clock in the zone) with
	// the date format; 2026-11-03 is day 46329.
	for _, c := range []struct {
		sheet, ref string
		serial     float64
	}{
		{SheetTasks, "J2", 46329.375},
		{SheetTasks, "I2", 46329.375},
		{SheetTasks, "H2", 46327.375},
		{SheetTasks, "M3", 46335 + (16+50.0/60)/24},
		{SheetTasks, "N3", 46336 + 17.5/24},
		{SheetProgress, "C2", 46328 + 11.0/24},
	} {
		typ, err := f.GetCellType(c.sheet, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s!%s: cell type %v, want a number", c.sheet, c.ref, typ)
		}
		raw, _ := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true})
		v, err := strconv.ParseFloat(raw, 64)
		// Within a couple of float64 steps: a value cut to 15 digits
		// (46336.7291666666 for 17:30) shows as 17:29 in LibreOffice.
		if err != nil || v < c.serial-1e-11 || v > c.serial+1e-11 {
			t.Errorf("%s!%s: raw value %q, want %v", c.sheet, c.ref, raw, c.serial)
		}
		if s := style(c.sheet, c.ref); s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd hh:mm" {
			t.Errorf("%s!%s: number format %v, want yyyy-mm-dd hh:mm", c.sheet, c.ref, s.CustomNumFmt)
		}
	}
	for _, ref := range []string{"M2", "N2"} {
		if raw, _ := f.GetCellValue(SheetTasks, ref, excelize.Options{RawCellValue: true}); raw != "" {
			t.Errorf("unfinished task's %s %q, want empty", ref, raw)
		}
	}

	// Percentages are numbers with a % format.
	for _, c := range []struct{ sheet, ref, raw, format string }{
		{SheetRanking, "H2", "0.75", "0%"},
		{SheetProgress, "E2", "0.3", "0%"},
	} {
		raw, _ := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true})
		if raw != c.raw {
			t.Errorf("%s!%s: raw %q, want %q", c.sheet, c.ref, raw, c.raw)
		}
		if s := style(c.sheet, c.ref); s.CustomNumFmt == nil || *s.CustomNumFmt != c.format {
			t.Errorf("%s!%s: number format %v, want %s", c.sheet, c.ref, s.CustomNumFmt, c.format)
		}
	}
	for _, ref := range []string{"A2", "P2", "Q3"} {
		if typ, _ := f.GetCellType(SheetTasks, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s: type %v, want a number", ref, typ)
		}
	}

	// Widths fit the content, Chinese counting double, with caps.
	width := func(sheet, col string) float64 {
		w, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	for _, c := range []struct {
		sheet, col string
		min, max   float64
	}{
		{SheetTasks, "A", 6, 10},  // 序号
		{SheetTasks, "B", 30, 40}, // 任务: the tricky title's first line
		{SheetTasks, "C", 10, 14}, // 牵头单位 with its filter button
		{SheetTasks, "H", 16, 20}, // 交办时间
		{SheetTasks, "R", 50, 50}, // 最新进展: capped
		{SheetProgress, "F", 60, 60},
		{SheetRanking, "B", 10, 14},
	} {
		if w := width(c.sheet, c.col); w < c.min || w > c.max {
			t.Errorf("%s column %s: width %v, want %v–%v", c.sheet, c.col, w, c.min, c.max)
		}
	}
	// The long text wraps and its row grows, within reason.
	if s := style(SheetTasks, "R3"); s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("最新进展 does not wrap")
	}
	if h, _ := f.GetRowHeight(SheetTasks, 3); h != maxLines*lineHeight {
		t.Errorf("row 3 height %v, want %v", h, maxLines*lineHeight)
	}
	if h, _ := f.GetRowHeight(SheetTasks, 2); h != 2*lineHeight {
		t.Errorf("row 2 height %v, want two lines", h)
	}

	// Autofilter over sheet 1 (excelize writes its range with $), and its
	// print setup.
	sheetXML := strings.ReplaceAll(zipFile(t, data, "xl/worksheets/sheet1.xml"), "$", "")
	for _, want := range []string{`<autoFilter ref="A1:S4"`, `orientation="landscape"`, "第 &amp;P 页"} {
		if !strings.Contains(sheetXML, want) {
			t.Errorf("sheet1.xml lacks %s", want)
		}
	}
	// Column widths are listed in ascending order.
	for _, sheet := range []string{"sheet1", "sheet2", "sheet3"} {
		x := zipFile(t, data, "xl/worksheets/"+sheet+".xml")
		last := 0
		for _, part := range strings.Split(x, `<col min="`)[1:] {
			n, _ := strconv.Atoi(part[:strings.IndexByte(part, '"')])
			if n <= last {
				t.Errorf("%s: <col min=%d> after %d", sheet, n, last)
			}
			last = n
		}
	}
	if strings.Contains(zipFile(t, data, "xl/worksheets/sheet2.xml"), "<autoFilter") {
		t.Errorf("ranking has an autofilter")
	}
	var names []string
	for _, d := range f.GetDefinedName() {
		names = append(names, d.Name+"="+d.RefersTo)
	}
	if s := strings.Join(names, " "); !strings.Contains(s, "_xlnm._FilterDatabase") || !strings.Contains(s, "_xlnm.Print_Titles") {
		t.Errorf("defined names %s", s)
	}
}

func zipFile(t testing.TB, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestXLSXEmpty(t *testing.T) {
	data, err := XLSX(Ledger{})
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	for sheet, header := range map[string][]string{SheetTasks: TaskHeader, SheetRanking: RankingHeader, SheetProgress: ProgressHeader} {
		diffRows(t, sheet, rows(t, f, sheet), [][]string{header})
	}
	if !strings.Contains(strings.ReplaceAll(zipFile(t, data, "xl/worksheets/sheet1.xml"), "$", ""), `<autoFilter ref="A1:S1"`) {
		t.Errorf("empty ledger has no autofilter over its header")
	}
}

// With no zone, times are in UTC.
func TestXLSXNoZone(t *testing.T) {
	l := Ledger{Tasks: []TaskRow{{Number: 7, Title: "x", Deadline: at("2026-11-03 09:00")}}}
	data, err := XLSX(l)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	if v, _ := f.GetCellValue(SheetTasks, "J2"); v != "2026-11-03 01:00" {
		t.Errorf("deadline %q, want it in UTC", v)
	}
	c, err := CSV(l)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c), ",2026-11-03 01:00,") {
		t.Errorf("csv %q, want the deadline in UTC", c)
	}
}

// Text that is not valid in XML, and a cell longer than Excel allows, still
// make a workbook that opens.
func TestXLSXOddText(t *testing.T) {
	huge := strings.Repeat("长", 40000)
	l := Ledger{Tasks: []TaskRow{{Number: 1, Title: "a\x00b\x1fc\uFFFE", LatestProgress: huge}}}
	data, err := XLSX(l)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	if v, _ := f.GetCellValue(SheetTasks, "R2"); len([]rune(v)) != 32767 {
		t.Errorf("huge progress kept %d characters, want Excel's limit 32767", len([]rune(v)))
	}
	if v, _ := f.GetCellValue(SheetTasks, "B2"); !strings.HasPrefix(v, "a") || !strings.Contains(v, "c") {
		t.Errorf("title %q", v)
	}
}

func TestXLSXConcurrent(t *testing.T) {
	l := fixture()
	var wg sync.WaitGroup
	out := make([][]byte, 4)
	errs := make([]error, 4)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = XLSX(l)
		}()
	}
	wg.Wait()
	for i := range out {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		diffRows(t, SheetTasks, rows(t, openXLSX(t, out[i]), SheetTasks), wantTasks)
	}
}

func TestCSV(t *testing.T) {
	data, err := CSV(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("csv starts with % x, want the UTF-8 BOM", data[:min(3, len(data))])
	}
	body := data[3:]
	if !bytes.HasPrefix(body, []byte("序号,任务,牵头单位,主办,协办,包保领导,交办人,交办时间,原截止,截止时间,签收,状态,提交时间,办结时间,是否按期,逾期天数,延期次数,最新进展,附件数\r\n")) {
		t.Errorf("csv header line %q", body[:min(200, len(body))])
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Errorf("csv does not end with CRLF")
	}
	if n := bytes.Count(body, []byte("\n")); n != bytes.Count(body, []byte("\r\n")) {
		t.Errorf("csv has a bare LF")
	}
	got, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{}
	for _, r := range wantTasks {
		want = append(want, append([]string(nil), r...))
	}
	// Formulas are defused; leading minus signs too.
	want[3][1] = "'" + want[3][1]
	want[3][17] = "'" + want[3][17]
	diffRows(t, "csv", got, want)
}

func TestCSVEmpty(t *testing.T) {
	data, err := CSV(Ledger{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "\uFEFF" + strings.Join(TaskHeader, ",") + "\r\n"; string(data) != want {
		t.Errorf("empty csv %q, want %q", data, want)
	}
}

func TestFileName(t *testing.T) {
	for _, c := range []struct {
		title, period, ext, want string
	}{
		{"招商引资工作群 任务台账", "2026年11月", "xlsx", "台账-招商引资工作群-2026年11月.xlsx"},
		{"招商引资工作群", "全部", ".csv", "台账-招商引资工作群-全部.csv"},
		{`a/b\c:d*e?f"g<h>i|j 台账`, "2026/11", "xlsx", "台账-abcdefghij-202611.xlsx"},
		{"  多个   空格\t群\n", "", "xlsx", "台账-多个 空格 群.xlsx"},
		{"", "", "xlsx", "台账.xlsx"},
		{"../../etc/passwd", "..", "xlsx", "台账-etcpasswd.xlsx"},
		{"evil\u202Exslx.exe", "第一季度", "xlsx", "台账-evilxslx.exe-第一季度.xlsx"},
		{strings.Repeat("很长的群名", 40), "全部", "xlsx", "台账-" + strings.Repeat("很长的群名", 12) + "-全部.xlsx"},
	} {
		got := FileName(Ledger{Title: c.title, Period: c.period}, c.ext)
		if got != c.want {
			t.Errorf("FileName(%q, %q, %q) = %q, want %q", c.title, c.period, c.ext, got, c.want)
		}
		if strings.ContainsAny(got, "/\\:*?\"<>|\x00") {
			t.Errorf("FileName(%q) = %q has an illegal character", c.title, got)
		}
	}
}

func TestWidth(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"张伟", 4}, {"ＡＢ", 4}, {"a张\nbcdef", 5}, {"“引号”", 8}, {"é", 1},
	} {
		if got := textWidth(c.s, 100); got != c.want {
			t.Errorf("textWidth(%q) = %d, want %d", c.s, got, c.want)
		}
	}
	if got := textLines(strings.Repeat("张", 10), 10, 100); got != 2 {
		t.Errorf("textLines = %d, want 2", got)
	}
	if got := textLines("a\nb\nc", 10, 100); got != 3 {
		t.Errorf("textLines = %d, want 3", got)
	}
}

func bigLedger(n int) Ledger {
	l := Ledger{Title: "招商引资工作群 任务台账", Period: "全部", Zone: cst}
	base := at("2026-01-05 09:00")
	for i := 0; i < n; i++ {
		done := base.Add(time.Duration(i%300) * time.Hour)
		t := TaskRow{
			Number: i + 1, Title: fmt.Sprintf("第%d项：推进重点项目落地并按月报送进展情况", i+1),
			Unit: "发展和改革委员会", Lead: "张伟", Cooperators: "李娜、王强、赵敏", Assigner: "刘局长",
			AssignedAt: base.Add(time.Duration(i) * time.Minute), Deadline: base.Add(time.Duration(i%500) * time.Hour),
			Status: "进行中", Extensions: i % 3, LatestProgress: strings.Repeat("已完成前期调研，正在起草方案。", 4),
			Overdue: i%7 == 0,
		}
		if i%2 == 0 {
			t.Status, t.DoneAt, t.OnTime = "已办结", &done, "是"
		}
		l.Tasks = append(l.Tasks, t)
		l.Progress = append(l.Progress, ProgressRow{
			Number: i + 1, Title: t.Title, At: done, Person: "李娜", Percent: pint(i % 101),
			Text: strings.Repeat("本周召开专题会议，协调解决用地问题。", 3),
		})
	}
	for i := 0; i < 50; i++ {
		l.Ranking = append(l.Ranking, RankRow{Rank: i + 1, Name: fmt.Sprintf("干部%d", i), Unit: "统计局",
			Due: 10, OnTime: 8, Late: 1, Overdue: 1, Rate: 0.8, HasRate: true, Score: 50 - i})
	}
	return l
}

func TestXLSXLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	l := bigLedger(10000)
	data, err := XLSX(l)
	if err != nil {
		t.Fatal(err)
	}
	// Reading 10k rows back with excelize takes long under -race: count
	// them in the XML instead, and read the small sheet.
	for sheet, n := range map[string]int{"sheet1": 10001, "sheet2": 51, "sheet3": 10001} {
		x := zipFile(t, data, "xl/worksheets/"+sheet+".xml")
		if got := strings.Count(x, "<row "); got != n {
			t.Errorf("%s: %d rows, want %d", sheet, got, n)
		}
		if !strings.Contains(x, fmt.Sprintf(`<row r="%d"`, n)) || !strings.HasSuffix(x, "</worksheet>") {
			t.Errorf("%s: last row or end missing", sheet)
		}
	}
	if got := strings.Count(zipFile(t, data, "xl/worksheets/sheet1.xml"), `<c r="A`); got != 10001 {
		t.Errorf("sheet1: %d cells in column A, want 10001", got)
	}
	f := openXLSX(t, data)
	if rs := rows(t, f, SheetRanking); len(rs) != 51 || rs[50][1] != "干部49" {
		t.Errorf("ranking rows %d", len(rs))
	}
}

func BenchmarkXLSX10k(b *testing.B) {
	l := bigLedger(10000)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		data, err := XLSX(l)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "bytes/file")
}

func BenchmarkCSV10k(b *testing.B) {
	l := bigLedger(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CSV(l); err != nil {
			b.Fatal(err)
		}
	}
}
