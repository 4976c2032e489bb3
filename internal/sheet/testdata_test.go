package sheet_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the files of testdata/")

// TestWriteTestdata writes testdata/ with -update; the files are committed,
// so that the tests read the same bytes everywhere.
func TestWriteTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/")
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ledger-12rows.xlsx", xlsx(t, ledger12, func(f *excelize.File) {
		merge(t, f, "A1", "H1")
		numFmt(t, f, "F4", "F4", "yyyy/m/d")
		numFmt(t, f, "F5", "F5", `yyyy"年"m"月"d"日" hh:mm`)
	}))
	write("ledger-gbk.csv", gbk(t, gbkLedger))
	write("targets.xlsx", xlsx(t, targets, func(f *excelize.File) {
		merge(t, f, "A1", "F1")
		merge(t, f, "A7", "B7")
	}))
}

// ledger12 is a 台账 of 12 tasks under a title and a line of who filled it
// in. Row 8 has no task and row 12 a deadline nobody can read.
var ledger12 = [][]any{
	{"2026年重点项目推进台账"},
	{"填报单位：区发改局", nil, nil, nil, nil, "更新日期：2026年11月20日"},
	{"序号", "工作任务", "责任单位", "责任人", "配合人", "完成时限", "清单", "备注"},
	{1, "完成项目签约仪式筹备", "区投促局", "@zhangwei", nil, time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), "2026年重点项目清单"},
	{2, "报送三季度固定资产投资数据", "区统计局", "王芳", nil, time.Date(2026, 12, 20, 17, 30, 0, 0, time.UTC)},
	{3, "完成用地预审", "区自然资源局", "张伟", "@lina 王芳", 46387, "2026年重点项目清单"},
	{4, "完成环评批复", "区生态环境分局", "赵敏", nil, "2027年3月底前"},
	{5, nil, "区发改局", "李娜", nil, "12月31日前", nil, "任务内容待补充"},
	{6, "开工建设", "区住建局", "@zhangwei", nil, "下周五前"},
	{7, "协调解决企业用工问题", "区人社局", "王芳", nil, "12月25日前"},
	{8, "组织项目观摩", "区发改局", "李娜", "张伟、王芳", "2026-12-28"},
	{9, "推进二期工程", "区住建局", "张伟", nil, "待定"},
	{10, "完成可研报告", "区发改局", "李娜", nil, "2027/1/15"},
	{11, "申报专项债券", "区财政局", "赵敏", nil, "1月20日"},
	{12, "整理项目档案", "区档案馆", "王芳", "张伟", "12月30日下午3点"},
}

// gbkLedger is a small 台账 as a CSV, with Windows line ends.
var gbkLedger = strings.ReplaceAll(`任务,牵头单位,主办,协办,截止时间,备注
完成项目签约仪式筹备,区投促局,@zhangwei,,2026/12/15,
报送三季度统计数据,区统计局,王芳,李娜,12月31日前,"含规上工业、
固定资产投资"
完成用地预审,区自然资源局,张伟,,2027年3月底前,
组织项目观摩,区发改局,李娜,"张伟,王芳",2026-12-28 15:00,
整理项目档案,区档案馆,@zhaomin,,12月30日下午3点,
`, "\n", "\r\n")

// targets is issue 15's 任务书: units down the side, indicators across the
// top, a 合计 row, and one figure that is no number.
var targets = [][]any{
	{"2026年项目建设擂台赛任务书"},
	{"序号", "单位", "固定资产投资（亿元）", "新开工项目（个）", "单位能耗（吨标煤/万元）", "备注"},
	{1, "高新区", 120, 15, 0.45},
	{2, "经开区", 98.5, 12, 0.52},
	{3, "城东区", "约80", 9, 0.6, "含续建项目"},
	{4, "城西区", "65.3", "—", 0.58},
	{"合计", nil, 363.8, 36},
}
