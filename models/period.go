package models

import "time"

// PeriodKind is the length of a ranking period.
type PeriodKind string

// The periods of 每月亮成绩、每季抢红旗、半年一总结、全年列榜单.
const (
	Week     PeriodKind = "week"
	Month    PeriodKind = "month"
	Quarter  PeriodKind = "quarter"
	HalfYear PeriodKind = "half"
	Year     PeriodKind = "year"
	Custom   PeriodKind = "custom"
)

// Period is a span of civil days in a zone: [From, To).
type Period struct {
	Kind     PeriodKind
	From, To time.Time // midnights in the zone
}

// PeriodContaining returns the period of the given kind that contains t's
// civil date in t's location. Weeks start on Monday.
func PeriodContaining(kind PeriodKind, t time.Time) Period {
	y, m, d := t.Date()
	loc := t.Location()
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	var from, to time.Time
	switch kind {
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		from = date(y, m, d-back)
		to = from.AddDate(0, 0, 7)
	case Quarter:
		from = date(y, m-(m-1)%3, 1)
		to = from.AddDate(0, 3, 0)
	case HalfYear:
		from = date(y, m-(m-1)%6, 1)
		to = from.AddDate(0, 6, 0)
	case Year:
		from = date(y, 1, 1)
		to = from.AddDate(1, 0, 0)
	default:
		kind = Month
		from = date(y, m, 1)
		to = from.AddDate(0, 1, 0)
	}
	return Period{Kind: kind, From: from, To: to}
}

// Previous returns the period of the same kind just before p. Before a
// custom span comes a span of as many days.
func (p Period) Previous() Period {
	if p.Kind == Custom {
		days := civilDays(p.To) - civilDays(p.From)
		return CustomPeriod(p.From.AddDate(0, 0, -days), p.From.AddDate(0, 0, -1))
	}
	return PeriodContaining(p.Kind, p.From.AddDate(0, 0, -1))
}

// CustomPeriod spans the civil days first to last inclusive, in their zone.
func CustomPeriod(first, last time.Time) Period {
	y, m, d := first.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, first.Location())
	y, m, d = last.Date()
	to := time.Date(y, m, d+1, 0, 0, 0, 0, first.Location())
	return Period{Kind: Custom, From: from, To: to}
}
