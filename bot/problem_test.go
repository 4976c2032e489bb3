package bot_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// 问题清单: enterprises' problems recorded, answered by a date or solved,
// chased on both deadlines, listed, counted and exported.

// pbRecord records 华鑫科技's problem as P1, owned by 张伟 of 住建局.
func pbRecord(t *testing.T, h *e2e.Harness) tgfake.Sent {
	t.Helper()
	h.Reply(group, boss, "/unit add 住建局 @zhangwei")
	return h.Answer(group, boss, "/problem 华鑫科技有限公司 厂区门前道路未硬化，雨天货车无法进出 @zhangwei 单位：住建局",
		"已登记问题", "P1", "华鑫科技有限公司", "厂区门前道路未硬化", "责任人：张伟", "责任单位：住建局", "待答复",
		"答复时限：2026-11-26 18:00") // Monday + 3 working days, at 18:00
}

func TestProblemRecording(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, func(t *testing.T, h *e2e.Harness) {
		testkit.Golden(t, "problem_recorded", pbRecord(t, h).PlainText)

		// Without an owner the bot asks; nothing is recorded until the answer.
		q := h.Reply(group, wang, "诉求 宏远物流 仓库用电需要增容")
		testkit.MustContain(t, q.PlainText, "由谁负责", "责任单位")
		testkit.MustContain(t, h.Reply(group, boss, "/problems").PlainText, "共 1 个")
		testkit.MustContain(t, testkit.Dump(h.Say(group, wang, "单位：自然资源局", tgfake.ReplyTo(q.MessageID))),
			"已登记问题", "P2", "宏远物流", "仓库用电需要增容", "责任单位：自然资源局")

		// By reply: the message replied to is the description.
		m := h.Fake.SendText(group, zhao, "明达制造反映：园区路灯不亮，夜班工人出行不便")
		h.Settle()
		got := h.Say(group, boss, "/problem 明达制造 @wangfang", tgfake.ReplyTo(m.ID))
		testkit.MustContain(t, got[0].PlainText, "P3", "明达制造", "园区路灯不亮，夜班工人出行不便", "责任人：王芳")

		// Numbers are the problems' own: a task is still #1.
		testkit.MustContain(t, h.Assign(group, "/assign @zhangwei 报送材料 下周五前").PlainText, "#1")
		testkit.MustContain(t, h.Reply(group, boss, "/problem P1").PlainText, "全过程记录", "登记问题", "华鑫科技有限公司")
		testkit.MustContain(t, h.Reply(group, boss, "/problem P9").PlainText, "本群没有 P9 号问题")
	})
}

func TestProblemAnswer(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, func(t *testing.T, h *e2e.Harness) {
		pbRecord(t, h)
		testkit.MustContain(t, h.Reply(group, zhang, "/answer P1 正在研究").PlainText, "一时解决不了的也要明确时限")
		testkit.MustContain(t, h.Reply(group, li, "/answer P1 已列入计划 12月底前").PlainText,
			"只有 P1 的责任人张伟、住建局成员或领导可以答复")
		testkit.MustContain(t, h.Reply(group, boss, "/problem P1").PlainText, "状态：待答复")

		h.Answer(group, zhang, "答复 P1 已协调住建局列入年度道路计划 12月31日前",
			"已答复", "P1", "华鑫科技有限公司", "待解决", "已协调住建局列入年度道路计划", "解决时限：2026-12-31 18:00")
		testkit.MustContain(t, h.Reply(group, zhang, "/answer P1 又一次 已解决").PlainText, "不需要再答复")

		// A later date, asked by the owner and approved by a leader; the first is kept.
		req := h.Answer(group, zhang, "/extend P1 2027年1月15日前 等待资金批复", "申请延长解决时限", "请领导审批")
		_, ans := h.Press(group, req.MessageID, zhang, "同意")
		if !ans.ShowAlert {
			t.Errorf("the owner approved their own extension: %+v", ans)
		}
		sent, _ := h.Press(group, req.MessageID, boss, "同意")
		testkit.MustContain(t, testkit.Dump(sent), "同意延长 P1", "2027-01-15 18:00", "原定 2026-12-31 18:00")

		// Solved: 刘书记 confirms.
		sub := h.Answer(group, zhang, "/solve P1 道路已硬化", "已报告解决", "已提交", "确认解决")
		_, ans = h.Press(group, sub.MessageID, zhang, "确认解决")
		lpAlert(t, ans, "只有 P1 的登记人刘书记或领导可以确认解决")
		sent, _ = h.Press(group, sub.MessageID, boss, "确认解决")
		testkit.MustContain(t, testkit.Dump(sent), "已确认解决", "已解决")
		detail := h.Reply(group, boss, "/problem P1").PlainText
		testkit.MustContain(t, detail, "答复：已协调住建局列入年度道路计划", "原定 2026-12-31 18:00 周四，延长1次",
			"申请延长解决时限", "同意延长解决时限", "报告已解决", "确认解决")

		// 已解决 in the answer itself, confirmed, or sent back.
		h.Reply(group, boss, "/problem 明达制造 园区路灯不亮 @wangfang")
		sub = h.Answer(group, wang, "/answer P2 路灯已修复 已解决", "已答复", "已提交", "确认解决")
		sent, _ = h.Press(group, sub.MessageID, boss, "退回")
		q := sent[len(sent)-1]
		testkit.MustContain(t, q.PlainText, "退回 P2")
		back := h.Say(group, boss, "仍有两盏不亮", tgfake.ReplyTo(q.MessageID))
		testkit.MustContain(t, testkit.Dump(back), "已退回", "P2", "待答复")
		testkit.MustContain(t, h.Reply(group, boss, "/problems 已解决").PlainText, "P1 华鑫科技有限公司")

		// Withdrawn by a leader, with a reason.
		testkit.MustContain(t, h.Reply(group, zhang, "/cancel P2 重复").PlainText, "领导")
		testkit.MustContain(t, h.Reply(group, boss, "/cancel P2").PlainText, "撤销需要说明原因")
		h.Answer(group, boss, "/cancel P2 企业已撤回诉求", "已撤销 P2")
	})
}

// The leader answers with 已解决 in a group without confirmation: solved at once.
func TestProblemSolvedDirectly(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/settings 确认 关")
	pbRecord(t, h)
	h.Answer(group, zhang, "/answer P1 已安排施工队当天硬化 已解决", "已答复", "已解决")
	testkit.MustContain(t, h.Reply(group, boss, "/problems").PlainText, "共 0 个")
	testkit.MustContain(t, h.Reply(group, zhang, "/my").PlainText, "未办结任务")
}

func TestProblemChased(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true, Started: []int64{zhang}})
	pbRecord(t, h)
	// The reply deadline (Thursday 18:00) is missed: Friday 09:00 brings the 催办.
	sent := h.Advance(time.Date(2026, 11, 27, 9, 30, 0, 0, testkit.Shanghai))
	testkit.MustContain(t, testkit.Dump(sent), "已到答复时限", "催办", "P1 华鑫科技有限公司", "答复逾期1天", "/answer P1")
	testkit.MustContain(t, testkit.Dump(testkit.To(sent, zhang)), "【招商引资工作群】", "催办", "P1 华鑫科技有限公司")
	if chase := testkit.Containing(testkit.To(sent, group), "🔔 催办"); len(chase) == 1 {
		testkit.Golden(t, "problem_chase", chase[0].PlainText)
	} else {
		t.Errorf("want one 催办:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, h.Reply(group, boss, "/problems 逾期").PlainText, "🔴 P1", "答复逾期1天")
	testkit.MustContain(t, h.Reply(group, zhang, "/my").PlainText, "我负责的未办结问题", "P1")
	// In private, after the tasks, by group.
	testkit.Golden(t, "problem_my_private", h.Reply(zhang, zhang, "/my").PlainText)

	// Answered with a date: chased at that date, and daily after it on working days.
	h.Answer(group, zhang, "/answer P1 已列入年度道路计划 12月4日前", "解决时限：2026-12-04 18:00")
	sent = h.Advance(time.Date(2026, 12, 4, 18, 30, 0, 0, testkit.Shanghai))
	testkit.MustContain(t, testkit.Dump(sent), "已到解决时限", "P1 华鑫科技有限公司")
	testkit.MustNotContain(t, testkit.Dump(sent), "答复逾期")
	sent = h.Advance(time.Date(2026, 12, 7, 9, 30, 0, 0, testkit.Shanghai))
	testkit.MustContain(t, testkit.Dump(sent), "催办", "解决逾期3天", "P1 华鑫科技有限公司", "/solve P1")
	testkit.MustNotContain(t, testkit.Dump(sent), "12-05", "12-06") // nothing on the weekend
	// Escalated to the leaders after the group's 2 working days.
	// The 催办 and the escalation of one morning are one message.
	sent = testkit.To(h.Advance(time.Date(2026, 12, 8, 9, 30, 0, 0, testkit.Shanghai)), group)
	if len(sent) != 1 {
		t.Fatalf("want one message for the 催办 and the escalation:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "升级督办", "P1 华鑫科技有限公司", "解决逾期4天", "刘书记")
	testkit.MustContain(t, h.Reply(group, boss, "/problem P1").PlainText, "机器人 自动催办", "机器人 升级督办")
	h.Reply(group, zhang, "/solve P1 已完工")
	if sent := h.Advance(time.Date(2026, 12, 9, 9, 30, 0, 0, testkit.Shanghai)); len(testkit.Containing(sent, "P1")) != 0 {
		t.Errorf("a solved problem was still chased:\n%s", testkit.Dump(sent))
	}
}

// A day off of the group inside the three working days moves the reply deadline.
func TestProblemReplyDeadlineHoliday(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/holiday add 2026-11-25 放假")
	h.Answer(group, boss, "/problem 华鑫科技 道路未硬化 单位：住建局", "答复时限：2026-11-27 18:00")
	h.Reply(group, boss, "/settings 答复时限 5")
	h.Answer(group, boss, "/problem 宏远物流 用电增容 单位：住建局", "答复时限：2026-12-01 18:00")
	h.Answer(group, boss, "/problem 明达制造 路灯 单位：住建局 答复：明天", "答复时限：2026-11-24 18:00")
	// New Year's Day: Thursday, (Friday 1 January off), Monday, Tuesday.
	h.Reply(group, boss, "/settings 答复时限 3")
	h.Clock.Set(time.Date(2026, 12, 30, 10, 0, 0, 0, testkit.Shanghai))
	h.Answer(group, boss, "/problem 华鑫科技 排水不畅 单位：住建局", "答复时限：2027-01-05 18:00")
}

// The statistics of a month, checked against a table computed by hand
// (golden file problem_stats.golden):
//
//	P1 住建局    answered 11-24 (on time), date 11-30, solved 11-30 (on time)
//	P2 住建局    answered 11-27 with 已解决 (late: after Thursday 18:00), so not on time
//	P3 自然资源局 answered 11-27 11:00 (late), date 12-02, solved 12-03 (late)
//	P4 发改局    never answered: overdue now
//
//	住建局: 受理2 按时答复1 (50%) 已解决2 (100%) 按期1 (50%); answers 1 and 4 days
//	(median 2.5), solutions 7 and 4 days (5.5); 得分 40×50% + 60×50% = 50.0 🚩
//	发改局: 受理1, nothing; 当前逾期1; 得分 0.0 🟨
//	自然资源局: 受理1 按时答复0 已解决1 按期0; 4.0 and 10.0 days; 得分 0.0 🟨
//	(the two tie for 2nd, listed by name, and share the bottom flag as
//	tied entries do in every ranking)
func TestProblemStatsTable(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, testProblemStatsTable)
}

func testProblemStatsTable(t *testing.T, h *e2e.Harness) {
	h.Reply(group, boss, "/settings 确认 关")
	h.Reply(group, boss, "/settings 红旗 1")
	h.Reply(group, boss, "/unit add 住建局 @zhangwei")
	at := func(month time.Month, day, hour int) {
		h.Clock.Set(time.Date(2026, month, day, hour, 0, 0, 0, testkit.Shanghai))
	}
	h.Reply(group, boss, "/problem 甲公司 道路 @zhangwei")
	h.Reply(group, boss, "/problem 乙公司 用电 单位：住建局")
	h.Reply(group, boss, "/problem 丙公司 用地 单位：自然资源局")
	h.Reply(group, boss, "/problem 丁公司 审批 单位：发改局")
	at(11, 24, 10)
	h.Answer(group, zhang, "/answer P1 已安排 11月30日前", "已答复")
	at(11, 27, 10)
	h.Answer(group, boss, "/answer P2 已接通 已解决", "已解决")
	at(11, 27, 11)
	h.Answer(group, boss, "/answer P3 已协调 12月2日前", "已答复")
	at(11, 30, 10)
	h.Answer(group, zhang, "/solve P1 已硬化", "已解决")
	at(12, 3, 10)
	h.Answer(group, boss, "/solve P3 已供地", "已解决")
	out := h.Say(group, boss, "/problems 统计 上月")
	if len(out) != 2 || out[1].Method != "sendPhoto" {
		t.Fatalf("want the table, then a picture:\n%s", testkit.Dump(out))
	}
	testkit.Golden(t, "problem_stats", out[0].PlainText)
	testkit.MustContain(t, out[0].PlainText, "1. 住建局 🚩 得分 50.0", "按时答复 1（50.0%）", "答复用时中位数 2.5天", "解决用时中位数 5.5天",
		"2. 发改局 🟨 得分 0.0", "当前逾期 1", "2. 自然资源局 🟨 得分 0.0")
}

func TestProblemStatsAndExport(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	pbRecord(t, h)
	h.Reply(group, boss, "/problem 宏远物流 用电增容 单位：自然资源局")
	h.Reply(group, zhang, "/answer P1 已硬化 已解决")
	h.Reply(group, boss, "/problem P1") // nothing changes
	out := h.Say(group, boss, "/problems 统计")
	if len(out) != 2 || out[1].Method != "sendPhoto" {
		t.Fatalf("want the table, then a picture:\n%s", testkit.Dump(out))
	}
	// By hand: 住建局 received 1, answered on time 1, solved 0 (awaiting
	// confirmation): 40×100% + 60×0% = 40; 自然资源局 0.
	testkit.MustContain(t, out[0].PlainText, "1. 住建局", "得分 40.0", "受理 1 · 按时答复 1（100.0%） · 已解决 0（0.0%）",
		"2. 自然资源局", "得分 0.0", "40% × 按时答复率 + 60% × 按期解决率")

	doc := h.Say(group, boss, "/problems 导出")
	if len(doc) != 1 || doc[0].Method != "sendDocument" {
		t.Fatalf("want one workbook:\n%s", testkit.Dump(doc))
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc[0].FileBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"问题清单"}) {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("问题清单")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"序号", "企业", "问题", "责任单位", "责任人", "提出时间", "答复时限", "答复时间", "答复内容",
		"解决时限", "解决时间", "状态", "是否按期"}
	if len(rows) != 3 || !slices.Equal(rows[0], want) {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][0] != "P1" || rows[1][1] != "华鑫科技有限公司" || rows[1][3] != "住建局" || rows[1][4] != "张伟" || rows[1][11] != "已提交" {
		t.Errorf("P1 row %q", rows[1])
	}
	h.Assign(group, "/assign @zhangwei 报送材料 下周五前")
	full := h.Say(group, boss, "/export")
	f2, err := excelize.OpenReader(bytes.NewReader(full[0].FileBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if got := f2.GetSheetList(); !slices.Contains(got, "问题清单") {
		t.Errorf("/export sheets %q lack 问题清单", got)
	}
}

// Ten a page, overdue first, with ◀ ▶; a long enterprise name still fits
// the 64 bytes of a button.
func TestProblemList(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, testProblemList)
}

func testProblemList(t *testing.T, h *e2e.Harness) {
	long := "华鑫科技有限公司华鑫科技有限公司华鑫科技有限公司"
	for i := range 11 {
		h.Reply(group, boss, fmt.Sprintf("/problem %s 问题%d 单位：住建局", long, i+1))
	}
	h.Reply(group, boss, "/problem 宏远物流 用电增容 单位：自然资源局 答复：明天")
	h.Clock.Set(time.Date(2026, 11, 25, 10, 0, 0, 0, testkit.Shanghai)) // P12 is a day late
	first := h.Reply(group, boss, "/problems")
	lines := strings.Split(first.PlainText, "\n")
	testkit.MustContain(t, first.PlainText, "共 12 个", "第 1/2 页")
	if !strings.HasPrefix(lines[1], "🔴 P12 宏远物流") || !strings.Contains(lines[1], "答复逾期1天") {
		t.Errorf("the overdue problem is not first:\n%s", first.PlainText)
	}
	sent, _ := h.Press(group, first.MessageID, boss, "▶")
	testkit.MustContain(t, testkit.Dump(sent), "第 2/2 页", "P10 ", "P11 ")
	testkit.MustNotContain(t, testkit.Dump(sent), "P12 ")

	units := h.Reply(group, boss, "/problems 自然资源局")
	testkit.MustContain(t, units.PlainText, "共 1 个", "P12 宏远物流")
	byName := h.Reply(group, boss, "/problems 未答复 住建局 "+long)
	testkit.MustContain(t, byName.PlainText, "共 11 个", "第 1/2 页")
	for _, row := range byName.Markup.InlineKeyboard {
		for _, b := range row {
			if len(b.CallbackData) > 64 {
				t.Errorf("button %q carries %d bytes", b.Text, len(b.CallbackData))
			}
		}
	}
	sent, _ = h.Press(group, byName.MessageID, boss, "▶")
	testkit.MustContain(t, testkit.Dump(sent), "共 11 个", "第 2/2 页", "P11 ")
}

// The monthly publication carries the problems' statistics when the group
// received problems that month.
func TestProblemPublication(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true})
	pbRecord(t, h)
	h.Reply(group, zhang, "/answer P1 已硬化 已解决")
	sent := h.Advance(time.Date(2026, 12, 1, 9, 30, 0, 0, testkit.Shanghai))
	text := testkit.Containing(sent, "问题解决清单统计")
	if len(text) != 1 {
		t.Fatalf("want one statistics message in the publication:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, text[0].PlainText, "2026年11月", "住建局", "按时答复 1（100.0%）")
	if len(testkit.Keep(sent, func(s tgfake.Sent) bool { return s.Method == "sendPhoto" })) != 1 {
		t.Errorf("want the statistics picture:\n%s", testkit.Dump(sent))
	}
	// December had none: January's publication says nothing of problems.
	sent = h.Advance(time.Date(2027, 1, 4, 9, 30, 0, 0, testkit.Shanghai))
	if len(testkit.Containing(sent, "问题解决清单")) != 0 {
		t.Errorf("a month without problems published them:\n%s", testkit.Dump(sent))
	}
}

// The task commands take Pn; a plain number still means a task.
func TestProblemTaskCommands(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true})
	pbRecord(t, h)
	h.Assign(group, "/assign @wangfang 报送材料 下周五前")
	h.Answer(group, zhang, "/progress P1 已完成道路测量", "P1（华鑫科技有限公司）进展：已完成道路测量")
	h.Answer(group, zhang, "/progress 1 50% 初稿", "只有") // task #1 is 王芳's
	testkit.MustContain(t, h.Reply(group, li, "/progress P1 看看").PlainText, "只有 P1 的责任人张伟、住建局成员或领导可以报告进展")
	h.Answer(group, zhang, "/remind P1 明天上午9点", "将于 2026-11-24 09:00", "提醒 P1")
	testkit.MustContain(t, h.Reply(group, zhang, "/urge P1").PlainText, "只有领导")
	mark := h.Fake.Mark()
	h.Say(group, boss, "/urge P1 请今天答复企业") // the urge itself is the answer, sent by the dispatcher
	urge := h.WaitFor(mark, "the urge", func(s tgfake.Sent) bool { return strings.Contains(s.PlainText, "📣 催办") })
	testkit.MustContain(t, urge.PlainText, "📣 催办（刘书记）", "P1 华鑫科技有限公司", "请今天答复企业")
	sent := h.Advance(time.Date(2026, 11, 24, 9, 30, 0, 0, testkit.Shanghai))
	testkit.MustContain(t, testkit.Dump(sent), "⏰ 提醒：", "P1 华鑫科技有限公司")

	h.Answer(group, boss, "/edit P1 单位 发改局", "已修改", "责任单位：发改局")
	h.Answer(group, boss, "/edit P1 责任人 @wangfang", "责任人：王芳")
	h.Answer(group, boss, "/edit P1 企业 华鑫科技股份有限公司", "华鑫科技股份有限公司")
	testkit.MustContain(t, h.Reply(group, zhang, "/edit P1 描述 新的描述").PlainText, "领导")
	trail := h.Reply(group, boss, "/problem P1").PlainText
	testkit.MustContain(t, trail, "报告进展：已完成道路测量", "设置提醒", "催办", "责任单位 住建局 → 发改局",
		"责任人 张伟 → 王芳", "企业 华鑫科技有限公司 → 华鑫科技股份有限公司")
	testkit.MustNotContain(t, trail, "problem_", "enterprise", "owner")
	testkit.MustContain(t, h.Reply(group, boss, "/task 1").PlainText, "报送材料")
}

// After downtime a problem gets one message for where it stands, not every
// reminder it missed.
func TestProblemCatchUp(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true})
	pbRecord(t, h)
	sent := h.RestartAt(time.Date(2026, 11, 27, 12, 0, 0, 0, testkit.Shanghai))
	about := testkit.Containing(sent, "P1 华鑫科技有限公司")
	if len(about) != 1 {
		t.Fatalf("want one message about P1 after the restart:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, about[0].PlainText, "催办", "答复逾期1天")
}

// A later date is asked only for a problem with one, later than it, with a
// reason; a leader may refuse it, and the date stays.
func TestProblemExtensionRefused(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	pbRecord(t, h)
	testkit.MustContain(t, h.Reply(group, zhang, "/extend P1 12月31日前 等资金").PlainText, "只有待解决的问题可以申请延长解决时限")
	h.Reply(group, zhang, "/answer P1 列入计划 12月15日前")
	testkit.MustContain(t, h.Reply(group, zhang, "/extend P1 12月10日前 等资金").PlainText, "新的解决时限应晚于现在的时限")
	testkit.MustContain(t, h.Reply(group, zhang, "/extend P1 12月31日前").PlainText, "需要说明原因")
	req := h.Answer(group, zhang, "/extend P1 12月31日前 等资金", "申请延长解决时限")
	sent, _ := h.Press(group, req.MessageID, boss, "不同意")
	testkit.MustContain(t, testkit.Dump(sent), "不同意延长 P1", "仍为 2026-12-15 18:00")
	if m, _ := h.Fake.Message(group, req.MessageID); m.ReplyMarkup != nil {
		t.Error("the decided request kept its buttons")
	}
	_, ans := h.PressData(group, req.MessageID, boss, "Pxa:1") // a stale press
	lpAlert(t, ans, "已经处理过了")
	testkit.MustContain(t, h.Reply(group, boss, "/problem P1").PlainText, "解决时限：2026-12-15 18:00", "不同意延长解决时限")
}
