package deadline

import "time"

// Each core alternative below matches at s.pos; on failure it may leave
// s.pos anywhere, as core resets it before the next alternative.

// withinWords end a duration: 3天内, 3天之内, 3天后.
var withinWords = []string{"之内", "以内", "内", "之后", "以后", "后"}

// duration matches N天内/后, N日内, N周内, N个星期内, N个月内, N个工作日(内),
// N(个)小时后/内, N个半小时后, 半小时后, N分钟后/内.
func (s *scanner) duration() (core, bool) {
	n, ok := s.num()
	if !ok {
		return s.halfHour()
	}
	e, within := s.durationUnit(n)
	if e == nil {
		return core{}, false
	}
	if s.oneOf(withinWords) < 0 && within {
		return core{}, false
	}
	return core{e: e, final: true, marked: true}, true
}

// durationUnit consumes the unit after a count and returns the expression
// and whether a 内/后 word must follow (it need not after 工作日: "3个工作日"
// is already a deadline).
func (s *scanner) durationUnit(n int) (expr, bool) {
	ge := s.lit("个")
	switch {
	case s.lit("工作日"):
		return workdays{n}, false
	case !ge && s.oneOf([]string{"天", "日"}) >= 0:
		return afterDays{n, 1}, true
	case s.oneOf([]string{"星期", "礼拜"}) >= 0 || !ge && s.lit("周"):
		return afterDays{n, 7}, true
	case ge && s.lit("月"):
		return afterMonths{n}, true
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

// halfHour matches 半小时后, 半个小时内, 半个钟头后.
func (s *scanner) halfHour() (core, bool) {
	if !s.lit("半") {
		return core{}, false
	}
	s.lit("个")
	if s.oneOf([]string{"小时", "钟头"}) < 0 || s.oneOf(withinWords) < 0 {
		return core{}, false
	}
	return core{e: afterMinutes{0, 1, 30}, final: true, marked: true}, true
}

var vagueWords = []string{"尽快", "尽早", "马上", "立即", "立刻", "待定", "随时", "抓紧"}
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

// monthWord matches 月底, 月末, 月中 with or without a qualifier (本月底,
// 下个月底, 下月中), and 本月15号, 下个月1日. 月中 alone rolls to next month
// once this month's has passed; the others never roll.
func (s *scanner) monthWord() (core, bool) {
	off, explicit := s.qualifier()
	if !s.lit("月") {
		return core{}, false
	}
	switch {
	case s.oneOf([]string{"底", "末"}) >= 0:
		return core{e: monthEnd{off}, clock: true}, true
	case s.lit("中"):
		return core{e: monthMid{off, !explicit}, clock: true}, true
	case !explicit:
		return core{}, false
	}
	d, ok := s.num()
	if !ok || s.oneOf([]string{"号", "日"}) < 0 {
		return core{}, false
	}
	return core{e: dayOfMonth{off, false, d}, clock: true}, true
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
// M月D日/号, M月底, M月中, each optionally after a year (2026年, 二〇二六年,
// 今年, 明年).
func (s *scanner) yearAndMonth() (core, bool) {
	y := s.yearPrefix()
	nian := s.lit("年") // 年底, 今年年底
	if (y.kind != noYear || nian) && s.oneOf([]string{"底", "末"}) >= 0 {
		return core{e: yearEnd{y}, clock: true}, true
	}
	if nian {
		return core{}, false
	}
	m, ok := s.num()
	if !ok || !s.lit("月") {
		return core{}, false
	}
	switch {
	case s.oneOf([]string{"底", "末"}) >= 0:
		return core{e: monthEndOf{y, m}, clock: true}, true
	case s.lit("中"):
		return core{e: date{y, m, 15}, clock: true}, true
	}
	d, ok := s.num()
	if !ok || s.oneOf([]string{"日", "号"}) < 0 {
		return core{}, false
	}
	s.weekdayNote()
	return core{e: date{y, m, d}, clock: true}, true
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
		return core{e: date{yearSpec{}, a, b}, clock: true, weak: true}, true
	}
	if !s.lit(string(sep)) {
		return core{}, false
	}
	d, ok := s.arabic(1, 2)
	if !ok {
		return core{}, false
	}
	s.weekdayNote()
	return core{e: date{yearSpec{absYear, a}, b, d}, clock: true}, true
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
