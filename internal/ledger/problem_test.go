package ledger

import (
	"reflect"
	"testing"
)

// The 问题清单 sheet: after the task sheets in the ledger when there are
// problems, alone in /problems 导出, in the columns, times in the
// group's zone.
func TestProblemSheet(t *testing.T) {
	answered, due := at("2026-11-24 10:00"), at("2026-12-31 18:00")
	l := fixture()
	l.Problems = []ProblemRow{
		{Ref: "P1", Enterprise: "华鑫科技有限公司", Description: "厂区门前道路未硬化", Unit: "住建局", Owner: "张伟",
			RecordedAt: at("2026-11-23 10:00"), ReplyDeadline: at("2026-11-26 18:00"), AnsweredAt: &answered,
			Answer: "列入年度道路计划", SolveDeadline: &due, Status: "待解决"},
		{Ref: "P2", Enterprise: "宏远物流", Description: "用电增容", Unit: "自然资源局",
			RecordedAt: at("2026-11-23 11:00"), ReplyDeadline: at("2026-11-26 18:00"), Status: "待答复", OnTime: "否", Overdue: true},
	}
	want := [][]string{
		ProblemHeader,
		{"P1", "华鑫科技有限公司", "厂区门前道路未硬化", "住建局", "张伟", "2026-11-23 10:00", "2026-11-26 18:00", "2026-11-24 10:00",
			"列入年度道路计划", "2026-12-31 18:00", "", "待解决", ""},
		{"P2", "宏远物流", "用电增容", "自然资源局", "", "2026-11-23 11:00", "2026-11-26 18:00", "", "", "", "", "待答复", "否"},
	}
	data, err := XLSX(l)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	if got, want := f.GetSheetList(), []string{"任务台账", "排名", "进展记录", "问题清单"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	diffRows(t, SheetProblems, rows(t, f, SheetProblems), want)

	data, err = ProblemsXLSX(Ledger{Title: "招商引资工作群 问题清单", Period: "全部", Zone: cst, Problems: l.Problems})
	if err != nil {
		t.Fatal(err)
	}
	f = openXLSX(t, data)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"问题清单"}) {
		t.Fatalf("sheets %q, want the 问题清单 alone", got)
	}
	diffRows(t, SheetProblems, rows(t, f, SheetProblems), want)

	data, err = XLSX(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if got := openXLSX(t, data).GetSheetList(); len(got) != 3 {
		t.Errorf("a ledger without problems has sheets %q", got)
	}
}
