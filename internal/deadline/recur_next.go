package deadline

import "time"

// Workdays is the working-day knowledge a [Rule] needs. *workday.Calendar
// and a group's *workday.Group implement it, and so does every [Calendar].
// IsWorkday looks only at the civil date of t in t's own location.
type Workdays interface {
	IsWorkday(t time.Time) bool
}

// Occurrence is one instance of a rule.
type Occurrence struct {
	// At is the instant the instance is due, in the zone given to Next.
	At time.Time
	// Day is the civil date it falls on (midnight, in that zone): a working
	// day, unless the calendar has none within a month before Nominal.
	Day time.Time
	// Nominal is the date the rule names before days off move it (每周五:
	// that week's Friday; 每月底: the month's last day), midnight in the
	// zone. It differs from Day only when that date is not a working day.
	Nominal time.Time
}

// Moved reports whether a day off moved the occurrence to an earlier day.
func (o Occurrence) Moved() bool { return !o.Day.Equal(o.Nominal) }

// Bounds of the searches, which no real calendar comes near: they only keep
// a calendar with (almost) no working days from looping for long.
const (
	// maxMoveBack is how many days before its nominal date a monthly,
	// quarterly or yearly instance may move; with no working day among them
	// it stays on the nominal date.
	maxMoveBack = 31
	// maxDailyScan is how many days Next looks ahead for a working day.
	maxDailyScan = 400
	// maxWeeks is how many weeks Next looks ahead for a week with a
	// working day up to the rule's weekday.
	maxWeeks = 60
	// maxPeriods bounds the months, quarters or years Next tries; the
	// moves above are shorter than a period, so three always suffice.
	maxPeriods = 8
)

// Next returns the first occurrence of the rule strictly after the instant
// after, in zone loc (nil: after's own location), on calendar cal (nil:
// Monday to Friday). Successive calls, each given the previous result,
// yield strictly increasing instants: Next(Next(t)) > Next(t).
//
// Which days count (see also [Rule.Note]):
//
//   - Daily: every working day of cal, 调休 working weekends included,
//     days off none.
//   - Weekly: the weekday of every Monday-to-Sunday week; when it is not a
//     working day, the previous working day of the same week (每周五 on
//     the 国庆 Friday is due on the Wednesday before); a week without a
//     working day up to the weekday (a 春节 week) has no occurrence.
//   - Monthly, Quarterly, Yearly: the day named, the month's last day for a
//     day the month lacks (31 in April, 29 February in a common year); when
//     it is not a working day, the previous working day, even in the month
//     before (每月5日 on 5 October is due on 30 September).
//
// The time of day is the rule's on the civil date in loc, so across a
// change of daylight saving time 18:00 stays 18:00; a time the clocks skip
// that night (2:30 when they jump from 2:00 to 3:00) is as late past the
// jump as it was past 2:00 (3:30). Next returns the
// zero Time only when a Daily or Weekly rule finds no working day in more
// than a year of cal, or the rule is invalid.
func (r Rule) Next(after time.Time, loc *time.Location, cal Workdays) time.Time {
	o, _ := r.next(after, loc, cal)
	return o.At
}

// Occurrences returns the next n occurrences after the instant after
// (fewer when Next finds no more), for an explanation or a preview. See
// [Rule.Next].
func (r Rule) Occurrences(after time.Time, loc *time.Location, cal Workdays, n int) []Occurrence {
	var out []Occurrence
	for len(out) < n {
		o, ok := r.next(after, loc, cal)
		if !ok {
			break
		}
		out = append(out, o)
		after = o.At
	}
	return out
}

func (r Rule) next(after time.Time, loc *time.Location, cal Workdays) (Occurrence, bool) {
	if r.Validate() != nil {
		return Occurrence{}, false
	}
	if loc == nil {
		loc = after.Location()
	}
	if cal == nil {
		cal = mondayToFriday{}
	}
	after = after.In(loc)
	today := dayOf(after)
	w := workdaysIn{cal, loc}
	try := func(nominal, d day) (Occurrence, bool) {
		t := wallClock(d, r.Hour, r.Minute, loc)
		return Occurrence{At: t, Day: w.midnight(d), Nominal: w.midnight(nominal)}, t.After(after)
	}
	switch r.Cadence {
	case Daily:
		for i := range maxDailyScan {
			if d := today.add(i); w.is(d) {
				if o, ok := try(d, d); ok {
					return o, true
				}
			}
		}
	case Weekly:
		monday := today.add(-mondayIndex(today.weekday()))
		for k := range maxWeeks {
			nominal := monday.add(7*k + mondayIndex(r.Weekday))
			if d, ok := w.back(nominal, mondayIndex(r.Weekday)); ok {
				if o, ok := try(nominal, d); ok {
					return o, true
				}
			}
		}
	default:
		for k := range maxPeriods {
			nominal := r.nominal(today, k)
			d, ok := w.back(nominal, maxMoveBack)
			if !ok {
				d = nominal
			}
			if o, ok := try(nominal, d); ok {
				return o, true
			}
		}
	}
	return Occurrence{}, false
}

// nominal returns the date a Monthly, Quarterly or Yearly rule names in the
// k-th period from the one holding today (k = 0: this month, quarter or
// year). Starting there is enough: moves only go back, so no earlier
// period's occurrence lies after today.
func (r Rule) nominal(today day, k int) day {
	switch r.Cadence {
	case Monthly:
		return dayIn(today.y, today.m+time.Month(k), r.Day)
	case Quarterly:
		first := time.Month((int(today.m)-1)/3*3 + 1)
		return dayIn(today.y, first+time.Month(3*k+r.Month-1), r.Day)
	}
	return dayIn(today.y+k, time.Month(r.Month), r.Day)
}

// dayIn returns day d of month m of year y (both may be out of range: they
// are normalised first), or the month's last day for d 0 or a day the
// month lacks.
func dayIn(y int, m time.Month, d int) day {
	last := lastDay(y, m)
	if d == 0 || d > last.d {
		return last
	}
	return day{last.y, last.m, d}
}

// workdaysIn asks a calendar about civil dates in a zone.
type workdaysIn struct {
	cal Workdays
	loc *time.Location
}

// is reports whether d is a working day. It asks at noon, which exists on
// every date in every zone.
func (w workdaysIn) is(d day) bool {
	return w.cal.IsWorkday(time.Date(d.y, d.m, d.d, 12, 0, 0, 0, w.loc))
}

// back returns the last working day from d back to at most limit days
// before it, and false when there is none.
func (w workdaysIn) back(d day, limit int) (day, bool) {
	for i := 0; i <= limit; i++ {
		if e := d.add(-i); w.is(e) {
			return e, true
		}
	}
	return day{}, false
}

func (w workdaysIn) midnight(d day) time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, w.loc) }

// wallClock returns h:m on d in loc. When the clocks skip that time (a
// change to daylight saving time), it returns the instant as late after the
// jump as h:m is after the jump's start: 2:30 becomes 3:30 when 2:00 jumps
// to 3:00. time.Date alone may pick the earlier offset and go back to 1:30,
// which would make a deadline an hour early.
func wallClock(d day, h, m int, loc *time.Location) time.Time {
	t := time.Date(d.y, d.m, d.d, h, m, 0, 0, loc)
	if h == 24 || t.Hour() == h && t.Minute() == m {
		return t
	}
	wall := time.Date(d.y, d.m, d.d, h, m, 0, 0, time.UTC)
	var later time.Time
	for _, probe := range []time.Time{t.Add(-12 * time.Hour), t.Add(12 * time.Hour)} {
		_, off := probe.Zone()
		if c := wall.Add(-time.Duration(off) * time.Second).In(loc); c.After(later) {
			later = c
		}
	}
	return later
}
