package sheet

import (
	"fmt"
	"strings"
	"unicode"
)

// Column is a column the caller wants from a table, with every name its
// header may have.
type Column struct {
	// Key is the caller's name for the column, by which Record.Get finds
	// it.
	Key string
	// Names are the header texts that mean it, the customary one first
	// (任务, 事项, 工作任务, 任务名称). They are compared as normalised by
	// [HeaderName].
	Names []string
	// Required columns must be in the header row.
	Required bool
}

// Table is a sheet read as a header row and records below it.
type Table struct {
	// HeaderLine is the sheet row number of the header row.
	HeaderLine int
	// Rows are the records below the header, in sheet order: every row
	// with content in at least one of the columns asked for, except the
	// headings (see Headings).
	Rows []Record
	// Ignored lists the header cells no column was asked for, or that
	// repeat a column already found, as 「H列：投资额」, for a preview to
	// say what was left out.
	Ignored []string
	// Headings are rows left out as section headings: rows whose only
	// content is one value merged across two or more of the columns asked
	// for (一、重点项目, 注：…).
	Headings []Heading

	cols  []Column
	index map[string]int // key → position in cols
	where []int          // position in cols → sheet column (0 for A), -1 when absent
}

// Heading is a row left out of a table as a section heading.
type Heading struct {
	Line int
	Text string
}

// Record is one row of a table, its cells by the caller's column keys.
type Record struct {
	// Line is the row's number in the sheet, for error messages.
	Line  int
	cells []Cell // by position in the table's columns
	t     *Table
}

// Get returns the record's cell in the column with key, empty when the
// sheet has no such column or the key is unknown.
func (r Record) Get(key string) Cell {
	i, ok := r.t.index[key]
	if !ok {
		return Cell{}
	}
	return r.cells[i]
}

// Text returns the text of the record's cell in the column with key.
func (r Record) Text(key string) string { return r.Get(key).Text }

// Ref returns the cell's reference as a spreadsheet shows it (C5), or ""
// when the sheet has no such column.
func (r Record) Ref(key string) string {
	col := r.t.Column(key)
	if col < 0 {
		return ""
	}
	return cellRef(col, r.Line)
}

// Has reports whether the header row has the column with key.
func (t *Table) Has(key string) bool { return t.Column(key) >= 0 }

// Column returns the sheet column (0 for A) holding key, -1 when absent.
func (t *Table) Column(key string) int {
	i, ok := t.index[key]
	if !ok {
		return -1
	}
	return t.where[i]
}

// Table finds the header row among the first HeaderRows rows with content:
// the one that names most of the columns asked for (the first of equals),
// with every Required one. Each header cell is matched by its normalised
// text (see [HeaderName]) to the first column that has that name, or, for
// a cell naming several (责任单位/牵头单位), that has one of them; a column
// named twice is taken from its leftmost cell. Cells below the header are
// read by the columns found; other columns are ignored.
//
// Errors are *Error: NoHeader (saying which required columns are missing
// and their names), NoData (a header and nothing below), TooManyRows (more
// than the limit given to Read below the header).
func (g *Grid) Table(cols []Column) (*Table, error) {
	names := make(map[string]int)         // normalised name → position in cols
	for i := len(cols) - 1; i >= 0; i-- { // the first column to name it wins
		for _, n := range cols[i].Names {
			names[HeaderName(n)] = i
		}
	}
	best, bestRow := -1, -1
	var bestWhere []int
	for r := 0; r < min(HeaderRows, len(g.Rows)); r++ {
		where, found := matchHeader(g.Rows[r], names, len(cols))
		if found > best && found > 0 {
			best, bestRow, bestWhere = found, r, where
		}
	}
	if missing := missingColumns(cols, bestWhere); bestRow < 0 || len(missing) > 0 {
		return nil, noHeader(cols, missing)
	}
	t := &Table{HeaderLine: g.Rows[bestRow].Line, cols: cols, where: bestWhere, index: make(map[string]int, len(cols))}
	for i, c := range cols {
		t.index[c.Key] = i
	}
	t.Ignored = ignored(g.Rows[bestRow], bestWhere)
	for _, row := range g.Rows[bestRow+1:] {
		t.add(row)
	}
	switch {
	case len(t.Rows) == 0:
		return nil, &Error{Kind: NoData, Reason: "表头下面没有内容", English: "There is nothing below the header row."}
	case len(g.Rows)-bestRow-1 > g.maxRows:
		return nil, tooManyRows(g.maxRows)
	}
	return t, nil
}

// matchHeader matches a row's cells to the columns by name and returns,
// for each column, the sheet column found (-1 if none), and how many were
// found.
func matchHeader(row Row, names map[string]int, n int) ([]int, int) {
	where := make([]int, n)
	for i := range where {
		where[i] = -1
	}
	found := 0
	for col, c := range row.Cells {
		// A copy of a merged cell counts: in a two-row header, 序号 merged
		// down over both rows names its column in the second row too.
		if c.Kind != Text {
			continue
		}
		if i, ok := lookup(names, c.Text); ok && where[i] < 0 {
			where[i] = col
			found++
		}
	}
	return where, found
}

// lookup finds the column a header text names: the whole text, or one of
// its parts when it names several (责任单位/牵头单位, 主办、责任人).
func lookup(names map[string]int, header string) (int, bool) {
	h := HeaderName(header)
	if i, ok := names[h]; ok {
		return i, true
	}
	for _, part := range strings.FieldsFunc(h, func(c rune) bool { return strings.ContainsRune("/、|,，;；", c) }) {
		if i, ok := names[part]; ok {
			return i, true
		}
	}
	return 0, false
}

// HeaderName is a header text as Table compares it: without white space
// (a header wrapped as 完成\n时限 is 完成时限), full-width letters, digits and
// signs as ASCII, letters in lower case, without the marks of a required
// column (*, ※) or a final colon, and without a final bracketed note
// (截止时间（必填）, 任务名称(简称)) or brackets around it all (【任务】).
func HeaderName(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case unicode.IsSpace(c), c == '*', c == '＊', c == '※':
			continue
		case c >= 0xFF01 && c <= 0xFF5E: // full-width ASCII
			c -= 0xFF01 - '!'
		}
		b.WriteRune(unicode.ToLower(c))
	}
	h := strings.TrimRight(b.String(), ":：")
	if inner, ok := strings.CutPrefix(h, "【"); ok && strings.HasSuffix(inner, "】") {
		h = strings.TrimSuffix(inner, "】")
	}
	for _, br := range [][2]string{{"(", ")"}, {"（", "）"}, {"【", "】"}, {"[", "]"}} {
		if strings.HasSuffix(h, br[1]) {
			if i := strings.LastIndex(h, br[0]); i > 0 {
				h = h[:i]
				break
			}
		}
	}
	return h
}

// missingColumns returns the required columns where has no sheet column
// (all of them when where is nil).
func missingColumns(cols []Column, where []int) []Column {
	var missing []Column
	for i, c := range cols {
		if c.Required && (where == nil || where[i] < 0) {
			missing = append(missing, c)
		}
	}
	return missing
}

func noHeader(cols []Column, missing []Column) *Error {
	if len(missing) == 0 { // not one column matched: name the required ones, or all
		missing = missingColumns(cols, nil)
		if len(missing) == 0 {
			missing = cols
		}
	}
	var zh, en []string
	for _, c := range missing {
		zh = append(zh, "「"+strings.Join(c.Names, "/")+"」")
		en = append(en, `"`+strings.Join(c.Names, `" or "`)+`"`)
	}
	return &Error{Kind: NoHeader,
		Reason: fmt.Sprintf("前%d行里找不到表头：需要%s列（写其中任一名称即可）", HeaderRows,
			strings.Join(zh, "、")),
		English: fmt.Sprintf("No header row in the first %d rows: a column named %s is needed.", HeaderRows,
			strings.Join(en, ", and one named "))}
}

// ignored lists the header cells of row that no column took.
func ignored(row Row, where []int) []string {
	used := make(map[int]bool, len(where))
	for _, col := range where {
		used[col] = true
	}
	var out []string
	for col, c := range row.Cells {
		if !c.IsEmpty() && !used[col] {
			out = append(out, fmt.Sprintf("%s列：%s", colName(col), c.Text))
		}
	}
	return out
}

// add reads a row below the header into the table: a record, a heading, or
// nothing when none of the columns asked for has content.
func (t *Table) add(row Row) {
	cells := make([]Cell, len(t.cols))
	filled, merge, heading := 0, 0, true
	for i, col := range t.where {
		if col < 0 {
			continue
		}
		c := row.Cell(col)
		cells[i] = c
		if c.IsEmpty() {
			continue
		}
		filled++
		if c.merge == 0 || merge != 0 && c.merge != merge {
			heading = false
		}
		merge = c.merge
	}
	switch {
	case filled == 0:
	case heading && filled >= 2:
		t.Headings = append(t.Headings, Heading{Line: row.Line, Text: cells[firstFilled(cells)].Text})
	default:
		t.Rows = append(t.Rows, Record{Line: row.Line, cells: cells, t: t})
	}
}

func firstFilled(cells []Cell) int {
	for i, c := range cells {
		if !c.IsEmpty() {
			return i
		}
	}
	return 0
}
