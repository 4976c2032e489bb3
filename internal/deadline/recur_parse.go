package deadline

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// ErrNoRule is returned by FindRule when the text holds no recurring
// phrase, and by ParseRule when the text does not begin with one (then it
// may well be an ordinary deadline: try Parse).
var ErrNoRule = errors.New("deadline: no recurring phrase in the text")

// Recurrence is a recurring phrase found in a text by [FindRule].
type Recurrence struct {
	Rule Rule
	// Phrase is the exact substring understood, with the prefixes and
	// suffixes consumed with it (请于每月5日前, 每周五下班前).
	Phrase string
	// Start and End are the byte offsets of Phrase in the text.
	Start, End int
}

// RuleExamples returns recurring phrases that always work, for the caller
// to show after an error (the reasons do not repeat them).
func RuleExamples() []string {
	return []string{"每周五下班前", "每月5日前", "每个工作日上午9点"}
}

// EnglishRuleExamples is [RuleExamples] in English.
func EnglishRuleExamples() []string {
	return []string{"every friday 5pm", "every month on the 5th", "every working day at 9am"}
}

// ParseRule reads the whole of text as one recurring phrase (a stored
// [Rule.String], or what /when was given). White space at both ends and a
// final sentence mark are ignored. It returns ErrNoRule when the text does
// not begin with a recurring phrase (每…, every …), so that the caller can
// read it as a deadline instead; an *Error when it begins with one that is
// unusable or incomplete (每周 without its day), or is followed by anything
// else.
func ParseRule(text string) (Rule, error) {
	t := newText(text)
	lo, hi := t.trim(false)
	if lo == hi {
		return Rule{}, ErrNoRule
	}
	_, end := t.trim(true)
	m, ok := matchRuleAt(t.r[:hi], lo)
	if !ok {
		return Rule{}, t.incompleteRule(lo, hi)
	}
	phrase := t.slice(m.start, m.end)
	if m.fail != nil {
		return Rule{}, m.fail.error(phrase)
	}
	if m.end != hi && m.end != end {
		bad := abbreviate(strings.TrimSpace(t.slice(m.end, hi)))
		return Rule{}, &Error{Kind: Unrecognized, Phrase: t.slice(lo, hi),
			Reason:  fmt.Sprintf("看不懂「%s」：周期只写一个，例如「%s」", bad, RuleExamples()[0]),
			English: fmt.Sprintf("%q is not part of a recurring deadline.", bad)}
	}
	return m.rule, nil
}

// incompleteRule explains why the text in [lo, hi), which is no whole
// recurring phrase, is not one: ErrNoRule when it does not even begin like
// one, else an *Error that says what is missing.
func (t *text) incompleteRule(lo, hi int) error {
	s := &scanner{r: t.r[:hi], pos: lo}
	s.prefix()
	switch {
	case s.lit("每"):
	case s.word("every") && s.spaces() && s.pos < hi:
		return &Error{Kind: Unrecognized, Phrase: t.slice(lo, hi),
			Reason:  fmt.Sprintf("看不懂周期「%s」，例如「%s」", abbreviate(t.slice(lo, hi)), strings.Join(RuleExamples(), "」「")),
			English: fmt.Sprintf("%q is not a recurring deadline I understand; try e.g. %q.", t.slice(lo, hi), strings.Join(EnglishRuleExamples(), `", "`))}
	default:
		return ErrNoRule
	}
	whole := t.slice(lo, hi)
	s.lit("个")
	zh, en := "看不懂周期「%s」，例如「每周五下班前」「每月5日前」「每个工作日上午9点」", "%q is not a recurring deadline I understand; try e.g. \"every friday 5pm\"."
	switch {
	case s.oneOf([]string{"周", "星期", "礼拜"}) >= 0:
		zh, en = "「%s」没有说每周几，例如「每周五下班前」", "%q does not say which day of the week, e.g. \"every friday\"."
	case s.lit("月"):
		zh, en = "「%s」没有说每月几日，例如「每月5日前」「每月底」", "%q does not say which day of the month, e.g. \"every month on the 5th\"."
	case s.oneOf([]string{"季度", "季"}) >= 0:
		zh, en = "「%s」没有说哪一天，例如「每季度末」「每季度首月10日」", "%q does not say which day of the quarter, e.g. \"end of every quarter\"."
	case s.lit("年"):
		zh, en = "「%s」没有说几月几日，例如「每年12月20日前」", "%q does not say which date, e.g. \"every year on dec 20\"."
	}
	q := abbreviate(whole)
	return &Error{Kind: Unrecognized, Phrase: whole, Reason: fmt.Sprintf(zh, q), English: fmt.Sprintf(en, q)}
}

// FindRule looks for a recurring phrase inside a longer text (an /assign
// command) and returns it with the rest of the text: text with exactly
// that phrase cut out, white space where it was collapsed and the ends
// trimmed, as [Find] does for deadlines.
//
// A text says its cadence once: the first phrase is taken, and a second
// one is an *Error (Unsupported). A cadence without its day (每周报送,
// 每月调度) is no phrase: it stays in the rest, since it may as well be part
// of the task's name (整理每周例会纪要).
//
// Errors: ErrNoRule when there is no phrase; *Error of kind Impossible (每月
// 32日, 每年2月30日, 每周五25点) or Unsupported (每两周五, 每周一、三、五,
// 每周一至周五) when the phrase cannot be kept. With an *Error, the
// Recurrence still gives the offending phrase and its span, and rest is the
// text without it.
func FindRule(text string) (rec Recurrence, rest string, err error) {
	t := newText(text)
	for i := range t.r {
		m, ok := matchRuleAt(t.r, i)
		if !ok {
			continue
		}
		rec = Recurrence{Rule: m.rule, Phrase: t.slice(m.start, m.end), Start: t.off[m.start], End: t.off[m.end]}
		rest = t.cut(m.start, m.end)
		if m.fail != nil {
			rec.Rule = Rule{}
			return rec, rest, m.fail.error(rec.Phrase)
		}
		for j := m.end; j < len(t.r); j++ {
			if second, ok := matchRuleAt(t.r, j); ok {
				two := rec.Phrase + "」「" + t.slice(second.start, second.end)
				return rec, rest, &Error{Kind: Unsupported, Phrase: rec.Phrase,
					Reason:  "一项任务只能有一个周期：「" + two + "」",
					English: fmt.Sprintf("A task has one cadence only: %q and %q.", rec.Phrase, t.slice(second.start, second.end))}
			}
		}
		return rec, rest, nil
	}
	return Recurrence{}, strings.TrimFunc(text, unicode.IsSpace), ErrNoRule
}

// ruleMatch is one recurring phrase: its rune span and either its rule or
// why it cannot be kept.
type ruleMatch struct {
	start, end int
	rule       Rule
	fail       *ruleFail
}

// ruleFail is a recognised phrase that cannot be kept. Its reasons are
// formats with one verb, the phrase as written.
type ruleFail struct {
	kind   Kind
	zh, en string
}

func (f *ruleFail) error(phrase string) *Error {
	return &Error{Kind: f.kind, Phrase: phrase, Reason: fmt.Sprintf(f.zh, phrase), English: fmt.Sprintf(f.en, phrase)}
}

var (
	failInterval = &ruleFail{Unsupported,
		"「%s」是隔几天（几周、几月）一次的周期，暂不支持；请用每周几、每月几日、每季度末或每年几月几日",
		"%q repeats every few days, weeks or months, which is not supported; use a weekday, a day of the month, the end of the quarter or a date of the year."}
	failWeekDays = &ruleFail{Unsupported,
		"「%s」每周不止一天：一项周期任务每周只能有一天，每天都要报请写「每个工作日」",
		"%q names more than one day a week: a series has one day a week; for every day write \"every working day\"."}
	failMonthDays = &ruleFail{Unsupported,
		"「%s」每月不止一天：一项周期任务每月只能有一天，可以分成两项任务",
		"%q names more than one day a month: a series has one; make two tasks."}
	failWeekend = &ruleFail{Unsupported,
		"「%s」落在周末，不是工作日；请写明每周几，例如「每周五下班前」",
		"%q falls on the weekend, which is no working day; name a weekday, e.g. \"every friday\"."}
	failNoDay        = &ruleFail{Impossible, "「%s」没有这一天", "%q names a day that does not exist."}
	failClock        = &ruleFail{Impossible, "「%s」不是一个存在的时间", "%q is not a possible time of day."}
	failPastMidnight = &ruleFail{Unsupported,
		"「%s」的时间过了午夜，请写当天的时间，例如「晚上11点半」",
		"%q is past midnight; give a time on the day itself."}
	failMonthOfQuarter = &ruleFail{Unrecognized,
		"「%s」没有说几日，例如「每季度首月10日」", "%q does not say which day, e.g. \"quarterly on day 10 of the first month\"."}
)

// ruleStarts are the Chinese characters a recurring phrase may begin with:
// 每 and the first characters of the prefixes (请于每月5日前).
const ruleStarts = "每请务最不须需应截在于"

// matchRuleAt returns the recurring phrase that starts at rune i of r, if
// any:
//
//	rule = [prefix] 每 [逢] body [[的] clock] [suffix]
//
// with the prefixes and suffixes of deadlines, and the time of day read as
// a deadline's (下班前, 上午10点, 9:30). An English rule ("every friday
// 5pm") takes the place of 每 body.
func matchRuleAt(r []rune, i int) (ruleMatch, bool) {
	if c := r[i]; !strings.ContainsRune(ruleStarts, c) && !isLetter(c) || !boundaryBefore(r, i) {
		return ruleMatch{}, false
	}
	s := &scanner{r: r, pos: i}
	s.prefix()
	var rule Rule
	var fail *ruleFail
	var ok bool
	if s.lit("每") {
		s.lit("逢")
		rule, fail, ok = s.ruleBody()
	} else {
		rule, fail, ok = s.englishRule()
	}
	if !ok {
		return ruleMatch{}, false
	}
	if fail == nil {
		fail = s.ruleClock(&rule)
	}
	s.suffix()
	if !boundaryAfter(r, s.pos) {
		return ruleMatch{}, false
	}
	return ruleMatch{start: i, end: s.pos, rule: rule, fail: fail}, true
}

// ruleClock reads the time of day after a rule's days into the rule: 18:00
// when none is said.
func (s *scanner) ruleClock(rule *Rule) *ruleFail {
	p := s.pos
	s.lit("的") // 每周五的下午3点
	c, ok := s.gapClock(anyPeriod)
	switch {
	case !ok:
		s.pos = p
		rule.Hour, rule.Minute = endOfWork.hour, endOfWork.min
	case c.bad:
		return failClock
	case c.nextDay && (c.hour != 0 || c.min != 0):
		return failPastMidnight
	case c.nextDay:
		rule.Hour, rule.Minute = 24, 0
	default:
		rule.Hour, rule.Minute = c.hour, c.min
	}
	return nil
}

// ruleBody reads what follows 每. ok is false when it is no recurring
// phrase at all (每一项, 每周例会); fail is set when it is one that cannot be
// kept.
func (s *scanner) ruleBody() (rule Rule, fail *ruleFail, ok bool) {
	p := s.pos
	if s.interval() {
		return Rule{}, failInterval, true
	}
	s.pos = p
	s.lit("一") // 每一天, 每一个工作日
	s.lit("个")
	switch {
	case s.lit("工作日"), s.oneOf([]string{"天", "日"}) >= 0:
		return Rule{Cadence: Daily}, nil, true
	case s.oneOf([]string{"周", "星期", "礼拜"}) >= 0:
		return s.weeklyBody()
	case s.lit("月"):
		return s.monthlyBody()
	case s.oneOf([]string{"季度", "季"}) >= 0:
		return s.quarterlyBody()
	case s.lit("年"):
		return s.yearlyBody()
	}
	return Rule{}, nil, false
}

// interval reads a cadence of several days, weeks or months (两周, 隔周,
// 隔一个月, 三天) followed by a day or a time of day (每两周五, 每隔一周的周一,
// 每两个月5日, 每两天上午9点): a recurring phrase duban does not keep. A
// count without a day (每两周报送一次) is no phrase.
func (s *scanner) interval() bool {
	gap := s.lit("隔")
	n, counted := s.num()
	if !counted {
		counted = s.lit("半") || s.lit("双")
		n = 2
	}
	if !counted && !gap || n == 1 && !gap {
		return false
	}
	s.lit("个")
	if s.oneOf([]string{"周", "星期", "礼拜", "天", "日", "月", "季度", "季", "年"}) < 0 {
		return false
	}
	p := s.pos
	s.lit("的")
	s.oneOf([]string{"周", "星期", "礼拜"})
	if _, ok := s.ruleWeekday(); ok {
		return true
	}
	s.pos = p
	s.lit("的")
	if s.dayOfMonthWord() {
		return true
	}
	s.pos = p
	_, ok := s.gapClock(anyPeriod)
	return ok
}

// dayOfMonthWord consumes N日, N号, 底 or 末, and reports whether it did.
func (s *scanner) dayOfMonthWord() bool {
	p := s.pos
	if _, ok := s.num(); ok {
		s.gap()
		if s.oneOf([]string{"日", "号"}) >= 0 {
			return true
		}
	}
	s.pos = p
	return s.oneOf([]string{"底", "末"}) >= 0
}

// weeklyBody reads the day after 每周: 五, 的周五, 周五.
func (s *scanner) weeklyBody() (Rule, *ruleFail, bool) {
	s.lit("的")
	s.oneOf([]string{"周", "星期", "礼拜"}) // 每周的周五, 每周周五
	wd, ok := s.ruleWeekday()
	if !ok {
		if s.lit("末") {
			return Rule{}, failWeekend, true
		}
		return Rule{}, nil, false
	}
	if wd == time.Saturday || wd == time.Sunday {
		return Rule{}, failWeekend, true
	}
	if s.another(func() bool {
		s.oneOf([]string{"周", "星期", "礼拜"})
		_, ok := s.ruleWeekday()
		return ok
	}) {
		return Rule{}, failWeekDays, true
	}
	return Rule{Cadence: Weekly, Weekday: wd}, nil, true
}

// another consumes the further days joined to the first (每周一、三、五,
// 每周一和周四, 每周一至周五, 每月5日、20日) when more reads one, and reports
// whether there were any.
func (s *scanner) another(more func() bool) bool {
	found := false
	for {
		p := s.pos
		s.spaces()
		if s.oneOf([]string{"、", ",", "和", "及", "与", "或"}) >= 0 || s.oneOf(rangeWords) >= 0 {
			s.spaces()
			if more() {
				found = true
				continue
			}
		}
		s.pos = p
		return found
	}
}

// ruleWeekday reads a weekday after 周 (一…五, 六, 日, 天), but not the 一 of
// 一次 (每周一次 is once a week, not Mondays).
func (s *scanner) ruleWeekday() (time.Weekday, bool) {
	p := s.pos
	wd, ok := s.weekdayName()
	if ok && strings.ContainsRune("次回趟遍", s.peek()) {
		s.pos = p
		return 0, false
	}
	return wd, ok
}

// monthlyBody reads the day after 每月: 5日, 5号, 底, 末, 最后一天, and the
// parts of a month deadlines know (初 the 5th, 中 the 15th, 上旬 the 10th,
// 中旬 the 20th, 下旬 the last day).
func (s *scanner) monthlyBody() (Rule, *ruleFail, bool) {
	s.lit("的")
	day, fail, ok := s.ruleDay()
	if !ok || fail != nil {
		return Rule{}, fail, ok
	}
	if s.another(s.dayOfMonthWord) {
		return Rule{}, failMonthDays, true
	}
	return Rule{Cadence: Monthly, Day: day}, nil, true
}

// ruleDay reads a day of a month: N日, N号 (1–31), 底, 末, 最后一天,
// 最后一个工作日, or a part of the month (初, 中, 上旬…).
func (s *scanner) ruleDay() (day int, fail *ruleFail, ok bool) {
	if d, _, ok := s.monthPartWord(); ok {
		return d, nil, true
	}
	if s.oneOf([]string{"底", "末", "最后一天", "最后一个工作日"}) >= 0 {
		return 0, nil, true
	}
	p := s.pos
	s.gap()
	d, ok := s.num()
	if ok {
		s.gap()
		ok = s.oneOf([]string{"日", "号"}) >= 0
	}
	switch {
	case !ok:
		s.pos = p
		return 0, nil, false
	case d < 1 || d > 31:
		return 0, failNoDay, true
	}
	return d, nil, true
}

// quarterMonthWords name a month of a quarter, with its number.
var quarterMonthWords = []struct {
	word  string
	month int
}{
	{"首月", 1}, {"第一个月", 1}, {"第1个月", 1}, {"第一月", 1},
	{"第二个月", 2}, {"第2个月", 2}, {"第二月", 2}, {"中间月", 2},
	{"末月", 3}, {"最后一个月", 3}, {"最后一月", 3}, {"第三个月", 3}, {"第3个月", 3}, {"第三月", 3},
}

// quarterlyBody reads what follows 每季度: 末, 底, 最后一天 (the last day of
// the quarter), or a month of the quarter and a day (首月10日, 末月底).
func (s *scanner) quarterlyBody() (Rule, *ruleFail, bool) {
	s.lit("的")
	month := 0
	for _, w := range quarterMonthWords { // before 末: 末月10日
		if s.lit(w.word) {
			month = w.month
			break
		}
	}
	if month == 0 {
		if s.oneOf([]string{"末", "底", "最后一天", "最后一个工作日"}) >= 0 {
			return Rule{Cadence: Quarterly, Month: 3}, nil, true
		}
		return Rule{}, nil, false
	}
	s.lit("的")
	day, fail, ok := s.ruleDay()
	switch {
	case !ok:
		return Rule{}, failMonthOfQuarter, true
	case fail != nil:
		return Rule{}, fail, true
	}
	return Rule{Cadence: Quarterly, Month: month, Day: day}, nil, true
}

// yearlyBody reads what follows 每年: M月D日, M月底, 底, 末, 年底.
func (s *scanner) yearlyBody() (Rule, *ruleFail, bool) {
	s.lit("的")
	p := s.pos
	s.lit("年") // 每年年底
	if s.oneOf([]string{"底", "末"}) >= 0 {
		return Rule{Cadence: Yearly, Month: 12, Day: 31}, nil, true
	}
	s.pos = p
	s.gap()
	m, ok := s.num()
	if ok {
		s.gap()
		ok = s.lit("月")
	}
	if !ok {
		return Rule{}, nil, false
	}
	day, fail, ok := s.ruleDay()
	switch {
	case !ok:
		return Rule{}, nil, false
	case fail != nil:
		return Rule{}, fail, true
	case m < 1 || m > 12:
		return Rule{}, failNoDay, true
	}
	rule := Rule{Cadence: Yearly, Month: m, Day: day}
	if rule.Validate() != nil { // 2月30日, 4月31日
		return Rule{}, failNoDay, true
	}
	return rule, nil, true
}

// englishRule reads the English forms: every day, every working day (or
// workday, business day, weekday), every friday, every month on the 5th,
// every year on dec 20, (at the) end of every month / quarter / year.
func (s *scanner) englishRule() (Rule, *ruleFail, bool) {
	p := s.pos
	if s.words("at", "the", "end", "of", "every") || s.words("the", "end", "of", "every") ||
		s.words("end", "of", "every") || s.words("last", "day", "of", "every") {
		s.spaces()
		switch {
		case s.word("month"):
			return Rule{Cadence: Monthly}, nil, true
		case s.word("quarter"):
			return Rule{Cadence: Quarterly, Month: 3}, nil, true
		case s.word("year"):
			return Rule{Cadence: Yearly, Month: 12, Day: 31}, nil, true
		}
		return Rule{}, nil, false
	}
	s.pos = p
	if !s.word("every") || !s.spaces() {
		return Rule{}, nil, false
	}
	switch {
	case s.word("day"), s.workingDays(), s.word("weekday"):
		return Rule{Cadence: Daily}, nil, true
	case s.englishInterval():
		return Rule{}, failInterval, true
	}
	for i, w := range weekdayNames {
		if s.word(w) {
			if i == int(time.Saturday) || i == int(time.Sunday) {
				return Rule{}, failWeekend, true
			}
			return Rule{Cadence: Weekly, Weekday: time.Weekday(i)}, nil, true
		}
	}
	q := s.pos
	switch {
	case s.words("month", "on", "the") || s.words("month", "on"):
		s.spaces()
		if d, ok := s.ordinal(); ok {
			if d < 1 || d > 31 {
				return Rule{}, failNoDay, true
			}
			return Rule{Cadence: Monthly, Day: d}, nil, true
		}
	case s.words("year", "on"):
		s.spaces()
		if c, ok := s.englishDate(); ok {
			if d, ok := c.e.(date); ok && d.y.kind == noYear {
				rule := Rule{Cadence: Yearly, Month: d.m, Day: d.d}
				if rule.Validate() != nil {
					return Rule{}, failNoDay, true
				}
				return rule, nil, true
			}
		}
	}
	s.pos = q
	return Rule{}, nil, false
}

// englishInterval consumes "other week", "2 weeks", "three months on":
// a cadence of several units after every, followed by the day or time it
// falls on ("every other friday", "every 2 weeks on monday", "every 3 days
// at 9am"), which duban does not keep. Without one it is no phrase.
func (s *scanner) englishInterval() bool {
	p := s.pos
	_, counted := s.englishNum()
	if !counted && !s.word("other") || !s.spaces() {
		s.pos = p
		return false
	}
	for _, w := range weekdayNames {
		if s.word(w) {
			return true // every other friday
		}
	}
	if !(s.unit("day") || s.unit("week") || s.unit("month") || s.unit("quarter") || s.unit("year")) {
		s.pos = p
		return false
	}
	q := s.pos
	if s.spaces() && s.word("on") {
		return true
	}
	s.pos = q
	if _, ok := s.gapClock(anyPeriod); ok {
		return true
	}
	s.pos = p
	return false
}
