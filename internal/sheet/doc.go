// Package sheet reads the spreadsheets offices already keep: a 台账 of
// tasks (a header row and a record per row) and a 任务书 of targets (units
// down the side, indicators across the top). It reads the first sheet of an
// .xlsx (with excelize) or a .csv, within limits the caller sets, and knows
// nothing of tasks, units or Telegram: the caller names the columns it
// wants and turns the cells into its own values.
//
//	grid, err := sheet.Read(file, "台账.xlsx", sheet.Limits{MaxBytes: 5 << 20, MaxRows: 2000})
//	table, err := grid.Table([]sheet.Column{
//		{Key: "title", Names: []string{"任务", "事项", "工作任务", "任务名称"}, Required: true},
//		{Key: "deadline", Names: []string{"截止时间", "完成时限", "时限"}},
//	})
//	for _, rec := range table.Rows {
//		rec.Line, rec.Text("title"), rec.Get("deadline").DateIn(zone)
//	}
//
// Every error is an *Error whose Reason (Chinese) and English can be shown
// to the person who sent the file as they are. Problems with single cells
// are not errors: a Table returns every record for the caller to judge, a
// Matrix lists the cells it could not read in Problems, each naming its row
// and cell, so that a preview can show them all at once.
package sheet

import "io"

// ReadTable is [Read] and [Grid.Table] in one.
func ReadTable(r io.Reader, name string, lim Limits, cols []Column) (*Table, error) {
	g, err := Read(r, name, lim)
	if err != nil {
		return nil, err
	}
	return g.Table(cols)
}

// ReadMatrix is [Read] and [Grid.Matrix] in one.
func ReadMatrix(r io.Reader, name string, lim Limits, spec MatrixSpec) (*Matrix, error) {
	g, err := Read(r, name, lim)
	if err != nil {
		return nil, err
	}
	return g.Matrix(spec)
}
