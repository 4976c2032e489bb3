package deadline

import "time"

var chineseWeekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// Format shows an instant for chat, in t's own location, on a 24-hour clock
// with the Chinese weekday: "2026-12-04 18:00 周五".
func Format(t time.Time) string {
	return t.Format("2006-01-02 15:04 ") + chineseWeekdays[t.Weekday()]
}

// FormatDate shows a day for chat, with the Chinese weekday: "2027-02-20 周六".
func FormatDate(t time.Time) string {
	return t.Format("2006-01-02 ") + chineseWeekdays[t.Weekday()]
}

// FormatEnglish shows an instant for chat in English: "2026-12-04 18:00 Fri".
func FormatEnglish(t time.Time) string {
	return t.Format("2006-01-02 15:04 Mon")
}
