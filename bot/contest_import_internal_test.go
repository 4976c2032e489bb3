package bot

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/models"
)

// taskBookContest is the contest the 任务书 tests read against.
func taskBookContest() *models.Contest {
	return &models.Contest{Name: "项目建设擂台赛",
		Units: []models.ContestUnit{{UnitName: "投资促进局"}, {UnitName: "住建局"}, {UnitName: "发改局"}},
		Indicators: []models.ContestIndicator{{ID: 1, Name: "固定资产投资", Measure: "亿元"}, {ID: 2, Name: "新开工项目", Measure: "个"},
			{ID: 3, Name: "单位能耗", Measure: "吨标煤"}}}
}

func TestReadTaskBook(t *testing.T) {
	rows := [][]any{
		{"2026年项目建设擂台赛任务书"},
		{"序号", "单位", "固定资产投资（亿元）", "新开工项目（个）", "单位能耗", "备注"},
		{1, "住建局", 80, 10, 0.6, ""},
		{2, "发改局", 50, "约12个", 0.4, "新开工待定"},
		{3, "教育局", 5, 1, 0.3, ""},
		{4, "投资促进局", "1,200.5", "—", 0.5, ""},
		{"", "合计", 1330.5, 11, "", ""},
	}
	ct := taskBookContest()
	tb, err := readTaskBook(ct, taskBookFile(t, rows), "任务书.xlsx", 2026)
	if err != nil {
		t.Fatal(err)
	}
	want := []models.TargetValue{{Unit: "住建局", IndicatorID: 1, Value: 80}, {Unit: "住建局", IndicatorID: 2, Value: 10},
		{Unit: "住建局", IndicatorID: 3, Value: 0.6}, {Unit: "发改局", IndicatorID: 1, Value: 50}, {Unit: "发改局", IndicatorID: 3, Value: 0.4},
		{Unit: "投资促进局", IndicatorID: 1, Value: 1200.5}, {Unit: "投资促进局", IndicatorID: 3, Value: 0.5}}
	if len(tb.Targets) != len(want) {
		t.Fatalf("targets %+v", tb.Targets)
	}
	for i := range want {
		if tb.Targets[i] != want[i] {
			t.Errorf("target %d = %+v, want %+v", i, tb.Targets[i], want[i])
		}
	}
	problems := strings.Join(tb.Problems, "\n")
	for _, p := range []string{"约12个", "第5行：「教育局」不是参赛单位"} {
		if !strings.Contains(problems, p) {
			t.Errorf("problems lack %q:\n%s", p, problems)
		}
	}
	if len(tb.Problems) != 2 {
		t.Errorf("problems:\n%s", problems)
	}
	preview := taskBookPreview(ct, tb, "任务书.xlsx")
	for _, w := range []string{"将设置 7 项年度目标", "投资促进局 固定资产投资 1,200.5亿元", "以下 2 处未导入"} {
		if !strings.Contains(preview, w) {
			t.Errorf("preview lacks %q:\n%s", w, preview)
		}
	}
}

func TestReadTaskBookCSVAndUnreadable(t *testing.T) {
	ct := taskBookContest()
	csv := "单位,固定资产投资,其他指标\n住建局,80,3\n"
	tb, err := readTaskBook(ct, []byte(csv), "任务书.csv", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Targets) != 1 || len(tb.Problems) != 1 || !strings.Contains(tb.Problems[0], "「其他指标」不是擂台赛「项目建设擂台赛」的指标") {
		t.Errorf("csv: %+v", tb)
	}
	_, err = readTaskBook(ct, []byte("PK\x03\x04 not a workbook"), "任务书.xlsx", 2026)
	if zh, _, ok := taskBookError(err); !ok || !strings.Contains(zh, "任务书读取失败") {
		t.Errorf("unreadable file: %v", err)
	}
}

// taskBookFile is an .xlsx whose first sheet holds rows.
func taskBookFile(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TaskBookFile lets the end-to-end tests (package bot_test) build a 任务书.
var TaskBookFile = taskBookFile

// A preview with nothing to import does not invite the leader to confirm:
// it has no buttons, and its last line says nothing was saved.
func TestTaskBookPreviewWithoutTargets(t *testing.T) {
	ct := taskBookContest()
	empty := taskBookPreview(ct, &taskBook{Year: 2026, Problems: []string{"第2行的「教育局」不是参赛单位"}}, "任务书.xlsx")
	if strings.Contains(empty, "确认后") {
		t.Errorf("a preview of no targets asks for confirmation:\n%s", empty)
	}
	full := taskBookPreview(ct, &taskBook{Year: 2026, Targets: []models.TargetValue{{Unit: "住建局", IndicatorID: 1, Value: 80}}}, "任务书.xlsx")
	if !strings.Contains(full, "确认后一次性保存") {
		t.Errorf("a preview of targets does not say what confirming does:\n%s", full)
	}
}

// Figures are read as people type them, full-width digits of a Chinese
// input method included (as the 任务书's cells are); anything else is
// refused.
func TestParseFigure(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"8.6", 8.6, true},
		{"1,234.5", 1234.5, true},
		{"１２", 12, true},
		{"１，２３４．５", 1234.5, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"－１", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1e400", 0, false},
		{"12个", 0, false},
		{"1e13", 1e13, false}, // too large, and how large it is
	} {
		got, ok := parseFigure(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parseFigure(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
