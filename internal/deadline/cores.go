package deadline

import (
	"strings"
	"time"
)

// Each core alternative below matches at s.pos; on failure it may leave
// s.pos anywhere, as core resets it before the next alternative.

// withinWords end a duration: 3天内, 3天之内, 3天后.
var withinWords = []string{"之内", "以内", "内", "之后", "以后", "后"}

// duration matches N天内/后, N日内, N周内, N个星期内, N个月内, N年内,
// N个工作日(内), N(个)小时后/内, N个半小时后, N分钟后/内, and the halves:
// 半小时后, 半个月内, 半年内.
func (s *scanner) duration() (core, bool) {
	if s.pastSpan() {
		return core{}, false
	}
	n, ok := s.num()
	if !ok {
		return s.half()
	}
	s.gap()
	e, within := s.durationUnit(n)
	if e == nil {
		return core{}, false
	}
	w := s.oneOf(withinWords)
	if w < 0 && within || w >= 0 && strings.HasSuffix(withinWords[w], "内") && strings.ContainsRune(notWithin, s.peek()) {
		return core{}, false // 3周内容: another word
	}
	return core{e: e, final: true, marked: true}, true
}

// pastSpan reports whether a span of time at pos is one looking back (近3年内,
// 过去3天内, 最近两周内): what a task is about, not its deadline.
func (s *scanner) pastSpan() bool {
	before := string(s.r[max(0, s.pos-2):s.pos])
	return strings.HasSuffix(before, "近") || strings.HasSuffix(before, "过去")
}

// maxYearCount is the largest N of N年内: a larger number is a year
// (2026年内), not a count.
const maxYearCount = 99

// durationUnit consumes the unit after a count and returns the expression
// and whether a 内/后 word must follow (it need not after 工作日: "3个工作日"
// is already a deadline).
func (s *scanner) durationUnit(n int) (expr, bool) {
	ge := s.lit("个")
	if ge {
		s.gap()
	}
	switch {
	case s.lit("工作日"):
		return workdays{n}, false
	case !ge && s.oneOf([]string{"天", "日"}) >= 0:
		return afterDays{n, 1}, true
	case s.oneOf([]string{"星期", "礼拜"}) >= 0 || !ge && s.lit("周"):
		return afterDays{n, 7}, true
	case ge && s.lit("月"):
		return afterMonths{n}, true
	case !ge && n <= maxYearCount && s.lit("年"):
		return afterMonths{12 * n}, true
	case s.lit("半"):
		if s.oneOf([]string{"小时", "钟头"}) >= 0 {
			return afterMinutes{n, 60, 30}, true
		}
	case s.oneOf([]string{"小时", "钟头"}) >= 0:
		return afterMinutes{n, 60, 0}, true
	case !ge && s.lit("分钟"):
		return afterMinutes{n, 1, 0}, true
	}
	return nil, false
}

// half matches 半小时后, 半个小时内, 半个钟头后; 半个月内 (15 days) and
// 半年内 (6 months).
func (s *scanner) half() (core, bool) {
	if !s.lit("半") {
		return core{}, false
	}
	s.lit("个")
	var c core
	switch {
	case s.oneOf([]string{"小时", "钟头"}) >= 0:
		c = core{e: afterMinutes{0, 1, 30}}
	case s.lit("月"):
		c = core{e: afterDays{15, 1}, note: "半个月按15天计"}
	case s.lit("年"):
		c = core{e: afterMonths{6}, note: "半年按6个月计"}
	default:
		return core{}, false
	}
	if s.oneOf(withinWords) < 0 {
		return core{}, false
	}
	c.final, c.marked = true, true
	return c, true
}

var vagueWords = []string{"尽快", "尽早", "马上", "立即", "立刻", "待定", "随时", "抓紧",
	"近期", "早日", "择期", "另行通知", "适时"}
var vagueEnglish = [][]string{{"as", "soon", "as", "possible"}, {"asap"}, {"tbd"}, {"whenever"}}

// vague matches the words that set no time (尽快, asap).
func (s *scanner) vague() (core, bool) {
	if s.oneOf(vagueWords) >= 0 {
		return core{e: vagueWord{}, vague: true, final: true}, true
	}
	for _, ws := range vagueEnglish {
		if s.words(ws...) {
			return core{e: vagueWord{}, vague: true, final: true}, true
		}
	}
	return core{}, false
}

var relativeDays = []string{"大后天", "后天", "明天", "明日", "今天", "今日", "大前天", "前天", "昨天", "昨日",
	"今晚", "明晚", "今早", "明早"}
var relativeOffsets = []int{3, 2, 1, 1, 0, 0, -3, -2, -1, -1, 0, 1, 0, 1}

// relativeDay matches 今天, 明天, 后天, 大后天, 昨天, 前天; 今晚/明晚, after
// which an hour is an evening hour (今晚8点) and which alone mean the end of
// the evening; and 今早/明早, which need an hour after them (明早9点).
func (s *scanner) relativeDay() (core, bool) {
	i := s.oneOf(relativeDays)
	if i < 0 {
		return core{}, false
	}
	c := core{e: relDay{relativeOffsets[i]}, clock: true}
	switch relativeDays[i] {
	case "今晚", "明晚":
		c.period, c.needs = evening, true
	case "今早", "明早":
		c.period, c.needs = morning, true
	}
	return c, true
}

// Qualifiers of a week, month or quarter, with the offset they mean.
var qualifiers = []string{"下下个", "下下", "下个", "下", "上上个", "上上", "上个", "上", "这个", "这", "本"}
var qualifierOffsets = []int{2, 2, 1, 1, -2, -2, -1, -1, 0, 0, 0}

// qualifier consumes one of qualifiers and returns its offset, and whether
// there was one.
func (s *scanner) qualifier() (int, bool) {
	i := s.oneOf(qualifiers)
	if i < 0 {
		return 0, false
	}
	return qualifierOffsets[i], true
}

// week matches 周X, 星期X, 礼拜X (X in 一…六, 日, 天), with a qualifier (本周五,
// 下个星期一, 下下周三, 上礼拜天), and 周末 with or without one.
func (s *scanner) week() (core, bool) {
	off, explicit := s.qualifier()
	w := s.oneOf([]string{"周", "星期", "礼拜"})
	if w < 0 {
		return core{}, false
	}
	if w == 0 && s.lit("末") { // 周末 is this week's Sunday: it never rolls
		return core{e: weekDay{off, time.Sunday}, clock: true}, true
	}
	if explicit && s.within() { // 本周内: by this week's Sunday
		return core{e: weekDay{off, time.Sunday}, final: true, marked: true,
			note: qualifierName(off) + "周内按" + qualifierName(off) + "周日计"}, true
	}
	wd, ok := s.weekdayName()
	switch {
	case !ok:
		return core{}, false
	case explicit:
		return core{e: weekDay{off, wd}, clock: true}, true
	}
	return core{e: nearestWeekday{wd}, clock: true}, true
}

// weekdayName consumes 一…六, 日 or 天 after 周/星期/礼拜.
func (s *scanner) weekdayName() (time.Weekday, bool) {
	c := s.peek()
	if c == '日' || c == '天' {
		s.pos++
		return time.Sunday, true
	}
	if d, ok := cnDigit(c); ok && 1 <= d && d <= 6 {
		s.pos++
		return time.Weekday(d), true
	}
	return 0, false
}

// weekdayNote consumes a weekday written after a date, as notices do
// (12月1日（周二）), and ignores it: the date is what counts.
func (s *scanner) weekdayNote() {
	p := s.pos
	s.spaces()
	open := s.lit("(") // （ is folded to (
	if s.oneOf([]string{"周", "星期", "礼拜"}) < 0 {
		s.pos = p
		return
	}
	if _, ok := s.weekdayName(); !ok {
		s.pos = p
		return
	}
	if open && !s.lit(")") {
		s.pos = p
	}
}

// monthWord matches 月底, 月末, 月中, 月初 with or without a qualifier (本月底,
// 下个月底, 下月中, 下月初), 上旬/中旬/下旬 after a month word (本月下旬),
// 本月内, and 本月15号, 下个月1日. 月中, 月初 and the 旬 without a qualifier
// roll to next month's once this month's has passed; the others never
// roll.
func (s *scanner) monthWord() (core, bool) {
	off, explicit := s.qualifier()
	if !s.lit("月") {
		return core{}, false
	}
	if d, note, ok := s.monthPartWord(); ok {
		return core{e: monthPart{off, !explicit, d}, clock: true, note: note}, true
	}
	switch {
	case s.oneOf([]string{"底", "末"}) >= 0:
		return core{e: monthEnd{off}, clock: true}, true
	case !explicit:
		return core{}, false
	case s.within(): // 本月内: by the month's last day
		return core{e: monthEnd{off}, final: true, marked: true,
			note: qualifierName(off) + "月内按" + qualifierName(off) + "月底计"}, true
	}
	s.gap()
	d, ok := s.num()
	if !ok || s.oneOf([]string{"号", "日"}) < 0 {
		return core{}, false
	}
	return core{e: dayOfMonth{off, false, d}, clock: true}, true
}

// monthPartWord consumes a part of a month after 月 and returns its day (0:
// the last) and the convention: 中 the 15th, 初 the 5th, 上旬 the 10th, 中旬
// the 20th, 下旬 the month's end.
func (s *scanner) monthPartWord() (d int, note string, ok bool) {
	p := s.pos
	switch s.oneOf([]string{"上旬", "中旬", "下旬", "中", "初"}) {
	case 0:
		return 10, "上旬按10日计", true
	case 1:
		return 20, "中旬按20日计", true
	case 2:
		return 0, "下旬按月底计", true
	case 3:
		return 15, "", true
	case 4:
		if strings.ContainsRune("步稿审次期始衷选", s.peek()) { // 本月初步完成: another word
			s.pos = p
			return 0, "", false
		}
		return 5, "月初按5日计", true
	}
	return 0, "", false
}

// xun matches 上旬, 中旬 and 下旬 alone: this month's, or next month's once
// this month's has passed.
func (s *scanner) xun() (core, bool) {
	if s.oneOf([]string{"上", "中", "下"}) < 0 || s.peek() != '旬' {
		return core{}, false
	}
	s.pos--
	d, note, _ := s.monthPartWord()
	return core{e: monthPart{0, true, d}, clock: true, note: note}, true
}

// within consumes 内, 之内 or 以内 when it ends the word (not 内容, 内部).
func (s *scanner) within() bool {
	p := s.pos
	if s.oneOf([]string{"之内", "以内", "内"}) < 0 {
		return false
	}
	if strings.ContainsRune(notWithin, s.peek()) {
		s.pos = p
		return false
	}
	return true
}

// qualifierName is how a week or month qualifier is said in a note.
func qualifierName(off int) string {
	switch off {
	case 0:
		return "本"
	case 1:
		return "下"
	case 2:
		return "下下"
	}
	return "上"
}

// dayNumber matches a day of the month alone: 15号, 15日. It is this
// month's if not yet before today, else next month's.
func (s *scanner) dayNumber() (core, bool) {
	d, ok := s.num()
	if !ok || s.oneOf([]string{"号", "日"}) < 0 {
		return core{}, false
	}
	return core{e: dayOfMonth{0, true, d}, clock: true, bare: true}, true
}

// quarter matches 季度末, 季末, 本季度末, 下个季度末 (末 or 底).
func (s *scanner) quarter() (core, bool) {
	off, _ := s.qualifier()
	if s.oneOf([]string{"季度", "季"}) < 0 || s.oneOf([]string{"末", "底"}) < 0 {
		return core{}, false
	}
	return core{e: quarterEnd{off}, clock: true}, true
}

// yearAndMonth matches the Chinese dates: 年底, 今年底, 明年年底, 2026年底,
// 年内, 今年内, M月D日/号, M月底, M月中, M月初, M月上旬/中旬/下旬, M月内,
// each optionally after a year (2026年, 二〇二六年, 今年, 明年). Spaces may
// stand between the numbers and the words (2026年 4月 2日).
func (s *scanner) yearAndMonth() (core, bool) {
	if s.pos > 0 && s.peek() == '年' {
		if c := s.r[s.pos-1]; isDigit(c) || isCnNumeral(c) || c == '半' {
			return core{}, false // the 年 of 3年内 or 半年 ends a count
		}
	}
	y := s.yearPrefix()
	nian := s.lit("年") // 年底, 今年年底
	if y.kind != noYear || nian {
		switch {
		case s.oneOf([]string{"底", "末"}) >= 0:
			return core{e: yearEnd{y}, clock: true}, true
		case s.within(): // 年内, 2026年内: by the year's last day
			if y.kind == noYear {
				y = yearSpec{relYear, 0}
			}
			return core{e: yearEnd{y}, final: true, marked: true, note: "年内按12月31日计"}, true
		}
	}
	if nian {
		return core{}, false
	}
	if y.kind != noYear {
		s.gap()
	}
	m, ok := s.num()
	if !ok {
		return core{}, false
	}
	s.gap()
	if !s.lit("月") {
		return core{}, false
	}
	if d, note, ok := s.monthPartWord(); ok {
		if d == 0 {
			return core{e: monthEndOf{y, m}, clock: true, note: note}, true
		}
		return core{e: date{y: y, m: m, d: d}, clock: true, note: note}, true
	}
	switch {
	case s.oneOf([]string{"底", "末"}) >= 0:
		return core{e: monthEndOf{y, m}, clock: true}, true
	case s.within(): // 12月内: by its last day
		return core{e: monthEndOf{y, m}, final: true, marked: true}, true
	}
	s.gap()
	d, ok := s.num()
	if !ok {
		return core{}, false
	}
	s.gap()
	if s.oneOf([]string{"日", "号"}) < 0 {
		return core{}, false
	}
	s.weekdayNote()
	return core{e: date{y: y, m: m, d: d}, clock: true}, true
}

// yearPrefix consumes 2026年, 二〇二六年, 今年, 明年, 后年 or 去年.
func (s *scanner) yearPrefix() yearSpec {
	p := s.pos
	if y, ok := s.year(); ok && s.lit("年") {
		return yearSpec{absYear, y}
	}
	s.pos = p
	switch s.oneOf([]string{"今年", "明年", "后年", "去年"}) {
	case 0:
		return yearSpec{relYear, 0}
	case 1:
		return yearSpec{relYear, 1}
	case 2:
		return yearSpec{relYear, 2}
	case 3:
		return yearSpec{relYear, -1}
	}
	return yearSpec{}
}

// numericDate matches YYYY-MM-DD, YYYY/M/D, YYYY.M.D (absolute) and M-D,
// M/D, M.D (this year or next). The separators must agree, and the short
// form is weak: a lone 2.3 may well be a section number.
func (s *scanner) numericDate() (core, bool) {
	start := s.pos
	a, ok := s.arabic(1, 4)
	if !ok {
		return core{}, false
	}
	digits := s.pos - start
	sep := s.peek()
	if digits == 3 || !isDateSep(sep) {
		return core{}, false
	}
	s.pos++
	b, ok := s.arabic(1, 2)
	if !ok {
		return core{}, false
	}
	if digits <= 2 {
		s.weekdayNote()
		return core{e: date{m: a, d: b}, clock: true, weak: true}, true
	}
	if !s.lit(string(sep)) {
		return core{}, false
	}
	d, ok := s.arabic(1, 2)
	if !ok {
		return core{}, false
	}
	s.weekdayNote()
	return core{e: date{y: yearSpec{absYear, a}, m: b, d: d}, clock: true}, true
}

func isDateSep(c rune) bool { return c == '-' || c == '/' || c == '.' }

// timeOfDay matches a time of day alone (下午3点, 下班前, 中午, 7:30): today.
func (s *scanner) timeOfDay() (core, bool) {
	c, ok := s.clock(anyPeriod, false)
	if !ok {
		return core{}, false
	}
	return core{clk: c}, true
}
