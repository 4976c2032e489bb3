package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// canvas is one picture being drawn, with the faces and scratch buffers it
// uses. It is not safe for concurrent use; each render makes its own.
type canvas struct {
	img           *image.RGBA
	regular, bold *sfnt.Font
	buf           sfnt.Buffer
	faces         map[faceKey]font.Face
	rast          vector.Rasterizer
	mask          image.Alpha
}

type faceKey struct {
	font *sfnt.Font
	size float64
}

// style is how a piece of text is drawn.
type style struct {
	size float64 // pixels per em
	bold bool
	col  color.RGBA
}

// newCanvas makes a canvas that can measure text; start gives it a picture
// to draw on, once the layout knows the size.
func newCanvas() (*canvas, error) {
	regular, bold, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &canvas{regular: regular, bold: bold, faces: make(map[faceKey]font.Face)}, nil
}

// start makes the picture, w×h pixels filled with bg.
func (c *canvas) start(w, h int, bg color.RGBA) {
	c.img = image.NewRGBA(image.Rect(0, 0, w, h))
	c.fillRect(c.img.Bounds(), bg)
}

// face is the face of f at size, made once per canvas.
func (c *canvas) face(f *sfnt.Font, size float64) (font.Face, error) {
	k := faceKey{f, size}
	if fc, ok := c.faces[k]; ok {
		return fc, nil
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, err
	}
	c.faces[k] = fc
	return fc, nil
}

// glyphFace is the face that draws r in style st: the bold font when st is
// bold and it has r, else the regular one, whose missing-glyph box stands in
// for any character neither has. Control characters are drawn as spaces.
func (c *canvas) glyphFace(r rune, st style) (font.Face, rune) {
	if unicode.IsControl(r) || r == utf8.RuneError {
		if r == utf8.RuneError {
			r = '\uFFFD'
		} else {
			r = ' '
		}
	}
	if st.bold {
		if x, err := c.bold.GlyphIndex(&c.buf, r); err == nil && x != 0 {
			if fc, err := c.face(c.bold, st.size); err == nil {
				return fc, r
			}
		}
	}
	fc, err := c.face(c.regular, st.size)
	if err != nil {
		return nil, r
	}
	return fc, r
}

// Flag characters the font has no glyph for (it has no emoji): text draws
// them as shapes, one em wide, so a footer that says 🚩红旗 shows a red
// pennant rather than a missing-glyph box.
const (
	redFlagRune    = '\U0001F6A9' // 🚩
	yellowFlagRune = '\U0001F7E8' // 🟨
)

// drawnRune reports whether text draws r as a shape.
func drawnRune(r rune) bool { return r == redFlagRune || r == yellowFlagRune }

// drawRune draws a flag character in the em box whose baseline starts at
// (x, y) for text of the given size.
func (c *canvas) drawRune(r rune, x, y, size float64) {
	top, bottom := y-0.82*size, y+0.08*size
	switch r {
	case redFlagRune:
		pole := x + 0.22*size
		c.fillRoundRect(pole-0.05*size, top, pole+0.05*size, bottom, 0.05*size, colPole)
		var p path
		p.moveTo(pole+0.04*size, top)
		p.lineTo(x+0.9*size, top+0.22*size)
		p.lineTo(pole+0.04*size, top+0.46*size)
		c.fill(&p, colRedFlag)
	case yellowFlagRune:
		inset := 0.12 * size
		c.fillRoundRect(x+inset, top+inset, x+size-inset, bottom-inset+0.06*size, 0.12*size, colYellowFlag)
	}
}

// measure is the advance width of s in style st, in pixels.
func (c *canvas) measure(s string, st style) float64 {
	var w fixed.Int26_6
	for _, r := range s {
		if drawnRune(r) {
			w += fixed.Int26_6(math.Round(st.size * 64))
			continue
		}
		fc, r := c.glyphFace(r, st)
		if fc == nil {
			continue
		}
		adv, _ := fc.GlyphAdvance(r)
		w += adv
	}
	return float64(w) / 64
}

// text draws s with its baseline starting at (x, y) and returns the x where
// it ends.
func (c *canvas) text(x, y float64, s string, st style) float64 {
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	src := image.NewUniform(st.col)
	for _, r := range s {
		if drawnRune(r) {
			c.drawRune(r, float64(dot.X)/64, float64(dot.Y)/64, st.size)
			dot.X += fixed.Int26_6(math.Round(st.size * 64))
			continue
		}
		fc, r := c.glyphFace(r, st)
		if fc == nil {
			continue
		}
		// ok is false for the missing-glyph box, which is drawn all the same.
		dr, mask, maskp, adv, _ := fc.Glyph(dot, r)
		if mask != nil && !dr.Empty() {
			draw.DrawMask(c.img, dr, src, image.Point{}, mask, maskp, draw.Over)
		}
		dot.X += adv
	}
	return float64(dot.X) / 64
}

// baseline is the baseline that centres a line of text of the given size on
// y: CJK ideographs and digits in Noto Sans CJK sit around 0.37 em above it.
func baseline(y, size float64) float64 { return y + 0.37*size }

// textCentered draws s centred on (cx, cy).
func (c *canvas) textCentered(cx, cy float64, s string, st style) {
	c.text(cx-c.measure(s, st)/2, baseline(cy, st.size), s, st)
}

// textRight draws s ending at right, centred vertically on cy.
func (c *canvas) textRight(right, cy float64, s string, st style) {
	c.text(right-c.measure(s, st), baseline(cy, st.size), s, st)
}

// ellipsis ends truncated text.
const ellipsis = "…"

// truncate shortens s with "…" so that it is at most maxW wide. It returns ""
// when not even "…" fits.
func (c *canvas) truncate(s string, st style, maxW float64) string {
	if c.measure(s, st) <= maxW {
		return s
	}
	budget := maxW - c.measure(ellipsis, st)
	if budget < 0 {
		return ""
	}
	var w float64
	for i, r := range s {
		rw := c.measure(string(r), st)
		if w+rw > budget {
			return strings.TrimRight(s[:i], " ") + ellipsis
		}
		w += rw
	}
	return s
}

// wrap breaks s into lines at most maxW wide: between any two CJK
// characters, and at spaces between Latin words and numbers. Explicit line
// breaks are kept; a word wider than a line is broken anywhere.
func (c *canvas) wrap(s string, st style, maxW float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line, lineW := "", 0.0
		flush := func() {
			lines = append(lines, strings.TrimRight(line, " "))
			line, lineW = "", 0
		}
		for _, tok := range tokens(para) {
			w := c.measure(tok, st)
			if line != "" && lineW+w > maxW {
				flush()
				if tok == " " {
					continue
				}
			}
			if w > maxW { // a word longer than a line
				for _, r := range tok {
					rw := c.measure(string(r), st)
					if line != "" && lineW+rw > maxW {
						flush()
					}
					line += string(r)
					lineW += rw
				}
				continue
			}
			line += tok
			lineW += w
		}
		flush()
	}
	return lines
}

// tokens splits s into the units wrap keeps together: runs of letters, digits
// and ASCII punctuation, single spaces, and single other characters (CJK).
// Closing punctuation sticks to the token before it.
func tokens(s string) []string {
	var toks []string
	start := -1
	for i, r := range s {
		switch {
		case r == ' ':
			if start >= 0 {
				toks = append(toks, s[start:i])
				start = -1
			}
			toks = append(toks, " ")
		case r < 0x80 || unicode.Is(unicode.Latin, r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				toks = append(toks, s[start:i])
				start = -1
			}
			if strings.ContainsRune("，。、；：？！）》」』”’…%％", r) && len(toks) > 0 && toks[len(toks)-1] != " " {
				toks[len(toks)-1] += string(r)
				continue
			}
			toks = append(toks, string(r))
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

// fillRect fills r with col.
func (c *canvas) fillRect(r image.Rectangle, col color.RGBA) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// path is a closed outline in picture coordinates, filled anti-aliased.
type path struct {
	ops []pathOp
}

type pathOp struct {
	kind byte // 'M', 'L', 'C'
	pts  [3][2]float64
}

func (p *path) moveTo(x, y float64) {
	p.ops = append(p.ops, pathOp{kind: 'M', pts: [3][2]float64{{x, y}}})
}
func (p *path) lineTo(x, y float64) {
	p.ops = append(p.ops, pathOp{kind: 'L', pts: [3][2]float64{{x, y}}})
}
func (p *path) cubeTo(x1, y1, x2, y2, x, y float64) {
	p.ops = append(p.ops, pathOp{kind: 'C', pts: [3][2]float64{{x1, y1}, {x2, y2}, {x, y}}})
}

// kappa places the control points of a cubic quarter circle.
const kappa = 0.5522847498

// roundRect adds a rectangle with corners of radius r.
func (p *path) roundRect(x0, y0, x1, y1, r float64) {
	r = math.Min(r, math.Min(x1-x0, y1-y0)/2)
	k := r * (1 - kappa)
	p.moveTo(x0+r, y0)
	p.lineTo(x1-r, y0)
	p.cubeTo(x1-k, y0, x1, y0+k, x1, y0+r)
	p.lineTo(x1, y1-r)
	p.cubeTo(x1, y1-k, x1-k, y1, x1-r, y1)
	p.lineTo(x0+r, y1)
	p.cubeTo(x0+k, y1, x0, y1-k, x0, y1-r)
	p.lineTo(x0, y0+r)
	p.cubeTo(x0, y0+k, x0+k, y0, x0+r, y0)
}

// circle adds a circle.
func (p *path) circle(cx, cy, r float64) { p.roundRect(cx-r, cy-r, cx+r, cy+r, r) }

// segment adds a straight stroke of width w from (x0, y0) to (x1, y1).
func (p *path) segment(x0, y0, x1, y1, w float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	p.moveTo(x0+nx, y0+ny)
	p.lineTo(x1+nx, y1+ny)
	p.lineTo(x1-nx, y1-ny)
	p.lineTo(x0-nx, y0-ny)
}

// fill draws p in col, anti-aliased.
func (c *canvas) fill(p *path, col color.RGBA) {
	if len(p.ops) == 0 {
		return
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, op := range p.ops {
		n := 1
		if op.kind == 'C' {
			n = 3
		}
		for _, pt := range op.pts[:n] {
			minX, maxX = math.Min(minX, pt[0]), math.Max(maxX, pt[0])
			minY, maxY = math.Min(minY, pt[1]), math.Max(maxY, pt[1])
		}
	}
	bounds := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY)))
	if bounds.Empty() {
		return
	}
	w, h := bounds.Dx(), bounds.Dy()
	ox, oy := float64(bounds.Min.X), float64(bounds.Min.Y)
	c.rast.Reset(w, h)
	c.rast.DrawOp = draw.Src
	f := func(v, o float64) float32 { return float32(v - o) }
	for _, op := range p.ops {
		a := op.pts
		switch op.kind {
		case 'M':
			c.rast.ClosePath()
			c.rast.MoveTo(f(a[0][0], ox), f(a[0][1], oy))
		case 'L':
			c.rast.LineTo(f(a[0][0], ox), f(a[0][1], oy))
		case 'C':
			c.rast.CubeTo(f(a[0][0], ox), f(a[0][1], oy), f(a[1][0], ox), f(a[1][1], oy), f(a[2][0], ox), f(a[2][1], oy))
		}
	}
	c.rast.ClosePath()
	if cap(c.mask.Pix) < w*h {
		c.mask.Pix = make([]uint8, w*h)
	}
	c.mask.Pix = c.mask.Pix[:w*h]
	clear(c.mask.Pix)
	c.mask.Stride = w
	c.mask.Rect = image.Rect(0, 0, w, h)
	c.rast.Draw(&c.mask, c.mask.Rect, image.Opaque, image.Point{})
	draw.DrawMask(c.img, bounds, image.NewUniform(col), image.Point{}, &c.mask, image.Point{}, draw.Over)
}

// fillRoundRect fills a rectangle with rounded corners.
func (c *canvas) fillRoundRect(x0, y0, x1, y1, r float64, col color.RGBA) {
	var p path
	p.roundRect(x0, y0, x1, y1, r)
	c.fill(&p, col)
}

// fillCircle fills a circle.
func (c *canvas) fillCircle(cx, cy, r float64, col color.RGBA) {
	var p path
	p.circle(cx, cy, r)
	c.fill(&p, col)
}

// line strokes a straight line of width w.
func (c *canvas) line(x0, y0, x1, y1, w float64, col color.RGBA) {
	var p path
	p.segment(x0, y0, x1, y1, w)
	c.fill(&p, col)
}
