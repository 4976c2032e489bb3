package deadline

import "testing"

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
