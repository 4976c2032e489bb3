package sheet_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/duban-bot/duban/internal/sheet"
)

// An import's first step: the file as sent, the columns wanted, and every
// record with its row number; what a cell means is the caller's to judge.
func ExampleReadTable() {
	f, err := os.Open("testdata/ledger-12rows.xlsx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	tb, err := sheet.ReadTable(f, "台账.xlsx", sheet.Limits{MaxBytes: 5 << 20, MaxRows: 2000}, taskColumns)
	var e *sheet.Error
	if errors.As(err, &e) {
		fmt.Println(e.Reason) // for the leader who sent the file
		return
	}
	zone, _ := time.LoadLocation("Asia/Shanghai")
	fmt.Println("表头在第", tb.HeaderLine, "行，共", len(tb.Rows), "行")
	for _, rec := range tb.Rows[:5] {
		deadline := rec.Text("deadline") // text: for deadline.Parse
		if at, clock, ok := rec.Get("deadline").DateIn(zone); ok && !clock {
			deadline = at.Format("2006-01-02") + "（日期，按18:00）"
		} else if ok {
			deadline = at.Format("2006-01-02 15:04")
		}
		fmt.Printf("%d %s | %s | %s | %s\n", rec.Line, rec.Text("title"), rec.Text("unit"), rec.Text("lead"), deadline)
	}
	// Output:
	// 表头在第 3 行，共 12 行
	// 4 完成项目签约仪式筹备 | 区投促局 | @zhangwei | 2026-12-15（日期，按18:00）
	// 5 报送三季度固定资产投资数据 | 区统计局 | 王芳 | 2026-12-20 17:30
	// 6 完成用地预审 | 区自然资源局 | 张伟 | 2026-12-31（日期，按18:00）
	// 7 完成环评批复 | 区生态环境分局 | 赵敏 | 2027年3月底前
	// 8  | 区发改局 | 李娜 | 12月31日前
}
