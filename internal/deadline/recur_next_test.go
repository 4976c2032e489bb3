package deadline

import (
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/workday"
)

type nextCase struct {
	name string
	rule string // read with ParseRule
	now  string // RFC 3339
	zone string
	cal  Workdays // nil: the national calendar
	want []string // the next occurrences, RFC 3339
}

// A group that works on Sunday 8 March 2026 (the night New York springs
// forward) and takes Friday 4 December 2026 off.
var groupCal = workday.WithOverrides(cal, map[string]bool{"2026-03-08": false, "2026-12-04": true})

var nextCases = []nextCase{
	// Plain weeks.
	{"weekly", "每周五下班前", tue10, sh, nil,
		[]string{"2026-12-04T18:00:00+08:00", "2026-12-11T18:00:00+08:00", "2026-12-18T18:00:00+08:00"}},
	{"weekly, the day itself before the time", "每周五下班前", "2026-12-04T17:59:00+08:00", sh, nil,
		[]string{"2026-12-04T18:00:00+08:00", "2026-12-11T18:00:00+08:00"}},
	{"weekly, strictly after", "每周五下班前", fri1800, sh, nil,
		[]string{"2026-12-11T18:00:00+08:00"}},
	{"weekly with a time", "每周一上午10点", tue10, sh, nil,
		[]string{"2026-12-07T10:00:00+08:00", "2026-12-14T10:00:00+08:00"}},
	{"weekly over the new year", "每周四", "2026-12-25T10:00:00+08:00", sh, nil,
		// 31 December 2026 is a Thursday; 2027 has no notice yet, 1 January is statutory.
		[]string{"2026-12-31T18:00:00+08:00", "2027-01-07T18:00:00+08:00"}},

	// Holidays move a weekly instance back within its week.
	{"中秋 and 国庆 Fridays", "每周五", "2026-09-21T10:00:00+08:00", sh, nil,
		// 25 September is 中秋 (Thursday 24th is worked); 2 October is 国庆,
		// and 1 October too: Wednesday 30 September.
		[]string{"2026-09-24T18:00:00+08:00", "2026-09-30T18:00:00+08:00", "2026-10-09T18:00:00+08:00"}},
	{"the moved instance has passed", "每周五", "2026-09-30T19:00:00+08:00", sh, nil,
		[]string{"2026-10-09T18:00:00+08:00"}},
	{"春节 week has none", "每周五", "2026-02-09T10:00:00+08:00", sh, nil,
		// 16–20 February are off: that week has no instance, and the
		// working Saturday 14 February belongs to the week before.
		[]string{"2026-02-13T18:00:00+08:00", "2026-02-27T18:00:00+08:00", "2026-03-06T18:00:00+08:00"}},
	{"holiday Monday is skipped", "每周一上午10点", "2026-09-29T10:00:00+08:00", sh, nil,
		[]string{"2026-10-12T10:00:00+08:00", "2026-10-19T10:00:00+08:00"}},
	{"端午 Friday", "每周五", "2026-06-15T10:00:00+08:00", sh, nil,
		[]string{"2026-06-18T18:00:00+08:00", "2026-06-26T18:00:00+08:00"}},
	{"a group's own day off", "每周五", tue10, sh, groupCal,
		[]string{"2026-12-03T18:00:00+08:00", "2026-12-11T18:00:00+08:00"}},

	// Working days: weekends and holidays have none, 调休 Saturdays do.
	{"every working day", "每个工作日", "2026-12-03T19:00:00+08:00", sh, nil,
		[]string{"2026-12-04T18:00:00+08:00", "2026-12-07T18:00:00+08:00", "2026-12-08T18:00:00+08:00"}},
	{"每天 over 春节", "每天上午9点", "2026-02-13T10:00:00+08:00", sh, nil,
		[]string{"2026-02-14T09:00:00+08:00", "2026-02-24T09:00:00+08:00", "2026-02-25T09:00:00+08:00"}},
	{"每天 over 国庆", "每天", "2026-09-30T19:00:00+08:00", sh, nil,
		[]string{"2026-10-08T18:00:00+08:00", "2026-10-09T18:00:00+08:00", "2026-10-10T18:00:00+08:00"}},
	{"a 调休 Sunday is a working day", "每个工作日", "2026-09-18T19:00:00+08:00", sh, nil,
		// Sunday 20 September 2026 is worked for 国庆; Saturday the 19th is not.
		[]string{"2026-09-20T18:00:00+08:00", "2026-09-21T18:00:00+08:00"}},
	{"a group's own working Sunday", "每天上午9点", "2026-03-06T10:00:00+08:00", sh, groupCal,
		[]string{"2026-03-08T09:00:00+08:00", "2026-03-09T09:00:00+08:00"}},
	{"midnight ends the day", "每天24点前", tue10, sh, nil,
		[]string{"2026-12-02T00:00:00+08:00", "2026-12-03T00:00:00+08:00"}},

	// Months: ends, short months, February, holidays.
	{"每月5日 moved into September", "每月5日前", "2026-09-10T10:00:00+08:00", sh, nil,
		[]string{"2026-09-30T18:00:00+08:00", "2026-11-05T18:00:00+08:00", "2026-12-04T18:00:00+08:00"}},
	{"month ends with a working Saturday", "每月底", "2026-01-15T10:00:00+08:00", sh, nil,
		// 31 January is a Saturday: Friday 30th. 28 February is a Saturday worked for 春节.
		[]string{"2026-01-30T18:00:00+08:00", "2026-02-28T18:00:00+08:00", "2026-03-31T18:00:00+08:00"}},
	{"31st in short months", "每月31日", "2026-04-01T10:00:00+08:00", sh, nil,
		[]string{"2026-04-30T18:00:00+08:00", "2026-05-29T18:00:00+08:00", "2026-06-30T18:00:00+08:00"}},
	{"29th in February, leap year", "每月29日", "2028-02-01T10:00:00+08:00", sh, nil,
		[]string{"2028-02-29T18:00:00+08:00", "2028-03-29T18:00:00+08:00"}},
	{"29th in February, common year", "每月29日", "2027-02-01T10:00:00+08:00", sh, nil,
		// 28 February 2027 is a Sunday.
		[]string{"2027-02-26T18:00:00+08:00", "2027-03-29T18:00:00+08:00"}},
	{"每月1日 on 国庆 moves back a week", "每月1日", "2026-09-02T10:00:00+08:00", sh, nil,
		// 1–7 October are off: Wednesday 30 September; 1 November is a Sunday.
		[]string{"2026-09-30T18:00:00+08:00", "2026-10-30T18:00:00+08:00", "2026-12-01T18:00:00+08:00"}},
	{"30th in February is its last day, a 调休 Saturday", "每月30日", "2026-02-01T10:00:00+08:00", sh, nil,
		[]string{"2026-02-28T18:00:00+08:00", "2026-03-30T18:00:00+08:00"}},
	{"month end in February of a leap year", "每月底", "2028-02-01T10:00:00+08:00", sh, nil,
		// 29 February 2028 is a Tuesday.
		[]string{"2028-02-29T18:00:00+08:00", "2028-03-31T18:00:00+08:00"}},
	{"a month's end on a group's day off", "每月底", "2026-11-30T19:00:00+08:00", sh,
		workday.WithOverrides(cal, map[string]bool{"2026-12-31": true, "2026-12-30": true}),
		[]string{"2026-12-29T18:00:00+08:00", "2027-01-29T18:00:00+08:00"}},
	{"month end on its last evening", "每月底", "2026-03-31T18:00:00+08:00", sh, nil,
		[]string{"2026-04-30T18:00:00+08:00"}},

	// Quarters and years.
	{"quarter ends", "每季度末", "2026-07-01T10:00:00+08:00", sh, nil,
		[]string{"2026-09-30T18:00:00+08:00", "2026-12-31T18:00:00+08:00", "2027-03-31T18:00:00+08:00"}},
	{"quarter's first month", "每季度首月10日", "2026-09-01T10:00:00+08:00", sh, nil,
		// 10 October 2026 is a Saturday worked for 国庆; 10 January and 10 April 2027 are weekends.
		[]string{"2026-10-10T18:00:00+08:00", "2027-01-08T18:00:00+08:00", "2027-04-09T18:00:00+08:00"}},
	{"yearly on a Sunday this year", "每年12月20日前", "2026-12-01T10:00:00+08:00", sh, nil,
		[]string{"2026-12-18T18:00:00+08:00", "2027-12-20T18:00:00+08:00"}},
	{"quarter end on a Sunday", "每季度末", "2024-03-01T10:00:00+08:00", sh, nil,
		// 31 March 2024 is a Sunday; 30 June 2024 too; 30 September 2024 is a Monday.
		[]string{"2024-03-29T18:00:00+08:00", "2024-06-28T18:00:00+08:00", "2024-09-30T18:00:00+08:00"}},
	{"yearly", "每年12月20日前", "2026-12-21T10:00:00+08:00", sh, nil,
		// 20 December 2026 is a Sunday; 2027's is a Monday.
		[]string{"2027-12-20T18:00:00+08:00", "2028-12-20T18:00:00+08:00"}},
	{"29 February in common years", "每年2月29日", "2026-03-01T10:00:00+08:00", sh, nil,
		[]string{"2027-02-26T18:00:00+08:00", "2028-02-29T18:00:00+08:00", "2029-02-28T18:00:00+08:00"}},
	{"元旦 moves into the old year", "每年1月1日", "2026-06-01T10:00:00+08:00", sh, nil,
		[]string{"2026-12-31T18:00:00+08:00", "2027-12-31T18:00:00+08:00"}},

	// Zones: the rule's time is the group's wall clock.
	{"New York across spring forward", "每周五", "2026-03-02T10:00:00-05:00", ny, nil,
		[]string{"2026-03-06T18:00:00-05:00", "2026-03-13T18:00:00-04:00", "2026-03-20T18:00:00-04:00"}},
	{"New York across fall back", "每个工作日上午9点", "2026-10-30T10:00:00-04:00", ny, nil,
		[]string{"2026-11-02T09:00:00-05:00", "2026-11-03T09:00:00-05:00"}},
	{"an hour the night skips", "每天凌晨2点30分", "2026-03-07T12:00:00-05:00", ny, groupCal,
		// The group works on Sunday 8 March, whose 2:30 does not exist in New York.
		[]string{"2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"}},
	{"London's month end across summer time", "每月底", "2026-02-27T19:00:00Z", "Europe/London", nil,
		// 28 February is a Saturday worked in China; the calendar is the
		// group's, whatever its zone. 31 March is after the clocks moved.
		[]string{"2026-02-28T18:00:00Z", "2026-03-31T18:00:00+01:00"}},
	{"a half-hour zone", "每周一上午10点", "2026-11-30T10:00:00+05:30", "Asia/Kolkata", nil,
		[]string{"2026-12-07T10:00:00+05:30"}},
	{"a zone ahead of Shanghai's date", "每月5日前", "2026-11-05T18:30:00+14:00", "Pacific/Kiritimati", nil,
		// 18:30 on the 5th there has passed the instance; December's is the 4th (the 5th is a Saturday).
		[]string{"2026-12-04T18:00:00+14:00"}},
	{"Shanghai Friday from New York's evening", "每周五", "2026-12-03T23:00:00-05:00", sh, nil,
		// It is already Friday 12:00 in Shanghai.
		[]string{"2026-12-04T18:00:00+08:00", "2026-12-11T18:00:00+08:00"}},
}

func TestRuleNext(t *testing.T) {
	for _, tc := range nextCases {
		t.Run(tc.name, func(t *testing.T) {
			rule, err := ParseRule(tc.rule)
			if err != nil {
				t.Fatal(err)
			}
			loc, _ := time.LoadLocation(tc.zone)
			now, err := time.Parse(time.RFC3339, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			c := tc.cal
			if c == nil {
				c = cal
			}
			got := rule.Occurrences(now, loc, c, len(tc.want))
			if len(got) != len(tc.want) {
				t.Fatalf("%s after %s: %d occurrences, want %d", rule, tc.now, len(got), len(tc.want))
			}
			for i, o := range got {
				if f := o.At.Format(time.RFC3339); f != tc.want[i] {
					t.Errorf("%s after %s: occurrence %d is %s, want %s", rule, tc.now, i+1, f, tc.want[i])
				}
				if o.At.Location() != loc {
					t.Errorf("occurrence %s is not in %s", o.At, loc)
				}
			}
			if next := rule.Next(now, loc, c); !next.Equal(got[0].At) {
				t.Errorf("Next = %s, Occurrences[0] = %s", next, got[0].At)
			}
		})
	}
}

// The occurrence says where a day off moved it from.
func TestOccurrenceMoved(t *testing.T) {
	rule, _ := ParseRule("每周五")
	now := mustNow(t, "2026-09-28T10:00:00+08:00", sh)
	o := rule.Occurrences(now, now.Location(), cal, 1)[0]
	if !o.Moved() || FormatDate(o.Nominal) != "2026-10-02 周五" || FormatDate(o.Day) != "2026-09-30 周三" {
		t.Errorf("occurrence %+v: want moved from 2026-10-02 to 2026-09-30", o)
	}
	o = rule.Occurrences(o.At, now.Location(), cal, 1)[0]
	if o.Moved() || !o.Day.Equal(o.Nominal) {
		t.Errorf("occurrence %+v: want not moved", o)
	}
}

// offEverywhere is a calendar without a single working day.
type offEverywhere struct{}

func (offEverywhere) IsWorkday(time.Time) bool { return false }

// A calendar with no working days stops Daily and Weekly rules, which then
// have no occurrence, and leaves the others on their nominal dates.
func TestRuleNextWithoutWorkingDays(t *testing.T) {
	now := mustNow(t, tue10, sh)
	for _, r := range []Rule{workdays18, friday18} {
		if got := r.Next(now, now.Location(), offEverywhere{}); !got.IsZero() {
			t.Errorf("%s: Next = %s, want the zero time", r, got)
		}
		if got := r.Occurrences(now, now.Location(), offEverywhere{}, 3); len(got) != 0 {
			t.Errorf("%s: %d occurrences, want none", r, len(got))
		}
	}
	got := monthly(5, 18).Next(now, now.Location(), offEverywhere{})
	if want := mustNow(t, "2026-12-05T18:00:00+08:00", sh); !got.Equal(want) {
		t.Errorf("每月5日 with no working day: %s, want the nominal %s", got, want)
	}
}

// Nil zone and calendar: after's location, Monday to Friday.
func TestRuleNextDefaults(t *testing.T) {
	now := mustNow(t, "2026-09-28T10:00:00+08:00", sh)
	got := friday18.Next(now, nil, nil)
	if want := "2026-10-02T18:00:00+08:00"; got.Format(time.RFC3339) != want {
		t.Errorf("Next(nil, nil) = %s, want %s (no holidays known)", got.Format(time.RFC3339), want)
	}
	if got := (Rule{}).Next(now, nil, nil); !got.IsZero() {
		t.Errorf("an invalid rule: Next = %s, want the zero time", got)
	}
}

func TestRuleExplain(t *testing.T) {
	rule, _ := ParseRule("每周五下班前")
	now := mustNow(t, "2026-09-21T10:00:00+08:00", sh)
	got := rule.Explain(now, now.Location(), cal, 3)
	want := strings.Join([]string{
		"周期：每周五 18:00",
		"说明：遇周末或节假日提前到本周前一个工作日，整周放假则当周没有",
		"接下来3次：",
		"2026-09-24 18:00 周四（原为2026-09-25 周五，不是工作日）",
		"2026-09-30 18:00 周三（原为2026-10-02 周五，不是工作日）",
		"2026-10-09 18:00 周五",
	}, "\n")
	if got != want {
		t.Errorf("Explain:\n%s\nwant:\n%s", got, want)
	}
	en := rule.ExplainEnglish(now, now.Location(), cal, 2)
	wantEn := strings.Join([]string{
		"Recurs: every Friday at 18:00",
		"Note: a day off moves it to the previous working day of the same week; a week with none has no instance",
		"Next 2:",
		"2026-09-24 18:00 Thu (moved from 2026-09-25 Fri, not a working day)",
		"2026-09-30 18:00 Wed (moved from 2026-10-02 Fri, not a working day)",
	}, "\n")
	if en != wantEn {
		t.Errorf("ExplainEnglish:\n%s\nwant:\n%s", en, wantEn)
	}
	none := workdays18.Explain(now, now.Location(), offEverywhere{}, 3)
	if !strings.HasSuffix(none, "一年内没有工作日，不会生成任务") {
		t.Errorf("Explain without working days:\n%s", none)
	}
}
