package bot

import (
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/sheet"
	"github.com/duban-bot/duban/internal/workday"
)

func TestSplitPeople(t *testing.T) {
	for _, c := range []struct {
		cell string
		want []string
	}{
		{"", nil},
		{"张伟", []string{"张伟"}},
		{"张伟、王芳", []string{"张伟", "王芳"}},
		{" 张伟 ,王芳，李局；赵敏/Tom ", []string{"张伟", "王芳", "李局", "赵敏", "Tom"}},
		{"张伟\n王芳", []string{"张伟", "王芳"}},
		{"Wang Fang、@zhangwei", []string{"Wang Fang", "@zhangwei"}},
		{"—", nil}, // an exported ledger's empty 主办
		{"无", nil},
	} {
		if got := splitPeople(c.cell); !slices.Equal(got, c.want) {
			t.Errorf("splitPeople(%q) = %q, want %q", c.cell, got, c.want)
		}
	}
}

func TestReadDeadline(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, shanghai) // a Monday
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, shanghai)
	}
	date := func(t time.Time, clock bool) sheet.Cell {
		return sheet.Cell{Kind: sheet.Date, Time: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC), HasClock: clock}
	}
	for _, c := range []struct {
		name string
		cell sheet.Cell
		want time.Time
		why  string // the Chinese reason's start, for an unusable cell
	}{
		{"an Excel date means 18:00", date(at(12, 4, 0, 0), false), at(12, 4, 18, 0), ""},
		{"an Excel date and time", date(at(12, 4, 9, 30), true), at(12, 4, 9, 30), ""},
		{"a serial number whose format was lost", sheet.Cell{Kind: sheet.Number, Num: 46360, Text: "46360"}, at(12, 4, 18, 0), ""},
		{"a text date", sheet.Cell{Kind: sheet.Text, Text: "2026-12-10"}, at(12, 10, 18, 0), ""},
		{"the ledger's own format", sheet.Cell{Kind: sheet.Text, Text: "2026-12-15 15:00"}, at(12, 15, 15, 0), ""},
		{"a phrase read at the import", sheet.Cell{Kind: sheet.Text, Text: "下周五前"}, at(12, 4, 18, 0), ""},
		{"3 working days", sheet.Cell{Kind: sheet.Text, Text: "3个工作日内"}, at(11, 26, 18, 0), ""},
		{"empty", sheet.Cell{}, time.Time{}, "没有截止时间"},
		{"a past Excel date", date(at(11, 20, 0, 0), false), time.Time{}, "截止时间 2026-11-20 18:00 周五 已过"},
		{"a past phrase", sheet.Cell{Kind: sheet.Text, Text: "上周五"}, time.Time{}, "截止时间已过"},
		{"vague", sheet.Cell{Kind: sheet.Text, Text: "尽快"}, time.Time{}, "截止时间看不懂"},
		{"nonsense", sheet.Cell{Kind: sheet.Text, Text: "等通知"}, time.Time{}, "截止时间看不懂"},
		// The bot knows a recurring phrase: the reason says an import makes
		// one-off tasks, not that it cannot read it.
		{"a recurring phrase", sheet.Cell{Kind: sheet.Text, Text: "每周五下班前"}, time.Time{}, "「每周五下班前」是周期"},
	} {
		got, _, zh, en := readDeadline(c.cell, now, workday.Builtin())
		switch {
		case c.why != "" && (len(zh) < len(c.why) || zh[:len(c.why)] != c.why || en == ""):
			t.Errorf("%s: reason %q / %q, want it to start with %q", c.name, zh, en, c.why)
		case c.why == "" && (zh != "" || !got.Equal(c.want)):
			t.Errorf("%s: %v (%q), want %v", c.name, got, zh, c.want)
		}
	}
}
