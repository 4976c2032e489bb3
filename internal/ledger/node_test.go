package ledger

import (
	"reflect"
	"testing"
)

func TestXLSXNodes(t *testing.T) {
	l := fixture()
	done := at("2026-11-02 15:00")
	l.Nodes = []NodeRow{
		{Number: 1, Title: "推进重点项目", Name: "立项", Deadline: at("2026-11-03 18:00").UTC(), DoneAt: &done, Status: "已完成"},
		{Number: 1, Title: "推进重点项目", Name: "用地预审", Deadline: at("2026-11-10 18:00"), Status: "逾期2天", Overdue: true},
		{Number: 1, Title: "推进重点项目", Name: "开工", Deadline: at("2026-11-30 18:00"), Status: "未完成"},
	}
	data, err := XLSX(l)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	if got, want := f.GetSheetList(), []string{"任务台账", "排名", "进展记录", "节点"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	diffRows(t, SheetNodes, rows(t, f, SheetNodes), [][]string{
		{"任务序号", "任务", "节点", "截止时间", "完成时间", "状态"},
		{"1", "推进重点项目", "立项", "2026-11-03 18:00", "2026-11-02 15:00", "已完成"},
		{"1", "推进重点项目", "用地预审", "2026-11-10 18:00", "", "逾期2天"},
		{"1", "推进重点项目", "开工", "2026-11-30 18:00", "", "未完成"},
	})
	// The overdue node's row is tinted like an overdue task's.
	tasks, _ := f.GetCellStyle(SheetTasks, "B2") // task 1 is overdue
	node, _ := f.GetCellStyle(SheetNodes, "B3")
	plain, _ := f.GetCellStyle(SheetNodes, "B4")
	if node != tasks || node == plain {
		t.Errorf("overdue node style %d, overdue task %d, open node %d", node, tasks, plain)
	}
}
