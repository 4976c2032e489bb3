package cronspec

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	from := time.Date(2026, 11, 23, 10, 0, 0, 0, shanghai) // Monday 10:00
	tests := []struct {
		in, expr, next string
	}{
		{"0 9 * * 1", "0 9 * * 1", "2026-11-30 09:00"},
		{"每周一9点", "0 9 * * 1", "2026-11-30 09:00"},
		{"每周一上午9点半", "30 9 * * 1", "2026-11-30 09:30"},
		{"每星期五下午3点", "0 15 * * 5", "2026-11-27 15:00"},
		{"每周日18:00", "0 18 * * 0", "2026-11-29 18:00"},
		{"每周天8点", "0 8 * * 0", "2026-11-29 08:00"},
		{"每天9点", "0 9 * * *", "2026-11-24 09:00"},
		{"每日18点", "0 18 * * *", "2026-11-23 18:00"},
		{"每个工作日8点30分", "30 8 * * *", "2026-11-24 08:30"},
		{"每月1日9点", "0 9 1 * *", "2026-12-01 09:00"},
	}
	for _, tt := range tests {
		expr, sched, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if expr != tt.expr {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, expr, tt.expr)
		}
		if got := sched.Next(from).Format("2006-01-02 15:04"); got != tt.next {
			t.Errorf("Parse(%q).Next = %s, want %s", tt.in, got, tt.next)
		}
	}
	for _, bad := range []string{"", "每周八9点", "每天25点", "每月32日9点", "随便", "61 9 * * *", "每天9点70分"} {
		if _, _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", bad)
		}
	}
}
