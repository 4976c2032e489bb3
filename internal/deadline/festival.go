package deadline

import (
	"strings"
	"time"
)

// festivalWords are the holidays a deadline may be set against (春节前,
// 国庆节后), with the name the calendar knows them by. A word comes before
// its own prefixes (元旦节 before 元旦).
var festivalWords = []struct{ word, name string }{
	{"元旦节", "元旦"}, {"元旦", "元旦"},
	{"春节", "春节"},
	{"清明节", "清明节"}, {"清明", "清明节"},
	{"五一劳动节", "劳动节"}, {"五一节", "劳动节"}, {"五一", "劳动节"}, {"劳动节", "劳动节"},
	{"端午节", "端午节"}, {"端午", "端午节"},
	{"中秋节", "中秋节"}, {"中秋", "中秋节"},
	{"国庆节", "国庆节"}, {"国庆", "国庆节"}, {"十一", "国庆节"},
}

// festivalStarts are the first characters of festivalWords.
const festivalStarts = "元春清五劳端中国十"

// festivalDay is 春节前 (the last working day before the holiday's days off
// begin) or 国庆节后 (after: the first working day after they end), at
// 18:00. The days off are the run of non-working days around the statutory
// ones, as the group's calendar has them: with a notice, its bridging days
// and 调休 count; without one, the statutory days and the weekend next to
// them.
type festivalDay struct {
	name  string
	after bool
}

// maxHolidayRun bounds the walk over a holiday's days off (the longest,
// 春节 or 国庆 with a weekend on each side, is about ten).
const maxHolidayRun = 40

func (e festivalDay) resolve(r *resolver) (time.Time, *Error) {
	// The holiday meant is the next one not yet over: 春节前 said during the
	// 春节 days off is past, not next year's.
	for y := r.today.y; y <= r.today.y+1; y++ {
		first, n, ok := r.cal.Festival(e.name, y)
		if !ok {
			return time.Time{}, r.fail(Unrecognized, "不知道%d年%s的日期，请写明日期", y, e.name)
		}
		start := dayOf(first)
		before := r.walk(start.add(-1), -1)
		after := r.walk(start.add(n), 1)
		if e.after && after.before(r.today) || !e.after && !r.today.before(after) {
			continue
		}
		target := before
		if e.after {
			target = after
			r.note("节后按收假后第一个工作日计")
		} else {
			r.note("节前按放假前最后一个工作日计")
		}
		from, to := before.add(1), after.add(-1)
		r.note("%s放假%d月%d日至%d月%d日", e.name, from.m, from.d, to.m, to.d)
		if n, ok := r.cal.(interface{ HasNotice(int) bool }); ok && !n.HasNotice(y) {
			r.note("%d年放假调休安排尚未公布，暂按法定节假日推算", y)
		}
		return r.future(r.at(target))
	}
	return time.Time{}, r.fail(Unrecognized, "不知道%s的日期，请写明日期", e.name)
}

// walk returns the first working day from d on, stepping by step (±1).
func (r *resolver) walk(d day, step int) day {
	for i := 0; i < maxHolidayRun && !r.cal.IsWorkday(time.Date(d.y, d.m, d.d, 12, 0, 0, 0, r.loc)); i++ {
		d = d.add(step)
	}
	return d
}

// festival matches a holiday followed by 前 or 后, with 假期, 长假 or 放假
// allowed between: 春节前, 国庆节后, 国庆假期前, 五一放假前. 前后 (around the
// holiday) and 前夕 are not deadlines.
func (s *scanner) festival() (core, bool) {
	if !strings.ContainsRune(festivalStarts, s.peek()) {
		return core{}, false // the common case, at every position Find tries
	}
	name := ""
	for _, f := range festivalWords {
		if s.lit(f.word) {
			name = f.name
			break
		}
	}
	if name == "" {
		return core{}, false
	}
	s.oneOf([]string{"假期", "长假", "放假"})
	switch {
	case s.oneOf([]string{"之前", "以前", "前"}) >= 0:
		if s.peek() == '后' || s.peek() == '夕' {
			return core{}, false
		}
		return core{e: festivalDay{name: name}, final: true, marked: true}, true
	case s.oneOf([]string{"之后", "以后", "后"}) >= 0:
		if s.peek() == '天' { // 国庆后天…: another word
			return core{}, false
		}
		return core{e: festivalDay{name: name, after: true}, final: true}, true
	}
	return core{}, false
}
