package sheet_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/duban-bot/duban/internal/sheet"
)

const csvText = "任务,牵头单位,主办,截止时间\r\n" +
	"完成项目申报材料,区发改局,张伟,2026-12-05 18:00\r\n" +
	"报送三季度统计数据,区统计局,王芳,12月31日前\r\n"

// The same sheet in every encoding Excel and WPS save a CSV in reads the
// same.
func TestCSVEncodings(t *testing.T) {
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(csvText, ",", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().String(csvText)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, encoding string
		data           []byte
	}{
		{"UTF-8", "UTF-8", []byte(csvText)},
		{"UTF-8 BOM", "UTF-8 BOM", []byte("\uFEFF" + csvText)},
		{"GBK", "GB18030", gbk(t, csvText)},
		{"GB18030", "GB18030", []byte(gb18030)},
		{"UTF-16 with tabs", "UTF-16", []byte(utf16)},
		{"semicolons", "UTF-8", []byte(strings.ReplaceAll(csvText, ",", ";"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := read(t, tc.data, "台账.csv")
			if g.Format != sheet.CSV || g.Encoding != tc.encoding {
				t.Errorf("format %v encoding %q, want csv %q", g.Format, g.Encoding, tc.encoding)
			}
			tb, err := g.Table(taskColumns)
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Rows) != 2 {
				t.Fatalf("%d records, want 2", len(tb.Rows))
			}
			r := tb.Rows[1]
			if r.Line != 3 || r.Text("title") != "报送三季度统计数据" || r.Text("unit") != "区统计局" ||
				r.Text("lead") != "王芳" || r.Text("deadline") != "12月31日前" {
				t.Errorf("record %d: %q %q %q %q", r.Line, r.Text("title"), r.Text("unit"), r.Text("lead"), r.Text("deadline"))
			}
		})
	}
}

// A character outside GBK in a GB18030 file survives.
func TestCSVGB18030Only(t *testing.T) {
	s, err := simplifiedchinese.GB18030.NewEncoder().String("任务\n核查𠮷字号牌\n")
	if err != nil {
		t.Fatal(err)
	}
	g := read(t, []byte(s), "a.csv")
	if got := g.Rows[1].Cell(0).Text; got != "核查𠮷字号牌" {
		t.Errorf("cell %q", got)
	}
}

// Row numbers are those a spreadsheet shows: empty lines count, line breaks
// inside quoted cells do not.
func TestCSVLines(t *testing.T) {
	data := "\n任务,备注\n\"第一项\n（两行）\",a\n\n第二项,\"x\ny\nz\"\n第三项,'=SUM(A1)\n  ,  \n"
	g := read(t, []byte(data), "a.csv")
	var lines []int
	for _, r := range g.Rows {
		lines = append(lines, r.Line)
	}
	if want := []int{2, 3, 5, 6}; !equalInts(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
	if got := g.Rows[1].Cell(0).Text; got != "第一项\n（两行）" {
		t.Errorf("multi-line cell %q", got)
	}
	if got := g.Rows[3].Cell(1).Text; got != "=SUM(A1)" {
		t.Errorf("the ledger's apostrophe is kept: %q", got)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
