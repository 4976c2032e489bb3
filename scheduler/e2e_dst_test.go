package scheduler_test

import (
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
)

// TestOffsetsAcrossMidnightAndDST follows the reminders of one task through
// the fake Bot API: offsets that fall on the day before the deadline
// (across midnight), and, in a New York group, across the start of daylight
// saving time (Sunday 2026-03-08 02:00): 1 day before keeps the local clock
// time (23 elapsed hours that day), 2 hours before stays 2 elapsed hours.
// Quiet hours are off so that every reminder comes at its own time. Times
// below are Shanghai's, as the fake clock records them.
func TestOffsetsAcrossMidnightAndDST(t *testing.T) {
	cases := []struct {
		name     string
		now      string
		settings []string
		deadline string
		until    string
		want     []arrival
	}{
		{"across midnight", "2026-11-23 10:00", []string{"/settings 免打扰 关"}, "11月25日1:00", "2026-11-25 02:00", []arrival{
			{"2026-11-24 01:00", "（还有1天）"},
			{"2026-11-24 23:00", "（还有2小时）"}, // the evening before, across midnight
			{"2026-11-25 01:00", "已到截止时间"},
		}},
		{"New York, across the DST change", "2026-03-02 10:00",
			[]string{"/settings 免打扰 关", "/settings 时区 America/New_York"}, "2026-03-09 09:00", "2026-03-10 22:00", []arrival{
				// Sunday 09:00 EDT (13:00 UTC): same clock time, 23 hours before.
				{"2026-03-08 21:00", "（还有1天）"},
				// Monday 07:00 EDT: two elapsed hours before 09:00 EDT.
				{"2026-03-09 19:00", "（还有2小时）"},
				{"2026-03-09 21:00", "已到截止时间"},
				// Tuesday 09:00 EDT: the first 催办.
				{"2026-03-10 21:00", "已逾期1天"},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Local(c.now))
			for _, s := range c.settings {
				e.Answer(group, boss, s, "已更新")
			}
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 "+c.deadline)
			sent := e.Advance(testkit.Local(c.until))
			checkArrivals(t, reminders(testkit.To(sent, group)), c.want)
		})
	}
}
