package deadline

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// fuzzZones are the zones a fuzzed now may be in, including ones with
// daylight saving time and odd offsets.
var fuzzZones = []string{sh, ny, "UTC", "Europe/London", "Australia/Sydney",
	"Asia/Kolkata", "Asia/Kathmandu"}

// fuzzEpoch and fuzzSpan keep a fuzzed now between 1970 and 2170: far
// enough for every rule, near enough for time arithmetic to stay exact.
const (
	fuzzEpoch = 0
	fuzzSpan  = 200 * 365 * 24 * 3600
)

// fuzzNow turns fuzzed numbers into a now: any second in the span, with a
// sub-second part, in one of the zones.
func fuzzNow(t testing.TB, sec int64, zone uint8) time.Time {
	loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
	if err != nil {
		t.Fatal(err)
	}
	s := sec % fuzzSpan
	if s < 0 {
		s += fuzzSpan
	}
	nsec := (sec / fuzzSpan) % 1e9
	if nsec < 0 {
		nsec = -nsec
	}
	return time.Unix(fuzzEpoch+s, nsec).In(loc)
}

// addSeeds adds the table inputs, each with its own now and zone.
func addSeeds(f *testing.F) {
	for _, tc := range parseCases {
		now, err := time.Parse(time.RFC3339Nano, tc.now)
		if err != nil {
			f.Fatal(err)
		}
		zone := 0
		for i, z := range fuzzZones {
			if z == tc.zone {
				zone = i
			}
		}
		f.Add(tc.in, now.Unix(), uint8(zone))
	}
	for _, tc := range findCases {
		f.Add(tc.in, int64(1796090400), uint8(0)) // tue10
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text string, sec int64, zone uint8) {
		now := fuzzNow(t, sec, zone)
		d, err := Parse(text, now, cal)
		if err != nil {
			checkFuzzError(t, text, err, Past, Impossible, Vague, Unrecognized, Empty)
			return
		}
		checkFuzzDeadline(t, text, d, now)
		// Parse reads all of the text: only white space and sentence marks
		// may be left over.
		whole := strings.TrimFunc(text, unicode.IsSpace)
		left, ok := strings.CutPrefix(whole, d.Phrase)
		if !ok || strings.TrimFunc(left, func(c rune) bool { return fold(c) == ' ' || isTrailingMark(fold(c)) }) != "" {
			t.Fatalf("Parse(%q) understood only %q", text, d.Phrase)
		}
	})
}

func FuzzFind(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text string, sec int64, zone uint8) {
		now := fuzzNow(t, sec, zone)
		d, rest, err := Find(text, now, cal)
		if errors.Is(err, ErrNoDeadline) {
			if want := strings.TrimFunc(text, unicode.IsSpace); rest != want {
				t.Fatalf("Find(%q): no deadline, rest %q, want %q", text, rest, want)
			}
			return
		}
		phrase := d.Phrase
		if err != nil {
			phrase = checkFuzzError(t, text, err, Past, Impossible, Vague)
		} else {
			checkFuzzDeadline(t, text, d, now)
			// The phrase alone means the same to Parse.
			p, perr := Parse(d.Phrase, now, cal)
			if perr != nil || !p.At.Equal(d.At) {
				t.Fatalf("Find(%q) = %s %q, but Parse(%q) = %s, %v", text, d.At, d.Phrase, d.Phrase, p.At, perr)
			}
		}
		if len(rest)+len(phrase) > len(text) {
			t.Fatalf("Find(%q): rest %q and phrase %q are longer than the text", text, rest, phrase)
		}
		if rest != strings.TrimFunc(rest, unicode.IsSpace) {
			t.Fatalf("Find(%q): rest %q is not trimmed", text, rest)
		}
		// (Cutting invalid UTF-8 can join bytes into new runes, which
		// the rune-wise check below would misread.)
		if utf8.ValidString(text) && !onlyPhraseRemoved(text, phrase, rest) {
			t.Fatalf("Find(%q): rest %q is not the text without %q", text, rest, phrase)
		}
	})
}

// onlyPhraseRemoved reports whether rest is text with phrase cut out and
// nothing else changed but white space.
func onlyPhraseRemoved(text, phrase, rest string) bool {
	noSpace := func(s string) string {
		return strings.Map(func(c rune) rune {
			if unicode.IsSpace(c) {
				return -1
			}
			return c
		}, s)
	}
	t, p, r := noSpace(text), noSpace(phrase), noSpace(rest)
	for k := 0; k <= len(r); k++ {
		if r[:k]+p+r[k:] == t {
			return true
		}
	}
	return false
}

// checkFuzzDeadline asserts what every Deadline promises.
func checkFuzzDeadline(t *testing.T, text string, d Deadline, now time.Time) {
	t.Helper()
	if !d.At.After(now) {
		t.Fatalf("%q at %s: %s is not after now", text, now, d.At)
	}
	if d.At.Location() != now.Location() {
		t.Fatalf("%q: %s is not in now's zone %s", text, d.At, now.Location())
	}
	if d.At.Second() != 0 || d.At.Nanosecond() != 0 {
		t.Fatalf("%q: %s has seconds", text, d.At)
	}
	if d.Phrase == "" || !strings.Contains(text, d.Phrase) {
		t.Fatalf("%q: phrase %q is not a part of the input", text, d.Phrase)
	}
}

// checkFuzzError asserts that err is an *Error of one of the kinds, with a
// reason and a phrase from the text, and returns the phrase.
func checkFuzzError(t *testing.T, text string, err error, kinds ...Kind) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %v (%T) is not an *Error", text, err, err)
	}
	ok := false
	for _, k := range kinds {
		ok = ok || e.Kind == k
	}
	if !ok {
		t.Fatalf("%q: error kind %s not expected here: %v", text, e.Kind, e)
	}
	if e.Reason == "" || !strings.Contains(text, e.Phrase) {
		t.Fatalf("%q: bad error %#v", text, e)
	}
	return e.Phrase
}
