package chart

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"strings"
)

// Leaderboard layout, in pixels of the 1080-wide picture.
const (
	lbMargin         = 40
	lbTitleH         = 150 // title bar without a subtitle
	lbTitleSubH      = 204 // with one
	lbTitleRuleH     = 6
	lbHeaderH        = 64
	lbRowH           = 124
	lbMoreH          = 84
	lbEmptyH         = 300
	lbFooterPad      = 28
	lbFooterLineH    = 40
	lbFooterMaxLines = 12
	lbBottomPad      = 12
	lbRankX          = 72  // centre of the rank column
	lbNameX0         = 134 // name and counts
	lbNameX1         = 628
	lbCountGap       = 22
	lbRateX0         = 648 // rate text and bar
	lbRateX1         = 850
	lbScoreX         = 914 // centre of the score column
	lbFlagX          = 1016
	lbUnitGap        = 14
	lbUnitMinShown   = 60 // a unit with less room than this is left out
)

// Leaderboard text styles.
var (
	lbTitleStyle    = style{size: 48, bold: true, col: colTitle}
	lbSubtitleStyle = style{size: 32, col: colSubtitle}
	lbHeaderStyle   = style{size: 26, col: colHeaderText}
	lbRankTopStyle  = style{size: 32, bold: true, col: colTitle}
	lbRankStyle     = style{size: 34, bold: true, col: colRankOther}
	lbNameStyle     = style{size: 38, bold: true, col: colText}
	lbUnitStyle     = style{size: 27, col: colMuted}
	lbCountStyle    = style{size: 25, col: colMuted}
	lbRateStyle     = style{size: 32, bold: true}
	lbScoreStyle    = style{size: 44, bold: true, col: colText}
	lbFlagStyle     = style{size: 24, bold: true}
	lbMoreStyle     = style{size: 30, col: colMuted}
	lbEmptyStyle    = style{size: 40, col: colMuted}
	lbFooterStyle   = style{size: 26, col: colMuted}
)

// RenderLeaderboard renders the board as a PNG 1080 pixels wide, as tall as
// its rows need: a dark red title bar with the title and the period, a
// header, one row per entry (at most MaxRows, then a "…另有N名" line) with
// rank, name and unit, the task counts, the on-time rate as a percentage and
// a bar, the score and a drawn red or yellow pennant, in alternating shades,
// and the footer wrapped to the width. A board without rows says
// 本期没有到期的任务. Names too long for their column end in "…"; characters
// outside the embedded font are drawn as its missing-glyph box.
func RenderLeaderboard(lb Leaderboard) ([]byte, error) {
	return encodeDrawn(drawLeaderboard(lb))
}

// drawLeaderboard draws the picture RenderLeaderboard encodes.
func drawLeaderboard(lb Leaderboard) (*image.RGBA, error) {
	c, err := newCanvas()
	if err != nil {
		return nil, err
	}
	rows, more := lb.Rows, 0
	if len(rows) > MaxRows {
		rows, more = rows[:MaxRows], len(rows)-MaxRows
	}
	footer := c.footerLines(lb.Footer)

	titleH := lbTitleH
	if lb.Subtitle != "" {
		titleH = lbTitleSubH
	}
	h := titleH + lbTitleRuleH
	if len(rows) == 0 {
		h += lbEmptyH
	} else {
		h += lbHeaderH + len(rows)*lbRowH
	}
	if more > 0 {
		h += lbMoreH
	}
	h += footerHeight(footer) + lbBottomPad
	c.start(Width, h, colBackground)
	y := c.titleBar(lb.Title, lb.Subtitle)

	if len(rows) == 0 {
		c.textCentered(Width/2, float64(y+lbEmptyH/2), "本期没有到期的任务", lbEmptyStyle)
		y += lbEmptyH
	} else {
		c.leaderboardHeader(y, rows)
		y += lbHeaderH
		for i, r := range rows {
			bg := colBackground
			if i%2 == 1 {
				bg = colRowAlt
			}
			c.leaderboardRow(y, r, bg)
			y += lbRowH
		}
	}
	if more > 0 {
		y = c.moreLine(y, fmt.Sprintf("…另有%d名", more))
	}
	c.drawFooter(y, footer)
	return c.img, nil
}

// titleBar draws the dark red title bar with its rule across the top (a
// taller one with the subtitle under the title) and returns where the
// picture goes on below it.
func (c *canvas) titleBar(title, subtitle string) int {
	titleH := lbTitleH
	if subtitle != "" {
		titleH = lbTitleSubH
	}
	c.fillRect(image.Rect(0, 0, Width, titleH), colTitleBar)
	c.fillRect(image.Rect(0, titleH, Width, titleH+lbTitleRuleH), colTitleRule)
	title = c.truncate(title, lbTitleStyle, Width-2*lbMargin)
	if subtitle == "" {
		c.textCentered(Width/2, float64(titleH)/2, title, lbTitleStyle)
	} else {
		c.textCentered(Width/2, 80, title, lbTitleStyle)
		c.textCentered(Width/2, 150, c.truncate(subtitle, lbSubtitleStyle, Width-2*lbMargin), lbSubtitleStyle)
	}
	return titleH + lbTitleRuleH
}

// moreLine draws the line that sums up the rows left out ("…另有N名") at
// y, and returns where it ends.
func (c *canvas) moreLine(y int, text string) int {
	c.fillRect(image.Rect(0, y, Width, y+1), colRule)
	c.textCentered(Width/2, float64(y+lbMoreH/2), text, lbMoreStyle)
	return y + lbMoreH
}

// footerLines wraps a footer (the formula) to the width, at most
// lbFooterMaxLines lines, the last cut with "…" when it goes on.
func (c *canvas) footerLines(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	lines := c.wrap(strings.TrimSpace(text), lbFooterStyle, Width-2*lbMargin)
	if len(lines) > lbFooterMaxLines {
		last := lines[lbFooterMaxLines-1] + ellipsis
		lines = append(lines[:lbFooterMaxLines-1], c.truncate(last, lbFooterStyle, Width-2*lbMargin))
	}
	return lines
}

// footerHeight is the height the footer's lines take, with the rule above.
func footerHeight(lines []string) int {
	if len(lines) == 0 {
		return 0
	}
	return 2*lbFooterPad + len(lines)*lbFooterLineH
}

// drawFooter draws a rule and the footer's lines from y.
func (c *canvas) drawFooter(y int, lines []string) {
	if len(lines) == 0 {
		return
	}
	c.fillRect(image.Rect(lbMargin, y, Width-lbMargin, y+2), colRule)
	y += lbFooterPad
	for _, line := range lines {
		c.text(lbMargin, baseline(float64(y)+lbFooterLineH/2, lbFooterStyle.size), line, lbFooterStyle)
		y += lbFooterLineH
	}
}

// leaderboardHeader draws the column names.
func (c *canvas) leaderboardHeader(y int, rows []Row) {
	c.fillRect(image.Rect(0, y, Width, y+lbHeaderH), colHeaderBar)
	cy := float64(y) + lbHeaderH/2
	name := "名称"
	for _, r := range rows {
		if r.Unit != "" {
			name = "姓名 · 单位"
			break
		}
	}
	c.textCentered(lbRankX, cy, "排名", lbHeaderStyle)
	c.text(lbNameX0, baseline(cy, lbHeaderStyle.size), name, lbHeaderStyle)
	rate := "按期率"
	if len(rows) > 0 && rows[0].RateLabel != "" {
		rate = rows[0].RateLabel
	}
	c.textRight(lbRateX1, cy, rate, lbHeaderStyle)
	c.textCentered(lbScoreX, cy, "得分", lbHeaderStyle)
	c.textCentered(lbFlagX, cy, "旗", lbHeaderStyle)
}

// leaderboardRow draws one entry in a band lbRowH high from y.
func (c *canvas) leaderboardRow(y int, r Row, bg color.RGBA) {
	if bg != colBackground { // the picture starts in colBackground
		c.fillRect(image.Rect(0, y, Width, y+lbRowH), bg)
	}
	top := float64(y)
	mid := top + lbRowH/2
	line1 := top + 46
	line2 := top + 92
	switch r.Flag {
	case Red:
		c.fillRect(image.Rect(0, y, 8, y+lbRowH), colRedFlag)
	case Yellow:
		c.fillRect(image.Rect(0, y, 8, y+lbRowH), colYellowFlag)
	}

	// Rank: the first three in a dark red disc.
	if r.Rank > 0 {
		rank := strconv.Itoa(r.Rank)
		if r.Rank <= 3 {
			c.fillCircle(lbRankX, mid, 31, colRankTop)
			c.textCentered(lbRankX, mid, rank, lbRankTopStyle)
		} else {
			c.textCentered(lbRankX, mid, c.truncate(rank, lbRankStyle, 2*(lbNameX0-lbRankX)-20), lbRankStyle)
		}
	}

	// Name, and the unit small after it.
	avail := float64(lbNameX1 - lbNameX0)
	nameMax := avail
	if r.Unit != "" {
		unitW := c.measure(r.Unit, lbUnitStyle)
		nameMax = math.Max(avail*0.6, avail-lbUnitGap-unitW)
	}
	name := c.truncate(r.Name, lbNameStyle, nameMax)
	x := c.text(lbNameX0, baseline(line1, lbNameStyle.size), name, lbNameStyle)
	if r.Unit != "" {
		room := lbNameX1 - (x + lbUnitGap)
		if room >= lbUnitMinShown {
			c.text(x+lbUnitGap, baseline(line1, lbNameStyle.size), c.truncate(r.Unit, lbUnitStyle, room), lbUnitStyle)
		}
	}

	// Counts, the overdue ones in red.
	c.counts(line2, r)

	// On-time rate: the percentage over a bar.
	barY0, barY1 := line2-9, line2+9
	c.fillRoundRect(lbRateX0, barY0, lbRateX1, barY1, 9, colTrack)
	if r.HasRate {
		rate := clamp01(r.Rate)
		col := rateColour(rate)
		if w := rate * (lbRateX1 - lbRateX0); w > 0 {
			c.fillRoundRect(lbRateX0, barY0, lbRateX0+math.Max(w, 18), barY1, 9, col)
		}
		st := lbRateStyle
		st.col = col
		text := r.RateText
		if text == "" {
			text = Percent(rate)
		}
		c.textRight(lbRateX1, line1, text, st)
	} else {
		st := lbRateStyle
		st.col = colFaint
		c.textRight(lbRateX1, line1, "—", st)
	}

	// Score.
	c.textCentered(lbScoreX, mid, c.truncate(strconv.Itoa(r.Score), lbScoreStyle, 2*(lbFlagX-lbScoreX)-44), lbScoreStyle)

	// Flag: a pennant with its name under it.
	switch r.Flag {
	case Red:
		c.pennant(lbFlagX, line1, colRedFlag, colRedFlag)
		st := lbFlagStyle
		st.col = colRedText
		c.textCentered(lbFlagX, line2+2, "红旗", st)
	case Yellow:
		c.pennant(lbFlagX, line1, colYellowFlag, colYellowEdge)
		st := lbFlagStyle
		st.col = colYellowText
		c.textCentered(lbFlagX, line2+2, "黄旗", st)
	}
}

// CountLabels name a row's counts: due, completed on time, completed late,
// overdue and open. The ranking's text uses the same words.
var CountLabels = [4]string{"到期", "按期", "逾期办结", "逾期未办"}

// counts draws the row's task counts on the line centred on cy: muted
// labels, darker numbers (overdue ones in red), spaced out within the name
// column, or cut to fit it when the numbers are very large.
func (c *canvas) counts(cy float64, r Row) {
	items := []struct {
		label string
		n     int
	}{{CountLabels[0], r.Due}, {CountLabels[1], r.OnTime}, {CountLabels[2], r.Late}, {CountLabels[3], r.Overdue}}
	if r.Labels[0] != "" {
		for i := range items {
			items[i].label = r.Labels[i]
		}
	}
	label, num := lbCountStyle, lbCountStyle
	num.col = colCount
	maxW := float64(lbNameX1 - lbNameX0)
	var itemsW float64
	texts := make([][2]string, len(items))
	for i, it := range items {
		texts[i] = [2]string{it.label + " ", strconv.Itoa(it.n)}
		itemsW += c.measure(texts[i][0], label) + c.measure(texts[i][1], num)
	}
	gap := math.Min(lbCountGap, (maxW-itemsW)/float64(len(items)-1))
	if gap < lbCountGap/3 {
		var all []string
		for _, t := range texts {
			all = append(all, t[0]+t[1])
		}
		c.text(lbNameX0, baseline(cy, label.size), c.truncate(strings.Join(all, " "), label, maxW), label)
		return
	}
	x := float64(lbNameX0)
	for i, t := range texts {
		st := num
		if i == 3 && items[i].n > 0 { // overdue and still open
			st.col = colPoor
		}
		x = c.text(x, baseline(cy, label.size), t[0], label)
		x = c.text(x, baseline(cy, label.size), t[1], st) + gap
	}
}

// pennant draws a triangular flag on a pole whose top is near (cx, cy-26),
// centred on cx.
func (c *canvas) pennant(cx, cy float64, fill, edge color.RGBA) {
	poleX := cx - 20
	top, bottom := cy-24, cy+24
	c.fillRoundRect(poleX-2.5, top-4, poleX+2.5, bottom, 2.5, colPole)
	c.fillCircle(poleX, top-5, 4.5, colPole)
	var p path
	p.moveTo(poleX+2, top)
	p.lineTo(poleX+46, top+15)
	p.lineTo(poleX+2, top+30)
	c.fill(&p, edge)
	if edge != fill {
		var q path
		q.moveTo(poleX+3.5, top+2.8)
		q.lineTo(poleX+40.5, top+15)
		q.lineTo(poleX+3.5, top+27.2)
		c.fill(&q, fill)
	}
}

// rateColour is green from 90%, amber from 60%, red below.
func rateColour(rate float64) color.RGBA {
	switch {
	case rate >= 0.9:
		return colGood
	case rate >= 0.6:
		return colFair
	default:
		return colPoor
	}
}

// Percent formats a rate as a whole percentage, halves rounded up: 0.125 is
// "13%", 2/3 "67%". The ranking's text, its pictures and the ledger's
// format all round so, and so agree.
func Percent(rate float64) string {
	return strconv.Itoa(int(math.Round(clamp01(rate)*100))) + "%"
}

// clamp01 keeps a rate in [0, 1]; NaN is 0.
func clamp01(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	return math.Min(v, 1)
}

// lbStackGap is the band between boards drawn one under the other.
const lbStackGap = 24

// RenderLeaderboards draws several boards one under the other in one PNG
// 1080 pixels wide, each as RenderLeaderboard draws it, with a band of the
// background between them: a publication's people and units of one period
// in one picture.
func RenderLeaderboards(boards ...Leaderboard) ([]byte, error) {
	if len(boards) == 0 {
		return nil, fmt.Errorf("chart: no leaderboard to draw")
	}
	imgs := make([]*image.RGBA, len(boards))
	h := lbStackGap * (len(boards) - 1)
	for i, lb := range boards {
		img, err := drawLeaderboard(lb)
		if err != nil {
			return nil, err
		}
		imgs[i] = img
		h += img.Bounds().Dy()
	}
	out := image.NewRGBA(image.Rect(0, 0, Width, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(colRowAlt), image.Point{}, draw.Src)
	y := 0
	for _, img := range imgs {
		r := image.Rect(0, y, Width, y+img.Bounds().Dy())
		draw.Draw(out, r, img, image.Point{}, draw.Src)
		y = r.Max.Y + lbStackGap
	}
	return encodePNG(out)
}
