// Package chart draws the pictures the bot sends with sendPhoto: the
// leaderboard (成绩单, 红旗/黄旗) of /rank and the monthly on-time-rate trend
// of /stats, as PNG.
//
// Chinese text is drawn with a subset of Noto Sans CJK SC (SIL OFL 1.1)
// embedded in the binary, so the pictures look the same on any machine,
// whether or not it has a font installed. The subset holds every GB2312
// character; anything else is drawn as the font's missing-glyph box. See
// font/README.md.
//
// Every function here is safe for concurrent use.
package chart

import (
	"bytes"
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// Row is one line of a leaderboard.
type Row struct {
	Rank                       int
	Name                       string // person or unit
	Unit                       string // shown small after a person's name; "" for unit rankings
	Due, OnTime, Late, Overdue int
	Rate                       float64 // on-time rate 0..1
	HasRate                    bool    // false: nothing settled yet, show "—" and an empty bar
	// RateText is the rate as the ranking's text shows it, so that the
	// picture says the same; "" draws Percent(Rate).
	RateText string
	Score    int
	Flag     Flag // NoFlag, Red (红旗), Yellow (黄旗)
	// Labels name the four counts and RateLabel the rate's column, for
	// boards that count other things than tasks (问题清单); empty: the
	// task words (CountLabels, 按期率).
	Labels    [4]string
	RateLabel string
}

// Flag marks the top (红旗) and the bottom (黄旗) of a ranking.
type Flag int

// The flags.
const (
	NoFlag Flag = iota
	Red         // 红旗
	Yellow      // 黄旗
)

// Leaderboard is a ranking to draw.
type Leaderboard struct {
	Title    string // e.g. "招商引资工作群 · 个人排名"
	Subtitle string // period, e.g. "2026年11月"
	Rows     []Row
	Footer   string // the score formula, wrapped to the width
}

// TrendPoint is one month of the group's on-time rate.
type TrendPoint struct {
	Label   string // e.g. "11月" or "2026-11"
	Sub     string // a second, smaller line under the label: the year, "2026年"
	Rate    float64
	HasRate bool // false: nothing settled that month, drawn as a gap
}

// Width is the width of every picture, in pixels: a phone shows it at the
// width of the chat, so text is sized for about a third of that.
const Width = 1080

// MaxRows is the number of rows a leaderboard picture shows; the rest are
// summed up in a "…另有N名" line.
const MaxRows = 60

// MaxTrendPoints is the number of months a trend chart shows: the last ones.
const MaxTrendPoints = 36

// The embedded fonts (see font/README.md). Bold text falls back to the
// regular subset, which is the larger one, character by character.
var (
	//go:embed font/duban-cjk-regular.otf
	regularOTF []byte
	//go:embed font/duban-cjk-bold.otf
	boldOTF []byte
)

var fonts struct {
	once          sync.Once
	regular, bold *sfnt.Font
	err           error
}

// loadFonts parses the embedded fonts once. The parsed fonts are safe for
// concurrent use; faces made from them are not, so each picture makes its own.
func loadFonts() (regular, bold *sfnt.Font, err error) {
	fonts.once.Do(func() {
		fonts.regular, fonts.err = opentype.Parse(regularOTF)
		if fonts.err != nil {
			fonts.err = fmt.Errorf("chart: regular font: %w", fonts.err)
			return
		}
		fonts.bold, fonts.err = opentype.Parse(boldOTF)
		if fonts.err != nil {
			fonts.err = fmt.Errorf("chart: bold font: %w", fonts.err)
		}
	})
	return fonts.regular, fonts.bold, fonts.err
}

// HasGlyph reports whether the embedded regular font draws r (true) or falls
// back to its missing-glyph box (false).
func HasGlyph(r rune) bool {
	regular, _, err := loadFonts()
	if err != nil {
		return false
	}
	var buf sfnt.Buffer
	x, err := regular.GlyphIndex(&buf, r)
	return err == nil && x != 0
}

// The palette: calm and official, a dark red title bar on warm greys.
var (
	colBackground = rgb(0xFFFFFF)
	colRowAlt     = rgb(0xF7F3EC)
	colTitleBar   = rgb(0x8E1B1B)
	colTitleRule  = rgb(0xC9A063)
	colTitle      = rgb(0xFFFFFF)
	colSubtitle   = rgb(0xF2DDB8)
	colHeaderBar  = rgb(0xECE5DA)
	colHeaderText = rgb(0x6B6157)
	colText       = rgb(0x262626)
	colMuted      = rgb(0x7C766F)
	colFaint      = rgb(0xA8A29A)
	colCount      = rgb(0x4A4540)
	colRule       = rgb(0xE2DBD0)
	colTrack      = rgb(0xE6E0D6)
	colGood       = rgb(0x2F7D5B)
	colFair       = rgb(0xC98418)
	colPoor       = rgb(0xB8322E)
	colRankTop    = rgb(0x8E1B1B)
	colRankOther  = rgb(0x5E5850)
	colRedFlag    = rgb(0xD52B1E)
	colRedText    = rgb(0xB3261E)
	colYellowFlag = rgb(0xF0B323)
	colYellowEdge = rgb(0xB7850F)
	colYellowText = rgb(0x96690A)
	colPole       = rgb(0x5A544D)
	colBar        = rgb(0xE9CFC9)
	colLine       = rgb(0x8E1B1B)
	colPointLabel = rgb(0x5C1212)
	colAxis       = rgb(0x9A938A)
)

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// encodeDrawn is encodePNG of what a draw function returns, passing its
// error on.
func encodeDrawn(img *image.RGBA, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// encodePNG encodes a finished picture. Best speed: the pictures are mostly
// flat colour, so the files stay small anyway.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}
