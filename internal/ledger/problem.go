package ledger

import (
	"time"
)

// SheetProblems is the sheet of the 问题清单 (enterprises' problems).
const SheetProblems = "问题清单"

// ProblemHeader is the column order of the 问题清单 sheet.
var ProblemHeader = []string{"序号", "企业", "问题", "责任单位", "责任人", "提出时间", "答复时限", "答复时间", "答复内容",
	"解决时限", "解决时间", "状态", "是否按期"}

// ProblemRow is one problem of the ledger, rendered to text where it is text.
type ProblemRow struct {
	Ref                       string // P3
	Enterprise, Description   string
	Unit, Owner               string
	RecordedAt, ReplyDeadline time.Time
	AnsweredAt                *time.Time
	Answer                    string
	SolveDeadline, SolvedAt   *time.Time
	Status                    string
	OnTime                    string // 是, 否, or "" while open and not late
	Overdue                   bool   // tints the row
}

var problemColumns = []column{
	{head: "序号", kind: kText, center: true, maxW: 8},
	{head: "企业", kind: kText, wrap: true, maxW: 24},
	{head: "问题", kind: kText, wrap: true, maxW: 40},
	{head: "责任单位", kind: kText, wrap: true, maxW: 20},
	{head: "责任人", kind: kText, wrap: true, maxW: 14},
	{head: "提出时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "答复时限", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "答复时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "答复内容", kind: kText, wrap: true, maxW: 40},
	{head: "解决时限", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "解决时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "状态", kind: kText, center: true, maxW: 10},
	{head: "是否按期", kind: kText, center: true, maxW: 10},
}

func problemCells(p *ProblemRow, zone *time.Location, dst []cell) {
	opt := func(at *time.Time) cell { return optDateCell(at, zone) }
	dst[0] = textCell(p.Ref)
	dst[1] = textCell(p.Enterprise)
	dst[2] = textCell(p.Description)
	dst[3] = textCell(p.Unit)
	dst[4] = textCell(p.Owner)
	dst[5] = dateCell(p.RecordedAt, zone)
	dst[6] = dateCell(p.ReplyDeadline, zone)
	dst[7] = opt(p.AnsweredAt)
	dst[8] = textCell(p.Answer)
	dst[9] = opt(p.SolveDeadline)
	dst[10] = opt(p.SolvedAt)
	dst[11] = textCell(p.Status)
	dst[12] = textCell(p.OnTime)
}

// problemSheet is the 问题清单 sheet of l; overdue problems are tinted red.
func problemSheet(l *Ledger, title string) sheet {
	zone := l.zone()
	return sheet{name: SheetProblems, cols: problemColumns, rows: len(l.Problems), filter: true, print: title,
		fill: func(i int, dst []cell) tone {
			p := &l.Problems[i]
			problemCells(p, zone, dst)
			return overdueTone(p.Overdue)
		}}
}

// ProblemsXLSX writes a workbook of the 问题清单 sheet alone (/problems 导出).
func ProblemsXLSX(l Ledger) ([]byte, error) {
	title := l.fullTitle()
	return workbook(title, "问题清单", []sheet{problemSheet(&l, title)})
}
