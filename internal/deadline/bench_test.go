package deadline

import (
	"syscall"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/workday"
)

// benchPhrases is a mix of what groups write, easy and hard, good and bad.
var benchPhrases = []string{
	"下周五前", "明天下午3点", "12月1日下午3点", "3个工作日内", "月底前",
	"2026-12-05 15:00", "周五", "下下周三上午10点", "请于12月5日前", "两周内",
	"半小时后", "季度末", "今天下班前", "二〇二六年十二月五日", "next friday",
	"in 3 days", "dec 5", "end of month", "2月30日", "尽快",
}

// BenchmarkParse reports ns/op per phrase, one sub-benchmark each.
func BenchmarkParse(b *testing.B) {
	now := mustNow(b, tue10, sh)
	for _, ph := range benchPhrases {
		b.Run(ph, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Parse(ph, now, cal)
			}
		})
	}
}

// BenchmarkFind scans sentences: one with a deadline at the end behind
// numbers that are not dates, and one of the same length with none (the
// scan cannot stop early).
func BenchmarkFind(b *testing.B) {
	now := mustNow(b, tue10, sh)
	for _, s := range []struct{ name, text string }{
		{"end", "/assign @bob 整理12月1日会议纪要并报送3个部门的3点意见 下周五前"},
		{"none", "/assign @bob 整理会议纪要并报送3个部门的3点意见，附件共12页"},
	} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Find(s.text, now, cal)
			}
		})
	}
}

// newWordPhrases has one phrase of each kind issue 11 added, for /when.
var newWordPhrases = []struct{ kind, phrase string }{
	{"past month-day", "11月30日前"},
	{"nearest month-day", "1月5日前"},
	{"week", "本周内"},
	{"month", "本月内"},
	{"xun", "12月中旬"},
	{"month start", "下月初"},
	{"half month", "半个月内"},
	{"year", "一年内"},
	{"half year", "半年内"},
	{"holiday before", "春节前"},
	{"holiday after", "国庆节后"},
	{"spaces", "明天 下午 3:30"},
	{"range inherits", "明天下午3点至5点"},
	{"range keeps year", "2017年8月11日至8月22日"},
	{"range with 从", "从12月5日至12月10日"},
	{"vague", "近期"},
}

// BenchmarkParseNewWords reads each new kind of phrase, as /when does, on a
// group's calendar (the national one with one day of the group's own).
// The lunar year behind 春节前 is computed once, before the timing.
func BenchmarkParseNewWords(b *testing.B) {
	now := mustNow(b, tue10, sh)
	group := workday.WithOverrides(cal, map[string]bool{"2027-02-20": false})
	for _, ph := range newWordPhrases {
		Parse(ph.phrase, now, group)
		b.Run(ph.kind, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				Parse(ph.phrase, now, group)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the process's user+system CPU time so far: reported next to
// wall time, it stays readable on a shared machine where wall time mostly
// measures waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
