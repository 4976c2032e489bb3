package workday

import "time"

// Base is what a group's calendar is laid over: a [Calendar], or in tests
// anything that knows working days.
type Base interface {
	IsWorkday(t time.Time) bool
}

// Group is a group's own calendar: a base with the days its leaders changed
// (/holiday add 2027-02-20 调休上班) laid over it. It answers every question
// the national calendar answers, so the reminder planner and the deadline
// parser count a group's working days exactly as they count the country's.
// A Group is as safe for concurrent use as its base.
type Group struct {
	base Base
	own  map[int]bool // yyyymmdd → true: a day off; false: a working day
}

// WithOverrides returns base with days laid over it: days maps a civil date
// ("2027-02-20") to true for a day off and false for a working day. Keys
// that are not dates are ignored (the store accepts only dates).
func WithOverrides(base Base, days map[string]bool) *Group {
	g := &Group{base: base, own: make(map[int]bool, len(days))}
	for s, off := range days {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			g.own[key(t)] = off
		}
	}
	return g
}

// IsWorkday reports whether t's civil date is a working day for the group.
func (g *Group) IsWorkday(t time.Time) bool {
	if off, ok := g.own[key(t)]; ok {
		return !off
	}
	return g.base.IsWorkday(t)
}

// AddWorkdays is [Calendar.AddWorkdays] on the group's days.
func (g *Group) AddWorkdays(t time.Time, n int) time.Time { return addWorkdays(g, t, n) }

// WorkdaysBetween is [Calendar.WorkdaysBetween] on the group's days.
func (g *Group) WorkdaysBetween(from, to time.Time) int { return workdaysBetween(g, from, to) }

// Festival is the base's [Calendar.Festival]: where a statutory holiday
// falls does not change with a group's days (how long its days off run
// does, and IsWorkday says so).
func (g *Group) Festival(name string, year int) (time.Time, int, bool) {
	if f, ok := g.base.(interface {
		Festival(string, int) (time.Time, int, bool)
	}); ok {
		return f.Festival(name, year)
	}
	return time.Time{}, 0, false
}

// HasNotice is the base's [Calendar.HasNotice] (true for a base that does
// not know about notices).
func (g *Group) HasNotice(year int) bool {
	if n, ok := g.base.(interface{ HasNotice(int) bool }); ok {
		return n.HasNotice(year)
	}
	return true
}
