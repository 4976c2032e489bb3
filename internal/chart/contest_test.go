package chart

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"
)

// sampleContest is a contest's standings of n units and k indicators.
func sampleContest(n, k int) ContestBoard {
	b := ContestBoard{Title: "项目建设擂台赛 · 成绩单", Subtitle: "2026年11月 · 序时进度 91.5%", Progress: 334.0 / 365,
		Footer: "计分：完成率＝本年累计÷年度目标，封顶150%；得分＝Σ(权重×完成率)÷Σ权重×100。"}
	for j := range k {
		b.Indicators = append(b.Indicators, fmt.Sprintf("指标%d", j+1))
	}
	for i := range n {
		r := ContestRow{Rank: i + 1, Name: sampleUnits[i%len(sampleUnits)], Score: 150 - float64(i)*1.5}
		for j := range k {
			c := float64((i*7+j*13)%160) / 100
			r.Cells = append(r.Cells, ContestCell{Completion: c, Reported: (i+j)%9 != 0, Behind: c < b.Progress})
		}
		switch {
		case i == 0:
			r.Flag = Red
		case i == n-1:
			r.Flag = Yellow
		}
		b.Rows = append(b.Rows, r)
	}
	return b
}

// TestContestPicture: the bars are drawn, the 序时进度 line crosses each
// one at its place, and a large contest stays within what Telegram shows.
func TestContestPicture(t *testing.T) {
	b := sampleContest(3, 3)
	png, err := RenderContest(b)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, png, Width)
	rowH := contestRowH(3)
	if h := img.Bounds().Dy(); h < lbTitleSubH+3*rowH {
		t.Fatalf("height %d for three units", h)
	}
	// The 序时进度 line is dark on the first unit's first bar.
	y := lbTitleSubH + lbTitleRuleH + cbLegendH + cbRowHead + cbCellH/2
	x := int(cbBarX0 + b.Progress/cbScaleLimit*(cbBarX1-cbBarX0))
	if c := img.RGBAAt(x, y); c != colText {
		t.Errorf("序时进度 line at (%d,%d) is %v, want %v", x, y, c, colText)
	}
	if n, _ := colours(img, image.Rect(cbBarX0, y-8, cbBarX1, y+8), colBackground); n < 3 {
		t.Errorf("the first bar has %d colours", n)
	}

	big, err := RenderContest(sampleContest(100, 10))
	if err != nil {
		t.Fatal(err)
	}
	if img := decode(t, big, Width); img.Bounds().Dy() > cbMaxHeight+400 {
		t.Errorf("100 units × 10 indicators: %v, taller than Telegram shows legibly", img.Bounds())
	}
}

func TestContestTrendPicture(t *testing.T) {
	s := []ScoreSeries{{Name: "投资促进局", Scores: []float64{80, 92.3}, Has: []bool{true, true}},
		{Name: "住建局", Scores: []float64{0, 92}, Has: []bool{false, true}}}
	png, err := RenderContestTrend("项目建设擂台赛 · 2026年得分趋势", []string{"10月", "11月"}, s)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, png, Width)
	if n, _ := colours(img, image.Rect(trPlotX0, trPlotY0, trPlotX1, trPlotY1), colBackground); n < 4 {
		t.Errorf("the plot has %d colours", n)
	}
	if dir := os.Getenv("CHART_SAMPLES"); dir != "" {
		for name, data := range map[string][]byte{"contest-trend.png": png} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for name, b := range map[string]ContestBoard{"contest.png": sampleContest(6, 3), "contest100.png": sampleContest(100, 10)} {
			data, err := RenderContest(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// BenchmarkRenderContest draws the standings of 100 units × 10 indicators
// (the picture shows the first rows Telegram has room for).
func BenchmarkRenderContest(b *testing.B) {
	board := sampleContest(100, 10)
	for b.Loop() {
		if _, err := RenderContest(board); err != nil {
			b.Fatal(err)
		}
	}
}
