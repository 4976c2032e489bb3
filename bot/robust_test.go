package bot_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"unicode"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// What the bot must survive: forged buttons, replays, migrations, forums,
// long and hostile text, foreign clients, flaky Telegram.

// rbLoggedHarness is a group of 刘书记, 张伟 and 王芳 with the reminder
// dispatcher on and Telegram's pacing kept, whose logs (debug and up) the
// test reads.
func rbLoggedHarness(t *testing.T) (*e2e.Harness, *testkit.LogSink) {
	t.Helper()
	h := e2e.Start(t, e2e.Options{Reminders: true, Paced: true, LogLevel: slog.LevelDebug,
		Groups: []testkit.Group{testkit.Work().Without(li, zhao, outsider)}})
	return h, h.Logs
}

// rbSay is say that also returns the update id of the message sent.
func rbSay(h *e2e.Harness, chat, from int64, text string) ([]tgfake.Sent, int64) {
	h.T.Helper()
	mark := h.Fake.Mark()
	h.Fake.SendText(chat, from, text)
	id := h.Fake.LastUpdateID()
	h.Settle()
	return h.Fake.Sent()[mark:], id
}

// rbReplay delivers an update again, as Telegram does after a crash, and
// returns what the bot sent in answer. An ordinary chat line follows it, so
// that settling waits until the replay has been handled too.
func rbReplay(h *e2e.Harness, updateID int64) []tgfake.Sent {
	h.T.Helper()
	mark := h.Fake.Mark()
	h.Fake.Redeliver(updateID)
	h.Fake.SendText(group, wang, "好的")
	h.Settle()
	return h.Fake.Sent()[mark:]
}

func TestForgedCallbacks(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	// Another group's task (id 1), its extension request (id 1) and unit (id 1).
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的任务 下周五前")
	otherExt := h.Reply(otherGrp, zhang, "/extend 1 12月18日 另一个群的延期")
	if len(otherExt.Buttons()) != 1 {
		t.Fatalf("no extension request in the other group:\n%s", otherExt.PlainText)
	}
	h.Reply(otherGrp, boss, "/unit add 外群单位 @zhangwei")
	// This group's task #1 (id 2), submitted and waiting for confirmation.
	lpAssign(t, h)
	sub := lpSubmit(t, h, 1, "已完成")
	mine, theirs := lpDetail(h, 1), h.Reply(otherGrp, boss, "/task 1").PlainText
	testkit.MustContain(t, theirs, "待审批")

	cases := []struct{ name, data string }{
		{"garbage", "hello world"},
		{"empty", ""},
		{"over-long", "ok:" + strings.Repeat("9", 100)},
		{"over-long filler", strings.Repeat("a", 65)},
		{"unknown action", "zz:2"},
		{"missing id", "ok:"},
		{"zero id", "ok:0"},
		{"negative id", "ok:-2"},
		{"overflowing id", "ok:99999999999999999999"},
		{"extra part", "ok:2:3"},
		{"unknown task", "ok:999"},
		{"another group's task: confirm", "ok:1"},
		{"another group's task: send back", "rb:1"},
		{"another group's task: acknowledge", "ack:1"},
		{"another group's extension: approve", "xa:1"},
		{"another group's extension: reject", "xr:1"},
		{"unknown extension", "xa:999"},
		{"another group's unit page", "tl:0:u1"},
		{"unknown unit page", "tl:0:u999"},
		{"unknown person page", "tl:0:p999"},
		{"bad filter", "tl:0:zz"},
		{"negative page", "tl:-1:a"},
		{"huge page", "tl:99999999999:a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sent, ans := h.PressData(group, sub.MessageID, boss, c.data)
			lpAlert(t, ans, "这个按钮已失效")
			if len(sent) != 0 {
				t.Errorf("a forged button changed messages:\n%s", testkit.Dump(sent))
			}
		})
	}
	t.Run("inaccessible message, another group's task", func(t *testing.T) {
		sent, ans := h.PressData(group, 987654, boss, "ok:1")
		lpAlert(t, ans, "这个按钮已失效")
		if len(sent) != 0 {
			t.Errorf("sent:\n%s", testkit.Dump(sent))
		}
	})
	if got := lpDetail(h, 1); got != mine {
		t.Errorf("forged buttons changed this group's task:\n%s", got)
	}
	if got := h.Reply(otherGrp, boss, "/task 1").PlainText; got != theirs {
		t.Errorf("forged buttons changed the other group's task:\n%s", got)
	}
	if m, _ := h.Fake.Message(group, sub.MessageID); m.ReplyMarkup == nil {
		t.Error("forged buttons removed the real ones")
	}
	// The real buttons still work.
	if _, ans := h.Press(group, sub.MessageID, boss, "确认办结"); ans.ShowAlert {
		t.Errorf("the real button was refused: %q", ans.Text)
	}
	if len(h.Fake.PendingCallbacks()) != 0 {
		t.Errorf("unanswered presses: %v", h.Fake.PendingCallbacks())
	}
	lpNoRejections(t, h)
}

func TestReplayedUpdates(t *testing.T) {
	h, logs := rbLoggedHarness(t)
	out, assignID := rbSay(h, group, boss, "/assign @zhangwei 完成项目申报材料 下周五前")
	if len(out) != 1 || !strings.Contains(out[0].PlainText, "#1 完成项目申报材料") {
		t.Fatalf("assign:\n%s", testkit.Dump(out))
	}
	if again := rbReplay(h, assignID); len(again) != 0 {
		t.Errorf("the replayed /assign answered again:\n%s", testkit.Dump(again))
	}
	list := h.Reply(group, boss, "/tasks").PlainText
	if n := strings.Count(list, "完成项目申报材料"); n != 1 {
		t.Errorf("after the replay the group has %d tasks:\n%s", n, list)
	}
	testkit.MustContain(t, list, "共 1 项")

	out, progressID := rbSay(h, group, zhang, "/progress 1 60% 已完成初稿")
	if len(out) != 1 {
		t.Fatalf("progress:\n%s", testkit.Dump(out))
	}
	if again := rbReplay(h, progressID); len(again) != 0 {
		t.Errorf("the replayed /progress answered again:\n%s", testkit.Dump(again))
	}
	detail := lpDetail(h, 1)
	if n := strings.Count(detail, "已完成初稿"); n != 2 { // the report and its audit line
		t.Errorf("the report appears %d times, want once in 进展 and once in 记录:\n%s", n, detail)
	}

	out, doneID := rbSay(h, group, zhang, "/done 1 已报送")
	if len(out) != 1 || len(out[0].Buttons()) != 1 {
		t.Fatalf("done:\n%s", testkit.Dump(out))
	}
	if again := rbReplay(h, doneID); len(again) != 0 {
		t.Errorf("the replayed /done answered again:\n%s", testkit.Dump(again))
	}
	detail = lpDetail(h, 1)
	testkit.MustContain(t, detail, "状态：已提交")
	if n := strings.Count(detail, "提交办结"); n != 1 {
		t.Errorf("submitted %d times:\n%s", n, detail)
	}
	// A button press replayed: confirmed once.
	sent, ans := h.Press(group, out[0].MessageID, boss, "确认办结")
	if ans.ShowAlert || len(sent) != 2 {
		t.Fatalf("confirm: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	if again := rbReplay(h, h.Fake.LastUpdateID()); len(again) != 0 {
		t.Errorf("the replayed press answered again:\n%s", testkit.Dump(again))
	}
	if n := strings.Count(lpDetail(h, 1), "确认办结"); n != 1 {
		t.Errorf("confirmed %d times", n)
	}
	if n := strings.Count(logs.String(), "replayed update ignored"); n != 4 {
		t.Errorf("the bot noticed %d replays, want 4 (were they delivered?):\n%s", n, logs)
	}

	// The replayed /assign did not use up a number.
	testkit.MustContain(t, h.Reply(group, boss, "/assign @wangfang 整理招商台账 明天").PlainText, "#2 整理招商台账")
}

// A group that becomes a supergroup keeps its tasks, units and settings:
// through the service messages Telegram sends, and when an answer to the old
// id meets migrate_to_chat_id first.
func TestMigratedGroup(t *testing.T) {
	for _, pending := range []bool{false, true} {
		name := "service messages"
		if pending {
			name = "answer to the old id"
		}
		t.Run(name, func(t *testing.T) { testMigration(t, pending) })
	}
}

func testMigration(t *testing.T, pendingAnswer bool) {
	h := e2e.Start(t, e2e.Options{})
	const basic, super int64 = -4001, -1004001
	h.Fake.AddGroup(tgfake.Group{ID: basic, Title: "招商专班", Type: "group",
		Members: []int64{boss, zhang, wang}, Admins: []int64{boss}, Creator: boss})
	h.Reply(basic, boss, "/unit add 专班办公室 @zhangwei")
	h.Reply(basic, boss, "/settings 确认 关")
	testkit.MustContain(t, h.Reply(basic, boss, "/assign @zhangwei 对接签约企业 下周五前").PlainText, "#1 对接签约企业")
	testkit.MustContain(t, h.Reply(basic, boss, "/assign @wangfang 起草汇报材料 明天").PlainText, "#2 起草汇报材料")

	mark := h.Fake.Mark()
	if pendingAnswer {
		// A command written just before the group became a supergroup is
		// answered after (the 429 holds the answer back): the send to the
		// old id is told migrate_to_chat_id and follows it.
		h.Fake.FailNext("sendMessage", basic, tgfake.Fault{Code: 429, RetryAfter: 1})
		h.Fake.SendText(basic, zhang, "/tasks")
	}
	h.Fake.Migrate(basic, super)
	h.Settle()
	if pendingAnswer {
		out := h.Fake.Sent()[mark:]
		if len(out) != 1 || out[0].ChatID != super {
			t.Fatalf("want the list in the new chat %d:\n%s", super, testkit.Dump(out))
		}
		testkit.MustContain(t, out[0].PlainText, "#1 对接签约企业", "#2 起草汇报材料")
		migrated := false
		for _, c := range h.Fake.Rejected() {
			if c.ChatID == basic && c.MigrateTo == super {
				migrated = true
			}
		}
		if !migrated {
			t.Errorf("the bot never met migrate_to_chat_id: %+v", h.Fake.Rejected())
		}
	}

	// Everything is found from the new id.
	testkit.MustContain(t, h.Reply(super, wang, "/tasks").PlainText, "#1 对接签约企业", "#2 起草汇报材料")
	testkit.MustContain(t, h.Reply(super, wang, "/unit list").PlainText, "专班办公室：张伟")
	testkit.MustContain(t, h.Reply(super, wang, "/settings").PlainText, "办结确认：关")
	testkit.MustContain(t, h.Reply(super, zhang, "/task 1").PlainText, "对接签约企业", "交办人：刘书记")
	testkit.MustContain(t, h.Reply(super, zhang, "/done 1 已签约").PlainText, "已办结")
	testkit.MustContain(t, h.Reply(super, boss, "/assign @zhangwei 第三项 明天").PlainText, "#3 第三项")
	testkit.MustContain(t, h.Reply(super, zhang, "/my").PlainText, "第三项")
	for _, s := range h.Fake.Sent()[mark:] {
		if s.ChatID == basic {
			t.Errorf("sent to the old chat after the migration:\n%s", s.PlainText)
		}
	}
	lpNoRejections(t, h)
}

func TestForumTopics(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	const forum int64 = -1005555
	h.Fake.AddGroup(tgfake.Group{ID: forum, Title: "重点项目推进", Type: "supergroup", IsForum: true,
		Members: []int64{boss, zhang, wang, li}, Admins: []int64{boss}, Creator: boss})
	topic := tgfake.InThread(7)
	var all []tgfake.Sent
	in := func(from int64, text string) []tgfake.Sent {
		t.Helper()
		out := h.Say(forum, from, text, topic)
		if len(out) == 0 {
			t.Fatalf("%q: no answer", text)
		}
		all = append(all, out...)
		return out
	}
	card := in(boss, "/assign @zhangwei @wangfang 推进项目开工 下周五前")[0]
	testkit.MustContain(t, card.PlainText, "#1 推进项目开工")
	sent, _ := h.Press(forum, card.MessageID, zhang, "收到")
	all = append(all, sent...)
	in(zhang, "/progress 1 30% 已完成场地平整")
	in(li, "/progress 1 越权")             // a refusal
	in(zhang, "/extend 1 12月18日 等待施工许可") // buttons
	ext := all[len(all)-1]
	sent, _ = h.Press(forum, ext.MessageID, boss, "同意")
	all = append(all, sent...)
	sub := in(zhang, "/done 1 已开工")[0]
	sent, _ = h.Press(forum, sub.MessageID, boss, "退回")
	all = append(all, sent...)
	ask := sent[len(sent)-1]
	if !ask.ForceReply {
		t.Fatalf("no question for the reason:\n%s", testkit.Dump(sent))
	}
	all = append(all, h.Say(forum, boss, "请附现场照片", topic, tgfake.ReplyTo(ask.MessageID))...)
	in(boss, "/tasks")
	in(boss, "/task 1")
	in(boss, "/cancel 1")
	if len(all) < 12 {
		t.Fatalf("only %d messages:\n%s", len(all), testkit.Dump(all))
	}
	for _, s := range all {
		if s.ChatID != forum || s.ThreadID != 7 {
			t.Errorf("%s went to chat %d topic %d, want topic 7:\n%s", s.Method, s.ChatID, s.ThreadID, s.PlainText)
		}
	}
	// A command in the general topic is answered there.
	general := h.Reply(forum, wang, "/tasks")
	if general.ThreadID != 0 {
		t.Errorf("answer to the general topic went to topic %d", general.ThreadID)
	}
	lpNoRejections(t, h)
}

func TestLongMessagesAreSplit(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	reports := make([]string, 5)
	for i := range reports {
		// About 1,500 characters each; the last one in three lines.
		reports[i] = fmt.Sprintf("第%d次进展", i+1) + strings.Repeat("推进", 746)
		if i == 4 {
			reports[i] = fmt.Sprintf("第%d次进展\n%s\n%s", i+1, strings.Repeat("推进", 373), strings.Repeat("推进", 373))
		}
		testkit.MustContain(t, h.Reply(group, zhang, fmt.Sprintf("/progress 1 %d%% %s", (i+1)*10, reports[i])).PlainText, "进展")
	}
	parts := h.Say(group, boss, "/task 1")
	if len(parts) < 2 {
		t.Fatalf("/task with %d characters of progress came in %d message", 5*1500, len(parts))
	}
	var joined strings.Builder
	for i, p := range parts {
		if n := tgfake.UTF16Len(p.PlainText); n > 4096 {
			t.Errorf("part %d has %d UTF-16 units", i, n)
		}
		if i > 0 && p.ReplyToMessageID != 0 {
			t.Errorf("part %d quotes the command too", i)
		}
		joined.WriteString(p.PlainText + "\n")
	}
	all := joined.String()
	testkit.MustContain(t, all, "📌 #1 完成项目申报材料", "进展", "记录")
	for i, r := range reports {
		if !strings.Contains(all, r) && !strings.Contains(strings.ReplaceAll(all, "\n", ""), strings.ReplaceAll(r, "\n", "")) {
			t.Errorf("report %d is missing or cut", i+1)
		}
	}
	if strings.Index(all, "第1次进展") > strings.Index(all, "第5次进展") {
		t.Error("the parts are out of order")
	}
	lpNoRejections(t, h)
}

// Telegram counts what a message shows, not its markup: 2,000 characters
// of & and < (9,000 once escaped) fit in one message; three such reports do
// not, and are split where the HTML stays valid.
func TestEscapedTextIsCountedAsShown(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	text := strings.Repeat("&<", 1000)
	testkit.MustContain(t, h.Reply(group, zhang, "/progress 1 "+text).PlainText, "张伟："+text)
	testkit.MustContain(t, h.Reply(group, boss, "/task 1").PlainText, "张伟："+text, "记录")
	h.Reply(group, zhang, "/progress 1 "+text)
	h.Reply(group, wang, "/progress 1 "+text)
	parts := h.Say(group, boss, "/task 1")
	if len(parts) < 2 {
		t.Fatalf("came in %d message:\n%s", len(parts), testkit.Dump(parts))
	}
	var joined strings.Builder
	for i, p := range parts {
		if n := tgfake.UTF16Len(p.PlainText); n > 4096 {
			t.Errorf("part %d has %d UTF-16 units", i, n)
		}
		testkit.MustNotContain(t, p.PlainText, "出了点问题", "&amp;", "&lt;")
		joined.WriteString(p.PlainText + "\n")
	}
	if n := strings.Count(joined.String(), text); n != 3 {
		t.Errorf("the reports appear %d times, want 3", n)
	}
	lpNoRejections(t, h)
}

func TestHTMLInUserText(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	const evil = `<b>粗体</b> & <script>alert("x")</script> &amp; <a href="http://x">`
	lpAssign(t, h)
	h.Assign(group, "/assign @zhangwei 第二项 明天")
	h.Assign(group, "/assign @zhangwei 第三项 明天")
	unit := `<i>招商&局</i>`
	steps := []struct {
		name string
		from int64
		text string
		want string
	}{
		{"progress", zhang, "/progress 1 " + evil, "张伟：" + evil},
		{"done note", zhang, "/done 1 " + evil, "说明：" + evil},
		{"cancel reason", boss, "/cancel 2 " + evil, "原因：" + evil},
		{"extension reason", zhang, "/extend 3 12月18日 " + evil, "原因：" + evil},
		{"edited title", boss, "/edit 3 标题 " + evil, "#3 " + evil},
		{"unit name", boss, "/unit add " + unit + " @wangfang", "已添加单位「" + unit + "」"},
		{"unit list", boss, "/unit list", unit + "：王芳"},
		{"unit filter", boss, "/tasks " + unit, "「" + unit + "」的任务"},
		{"unit of a task", boss, "/edit 1 单位 " + unit, "牵头单位：" + unit},
		{"task detail", boss, "/task 1", "张伟：" + evil},
	}
	var sub, ext tgfake.Sent
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			got := h.Reply(group, s.from, s.text)
			testkit.MustContain(t, got.PlainText, s.want)
			testkit.MustNotContain(t, got.PlainText, "出了点问题")
			switch s.name {
			case "done note":
				sub = got
			case "extension reason":
				ext = got
			}
		})
	}
	// Editing a message that shows user text keeps it escaped.
	sent, ans := h.Press(group, ext.MessageID, boss, "同意")
	if ans.ShowAlert || len(sent) != 2 {
		t.Fatalf("approval: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "原因："+evil, "同意延期")
	testkit.MustContain(t, sent[1].PlainText, "#3 "+evil)
	sent, _ = h.Press(group, sub.MessageID, boss, "退回")
	back := lpReplyTo(h, boss, sent[len(sent)-1].MessageID, evil)
	if len(back) != 2 {
		t.Fatalf("send back:\n%s", testkit.Dump(back))
	}
	testkit.MustContain(t, back[1].PlainText, "原因："+evil)
	sub = h.Reply(group, zhang, "/done 1 "+evil)
	sent, _ = h.Press(group, sub.MessageID, boss, "确认办结")
	if len(sent) != 2 {
		t.Fatalf("confirmation:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "说明："+evil, "确认办结")
	testkit.MustContain(t, h.Reply(group, boss, "/unit remove "+unit).PlainText, "已删除单位「"+unit+"」")
	lpNoRejections(t, h)
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestEnglishRefusals(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	ext := h.Reply(group, zhang, "/extend 1 12月18日 waiting")
	sub := lpSubmit(t, h, 1, "")
	cases := []struct {
		text string
		want string
	}{
		{"/progress 1 helping out", "Only the assignees of #1 can report progress"},
		{"/progress 1", "Please describe the progress"},
		{"/done 1", "Only the assignees of #1 can submit it"},
		{"/extend 1 12月25日 need time", "Only the assignees of #1 can ask for an extension"},
		{"/edit 1 title New title", "Only whoever assigned #1 or a leader can edit it"},
		{"/edit 1 colour red", "Usage: /edit N"},
		{"/cancel 1 no longer needed", "Only whoever assigned #1 or a leader can cancel it"},
		{"/settings 确认 关", "Only leaders can change settings"},
		{"/unit add Commerce", "Only leaders can manage units"},
		{"/leader add @tom", "Only leaders can name leaders"},
		{"/progress 9 done", "There is no task #9 in this group"},
		{"/progress done", "Please give a task number"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got := h.Reply(group, outsider, c.text).PlainText
			testkit.MustContain(t, got, c.want)
			if hasHan(withoutNames(got)) {
				t.Errorf("Chinese in an answer to an English client:\n%s", got)
			}
		})
	}
	presses := []struct {
		name string
		msg  int
		data string
		want string
	}{
		{"confirm", sub.MessageID, "ok:1", "Only whoever assigned #1 or a leader can confirm it"},
		{"send back", sub.MessageID, "rb:1", "Only whoever assigned #1 or a leader can send it back"},
		{"approve", ext.MessageID, "xa:1", "Only leaders can decide extensions"},
		{"forged", ext.MessageID, "xa:77", "This button is no longer valid"},
		{"garbage", ext.MessageID, "nonsense", "This button is no longer valid"},
	}
	for _, p := range presses {
		t.Run(p.name, func(t *testing.T) {
			_, ans := h.PressData(group, p.msg, outsider, p.data)
			lpAlert(t, ans, p.want)
			if hasHan(withoutNames(ans.Text)) {
				t.Errorf("Chinese in an alert for an English client: %q", ans.Text)
			}
		})
	}
}

// withoutNames drops the cast's names, and the list mark between them: a
// refusal names who may act, as they are called, in any language.
func withoutNames(s string) string {
	for _, n := range []string{"刘书记", "张伟", "王芳", "李局", "赵敏", "、"} {
		s = strings.ReplaceAll(s, n, "")
	}
	return s
}

// A 429 is waited out (retry_after 1 second, real time) and the answer
// still arrives: for a message and for a button's answer.
func TestRetryAfterIsWaitedOut(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 429, RetryAfter: 1})
	list := h.Reply(group, zhang, "/tasks")
	testkit.MustContain(t, list.PlainText, "本群未办结任务")

	card := lpAssign(t, h)
	h.Fake.FailNext("answerCallbackQuery", 0, tgfake.Fault{Code: 429, RetryAfter: 1})
	sent, ans := h.Press(group, card.MessageID, zhang, "收到")
	testkit.MustContain(t, ans.Text, "已签收")
	if len(sent) != 1 || sent[0].Method != "editMessageText" || !strings.Contains(sent[0].PlainText, "签收：张伟 11-23 10:00") {
		t.Errorf("acknowledgement:\n%s", testkit.Dump(sent))
	}
	n429 := 0
	for _, c := range h.Fake.Rejected() {
		if c.Code == 429 {
			n429++
		}
	}
	if n429 != 2 {
		t.Errorf("%d calls got 429, want 2: %+v", n429, h.Fake.Rejected())
	}
}
