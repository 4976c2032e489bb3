package deadline

import "unicode"

// text is an input prepared for matching. Each rune of the source is folded
// to the one spelling the grammar knows (see fold) and remembers its byte
// offset, so that a match found in the folded runes can be cut out of the
// source exactly, whatever the user typed.
type text struct {
	src string
	r   []rune // folded runes, one per source rune
	off []int  // off[i]: byte offset of r[i] in src; off[len(r)] == len(src)
}

func newText(src string) *text {
	t := &text{src: src, r: make([]rune, 0, len(src)), off: make([]int, 0, len(src)+1)}
	for i, c := range src {
		t.r = append(t.r, fold(c))
		t.off = append(t.off, i)
	}
	t.off = append(t.off, len(src))
	return t
}

// slice returns the source text of the runes [start, end).
func (t *text) slice(start, end int) string { return t.src[t.off[start]:t.off[end]] }

// trim returns the rune range left after dropping white space at both ends
// and, when punct is set, a trailing sentence mark (下周五前。) too.
func (t *text) trim(punct bool) (lo, hi int) {
	lo, hi = 0, len(t.r)
	for lo < hi && t.r[lo] == ' ' {
		lo++
	}
	for lo < hi && (t.r[hi-1] == ' ' || punct && isTrailingMark(t.r[hi-1])) {
		hi--
	}
	return lo, hi
}

func isTrailingMark(c rune) bool {
	switch c {
	case '。', '.', '!', '！', ',', '，', ';', '；':
		return true
	}
	return false
}

// fold maps a rune to the spelling the grammar uses: every white space to
// ' ' (so U+3000 is a space), full-width ASCII to ASCII, ASCII letters to
// lower case, and the traditional forms of the characters the grammar uses
// to simplified ones. It maps one rune to one rune, which keeps offsets
// simple.
func fold(c rune) rune {
	switch {
	case c < 0x80:
		if 'A' <= c && c <= 'Z' {
			return c + ('a' - 'A')
		}
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return ' '
		}
		return c
	case c >= 0xFF01 && c <= 0xFF5E: // full-width ASCII block
		return fold(c - 0xFF01 + '!')
	case unicode.IsSpace(c):
		return ' '
	}
	if s, ok := simplified[c]; ok {
		return s
	}
	return c
}

// simplified holds the traditional characters that occur in the grammar's
// words (週五, 下個禮拜, 後天, 3點半…).
var simplified = map[rune]rune{
	'週': '周', '後': '后', '號': '号', '點': '点', '時': '时', '內': '内',
	'兩': '两', '個': '个', '為': '为', '鐘': '钟', '禮': '礼', '這': '这',
	'請': '请', '於': '于', '盡': '尽', '馬': '马', '隨': '随', '頭': '头',
	'須': '须', '務': '务', '遲': '迟', '應': '应', '幾': '几', '間': '间',
}

func isDigit(c rune) bool  { return '0' <= c && c <= '9' }
func isLetter(c rune) bool { return 'a' <= c && c <= 'z' }
func isAlnum(c rune) bool  { return isDigit(c) || isLetter(c) }

// cnDigit returns the value of a Chinese digit (零/〇 and 一…九; 两 is not
// a digit here, it only stands alone).
func cnDigit(c rune) (int, bool) {
	switch c {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

func isCnNumeral(c rune) bool {
	_, ok := cnDigit(c)
	return ok || c == '十' || c == '两'
}
