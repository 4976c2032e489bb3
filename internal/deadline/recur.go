package deadline

import (
	"fmt"
	"strings"
	"time"
)

// Cadence is how often a [Rule] recurs.
type Cadence uint8

// The cadences. The zero Cadence is not used, so that a forgotten field
// fails Validate.
const (
	// Daily: every working day (每天, 每个工作日); days off have none.
	Daily Cadence = iota + 1
	// Weekly: one weekday of every Monday-to-Sunday week (每周五).
	Weekly
	// Monthly: one day of every month (每月5日, 每月底).
	Monthly
	// Quarterly: one day of one month of every quarter (每季度末,
	// 每季度首月10日).
	Quarterly
	// Yearly: one day of every year (每年12月20日).
	Yearly
)

// Rule is a recurring deadline: when each instance of a series (周期任务) is
// due. It holds no zone and no calendar: [Rule.Next] takes both, so one
// stored rule serves a group whichever zone and days off it has.
//
// A rule's text form is [Rule.String] ("每周五 18:00"), which [ParseRule]
// reads back to the same rule; MarshalText and UnmarshalText use it, so the
// text is what a store should keep.
type Rule struct {
	Cadence Cadence
	// Weekday is the day of a Weekly rule, Monday to Friday (a weekend
	// day is no working day: ParseRule refuses 每周六).
	Weekday time.Weekday
	// Month is, for Yearly, the month (1–12); for Quarterly, the month
	// within the quarter (1 the first, 3 the last).
	Month int
	// Day is the day of the month for Monthly, Quarterly and Yearly: 1–31,
	// or 0 for the month's last day (月底). A day the month lacks (31 in
	// April, 29 February in a common year) means the month's last day.
	Day int
	// Hour and Minute are the time of day each instance is due, 18:00 when
	// the phrase gave none. Hour 24 (Minute 0) is the midnight that ends
	// the day (每天24点前).
	Hour, Minute int
}

// ruleFields is a Rule without its methods, to print its fields.
type ruleFields Rule

// Validate reports whether the rule's fields make sense together: a
// cadence, a weekday for Weekly, a month and a day that exist (Yearly 2月30日
// does not), a time of day on the 24-hour clock.
func (r Rule) Validate() error {
	bad := func(what string) error {
		return fmt.Errorf("deadline: rule %+v: %s", ruleFields(r), what) // not %v of r: String calls Validate
	}
	switch {
	case r.Hour < 0 || r.Hour > 24 || r.Minute < 0 || r.Minute > 59 || r.Hour == 24 && r.Minute != 0:
		return bad("no such time of day")
	case r.Day < 0 || r.Day > 31:
		return bad("no such day")
	}
	switch r.Cadence {
	case Daily:
		if r.Weekday != 0 || r.Month != 0 || r.Day != 0 {
			return bad("a daily rule has no day")
		}
	case Weekly:
		if r.Weekday < time.Monday || r.Weekday > time.Friday || r.Month != 0 || r.Day != 0 {
			return bad("a weekly rule has a weekday, Monday to Friday, and nothing else")
		}
	case Monthly:
		if r.Weekday != 0 || r.Month != 0 {
			return bad("a monthly rule has a day and nothing else")
		}
	case Quarterly:
		if r.Weekday != 0 || r.Month < 1 || r.Month > 3 {
			return bad("a quarterly rule has a month of the quarter (1–3) and a day")
		}
	case Yearly:
		if r.Weekday != 0 || r.Month < 1 || r.Month > 12 {
			return bad("a yearly rule has a month (1–12) and a day")
		}
		if r.Day > daysIn(2024, time.Month(r.Month)) { // 2024: a leap year
			return bad("no such date in any year")
		}
	default:
		return bad("no cadence")
	}
	return nil
}

// quarterMonths name the month within a quarter, as String writes it.
var quarterMonths = [...]string{1: "首月", 2: "第二个月", 3: "末月"}

// String returns the rule in the words a card shows after 周期：, with the
// time of day always written: 每个工作日 18:00, 每周五 18:00, 每月5日 18:00,
// 每月底 18:00, 每季度末 18:00, 每季度首月10日 9:30, 每年12月20日 18:00.
// ParseRule reads it back to the same rule. An invalid rule gives
// "无效周期".
func (r Rule) String() string {
	if r.Validate() != nil {
		return "无效周期"
	}
	return r.days() + " " + r.clock()
}

// days is String without the time of day.
func (r Rule) days() string {
	switch r.Cadence {
	case Daily:
		return "每个工作日"
	case Weekly:
		return "每" + chineseWeekdays[r.Weekday]
	case Monthly:
		return "每月" + dayWord(r.Day)
	case Quarterly:
		if r.Month == 3 && r.Day == 0 {
			return "每季度末"
		}
		return "每季度" + quarterMonths[r.Month] + dayWord(r.Day)
	case Yearly:
		return fmt.Sprintf("每年%d月%s", r.Month, dayWord(r.Day))
	}
	return ""
}

func dayWord(d int) string {
	if d == 0 {
		return "底"
	}
	return fmt.Sprintf("%d日", d)
}

// clock is the rule's time of day as H:MM on the 24-hour clock.
func (r Rule) clock() string { return fmt.Sprintf("%d:%02d", r.Hour, r.Minute) }

var englishWeekdays = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// English returns the rule in English: "every working day at 18:00",
// "every Friday at 18:00", "monthly on day 5 at 18:00", "monthly on the last
// day at 18:00", "quarterly on the last day at 18:00", "quarterly on day 10
// of the first month at 9:30", "yearly on 20 December at 18:00".
func (r Rule) English() string {
	if r.Validate() != nil {
		return "invalid rule"
	}
	day := "the last day"
	if r.Day != 0 {
		day = fmt.Sprintf("day %d", r.Day)
	}
	var s string
	switch r.Cadence {
	case Daily:
		s = "every working day"
	case Weekly:
		s = "every " + englishWeekdays[r.Weekday]
	case Monthly:
		s = "monthly on " + day
	case Quarterly:
		s = "quarterly on " + day
		if r.Month != 3 || r.Day != 0 {
			s += " of the " + [...]string{1: "first", 2: "second", 3: "last"}[r.Month] + " month"
		}
	case Yearly:
		s = fmt.Sprintf("yearly on %s %s", strings.TrimPrefix(day, "day "), time.Month(r.Month))
		if r.Day == 0 {
			s = fmt.Sprintf("yearly on the last day of %s", time.Month(r.Month))
		}
	}
	return s + " at " + r.clock()
}

// Note explains, in Chinese, the conventions by which the rule's instances
// fall: days off, the month's end, 29 February. It is the 说明 line of an
// explanation and never empty for a valid rule.
func (r Rule) Note() string { return r.note(chinese) }

// EnglishNote is [Rule.Note] in English.
func (r Rule) EnglishNote() string { return r.note(english) }

func (r Rule) note(l *lang) string {
	notes := []string{l.movedBack}
	switch r.Cadence {
	case Daily:
		notes[0] = l.workingDaysOnly
	case Weekly:
		notes[0] = l.sameWeek
	}
	switch {
	case r.Cadence == Yearly && r.Month == 2 && r.Day == 29:
		notes = append(notes, l.commonYear)
	case (r.Cadence == Monthly || r.Cadence == Quarterly) && r.Day >= 29:
		notes = append(notes, fmt.Sprintf(l.shortMonth, r.Day))
	}
	return strings.Join(notes, l.sep)
}

// lang is the wording of a rule's notes and explanation in one language.
type lang struct {
	workingDaysOnly, sameWeek, movedBack, commonYear, shortMonth, sep string
	head, none, next, moved                                           string // formats for Explain
	rule                                                              func(Rule) string
	instant, date                                                     func(time.Time) string
}

var chinese = &lang{
	workingDaysOnly: "只在工作日（含调休上班日），周末和节假日没有",
	sameWeek:        "遇周末或节假日提前到本周前一个工作日，整周放假则当周没有",
	movedBack:       "遇周末或节假日提前到前一个工作日",
	commonYear:      "平年按2月28日计",
	shortMonth:      "没有%d日的月份按月底计",
	sep:             "；",
	head:            "周期：%s\n说明：%s\n",
	none:            "一年内没有工作日，不会生成任务",
	next:            "接下来%d次：",
	moved:           "（原为%s，不是工作日）",
	rule:            Rule.String,
	instant:         Format,
	date:            FormatDate,
}

var english = &lang{
	workingDaysOnly: "working days only (including weekend days made working days); none on days off",
	sameWeek:        "a day off moves it to the previous working day of the same week; a week with none has no instance",
	movedBack:       "a day off moves it to the previous working day",
	commonYear:      "28 February in common years",
	shortMonth:      "the month's last day in months without day %d",
	sep:             "; ",
	head:            "Recurs: %s\nNote: %s\n",
	none:            "No working day within a year: no task will be created.",
	next:            "Next %d:",
	moved:           " (moved from %s, not a working day)",
	rule:            Rule.English,
	instant:         FormatEnglish,
	date:            func(t time.Time) string { return t.Format("2006-01-02 Mon") },
}

// MarshalText returns [Rule.String], for storing the rule as text.
func (r Rule) MarshalText() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads a rule stored by MarshalText (any phrase ParseRule
// reads will do).
func (r *Rule) UnmarshalText(b []byte) error {
	rule, err := ParseRule(string(b))
	if err != nil {
		return err
	}
	*r = rule
	return nil
}
