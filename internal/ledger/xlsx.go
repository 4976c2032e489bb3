package ledger

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Look of the workbook.
const (
	headerFill  = "DDEBF7" // light blue
	borderColor = "BFBFBF"
	redFill     = "FFC7CE" // Excel's "light red fill with dark red text"
	redFont     = "9C0006"
	yellowFill  = "FFEB9C"
	yellowFont  = "9C5700"

	headerHeight = 22.0 // points
	lineHeight   = 15.0 // points per wrapped line
	maxLines     = 8    // a row grows no taller; the cell keeps all its text
	filterButton = 3    // room for the autofilter drop-down in a header
	padding      = 2    // character widths around a column's widest value
	minWidth     = 6
)

// XLSX writes the workbook: sheet 1 "任务台账" with the customary columns
// (TaskHeader), sheet 2 "排名" (RankingHeader), sheet 3 "进展记录"
// (ProgressHeader).
//
// Every sheet has a bold, filled, frozen header row and columns as wide as
// their content (Chinese characters counting double) up to a cap beyond
// which text wraps; rows of wrapped text are made taller, up to maxLines
// lines. Overdue tasks are filled light red, the flags of the ranking red
// and yellow. Times are Excel dates ("yyyy-mm-dd hh:mm") of the wall clock
// in l.Zone, rates and progress numbers with a % format. Sheet 1 has an
// autofilter and prints landscape, one page wide, with the header row
// repeated on every page.
func XLSX(l Ledger) ([]byte, error) {
	zone := l.zone()
	title := l.fullTitle()
	sheets := []sheet{
		{
			name: SheetTasks, cols: taskColumns, rows: len(l.Tasks), filter: true, print: title,
			fill: func(i int, dst []cell) tone {
				t := &l.Tasks[i]
				taskCells(t, zone, dst)
				return overdueTone(t.Overdue)
			},
		},
		{
			name: SheetRanking, cols: rankingColumns, rows: len(l.Ranking),
			fill: func(i int, dst []cell) tone { rankCells(&l.Ranking[i], dst); return toneNone },
		},
		{
			name: SheetProgress, cols: progressColumns, rows: len(l.Progress),
			fill: func(i int, dst []cell) tone { progressCells(&l.Progress[i], zone, dst); return toneNone },
		},
	}
	sheets = append(sheets, nodeSheets(&l, zone)...)
	if len(l.Problems) > 0 {
		sheets = append(sheets, problemSheet(&l, title))
	}
	sheets = append(sheets, contestSheets(l.Contests)...)
	return workbook(title, "任务台账", sheets)
}

// workbook writes sheets, in order, into a new workbook.
func workbook(title, subject string, sheets []sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), sheets[0].name); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	for _, sh := range sheets[1:] {
		if _, err := f.NewSheet(sh.name); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   title,
		Subject: subject,
		Creator: "督办 duban",
	}); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	w := &writer{f: f, styles: map[styleKey]int{}}
	for i := range sheets {
		if err := w.write(&sheets[i]); err != nil {
			return nil, fmt.Errorf("ledger: sheet %s: %w", sheets[i].name, err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	return buf.Bytes(), nil
}

// sheet is one sheet to write: its columns and a function that renders row
// i into dst and says how to tint the whole row.
type sheet struct {
	name   string
	cols   []column
	rows   int
	fill   func(i int, dst []cell) tone
	filter bool   // autofilter over the header
	print  string // page header when printed; "" for no print setup
}

type writer struct {
	f      *excelize.File
	styles map[styleKey]int
}

type styleKey struct {
	header bool
	numFmt string
	center bool
	wrap   bool
	tone   tone
}

// style returns the id of a cell style, creating it on first use.
func (w *writer) style(k styleKey) (int, error) {
	if id, ok := w.styles[k]; ok {
		return id, nil
	}
	side := func(t string) excelize.Border { return excelize.Border{Type: t, Color: borderColor, Style: 1} }
	s := &excelize.Style{
		Border:    []excelize.Border{side("left"), side("top"), side("right"), side("bottom")},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: k.wrap},
	}
	if k.center {
		s.Alignment.Horizontal = "center"
	}
	if k.numFmt != "" {
		s.CustomNumFmt = &k.numFmt
	}
	fill, font := "", ""
	switch k.tone {
	case toneRed:
		fill, font = redFill, redFont
	case toneYellow:
		fill, font = yellowFill, yellowFont
	}
	if k.header {
		fill = headerFill
		s.Font = &excelize.Font{Bold: true}
	}
	if fill != "" {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
	}
	if font != "" {
		s.Font = &excelize.Font{Color: font}
	}
	id, err := w.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	w.styles[k] = id
	return id, nil
}

// widths measures the columns of a sheet over its header and rows.
func (sh *sheet) widths() []float64 {
	n := len(sh.cols)
	ws := make([]int, n)
	limit := make([]int, n)
	for j, c := range sh.cols {
		limit[j] = int(c.maxW) - padding
	}
	row := make([]cell, n)
	for i := 0; i < sh.rows; i++ {
		sh.fill(i, row)
		for j := range row {
			if ws[j] < limit[j] {
				ws[j] = max(ws[j], cellWidth(&row[j], &sh.cols[j], limit[j]))
			}
		}
	}
	out := make([]float64, n)
	for j, c := range sh.cols {
		head := textWidth(c.head, 100) + padding
		if sh.filter {
			head += filterButton
		}
		out[j] = float64(max(head, min(ws[j]+padding, int(c.maxW)), minWidth))
	}
	return out
}

// cellWidth is the width a value takes in character widths.
func cellWidth(c *cell, col *column, limit int) int {
	switch c.kind {
	case kText:
		return textWidth(c.s, limit)
	case kNumber:
		return len(strconv.FormatFloat(c.n, 'f', -1, 64))
	case kDate:
		return len(TimeLayout)
	case kPercent:
		// "0.0%" of 1 is "100.0%"; wider only for rates above 999%.
		return len(strconv.FormatFloat(math.Abs(c.n)*100, 'f', 0, 64)) + len(col.numFmt) - 1
	}
	return 0
}

func (w *writer) write(sh *sheet) error {
	f := w.f
	widths := sh.widths()
	lastCol, err := excelize.ColumnNumberToName(len(sh.cols))
	if err != nil {
		return err
	}

	// What the stream writer cannot set is put on the empty sheet before
	// streaming; it is kept and written out around the rows.
	if sh.filter {
		if err := f.AutoFilter(sh.name, fmt.Sprintf("A1:%s%d", lastCol, sh.rows+1), nil); err != nil {
			return err
		}
	}
	if sh.print != "" {
		if err := w.printSetup(sh.name, sh.print); err != nil {
			return err
		}
	}

	sw, err := f.NewStreamWriter(sh.name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	// Each width set goes in front of the others, and the stream writer
	// writes them in that order: set them from the last column so that
	// they come out in ascending order, as Excel wants.
	for j := len(widths) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, widths[j]); err != nil {
			return err
		}
	}

	vals := make([]any, len(sh.cols))
	for j, c := range sh.cols {
		id, err := w.style(styleKey{header: true, center: true, wrap: true})
		if err != nil {
			return err
		}
		vals[j] = excelize.Cell{StyleID: id, Value: c.head}
	}
	if err := sw.SetRow("A1", vals, excelize.RowOpts{Height: headerHeight}); err != nil {
		return err
	}

	row := make([]cell, len(sh.cols))
	for i := 0; i < sh.rows; i++ {
		rowTone := sh.fill(i, row)
		lines := 1
		for j := range row {
			c, col := &row[j], &sh.cols[j]
			k := styleKey{center: col.center, wrap: col.wrap, tone: rowTone}
			if c.tone != toneNone {
				k.tone = c.tone
			}
			var v any
			switch c.kind {
			case kText:
				v = c.s
				if col.wrap {
					lines = max(lines, textLines(c.s, int(widths[j])-1, maxLines))
				}
			case kNumber:
				v, k.numFmt = c.n, col.numFmt // "" for counts
			case kDate:
				// excelize turns the time into a serial of its wall clock,
				// written with all its digits: a float64 value would be cut
				// to 15 and 17:30 become 17:29:59.99, which some programs
				// show as 17:29.
				v, k.numFmt = c.t, col.numFmt
			case kPercent:
				v, k.numFmt = c.n, col.numFmt
			}
			id, err := w.style(k)
			if err != nil {
				return err
			}
			vals[j] = excelize.Cell{StyleID: id, Value: v}
		}
		var opts []excelize.RowOpts
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: float64(lines) * lineHeight})
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals, opts...); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// printSetup makes a sheet print landscape on A4, one page wide, with its
// header row on every page and the title and page numbers in the margins.
func (w *writer) printSetup(name, title string) error {
	f := w.f
	yes, landscape, a4, one, auto := true, "landscape", 9, 1, 0
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto,
	}); err != nil {
		return err
	}
	if r := []rune(title); len(r) > 100 {
		title = string(r[:100]) + "…"
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&C&B" + strings.ReplaceAll(title, "&", "&&"),
		OddFooter: "&C第 &P 页，共 &N 页",
	}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + strings.ReplaceAll(name, "'", "''") + "'!$1:$1",
		Scope:    name,
	})
}
