package deadline

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Calendar is the working-day knowledge the parser needs. It is implemented
// by *workday.Calendar and by a group's *workday.Group. IsWorkday and
// AddWorkdays look only at the civil date of t in t's own location.
type Calendar interface {
	WorkCalendar
	// Festival returns the first statutory day off of a holiday in a
	// Gregorian year (its civil date, in any location) and how many days off
	// the regulation gives it; ok is false when it is not known. The names
	// are 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节 and 国庆节.
	Festival(name string, year int) (first time.Time, days int, ok bool)
}

// WorkCalendar is the part of a Calendar that knows only working days (the
// scheduler's planner needs no more).
type WorkCalendar interface {
	// IsWorkday reports whether t's date is a working day.
	Workdays
	// AddWorkdays returns midnight, in t's location, of the n-th working day
	// after t's date, not counting t's date.
	AddWorkdays(t time.Time, n int) time.Time
}

// Deadline is an understood phrase.
type Deadline struct {
	// At is the instant meant, in now's location, strictly after now.
	At time.Time
	// Phrase is the exact substring of the input that was understood,
	// including the prefixes and suffixes that were consumed with it
	// (请于…前, 截止…, by …).
	Phrase string
	// Note explains, in Chinese, a reading that is a convention rather than
	// plain arithmetic (下月初 is the 5th; 春节前 is the last working day
	// before its days off; a date without a year is its nearest occurrence
	// when that is not this year). It is empty for plain phrases.
	Note string
}

// ErrNoDeadline is returned by Find when the text holds no deadline phrase.
// Parse never returns it: there an unusable text is an *Error.
var ErrNoDeadline = errors.New("deadline: no deadline phrase in the text")

// Kind classifies an *Error.
type Kind int

// The kinds of *Error. The zero Kind is not used, so that a forgotten field
// shows up as "Kind(0)".
const (
	// Past: the phrase names a time that is not after now (上周五, 今天上午9点
	// said at 10:00, 月底 on the evening of the 31st).
	Past Kind = iota + 1
	// Impossible: the phrase names a date or time that does not exist
	// (2月30日, 25:00), or a duration that is zero or absurdly long.
	Impossible
	// Vague: the phrase is a word like 尽快 or 待定 that sets no time.
	Vague
	// Unrecognized: Parse did not understand (all of) the text.
	Unrecognized
	// Empty: Parse was given nothing but white space.
	Empty
	// Unsupported: a recurring phrase of a kind duban does not keep (每两周五,
	// 每周一、三、五); only ParseRule and FindRule return it.
	Unsupported
)

// kindNames are the kinds' lower-case English names, for logs.
var kindNames = [...]string{
	Past:         "past",
	Impossible:   "impossible",
	Vague:        "vague",
	Unrecognized: "unrecognized",
	Empty:        "empty",
	Unsupported:  "unsupported",
}

// String returns the kind's lower-case English name, for logs.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Error is a phrase that was recognised as a deadline but cannot be used, or
// (from Parse) a text that is not understood. Reason is Chinese, meant to be
// shown to the user as it is.
type Error struct {
	Kind   Kind
	Phrase string // the offending phrase (for Unrecognized: the whole text)
	Reason string
	// English is Reason in English. The recurring-phrase readers (ParseRule,
	// FindRule) always set it; the deadline readers leave it empty, and the
	// caller words an English reason from Kind and Phrase.
	English string
}

// Error returns the kind, phrase and reason on one line, for logs.
func (e *Error) Error() string {
	return fmt.Sprintf("deadline: %s %q: %s", e.Kind, e.Phrase, e.Reason)
}

// Examples returns phrases that work when said at now, for the caller to
// show after an error (the reasons do not repeat them): the date in them is
// computed from now, so an example is never in the past. Every one is
// tested to parse.
func Examples(now time.Time) []string {
	d := dayOf(now).add(exampleDays)
	return []string{"下周五前", fmt.Sprintf("%d月%d日下午3点", d.m, d.d), "3个工作日内"}
}

// EnglishExamples is [Examples] in English.
func EnglishExamples(now time.Time) []string {
	d := dayOf(now).add(exampleDays)
	return []string{"next friday", fmt.Sprintf("%s %d 3pm", strings.ToLower(d.m.String()[:3]), d.d), "in 3 working days"}
}

// exampleDays is how far ahead the example date lies: far enough to be
// plainly a future date, near enough to be a realistic deadline.
const exampleDays = 10

// Parse reads the whole of text as one deadline phrase. White space at both
// ends (including U+3000) and sentence marks at the end (。！，) are ignored.
// On failure the error is always an *Error: Empty for blank text, Vague when
// the text is or contains a word like 尽快, Unrecognized when any part of it
// is not understood (Reason quotes that part), Past or Impossible for a
// phrase that cannot be used.
func Parse(text string, now time.Time, cal Calendar) (Deadline, error) {
	t := newText(text)
	lo, hi := t.trim(false)
	if lo == hi {
		return Deadline{}, &Error{Kind: Empty, Phrase: text, Reason: "没有写截止时间，请写明日期"}
	}
	// The sentence mark is dropped only if the phrase does not use it: the
	// final dot of "9 a.m." belongs to the phrase.
	_, end := t.trim(true)
	p, ok := matchAt(t.r[:hi], lo)
	if !ok || p.end != hi && p.end != end {
		return Deadline{}, t.notUnderstood(lo, hi, p, ok)
	}
	return p.resolve(t, now, cal)
}

// notUnderstood explains why the text in [lo, hi) is no phrase: a vague word
// in it wins, since its reason is the more helpful one; otherwise it quotes
// the part after what was understood, or the whole text.
func (t *text) notUnderstood(lo, hi int, p phrase, matched bool) *Error {
	for i := lo; i < hi; i++ {
		s := &scanner{r: t.r[:hi], pos: i}
		if !boundaryBefore(s.r, i) {
			continue
		}
		if _, ok := s.vague(); ok && boundaryAfter(s.r, s.pos) {
			return vagueError(t.slice(i, s.pos))
		}
	}
	whole := t.slice(lo, hi)
	bad := whole
	if matched {
		bad = t.slice(p.end, hi)
	}
	return &Error{Kind: Unrecognized, Phrase: whole, Reason: "看不懂「" + abbreviate(bad) + "」，请写明日期"}
}

// abbreviate shortens a quote for a chat message.
func abbreviate(s string) string {
	const max = 20
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}

// Find looks for a deadline phrase inside a longer sentence and returns it
// with the rest of the sentence: text with exactly that phrase cut out, the
// white space where it was collapsed to one space and the ends trimmed.
//
// Which phrase is taken when a sentence has several:
//
//   - The first one with a deadline marker: a prefix or suffix (请于, 截止,
//     最迟, by, before; 前, 之前, 以前, 为止, 截止), a duration (3天内, 3个工作日,
//     in 3 days), 下班前, or a range (12月5日至12月10日, read as its end). A
//     marked phrase beats an earlier plain one because a bare date in a task
//     is often what the task is about: in "整理12月1日会议纪要 下周五前" the
//     deadline is 下周五.
//   - Else the first plain phrase (下周五, 12月1日, 明天下午3点).
//   - Else the first bare numeric date (12.1, 12/1), which may as well be a
//     section or version number.
//   - Never a bare hour or day number without a marker (3点意见, 3号文件: 3点前
//     and 15号前 are taken), nor a date said as a start (12月1日起施行,
//     周五以后).
//
// Errors: ErrNoDeadline when there is no phrase; *Error of kind Past or
// Impossible when the chosen phrase cannot be used; *Error of kind Vague when
// the only phrase is a word like 尽快. With an *Error, rest is still the text
// with the offending phrase cut out.
func Find(text string, now time.Time, cal Calendar) (d Deadline, rest string, err error) {
	t := newText(text)
	p, ok := t.best()
	if !ok {
		return Deadline{}, strings.TrimFunc(text, unicode.IsSpace), ErrNoDeadline
	}
	d, err = p.resolve(t, now, cal)
	return d, t.cut(p.start, p.end), err
}

// best returns the phrase Find takes (see Find for the ranking).
func (t *text) best() (phrase, bool) {
	var best phrase
	bestRank := rankNone
	for i := 0; i < len(t.r); {
		p, ok := matchAt(t.r, i)
		if !ok {
			i++
			continue
		}
		if r := p.rank(); r > bestRank {
			best, bestRank = p, r
			if r == rankMarked {
				break
			}
		}
		i = max(p.end, i+1)
	}
	return best, bestRank > rankNone
}

// cut returns the source with the runes [start, end) removed. Where white
// space on both sides of the cut would meet, only the left run is kept, so
// "完成报告 下周五前 交给我" loses no word boundary and gains no double space.
func (t *text) cut(start, end int) string {
	left := t.src[:t.off[start]]
	right := t.src[t.off[end]:]
	l := strings.TrimRightFunc(left, unicode.IsSpace)
	r := strings.TrimLeftFunc(right, unicode.IsSpace)
	if len(l) < len(left) && len(r) < len(right) {
		right = r
	}
	return strings.TrimFunc(left+right, unicode.IsSpace)
}
