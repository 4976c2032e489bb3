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

func TestDescribe(t *testing.T) {
	for _, tt := range []struct{ expr, want string }{
		{"0 9 * * 1", "每周一 09:00"},
		{"30 8 * * *", "每天 08:30"},
		{"0 18 * * 0", "每周日 18:00"},
		{"0 18 * * 7", "每周日 18:00"},
		{"0 9 1 * *", "每月1日 09:00"},
		{"0 9 * * 1-5", "每周一至周五 09:00"},
		{"0 9 * * 1,3,5", "每周一、三、五 09:00"},
		{"*/30 9 * * *", "自定义时间表"},
		{"0 9,15 * * *", "自定义时间表"},
		{"0 9 1 1 *", "自定义时间表"},
		{"bad", "自定义时间表"},
	} {
		if got := Describe(tt.expr); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
	// What Parse makes of the Chinese forms reads back as they were said.
	for in, want := range map[string]string{"每周一9点": "每周一 09:00", "每天8点半": "每天 08:30", "每月1日9点": "每月1日 09:00"} {
		expr, _, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Describe(expr); got != want {
			t.Errorf("Describe(Parse(%q)) = %q, want %q", in, got, want)
		}
	}
}
