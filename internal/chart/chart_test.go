package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/sfnt"
)

var (
	sampleNames = []string{"张伟", "王芳", "李局", "赵敏", "刘洋", "陈静", "杨帆", "黄磊", "周婷", "吴刚",
		"徐丽", "孙浩", "马超", "朱琳", "胡军", "郭敏", "何平", "林涛", "高原", "罗兰"}
	sampleUnits = []string{"招商局", "发改委", "财政局", "自然资源局", "经信局", "市场监管局", "住建局", "商务局"}
)

const sampleFooter = "得分 = 按期办结 × 10 + 逾期办结 × 4 − 逾期未办 × 5；按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办）。" +
	"前3名发红旗，后3名亮黄旗。经批准延期的任务按新的截止时间计算。"

// sampleBoard is a person ranking of n rows with flags at both ends.
func sampleBoard(n int) Leaderboard {
	lb := Leaderboard{Title: "招商引资工作群 · 个人排名", Subtitle: "2026年11月", Footer: sampleFooter}
	for i := range n {
		due := 12 - i%7
		overdue := i % 3
		late := i % 2
		onTime := max(due-overdue-late, 0)
		r := Row{
			Rank: i + 1, Name: sampleNames[i%len(sampleNames)], Unit: sampleUnits[i%len(sampleUnits)],
			Due: due, OnTime: onTime, Late: late, Overdue: overdue,
			Score: onTime*10 + late*4 - overdue*5,
		}
		if settled := onTime + late + overdue; settled > 0 {
			r.Rate, r.HasRate = float64(onTime)/float64(settled), true
		}
		switch {
		case n >= 6 && i < 3:
			r.Flag = Red
		case n >= 6 && i >= n-3:
			r.Flag = Yellow
		}
		lb.Rows = append(lb.Rows, r)
	}
	if n > 4 {
		lb.Rows[4].HasRate, lb.Rows[4].Rate = false, 0 // nothing settled yet
		lb.Rows[4].OnTime, lb.Rows[4].Late, lb.Rows[4].Overdue = 0, 0, 0
	}
	return lb
}

func sampleTrend() []TrendPoint {
	rates := []float64{0.72, 0.81, 0.78, -1, 0.9, 0.955, 1, 0.64, -1, 0.88, 0.93, 0.97}
	var pts []TrendPoint
	for i, r := range rates {
		p := TrendPoint{Label: fmt.Sprintf("%d月", i+1)}
		if r >= 0 {
			p.Rate, p.HasRate = r, true
		}
		pts = append(pts, p)
	}
	return pts
}

// decode decodes a PNG, checks its width and returns it as RGBA.
func decode(t testing.TB, b []byte, wantW int) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w != wantW {
		t.Fatalf("width %d, want %d", w, wantW)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

// colours counts the distinct colours in r and the pixels that are not bg.
func colours(img *image.RGBA, r image.Rectangle, bg color.RGBA) (distinct, notBG int) {
	seen := map[color.RGBA]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			seen[c] = true
			if c != bg {
				notBG++
			}
		}
	}
	return len(seen), notBG
}

// sameRegion reports whether two pictures have the same pixels in r.
func sameRegion(a, b *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				return false
			}
		}
	}
	return true
}

// board draws lb, failing the test on an error.
func board(t testing.TB, lb Leaderboard) *image.RGBA {
	t.Helper()
	img, err := drawLeaderboard(lb)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func boardHeight(rows, footerLines int, more bool) int {
	h := lbTitleSubH + lbTitleRuleH + lbBottomPad
	if rows == 0 {
		h += lbEmptyH
	} else {
		h += lbHeaderH + rows*lbRowH
	}
	if more {
		h += lbMoreH
	}
	if footerLines > 0 {
		h += 2*lbFooterPad + footerLines*lbFooterLineH
	}
	return h
}

func footerLines(t *testing.T, footer string) int {
	c, err := newCanvas()
	if err != nil {
		t.Fatal(err)
	}
	return len(c.wrap(footer, lbFooterStyle, Width-2*lbMargin))
}

func TestLeaderboardPicture(t *testing.T) {
	fl := footerLines(t, sampleFooter)
	if fl < 2 {
		t.Fatalf("footer in %d lines; want it wrapped", fl)
	}
	// The PNG itself.
	b, err := RenderLeaderboard(sampleBoard(20))
	if err != nil {
		t.Fatal(err)
	}
	if img := decode(t, b, Width); img.Bounds().Dy() != boardHeight(20, fl, false) {
		t.Errorf("20 rows: PNG height %d, want %d", img.Bounds().Dy(), boardHeight(20, fl, false))
	}

	prevH := 0
	for _, n := range []int{1, 5, 10, 20} {
		img := board(t, sampleBoard(n))
		h := img.Bounds().Dy()
		if want := boardHeight(n, fl, false); h != want {
			t.Errorf("%d rows: height %d, want %d", n, h, want)
		}
		if h <= prevH {
			t.Errorf("%d rows: height %d does not grow from %d", n, h, prevH)
		}
		prevH = h
		distinct, notBG := colours(img, img.Bounds(), colBackground)
		if distinct < 100 || notBG < img.Bounds().Dx()*img.Bounds().Dy()/5 {
			t.Errorf("%d rows: looks blank: %d colours, %d non-background pixels", n, distinct, notBG)
		}
		// Every row has text in the name column.
		for i := range n {
			y0 := lbTitleSubH + lbTitleRuleH + lbHeaderH + i*lbRowH
			bg := colBackground
			if i%2 == 1 {
				bg = colRowAlt
			}
			if _, ink := colours(img, image.Rect(lbNameX0, y0+20, lbNameX0+70, y0+70), bg); ink < 200 {
				t.Errorf("%d rows: row %d has no name drawn (%d pixels)", n, i, ink)
			}
		}
	}
}

func TestLeaderboardEmpty(t *testing.T) {
	b, err := RenderLeaderboard(Leaderboard{Title: "招商引资工作群 · 个人排名", Subtitle: "2026年11月"})
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b, Width)
	if h, want := img.Bounds().Dy(), boardHeight(0, 0, false); h != want {
		t.Fatalf("height %d, want %d", h, want)
	}
	// The message is drawn in the body, centred.
	y0 := lbTitleSubH + lbTitleRuleH
	body := image.Rect(0, y0, Width, y0+lbEmptyH)
	if _, ink := colours(img, body, colBackground); ink < 3000 {
		t.Errorf("empty board: only %d pixels drawn in the body", ink)
	}
	c, _ := newCanvas()
	w := c.measure("本期没有到期的任务", lbEmptyStyle)
	if w < 300 {
		t.Fatalf("message %v px wide", w)
	}
	left := image.Rect(0, y0, int(Width/2-w/2)-4, y0+lbEmptyH)
	if _, ink := colours(img, left, colBackground); ink != 0 {
		t.Errorf("ink left of the centred message: %d pixels", ink)
	}

	// With no title either, it still renders.
	if _, err := RenderLeaderboard(Leaderboard{}); err != nil {
		t.Fatal(err)
	}
}

func TestLeaderboardCapped(t *testing.T) {
	fl := footerLines(t, sampleFooter)
	for _, tc := range []struct {
		rows  int
		shown int
		more  bool
	}{{MaxRows, MaxRows, false}, {MaxRows + 1, MaxRows, true}, {500, MaxRows, true}} {
		img := board(t, sampleBoard(tc.rows))
		if h, want := img.Bounds().Dy(), boardHeight(tc.shown, fl, tc.more); h != want {
			t.Errorf("%d rows: height %d, want %d", tc.rows, h, want)
		}
		if tc.more {
			y := lbTitleSubH + lbTitleRuleH + lbHeaderH + tc.shown*lbRowH
			if _, ink := colours(img, image.Rect(0, y+8, Width, y+lbMoreH-8), colBackground); ink < 500 {
				t.Errorf("%d rows: no …另有N名 line (%d pixels)", tc.rows, ink)
			}
		}
	}
}

func TestLongNameTruncated(t *testing.T) {
	long := string([]rune(strings.Repeat("招商引资重点项目推进专班", 9))[:100]) // 100 characters
	c, err := newCanvas()
	if err != nil {
		t.Fatal(err)
	}
	maxW := float64(lbNameX1 - lbNameX0)
	got := c.truncate(long, lbNameStyle, maxW)
	if !strings.HasSuffix(got, "…") || len([]rune(got)) >= 100 {
		t.Fatalf("truncate(100 characters) = %q", got)
	}
	if w := c.measure(got, lbNameStyle); w > maxW {
		t.Fatalf("truncated name is %v px wide, more than %v", w, maxW)
	}
	if got := c.truncate("张伟", lbNameStyle, maxW); got != "张伟" {
		t.Fatalf("short name changed to %q", got)
	}
	if got := c.truncate("张伟", lbNameStyle, 5); got != "" {
		t.Fatalf("no room: got %q", got)
	}

	// In the picture, nothing spills past the name column into the rate column.
	for _, unit := range []string{"", "招商局", long} {
		lb := Leaderboard{Title: long, Subtitle: long, Footer: long, Rows: []Row{
			{Rank: 1, Name: long, Unit: unit, Due: 1, OnTime: 1, Rate: 1, HasRate: true, Score: 10, Flag: Red},
		}}
		img := board(t, lb)
		y0 := lbTitleSubH + lbTitleRuleH + lbHeaderH
		gap := image.Rect(lbNameX1+1, y0, lbRateX0-1, y0+lbRowH)
		if _, ink := colours(img, gap, colBackground); ink != 0 {
			t.Errorf("unit %q: %d pixels drawn between the name and rate columns", unit, ink)
		}
		if _, ink := colours(img, image.Rect(lbNameX0, y0+20, lbNameX1, y0+70), colBackground); ink < 2000 {
			t.Errorf("unit %q: name not drawn", unit)
		}
	}
}

func TestFontHasCommonGlyphs(t *testing.T) {
	regular, bold, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, f := range []*sfnt.Font{regular, bold} {
		for _, r := range "张伟王芳李局赵敏红旗黄排名本期没有到期的任务另有按期率逾期办结未办得分姓单位称暂无数据空白月份已年0123456789%·—…" {
			if x, err := f.GlyphIndex(&buf, r); err != nil || x == 0 {
				t.Errorf("no glyph for %q (%v)", r, err)
			}
		}
	}
	// A GB2312 level 2 character: in the regular subset only.
	if !HasGlyph('鑫') {
		t.Error("no 鑫 in the regular subset")
	}
	for _, r := range missing {
		if HasGlyph(r) {
			t.Errorf("%q is in the subset; pick another missing character for the tests", r)
		}
	}
}

// missing are characters surely outside the subset: 龘 (not in GB2312) and
// CJK Extension A and B ones.
var missing = []rune{'龘', '䶵', '𠀀', '𪚥'}

// glyphMask draws s with the regular face at 64 px into a fresh alpha mask.
func glyphMask(t *testing.T, s string) *image.RGBA {
	t.Helper()
	c, err := newCanvas()
	if err != nil {
		t.Fatal(err)
	}
	c.start(200, 100, color.RGBA{A: 0xFF})
	c.text(10, 75, s, style{size: 64, col: color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}})
	return c.img
}

func TestMissingGlyphBox(t *testing.T) {
	box := glyphMask(t, string(missing[0]))
	if _, ink := colours(box, box.Bounds(), color.RGBA{A: 0xFF}); ink < 100 {
		t.Fatal("a missing character is not drawn visibly")
	}
	// Every missing character is drawn as the same box.
	for _, r := range missing[1:] {
		if other := glyphMask(t, string(r)); !sameRegion(box, other, box.Bounds()) {
			t.Errorf("%q is not drawn as the missing-glyph box", r)
		}
	}
	// 张 and 伟 are not.
	for _, r := range "张伟王芳" {
		if sameRegion(box, glyphMask(t, string(r)), box.Bounds()) {
			t.Errorf("%q is drawn as the missing-glyph box", r)
		}
	}

	// The same in a picture: the pixels where 张伟 is drawn differ from those
	// of two missing characters, which are the same for any two of them.
	render := func(name string) *image.RGBA {
		return board(t, Leaderboard{Title: "测试", Subtitle: "2026年11月", Rows: []Row{{Rank: 5, Name: name, Due: 1, Overdue: 1, HasRate: true, Score: -5}}})
	}
	y0 := lbTitleSubH + lbTitleRuleH + lbHeaderH
	nameArea := image.Rect(lbNameX0-4, y0, lbNameX1, y0+70)
	zhang, boxes, boxes2 := render("张伟"), render(string(missing[:2])), render(string(missing[2:]))
	if sameRegion(zhang, boxes, nameArea) {
		t.Error("张伟 is drawn like two missing characters")
	}
	if !sameRegion(boxes, boxes2, nameArea) {
		t.Error("missing characters are not all drawn as the same box")
	}
	// The bold face has no GB2312 level 2 characters: 鑫 falls back to the
	// regular face, not to the box.
	if sameRegion(render("鑫鑫"), boxes, nameArea) {
		t.Error("鑫 in a bold name is drawn as the missing-glyph box")
	}
	// Control characters and invalid UTF-8 do not crash.
	render("张\n伟\x00\xff")
}

func TestWrap(t *testing.T) {
	c, err := newCanvas()
	if err != nil {
		t.Fatal(err)
	}
	lines := c.wrap(sampleFooter+" Score = 10×OnTime + 4×Late − 5×Overdue", lbFooterStyle, 400)
	if len(lines) < 4 {
		t.Fatalf("wrapped into %d lines: %q", len(lines), lines)
	}
	var joined string
	for _, l := range lines {
		if w := c.measure(l, lbFooterStyle); w > 400 {
			t.Errorf("line %q is %v px wide", l, w)
		}
		joined += l
	}
	if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(sampleFooter+" Score = 10×OnTime + 4×Late − 5×Overdue", " ", "") {
		t.Errorf("wrap lost text: %q", joined)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "，") || strings.HasPrefix(l, "。") {
			t.Errorf("line starts with punctuation: %q", l)
		}
	}
}

func TestFooterCapped(t *testing.T) {
	// A footer of any length stays a few lines (boardHeight counts a subtitle).
	if h := board(t, Leaderboard{Subtitle: "2026年", Footer: strings.Repeat("得分公式", 5000)}).Bounds().Dy(); h != boardHeight(0, lbFooterMaxLines, false) {
		t.Errorf("huge footer: height %d, want %d", h, boardHeight(0, lbFooterMaxLines, false))
	}
}

func TestPercent(t *testing.T) {
	// Whole percentages, halves rounded up, as the ranking's text shows
	// them (1 of 8 on time is 13%, never 12% in one place and 12.5% in
	// another).
	for in, want := range map[float64]string{0: "0%", 1: "100%", 0.5: "50%", 0.923: "92%", 0.125: "13%", 2.0 / 3: "67%",
		0.995: "100%", 0.9999: "100%", 2: "100%", -1: "0%"} {
		if got := Percent(in); got != want {
			t.Errorf("Percent(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestTrend(t *testing.T) {
	for name, pts := range map[string][]TrendPoint{
		"year":   sampleTrend(),
		"one":    {{Label: "11月", Rate: 0.8, HasRate: true}},
		"nodata": {{Label: "10月"}, {Label: "11月"}},
		"none":   nil,
		"many":   append(append(sampleTrend(), sampleTrend()...), append(sampleTrend(), sampleTrend()...)...),
	} {
		img, err := drawTrend("招商引资工作群 · 按期率走势", pts)
		if err != nil {
			t.Fatal(err)
		}
		if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != Width || h != trHeight {
			t.Errorf("%s: %d×%d, want %d×%d", name, w, h, Width, trHeight)
		}
		distinct, notBG := colours(img, img.Bounds(), colBackground)
		if distinct < 50 || notBG < 100000 {
			t.Errorf("%s: looks blank: %d colours, %d non-background pixels", name, distinct, notBG)
		}
	}

	// The PNG itself; a month without data is a gap: no bar in its slot.
	pts := sampleTrend()
	b, err := RenderTrend("按期率", pts)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b, Width)
	if h := img.Bounds().Dy(); h != trHeight {
		t.Errorf("PNG height %d, want %d", h, trHeight)
	}
	slot := float64(trPlotX1-trPlotX0) / float64(len(pts))
	barColumn := func(i int) int {
		x := int(trPlotX0 + slot*(float64(i)+0.5))
		n := 0
		for y := trPlotY0; y < trPlotY1-60; y++ {
			if img.RGBAAt(x, y) == colBar {
				n++
			}
		}
		return n
	}
	if n := barColumn(3); n != 0 {
		t.Errorf("month without data has %d bar pixels", n)
	}
	if n := barColumn(0); n < 100 {
		t.Errorf("month with 72%% has only %d bar pixels", n)
	}
}

func TestConcurrentRenders(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if i%2 == 0 {
				_, err = RenderLeaderboard(sampleBoard(5 + i))
			} else {
				_, err = RenderTrend("走势", sampleTrend())
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestWriteSamples writes sample pictures to $CHART_SAMPLES (or a temporary
// directory) for a person to look at.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("CHART_SAMPLES")
	if dir == "" {
		dir = t.TempDir()
	}
	units := sampleBoard(8)
	units.Title = "招商引资工作群 · 单位排名"
	for i := range units.Rows {
		units.Rows[i].Name, units.Rows[i].Unit = sampleUnits[i%len(sampleUnits)], ""
	}
	long := sampleBoard(3)
	long.Rows[0].Name = strings.Repeat("超长的名字", 20)
	long.Rows[1].Name, long.Rows[1].Unit = "龘𠀀鑫", "国家级经济技术开发区管理委员会招商服务中心"
	samples := map[string]func() ([]byte, error){
		"board20.png": func() ([]byte, error) { return RenderLeaderboard(sampleBoard(20)) },
		"units.png":   func() ([]byte, error) { return RenderLeaderboard(units) },
		"long.png":    func() ([]byte, error) { return RenderLeaderboard(long) },
		"empty.png": func() ([]byte, error) {
			return RenderLeaderboard(Leaderboard{Title: "招商引资工作群 · 个人排名", Subtitle: "2026年11月"})
		},
		"trend.png": func() ([]byte, error) { return RenderTrend("招商引资工作群 · 按期率走势", sampleTrend()) },
		"trend36.png": func() ([]byte, error) {
			return RenderTrend("按期率走势（三年）", append(append(sampleTrend(), sampleTrend()...), sampleTrend()...))
		},
		"trend0.png": func() ([]byte, error) { return RenderTrend("按期率走势", nil) },
		"trend1.png": func() ([]byte, error) {
			return RenderTrend("按期率走势", []TrendPoint{{Label: "2026-11", Rate: 0.5, HasRate: true}})
		},
		"trendgap.png": func() ([]byte, error) {
			return RenderTrend("按期率走势", []TrendPoint{{Label: "9月"}, {Label: "10月"}})
		},
	}
	if os.Getenv("CHART_SAMPLES") != "" { // the tall one only when asked for
		samples["board75.png"] = func() ([]byte, error) { return RenderLeaderboard(sampleBoard(75)) }
	}
	for name, render := range samples {
		b, err := render()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("samples in %s", dir)
}

func BenchmarkRenderLeaderboard(b *testing.B) {
	lb := sampleBoard(20)
	for b.Loop() {
		if _, err := RenderLeaderboard(lb); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderTrend(b *testing.B) {
	pts := sampleTrend()
	for b.Loop() {
		if _, err := RenderTrend("招商引资工作群 · 按期率走势", pts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFlagsDrawn: the font has no emoji, so 🚩 and 🟨 in a footer would be
// missing-glyph boxes; they are drawn as a red pennant and a yellow square
// instead, one em wide, and measured so.
func TestFlagsDrawn(t *testing.T) {
	if HasGlyph('🚩') || HasGlyph('🟨') {
		t.Skip("the font has the flags now: nothing to draw")
	}
	c, err := newCanvas()
	if err != nil {
		t.Fatal(err)
	}
	if w := c.measure("🚩", lbFooterStyle); w != lbFooterStyle.size {
		t.Errorf("🚩 is %v wide, want one em (%v)", w, lbFooterStyle.size)
	}
	count := func(img *image.RGBA, col color.RGBA) int {
		n := 0
		for y := 0; y < img.Bounds().Dy(); y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				if img.RGBAAt(x, y) == col {
					n++
				}
			}
		}
		return n
	}
	footer := func(s string) *image.RGBA {
		return board(t, Leaderboard{Title: "测试", Subtitle: "2026年11月", Footer: s})
	}
	flags := footer("满6名时前3名🚩红旗、后3名🟨黄旗。")
	plain := footer("满6名时前3名红旗、后3名黄旗。")
	if n := count(flags, colRedFlag) - count(plain, colRedFlag); n < 40 {
		t.Errorf("🚩 drew %d red pixels, want a pennant", n)
	}
	if n := count(flags, colYellowFlag) - count(plain, colYellowFlag); n < 40 {
		t.Errorf("🟨 drew %d yellow pixels, want a square", n)
	}
	// Not the missing-glyph box: a box-drawn text has neither colour.
	boxes := footer("满6名时前3名" + string(missing[0]) + "红旗、后3名" + string(missing[1]) + "黄旗。")
	if count(boxes, colRedFlag) != count(plain, colRedFlag) {
		t.Error("the test's missing characters draw red")
	}
}

// TestStackedBoards: a publication's people and units of one period are one
// picture, the boards one under the other.
func TestStackedBoards(t *testing.T) {
	people, units := sampleBoard(6), sampleBoard(3)
	units.Title = "招商引资工作群 · 单位排名"
	b, err := RenderLeaderboards(people, units)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b, Width)
	top, bottom := board(t, people), board(t, units)
	if h, want := img.Bounds().Dy(), top.Bounds().Dy()+lbStackGap+bottom.Bounds().Dy(); h != want {
		t.Fatalf("height %d, want %d", h, want)
	}
	if !sameRegion(img, top, top.Bounds()) {
		t.Error("the first board is not drawn at the top")
	}
	at := image.Pt(0, top.Bounds().Dy()+lbStackGap)
	shifted := image.NewRGBA(bottom.Bounds().Add(at))
	draw.Draw(shifted, shifted.Bounds(), bottom, image.Point{}, draw.Src)
	if !sameRegion(img, shifted, shifted.Bounds()) {
		t.Error("the second board is not drawn under the first")
	}
	if _, err := RenderLeaderboards(); err == nil {
		t.Error("no boards: want an error")
	}
}

// TestTrendYears: month labels carry their year on a second line.
func TestTrendYears(t *testing.T) {
	pts := sampleTrend()
	withYears := append([]TrendPoint(nil), pts...)
	for i := range withYears {
		withYears[i].Sub = "2026年"
	}
	a, err := drawTrend("按期办结率", pts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := drawTrend("按期办结率", withYears)
	if err != nil {
		t.Fatal(err)
	}
	yearBand := image.Rect(trPlotX0, trPlotY1+60, trPlotX1, trPlotY1+88)
	if _, ink := colours(a, yearBand, colBackground); ink != 0 {
		t.Errorf("without years the band under the months has %d pixels", ink)
	}
	if _, ink := colours(b, yearBand, colBackground); ink < 500 {
		t.Errorf("the years are not drawn under the months (%d pixels)", ink)
	}
}
