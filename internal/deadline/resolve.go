package deadline

import (
	"fmt"
	"strings"
	"time"
)

// expr is the meaning of a core: it turns into an instant given now.
type expr interface {
	resolve(r *resolver) (time.Time, *Error)
}

// resolver holds what resolving one phrase needs.
type resolver struct {
	now   time.Time
	loc   *time.Location
	today day
	cal   Calendar
	clk   clock // the time of day said, or endOfWork
	quote string
	p     phrase
	t     *text
	notes []string // explanations of conventions used (Deadline.Note)
}

// resolve turns the phrase into a Deadline, or an *Error that quotes it.
func (p phrase) resolve(t *text, now time.Time, cal Calendar) (Deadline, error) {
	if cal == nil {
		cal = mondayToFriday{}
	}
	r := &resolver{now: now, loc: now.Location(), today: dayOf(now), cal: cal, clk: endOfWork, p: p, t: t}
	start, end := p.core.start, p.core.end
	if p.clk.set {
		r.clk = p.clk
		start, end = min(start, p.clk.start), max(end, p.clk.end) // "3pm tomorrow"
	}
	r.quote = t.slice(start, end)
	if p.core.note != "" {
		r.note("%s", p.core.note)
	}
	if p.rng {
		r.note("时间段以结束时间为准")
	}
	if p.clk.bad {
		return Deadline{}, r.fail(Impossible, "「%s」不是一个存在的时间", t.slice(p.clk.start, p.clk.end))
	}
	var at time.Time
	var err *Error
	if p.core.e == nil {
		at, err = r.future(r.at(r.today)) // a time of day alone is today's
	} else {
		at, err = p.core.e.resolve(r)
	}
	if err != nil {
		return Deadline{}, err
	}
	return Deadline{At: at, Phrase: t.slice(p.start, p.end), Note: strings.Join(r.notes, "；")}, nil
}

// note adds an explanation for Deadline.Note.
func (r *resolver) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

// fail returns an *Error for the phrase with a formatted reason.
func (r *resolver) fail(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Phrase: r.t.slice(r.p.start, r.p.end), Reason: fmt.Sprintf(format, args...)}
}

// future returns t if it is after now, else a Past error that shows the
// instant the phrase meant.
func (r *resolver) future(t time.Time) (time.Time, *Error) {
	if t.After(r.now) {
		return t, nil
	}
	return time.Time{}, r.fail(Past, "「%s」（%s）已经过去了", r.quote, Format(t))
}

// at returns the instant of the resolver's time of day on d, in the zone.
// time.Date does the civil arithmetic, so across a change to or from
// daylight saving time 18:00 stays 18:00.
func (r *resolver) at(d day) time.Time {
	if r.clk.nextDay {
		d = d.add(1)
	}
	return time.Date(d.y, d.m, d.d, r.clk.hour, r.clk.min, 0, 0, r.loc)
}

// impossibleDate is the error for a date that does not exist.
func (r *resolver) impossibleDate(why string) *Error {
	return r.fail(Impossible, "「%s」不是一个存在的日期%s", r.t.slice(r.p.core.start, r.p.core.end), why)
}

// Durations beyond these are refused as too far: they are typing mistakes,
// and the limits keep the arithmetic (and the work-day walk) small.
const (
	maxDays     = 3660 // ten years
	maxMonths   = 120
	maxWorkdays = 1000
)

// count checks a duration's count: at least 1, at most max.
func (r *resolver) count(n, max int) *Error {
	core := r.t.slice(r.p.core.start, r.p.core.end)
	switch {
	case n < 1:
		return r.fail(Impossible, "「%s」不是有效的时限", core)
	case n > max:
		return r.fail(Impossible, "「%s」太远了，请写一个具体的日期", core)
	}
	return nil
}

// day is a civil date.
type day struct {
	y int
	m time.Month
	d int
}

func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return day{y, m, d}
}

// norm returns the date time.Date makes of y, m, d (month 13 is next
// January, day 0 the last of the month before).
func norm(y int, m time.Month, d int) day {
	return dayOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

func (d day) add(n int) day { return norm(d.y, d.m, d.d+n) }

func (d day) weekday() time.Weekday {
	return time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC).Weekday()
}

// before reports whether d is an earlier date than e.
func (d day) before(e day) bool {
	if d.y != e.y {
		return d.y < e.y
	}
	if d.m != e.m {
		return d.m < e.m
	}
	return d.d < e.d
}

// lastDay returns the last date of the month m of year y (both may be out of
// range; they are normalised first).
func lastDay(y int, m time.Month) day { return norm(y, m+1, 0) }

func daysIn(y int, m time.Month) int { return lastDay(y, m).d }

// mondayIndex counts days from Monday: Monday 0 … Sunday 6.
func mondayIndex(wd time.Weekday) int { return (int(wd) + 6) % 7 }

// relDay is 今天 (0), 明天 (1), 昨天 (-1) …
type relDay struct{ n int }

func (e relDay) resolve(r *resolver) (time.Time, *Error) {
	return r.future(r.at(r.today.add(e.n)))
}

// nearestWeekday is 周五 without a qualifier: the next Friday whose time is
// after now, today included.
type nearestWeekday struct{ wd time.Weekday }

func (e nearestWeekday) resolve(r *resolver) (time.Time, *Error) {
	k := (int(e.wd) - int(r.today.weekday()) + 7) % 7
	t := r.at(r.today.add(k))
	if !t.After(r.now) {
		t = r.at(r.today.add(k + 7))
	}
	return r.future(t)
}

// weekDay is a day of a Monday-to-Sunday week counted from this one: 本周五
// (0), 下周五 (1), 下下周五 (2), 上周五 (-1); 周末 is the week's Sunday.
type weekDay struct {
	week int
	wd   time.Weekday
}

func (e weekDay) resolve(r *resolver) (time.Time, *Error) {
	monday := r.today.add(-mondayIndex(r.today.weekday()))
	return r.future(r.at(monday.add(7*e.week + mondayIndex(e.wd))))
}

// monthEnd is the last day of this month (0) or the next (1): 月底, 下月底.
type monthEnd struct{ off int }

func (e monthEnd) resolve(r *resolver) (time.Time, *Error) {
	return r.future(r.at(lastDay(r.today.y, r.today.m+time.Month(e.off))))
}

// monthPart is a fixed day of this month (off 0) or the next (1): 月中 the
// 15th, 月初 the 5th, 上旬 the 10th, 中旬 the 20th, 下旬 the last day (d 0).
// With roll (the word alone: 月中, 中旬) it moves to next month's once this
// month's has passed.
type monthPart struct {
	off  int
	roll bool
	d    int
}

func (e monthPart) resolve(r *resolver) (time.Time, *Error) {
	m := r.today.m + time.Month(e.off)
	t := r.at(e.in(r.today.y, m))
	if e.roll && !t.After(r.now) {
		t = r.at(e.in(r.today.y, m+1))
	}
	return r.future(t)
}

// in returns the part's day in month m of year y (both may be out of range).
func (e monthPart) in(y int, m time.Month) day {
	if e.d == 0 {
		return lastDay(y, m)
	}
	return norm(y, m, e.d)
}

// yearSpec is the year a date was given with.
type yearSpec struct {
	kind yearKind
	n    int // the year (absYear) or the offset from this year (relYear)
}

type yearKind int

const (
	noYear  yearKind = iota // 12月1日: this year, or next if the day is before today
	absYear                 // 2026年12月1日
	relYear                 // 今年, 明年
)

// year returns the year y names; for noYear, this year.
func (r *resolver) year(y yearSpec) int {
	switch y.kind {
	case absYear:
		return y.n
	case relYear:
		return r.today.y + y.n
	}
	return r.today.y
}

// yearEnd is December 31: 年底, 明年底, 2026年底.
type yearEnd struct{ y yearSpec }

func (e yearEnd) resolve(r *resolver) (time.Time, *Error) {
	return r.future(r.at(day{r.year(e.y), time.December, 31}))
}

// quarterEnd is the last day of this quarter (0) or the next (1).
type quarterEnd struct{ off int }

func (e quarterEnd) resolve(r *resolver) (time.Time, *Error) {
	q := (int(r.today.m)-1)/3 + e.off
	return r.future(r.at(lastDay(r.today.y, time.Month(q*3+3))))
}

// date is a month and day, with or without a year. Without one it is its
// nearest occurrence (last year's, this year's or next year's, whichever is
// closest to today): 1月5日 said in December is next January's, 11月30日 said
// on 1 December is yesterday and refused, never moved a year ahead. A date
// that does not exist in its year is an error, never rolled into the next
// month.
type date struct {
	y    yearSpec
	m, d int
	// from is the start of a range whose year this end follows, and after
	// which it lies: 2017年8月11日至8月22日 ends in 2017, 12月25日至1月5日
	// in the January after.
	from *date
}

func (e date) resolve(r *resolver) (time.Time, *Error) {
	d, err := e.day(r)
	if err != nil {
		return time.Time{}, err
	}
	return r.futureDate(d)
}

// day returns the civil date meant, before it is checked to lie ahead.
func (e date) day(r *resolver) (day, *Error) {
	if e.m < 1 || e.m > 12 || e.d < 1 || e.d > 31 {
		return day{}, r.impossibleDate("")
	}
	m := time.Month(e.m)
	var y int
	switch {
	case e.from != nil:
		start, err := e.from.day(r)
		if err != nil {
			return day{}, err
		}
		y = start.y
		if (day{y, m, min(e.d, daysIn(y, m))}).before(start) {
			y++
		}
	case e.y.kind == noYear:
		y = r.nearestYear(func(y int) day { return norm(y, m, e.d) })
		if y != r.today.y {
			r.note("没写年份，按最近的%d年%d月%d日", y, e.m, e.d)
		}
	default:
		y = r.year(e.y)
	}
	if e.d > daysIn(y, m) {
		return day{}, r.impossibleDate(fmt.Sprintf("（%d年%d月只有%d天）", y, e.m, daysIn(y, m)))
	}
	return day{y, m, e.d}, nil
}

// nearestYear returns the year, among last, this and next, whose date at(y)
// is closest to today; on a tie the later one.
func (r *resolver) nearestYear(at func(y int) day) int {
	best, bestDist := 0, -1
	for y := r.today.y - 1; y <= r.today.y+1; y++ {
		dist := daysBetween(r.today, at(y))
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist <= bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// daysBetween counts the days from a to b (negative when b is earlier).
func daysBetween(a, b day) int {
	ta := time.Date(a.y, a.m, a.d, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.y, b.m, b.d, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}

// futureDate is future for a phrase that names a date: a passed one is
// refused with the date as people write it (11月30日已经过去了), with the year
// when it is not this year's and the time when it is today's.
func (r *resolver) futureDate(d day) (time.Time, *Error) {
	t := r.at(d)
	if t.After(r.now) {
		return t, nil
	}
	label := fmt.Sprintf("%d月%d日", d.m, d.d)
	if d.y != r.today.y {
		label = fmt.Sprintf("%d年%s", d.y, label)
	}
	if d == r.today {
		label += t.Format(" 15:04")
	}
	return time.Time{}, r.fail(Past, "%s已经过去了，请重新确认截止时间", label)
}

// monthEndOf is the last day of a named month: 12月底, 2027年3月底, 12月下旬.
// Without a year it is the nearest such day, as for a date.
type monthEndOf struct {
	y yearSpec
	m int
}

func (e monthEndOf) resolve(r *resolver) (time.Time, *Error) {
	if e.m < 1 || e.m > 12 {
		return time.Time{}, r.impossibleDate("")
	}
	m := time.Month(e.m)
	y := r.year(e.y)
	if e.y.kind == noYear {
		y = r.nearestYear(func(y int) day { return lastDay(y, m) })
	}
	return r.futureDate(lastDay(y, m))
}

// dayOfMonth is a day number in this month or the next: 本月15号 (0), 下月1号
// (1). With roll (15号 alone) it is this month's unless before today, then
// next month's.
type dayOfMonth struct {
	off  int
	roll bool
	d    int
}

func (e dayOfMonth) resolve(r *resolver) (time.Time, *Error) {
	month := r.today.m + time.Month(e.off)
	if e.roll && e.d < r.today.d {
		month++
	}
	first := norm(r.today.y, month, 1)
	if e.d < 1 || e.d > daysIn(first.y, first.m) {
		return time.Time{}, r.impossibleDate(fmt.Sprintf("（%d年%d月只有%d天）", first.y, first.m, daysIn(first.y, first.m)))
	}
	return r.future(r.at(day{first.y, first.m, e.d}))
}

// afterDays is N天内 (unit 1) or N周内 (unit 7): that many calendar days
// after today, at 18:00.
type afterDays struct{ n, unit int }

func (e afterDays) resolve(r *resolver) (time.Time, *Error) {
	if err := r.count(e.n, maxDays/e.unit); err != nil {
		return time.Time{}, err
	}
	return r.future(r.at(r.today.add(e.n * e.unit)))
}

// afterMonths is N个月内: the same day N months on, or that month's last day
// if it is shorter (1月31日 + 1个月 = 2月28日).
type afterMonths struct{ n int }

func (e afterMonths) resolve(r *resolver) (time.Time, *Error) {
	if err := r.count(e.n, maxMonths); err != nil {
		return time.Time{}, err
	}
	last := lastDay(r.today.y, r.today.m+time.Month(e.n))
	return r.future(r.at(day{last.y, last.m, min(r.today.d, last.d)}))
}

// workdays is N个工作日内: the N-th working day after today (today never
// counts, whatever the hour), at 18:00.
type workdays struct{ n int }

func (e workdays) resolve(r *resolver) (time.Time, *Error) {
	if err := r.count(e.n, maxWorkdays); err != nil {
		return time.Time{}, err
	}
	return r.future(r.at(dayOf(r.cal.AddWorkdays(r.now, e.n).In(r.loc))))
}

// afterMinutes is N小时后 (per 60), N分钟后 (per 1), 半小时后 (extra 30): real
// elapsed time from now, with the seconds dropped.
type afterMinutes struct{ n, per, extra int }

func (e afterMinutes) resolve(r *resolver) (time.Time, *Error) {
	if e.n != 0 || e.extra == 0 { // 半小时 has no count to check
		if err := r.count(e.n, maxDays*24*60/e.per); err != nil {
			return time.Time{}, err
		}
	}
	t := r.now.Add(time.Duration(e.n*e.per+e.extra) * time.Minute)
	// Drop the seconds as shown on the zone's clock, not by Truncate, which
	// counts from year 1 and would cut odd offsets (LMT) in the middle.
	t = t.Add(-time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
	return r.future(t)
}

// vagueWord is 尽快, 马上, 待定 … which set no time.
type vagueWord struct{}

func (vagueWord) resolve(r *resolver) (time.Time, *Error) {
	e := vagueError(r.quote)
	e.Phrase = r.t.slice(r.p.start, r.p.end)
	return time.Time{}, e
}

// vagueError is the error for a word like 尽快.
func vagueError(word string) *Error {
	return &Error{Kind: Vague, Phrase: word, Reason: "「" + word + "」不是明确的时限，请写明日期"}
}

// mondayToFriday is the calendar used when Parse or Find is given none. It
// knows the holidays fixed by the Gregorian calendar only.
type mondayToFriday struct{}

func (mondayToFriday) Festival(name string, year int) (time.Time, int, bool) {
	switch name {
	case "元旦":
		return time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC), 1, true
	case "劳动节":
		return time.Date(year, time.May, 1, 0, 0, 0, 0, time.UTC), 2, true
	case "国庆节":
		return time.Date(year, time.October, 1, 0, 0, 0, 0, time.UTC), 3, true
	}
	return time.Time{}, 0, false
}

func (mondayToFriday) IsWorkday(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

func (c mondayToFriday) AddWorkdays(t time.Time, n int) time.Time {
	d := dayOf(t)
	for n > 0 {
		d = d.add(1)
		if wd := d.weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, t.Location())
}
