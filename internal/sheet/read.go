package sheet

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is the kind of file a Grid was read from.
type Format uint8

// The formats Read knows.
const (
	XLSX Format = iota + 1
	CSV
)

// formatNames are the formats' names, as the file endings say them.
var formatNames = [...]string{XLSX: "xlsx", CSV: "csv"}

func (f Format) String() string { return enumName(formatNames[:], int(f), "Format") }

// Limits bound what Read accepts; both must be positive. Over them Read
// stops and returns an *Error (TooLarge, TooManyRows) that says the limit.
type Limits struct {
	// MaxBytes bounds the file. An .xlsx may unpack to at most
	// unpackFactor times as much.
	MaxBytes int64
	// MaxRows bounds the rows with content below the header row (the
	// header and the title rows above it do not count; empty rows do not
	// count anywhere).
	MaxRows int
}

// HeaderRows is how many rows with content, from the top, may hold the
// header row: a title, a date line and a note often stand above it.
const HeaderRows = 5

// unpackFactor bounds what an .xlsx unpacks to, as a multiple of MaxBytes:
// sheets of text compress about tenfold; a zip bomb far more.
const unpackFactor = 40

// Grid is the first sheet of a file: its rows with content, cell by cell.
// Table and Matrix find the header in it and read the rows below.
type Grid struct {
	Format Format
	// Sheet is the name of the sheet read (the workbook's first); "" for
	// a CSV.
	Sheet string
	// Encoding is how a CSV was encoded: "UTF-8", "UTF-8 BOM", "UTF-16"
	// or "GB18030" (which includes GBK); "" for an .xlsx.
	Encoding string
	// Rows are the rows with content, in sheet order; empty rows are left
	// out and the others keep their sheet row number.
	Rows []Row

	maxRows int
}

// Row is one row of a Grid.
type Row struct {
	// Line is the row's number in the sheet, 1 for the first, as Excel
	// shows it: what an error message should name.
	Line int
	// Cells are the row's cells from column A on, up to its last cell
	// with content.
	Cells []Cell
}

// Cell returns the cell in column col (0 for A), empty past the row's end.
func (r Row) Cell(col int) Cell {
	if col < 0 || col >= len(r.Cells) {
		return Cell{}
	}
	return r.Cells[col]
}

// Read reads the first sheet of an .xlsx or .csv file. name is the file's
// name as sent (its extension helps tell a CSV from a text the user did
// not mean); the content decides: a zip is an .xlsx, an OLE file an old
// .xls or a password-protected workbook (refused, with what to do), text a
// CSV.
//
// Cells of an .xlsx: text and numbers as written, date-formatted numbers
// and date cells as dates (see [Cell]); the value of a merged range is
// copied into each of its cells that lies in a row with content of its own
// (a unit merged down over its tasks names each of them; a title merged
// over two rows does not make the second row count). A CSV (UTF-8 with or
// without BOM, UTF-16 with BOM, or GB18030/GBK, told apart by their bytes)
// has text cells only; its separator is a comma, a tab or a semicolon,
// whichever its first line uses most; the apostrophe a ledger puts before
// text that looks like a formula ('=…) is removed.
//
// Errors are *Error.
func Read(r io.Reader, name string, lim Limits) (*Grid, error) {
	if lim.MaxBytes <= 0 || lim.MaxRows <= 0 {
		return nil, fmt.Errorf("sheet: limits %+v must be positive", lim)
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, &Error{Kind: Unreadable, Reason: "文件读取失败，请重新发送", English: "The file could not be read; please send it again.", Err: err}
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, tooLarge(lim.MaxBytes)
	}
	var g *Grid
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		g, err = readXLSX(data, lim)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, &Error{Kind: BadFormat,
			Reason:  "这是旧版 .xls 文件或设了密码的表格，请在 Excel 中另存为 .xlsx（不设密码）后再发",
			English: "This is an old .xls file or a password-protected workbook; save it as .xlsx without a password and send it again."}
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, &Error{Kind: Unreadable, Reason: "文件不是有效的 .xlsx 表格，可能已损坏，请重新导出",
			English: "The file is not a valid .xlsx workbook; it may be damaged. Please export it again."}
	case ext == "" || ext == ".csv" || ext == ".txt" || ext == ".tsv":
		g, err = readCSV(data, lim)
	default:
		return nil, &Error{Kind: BadFormat, Reason: "只能导入 .xlsx 或 .csv 表格",
			English: "Only .xlsx and .csv files can be imported."}
	}
	if err != nil {
		return nil, err
	}
	g.maxRows = lim.MaxRows
	return g, nil
}

func tooLarge(limit int64) *Error {
	return &Error{Kind: TooLarge,
		Reason:  fmt.Sprintf("文件超过 %s，请拆分后分批导入", sizeText(limit)),
		English: fmt.Sprintf("The file is larger than %s; split it and import the parts.", sizeText(limit))}
}

// tooManyRows is the error for a sheet with more than limit rows below its
// header.
func tooManyRows(limit int) *Error {
	return &Error{Kind: TooManyRows,
		Reason:  fmt.Sprintf("表格超过 %d 行，请拆分后分批导入", limit),
		English: fmt.Sprintf("The sheet has more than %d rows; split it and import the parts.", limit)}
}

// addRow appends a row to the grid, unless it holds nothing, and reports
// whether the grid is still within the rows a reader may keep: the header
// rows and the limit below them.
func (g *Grid) addRow(line int, cells []Cell, lim Limits) bool {
	for len(cells) > 0 && cells[len(cells)-1].IsEmpty() {
		cells = cells[:len(cells)-1]
	}
	if len(cells) == 0 {
		return true
	}
	g.Rows = append(g.Rows, Row{Line: line, Cells: cells})
	return len(g.Rows) <= HeaderRows+lim.MaxRows
}
