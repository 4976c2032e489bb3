package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// holidayDate reads the date of /holiday: 2027-02-20, 2027/2/20, 2027.2.20
// or 2027年2月20日.
var holidayDate = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)

// holidayWords say what a day becomes: a day off (true) or a working day.
var holidayWords = map[string]bool{
	"放假": true, "休息": true, "休假": true, "假日": true, "节假日": true, "调休放假": true, "补休": true,
	"off": true, "holiday": true,
	"上班": false, "调休上班": false, "工作日": false, "补班": false, "调休": false,
	"work": false, "workday": false,
}

// holidayUsage shows the forms of /holiday.
func (r *request) holidayUsage() string {
	return r.say("用法：/holiday list 查看本群日历；领导可用 /holiday add 2027-02-20 调休上班（或 放假）、/holiday remove 2027-02-20 调整。",
		"Usage: /holiday list; leaders: /holiday add 2027-02-20 work (or off), /holiday remove 2027-02-20.")
}

// cmdHoliday is /holiday add 日期 放假|调休上班, /holiday remove 日期 and
// /holiday list: a group's own days off and working days, laid over the
// national calendar wherever the group's working days are counted.
func (b *Bot) cmdHoliday(ctx context.Context, r *request) error {
	verb, rest, _ := strings.Cut(strings.TrimSpace(r.args), " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(verb) {
	case "", "list", "列表", "查看":
		return b.listHolidays(ctx, r)
	case "add", "set", "添加", "增加", "设置":
		return b.addHoliday(ctx, r, rest)
	case "remove", "rm", "del", "delete", "删除", "移除", "撤销":
		return b.removeHoliday(ctx, r, rest)
	}
	return r.fail(ctx, r.holidayUsage(), r.holidayUsage())
}

func (b *Bot) addHoliday(ctx context.Context, r *request, args string) error {
	if err := r.requireLeader(ctx, "调整本群节假日", "change the group's holidays"); err != nil {
		return err
	}
	fields := strings.Fields(args)
	if len(fields) < 2 {
		return r.fail(ctx, r.holidayUsage(), r.holidayUsage())
	}
	word := fields[len(fields)-1]
	off, ok := holidayWords[strings.ToLower(word)]
	if !ok {
		return r.fail(ctx, fmt.Sprintf("「%s」看不懂：请写「放假」或「调休上班」。", truncateRunes(word, 20)),
			fmt.Sprintf("%q: write off or work.", truncateRunes(word, 20)))
	}
	day, err := r.holidayDay(ctx, strings.Join(fields[:len(fields)-1], " "))
	if err != nil {
		return err
	}
	err = b.store.SetHolidayOverride(ctx, r.change(), r.chat.ID, day.Format(time.DateOnly), off, word)
	switch {
	case errors.Is(err, models.ErrTooMany):
		return r.fail(ctx, fmt.Sprintf("本群已调整了 %d 天，请先用 /holiday remove 删去不再需要的。", models.MaxHolidayOverrides),
			fmt.Sprintf("This group has changed %d days already; remove some first.", models.MaxHolidayOverrides))
	case err != nil:
		return r.refuseStoreError(ctx, err)
	}
	return r.reply(ctx, escape(r.say(
		fmt.Sprintf("📅 本群日历已调整：%s %s。（全国日历：%s）\n催办、升级督办、每周调度和晾晒已按本群日历重新安排。",
			dayLabel(day), dayKind(off), dayKind(!b.cal.IsWorkday(day))),
		fmt.Sprintf("📅 The group's calendar now has %s as %s (national calendar: %s). Reminders were re-planned.",
			day.Format("2006-01-02 Mon"), dayKindEnglish(off), dayKindEnglish(!b.cal.IsWorkday(day))))))
}

func (b *Bot) removeHoliday(ctx context.Context, r *request, args string) error {
	if err := r.requireLeader(ctx, "调整本群节假日", "change the group's holidays"); err != nil {
		return err
	}
	day, err := r.holidayDay(ctx, args)
	if err != nil {
		return err
	}
	err = b.store.RemoveHolidayOverride(ctx, r.change(), r.chat.ID, day.Format(time.DateOnly))
	switch {
	case errors.Is(err, models.ErrNotFound):
		return r.fail(ctx, fmt.Sprintf("本群没有调整过 %s。/holiday list 查看本群的调整。", dayLabel(day)),
			fmt.Sprintf("This group has not changed %s. /holiday list shows its changes.", day.Format(time.DateOnly)))
	case err != nil:
		return r.refuseStoreError(ctx, err)
	}
	national := !b.cal.IsWorkday(day)
	return r.reply(ctx, escape(r.say(
		fmt.Sprintf("📅 已撤销本群对 %s 的调整，恢复全国日历：%s。", dayLabel(day), dayKind(national)),
		fmt.Sprintf("📅 %s follows the national calendar again: %s.", day.Format("2006-01-02 Mon"), dayKindEnglish(national)))))
}

// holidayDay reads the date of /holiday add|remove: a real date, at most a
// year back and three years ahead (further is a typo).
func (r *request) holidayDay(ctx context.Context, s string) (time.Time, error) {
	m := holidayDate.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, r.fail(ctx, r.say("请写明日期，例如 2027-02-20。\n", "Give the date, e.g. 2027-02-20.\n")+r.holidayUsage(),
			"Give the date, e.g. 2027-02-20.")
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	day := time.Date(y, time.Month(mo), d, 12, 0, 0, 0, r.loc)
	if day.Year() != y || int(day.Month()) != mo || day.Day() != d {
		return time.Time{}, r.fail(ctx, fmt.Sprintf("%s 不是一个存在的日期。", m[0]), fmt.Sprintf("%s is not a date.", m[0]))
	}
	if now := r.localNow().Year(); y < now-1 || y > now+3 {
		return time.Time{}, r.fail(ctx, fmt.Sprintf("%s 太远了：只能调整 %d 至 %d 年的日子。", m[0], now-1, now+3),
			fmt.Sprintf("%s is too far: only %d to %d.", m[0], now-1, now+3))
	}
	return day, nil
}

// listHolidays is /holiday list: where the national calendar comes from for
// this year and the next, and the group's own days.
func (b *Bot) listHolidays(ctx context.Context, r *request) error {
	rows, err := b.store.HolidayOverrides(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	var s strings.Builder
	s.WriteString("📅 本群日历\n")
	this := r.localNow().Year()
	for _, y := range []int{this, this + 1} {
		if b.cal.HasNotice(y) {
			fmt.Fprintf(&s, "%d年：按国务院放假通知（含调休）。\n", y)
			continue
		}
		fmt.Fprintf(&s, "%d年：国务院放假通知尚未公布，暂按法定节假日放假（%s），调休未知。\n", y, b.statutoryDays(y))
	}
	if len(rows) == 0 {
		s.WriteString("本群没有自行调整的日子。")
	} else {
		fmt.Fprintf(&s, "本群自行调整（%d 天）：", len(rows))
		for _, row := range rows {
			day, err := time.ParseInLocation(time.DateOnly, row.Day, r.loc)
			if err != nil {
				continue // the store accepts only dates
			}
			fmt.Fprintf(&s, "\n%s %s", dayLabel(day.Add(12*time.Hour)), dayKind(row.Off))
			if row.Note != "" && row.Note != dayKind(row.Off) {
				fmt.Fprintf(&s, "（%s）", row.Note)
			}
		}
	}
	s.WriteString("\n\n领导可用 /holiday add 日期 放假|调休上班、/holiday remove 日期 调整。")
	return r.reply(ctx, escape(s.String()))
}

// statutoryDays lists the statutory holidays of a year: 元旦1月1日、春节2月5日至2月8日…
func (b *Bot) statutoryDays(year int) string {
	var parts []string
	for _, name := range workday.Festivals {
		first, n, ok := b.cal.Festival(name, year)
		if !ok {
			continue
		}
		part := fmt.Sprintf("%s%d月%d日", name, first.Month(), first.Day())
		if n > 1 {
			last := first.AddDate(0, 0, n-1)
			part += fmt.Sprintf("至%d月%d日", last.Month(), last.Day())
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "、")
}

// noticeWarning tells leaders in /settings when this year, or the next
// within a month, has no State Council notice yet: its statutory holidays
// are kept, its 调休 is unknown.
func (b *Bot) noticeWarning(now time.Time) string {
	var out strings.Builder
	seen := 0
	for _, t := range []time.Time{now, now.AddDate(0, 0, 31)} {
		if y := t.Year(); y != seen && !b.cal.HasNotice(y) {
			seen = y
			fmt.Fprintf(&out, "\n⚠️ %d年放假调休安排国务院尚未公布：暂按法定节假日放假，调休日期未知；领导可用 /holiday 调整本群日历。", y)
		}
	}
	return out.String()
}

// dayLabel shows a date with its weekday: 2027-02-20 周六.
func dayLabel(t time.Time) string { return deadline.FormatDate(t) }

func dayKind(off bool) string { return choose(off, "放假", "上班") }

func dayKindEnglish(off bool) string { return choose(off, "a day off", "a working day") }
