package deadline

import (
	"strings"
	"unicode"
)

// phrase is one match of the grammar:
//
//	phrase = [prefix] core [gap clock] [suffix]
//
// where the core names a day, an instant (3小时后) or a time of day alone,
// and a clock may follow a core that names a day.
type phrase struct {
	start, end int  // the whole phrase, in runes
	core       core // what it says
	clk        clock
	strongMark bool // a prefix or suffix that means "by" (请于, 截止, 前, by)
	rng        bool // a period (12月5日至12月10日): the core is its end
}

// core is what a core alternative matched.
type core struct {
	e      expr // the day or instant; nil for a time of day alone (today)
	start  int  // rune span, for messages
	end    int
	clock  bool   // a time of day may follow
	period period // default period for that time (今晚 → evening)
	needs  bool   // the time of day must follow (明早 alone names no hour)
	final  bool   // no suffix may follow: the core carries its own (3天内)
	marked bool   // says "deadline" by itself (3天内, 3个工作日)
	weak   bool   // a bare numeric date (12.1): taken by Find only as a last resort
	bare   bool   // a bare day number (15号): taken by Find only with a marker
	vague  bool   // 尽快 and the like
	clk    clock  // set when the core is a time of day alone
	note   string // the convention the reading follows (下月初 → the 5th), for Deadline.Note
}

// Ranks of phrases in Find, higher wins; see Find.
const (
	rankNone   = iota // not taken at all
	rankVague         // 尽快: only when nothing else is there
	rankWeak          // 12.1
	rankPlain         // 下周五
	rankMarked        // 下周五前
)

func (p phrase) rank() int {
	c := p.core
	switch {
	case p.strongMark || c.marked || p.clk.marked:
		return rankMarked
	case c.vague:
		return rankVague
	case c.bare || c.e == nil && p.clk.bare:
		return rankNone
	case c.weak && !p.clk.set:
		return rankWeak
	}
	return rankPlain
}

// matchAt returns the longest phrase that starts at rune i of r, if any.
// Phrases do not start or end inside a run of ASCII letters or digits or of
// Chinese numerals, so 2026-12-01 is never read from its middle and v1.2.3
// holds no date.
func matchAt(r []rune, i int) (phrase, bool) {
	if i >= len(r) || !canStart(r[i]) || !boundaryBefore(r, i) {
		return phrase{}, false
	}
	s := &scanner{r: r, pos: i}
	p := phrase{start: i}
	p.strongMark = s.prefix()
	from := s.fromWord()
	c, ok := s.core()
	if !ok {
		return phrase{}, false
	}
	if p.core, p.clk, ok = s.dayAndClock(c); !ok {
		return phrase{}, false
	}
	if end, clk, ok := s.rangeEnd(p.core, p.clk); ok {
		p.core, p.clk, p.strongMark, p.rng = end, clk, true, true
	} else if from {
		return phrase{}, false // 从12月1日 alone is a start, not a deadline
	}
	switch {
	case !c.final && s.suffix():
		p.strongMark = true
	case !c.final && s.startWord():
		return phrase{}, false // 12月1日起施行: a start, not a deadline
	}
	p.end = s.pos
	if !boundaryAfter(r, p.end) {
		return phrase{}, false
	}
	return p, true
}

// dayAndClock completes a core with its time of day: the one that follows
// a day (明天下午3点), the end of the evening for 今晚 alone, or, for a time
// said first, the day after it ("3pm tomorrow").
func (s *scanner) dayAndClock(c core) (core, clock, bool) {
	switch {
	case c.e == nil:
		return s.dayAfterClock(c)
	case !c.clock:
		return c, clock{}, true
	}
	clk, ok := s.gapClock(c.period)
	switch {
	case ok:
	case c.period == evening: // 今晚 alone: by the end of the evening
		clk = clock{set: true, nextDay: true, start: c.start, end: c.end}
	case c.needs: // 明早 alone names no hour
		return c, clock{}, false
	}
	return c, clk, true
}

// dayAfterClock looks for a day after a time of day and a space, as English
// puts it ("at 3pm tomorrow"); without one the time is today's.
func (s *scanner) dayAfterClock(c core) (core, clock, bool) {
	p := s.pos
	if !c.clk.bare && s.spaces() { // "3点 明天" is more likely two things
		if day, ok := s.core(); ok && day.e != nil && day.clock && !day.needs {
			return day, c.clk, true
		}
	}
	s.pos = p
	return c, c.clk, true
}

// rangeWords join the two ends of a period; the deadline is its end.
var rangeWords = []string{"起至", "起到", "开始至", "开始到", "至", "到", "~", "-", "—"}

// fromWord consumes 从 or 自, which open a period (从12月5日至12月10日,
// 自明天起至下周五), and reports whether there was one.
func (s *scanner) fromWord() bool {
	if s.oneOf([]string{"从", "自"}) < 0 {
		return false
	}
	s.spaces()
	return true
}

// rangeEnd consumes the second half of a period (12月5日至12月10日, 周一到周五,
// 下午3点至5点) and returns its end. An end that leaves out what the start
// said takes it from the start: 明天下午3点至5点 ends tomorrow at 17:00,
// 12月5日至10日 on 12月10日, 2017年8月11日至8月22日 in 2017.
func (s *scanner) rangeEnd(first core, firstClk clock) (core, clock, bool) {
	p := s.pos
	if first.final || first.vague {
		return core{}, clock{}, false
	}
	s.spaces()
	if s.oneOf(rangeWords) >= 0 {
		s.spaces()
		if c, ok := s.core(); ok && !c.final && !c.vague {
			if c, clk, ok := s.dayAndClock(c); ok {
				c, clk = inherit(first, firstClk, c, clk)
				return c, clk, true
			}
		}
	}
	s.pos = p
	return core{}, clock{}, false
}

// inherit completes a period's end with what its start said and it left out.
func inherit(first core, firstClk clock, end core, clk clock) (core, clock) {
	if end.e == nil { // a time of day alone: the start's day, and its part of the day
		end.e, end.start = first.e, first.start
		if firstClk.set && clk.per == anyPeriod {
			clk = clk.in(firstClk.per)
		}
		return end, clk
	}
	start, ok := first.e.(date)
	if !ok {
		return end, clk
	}
	switch e := end.e.(type) {
	case dayOfMonth: // 12月5日至10日
		if e.roll {
			end.e = date{m: start.m, d: e.d, from: &start}
			end.bare = false
		}
	case date: // 2017年8月11日至8月22日
		if e.y.kind == noYear && e.from == nil {
			e.from = &start
			end.e = e
		}
	}
	return end, clk
}

// startWords after a day make it the start of something, not a deadline
// (12月1日起施行, 周五以后).
var startWords = []string{"起", "开始", "以后", "之后", "后"}

// startWord reports whether a start word follows, consuming nothing.
func (s *scanner) startWord() bool {
	p := s.pos
	ok := s.oneOf(startWords) >= 0
	s.pos = p
	return ok
}

// gapClock consumes a time of day after a day, separated by nothing, spaces,
// or the ISO "T" (2026-12-01T15:00).
func (s *scanner) gapClock(def period) (clock, bool) {
	p := s.pos
	if !s.spaces() {
		if s.peek() == 't' && isDigit(s.peekAt(1)) {
			s.pos++
		}
	}
	c, ok := s.clock(def, true)
	if !ok {
		s.pos = p
	}
	return c, ok
}

// startRunes are the Chinese characters a phrase can begin with: the first
// characters of the prefixes and of every core alternative. Checking them
// first lets Find skip most of a sentence cheaply. The table tests cover
// every alternative, so a character missing here fails them.
const startRunes = "请务最不须需应截在于从自" + // prefixes
	"半尽马立待随抓近择另适" + // 半小时, vague words
	"大后明今前昨去年" + // days and years
	"下上这本周星礼月季" + // weeks, months, quarters
	"凌早中傍晚夜" + // periods of the day
	"元春清劳端国" // holidays (五一 and 十一 start with numerals, 中秋 with 中)

// canStart reports whether a phrase may begin with c.
func canStart(c rune) bool {
	if c < 0x80 {
		return isAlnum(c)
	}
	return isCnNumeral(c) || strings.ContainsRune(startRunes, c)
}

// boundaryBefore reports whether a phrase may start at rune i.
func boundaryBefore(r []rune, i int) bool {
	if i == 0 || i >= len(r) {
		return i < len(r)
	}
	c, prev := r[i], r[i-1]
	switch {
	case isLetter(c):
		return !isLetter(prev)
	case isDigit(c):
		return !isAlnum(prev) && !(isNumberJoin(prev) && i >= 2 && isDigit(r[i-2]))
	case isCnNumeral(c):
		return !isCnNumeral(prev)
	}
	return true
}

// boundaryAfter reports whether a phrase may end before rune i.
func boundaryAfter(r []rune, i int) bool {
	if i == 0 || i >= len(r) {
		return true
	}
	c, last := r[i], r[i-1]
	switch {
	case isLetter(last):
		return !isLetter(c)
	case isDigit(last):
		return !isAlnum(c) && !(isNumberJoin(c) && i+1 < len(r) && isDigit(r[i+1]))
	case isCnNumeral(last):
		return !isCnNumeral(c)
	}
	return true
}

// isNumberJoin reports whether c joins digits into one token (1.5, 3:2,
// 1/2, 2026-12).
func isNumberJoin(c rune) bool { return c == '.' || c == ':' || c == '/' || c == '-' }

// Prefixes that mean "by"; 在 and 于 come last as they are the weakest: they
// are consumed with the phrase (请在…, 应于…) but do not mark a deadline by
// themselves (于12月1日召开会议).
var strongPrefixes = []string{
	"请务必于", "请务必在", "务必于", "务必在", "请于", "请在",
	"最迟于", "最晚于", "最迟在", "最晚在", "最迟", "最晚", "不晚于", "不迟于",
	"须于", "需于", "须在", "需在", "应于", "应在", "应当于", "应当在",
}
var deadlineWords = []string{"截止到", "截止于", "截至到", "截至于", "截止", "截至"}
var weakPrefixes = []string{"在", "于"}
var englishPrefixes = [][]string{
	{"no", "later", "than"}, {"due", "by"}, {"by"}, {"before"}, {"due"},
	{"until"}, {"till"}, {"deadline"}, {"on"},
}

// prefix consumes a prefix and reports whether it means "by".
func (s *scanner) prefix() bool {
	switch {
	case s.oneOf(strongPrefixes) >= 0:
		s.spaces()
		return true
	case s.deadlineWord():
		return true
	case s.weakPrefix():
		return false
	}
	return s.englishPrefix()
}

// weakPrefix consumes 在 or 于. After another Chinese character it may end
// a word instead (不存在 明天), so there it counts only when the phrase
// follows at once (各单位于12月10日前).
func (s *scanner) weakPrefix() bool {
	p := s.pos
	if s.oneOf(weakPrefixes) < 0 {
		return false
	}
	afterHan := p > 0 && unicode.Is(unicode.Han, s.r[p-1])
	if s.spaces() && afterHan {
		s.pos = p
		return false
	}
	return true
}

// deadlineWord consumes 截止/截至 in its forms: 截止到, 截止时间为, 截止日期：.
func (s *scanner) deadlineWord() bool {
	if s.oneOf(deadlineWords) < 0 {
		return false
	}
	s.oneOf([]string{"时间", "日期"})
	s.spaces()
	if s.oneOf([]string{"为", "是", ":"}) >= 0 {
		s.spaces()
	}
	return true
}

// englishPrefix consumes "by ", "before ", "due: " and the like.
func (s *scanner) englishPrefix() bool {
	p := s.pos
	for _, ws := range englishPrefixes {
		if !s.words(ws...) {
			continue
		}
		s.lit(":")
		if s.spaces() {
			return ws[0] != "on"
		}
		s.pos = p
	}
	return false
}

// Suffixes that mean "by". 前 is not taken before 往, 去, 后 and 夕, nor 内
// before 容, 部 and the like, where they start another word (12月1日前往北京,
// 今天内容).
var suffixes = []string{"之前", "以前", "为止", "截止", "截至", "前", "止", "之内", "以内", "内"}

// notWithin are the characters after 内 that make it part of another word.
const notWithin = "容部地外涵存务心网阁科"

func (s *scanner) suffix() bool {
	p := s.pos
	s.spaces() // 下周五 前
	i := s.oneOf(suffixes)
	if i < 0 {
		s.pos = p
		return false
	}
	if suffixes[i] == "前" && strings.ContainsRune("往去后夕", s.peek()) ||
		suffixes[i] == "内" && strings.ContainsRune(notWithin, s.peek()) {
		s.pos = p
		return false
	}
	return true
}

// alternatives are the core matchers. Each either matches at s.pos and
// consumes, or leaves s.pos alone and reports false.
var alternatives = []func(*scanner) (core, bool){
	(*scanner).duration,
	(*scanner).vague,
	(*scanner).festival,
	(*scanner).xun,
	(*scanner).relativeDay,
	(*scanner).week,
	(*scanner).monthWord,
	(*scanner).quarter,
	(*scanner).yearAndMonth,
	(*scanner).numericDate,
	(*scanner).dayNumber,
	(*scanner).english,
	(*scanner).timeOfDay,
}

// core consumes the longest core at s.pos. On a tie the earlier alternative
// wins, which puts 3日内 (a duration) before 3日 (a day of the month).
func (s *scanner) core() (core, bool) {
	start := s.pos
	var best core
	bestEnd := -1
	for _, alt := range alternatives {
		s.pos = start
		if c, ok := alt(s); ok && s.pos > start && s.pos > bestEnd {
			best, bestEnd = c, s.pos
		}
	}
	if bestEnd < 0 {
		s.pos = start
		return core{}, false
	}
	best.start, best.end = start, bestEnd
	s.pos = bestEnd
	return best, true
}
