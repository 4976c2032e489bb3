package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
)

// ContestBoard is a contest's standings (擂台赛成绩单) to draw: one band per
// unit with its score and a 进度条 per indicator, a vertical line across
// the bars at 序时进度.
type ContestBoard struct {
	Title      string // e.g. "项目建设擂台赛 · 成绩单"
	Subtitle   string // the period, e.g. "2026年11月 · 序时进度 91.5%"
	Progress   float64
	Indicators []string // names, in the order of each row's cells
	Rows       []ContestRow
	Footer     string // the formula, wrapped to the width
}

// ContestRow is one unit's band.
type ContestRow struct {
	Rank    int
	Name    string
	Score   float64 // 0..150
	Flag    Flag
	Missing bool // 未填报 some indicator
	Cells   []ContestCell
}

// ContestCell is a unit's completion on one indicator.
type ContestCell struct {
	Completion float64 // 0..1.5
	Text       string  // as the standings' text writes it; "" draws a percentage
	Reported   bool
	Behind     bool // below 序时进度 (drawn as 落后)
}

// Contest board layout, in pixels.
const (
	cbRowHead = 64 // the unit's line
	cbCellH   = 40 // one indicator's bar line
	cbRowPad  = 16
	cbNameX   = 134
	cbLabelX1 = 360 // indicator names end here
	cbBarX0   = 376
	cbBarX1   = 856
	cbPctX    = 968 // right edge of the percentage
	cbBehindX = 1010
	cbLegendH = 56
	cbMaxRows = 60
	// cbMaxHeight keeps the picture legible: Telegram scales a photo down
	// to 2560 pixels on its long side, and allows 10,000 of width and
	// height together.
	cbMaxHeight = 4200
	// Beyond cbOneColumn indicators the bars stand in two columns.
	cbOneColumn  = 4
	cbScaleLimit = 1.5 // the bar's full width is the completion cap
)

var (
	cbNameStyle   = style{size: 34, bold: true, col: colText}
	cbScoreStyle  = style{size: 36, bold: true, col: colText}
	cbLabelStyle  = style{size: 24, col: colMuted}
	cbPctStyle    = style{size: 24, bold: true}
	cbBehindStyle = style{size: 22, bold: true, col: colPoor}
	cbLegendStyle = style{size: 24, col: colMuted}
)

// RenderContest renders the standings as a PNG 1080 pixels wide. The bars
// run from 0 to 150% (the cap), with a faint mark at 100% and a dark line
// at 序时进度; a cell not reported is an empty track marked 未填报.
func RenderContest(b ContestBoard) ([]byte, error) {
	return encodeDrawn(drawContest(b))
}

func drawContest(b ContestBoard) (*image.RGBA, error) {
	c, err := newCanvas()
	if err != nil {
		return nil, err
	}
	rowH := contestRowH(len(b.Indicators))
	// Rows beyond the height the picture may have are summed up in one
	// line (the text lists them all).
	limit := max(1, min(cbMaxRows, (cbMaxHeight-lbTitleSubH-cbLegendH-lbMoreH-600)/rowH))
	rows, more := b.Rows, 0
	if len(rows) > limit {
		rows, more = rows[:limit], len(rows)-limit
	}
	footer := c.footerLines(b.Footer)
	h := lbTitleSubH + lbTitleRuleH + cbLegendH + len(rows)*rowH + footerHeight(footer) + lbBottomPad
	if len(rows) == 0 {
		h += lbEmptyH
	}
	if more > 0 {
		h += lbMoreH
	}
	c.start(Width, h, colBackground)
	y := c.titleBar(b.Title, b.Subtitle)

	// Legend: what the marks on the bars mean.
	c.fillRect(image.Rect(0, y, Width, y+cbLegendH), colHeaderBar)
	cy := float64(y) + cbLegendH/2
	x := c.text(lbMargin, baseline(cy, cbLegendStyle.size), "进度条满格为150%，", cbLegendStyle)
	c.line(x+8, cy-14, x+8, cy+14, 4, colText)
	x = c.text(x+20, baseline(cy, cbLegendStyle.size), "序时进度 "+pct1(b.Progress)+"，", cbLegendStyle)
	c.line(x+8, cy-14, x+8, cy+14, 2, colFaint)
	c.text(x+20, baseline(cy, cbLegendStyle.size), "100%", cbLegendStyle)
	y += cbLegendH

	if len(rows) == 0 {
		c.textCentered(Width/2, float64(y+lbEmptyH/2), "还没有参赛单位", lbEmptyStyle)
		y += lbEmptyH
	}
	for i, r := range rows {
		if i%2 == 1 { // the picture starts in colBackground
			c.fillRect(image.Rect(0, y, Width, y+rowH), colRowAlt)
		}
		c.contestRow(y, rowH, r, b)
		y += rowH
	}
	if more > 0 {
		y = c.moreLine(y, fmt.Sprintf("…另有%d个单位", more))
	}
	c.drawFooter(y, footer)
	return c.img, nil
}

// contestRow draws a unit's band: rank, name, flag and score on top, then
// a bar per indicator.
func (c *canvas) contestRow(y, rowH int, r ContestRow, b ContestBoard) {
	switch r.Flag {
	case Red:
		c.fillRect(image.Rect(0, y, 8, y+rowH), colRedFlag)
	case Yellow:
		c.fillRect(image.Rect(0, y, 8, y+rowH), colYellowFlag)
	}
	head := float64(y) + cbRowHead/2 + 4
	rank := strconv.Itoa(r.Rank)
	if r.Rank <= 3 {
		c.fillCircle(lbRankX, head, 27, colRankTop)
		c.textCentered(lbRankX, head, rank, lbRankTopStyle)
	} else {
		c.textCentered(lbRankX, head, rank, lbRankStyle)
	}
	nameMax := float64(cbPctX - 220 - cbNameX)
	x := c.text(cbNameX, baseline(head, cbNameStyle.size), c.truncate(r.Name, cbNameStyle, nameMax), cbNameStyle)
	if r.Missing {
		st := cbBehindStyle
		st.col = colMuted
		c.text(x+14, baseline(head, st.size), "未填报", st)
	}
	switch r.Flag {
	case Red:
		c.pennant(cbPctX-170, head, colRedFlag, colRedFlag)
	case Yellow:
		c.pennant(cbPctX-170, head, colYellowFlag, colYellowEdge)
	}
	c.textRight(Width-lbMargin, head, strconv.FormatFloat(r.Score, 'f', 1, 64)+"分", cbScoreStyle)

	for j, name := range b.Indicators {
		if j >= len(r.Cells) {
			break
		}
		l := cellLayout(j, len(b.Indicators))
		cy := float64(y+cbRowHead) + float64(l.line)*cbCellH + cbCellH/2
		c.contestCell(l, cy, name, r.Cells[j], b.Progress)
	}
}

// contestRowH is the height of a unit's band with k indicators.
func contestRowH(k int) int {
	if k > cbOneColumn {
		k = (k + 1) / 2
	}
	return cbRowHead + k*cbCellH + cbRowPad
}

// cellPlace is where an indicator's line is drawn in a unit's band.
type cellPlace struct {
	line                          int // line in the band
	labelX, labelX1, barX0, barX1 float64
	pctX, behindX                 float64
}

// cellLayout places indicator j of k: one column of long bars, or for
// many indicators two columns of shorter ones.
func cellLayout(j, k int) cellPlace {
	if k <= cbOneColumn {
		return cellPlace{line: j, labelX: cbNameX, labelX1: cbLabelX1, barX0: cbBarX0, barX1: cbBarX1,
			pctX: cbPctX, behindX: cbBehindX - 26}
	}
	colW := float64(Width-lbMargin-cbNameX) / 2
	x := cbNameX + float64(j%2)*colW
	return cellPlace{line: j / 2, labelX: x, labelX1: x + 120, barX0: x + 128, barX1: x + colW - 150,
		pctX: x + colW - 58, behindX: x + colW - 52}
}

// contestCell draws one indicator's line: its name, the 进度条 with marks
// at 100% and at 序时进度, the percentage and 落后.
func (c *canvas) contestCell(l cellPlace, cy float64, name string, cell ContestCell, progress float64) {
	xOf := func(v float64) float64 {
		return l.barX0 + math.Min(math.Max(v, 0), cbScaleLimit)/cbScaleLimit*(l.barX1-l.barX0)
	}
	c.text(l.labelX, baseline(cy, cbLabelStyle.size), c.truncate(name, cbLabelStyle, l.labelX1-l.labelX), cbLabelStyle)
	c.fillRoundRect(l.barX0, cy-9, l.barX1, cy+9, 9, colTrack)
	col := progressColour(cell, progress)
	if cell.Reported && cell.Completion > 0 {
		c.fillRoundRect(l.barX0, cy-9, math.Max(xOf(cell.Completion), l.barX0+18), cy+9, 9, col)
	}
	c.line(xOf(1), cy-13, xOf(1), cy+13, 2, colFaint)
	c.line(xOf(progress), cy-16, xOf(progress), cy+16, 4, colText)
	text, st := cell.Text, cbPctStyle
	st.col = col
	if text == "" {
		text = pct1(cell.Completion)
	}
	if !cell.Reported {
		text, st.col = "未填报", colFaint
	}
	c.textRight(l.pctX, cy, text, st)
	if cell.Behind {
		c.text(l.behindX, baseline(cy, cbBehindStyle.size), "落后", cbBehindStyle)
	}
}

// progressColour is green at or above 序时进度, amber within ten points
// below it, red further behind.
func progressColour(cell ContestCell, progress float64) color.RGBA {
	switch {
	case !cell.Reported:
		return colFaint
	case cell.Completion >= progress:
		return colGood
	case cell.Completion >= progress-0.1:
		return colFair
	}
	return colPoor
}

// pct1 writes a rate as a percentage with one decimal.
func pct1(rate float64) string {
	return strconv.FormatFloat(math.Round(rate*1000)/10, 'f', 1, 64) + "%"
}
