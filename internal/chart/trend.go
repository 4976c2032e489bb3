package chart

import (
	"image"
	"math"
	"strconv"
)

// Trend chart layout, in pixels.
const (
	trHeight   = 780
	trTitleH   = 130
	trPlotX0   = 124
	trPlotX1   = Width - 56
	trPlotY0   = trTitleH + lbTitleRuleH + 84
	trPlotY1   = trHeight - 160
	trBarMaxW  = 84
	trLineW    = 4
	trPointR   = 9
	trNoteY    = trHeight - 36
	trLabelGap = 14
)

// Trend chart text styles.
var (
	trTitleStyle = style{size: 44, bold: true, col: colTitle}
	trAxisStyle  = style{size: 26, col: colMuted}
	trMonthStyle = style{size: 28, col: colText}
	trYearStyle  = style{size: 22, col: colMuted}
	trPointStyle = style{size: 26, bold: true, col: colPointLabel}
	trGapStyle   = style{size: 24, col: colFaint}
	trEmptyStyle = style{size: 40, col: colMuted}
	trNoteStyle  = style{size: 24, col: colFaint}
)

// RenderTrend draws the monthly on-time rate as a PNG 1080×780: a dark red
// title bar, a 0–100% axis with grid lines every 20%, a bar per month with a
// line through the tops, each point labelled with its percentage, and the
// month labels under the axis, each with its year under it when given
// (thinned out when crowded). Months without data
// are gaps: no bar, a break in the line and a faint "无数据". Only the last
// MaxTrendPoints points are drawn; with no data at all the chart says 暂无数据.
func RenderTrend(title string, points []TrendPoint) ([]byte, error) {
	return encodeDrawn(drawTrend(title, points))
}

// drawTrend draws the picture RenderTrend encodes.
func drawTrend(title string, points []TrendPoint) (*image.RGBA, error) {
	c, err := newCanvas()
	if err != nil {
		return nil, err
	}
	if len(points) > MaxTrendPoints {
		points = points[len(points)-MaxTrendPoints:]
	}
	c.start(Width, trHeight, colBackground)

	// Title bar.
	c.fillRect(image.Rect(0, 0, Width, trTitleH), colTitleBar)
	c.fillRect(image.Rect(0, trTitleH, Width, trTitleH+lbTitleRuleH), colTitleRule)
	c.textCentered(Width/2, trTitleH/2, c.truncate(title, trTitleStyle, Width-2*lbMargin), trTitleStyle)

	// Axis and grid.
	yOf := func(rate float64) float64 { return trPlotY1 - clamp01(rate)*(trPlotY1-trPlotY0) }
	for pct := 0; pct <= 100; pct += 20 {
		y := yOf(float64(pct) / 100)
		col, w := colRule, 2.0
		if pct == 0 {
			col, w = colAxis, 3
		}
		c.line(trPlotX0, y, trPlotX1, y, w, col)
		c.textRight(trPlotX0-16, y, strconv.Itoa(pct)+"%", trAxisStyle)
	}

	n, withData := len(points), 0
	for _, p := range points {
		if p.HasRate {
			withData++
		}
	}
	if withData == 0 {
		c.textCentered((trPlotX0+trPlotX1)/2, (trPlotY0+trPlotY1)/2, "暂无数据", trEmptyStyle)
	}
	if n == 0 {
		return c.img, nil
	}

	slot := float64(trPlotX1-trPlotX0) / float64(n)
	xOf := func(i int) float64 { return trPlotX0 + slot*(float64(i)+0.5) }
	barW := math.Min(slot*0.56, trBarMaxW)

	// Bars, clipped at the axis.
	for i, p := range points {
		if !p.HasRate || clamp01(p.Rate) == 0 {
			continue
		}
		x := xOf(i)
		c.fillRoundRect(x-barW/2, yOf(p.Rate), x+barW/2, trPlotY1+10, math.Min(8, barW/4), colBar)
	}
	c.fillRect(image.Rect(trPlotX0-2, trPlotY1+2, trPlotX1+2, trPlotY1+12), colBackground)
	c.line(trPlotX0, trPlotY1, trPlotX1, trPlotY1, 3, colAxis)

	// The line, broken at the gaps, then the points over it.
	for i := 1; i < n; i++ {
		if points[i-1].HasRate && points[i].HasRate {
			c.line(xOf(i-1), yOf(points[i-1].Rate), xOf(i), yOf(points[i].Rate), trLineW, colLine)
		}
	}
	pointR := math.Min(trPointR, math.Max(slot/4, 5))
	for i, p := range points {
		if p.HasRate {
			c.fillCircle(xOf(i), yOf(p.Rate), pointR, colLine)
			c.fillCircle(xOf(i), yOf(p.Rate), pointR*0.55, colBackground)
		}
	}

	// Percentages over the points, month labels under the axis, both thinned
	// out to every k-th (always keeping the last) when they do not fit.
	pointStyle := trPointStyle
	if c.measure("100%", pointStyle)+8 > slot {
		pointStyle.size = 22
	}
	labelled := pointLabels(points, every(c.measure("100%", pointStyle)+8, slot))
	gapLabel, gapStyle := "无数据", trGapStyle
	if c.measure(gapLabel, gapStyle)+4 > slot {
		gapStyle.size = 20
	}
	if c.measure(gapLabel, gapStyle)+4 > slot {
		gapLabel = "—"
	}
	var widest float64
	for _, p := range points {
		widest = math.Max(widest, math.Max(c.measure(p.Label, trMonthStyle), c.measure(p.Sub, trYearStyle)))
	}
	mk := every(widest+trLabelGap, slot)
	for i, p := range points {
		x := xOf(i)
		if p.HasRate && labelled[i] {
			// Above the point, or below it where the line comes down to it
			// from both sides and would cross the label.
			dy := -(pointR + 22)
			if lowest(points, i) && clamp01(p.Rate) >= 0.15 {
				dy = pointR + 22
			}
			c.textCentered(x, yOf(p.Rate)+dy, Percent(p.Rate), pointStyle)
		}
		if !p.HasRate && withData > 0 {
			c.textCentered(x, trPlotY1-26, gapLabel, gapStyle)
		}
		if (n-1-i)%mk == 0 {
			room := math.Max(slot*float64(mk)-trLabelGap, 0)
			c.textCentered(x, trPlotY1+40, c.truncate(p.Label, trMonthStyle, room), trMonthStyle)
			if p.Sub != "" {
				c.textCentered(x, trPlotY1+74, c.truncate(p.Sub, trYearStyle, room), trYearStyle)
			}
		}
	}
	if withData > 0 && withData < n {
		c.textCentered(Width/2, trNoteY, "空白的月份没有已结的任务", trNoteStyle)
	}
	return c.img, nil
}

// pointLabels picks the points whose percentage is shown: all of them when
// a label fits in a slot (k == 1), else the latest, the highest and the lowest,
// each at least k slots from the others.
func pointLabels(points []TrendPoint, k int) map[int]bool {
	labelled := map[int]bool{}
	if k <= 1 {
		for i, p := range points {
			labelled[i] = p.HasRate
		}
		return labelled
	}
	last, hi, lo := -1, -1, -1
	for i, p := range points {
		if !p.HasRate {
			continue
		}
		last = i
		if hi < 0 || p.Rate > points[hi].Rate {
			hi = i
		}
		if lo < 0 || p.Rate < points[lo].Rate {
			lo = i
		}
	}
	for _, i := range []int{last, hi, lo} {
		if i < 0 {
			continue
		}
		free := true
		for j := range labelled {
			if j-i < k && i-j < k {
				free = false
			}
		}
		if free {
			labelled[i] = true
		}
	}
	return labelled
}

// lowest reports whether point i is below each neighbour that has data,
// and has at least one.
func lowest(points []TrendPoint, i int) bool {
	found := false
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(points) || !points[j].HasRate {
			continue
		}
		if clamp01(points[j].Rate) <= clamp01(points[i].Rate) {
			return false
		}
		found = true
	}
	return found
}

// every is how many slots a label of width w needs: 1 when it fits in one.
func every(w, slot float64) int {
	if slot <= 0 {
		return 1
	}
	return max(1, int(math.Ceil(w/slot)))
}
