package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Kind is what a cell holds.
type Kind uint8

// The kinds of cells.
const (
	// Empty: nothing, or only white space.
	Empty Kind = iota
	// Text: anything that is not a number or a date: text cells, booleans
	// (TRUE, FALSE), errors (#N/A), times of day without a date (18:00),
	// and every cell of a CSV.
	Text
	// Number: a number cell without a date format.
	Number
	// Date: a number cell with a date format, or a date cell (ISO 8601).
	Date
)

// Cell is one value of a sheet.
type Cell struct {
	Kind Kind
	// Text is the cell as text, trimmed, with line ends as \n: a number's
	// digits (8.6, not its display format), a date as 2006-01-02 or
	// 2006-01-02 15:04.
	Text string
	// Num is a Number's value, and a Date's Excel serial number.
	Num float64
	// Time is a Date's civil date and time as written, in UTC: a sheet
	// has no zone. See [Cell.DateIn].
	Time time.Time
	// HasClock reports whether a Date shows a time of day (its format has
	// hours, or its serial has a fraction): without one, the caller's rule
	// for a date alone applies (duban's: 18:00).
	HasClock bool
	// Merged reports that the value was copied from the first cell of a
	// merged range this cell lies in.
	Merged bool

	merge int // 1 + the index of the merged range the cell belongs to, 0 for none
}

// IsEmpty reports whether the cell holds nothing.
func (c Cell) IsEmpty() bool { return c.Kind == Empty }

// Serial dates a bare number may be: 1 January 2000 to 31 December 2099.
// Outside them a number is more likely a count or an amount than a date
// whose column lost its format.
const (
	minSerial = 36526 // 2000-01-01
	maxSerial = 73050 // 2099-12-31
)

// Date returns the date a cell holds, in UTC as written (see Time): a Date
// cell's, or that of a Number or numeric Text between minSerial and
// maxSerial, read as an Excel serial date (a date column whose format was
// lost shows 46361 for 2026-12-05). ok is false for anything else; text
// dates (2026-12-05, 12月5日) are the caller's to read.
func (c Cell) Date() (t time.Time, hasClock, ok bool) {
	switch c.Kind {
	case Date:
		return c.Time, c.HasClock, true
	case Number, Text:
		n := c.Num
		if c.Kind == Text {
			var err error
			if n, err = strconv.ParseFloat(c.Text, 64); err != nil {
				return time.Time{}, false, false
			}
		}
		if n < minSerial || n >= maxSerial+1 {
			return time.Time{}, false, false
		}
		t := serialTime(n, false)
		return t, t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0, true
	}
	return time.Time{}, false, false
}

// DateIn is [Cell.Date] with the wall clock read in loc: a cell showing
// 2026-12-05 18:00 is 18:00 in the group's zone, whatever zone wrote it.
func (c Cell) DateIn(loc *time.Location) (t time.Time, hasClock, ok bool) {
	t, hasClock, ok = c.Date()
	if ok {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc)
	}
	return t, hasClock, ok
}

// serialTime converts an Excel serial date to its civil time in UTC,
// rounded to the second (a serial is a float: 18:00 is 0.75, but 17:59 is
// 0.74930555…). date1904 is the workbook's other date system.
func serialTime(serial float64, date1904 bool) time.Time {
	base := time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(serial)
	secs := math.Round((serial - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}

// dateText is how a Date shows as text.
func dateText(t time.Time, hasClock bool) string {
	if hasClock {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format(time.DateOnly)
}

// numberText shows a number as people wrote it: 15 significant digits,
// which drops the binary noise of 0.1+0.2, no exponent, no trailing zeros.
func numberText(n float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(n, 'g', 15, 64), 64)
	if err != nil {
		r = n
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// cleanText trims white space (U+3000 and no-break spaces too) and makes
// every line end \n.
func cleanText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

func textCell(s string) Cell {
	s = cleanText(s)
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: Text, Text: s}
}
