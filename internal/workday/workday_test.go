package workday

import (
	"bytes"
	"log/slog"
	"strings"
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

func TestIsWorkdayBuiltin(t *testing.T) {
	cal := Builtin()
	tests := []struct {
		date string
		want bool
		why  string
	}{
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
	}
	for _, tt := range tests {
		if got := cal.IsWorkday(day(tt.date)); got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
		}
	}
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

func TestYearWithoutDataFallsBackAndWarnsOnce(t *testing.T) {
	var logs bytes.Buffer
	cal, err := Load("testdata/empty2026", slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkday(day("2026-10-01")) == false {
		t.Error("with an empty 2026 file, 国庆 Thursday falls back to a working day")
	}
	if cal.IsWorkday(day("2026-10-10")) {
		t.Error("with an empty 2026 file, Saturday is a day off")
	}
	cal.IsWorkday(day("2026-10-12"))
	if n := strings.Count(logs.String(), "year=2026"); n != 1 {
		t.Errorf("warning for 2026 logged %d times, want once:\n%s", n, logs.String())
	}
	// 2027 (built-in, empty) falls back too, with its own single warning.
	if !cal.IsWorkday(day("2027-01-01")) {
		t.Error("2027 has no data: Friday 2027-01-01 falls back to a working day")
	}
	if n := strings.Count(logs.String(), "year=2027"); n != 1 {
		t.Errorf("warning for 2027 logged %d times, want once", n)
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

func BenchmarkIsWorkday(b *testing.B) {
	cal := Builtin()
	d := day("2026-10-10")
	for b.Loop() {
		cal.IsWorkday(d)
	}
}
