package sheet_test

import (
	"bytes"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/internal/sheet"
)

// benchLedger is a ledger of n open tasks as /export writes it: the
// import's round trip, and a sheet with every kind of cell (numbers, text,
// dates with times) in the customary 13 columns.
func benchLedger(n int) ledger.Ledger {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, sh)
	l := ledger.Ledger{Title: "招商引资工作群 任务台账", Period: "全部", Zone: sh}
	units := []string{"区发改局", "区统计局", "区自然资源局", "区住建局", "区财政局"}
	people := []string{"张伟", "王芳", "李娜", "赵敏", "刘洋"}
	for i := range n {
		l.Tasks = append(l.Tasks, ledger.TaskRow{
			Number: i + 1, Title: fmt.Sprintf("推进第%d个重点项目的用地预审和环评批复", i+1),
			Unit: units[i%len(units)], Lead: people[i%len(people)], Cooperators: people[(i+1)%len(people)] + "、" + people[(i+2)%len(people)],
			Assigner: "刘书记", AssignedAt: start, Deadline: start.AddDate(0, 1, i%60).Add(8 * time.Hour),
			Status: "进行中", LatestProgress: "已完成前期对接，正在准备材料",
		})
	}
	return l
}

// BenchmarkReadTable reads 2,000 rows and finds their columns, as the
// import's preview does first: from an exported .xlsx, its UTF-8 CSV, and
// the same CSV in GBK. Issue 14's target for the whole preview is 3 s.
func BenchmarkReadTable(b *testing.B) {
	l := benchLedger(2000)
	xl, csv := exported(b, l)
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"xlsx", xl},
		{"csv-utf8", csv},
		{"csv-gbk", gbk(b, strings.TrimPrefix(string(csv), "\uFEFF"))},
	} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(f.data)))
			cpu := cpuTime()
			for b.Loop() {
				tb, err := sheet.ReadTable(bytes.NewReader(f.data), "台账."+f.name[:3], limits, taskColumns)
				if err != nil || len(tb.Rows) != 2000 {
					b.Fatalf("%v, %d rows", err, len(tb.Rows))
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkReadMatrix reads a 任务书 of 100 units and 10 indicators, issue
// 15's largest contest.
func BenchmarkReadMatrix(b *testing.B) {
	rows := [][]any{{"序号", "单位"}}
	for j := range 10 {
		rows[0] = append(rows[0], fmt.Sprintf("指标%d（亿元）", j+1))
	}
	for i := range 100 {
		row := []any{i + 1, fmt.Sprintf("第%d区", i+1)}
		for j := range 10 {
			row = append(row, float64(i*10+j)+0.5)
		}
		rows = append(rows, row)
	}
	data := xlsx(b, rows, nil)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		m, err := sheet.ReadMatrix(bytes.NewReader(data), "任务书.xlsx", limits, targetSpec)
		if err != nil || len(m.Rows) != 100 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time: next to wall time it
// stays readable on a machine shared with other work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
