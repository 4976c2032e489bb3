package deadline_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/workday"
)

func ExampleFind() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc) // a Tuesday
	d, rest, err := deadline.Find("/assign @bob 完成报告 下周五前", now, workday.Builtin())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(deadline.Format(d.At))
	fmt.Printf("%q %q\n", d.Phrase, rest)
	// Output:
	// 2026-12-11 18:00 周五
	// "下周五前" "/assign @bob 完成报告"
}

func ExampleParse() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	for _, text := range []string{"3个工作日内", "12月5日下午3点", "上周五", "尽快"} {
		d, err := deadline.Parse(text, now, workday.Builtin())
		var e *deadline.Error
		switch {
		case errors.As(err, &e):
			fmt.Printf("%s: %s\n", e.Kind, e.Reason)
		default:
			fmt.Println(deadline.FormatEnglish(d.At))
		}
	}
	// Output:
	// 2026-12-04 18:00 Fri
	// 2026-12-05 15:00 Sat
	// past: 「上周五」（2026-11-27 18:00 周五）已经过去了
	// vague: 「尽快」不是明确的时限，请写明日期
}
