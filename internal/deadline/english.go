package deadline

import "time"

var weekdayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// Month names, full and abbreviated, with their numbers.
var monthNames = []struct {
	name string
	m    int
}{
	{"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
	{"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
	{"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8},
	{"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
}

// english matches the English phrases (already lower-cased by fold): today,
// tomorrow, friday, next friday, this friday, end of month, end of year,
// in N days/hours/minutes/weeks/months/working days, dec 1, 1 december.
// Weekday names are the full ones only: "sat" and "sun" are words too.
func (s *scanner) english() (core, bool) {
	if !isAlnum(s.peek()) {
		return core{}, false
	}
	p := s.pos
	for _, f := range englishAlternatives {
		s.pos = p
		if c, ok := f(s); ok {
			return c, true
		}
	}
	return core{}, false
}

// englishAlternatives start with different words, so the first match wins.
var englishAlternatives = []func(*scanner) (core, bool){
	(*scanner).englishDay, (*scanner).englishWeekday, (*scanner).englishEnd,
	(*scanner).englishIn, (*scanner).englishDate,
}

func (s *scanner) englishDay() (core, bool) {
	switch {
	case s.word("today"):
		return core{e: relDay{0}, clock: true}, true
	case s.word("tomorrow"):
		return core{e: relDay{1}, clock: true}, true
	case s.words("the", "day", "after", "tomorrow") || s.words("day", "after", "tomorrow"):
		return core{e: relDay{2}, clock: true}, true
	case s.word("yesterday"):
		return core{e: relDay{-1}, clock: true}, true
	}
	return core{}, false
}

// englishWeekday matches [next|this|last] friday and [next|this] weekend.
func (s *scanner) englishWeekday() (core, bool) {
	p := s.pos
	off, explicit := 0, true
	switch {
	case s.words("next", "week") || s.words("week", "after", "next"):
		s.pos = p // "next week" alone names no day
		return core{}, false
	case s.word("next") && s.spaces():
		off = 1
	case s.word("this") && s.spaces():
	case s.word("last") && s.spaces():
		off = -1
	default:
		s.pos, explicit = p, false
	}
	if s.word("weekend") {
		return core{e: weekDay{off, time.Sunday}, clock: true}, true
	}
	for i, w := range weekdayNames {
		if !s.word(w) {
			continue
		}
		if explicit {
			return core{e: weekDay{off, time.Weekday(i)}, clock: true}, true
		}
		return core{e: nearestWeekday{time.Weekday(i)}, clock: true}, true
	}
	return core{}, false
}

// englishEnd matches end of [the|this|next] month/quarter/year.
func (s *scanner) englishEnd() (core, bool) {
	if !s.words("end", "of") || !s.spaces() {
		return core{}, false
	}
	off := 0
	switch {
	case s.word("next") && s.spaces():
		off = 1
	case (s.word("the") || s.word("this")) && s.spaces():
	}
	switch {
	case s.word("month"):
		return core{e: monthEnd{off}, clock: true}, true
	case s.word("quarter"):
		return core{e: quarterEnd{off}, clock: true}, true
	case s.word("year"):
		return core{e: yearEnd{yearSpec{relYear, off}}, clock: true}, true
	}
	return core{}, false
}

// englishIn matches in/within N units, and in half an hour.
func (s *scanner) englishIn() (core, bool) {
	if !(s.word("in") || s.word("within")) || !s.spaces() {
		return core{}, false
	}
	if s.words("half", "an", "hour") {
		return core{e: afterMinutes{0, 1, 30}, final: true, marked: true}, true
	}
	n, ok := s.englishNum()
	if !ok || !s.spaces() {
		return core{}, false
	}
	var e expr
	switch {
	case s.unit("day"):
		e = afterDays{n, 1}
	case s.unit("week"):
		e = afterDays{n, 7}
	case s.unit("month"):
		e = afterMonths{n}
	case s.unit("hour") || s.unit("hr"):
		e = afterMinutes{n, 60, 0}
	case s.unit("minute") || s.unit("min"):
		e = afterMinutes{n, 1, 0}
	case s.workingDays():
		e = workdays{n}
	default:
		return core{}, false
	}
	return core{e: e, final: true, marked: true}, true
}

// unit consumes an English unit, singular or plural.
func (s *scanner) unit(w string) bool { return s.word(w) || s.word(w+"s") }

// workingDays consumes working days, business days or workdays.
func (s *scanner) workingDays() bool {
	p := s.pos
	if (s.word("working") || s.word("business")) && s.spaces() && s.unit("day") {
		return true
	}
	s.pos = p
	return s.unit("workday")
}

// englishDate matches dec 1, december 1st, 1 dec, 1st of december, each
// with an optional year (dec 1, 2026).
func (s *scanner) englishDate() (core, bool) {
	p := s.pos
	if m, ok := s.monthName(); ok && s.spaces() {
		if d, ok := s.ordinal(); ok {
			return s.englishYear(m, d), true
		}
	}
	s.pos = p
	d, ok := s.ordinal()
	if !ok || !s.spaces() {
		return core{}, false
	}
	if s.word("of") && !s.spaces() {
		return core{}, false
	}
	m, ok := s.monthName()
	if !ok {
		return core{}, false
	}
	return s.englishYear(m, d), true
}

// englishYear consumes an optional year after a date and returns the core.
func (s *scanner) englishYear(m, d int) core {
	p := s.pos
	s.lit(",")
	s.spaces()
	if y, ok := s.arabic(4, 4); ok {
		return core{e: date{y: yearSpec{absYear, y}, m: m, d: d}, clock: true}
	}
	s.pos = p
	return core{e: date{m: m, d: d}, clock: true}
}

func (s *scanner) monthName() (int, bool) {
	for _, n := range monthNames {
		if s.word(n.name) {
			s.lit(".") // Dec. 5
			return n.m, true
		}
	}
	return 0, false
}

// ordinal consumes a day number with an optional st/nd/rd/th.
func (s *scanner) ordinal() (int, bool) {
	d, ok := s.arabic(1, 2)
	if !ok {
		return 0, false
	}
	for _, w := range []string{"st", "nd", "rd", "th"} {
		if s.word(w) {
			break
		}
	}
	return d, true
}
