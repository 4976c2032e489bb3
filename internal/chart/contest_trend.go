package chart

import (
	"image"
	"image/color"
	"math"
	"strconv"
)

// ScoreSeries is one unit's score per period in a contest's trend.
type ScoreSeries struct {
	Name   string
	Scores []float64 // 0..150, one per label
	Has    []bool    // false: no standing that period (a gap)
}

// seriesColours tell the units' lines apart; they repeat after eight.
var seriesColours = []color.RGBA{
	rgb(0x8E1B1B), rgb(0x2F6DB5), rgb(0x2F7D5B), rgb(0xC98418),
	rgb(0x6D3FA0), rgb(0x1F8A95), rgb(0xB8322E), rgb(0x5E5850),
}

// Contest trend layout: the trend chart's plot with a legend under it.
const (
	ctLegendRowH = 40
	ctLegendCols = 3
)

// RenderContestTrend draws each unit's contest score per period as a line
// chart, PNG 1080 wide: the trend chart's title bar, a 0–150 axis, one
// coloured line per unit (gaps where it has no score) and a legend.
func RenderContestTrend(title string, labels []string, series []ScoreSeries) ([]byte, error) {
	c, err := newCanvas()
	if err != nil {
		return nil, err
	}
	legendRows := (len(series) + ctLegendCols - 1) / ctLegendCols
	h := trHeight + legendRows*ctLegendRowH
	c.start(Width, h, colBackground)
	c.fillRect(image.Rect(0, 0, Width, trTitleH), colTitleBar)
	c.fillRect(image.Rect(0, trTitleH, Width, trTitleH+lbTitleRuleH), colTitleRule)
	c.textCentered(Width/2, trTitleH/2, c.truncate(title, trTitleStyle, Width-2*lbMargin), trTitleStyle)

	const top = 150.0
	yOf := func(v float64) float64 { return trPlotY1 - math.Min(math.Max(v, 0), top)/top*(trPlotY1-trPlotY0) }
	for v := 0; v <= int(top); v += 30 {
		col, w := colRule, 2.0
		if v == 0 {
			col, w = colAxis, 3
		}
		c.line(trPlotX0, yOf(float64(v)), trPlotX1, yOf(float64(v)), w, col)
		c.textRight(trPlotX0-16, yOf(float64(v)), strconv.Itoa(v), trAxisStyle)
	}
	n := len(labels)
	if n == 0 || len(series) == 0 {
		c.textCentered((trPlotX0+trPlotX1)/2, (trPlotY0+trPlotY1)/2, "暂无数据", trEmptyStyle)
	}
	if n > 0 {
		slot := float64(trPlotX1-trPlotX0) / float64(n)
		xOf := func(i int) float64 { return trPlotX0 + slot*(float64(i)+0.5) }
		k := every(c.measure("12月", trMonthStyle)+trLabelGap, slot)
		for i, l := range labels {
			if (n-1-i)%k == 0 {
				c.textCentered(xOf(i), trPlotY1+40, c.truncate(l, trMonthStyle, slot*float64(k)), trMonthStyle)
			}
		}
		for si, s := range series {
			col := seriesColours[si%len(seriesColours)]
			for i := 1; i < n && i < len(s.Scores); i++ {
				if s.Has[i-1] && s.Has[i] {
					c.line(xOf(i-1), yOf(s.Scores[i-1]), xOf(i), yOf(s.Scores[i]), trLineW, col)
				}
			}
			for i := 0; i < n && i < len(s.Scores); i++ {
				if s.Has[i] {
					c.fillCircle(xOf(i), yOf(s.Scores[i]), 7, col)
				}
			}
		}
	}
	// Legend: a swatch and the unit's name, three to a row.
	colW := float64(Width-2*lbMargin) / ctLegendCols
	for si, s := range series {
		x := lbMargin + float64(si%ctLegendCols)*colW
		y := float64(trHeight-70) + float64(si/ctLegendCols)*ctLegendRowH
		col := seriesColours[si%len(seriesColours)]
		c.fillRoundRect(x, y-6, x+36, y+6, 6, col)
		c.text(x+48, baseline(y, trYearStyle.size), c.truncate(s.Name, trMonthStyle, colW-60), trMonthStyle)
	}
	return encodePNG(c.img)
}
