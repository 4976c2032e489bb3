package ledger

import "time"

// SheetNodes is the sheet of the tasks' milestones (节点).
const SheetNodes = "节点"

// NodeHeader is the header of the 节点 sheet.
var NodeHeader = []string{"任务序号", "任务", "节点", "截止时间", "完成时间", "状态"}

// NodeRow is one node of a task.
type NodeRow struct {
	Number   int // the task's 序号
	Title    string
	Name     string
	Deadline time.Time
	DoneAt   *time.Time
	Status   string // 已完成 / 未完成 / 逾期N天
	Overdue  bool   // highlight the row
}

var nodeColumns = []column{
	{head: NodeHeader[0], kind: kNumber, center: true, maxW: 10},
	{head: NodeHeader[1], kind: kText, wrap: true, maxW: 30},
	{head: NodeHeader[2], kind: kText, wrap: true, maxW: 30},
	{head: NodeHeader[3], kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: NodeHeader[4], kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: NodeHeader[5], kind: kText, center: true, maxW: 12},
}

// nodeSheets is the 节点 sheet when the ledger has nodes, else none: a
// group that keeps no milestones gets the workbook it always had.
func nodeSheets(l *Ledger, zone *time.Location) []sheet {
	if len(l.Nodes) == 0 {
		return nil
	}
	return []sheet{{name: SheetNodes, cols: nodeColumns, rows: len(l.Nodes), fill: func(i int, dst []cell) tone {
		n := &l.Nodes[i]
		dst[0], dst[1], dst[2] = intCell(n.Number), textCell(n.Title), textCell(n.Name)
		dst[3], dst[4], dst[5] = dateCell(n.Deadline, zone), cell{}, textCell(n.Status)
		if n.DoneAt != nil {
			dst[4] = dateCell(*n.DoneAt, zone)
		}
		if n.Overdue {
			return toneRed
		}
		return toneNone
	}}}
}
