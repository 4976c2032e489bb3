package sheet_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/sheet"
)

// Issue 15's 任务书 with one bad figure: units, indicators and targets
// come back with their positions, the bad cell as a problem naming it.
func TestMatrixTestdata(t *testing.T) {
	m, err := sheet.ReadMatrix(bytes.NewReader(testdata(t, "targets.xlsx")), "targets.xlsx", limits, targetSpec)
	if err != nil {
		t.Fatal(err)
	}
	if m.HeaderLine != 2 || m.Label != "单位" || m.LabelColumn != 1 {
		t.Errorf("header at %d, label %q in column %d", m.HeaderLine, m.Label, m.LabelColumn)
	}
	cols := joinEach(m.Columns, " ", func(c sheet.Header) string { return fmt.Sprintf("%s=%s@%d", c.Key, c.Name, c.Column) })
	if want := "固定资产投资=固定资产投资（亿元）@2 新开工项目=新开工项目（个）@3 单位能耗=单位能耗（吨标煤/万元）@4"; cols != want {
		t.Errorf("columns %q, want %q", cols, want)
	}
	if got := matrixText(m); got != "3 高新区 120 15 0.45|4 经开区 98.5 12 0.52|5 城东区 - 9 0.6|6 城西区 65.3 - 0.58" {
		t.Errorf("rows %q", got)
	}
	if len(m.Problems) != 1 {
		t.Fatalf("problems %+v, want the one bad figure", m.Problems)
	}
	p := m.Problems[0]
	if p.Line != 5 || p.Column != 2 || p.Reason != "第5行「固定资产投资（亿元）」（C5）：「约80」不是数字" ||
		p.English != `Row 5, "固定资产投资（亿元）" (C5): "约80" is not a number.` {
		t.Errorf("problem %+v", p)
	}
}

// matrixText shows a matrix's rows as "line label value…", - for a value
// not given.
func matrixText(m *sheet.Matrix) string {
	var rows []string
	for _, r := range m.Rows {
		s := fmt.Sprintf("%d %s", r.Line, r.Label)
		for _, v := range r.Values {
			if v.Set {
				s += fmt.Sprintf(" %g", v.Num)
			} else {
				s += " -"
			}
		}
		rows = append(rows, s)
	}
	return strings.Join(rows, "|")
}

func TestMatrixValues(t *testing.T) {
	data := []byte("区县,目标A,目标B,目标C\n" +
		"甲区,\"1,234.5\",９５％,—\n" +
		"乙区,-3, 7 ,无\n" +
		"丙区,1e3,/,12亿\n" +
		",5,,\n" +
		"甲区,1,2,3\n" +
		"合计,9,9,9\n" +
		",,,\n")
	m, err := read(t, data, "a.csv").Matrix(targetSpec)
	if err != nil {
		t.Fatal(err)
	}
	if got := matrixText(m); got != "2 甲区 1234.5 0.95 -|3 乙区 -3 7 -|4 丙区 1000 - -" {
		t.Errorf("rows %q", got)
	}
	want := []string{
		"第4行「目标C」（D4）：「12亿」不是数字",
		"第5行有数字，但没有写区县",
		"第6行的「甲区」在第2行已经出现过",
	}
	if problems := joinEach(m.Problems, "\n", reason); problems != strings.Join(want, "\n") {
		t.Errorf("problems\n%s\nwant\n%s", problems, strings.Join(want, "\n"))
	}
}

// Without label names the first named column names the rows; a title above
// and a figure column without a header are handled.
func TestMatrixShapes(t *testing.T) {
	data := xlsx(t, [][]any{
		{"2026年目标任务分解表"},
		{"单位", "投资", "投资", nil, "项目数"},
		{"高新区", 10, 11, 99, 3},
		{"经开区", 8, 9, nil, 2},
	}, func(f *excelize.File) { merge(t, f, "A1", "E1") })
	m, err := read(t, data, "a.xlsx").Matrix(sheet.MatrixSpec{})
	if err != nil {
		t.Fatal(err)
	}
	if m.HeaderLine != 2 || m.LabelColumn != 0 || len(m.Columns) != 2 || m.Columns[1].Name != "项目数" {
		t.Errorf("header %d label %d columns %+v", m.HeaderLine, m.LabelColumn, m.Columns)
	}
	if got := matrixText(m); got != "3 高新区 10 3|4 经开区 8 2" {
		t.Errorf("rows %q", got)
	}
	if problems, want := joinEach(m.Problems, "|", reason), "「投资」列出现了两次（B列和C列），只读了B列|D列没有表头（D3有「99」），这一列没有读入"; problems != want {
		t.Errorf("problems %q, want %q", problems, want)
	}
}

func TestMatrixErrors(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		spec      sheet.MatrixSpec
		kind      sheet.ErrorKind
		zh        string
	}{
		{"no label column", "名称,目标\n甲,1\n", targetSpec, sheet.NoHeader, "第一格写「单位/区县/单位名称」"},
		{"numbers only", "1,2\n3,4\n", sheet.MatrixSpec{}, sheet.NoHeader, "前5行里找不到表头"},
		{"no figures", "单位,备注\n甲区,x\n", targetSpec, sheet.NoHeader, "找不到表头"},
		{"nothing below", "单位,目标\n", targetSpec, sheet.NoData, "表头下面没有内容"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := read(t, []byte(tc.csv), "a.csv").Matrix(tc.spec)
			wantError(t, err, tc.kind, tc.zh, "")
		})
	}
	data := []byte("单位,目标\n" + strings.Repeat("甲区,1\n", 4))
	_, err := sheet.ReadMatrix(bytes.NewReader(data), "a.csv", sheet.Limits{MaxBytes: 1 << 10, MaxRows: 3}, targetSpec)
	wantError(t, err, sheet.TooManyRows, "超过 3 行", "more than 3 rows")
}
