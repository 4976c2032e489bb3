package sheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// MatrixSpec says how to read a matrix sheet (任务书): a column naming each
// row (units down the side), and a header row naming the figures' columns
// (indicators across the top). All names are compared as normalised by
// [HeaderName].
type MatrixSpec struct {
	// Label are the names the header may give the column that names each
	// row (单位, 区县, 单位名称). Empty: the first column whose header
	// Skip does not name.
	Label []string
	// Skip are the headers of columns that are neither (序号, 备注).
	Skip []string
	// SkipRows are the row names of rows to leave out (合计, 总计).
	SkipRows []string
}

// Matrix is a sheet read as a header row of figure names, a column of row
// names, and numbers where they cross.
type Matrix struct {
	// HeaderLine is the sheet row number of the header row.
	HeaderLine int
	// Label is the header of the column naming the rows (单位), and
	// LabelColumn that column (0 for A).
	Label       string
	LabelColumn int
	// Columns are the figures' columns, in sheet order.
	Columns []Header
	// Rows are the rows with a name, in sheet order, each with a value per
	// column.
	Rows []MatrixRow
	// Problems are the cells and rows that could not be read: a value that
	// is no number, a row without a name, a name or header given twice, a
	// column of figures without a header. The caller shows them all and
	// refuses the import while there are any.
	Problems []Problem
}

// Header is one figure's column.
type Header struct {
	Name   string // as written: 固定资产投资（亿元）
	Key    string // HeaderName(Name), to compare with the caller's names: 固定资产投资
	Column int    // 0 for A
}

// MatrixRow is one row of a matrix.
type MatrixRow struct {
	Line   int    // sheet row number
	Label  string // the row's name as written
	Values []Value
}

// Value is one figure. Set is false for an empty cell and for the marks
// sheets use for "none" (—, -, /, 无): a figure not given.
type Value struct {
	Num  float64
	Set  bool
	Text string // the cell as written, for messages
}

// Problem is something in a matrix that could not be read, worded for the
// person who sent it: 第5行「固定资产投资」（C5）：「约8亿」不是数字.
type Problem struct {
	Line    int    // sheet row number
	Column  int    // 0 for A; -1 when it concerns the whole row
	Reason  string // Chinese, the whole sentence
	English string
}

// Matrix finds the header row among the first HeaderRows rows with
// content: the first with a Label name when spec gives one, else the first
// with two or more text cells and no numbers (a title merged across the
// top is not one). Every other named column not in Skip is a figure's; the
// rows below are read by them. A figure is a number cell or text that
// reads as one (1,234.5, ８.６, 95% is 0.95); anything else is a Problem,
// as is a row with figures and no name, and a name given twice.
//
// Errors are *Error: NoHeader, NoData (nothing below the header),
// TooManyRows.
func (g *Grid) Matrix(spec MatrixSpec) (*Matrix, error) {
	label, skip, skipRows := nameSet(spec.Label), nameSet(spec.Skip), nameSet(spec.SkipRows)
	h := -1
	for r := 0; r < min(HeaderRows, len(g.Rows)) && h < 0; r++ {
		if isMatrixHeader(g.Rows[r], label) {
			h = r
		}
	}
	if h < 0 {
		return nil, noMatrixHeader(spec)
	}
	m := &Matrix{HeaderLine: g.Rows[h].Line, LabelColumn: -1}
	m.columns(g.Rows[h], label, skip)
	if m.LabelColumn < 0 || len(m.Columns) == 0 {
		return nil, noMatrixHeader(spec)
	}
	seen := map[string]int{}
	unnamed := map[int]bool{}
	for _, row := range g.Rows[h+1:] {
		m.add(row, skipRows, seen, unnamed, g.Rows[h])
	}
	switch {
	case len(m.Rows) == 0 && len(m.Problems) == 0:
		return nil, &Error{Kind: NoData, Reason: "表头下面没有内容", English: "There is nothing below the header row."}
	case len(g.Rows)-h-1 > g.maxRows:
		return nil, tooManyRows(g.maxRows)
	}
	return m, nil
}

func nameSet(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[HeaderName(n)] = true
	}
	return set
}

// isMatrixHeader reports whether row can be a matrix's header: it has a
// label name, or (without label names) two or more text cells that are not
// one merged title, and no number.
func isMatrixHeader(row Row, label map[string]bool) bool {
	texts, merge, banner := 0, 0, true
	for _, c := range row.Cells {
		if c.IsEmpty() {
			continue
		}
		if v, bad := value(c); v.Set || c.Kind == Date && bad {
			return false // a number (in a CSV, text that reads as one) or a date
		}
		if len(label) > 0 && label[HeaderName(c.Text)] {
			return true
		}
		texts++
		if c.merge == 0 || merge != 0 && c.merge != merge {
			banner = false
		}
		merge = c.merge
	}
	return len(label) == 0 && texts >= 2 && !banner
}

func noMatrixHeader(spec MatrixSpec) *Error {
	name := "单位"
	if len(spec.Label) > 0 {
		name = strings.Join(spec.Label, "/")
	}
	return &Error{Kind: NoHeader,
		Reason:  fmt.Sprintf("前%d行里找不到表头：表头一行的第一格写「%s」，后面各格写指标名称", HeaderRows, name),
		English: fmt.Sprintf("No header row in the first %d rows: its first cell should say %q and the others name the figures.", HeaderRows, name)}
}

// columns reads the header row: the label column and the figures'.
func (m *Matrix) columns(header Row, label, skip map[string]bool) {
	named := map[string]int{}
	for col, c := range header.Cells {
		name := HeaderName(c.Text)
		switch {
		case c.IsEmpty() || skip[name] || c.Merged && c.merge == header.Cell(col-1).merge:
			continue // a merged header names its first column only
		case m.LabelColumn < 0 && (len(label) == 0 || label[name]):
			m.Label, m.LabelColumn = c.Text, col
			continue
		case label[name]:
			continue
		}
		if first, ok := named[name]; ok {
			m.problem(header.Line, col, fmt.Sprintf("「%s」列出现了两次（%s列和%s列），只读了%s列", c.Text,
				colName(first), colName(col), colName(first)),
				fmt.Sprintf("Column %q appears twice (%s and %s); only %s was read.", c.Text, colName(first), colName(col), colName(first)))
			continue
		}
		named[name] = col
		m.Columns = append(m.Columns, Header{Name: c.Text, Key: name, Column: col})
	}
}

// add reads a row below the header.
func (m *Matrix) add(row Row, skipRows map[string]bool, seen map[string]int, unnamed map[int]bool, header Row) {
	name := row.Cell(m.LabelColumn).Text
	if skipRows[HeaderName(name)] {
		return
	}
	values := make([]Value, len(m.Columns))
	given := false
	for i, h := range m.Columns {
		c := row.Cell(h.Column)
		v, bad := value(c)
		if bad {
			ref := cellRef(h.Column, row.Line)
			m.problem(row.Line, h.Column, fmt.Sprintf("第%d行「%s」（%s）：「%s」不是数字", row.Line, h.Name, ref, c.Text),
				fmt.Sprintf("Row %d, %q (%s): %q is not a number.", row.Line, h.Name, ref, c.Text))
		}
		values[i] = v
		given = given || v.Set || bad
	}
	m.unheaded(row, header, unnamed)
	switch first, twice := seen[HeaderName(name)]; {
	case name == "" && given:
		m.problem(row.Line, -1, fmt.Sprintf("第%d行有数字，但没有写%s", row.Line, m.Label),
			fmt.Sprintf("Row %d has figures but no %s.", row.Line, m.Label))
	case name == "":
	case twice:
		m.problem(row.Line, -1, fmt.Sprintf("第%d行的「%s」在第%d行已经出现过", row.Line, name, first),
			fmt.Sprintf("Row %d: %q was already given in row %d.", row.Line, name, first))
	default:
		seen[HeaderName(name)] = row.Line
		m.Rows = append(m.Rows, MatrixRow{Line: row.Line, Label: name, Values: values})
	}
}

// unheaded notes, once per column, figures in a column without a header,
// which are not read.
func (m *Matrix) unheaded(row, header Row, unnamed map[int]bool) {
	for col, c := range row.Cells {
		if c.IsEmpty() || col == m.LabelColumn || !header.Cell(col).IsEmpty() || unnamed[col] {
			continue
		}
		unnamed[col] = true
		m.problem(row.Line, col, fmt.Sprintf("%s列没有表头（%s有「%s」），这一列没有读入", colName(col), cellRef(col, row.Line), c.Text),
			fmt.Sprintf("Column %s has no header (%s holds %q); it was not read.", colName(col), cellRef(col, row.Line), c.Text))
	}
}

func (m *Matrix) problem(line, col int, zh, en string) {
	m.Problems = append(m.Problems, Problem{Line: line, Column: col, Reason: zh, English: en})
}

// noValue are what sheets write for "none".
var noValue = map[string]bool{"—": true, "——": true, "-": true, "--": true, "/": true, "无": true, "－": true}

// value reads a figure; bad reports a cell that holds something else.
func value(c Cell) (v Value, bad bool) {
	v.Text = c.Text
	switch c.Kind {
	case Empty:
		return v, false
	case Number:
		v.Num, v.Set = c.Num, true
		return v, false
	case Date:
		return v, true
	}
	s := strings.Map(func(r rune) rune {
		switch {
		case r == ',' || r == '，' || r == ' ' || r == '\u3000':
			return -1 // thousands separators and spaces
		case r >= 0xFF01 && r <= 0xFF5E: // full-width digits and signs
			return r - 0xFF01 + '!'
		}
		return r
	}, c.Text)
	if noValue[s] || noValue[c.Text] {
		return v, false
	}
	percent := false
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, percent = t, true
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return v, true
	}
	if percent {
		n /= 100 // not * 0.01: 95% is exactly what 0.95 is
	}
	v.Num, v.Set = n, true
	return v, false
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col + 1)
	return name
}

func cellRef(col, line int) string {
	ref, _ := excelize.CoordinatesToCellName(col+1, line)
	return ref
}
