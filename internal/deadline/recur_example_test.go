package deadline_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/workday"
)

// An /assign with a recurring phrase: the rule, the task's title, and the
// first instance's deadline, the next occurrence still ahead.
func ExampleFindRule() {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 9, 28, 10, 0, 0, 0, loc) // a Monday before 国庆
	rec, rest, err := deadline.FindRule("/assign @zhangwei 报送本周项目进展 每周五下班前")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("周期：%s\n%q %q\n", rec.Rule, rec.Phrase, rest)
	first := rec.Rule.Next(now, loc, workday.Builtin())
	fmt.Println(deadline.Format(first))
	// The next instance follows the previous one's deadline.
	fmt.Println(deadline.Format(rec.Rule.Next(first, loc, workday.Builtin())))
	// Output:
	// 周期：每周五 18:00
	// "每周五下班前" "/assign @zhangwei 报送本周项目进展"
	// 2026-09-30 18:00 周三
	// 2026-10-09 18:00 周五
}

func ExampleParseRule() {
	for _, text := range []string{"每月5日前", "每两周五", "下周五前"} {
		rule, err := deadline.ParseRule(text)
		var e *deadline.Error
		switch {
		case errors.Is(err, deadline.ErrNoRule):
			fmt.Println("not recurring: read it with deadline.Parse")
		case errors.As(err, &e):
			fmt.Printf("%s: %s\n", e.Kind, e.English)
		default:
			fmt.Println(rule, "/", rule.English())
		}
	}
	// Output:
	// 每月5日 18:00 / monthly on day 5 at 18:00
	// unsupported: "每两周五" repeats every few days, weeks or months, which is not supported; use a weekday, a day of the month, the end of the quarter or a date of the year.
	// not recurring: read it with deadline.Parse
}
