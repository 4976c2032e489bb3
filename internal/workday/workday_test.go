package workday

import (
	"bytes"
	"log/slog"
	"strings"
	"syscall"
	"testing"
	"time"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// dayCase is a date, whether it is a working day, and why.
type dayCase struct {
	date string
	want bool
	why  string
}

// checkWorkdays checks what cal says of each case's date.
func checkWorkdays(t *testing.T, cal Base, cases []dayCase) {
	t.Helper()
	for _, tt := range cases {
		if got := cal.IsWorkday(day(tt.date)); got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

func TestIsWorkdayBuiltin(t *testing.T) {
	cal := Builtin()
	checkWorkdays(t, cal, []dayCase{
		{"2026-11-23", true, "an ordinary Monday"},
		{"2026-11-28", false, "an ordinary Saturday"},
		{"2026-11-29", false, "an ordinary Sunday"},
		{"2026-10-01", false, "国庆 on a Thursday"},
		{"2026-10-07", false, "国庆's last day, a Wednesday"},
		{"2026-10-08", true, "the Thursday after 国庆"},
		{"2026-10-10", true, "调休: Saturday made a working day"},
		{"2026-09-20", true, "调休: Sunday made a working day"},
		{"2026-02-14", true, "调休 Saturday before 春节"},
		{"2026-02-16", false, "春节 Monday"},
		{"2026-02-23", false, "春节 extends to Monday"},
		{"2026-02-24", true, "first working day after 春节"},
		{"2026-02-28", true, "调休 Saturday after 春节"},
		{"2025-10-11", true, "2025 调休 Saturday"},
		{"2024-05-11", true, "2024 调休 Saturday"},
		{"2024-10-01", false, "2024 国庆"},
		{"2026-01-04", true, "元旦 调休 Sunday"},
	})
}

func TestIsWorkdayUsesTheDateInTheTimesOwnZone(t *testing.T) {
	cal := Builtin()
	// 2026-10-09 16:30 UTC is already Saturday 10-10 00:30 in Shanghai: a
	// 调休 working day there, but an ordinary Friday in UTC.
	utc := time.Date(2026, 10, 9, 16, 30, 0, 0, time.UTC)
	if !cal.IsWorkday(utc) {
		t.Errorf("Friday 2026-10-09 in UTC should be a working day")
	}
	if !cal.IsWorkday(utc.In(shanghai)) {
		t.Errorf("Saturday 2026-10-10 in Shanghai is a 调休 working day")
	}
	sat := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC) // Sat 01:00 in Shanghai
	if cal.IsWorkday(sat.In(shanghai)) {
		t.Errorf("Saturday 2026-11-28 in Shanghai is not a working day")
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := Builtin()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-23", 1, "2026-11-24"},
		{"2026-11-27", 1, "2026-11-30"}, // Friday → Monday
		{"2026-11-28", 1, "2026-11-30"}, // from a Saturday
		{"2026-11-23", 5, "2026-11-30"},
		{"2026-09-30", 1, "2026-10-08"}, // over 国庆
		{"2026-09-30", 3, "2026-10-10"}, // the 调休 Saturday counts
		{"2026-02-13", 1, "2026-02-14"}, // the 调休 Saturday before 春节
		{"2026-02-14", 1, "2026-02-24"},
		{"2026-11-23", 0, "2026-11-23"},
	}
	for _, tt := range tests {
		got := cal.AddWorkdays(day(tt.from).Add(15*time.Hour), tt.n)
		if want := day(tt.want); !got.Equal(want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got, want)
		}
		if got.Location() != shanghai {
			t.Errorf("AddWorkdays(%s, %d) is in %v, want the input's zone", tt.from, tt.n, got.Location())
		}
	}
	if got, want := cal.NextWorkday(day("2026-10-01")), day("2026-10-08"); !got.Equal(want) {
		t.Errorf("NextWorkday(2026-10-01) = %s, want %s", got, want)
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := Builtin()
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-11-23", "2026-11-23", 0},
		{"2026-11-23", "2026-11-24", 1},
		{"2026-11-27", "2026-11-30", 1}, // weekend skipped
		{"2026-09-30", "2026-10-10", 3}, // 10-08, 10-09, 10-10 (调休)
		{"2026-11-24", "2026-11-23", 0},
	}
	for _, tt := range tests {
		if got := cal.WorkdaysBetween(day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestHolidayName(t *testing.T) {
	cal := Builtin()
	if got := cal.HolidayName(day("2026-10-03")); got != "国庆节" {
		t.Errorf("HolidayName(2026-10-03) = %q, want 国庆节", got)
	}
	if got := cal.HolidayName(day("2026-11-23")); got != "" {
		t.Errorf("HolidayName(2026-11-23) = %q, want empty", got)
	}
}

func TestOverrideDirectoryReplacesYearAndMergesAcrossYears(t *testing.T) {
	cal, err := Load("testdata/override", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkday(day("2026-11-24")) {
		t.Error("override 2026.json makes 2026-11-24 a day off")
	}
	if !cal.IsWorkday(day("2026-11-28")) {
		t.Error("override 2026.json makes Saturday 2026-11-28 a working day")
	}
	// The override replaced the built-in 2026 file whole: 国庆 is gone.
	if !cal.IsWorkday(day("2026-10-08")) || !cal.IsWorkday(day("2026-10-01")) {
		t.Error("the built-in 2026 file should be replaced, not merged with the override")
	}
	if cal.IsWorkday(day("2026-12-31")) {
		t.Error("the 2027 notice moves 2026-12-31; days of all files must be merged")
	}
	if !cal.IsWorkday(day("2025-10-11")) {
		t.Error("built-in years without an override file must stay")
	}
}

// A year without a notice keeps the statutory holidays (the old fallback to
// Monday–Friday made 元旦 2027 a working day) and warns once.
func TestYearWithoutNoticeKeepsStatutoryHolidaysAndWarnsOnce(t *testing.T) {
	var logs bytes.Buffer
	cal, err := Load("testdata/empty2026", slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	checkWorkdays(t, cal, []dayCase{
		{"2026-10-01", false, "国庆 is statutory even without the notice"},
		{"2026-10-03", false, "国庆's third statutory day (a Saturday)"},
		{"2026-10-05", true, "国庆's bridging days come only with the notice"},
		{"2026-10-10", false, "no 调休 Saturday without the notice"},
		{"2026-02-16", false, "除夕 2026"},
		{"2026-02-19", false, "正月初三 2026"},
		{"2026-02-20", true, "正月初四 is not statutory"},
		{"2026-04-05", false, "清明 2026 (a Sunday)"},
		{"2026-05-01", false, "劳动节"},
		{"2026-05-02", false, "劳动节's second day"},
		{"2026-06-19", false, "端午 2026"},
		{"2026-09-25", false, "中秋 2026"},
		{"2026-11-23", true, "an ordinary Monday"},
	})
	if cal.HasNotice(2026) || !cal.HasNotice(2025) {
		t.Errorf("HasNotice(2026) = %v, HasNotice(2025) = %v; want false, true", cal.HasNotice(2026), cal.HasNotice(2025))
	}
	if n := strings.Count(logs.String(), "year=2026"); n != 1 {
		t.Errorf("warning for 2026 logged %d times, want once:\n%s", n, logs.String())
	}
	// 2027 (built-in, empty) too, with its own single warning.
	if cal.IsWorkday(day("2027-01-01")) {
		t.Error("2027 has no notice: 元旦 2027-01-01 (a Friday) is still a day off")
	}
	if !cal.IsWorkday(day("2027-01-04")) {
		t.Error("Monday 2027-01-04 is the first working day of 2027")
	}
	cal.IsWorkday(day("2027-02-05"))
	if n := strings.Count(logs.String(), "year=2027"); n != 1 {
		t.Errorf("warning for 2027 logged %d times, want once", n)
	}
	if got := cal.HolidayName(day("2027-02-05")); got != SpringFest {
		t.Errorf("HolidayName(2027-02-05) = %q, want 春节 (除夕)", got)
	}
}

// The statutory days computed from the lunar calendar are days off in the
// notices of the years since the regulation took its present form (2025:
// 除夕 and 5月2日 added).
func TestStatutoryDaysAgreeWithNotices(t *testing.T) {
	cal := Builtin()
	for _, y := range []int{2025, 2026} {
		s := computeStatutory(y)
		if len(s.off) != 13 {
			t.Errorf("%d: %d statutory days off, want 13", y, len(s.off))
		}
		for k, name := range s.off {
			sp, ok := cal.days[k]
			if !ok || !sp.off {
				t.Errorf("%d: computed %s on %d, which the notice does not list as a day off", y, name, k)
			}
		}
	}
}

func TestFestival(t *testing.T) {
	cal := Builtin()
	for _, tt := range []struct {
		name string
		year int
		want string
		days int
	}{
		{NewYear, 2027, "2027-01-01", 1},
		{SpringFest, 2027, "2027-02-05", 4}, // 除夕; 正月初一 is 2027-02-06
		{Qingming, 2027, "2027-04-05", 1},
		{LabourDay, 2027, "2027-05-01", 2},
		{DragonBoat, 2027, "2027-06-09", 1},
		{MidAutumn, 2027, "2027-09-15", 1},
		{NationalDay, 2027, "2027-10-01", 3},
		{SpringFest, 2026, "2026-02-16", 4},
		{SpringFest, 2028, "2028-01-25", 4},
		{MidAutumn, 2028, "2028-10-03", 1},
	} {
		first, days, ok := cal.Festival(tt.name, tt.year)
		if !ok || first.Format(time.DateOnly) != tt.want || days != tt.days {
			t.Errorf("Festival(%s, %d) = %s, %d, %v; want %s, %d", tt.name, tt.year, first.Format(time.DateOnly), days, ok, tt.want, tt.days)
		}
	}
	if _, _, ok := cal.Festival("圣诞节", 2027); ok {
		t.Error("圣诞节 is no statutory holiday")
	}
	if _, _, ok := cal.Festival(SpringFest, 3000); ok {
		t.Error("春节 of 3000 is beyond the years the lunar calendar is trusted for")
	}
	if first, _, ok := cal.Festival(NationalDay, 3000); !ok || first.Month() != time.October {
		t.Error("国庆 needs no lunar calendar, in any year")
	}
}

// Every year the lunar computation covers gives dates in the windows these
// festivals always fall in.
func TestFestivalWindows(t *testing.T) {
	windows := map[string][2]string{
		SpringFest: {"01-20", "02-19"}, // 除夕
		Qingming:   {"04-04", "04-06"},
		DragonBoat: {"05-27", "06-26"},
		MidAutumn:  {"09-07", "10-08"},
	}
	for y := lunarMinYear; y <= lunarMaxYear; y++ {
		s := computeStatutory(y)
		for name, w := range windows {
			first, ok := s.first[name]
			md := first.Format("01-02")
			if !ok || first.Year() != y || md < w[0] || md > w[1] {
				t.Errorf("%s %d = %s, outside %s…%s", name, y, first.Format(time.DateOnly), w[0], w[1])
			}
		}
	}
}

func TestWithOverrides(t *testing.T) {
	g := WithOverrides(Builtin(), map[string]bool{
		"2027-02-20": false, // 调休上班 on a Saturday
		"2027-02-19": true,  // a bridging Friday off
		"2026-10-08": true,
		"not a date": true,
	})
	for _, tt := range []struct {
		date string
		want bool
	}{
		{"2027-02-20", true}, {"2027-02-19", false}, {"2027-02-18", true},
		{"2027-02-05", false}, // 除夕 stays a statutory day off
		{"2026-10-08", false}, {"2026-10-09", true}, {"2026-10-10", true},
	} {
		if got := g.IsWorkday(day(tt.date)); got != tt.want {
			t.Errorf("group IsWorkday(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
	// 国庆 2026 ends on the 7th; the group also takes the 8th off.
	if got, want := g.AddWorkdays(day("2026-09-30"), 1), day("2026-10-09"); !got.Equal(want) {
		t.Errorf("group AddWorkdays over 国庆 = %s, want %s", got, want)
	}
	if got := g.WorkdaysBetween(day("2027-02-18"), day("2027-02-22")); got != 2 { // 20 (Sat, worked) and 22
		t.Errorf("group WorkdaysBetween = %d, want 2", got)
	}
	if first, _, ok := g.Festival(SpringFest, 2027); !ok || !first.Equal(civil(2027, 2, 5)) {
		t.Errorf("group Festival(春节, 2027) = %s, %v", first, ok)
	}
	if g.HasNotice(2027) || !g.HasNotice(2026) {
		t.Error("a group's calendar knows which notices are loaded")
	}
}

func TestLoadRejectsBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	if err := writeFile(dir+"/2026.json", `{"year": 2026, "days": [{"date": "2026-13-01", "isOffDay": true}]}`); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, nil); err == nil || !strings.Contains(err.Error(), "2026-13-01") {
		t.Errorf("Load with an impossible date: err = %v, want one naming the date", err)
	}
	if _, err := Load(t.TempDir()+"/missing", nil); err == nil {
		t.Error("Load of a missing directory should fail: an operator's typo must not pass silently")
	}
	if _, err := Load(t.TempDir(), nil); err != nil {
		t.Errorf("Load of an empty directory (built-in calendar stands): %v", err)
	}
}

func TestBuiltinYears(t *testing.T) {
	if got, want := Builtin().String(), "workday calendar 2024–2026"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// BenchmarkStatutoryYear computes one year's statutory holidays from the
// lunar calendar and the solar terms, as the calendar does once per year
// without a notice. Years alternate so that lunar-go's one-year cache never
// answers.
func BenchmarkStatutoryYear(b *testing.B) {
	y := 0
	cpu := cpuTime()
	for b.Loop() {
		computeStatutory(2027 + y%2*50)
		y++
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
}

// cpuTime is the process's user+system CPU time so far: reported next to
// wall time, it stays readable on a shared machine where wall time mostly
// measures waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkIsWorkday(b *testing.B) {
	cal := Builtin()
	d := day("2026-10-10")
	for b.Loop() {
		cal.IsWorkday(d)
	}
}
