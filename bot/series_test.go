package bot_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// newInstance is the test for the card of a series' next instance in the
// group.
func newInstance(s tgfake.Sent) bool {
	return s.ChatID == group && strings.Contains(s.PlainText, "周期任务新一期已交办")
}

// 周期任务 across 国庆: 每周五下班前 assigned on Monday 28 September 2026 is
// first due on Wednesday the 30th (Friday 2 October is a day off, and so is
// the rest of the week); /when says so. Its deadline passing with the
// instance still open makes the next one, due Friday 9 October, announced
// in the group and privately; the first stays open and overdue, and /task
// and /repeat show the series.
func TestSeriesAcrossHolidayWeek(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{Now: testkit.Local("2026-09-28 10:00"), Reminders: true, Started: []int64{zhang}},
		func(t *testing.T, h *e2e.Harness) {
			h.Answer(group, boss, "/when 每周五下班前", "周期：每周五 18:00",
				"2026-09-30 18:00 周三（原为2026-10-02 周五，不是工作日）", "2026-10-09 18:00 周五")
			card := h.Assign(group, "/assign @zhangwei 报送本周项目进展 每周五下班前")
			testkit.MustContain(t, card.PlainText, "#1 报送本周项目进展", "截止：2026-09-30 18:00 周三", "周期：每周五 18:00")
			testkit.MustNotContain(t, card.PlainText, "每周五下班前 ") // the phrase is no part of the title

			mark := h.Fake.Mark()
			sent := h.Advance(testkit.Local("2026-09-30 18:01"))
			next := testkit.Keep(sent, newInstance)
			if len(next) != 1 {
				t.Fatalf("at the first deadline, %d new instances announced, want 1:\n%s", len(next), testkit.Dump(sent))
			}
			testkit.MustContain(t, next[0].PlainText, "#2 报送本周项目进展", "主办：张伟", "截止：2026-10-09 18:00 周五",
				"周期：每周五 18:00", "收到")
			testkit.Golden(t, "series_next_card", next[0].PlainText)
			h.WaitFor(mark, "the private copy of #2", func(s tgfake.Sent) bool {
				return s.ChatID == zhang && strings.Contains(s.PlainText, "#2 报送本周项目进展")
			})

			h.Answer(group, boss, "/task 1", "周期：每周五 18:00", "逾期")
			list := h.Answer(group, boss, "/repeat", "进行中 1 个", "报送本周项目进展 — 每周五 18:00", "已交办 2 期",
				"当前：#2，截止 2026-10-09 18:00 周五")
			testkit.Golden(t, "series_list", list.PlainText)

			// Nothing more until the next deadline: a week of reminders
			// about #1 and #2, but no third instance.
			sent = h.Advance(testkit.Local("2026-10-09 17:59"))
			if n := len(testkit.Keep(sent, newInstance)); n != 0 {
				t.Fatalf("%d instances announced before the second deadline:\n%s", n, testkit.Dump(sent))
			}
		})
}

// Closing the current instance early makes the next one at once; /repeat
// stop is for the assigner or a leader, ends the series and leaves its open
// instance; then no deadline makes another.
func TestSeriesCloseEarlyAndStop(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true})
	h.Assign(group, "/assign @zhangwei @wangfang 报送项目周报 每周五下班前 单位：发改局")
	submitted := h.Reply(group, zhang, "/done 1 已报送")
	mark := h.Fake.Mark()
	h.Press(group, submitted.MessageID, boss, "确认办结")
	next := h.WaitFor(mark, "the next instance", newInstance)
	testkit.MustContain(t, next.PlainText, "#2 报送项目周报", "主办：张伟", "协办：王芳", "牵头单位：发改局",
		"截止：2026-12-04 18:00 周五", "周期：每周五 18:00")
	h.Answer(group, boss, "/task 1", "已办结", "周期：每周五 18:00")

	h.Answer(group, zhang, "/repeat stop 2", "只有 #2 的交办人或领导可以停止周期任务")
	h.Answer(group, boss, "/repeat stop 1", "周期任务已停止：报送项目周报（每周五 18:00）", "已交办的 #2 照常办理")
	h.Answer(group, boss, "/repeat stop 2", "已经停止")
	h.Answer(group, boss, "/repeat", "进行中 0 个，已停止 1 个", "刘书记 于", "停止")
	h.Answer(group, boss, "/task 2", "周期：每周五 18:00（已停止）", "待办")
	h.Answer(group, boss, "/task 2", "#2 报送项目周报")

	sent := h.Advance(testkit.Local("2026-12-04 18:05"))
	if n := len(testkit.Keep(sent, newInstance)); n != 0 {
		t.Fatalf("a stopped series made %d instances:\n%s", n, testkit.Dump(sent))
	}
	h.Answer(group, boss, "/repeat stop 3", "本群没有 #3 号任务")
}

// Refusals: a recurring phrase that cannot be kept, a /post that recurs,
// an ordinary task's series, and /repeat's usage; none stores anything.
func TestSeriesRefusals(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Answer(group, boss, "/assign @zhangwei 报送数据 每月32日前", "32")
	h.Answer(group, boss, "/post 报送数据 每周五下班前", "揭榜任务不能设周期")
	h.Answer(group, boss, "/repeat", "本群还没有周期任务")
	h.Answer(group, wang, "周期", "本群还没有周期任务") // the keyword
	h.Answer(group, boss, "/assign @zhangwei 报送数据 每两周五", "每两周五")
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")
	h.Answer(group, boss, "/repeat stop 1", "#1 不是周期任务")
	h.Answer(group, boss, "/repeat 1", "用法：/repeat")
	h.Answer(group, zhang, "/when 每周六", "每周六")
	h.Answer(group, outsider, "/when every friday 5pm", "Recurs: every Friday at 17:00", "Next 3:")
}

// The bot down across two deadlines of a series: back on Wednesday 9
// December, it assigns one round, the next still ahead (Friday the 11th),
// not the missed ones; the first stays open and overdue. A second restart
// repeats nothing.
func TestSeriesAfterDowntime(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true})
	h.Assign(group, "/assign @zhangwei 报送本周项目进展 每周五下班前")
	sent := h.RestartAt(testkit.Local("2026-12-09 10:00"))
	next := testkit.Keep(sent, newInstance)
	if len(next) != 1 {
		t.Fatalf("after the downtime, %d rounds announced, want 1:\n%s", len(next), testkit.Dump(sent))
	}
	testkit.MustContain(t, next[0].PlainText, "#2 报送本周项目进展", "截止：2026-12-11 18:00 周五")
	h.Answer(group, boss, "/task 1", "逾期")
	if sent := h.RestartAt(testkit.Local("2026-12-09 10:05")); len(testkit.Keep(sent, newInstance)) != 0 {
		t.Fatalf("a second restart announced a round again:\n%s", testkit.Dump(sent))
	}
	h.Answer(group, boss, "/repeat", "已交办 2 期", "当前：#2", "往期逾期未办结：#1")
}

// Asked for the deadline, a leader may answer with a recurring phrase: the
// task becomes a series.
func TestSeriesFromAnAnswer(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	q := h.Reply(group, boss, "/assign @zhangwei 报送固定资产投资数据")
	testkit.MustContain(t, q.PlainText, "请回复截止时间")
	out := h.Say(group, boss, "每月5日前", tgfake.ReplyTo(q.MessageID))
	if len(out) != 1 {
		t.Fatalf("the answer gave %d messages:\n%s", len(out), testkit.Dump(out))
	}
	testkit.MustContain(t, out[0].PlainText, "已交办", "#1 报送固定资产投资数据", "截止：2026-12-04 18:00 周五", "周期：每月5日 18:00")
	h.Answer(group, boss, "/repeat", "报送固定资产投资数据 — 每月5日 18:00")
}

// Telegram failing at a round's deadline (502s: the new round is stored,
// its card not sent) makes the dispatcher try again: the round is
// announced once, when Telegram takes it, and no second round is made.
func TestSeriesAnnouncementRetried(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true})
	h.Assign(group, "/assign @zhangwei 报送本周项目进展 每周五下班前")
	h.Advance(testkit.Local("2026-11-27 17:59"))
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 502, Times: 6})
	sent := h.Advance(testkit.Local("2026-11-27 19:00"))
	next := testkit.Keep(sent, newInstance)
	if len(next) != 1 {
		t.Fatalf("%d rounds announced after the 502s, want 1:\n%s", len(next), testkit.Dump(sent))
	}
	testkit.MustContain(t, next[0].PlainText, "#2 报送本周项目进展", "截止：2026-12-04 18:00 周五")
	if n := len(h.Fake.Rejected()); n != 6 {
		t.Errorf("%d calls rejected, want the 6 injected", n)
	}
	// Each failed send was one notice put off: the 已到截止时间 reminder
	// and the new round failed in turn, so the round's card failed too.
	if n := h.Logs.Count("reminder not delivered; will retry"); n != 6 {
		t.Errorf("%d notices put off, want 6", n)
	}
	h.Answer(group, boss, "/repeat", "已交办 2 期", "当前：#2")
	h.Answer(group, boss, "/task 3", "本群没有 #3 号任务")
}
