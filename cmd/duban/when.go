package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/workday"
)

// runWhen prints how a deadline phrase is read: one RFC3339 line in the zone's
// offset, followed by a line 说明：… when the reading follows a convention
// (下月初 is the 5th, 春节前 the last working day before its days off); or a
// Chinese explanation on stderr and exit 1. A recurring phrase (每周五下班前)
// is explained instead: the rule, its conventions and its next three
// occurrences (see deadline.Rule.Explain).
func runWhen(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("duban when", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	nowFlag := fs.String("now", "", "the instant to read the phrase at (RFC3339; default: the current time)")
	tzFlag := fs.String("tz", "Asia/Shanghai", "IANA time zone the phrase is meant in")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: duban when [-now RFC3339] [-tz ZONE] TEXT...")
		fmt.Fprintln(e.stderr, "example: duban when -now 2026-11-23T10:00:00+08:00 下周五前")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	zone, err := time.LoadLocation(*tzFlag)
	if err != nil {
		fmt.Fprintf(e.stderr, "时区 %q 无法识别：请使用 IANA 时区名，例如 Asia/Shanghai 或 Etc/GMT-8。\n", *tzFlag)
		return exitUsage
	}
	now := time.Now()
	if *nowFlag != "" {
		if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			fmt.Fprintf(e.stderr, "-now %q 不是 RFC3339 时间，例如 2026-11-23T10:00:00+08:00。\n", *nowFlag)
			return exitUsage
		}
	}
	// Quiet about years without a notice: the 说明 line says it where it matters.
	cal, err := workday.Load(e.getenv("DUBAN_HOLIDAYS"), slog.New(slog.DiscardHandler))
	if err != nil {
		fmt.Fprintf(e.stderr, "节假日数据无法读取：%v\n", err)
		return exitUsage
	}
	text := strings.Join(fs.Args(), " ")
	if rule, err := deadline.ParseRule(text); !errors.Is(err, deadline.ErrNoRule) {
		if err != nil {
			fmt.Fprintln(e.stderr, whyNotRule(err))
			return exitFail
		}
		fmt.Fprintln(e.stdout, rule.Explain(now, zone, cal, 3))
		return exitOK
	}
	d, err := deadline.Parse(text, now.In(zone), cal)
	if err != nil {
		fmt.Fprintln(e.stderr, whyNot(text, err, now.In(zone)))
		return exitFail
	}
	fmt.Fprintln(e.stdout, d.At.Format(time.RFC3339))
	if d.Note != "" { // the convention behind the reading, for people; scripts read the first line
		fmt.Fprintln(e.stdout, "说明："+d.Note)
	}
	return exitOK
}

// whyNot explains in Chinese why text is not a usable deadline, with examples
// that would work at now.
func whyNot(text string, err error, now time.Time) string {
	var b strings.Builder
	var de *deadline.Error
	switch {
	case errors.As(err, &de):
		b.WriteString(de.Reason)
	case strings.TrimSpace(text) == "":
		b.WriteString("没有给出截止时间。")
	default:
		fmt.Fprintf(&b, "无法识别截止时间「%s」。", text)
	}
	b.WriteString("\n可以这样写，例如：")
	for i, ex := range deadline.Examples(now) {
		if i > 0 {
			b.WriteString("、")
		}
		fmt.Fprintf(&b, "「%s」", ex)
	}
	return b.String()
}

// whyNotRule explains in Chinese why a recurring phrase cannot be kept, with
// phrases that can.
func whyNotRule(err error) string {
	reason := "无法识别周期。"
	var de *deadline.Error
	if errors.As(err, &de) {
		reason = de.Reason
	}
	return reason + "\n可以这样写，例如：「" + strings.Join(deadline.RuleExamples(), "」「") + "」"
}
