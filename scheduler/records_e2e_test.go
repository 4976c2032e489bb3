package scheduler_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The reminders issue 11 added: an assignee who has not acknowledged is
// reminded once; a submission that waits for confirmation chases its
// assigner once a working day.

// TestAckReminder: two working hours after a task was assigned on Friday
// at 17:00 (one hour on Friday, one on Monday morning), the assignee who
// has not acknowledged is reminded, once, with the 收到 button; the one who
// has is not named. A task acknowledged by everyone is not reminded.
func TestAckReminder(t *testing.T) {
	e := newEnv(t, testkit.Local("2026-11-27 17:00")) // Friday
	card := e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 12月4日18:00")
	e.Assign(group, "/assign @lijv 报送统计报表 12月4日18:00")
	e.Advance(testkit.Local("2026-11-27 17:30"))
	e.Press(group, card.MessageID, zhang, "收到")
	testkit.MustContain(t, testkit.Dump(e.Say(group, li, "/ack 2")), "已签收 #2")

	sent := e.Advance(testkit.Local("2026-11-30 09:59"))
	if got := containingIn(sent, group, "📥 签收提醒"); len(got) != 0 {
		t.Fatalf("reminded before two working hours:\n%s", testkit.Dump(got))
	}
	sent = e.Advance(testkit.Local("2026-12-02 10:00"))
	got := containingIn(sent, group, "📥 签收提醒")
	if len(got) != 1 {
		t.Fatalf("want one 签收提醒, for #1:\n%s", testkit.Dump(sent))
	}
	checkOnTime(t, got, testkit.Local("2026-11-30 10:00"))
	testkit.MustContain(t, got[0].PlainText, "📥 签收提醒：#1 完成项目申报材料", "王芳 还没有签收，请点「收到」或回复「收到」。")
	testkit.MustNotContain(t, got[0].PlainText, "张伟", "#2")
	if !testkit.HasUserLink(got[0], wang) {
		t.Errorf("王芳 is not linked:\n%s", got[0].Text)
	}
	if b := got[0].Buttons(); len(b) != 1 || strings.Join(b[0], " ") != "收到 查看" {
		t.Errorf("buttons %v, want 收到 查看", b)
	}
	// Its 收到 acknowledges, and edits the card.
	pressed, ans := e.Press(group, got[0].MessageID, wang, "收到")
	if ans.ShowAlert || len(pressed) != 1 || pressed[0].MessageID != card.MessageID {
		t.Fatalf("收到 on the reminder: %+v\n%s", ans, testkit.Dump(pressed))
	}
	testkit.MustContain(t, pressed[0].PlainText, "承办人均已签收。")
	// The trail has it.
	testkit.MustContain(t, e.Answer(group, boss, "/task 1").PlainText, "11-30 10:00 机器人 签收提醒")
}

// TestAckByReplyToReminder: 「收到」 in reply to a 签收提醒 acknowledges, in
// the group (a reminder the dispatcher sent at once) and in private (a
// copy the senders delivered from the queue); each edits the task's card.
func TestAckByReplyToReminder(t *testing.T) {
	e := newEnv(t, testkit.Local("2026-11-27 17:00")) // Friday
	card1 := e.Assign(group, "/assign @lijv 报送统计报表 12月4日18:00")
	card2 := e.Assign(group, "/assign @wangfang 完成项目申报材料 12月4日18:00")
	sent := e.Advance(testkit.Local("2026-11-30 10:00"))
	inGroup := containingIn(sent, group, "📥 签收提醒")
	inPrivate := testkit.Containing(testkit.To(sent, li), "📥 签收提醒")
	if len(inGroup) != 2 || len(inPrivate) != 1 {
		t.Fatalf("want two reminders in the group and one to 李局 in private:\n%s", testkit.Dump(sent))
	}
	var forWang tgfake.Sent
	for _, m := range inGroup {
		if strings.Contains(m.PlainText, "#2") {
			forWang = m
		}
	}
	for _, c := range []struct {
		name        string
		chat, from  int64
		reply, card int
		want        string
	}{
		{"in the group", group, wang, forWang.MessageID, card2.MessageID, "签收：王芳 11-30 10:00"},
		{"in private", li, li, inPrivate[0].MessageID, card1.MessageID, "签收：李局 11-30 10:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.reply == 0 {
				t.Fatal("no reminder to reply to")
			}
			out := e.Say(c.chat, c.from, "收到", tgfake.ReplyTo(c.reply))
			if len(out) != 1 || out[0].Method != "editMessageText" || out[0].ChatID != group || out[0].MessageID != c.card {
				t.Fatalf("「收到」 did not edit the card:\n%s", testkit.Dump(out))
			}
			testkit.MustContain(t, out[0].PlainText, c.want, "承办人均已签收。")
		})
	}
}

// TestConfirmationChase: a submission waits for its assigner. After one
// working day the group is told, naming the assigner, with 确认办结 and
// 退回, and the assigner privately with 确认办结; then once each working
// day at 09:00, until confirmed. /tasks 已提交 lists what waits, and the
// weekly digest has it under 待确认, never under 本周到期.
func TestConfirmationChase(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(group, "/assign @zhangwei 完成项目申报材料 11月27日18:00") // due this week
	e.Assign(group, "/assign @wangfang 报送统计报表 11月26日18:00")
	e.Advance(testkit.Local("2026-11-23 15:00"))
	e.Answer(group, zhang, "/done 1 材料已报送", "等待交办人或领导确认")
	testkit.MustContain(t, e.Answer(group, wang, "/tasks 已提交").PlainText, "已提交、待确认的任务（共 1 项）", "#1 完成项目申报材料")

	sent := e.Advance(testkit.Local("2026-11-24 14:59"))
	if got := testkit.Containing(testkit.To(sent, group), "⏳ 待确认"); len(got) != 0 {
		t.Fatalf("chased before a working day:\n%s", testkit.Dump(got))
	}
	sent = e.Advance(testkit.Local("2026-11-25 12:00"))
	got := testkit.Containing(testkit.To(sent, group), "⏳ 待确认")
	if len(got) != 2 {
		t.Fatalf("want Tuesday 15:00 and Wednesday 09:00:\n%s", testkit.Dump(sent))
	}
	checkOnTime(t, got[:1], testkit.Local("2026-11-24 15:00"))
	checkOnTime(t, got[1:], testkit.Local("2026-11-25 09:00"))
	testkit.MustContain(t, got[0].PlainText, "⏳ 待确认：#1 完成项目申报材料", "张伟 于 2026-11-23 15:00 周一 提交办结，已等待1个工作日。",
		"刘书记请确认办结或退回。")
	testkit.MustContain(t, got[1].PlainText, "已等待2个工作日")
	if !testkit.HasUserLink(got[0], boss) {
		t.Errorf("the assigner is not linked:\n%s", got[0].Text)
	}
	if b := got[0].Buttons(); len(b) != 1 || strings.Join(b[0], " ") != "确认办结 退回" {
		t.Errorf("group buttons %v", b)
	}
	private := testkit.Containing(testkit.To(sent, boss), "⏳ 待确认")
	if len(private) != 2 {
		t.Fatalf("the assigner got %d private reminders, want 2:\n%s", len(private), testkit.Dump(sent))
	}
	if b := private[1].Buttons(); len(b) != 1 || strings.Join(b[0], " ") != "确认办结 查看" {
		t.Errorf("private buttons %v", b)
	}
	// The assignee is not chased about a task he has done.
	if got := testkit.Containing(testkit.To(sent, zhang), "待确认"); len(got) != 0 {
		t.Errorf("the assignee was chased:\n%s", testkit.Dump(got))
	}

	// The assigner confirms from the private chat: no more.
	pressed, ans := e.Press(boss, private[1].MessageID, boss, "确认办结")
	if ans.ShowAlert {
		t.Fatalf("确认办结 in private: %q", ans.Text)
	}
	testkit.MustContain(t, testkit.Dump(pressed), "✅ 已由 刘书记 确认办结")
	testkit.MustContain(t, e.Answer(group, boss, "/task 1").PlainText, "状态：已办结", "机器人 待确认提醒")
	sent = e.Advance(testkit.Local("2026-11-27 12:00"))
	if got := testkit.Containing(sent, "⏳ 待确认"); len(got) != 0 {
		t.Errorf("chased after the confirmation:\n%s", testkit.Dump(got))
	}

	// The weekly digest: #2, submitted and waiting, is under 待确认.
	e.Answer(group, wang, "/done 2", "等待交办人或领导确认")
	e.Assign(group, "/assign @zhangwei 走访企业 12月4日18:00") // #3, due next week
	sent = e.Advance(testkit.Local("2026-11-30 09:00"))
	digest := testkit.Containing(testkit.To(sent, group), "每周调度")
	if len(digest) != 1 {
		t.Fatalf("no weekly digest:\n%s", testkit.Dump(sent))
	}
	text := digest[0].PlainText
	testkit.MustContain(t, text, "本周到期（1）\n#3 走访企业", "待确认（1）\n#2 报送统计报表 — 王芳 于 2026-11-27 12:00 周五 提交")
	if i, j := strings.Index(text, "本周到期"), strings.Index(text, "逾期未办结"); strings.Contains(text[i:j], "#2") {
		t.Errorf("a submitted task is listed under 本周到期:\n%s", text)
	}
}
