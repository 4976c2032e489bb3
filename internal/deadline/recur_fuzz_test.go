package deadline

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// addRuleSeeds adds the inputs of the rule tables.
func addRuleSeeds(f *testing.F) {
	for _, tc := range ruleCases {
		f.Add(tc.in, int64(1796090400), uint8(0), false) // tue10
	}
	for i, tc := range findRuleCases {
		f.Add(tc.in, int64(1788000000+i*86400*40), uint8(i), i%2 == 0)
	}
}

// FuzzFindRule checks what FindRule and ParseRule promise on any text, and
// what Next promises for every rule they read: occurrences strictly after
// now and strictly increasing, each on a working day where the rule says
// so, at the rule's time of day, on the day the rule names or before it.
func FuzzFindRule(f *testing.F) {
	addRuleSeeds(f)
	f.Fuzz(func(t *testing.T, text string, sec int64, zone uint8, group bool) {
		rec, rest, err := FindRule(text)
		if errors.Is(err, ErrNoRule) {
			if want := strings.TrimFunc(text, unicode.IsSpace); rest != want {
				t.Fatalf("FindRule(%q): no rule, rest %q, want %q", text, rest, want)
			}
			return
		}
		if rec.Start < 0 || rec.End > len(text) || rec.Start > rec.End || text[rec.Start:rec.End] != rec.Phrase || rec.Phrase == "" {
			t.Fatalf("FindRule(%q): span [%d, %d) does not hold the phrase %q", text, rec.Start, rec.End, rec.Phrase)
		}
		if utf8.ValidString(text) && !onlyPhraseRemoved(text, rec.Phrase, rest) {
			t.Fatalf("FindRule(%q): rest %q is not the text without %q", text, rest, rec.Phrase)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Reason == "" || e.English == "" || !strings.Contains(text, e.Phrase) {
				t.Fatalf("FindRule(%q): bad error %#v", text, err)
			}
			if e.Kind != Impossible && e.Kind != Unsupported && e.Kind != Unrecognized {
				t.Fatalf("FindRule(%q): unexpected kind %s", text, e.Kind)
			}
			return
		}
		if err := rec.Rule.Validate(); err != nil {
			t.Fatalf("FindRule(%q) = an invalid rule: %v", text, err)
		}
		for _, again := range []string{rec.Phrase, rec.Rule.String()} {
			if r, err := ParseRule(again); err != nil || r != rec.Rule {
				t.Fatalf("FindRule(%q) = %+v, but ParseRule(%q) = %+v, %v", text, ruleFields(rec.Rule), again, ruleFields(r), err)
			}
		}
		checkOccurrences(t, rec.Rule, fuzzNow(t, sec, zone), group)
	})
}

// FuzzRuleNext checks Next on rules built from any fields.
func FuzzRuleNext(f *testing.F) {
	f.Add(uint8(Weekly), uint8(5), uint8(0), uint8(0), uint8(18), uint8(0), int64(1789000000), uint8(0), false)
	f.Add(uint8(Monthly), uint8(0), uint8(0), uint8(31), uint8(18), uint8(0), int64(1775000000), uint8(1), true)
	f.Add(uint8(Yearly), uint8(0), uint8(2), uint8(29), uint8(9), uint8(30), int64(1772000000), uint8(2), false)
	f.Add(uint8(Quarterly), uint8(0), uint8(1), uint8(10), uint8(24), uint8(0), int64(1780000000), uint8(3), true)
	f.Add(uint8(Daily), uint8(0), uint8(0), uint8(0), uint8(2), uint8(30), int64(1772900000), uint8(1), true)
	f.Fuzz(func(t *testing.T, cadence, wd, month, day, hour, minute uint8, sec int64, zone uint8, group bool) {
		r := Rule{Cadence: Cadence(cadence % 6), Weekday: time.Weekday(wd % 7), Month: int(month % 13),
			Day: int(day % 32), Hour: int(hour % 25), Minute: int(minute % 60)}
		if r.Validate() != nil {
			return
		}
		if back, err := ParseRule(r.String()); err != nil || back != r {
			t.Fatalf("%+v: ParseRule(%q) = %+v, %v", ruleFields(r), r.String(), ruleFields(back), err)
		}
		checkOccurrences(t, r, fuzzNow(t, sec, zone), group)
	})
}

// checkOccurrences asserts the promises of Next for the next few
// occurrences of r after now, on the national calendar or a group's.
func checkOccurrences(t *testing.T, r Rule, now time.Time, group bool) {
	t.Helper()
	c := Workdays(cal)
	if group {
		c = groupCal
	}
	loc := now.Location()
	occ := r.Occurrences(now, loc, c, 4)
	if len(occ) != 4 {
		t.Fatalf("%s after %s: %d occurrences, want 4", r, now, len(occ))
	}
	w := workdaysIn{c, loc}
	prev := now
	for i, o := range occ {
		if !o.At.After(prev) {
			t.Fatalf("%s after %s: occurrence %d %s is not after %s", r, now, i, o.At, prev)
		}
		if o.At.Location() != loc {
			t.Fatalf("%s: %s is not in %s", r, o.At, loc)
		}
		if next := r.Next(prev, loc, c); !next.Equal(o.At) {
			t.Fatalf("%s: Next(%s) = %s, want %s", r, prev, next, o.At)
		}
		d, nominal := dayOf(o.Day), dayOf(o.Nominal)
		if !w.is(d) {
			t.Fatalf("%s: occurrence %s is on a day off", r, o.At)
		}
		if nominal.before(d) || daysBetween(d, nominal) > maxMoveBack {
			t.Fatalf("%s: occurrence on %v, nominal %v", r, d, nominal)
		}
		checkNominal(t, r, nominal, d)
		checkClock(t, r, o, d)
		if i > 0 {
			checkNothingSkipped(t, r, w, dayOf(occ[i-1].Day), d)
		}
		prev = o.At
	}
}

// checkNominal asserts that the nominal date is one the rule names, and
// that a weekly occurrence stays in its week.
func checkNominal(t *testing.T, r Rule, nominal, d day) {
	t.Helper()
	var ok bool
	switch r.Cadence {
	case Daily:
		ok = nominal == d
	case Weekly:
		ok = nominal.weekday() == r.Weekday && daysBetween(d, nominal) <= mondayIndex(r.Weekday)
	case Monthly:
		ok = nominal == dayIn(nominal.y, nominal.m, r.Day)
	case Quarterly:
		ok = (int(nominal.m)-1)%3+1 == r.Month && nominal == dayIn(nominal.y, nominal.m, r.Day)
	case Yearly:
		ok = int(nominal.m) == r.Month && nominal == dayIn(nominal.y, nominal.m, r.Day)
	}
	if !ok {
		t.Fatalf("%s: nominal date %v (occurrence %v) is not one the rule names", r, nominal, d)
	}
}

// checkClock asserts the occurrence's wall clock: the rule's time on its
// day, the next midnight for 24:00, or later the same day where the clocks
// skipped the time.
func checkClock(t *testing.T, r Rule, o Occurrence, d day) {
	t.Helper()
	at := dayOf(o.At)
	switch {
	case r.Hour == 24:
		if at != d.add(1) || o.At.Hour() != 0 || o.At.Minute() != 0 {
			t.Fatalf("%s: occurrence %s is not the midnight after %v", r, o.At, d)
		}
	case o.At.Hour() != r.Hour || o.At.Minute() != r.Minute:
		if at != d || o.At.Hour()*60+o.At.Minute() < r.Hour*60+r.Minute {
			t.Fatalf("%s: occurrence %s is not at %s on %v", r, o.At, r.clock(), d)
		}
	}
}

// checkNothingSkipped asserts that between two consecutive occurrences no
// day the rule wants was passed over: for Daily no working day, for Weekly
// no week with a working day up to the rule's weekday.
func checkNothingSkipped(t *testing.T, r Rule, w workdaysIn, from, to day) {
	t.Helper()
	switch r.Cadence {
	case Daily:
		for d := from.add(1); d.before(to); d = d.add(1) {
			if w.is(d) {
				t.Fatalf("%s: working day %v skipped between %v and %v", r, d, from, to)
			}
		}
	case Weekly:
		monday := from.add(7 - mondayIndex(from.weekday()))
		for ; monday.add(mondayIndex(r.Weekday)).before(to); monday = monday.add(7) {
			if to.before(monday.add(7)) {
				break // to's own week
			}
			if _, ok := w.back(monday.add(mondayIndex(r.Weekday)), mondayIndex(r.Weekday)); ok {
				t.Fatalf("%s: the week of %v skipped between %v and %v", r, monday, from, to)
			}
		}
	}
}
