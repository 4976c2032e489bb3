package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// dec1 is Tuesday 1 December 2026, 10:00 in Shanghai.
var dec1 = at(12, 1, 10, 0)

// A month-day said without a year is its nearest occurrence: one that has
// just passed is refused, in /assign, /extend, /edit 截止 and /remind alike,
// never moved a year ahead; January said in December is next January. The
// examples offered after a refusal lie ahead.
func TestPastMonthDayIsRefused(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Clock.Set(dec1)
	const past = "11月30日已经过去了，请重新确认截止时间"
	out := h.Reply(group, boss, "/assign @zhangwei 报送年度总结 11月30日前")
	testkit.MustContain(t, out.PlainText, past, "可以这样写：「下周五前」「12月11日下午3点」「3个工作日内」")
	testkit.MustNotContain(t, out.PlainText, "已交办", "2027-11-30", "12月1日下午3点")
	noTasks(t, h)

	card := h.Assign(group, "/assign @zhangwei 报送年度总结 1月5日前")
	testkit.MustContain(t, card.PlainText, "#1 报送年度总结", "截止：2027-01-05 18:00 周二")

	out = h.Reply(group, zhang, "/extend 1 11月30日前 等待省厅批复")
	testkit.MustContain(t, out.PlainText, past)
	testkit.MustNotContain(t, out.PlainText, "申请延期", "2027-11-30")
	out = h.Reply(group, boss, "/edit 1 截止 11月30日")
	testkit.MustContain(t, out.PlainText, past)
	out = h.Reply(group, zhang, "/remind 1 11月30日上午9点")
	testkit.MustContain(t, out.PlainText, "11月30日已经过去了")
	testkit.MustNotContain(t, out.PlainText, "已设置提醒")
	detail := h.Reply(group, boss, "/task 1")
	testkit.MustContain(t, detail.PlainText, "2027-01-05 18:00")
	testkit.MustNotContain(t, detail.PlainText, "2027-11-30")

	// English clients get the reason and examples that lie ahead too.
	out = h.Reply(group, outsider, "/when nov 30")
	testkit.MustContain(t, out.PlainText, `"nov 30" has already passed.`, `"dec 11 3pm"`)
}

// 尽快 and the like set no date: the bot asks for one with a question to
// reply to, and the task is made from the answer, not lost.
func TestVagueDeadlineAsksForADate(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	q := h.Reply(group, boss, "/assign @zhangwei 尽快报送项目清单")
	if !q.ForceReply {
		t.Fatalf("no question to reply to:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, "「尽快」不是明确的时限", "请回复截止时间，例如：「下周五前」「12月3日下午3点」")
	noTasks(t, h)
	// Another vague answer asks again.
	again := h.Reply(group, boss, "近期", tgfake.ReplyTo(q.MessageID))
	if !again.ForceReply {
		t.Fatalf("no new question:\n%s", again.PlainText)
	}
	testkit.MustContain(t, again.PlainText, "「近期」不是明确的时限")
	card := h.Reply(group, boss, "下周五前", tgfake.ReplyTo(again.MessageID))
	testkit.MustContain(t, card.PlainText, "✅ 已交办", "#1 报送项目清单", "主办：张伟", "截止：2026-12-04 18:00 周五（下周五前）")

	// The same for English clients, in English.
	h.Reply(group, boss, "/leader add @tom")
	q = h.Reply(group, outsider, "/assign @zhangwei send the list ASAP")
	if !q.ForceReply {
		t.Fatalf("no question to reply to:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, `"ASAP" sets no time`, "When is it due?")
}

// Replying /assign @x to a notice takes the notice's deadline when the
// command gives none, and the notice's text (without the deadline) as the
// title; a notice whose date has passed makes the bot ask.
func TestAssignTakesTheNoticesDeadline(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	notice := "关于报送年度工作总结的通知\n请各单位于12月15日前报送。"
	m := h.Fake.SendText(group, li, notice)
	h.Settle()
	card := h.Reply(group, boss, "/assign @zhangwei", tgfake.ReplyTo(m.ID))
	testkit.MustContain(t, card.PlainText, "✅ 已交办", "#1 关于报送年度工作总结的通知\n", "截止：2026-12-15 18:00 周二（于12月15日前）", "说明："+notice)

	// A title in the command, the deadline from the notice.
	m = h.Fake.SendText(group, li, "请于12月15日前报送2026年招商项目清单")
	h.Settle()
	card = h.Reply(group, boss, "/assign @wangfang 整理项目清单", tgfake.ReplyTo(m.ID))
	testkit.MustContain(t, card.PlainText, "#2 整理项目清单", "截止：2026-12-15 18:00 周二（请于12月15日前）")
	// The notice as the task: its deadline phrase is not part of the title.
	card = h.Reply(group, boss, "/assign @wangfang", tgfake.ReplyTo(m.ID))
	testkit.MustContain(t, card.PlainText, "#3 报送2026年招商项目清单\n", "截止：2026-12-15 18:00 周二")

	// The command's own deadline wins over the notice's.
	card = h.Reply(group, boss, "/assign @zhangwei 月底前", tgfake.ReplyTo(m.ID))
	testkit.MustContain(t, card.PlainText, "#4", "截止：2026-11-30 18:00 周一（月底前）")

	// A notice whose deadline has passed: the bot says so and asks.
	old := h.Fake.SendText(group, li, "请于11月20日前报送三季度数据")
	h.Settle()
	q := h.Reply(group, boss, "/assign @zhangwei", tgfake.ReplyTo(old.ID))
	if !q.ForceReply {
		t.Fatalf("no question to reply to:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, "通知中的截止时间：11月20日已经过去了，请重新确认截止时间", "请回复截止时间")
	card = h.Reply(group, boss, "下周五前", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, card.PlainText, "#5 请于11月20日前报送三季度数据", "截止：2026-12-04 18:00 周五")
}

// /holiday: anyone lists the group's calendar, leaders change it, and the
// group's deadlines are read on it.
func TestHolidayCommand(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Clock.Set(dec1)
	list := h.Reply(group, zhang, "/holiday")
	testkit.Golden(t, "holiday_list_empty", list.PlainText)

	out := h.Reply(group, zhang, "/holiday add 2027-02-20 调休上班")
	testkit.MustContain(t, out.PlainText, "只有领导可以调整本群节假日")
	for in, want := range map[string]string{
		"/holiday add 2027-02-20":           "用法：/holiday list",
		"/holiday add 2027-02-30 放假":        "2027-02-30 不是一个存在的日期",
		"/holiday add 2027-02-20 加班吗":       "「加班吗」看不懂",
		"/holiday add 2035-02-20 放假":        "太远了",
		"/holiday add 明天 放假":                "请写明日期",
		"/holiday remove 2027-03-01":        "本群没有调整过 2027-03-01 周一",
		"/holiday frobnicate":               "用法：/holiday list",
		"/holiday add <b>2027-02-20</b> 放假": "请写明日期",
	} {
		testkit.MustContain(t, h.Reply(group, boss, in).PlainText, want)
	}
	out = h.Reply(group, boss, "/holiday add 2027-02-20 调休上班")
	testkit.MustContain(t, out.PlainText, "本群日历已调整：2027-02-20 周六 上班。（全国日历：放假）")
	out = h.Reply(group, boss, "/holiday add 2027年2月19日 放假")
	testkit.MustContain(t, out.PlainText, "2027-02-19 周五 放假。（全国日历：上班）")
	testkit.Golden(t, "holiday_list", h.Reply(group, wang, "/holiday list").PlainText)

	// Deadlines are read on the group's calendar. Said on Thursday 18
	// February, the next working day is Saturday the 20th (the 19th is
	// off), and three are the 20th, the 22nd and the 23rd.
	h.Clock.Set(time.Date(2027, 2, 18, 10, 0, 0, 0, testkit.Shanghai))
	when := h.Reply(group, zhao, "/when 3个工作日内")
	testkit.MustContain(t, when.PlainText, "2027-02-23 18:00 周二")
	// Another group keeps the national calendar: Friday the 19th.
	other := h.Reply(otherGrp, boss, "/when 1个工作日内")
	testkit.MustContain(t, other.PlainText, "2027-02-19 18:00 周五")
	mine := h.Reply(group, boss, "/when 1个工作日内")
	testkit.MustContain(t, mine.PlainText, "2027-02-20 18:00 周六")

	out = h.Reply(group, boss, "/holiday remove 2027-02-20")
	testkit.MustContain(t, out.PlainText, "已撤销本群对 2027-02-20 周六 的调整，恢复全国日历：放假")
	mine = h.Reply(group, boss, "/when 1个工作日内")
	testkit.MustContain(t, mine.PlainText, "2027-02-22 18:00 周一")
}

// /when explains the new words: the convention behind the reading, and for
// a year without its notice, that 调休 is not known yet.
func TestWhenExplainsNewWords(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Clock.Set(dec1)
	for in, want := range map[string][]string{
		"/when 春节前":       {"2027-02-04 18:00 周四", "说明：节前按放假前最后一个工作日计；春节放假2月5日至2月8日；2027年放假调休安排尚未公布，暂按法定节假日推算"},
		"/when 国庆节后":      {"2027-10-04 18:00 周一", "节后按收假后第一个工作日计"},
		"/when 下月初":       {"2027-01-05 18:00 周二", "说明：月初按5日计"},
		"/when 12月中旬":     {"2026-12-20 18:00 周日", "说明：中旬按20日计"},
		"/when 本周内":       {"2026-12-06 18:00 周日", "说明：本周内按本周日计"},
		"/when 半个月内":      {"2026-12-16 18:00 周三", "说明：半个月按15天计"},
		"/when 明天下午3点至5点": {"2026-12-02 17:00 周三", "说明：时间段以结束时间为准"},
		"/when 1月5日前":     {"2027-01-05 18:00 周二", "说明：没写年份，按最近的2027年1月5日"},
		"/when 下午 3:30":   {"2026-12-01 15:30 周二"},
	} {
		testkit.MustContain(t, h.Reply(group, zhao, in).PlainText, want...)
	}
	out := h.Reply(group, zhao, "/when 2017年8月11日至8月22日")
	testkit.MustContain(t, out.PlainText, "2017年8月22日已经过去了，请重新确认截止时间")
}

// /settings tells leaders when the coming year's holiday notice is not out:
// in December for January, not in November.
func TestSettingsWarnsOfAYearWithoutNotice(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	testkit.MustNotContain(t, h.Reply(group, boss, "/settings").PlainText, "尚未公布")
	h.Clock.Set(dec1)
	testkit.MustContain(t, h.Reply(group, boss, "/settings").PlainText,
		"⚠️ 2027年放假调休安排国务院尚未公布：暂按法定节假日放假，调休日期未知；领导可用 /holiday 调整本群日历。")
}

// 元旦 2027 is a quiet day although its notice is not built in: a task
// overdue since 30 December is chased on the 31st and then only on Monday
// 4 January, the first working day, when January's publications go out
// too; nothing reaches the group from 1 to 3 January. A group that also
// takes the 4th off (/holiday) hears on the 5th.
func TestNewYear2027IsQuiet(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra string // a /holiday command, or ""
		first time.Time
	}{
		{"national calendar", "", time.Date(2027, 1, 4, 9, 0, 0, 0, testkit.Shanghai)},
		{"the group takes the 4th off", "/holiday add 2027-01-04 放假", time.Date(2027, 1, 5, 9, 0, 0, 0, testkit.Shanghai)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newPubHarness(t, at(12, 28, 10, 0))
			h.Answer(group, boss, "/settings 确认 关", "已更新")
			h.Answer(group, boss, "/assign @wangfang 项目申报 明天", "已交办")
			h.Reply(group, wang, "/done 1")
			h.Answer(group, boss, "/assign @zhangwei 报送年度总结 12月30日", "已交办")
			if tc.extra != "" {
				h.Answer(group, boss, tc.extra, "本群日历已调整")
			}
			h.Advance(time.Date(2026, 12, 31, 12, 0, 0, 0, testkit.Shanghai))
			sent := h.Advance(time.Date(2027, 1, 5, 12, 0, 0, 0, testkit.Shanghai))
			var chases, pubs []time.Time
			for _, s := range sent {
				if s.ChatID != group {
					continue
				}
				local := s.At.In(testkit.Shanghai)
				if local.Month() == time.January && local.Day() <= 3 {
					t.Errorf("sent on %s, a day off:\n%s", local.Format("2006-01-02 15:04"), s.PlainText)
				}
				switch {
				case strings.Contains(s.PlainText, "催办") && strings.Contains(s.PlainText, "报送年度总结"):
					chases = append(chases, local)
				case strings.HasPrefix(s.PlainText, "📣 晾晒成绩单"):
					pubs = append(pubs, local)
				}
			}
			if len(chases) == 0 || !chases[0].Equal(tc.first) {
				t.Errorf("催办 at %v, want the first on %v:\n%s", chases, tc.first, testkit.Dump(sent))
			}
			if len(pubs) == 0 || !pubs[0].Equal(tc.first) {
				t.Errorf("publications at %v, want them on %v", pubs, tc.first)
			}
		})
	}
}
