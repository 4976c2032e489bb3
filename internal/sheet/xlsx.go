package sheet

import (
	"archive/zip"
	"bytes"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// maxMergedColumns bounds how far right a merged range is copied: a range
// over whole rows (A1:XFD1) would otherwise fill sixteen thousand cells.
const maxMergedColumns = 256

// xlsxReader reads one sheet of a workbook.
type xlsxReader struct {
	f        *excelize.File
	sheet    string
	date1904 bool
	styles   map[int]dateStyle // style ID → what its number format shows
}

// dateStyle is what a number format shows of a serial number.
type dateStyle struct {
	date, clock bool
}

func readXLSX(data []byte, lim Limits) (*Grid, error) {
	unpacked := lim.MaxBytes * unpackFactor
	if err := checkUnpacked(data, unpacked); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unpacked})
	if err != nil {
		return nil, unreadable(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, unreadable(nil)
	}
	x := &xlsxReader{f: f, sheet: sheets[0], styles: map[int]dateStyle{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	g := &Grid{Format: XLSX, Sheet: x.sheet}
	if err := x.rows(g, lim); err != nil {
		return nil, err
	}
	if err := x.merge(g); err != nil {
		return nil, unreadable(err)
	}
	return g, nil
}

// checkUnpacked refuses a workbook whose parts would unpack to more than
// limit bytes, as their sizes are declared, before excelize unpacks them.
func checkUnpacked(data []byte, limit int64) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return unreadable(err)
	}
	var total uint64
	for _, file := range z.File {
		total += file.UncompressedSize64
		if total > uint64(limit) {
			return &Error{Kind: TooLarge,
				Reason:  "表格解压后过大，请删去不需要的工作表、图片和格式后再发",
				English: "The workbook unpacks to too much data; remove sheets, pictures and formatting it does not need and send it again."}
		}
	}
	return nil
}

func unreadable(err error) *Error {
	return &Error{Kind: Unreadable, Err: err,
		Reason:  "表格无法打开，可能已损坏，请在 Excel 中重新保存为 .xlsx 后再发",
		English: "The workbook does not open; it may be damaged. Save it again as .xlsx in Excel and send it again."}
}

// rows streams the sheet's rows into g, typing each cell, and stops at the
// row limit.
func (x *xlsxReader) rows(g *Grid, lim Limits) error {
	rows, err := x.f.Rows(x.sheet)
	if err != nil {
		return unreadable(err)
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++ // Next steps through every row number, present in the file or not
		raw, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return unreadable(err)
		}
		cells := make([]Cell, len(raw))
		for i, v := range raw {
			if cells[i], err = x.cell(i+1, line, v); err != nil {
				return unreadable(err)
			}
		}
		if !g.addRow(line, cells, lim) {
			return tooManyRows(lim.MaxRows)
		}
	}
	if err := rows.Error(); err != nil {
		return unreadable(err)
	}
	return nil
}

// cell types the raw value v of the cell at col, line. Only values that
// look like numbers or ISO dates need the cell's type and style, which
// cost a lookup each.
func (x *xlsxReader) cell(col, line int, v string) (Cell, error) {
	c := textCell(v)
	n, numErr := strconv.ParseFloat(c.Text, 64)
	isoDate := len(c.Text) >= 10 && c.Text[4] == '-' && c.Text[7] == '-'
	if c.IsEmpty() || numErr != nil && !isoDate {
		return c, nil
	}
	ref, err := excelize.CoordinatesToCellName(col, line)
	if err != nil {
		return c, err
	}
	typ, err := x.f.GetCellType(x.sheet, ref)
	if err != nil {
		return c, err
	}
	switch {
	case typ == excelize.CellTypeDate:
		if t, err := time.Parse(time.RFC3339Nano, c.Text); err == nil {
			return dateCell(t.UTC(), 0, true), nil
		}
		if t, err := time.Parse("2006-01-02T15:04:05", c.Text); err == nil {
			return dateCell(t, 0, true), nil
		}
		return c, nil
	case typ == excelize.CellTypeBool:
		if n != 0 {
			return Cell{Kind: Text, Text: "TRUE"}, nil
		}
		return Cell{Kind: Text, Text: "FALSE"}, nil
	case numErr != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber:
		return c, nil // text that looks like a number ("001", a 身份证号) stays text
	}
	style, err := x.f.GetCellStyle(x.sheet, ref)
	if err != nil {
		return c, err
	}
	switch ds := x.dateStyle(style); {
	case ds.date && n >= 0:
		t := serialTime(n, x.date1904)
		return dateCell(t, n, ds.clock || n != float64(int64(n))), nil
	case ds.clock && n >= 0 && n < 1: // a time of day alone
		return Cell{Kind: Text, Text: serialTime(n, false).Format("15:04")}, nil
	}
	return Cell{Kind: Number, Num: n, Text: numberText(n)}, nil
}

func dateCell(t time.Time, serial float64, hasClock bool) Cell {
	if !hasClock {
		hasClock = t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0
	}
	return Cell{Kind: Date, Time: t, Num: serial, HasClock: hasClock, Text: dateText(t, hasClock)}
}

// dateStyle returns what the number format of a style shows: a date, a
// time of day, both, or neither. It is worked out once per style.
func (x *xlsxReader) dateStyle(id int) dateStyle {
	if ds, ok := x.styles[id]; ok {
		return ds
	}
	var ds dateStyle
	if st, err := x.f.GetStyle(id); err == nil {
		switch {
		case st.CustomNumFmt != nil:
			ds = formatShows(*st.CustomNumFmt)
		default:
			ds = builtinShows(st.NumFmt)
		}
	}
	x.styles[id] = ds
	return ds
}

// builtinShows is dateStyle for Excel's built-in formats, with the ids of
// the Chinese (zh-CN) locale: 14–17 and 27–31, 36, 50–54, 57, 58 are
// dates, 22 a date and time, 18–21, 32–35, 45–47, 55, 56 times.
func builtinShows(id int) dateStyle {
	switch {
	case 14 <= id && id <= 17, 27 <= id && id <= 31, id == 36, 50 <= id && id <= 54, id == 57, id == 58:
		return dateStyle{date: true}
	case id == 22:
		return dateStyle{date: true, clock: true}
	case 18 <= id && id <= 21, 32 <= id && id <= 35, 45 <= id && id <= 47, id == 55, id == 56:
		return dateStyle{clock: true}
	}
	return dateStyle{}
}

// formatShows reads a custom number format code: its date and time
// letters (y, m, d, h, s, and the Chinese 年月日 formats' letters), outside
// quoted text ("年"), escapes (\-) and brackets ([Red], [$-804], but
// [h] counts as a time).
func formatShows(code string) dateStyle {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i] // the positive section decides
	}
	var ds dateStyle
	var letters strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			}
		case '\\', '_', '*':
			i++ // the next character is literal, or a padding
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				break
			}
			if inner := strings.ToLower(code[i+1 : i+j]); strings.Trim(inner, "hms") == "" {
				ds.clock = true // [h], [mm]: elapsed time
			}
			i += j
		default:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			letters.WriteByte(c)
		}
	}
	// m is a month or a minute: it decides nothing alone. A number format
	// has none of these letters outside its quotes and escapes.
	l := letters.String()
	ds.date = ds.date || strings.ContainsAny(l, "yd")
	ds.clock = ds.clock || strings.ContainsAny(l, "hs")
	return ds
}

// merge copies the value of each merged range into its other cells that lie
// in rows with content, and marks the range's cells with its number.
func (x *xlsxReader) merge(g *Grid) error {
	ranges, err := x.f.GetMergeCells(x.sheet, true)
	if err != nil || len(ranges) == 0 {
		return err
	}
	for k, m := range ranges {
		c1, r1, err := excelize.CellNameToCoordinates(m.GetStartAxis())
		if err != nil {
			return err
		}
		c2, r2, err := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err != nil {
			return err
		}
		i := sort.Search(len(g.Rows), func(i int) bool { return g.Rows[i].Line >= r1 })
		if i == len(g.Rows) || g.Rows[i].Line != r1 || g.Rows[i].Cell(c1-1).IsEmpty() {
			continue // the range's value is in its first cell, or it has none
		}
		value := g.Rows[i].Cell(c1 - 1)
		value.merge = k + 1
		c2 = min(c2, c1+maxMergedColumns)
		for ; i < len(g.Rows) && g.Rows[i].Line <= r2; i++ {
			row := &g.Rows[i]
			for len(row.Cells) < c2 {
				row.Cells = append(row.Cells, Cell{})
			}
			for col := c1; col <= c2; col++ {
				copied := value
				copied.Merged = row.Line != r1 || col != c1
				row.Cells[col-1] = copied
			}
		}
	}
	return nil
}
