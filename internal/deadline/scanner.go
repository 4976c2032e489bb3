package deadline

import "unicode/utf8"

// scanner walks folded runes. Its primitives (lit, oneOf, word, arabic, num
// …) either consume what they match and report true, or leave pos where it
// was and report false, so the grammar can try alternatives without
// bookkeeping.
type scanner struct {
	r   []rune
	pos int
}

// peek returns the rune at pos, or -1 at the end.
func (s *scanner) peek() rune {
	if s.pos < len(s.r) {
		return s.r[s.pos]
	}
	return -1
}

// peekAt returns the rune i places after pos, or -1 past the end.
func (s *scanner) peekAt(i int) rune {
	if j := s.pos + i; j < len(s.r) {
		return s.r[j]
	}
	return -1
}

// lit consumes w if the runes at pos spell it.
func (s *scanner) lit(w string) bool {
	p := s.pos
	for i := 0; i < len(w); p++ {
		if p >= len(s.r) {
			return false
		}
		c, n := utf8.DecodeRuneInString(w[i:])
		if s.r[p] != c {
			return false
		}
		i += n
	}
	s.pos = p
	return true
}

// oneOf consumes the first of ws that matches and returns its index, or -1.
// Lists put a word before its own prefixes (之前 before 前).
func (s *scanner) oneOf(ws []string) int {
	for i, w := range ws {
		if s.lit(w) {
			return i
		}
	}
	return -1
}

// word consumes the English word w if it is not followed by another letter
// ("mon" does not match in "month").
func (s *scanner) word(w string) bool {
	p := s.pos
	if !s.lit(w) {
		return false
	}
	if isLetter(s.peek()) {
		s.pos = p
		return false
	}
	return true
}

// words consumes a sequence of English words separated by spaces.
func (s *scanner) words(ws ...string) bool {
	p := s.pos
	for i, w := range ws {
		if i > 0 && !s.spaces() {
			s.pos = p
			return false
		}
		if !s.word(w) {
			s.pos = p
			return false
		}
	}
	return true
}

// spaces consumes a run of spaces and reports whether there was one.
func (s *scanner) spaces() bool {
	p := s.pos
	for s.peek() == ' ' {
		s.pos++
	}
	return s.pos > p
}

// gap consumes the spaces people (and input methods) put between a number
// and a Chinese word (4月 2日, 3 个工作日, 下午 3 点). It is used only where
// the grammar then requires a particular word; a caller that then fails
// resets pos, which undoes the gap too.
func (s *scanner) gap() { s.spaces() }

// arabic consumes a run of ASCII digits whose length is within [min, max]
// and returns its value. A longer run does not match at all, so 12345 is
// never read as 1234 followed by 5.
func (s *scanner) arabic(min, max int) (int, bool) {
	n, p := 0, s.pos
	for p < len(s.r) && isDigit(s.r[p]) {
		if p-s.pos == max {
			return 0, false
		}
		n = n*10 + int(s.r[p]-'0')
		p++
	}
	if p-s.pos < min {
		return 0, false
	}
	s.pos = p
	return n, true
}

// maxDigits bounds the Arabic numbers of counts and days. Nine digits fit an
// int on every platform; anything that large is refused later as too far.
const maxDigits = 9

// num consumes a number written in Arabic or Chinese digits.
func (s *scanner) num() (int, bool) {
	if n, ok := s.arabic(1, maxDigits); ok {
		return n, true
	}
	return s.cnNum()
}

// cnNum consumes a Chinese numeral from 0 to 99: 三, 十, 十二, 二十, 二十三,
// and 两 standing alone (两周, 两点).
func (s *scanner) cnNum() (int, bool) {
	if s.peek() == '两' && s.peekAt(1) != '十' {
		s.pos++
		return 2, true
	}
	p := s.pos
	tens, hasTens := cnDigit(s.peek())
	if hasTens {
		s.pos++
	}
	if s.peek() != '十' {
		return tens, hasTens
	}
	if hasTens && tens == 0 {
		s.pos = p
		return 0, false
	}
	s.pos++
	if !hasTens {
		tens = 1
	}
	if d, ok := cnDigit(s.peek()); ok && d != 0 {
		s.pos++
		return tens*10 + d, true
	}
	return tens * 10, true
}

// year consumes a four-digit year, in Arabic (2026) or Chinese digits
// (二〇二六).
func (s *scanner) year() (int, bool) {
	if y, ok := s.arabic(4, 4); ok {
		return y, true
	}
	y := 0
	for i := 0; i < 4; i++ {
		d, ok := cnDigit(s.peekAt(i))
		if !ok {
			return 0, false
		}
		y = y*10 + d
	}
	if _, ok := cnDigit(s.peekAt(4)); ok {
		return 0, false
	}
	s.pos += 4
	return y, true
}

// englishNum consumes an Arabic number or one of the small English number
// words (a, an, one … twelve).
func (s *scanner) englishNum() (int, bool) {
	if n, ok := s.arabic(1, maxDigits); ok {
		return n, true
	}
	for i, w := range englishNumbers {
		if s.word(w) {
			return i + 1, true
		}
	}
	if s.word("a") || s.word("an") {
		return 1, true
	}
	return 0, false
}

var englishNumbers = []string{"one", "two", "three", "four", "five", "six",
	"seven", "eight", "nine", "ten", "eleven", "twelve"}
