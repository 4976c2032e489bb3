// Package workday knows which days are working days in mainland China:
// Monday to Friday, minus the statutory holidays, plus the weekend days the
// State Council declares working days (调休上班).
//
// The yearly calendars are built into the binary (holidays/*.json, copied from
// the holiday-cn project; see holidays/README.md for source and licence), so
// the bot needs no file at run time. An operator can point [Load] at a
// directory of newer files in the same format; a file there replaces the
// built-in file of the same year.
//
// A year whose notice is not out yet (see [Calendar.HasNotice]) still has the
// statutory holidays of the national regulation: 元旦, 春节 (除夕 to 初三),
// 清明节, 劳动节, 端午节, 中秋节 and 国庆节 are days off, computed from the
// lunar calendar and the solar terms; only the 调休 is unknown until the
// notice is loaded. [WithOverrides] lays a group's own days (a 调休 Saturday it
// works, a bridging day it takes off) over a calendar.
//
// All methods look only at the civil date of the time they are given, in that
// time's own location: pass times already converted into the group's zone.
package workday

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

//go:embed holidays/*.json
var builtin embed.FS

// yearFile is the on-disk format of one year's notice (holiday-cn's format).
type yearFile struct {
	Year int `json:"year"`
	Days []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay bool   `json:"isOffDay"`
	} `json:"days"`
}

// special is what a year's notice says about one date.
type special struct {
	name string
	off  bool // true: a day off; false: a weekend day made a working day
}

// Calendar answers working-day questions. The zero value is not usable; build
// one with [Builtin] or [Load]. A Calendar is safe for concurrent use.
type Calendar struct {
	days   map[int]special // key: civil date as yyyymmdd
	known  map[int]bool    // years whose own notice lists at least one day
	years  []int           // years with a notice, sorted, for Years
	log    *slog.Logger
	warned sync.Map // year → struct{}: the fallback warning was logged
	lunar  sync.Map // year → *statutoryYear, computed on first use
}

// Builtin returns the calendar built into the binary. It panics only if the
// embedded files are corrupt, which a test guards against.
func Builtin() *Calendar {
	c, err := Load("", nil)
	if err != nil {
		panic(fmt.Sprintf("workday: built-in calendar: %v", err))
	}
	return c
}

// Load returns the built-in calendar, with every *.json file in dir replacing
// the built-in file of the same year (dir may be empty: built-in only).
// Warnings about years without data go to logger (nil: slog.Default()).
func Load(dir string, logger *slog.Logger) (*Calendar, error) {
	if logger == nil {
		logger = slog.Default()
	}
	files := map[int]yearFile{}
	if err := readDir(builtin, "holidays", files); err != nil {
		return nil, fmt.Errorf("load built-in holidays: %w", err)
	}
	if dir != "" {
		// A typo in DUBAN_HOLIDAYS should be loud, not a silent fallback.
		if st, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("load holidays: %w", err)
		} else if !st.IsDir() {
			return nil, fmt.Errorf("load holidays: %s is not a directory", dir)
		}
		if err := readDir(os.DirFS(dir), ".", files); err != nil {
			return nil, fmt.Errorf("load holidays from %s: %w", dir, err)
		}
	}
	c := &Calendar{days: map[int]special{}, known: map[int]bool{}, log: logger}
	// Merge the days of every file: a December date can be moved by the next
	// year's notice, so no file is read only for its own year's dates.
	years := make([]int, 0, len(files))
	for y := range files {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		f := files[y]
		if len(f.Days) > 0 {
			c.known[y] = true
			c.years = append(c.years, y)
		}
		for _, d := range f.Days {
			t, err := time.Parse(time.DateOnly, d.Date)
			if err != nil {
				return nil, fmt.Errorf("holidays %d: date %q: %w", y, d.Date, err)
			}
			c.days[key(t)] = special{name: d.Name, off: d.IsOffDay}
		}
	}
	return c, nil
}

func readDir(fsys fs.FS, dir string, into map[int]yearFile) error {
	names, err := fs.Glob(fsys, filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		var f yearFile
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if f.Year == 0 {
			return fmt.Errorf("%s: no \"year\" field", name)
		}
		into[f.Year] = f
	}
	return nil
}

func key(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// IsWorkday reports whether t's civil date is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	k := key(t)
	if s, ok := c.days[k]; ok {
		return !s.off
	}
	if !c.checkKnown(t.Year()) {
		if _, off := c.statutory(t.Year()).off[k]; off {
			return false
		}
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// HolidayName returns the name of the holiday or 调休 that moves t's date
// ("国庆节"), or "" for an ordinary day. In a year without a notice it names
// the statutory holidays.
func (c *Calendar) HolidayName(t time.Time) string {
	if s, ok := c.days[key(t)]; ok || c.known[t.Year()] {
		return s.name
	}
	return c.statutory(t.Year()).off[key(t)]
}

// HasNotice reports whether the State Council's notice for the year is
// loaded. Without it the statutory holidays are days off but the 调休 (the
// bridging days off and the weekend days worked) are not known.
func (c *Calendar) HasNotice(year int) bool { return c.known[year] }

// checkKnown reports whether the year has a notice, and logs once per year
// that it has none and the calendar keeps only the statutory holidays.
func (c *Calendar) checkKnown(year int) bool {
	if c.known[year] {
		return true
	}
	if _, loaded := c.warned.LoadOrStore(year, struct{}{}); !loaded {
		c.log.Warn("no State Council holiday notice for this year: the statutory holidays are days off, its 调休 is unknown",
			slog.Int("year", year), slog.String("fix", "put the year's file into DUBAN_HOLIDAYS"))
	}
	return false
}

// NextWorkday returns midnight (in t's location) of the first working day
// strictly after t's date.
func (c *Calendar) NextWorkday(t time.Time) time.Time {
	return c.AddWorkdays(t, 1)
}

// AddWorkdays returns midnight (in t's location) of the n-th working day
// after t's date, not counting t's date itself. n <= 0 returns midnight of t's
// date.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time { return addWorkdays(c, t, n) }

// WorkdaysBetween counts the working days after from's date up to and
// including to's date (0 when to is not after from). Overdue escalation
// counts with it ("逾期2个工作日").
func (c *Calendar) WorkdaysBetween(from, to time.Time) int { return workdaysBetween(c, from, to) }

// addWorkdays and workdaysBetween walk any calendar, so that a group's
// calendar (see WithOverrides) counts exactly as the national one does.
func addWorkdays(cal Base, t time.Time, n int) time.Time {
	day := midnight(t)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if cal.IsWorkday(day) {
			n--
		}
	}
	return day
}

func workdaysBetween(cal Base, from, to time.Time) int {
	n := 0
	for day, end := midnight(from).AddDate(0, 0, 1), midnight(to.In(from.Location())); !day.After(end); day = day.AddDate(0, 0, 1) {
		if cal.IsWorkday(day) {
			n++
		}
	}
	return n
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// String names the loaded years, for logs: "workday calendar 2024–2026".
func (c *Calendar) String() string {
	if len(c.years) == 0 {
		return "workday calendar (no years: Monday–Friday only)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "workday calendar %d", c.years[0])
	if last := c.years[len(c.years)-1]; last != c.years[0] {
		fmt.Fprintf(&b, "–%d", last)
	}
	return b.String()
}
