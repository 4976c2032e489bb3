package ledger

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// runeWidth is how many character widths r takes in a spreadsheet column:
// 2 for Chinese, Japanese and Korean characters and full-width forms, 0 for
// combining marks and controls, 1 otherwise.
func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case r < 0x300:
		return 1
	case r < 0x370: // combining diacritics
		return 0
	case r < 0x1100:
		return 1
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	case width.EastAsianAmbiguous:
		// Punctuation such as “”…— and circled numbers are set full width
		// in Chinese fonts; accented letters are not.
		if r >= 0x2010 {
			return 2
		}
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
		return 0
	}
	return 1
}

// textWidth is the width of the widest line of s, counting no further than
// limit.
func textWidth(s string, limit int) int {
	widest, w := 0, 0
	for _, r := range s {
		if r == '\n' {
			widest, w = max(widest, w), 0
			continue
		}
		w += runeWidth(r)
		if w >= limit {
			return limit
		}
	}
	return max(widest, w)
}

// textLines estimates how many lines s takes when wrapped in a column of
// the given width (in character widths), counting no further than limit.
func textLines(s string, col, limit int) int {
	if col < 1 {
		col = 1
	}
	lines, w := 1, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\n' {
			lines, w = lines+1, 0
		} else if rw := runeWidth(r); w+rw > col {
			lines, w = lines+1, rw
		} else {
			w += rw
		}
		if lines >= limit {
			return limit
		}
	}
	return lines
}
