package deadline

import (
	"fmt"
	"strings"
	"time"
)

// Explain describes the rule in Chinese, as `duban when` and /when show a
// recurring phrase: the rule as a card shows it, its conventions, and its
// next n occurrences after now in zone loc on calendar cal (see
// [Rule.Next]), one a line, each moved one saying from where:
//
//	周期：每周五 18:00
//	说明：遇周末或节假日提前到本周前一个工作日，整周放假则当周没有
//	接下来3次：
//	2026-09-25 18:00 周五
//	2026-09-30 18:00 周三（原为2026-10-02 周五，不是工作日）
//	2026-10-09 18:00 周五
//
// The text holds nothing the user typed, only the rule's own words.
func (r Rule) Explain(now time.Time, loc *time.Location, cal Workdays, n int) string {
	return r.explain(chinese, now, loc, cal, n)
}

// ExplainEnglish is [Rule.Explain] in English.
func (r Rule) ExplainEnglish(now time.Time, loc *time.Location, cal Workdays, n int) string {
	return r.explain(english, now, loc, cal, n)
}

func (r Rule) explain(l *lang, now time.Time, loc *time.Location, cal Workdays, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, l.head, l.rule(r), r.note(l))
	occ := r.Occurrences(now, loc, cal, n)
	if len(occ) == 0 {
		b.WriteString(l.none)
		return b.String()
	}
	fmt.Fprintf(&b, l.next, len(occ))
	for _, o := range occ {
		b.WriteString("\n" + l.instant(o.At))
		if o.Moved() {
			fmt.Fprintf(&b, l.moved, l.date(o.Nominal))
		}
	}
	return b.String()
}
