package deadline

// clock is a time of day as the phrase wrote it, already converted to the
// 24-hour clock.
type clock struct {
	set     bool // a time of day was written; otherwise 18:00 applies
	hour    int
	min     int
	nextDay bool // hour:min of the following day (晚上12点, 24:00: midnight at the day's end)
	bad     bool // names no existing time (25点, 3点70分, 上午15点)
	bare    bool // nothing but "N点": too ambiguous for Find on its own (3点意见)
	marked  bool // says "deadline" by itself (下班前)
	start   int  // rune span, for error messages
	end     int

	// How the hour was said, so that a period's end can be read again in its
	// start's part of the day (下午3点至5点).
	per     period // the part of the day it was read in (anyPeriod: none)
	numeric bool   // an hour was written as a number
	rawH    int
	rawM    int
	colon   bool
}

// endOfWork is the time of day a phrase without one means: the end of the
// working day, 18:00, whatever the weekday.
var endOfWork = clock{hour: 18}

// period is a part of the day said before an hour (下午3点, 3pm).
type period int

const (
	anyPeriod period = iota // none said
	dawn                    // 凌晨
	morning                 // 早上, 早晨, 上午
	midday                  // 中午
	afternoon               // 下午, 傍晚
	evening                 // 晚上, 夜里
	am                      // English am
	pm                      // English pm
)

var periodWords = []string{"凌晨", "早上", "早晨", "上午", "中午", "下午", "傍晚", "晚上", "夜里", "夜间"}
var periodOf = []period{dawn, morning, morning, morning, midday, afternoon, afternoon, evening, evening, evening}

// clock consumes a time of day. def is the period a preceding word already
// set (今晚 → evening). afterDay allows a period without an hour, read as
// the end of that part of the day (明天上午 → 12:00, 明天下午 → 18:00,
// 明天晚上 → 24:00), which without a day would be too vague to take from a
// sentence; 中午 alone is always 12:00.
func (s *scanner) clock(def period, afterDay bool) (clock, bool) {
	start := s.pos
	c, ok := s.englishClock()
	if !ok {
		c, ok = s.chineseClock(def, afterDay)
	}
	if !ok {
		s.pos = start
		return clock{}, false
	}
	c.set, c.start, c.end = true, start, s.pos
	return c, true
}

// chineseClock consumes 下班前, or an optional period followed by N点…,
// N时…, HH:MM, or a lone period where allowed.
func (s *scanner) chineseClock(def period, afterDay bool) (clock, bool) {
	if s.oneOf([]string{"下班之前", "下班以前", "下班前"}) >= 0 {
		return clock{hour: 18, marked: true}, true
	}
	per := def
	word := s.oneOf(periodWords)
	if word >= 0 {
		per = periodOf[word]
		if p := s.pos; s.spaces() && !isDigit(s.peek()) && !isCnNumeral(s.peek()) {
			s.pos = p // 下午 3:30, but not 下午 and the next word
		}
	}
	if h, m, ok := s.hhmm(); ok {
		return convert(per, h, m, true), true
	}
	if c, ok := s.hourClock(per); ok {
		c.bare = c.bare && word < 0 && def == anyPeriod
		return c, true
	}
	switch {
	case word < 0:
		return clock{}, false
	case periodWords[word] == "中午":
		return clock{hour: 12}, true
	case afterDay && periodWords[word] == "上午":
		return clock{hour: 12}, true // the morning ends at noon
	case afterDay && periodWords[word] == "下午":
		return clock{hour: 18}, true // the afternoon ends with the working day
	case afterDay && per == evening:
		return clock{nextDay: true}, true // the evening ends at midnight
	}
	return clock{}, false
}

// hhmm consumes H:MM or HH:MM, with optional :SS that is ignored (seconds
// are below the precision of a deadline).
func (s *scanner) hhmm() (h, m int, ok bool) {
	p := s.pos
	h, ok = s.arabic(1, 2)
	if !ok || !s.lit(":") {
		s.pos = p
		return 0, 0, false
	}
	if m, ok = s.arabic(2, 2); !ok {
		s.pos = p
		return 0, 0, false
	}
	q := s.pos
	if !s.lit(":") {
		return h, m, true
	}
	if _, ok := s.arabic(2, 2); !ok {
		s.pos = q
	}
	return h, m, true
}

// hourClock consumes N点 or N时 and the minutes after it: 半, 一刻, 三刻,
// 整, M分, or M alone (3点30).
func (s *scanner) hourClock(per period) (clock, bool) {
	p := s.pos
	h, ok := s.num()
	if ok {
		s.gap()
	}
	if !ok || s.oneOf([]string{"点", "时"}) < 0 {
		s.pos = p
		return clock{}, false
	}
	s.lit("钟")
	m, said := s.minutes()
	c := convert(per, h, m, false)
	c.bare = !said
	return c, true
}

// minutes consumes what may follow N点 and reports whether anything did.
func (s *scanner) minutes() (int, bool) {
	switch {
	case s.lit("半"):
		return 30, true
	case s.lit("一刻"):
		return 15, true
	case s.lit("三刻"):
		return 45, true
	case s.lit("整"):
		return 0, true
	}
	p := s.pos
	if s.lit("零") || s.lit("〇") { // 3点零五分, 3点零5分
		d, ok := cnDigit(s.peek())
		if ok {
			s.pos++
		} else {
			d, ok = s.arabic(1, 1)
		}
		if ok && d > 0 {
			s.lit("分")
			return d, true
		}
		s.pos = p
		return 0, false
	}
	if m, ok := s.num(); ok {
		s.lit("分")
		return m, true
	}
	return 0, false
}

// englishClock consumes 3pm, 3:30 pm, noon, midnight, eod or end of (the)
// day, each optionally after "at", and "at 15:00". A bare 15:00 is left to
// chineseClock, which reads it the same way.
func (s *scanner) englishClock() (clock, bool) {
	p := s.pos
	at := s.word("at") && s.spaces()
	if !at {
		s.pos = p
	}
	switch {
	case s.word("noon"):
		return clock{hour: 12}, true
	case s.word("midnight"):
		return clock{nextDay: true}, true
	case s.word("eod") || s.words("end", "of", "day") || s.words("end", "of", "the", "day"):
		return clock{hour: 18, marked: true}, true
	}
	h, m, colon := s.hhmm()
	if !colon {
		var ok bool
		if h, ok = s.arabic(1, 2); !ok {
			s.pos = p
			return clock{}, false
		}
	}
	q := s.pos
	s.spaces()
	switch {
	case s.word("am") || s.word("a.m."):
		return convert(am, h, m, colon), true
	case s.word("pm") || s.word("p.m."):
		return convert(pm, h, m, colon), true
	}
	if colon && at {
		s.pos = q
		return convert(anyPeriod, h, m, true), true
	}
	s.pos = p
	return clock{}, false
}

// convert turns an hour said with a period into the 24-hour clock. Whatever
// has no reading (25点, 上午15点, 18:60, 24:30) is marked bad, never wrapped
// round into another day.
func convert(per period, h, m int, colon bool) clock {
	c := clock{per: per, numeric: true, rawH: h, rawM: m, colon: colon}
	h24, next, ok := hour24(per, h, colon)
	if !ok || m > 59 || next && h24 == 0 && h == 24 && m > 0 {
		c.hour, c.min, c.bad = h, m, true
		return c
	}
	c.hour, c.min, c.nextDay = h24, m, next
	return c
}

// in reads the clock's hour again in part of the day per: in 下午3点至5点 the
// 5点 is an afternoon hour, in 晚上7点到9点 an evening one.
func (c clock) in(per period) clock {
	if !c.numeric || per == anyPeriod {
		return c
	}
	n := convert(per, c.rawH, c.rawM, c.colon)
	n.set, n.bare, n.marked, n.start, n.end = c.set, c.bare, c.marked, c.start, c.end
	return n
}

// hour24 reads hour h said in period per:
//
//   - No period, N点: 0 and 7–23 are that hour; 1–6 mean the afternoon
//     (3点 is 15:00), because in a work group nobody sets a deadline at three
//     in the morning and "3点" is what people say for 15:00. H:MM is a
//     24-hour clock face and is taken as written (3:00 is 03:00). 24点 and
//     24:00 are midnight at the end of the day.
//   - 凌晨: 0–11 as is; 凌晨12点 is the midnight that begins the day.
//   - 早上/早晨/上午: 0–12 as is (上午12点 is noon).
//   - 中午: 11–14 as is; 1 and 2 add 12 (中午1点 is 13:00).
//   - 下午/傍晚: 1–11 add 12; 下午12点 is noon (12 pm); 13–23 as is.
//   - 晚上/夜里: 1–11 add 12; 晚上12点 (and 0点, 24点) is midnight at the end
//     of the day, so 今天晚上12点前 is the last moment of today; 13–23 as is.
//   - am/pm as in English: 12am is 00:00, 12pm is noon.
func hour24(per period, h int, colon bool) (hour int, nextDay, ok bool) {
	switch per {
	case anyPeriod:
		switch {
		case h == 24:
			return 0, true, true
		case !colon && 1 <= h && h <= 6:
			return h + 12, false, true
		}
		return h, false, h <= 23
	case dawn:
		if h == 12 {
			return 0, false, true
		}
		return h, false, h <= 11
	case morning:
		return h, false, h <= 12
	case midday:
		if h == 1 || h == 2 {
			return h + 12, false, true
		}
		return h, false, 11 <= h && h <= 14
	case afternoon:
		return afternoonHour(h)
	case evening:
		if h == 0 || h == 12 || h == 24 {
			return 0, true, true
		}
		return afternoonHour(h)
	case am:
		if h == 12 {
			return 0, false, true
		}
		return h, false, 1 <= h && h <= 11
	case pm:
		if h > 12 {
			return h, false, false
		}
		return afternoonHour(h)
	}
	return h, false, false
}

// afternoonHour reads an hour said after noon: 1–11 add 12, 12 is noon,
// 13–23 are already on the 24-hour clock.
func afternoonHour(h int) (int, bool, bool) {
	switch {
	case 1 <= h && h <= 11:
		return h + 12, false, true
	case 12 <= h && h <= 23:
		return h, false, true
	}
	return h, false, false
}
