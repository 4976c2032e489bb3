package deadline

import "testing"

// benchRules are the recurring phrases of issue 14, one of each cadence.
var benchRules = []string{"每个工作日上午9点", "每周五下班前", "每周一上午10点", "每月5日前",
	"每月底", "每季度末", "每季度首月10日", "每年12月20日前", "every friday 5pm"}

// BenchmarkParseRule reads each phrase alone, as /when and a stored rule do.
func BenchmarkParseRule(b *testing.B) {
	for _, ph := range benchRules {
		b.Run(ph, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				ParseRule(ph)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkFindRule scans an /assign command with a rule at its end, and
// one of the same length with none (the scan cannot stop early), as every
// /assign will before it looks for a deadline.
func BenchmarkFindRule(b *testing.B) {
	for _, s := range []struct{ name, text string }{
		{"end", "/assign @zhangwei 报送每一项重点项目的本周进展和3个问题 每周五下班前"},
		{"none", "/assign @zhangwei 报送每一项重点项目的本周进展和3个问题 下周五前"},
	} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				FindRule(s.text)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkRuleNext finds the next occurrence of each rule from the eve of
// the 国庆 holidays, where the weekly and monthly ones are moved and the
// daily one walks over eight days off, on the national calendar. The
// calendar's years are loaded before the timing.
func BenchmarkRuleNext(b *testing.B) {
	now := mustNow(b, "2026-09-30T19:00:00+08:00", sh)
	loc := now.Location()
	for _, ph := range benchRules {
		r, err := ParseRule(ph)
		if err != nil {
			b.Fatal(err)
		}
		r.Occurrences(now, loc, cal, 3)
		b.Run(ph, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				r.Next(now, loc, cal)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkRuleExplain is what /when answers for a rule: its text and the
// next three occurrences.
func BenchmarkRuleExplain(b *testing.B) {
	now := mustNow(b, "2026-09-21T10:00:00+08:00", sh)
	r, _ := ParseRule("每周五下班前")
	r.Explain(now, now.Location(), cal, 3)
	b.ReportAllocs()
	for b.Loop() {
		r.Explain(now, now.Location(), cal, 3)
	}
}
