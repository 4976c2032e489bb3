// Package cronspec reads digest schedules: a standard five-field cron
// expression ("0 9 * * 1") or the way a cadre would say it (每周一9点,
// 每天8点半, 每月1日9点). It returns a robfig/cron schedule, evaluated in
// whatever zone the caller's times are in.
package cronspec

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/robfig/cron/v3"
)

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// Chinese forms: 每周一9点, 每周一上午9点半, 每天9点, 每日18:00, 每月1日9点, 每个工作日9点.
var (
	weekly  = regexp.MustCompile(`^每(?:周|星期|个星期)([一二三四五六日天1-7])(.+)$`)
	daily   = regexp.MustCompile(`^每(?:天|日|个工作日|工作日)(.+)$`)
	monthly = regexp.MustCompile(`^每(?:月|个月)(\d{1,2})(?:日|号)(.+)$`)
	clockRe = regexp.MustCompile(`^(上午|早上|下午|晚上)?(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?)$`)
)

// Parse reads spec and returns the standard cron expression it means and its
// schedule.
func Parse(spec string) (string, cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	expr, err := toCron(spec)
	if err != nil {
		return "", nil, err
	}
	sched, err := parser.Parse(expr)
	if err != nil {
		return "", nil, fmt.Errorf("「%s」不是有效的时间表：%w", spec, err)
	}
	return expr, sched, nil
}

func toCron(spec string) (string, error) {
	if spec == "" {
		return "", fmt.Errorf("时间表为空")
	}
	if spec[0] >= '0' && spec[0] <= '9' || spec[0] == '*' {
		return spec, nil // a cron expression
	}
	if m := weekly.FindStringSubmatch(spec); m != nil {
		h, min, err := clock(m[2])
		if err != nil {
			return "", err
		}
		dow := strings.Index("日一二三四五六", m[1]) / len("一")
		switch m[1] {
		case "天", "7":
			dow = 0
		case "1", "2", "3", "4", "5", "6":
			dow, _ = strconv.Atoi(m[1])
		}
		return fmt.Sprintf("%d %d * * %d", min, h, dow), nil
	}
	if m := daily.FindStringSubmatch(spec); m != nil {
		h, min, err := clock(m[1])
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d %d * * *", min, h), nil
	}
	if m := monthly.FindStringSubmatch(spec); m != nil {
		day, _ := strconv.Atoi(m[1])
		if day < 1 || day > 31 {
			return "", fmt.Errorf("「%s」：没有%d日", spec, day)
		}
		h, min, err := clock(m[2])
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d %d %d * *", min, h, day), nil
	}
	return "", fmt.Errorf("看不懂时间表「%s」，可以写「每周一9点」「每天18点」或 cron 表达式「0 9 * * 1」", spec)
}

// clock reads 9点, 上午9点半, 下午3点, 18:00.
func clock(s string) (hour, minute int, err error) {
	m := clockRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, fmt.Errorf("看不懂时间「%s」，例如「9点」「18:00」", s)
	}
	hour, _ = strconv.Atoi(m[2])
	switch {
	case m[3] != "":
		minute, _ = strconv.Atoi(m[3])
	case m[4] == "半":
		minute = 30
	case m[5] != "":
		minute, _ = strconv.Atoi(m[5])
	}
	if (m[1] == "下午" || m[1] == "晚上") && hour >= 1 && hour <= 11 {
		hour += 12
	}
	if hour > 23 || minute > 59 {
		return 0, 0, fmt.Errorf("「%s」不是有效的时间", s)
	}
	return hour, minute, nil
}

// Describe says a cron expression the way a cadre would: "0 9 * * 1" is
// 每周一 09:00, "30 8 * * *" 每天 08:30, "0 9 1 * *" 每月1日 09:00,
// "0 9 * * 1-5" 每周一至周五 09:00. A schedule with several times a day (or
// anything else cron can say and a sentence cannot) is 自定义时间表.
func Describe(expr string) string {
	f := strings.Fields(expr)
	if len(f) != 5 || f[3] != "*" {
		return "自定义时间表"
	}
	minute, err1 := strconv.Atoi(f[0])
	hour, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || minute < 0 || minute > 59 || hour < 0 || hour > 23 {
		return "自定义时间表"
	}
	at := fmt.Sprintf("%02d:%02d", hour, minute)
	dom, dow := f[2], f[4]
	switch {
	case dom == "*" && dow == "*":
		return "每天 " + at
	case dom == "*":
		if days, ok := weekdays(dow); ok {
			return "每周" + days + " " + at
		}
	case dow == "*":
		if d, err := strconv.Atoi(dom); err == nil && d >= 1 && d <= 31 {
			return fmt.Sprintf("每月%d日 %s", d, at)
		}
	}
	return "自定义时间表"
}

// weekdays names cron's day-of-week field: 1 一, 1,3 一、三, 1-5 一至周五.
func weekdays(field string) (string, bool) {
	names := []string{"日", "一", "二", "三", "四", "五", "六", "日"}
	day := func(s string) (string, bool) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 7 {
			return "", false
		}
		return names[n], true
	}
	var parts []string
	for _, p := range strings.Split(field, ",") {
		if from, to, ok := strings.Cut(p, "-"); ok {
			a, ok1 := day(from)
			z, ok2 := day(to)
			if !ok1 || !ok2 {
				return "", false
			}
			parts = append(parts, a+"至周"+z)
			continue
		}
		d, ok := day(p)
		if !ok {
			return "", false
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, "、"), true
}
