package bot_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

func TestAssignAcknowledgeAndQuery(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	card := h.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局")
	testkit.MustContain(t, card.PlainText, "#1 完成项目申报材料", "主办：张伟", "协办：王芳", "牵头单位：投资促进局",
		"截止：2026-12-04 18:00 周五（下周五前）", "状态：待办")
	if !testkit.HasUserLink(card, zhang) || !testkit.HasUserLink(card, wang) {
		t.Errorf("assignees are not linked to their accounts:\n%s", card.Text)
	}
	if got := card.Buttons(); len(got) != 1 || len(got[0]) != 1 || got[0][0] != "收到" {
		t.Fatalf("buttons = %v, want one 收到", got)
	}
	sent, ans := h.Press(group, card.MessageID, zhang, "收到")
	if ans.ShowAlert || !strings.Contains(ans.Text, "已签收") {
		t.Errorf("callback answer = %+v", ans)
	}
	// No new message: the card itself now says who has acknowledged, and
	// keeps its button for 王芳.
	if len(sent) != 1 || sent[0].Method != "editMessageText" || sent[0].MessageID != card.MessageID {
		t.Fatalf("want the card edited, nothing sent:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "签收：张伟 11-23 10:00；王芳 未签收")
	if got := sent[0].Buttons(); len(got) != 1 || got[0][0] != "收到" {
		t.Errorf("buttons after one of two acknowledged: %v", got)
	}
	// A second press changes nothing and says so quietly.
	sent, ans = h.Press(group, card.MessageID, zhang, "收到")
	if len(sent) != 0 || ans.ShowAlert || !strings.Contains(ans.Text, "已签收过") {
		t.Errorf("second press: %+v\n%s", ans, testkit.Dump(sent))
	}
	// Once everyone has, the button goes.
	sent, _ = h.Press(group, card.MessageID, wang, "收到")
	if len(sent) != 1 || sent[0].Buttons() != nil {
		t.Fatalf("want the card without its button:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "王芳 11-23 10:00", "承办人均已签收。")
	testkit.MustNotContain(t, sent[0].PlainText, "未签收")
	list := h.Reply(group, wang, "/tasks")
	testkit.MustContain(t, list.PlainText, "#1 完成项目申报材料")
	detail := h.Reply(group, wang, "任务 1")
	testkit.MustContain(t, detail.PlainText, "签收：张伟 11-23 10:00；王芳 11-23 10:00", "交办")
}

// noTasks fails unless the group has no open task at all.
func noTasks(t *testing.T, h *e2e.Harness) {
	t.Helper()
	list := h.Reply(group, boss, "/tasks")
	testkit.MustContain(t, list.PlainText, "共 0 项")
}

func TestAssignParts(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
		bad        []string
		links      []int64
	}{
		{"deadline at the end", "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：发改局 包保：@lijv",
			[]string{"#1 完成项目申报材料", "主办：张伟", "协办：王芳", "牵头单位：发改局", "包保领导：李局",
				"截止：2026-12-04 18:00 周五（下周五前）", "状态：待办"}, nil, []int64{zhang, wang, li}},
		{"deadline at the start", "/assign 下周五前 @zhangwei 整理招商台账",
			[]string{"#1 整理招商台账", "主办：张伟", "截止：2026-12-04 18:00 周五（下周五前）"}, []string{"协办"}, []int64{zhang}},
		{"deadline in the middle", "/assign @zhangwei 请于12月1日下午3点前报送项目清单",
			[]string{"#1 报送项目清单", "截止：2026-12-01 15:00 周二（请于12月1日下午3点前）"}, nil, []int64{zhang}},
		{"keyword 交办", "交办 @wangfang 起草调度会讲话稿 明天",
			[]string{"#1 起草调度会讲话稿", "主办：王芳", "截止：2026-11-24 18:00 周二（明天）"}, nil, []int64{wang}},
		{"two cooperators, half-width colon", "/assign @lijv @zhangwei @wangfang 对接签约企业 3个工作日内 单位:招商一局",
			[]string{"主办：李局", "协办：张伟、王芳", "牵头单位：招商一局", "截止：2026-11-26 18:00 周四（3个工作日内）"}, nil, []int64{li, zhang, wang}},
		{"unit defaults to the lead's unit", "/assign @zhangwei 走访重点企业 月底前",
			[]string{"#1 走访重点企业", "牵头单位：投资促进局", "截止：2026-11-30 18:00 周一（月底前）"}, nil, []int64{zhang}},
		{"no unit when the lead has none", "/assign @wangfang 走访重点企业 月底前",
			[]string{"主办：王芳"}, []string{"牵头单位"}, []int64{wang}},
		{"各单位： in the text is no unit marker", "/assign @wangfang 通知各单位：报送项目清单 明天",
			[]string{"#1 通知各单位：报送项目清单", "主办：王芳"}, []string{"牵头单位"}, []int64{wang}},
		{"牵头单位： marker", "/assign @wangfang 报送项目清单 明天 牵头单位：商务局",
			[]string{"#1 报送项目清单", "牵头单位：商务局"}, nil, []int64{wang}},
		{"lead named twice stays lead only", "/assign @zhangwei @zhangwei 整理台账 明天",
			[]string{"主办：张伟"}, []string{"协办"}, []int64{zhang}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := e2e.Start(t, e2e.Options{})
			h.Reply(group, boss, "/unit add 投资促进局 @zhangwei")
			card := h.Assign(group, tc.text)
			testkit.MustContain(t, card.PlainText, append(tc.want, "✅ 已交办", "请承办人点击「收到」或回复「收到」签收。")...)
			testkit.MustNotContain(t, card.PlainText, append(tc.bad, "@zhangwei", "@wangfang", "@lijv", "单位：发改局 ")...)
			for _, id := range tc.links {
				if !testkit.HasUserLink(card, id) {
					t.Errorf("user %d is not linked:\n%s", id, card.Text)
				}
			}
			if card.ReplyToMessageID == 0 {
				t.Errorf("the card does not answer the command")
			}
			if got := card.Buttons(); len(got) != 1 || len(got[0]) != 1 || got[0][0] != "收到" {
				t.Errorf("buttons = %v, want one 收到", got)
			}
		})
	}
}

func TestAssignCardGolden(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/unit add 投资促进局 @zhangwei")
	card := h.Assign(group, "/assign @zhangwei @wangfang @chenchen 完成项目申报材料 下周五前 包保：@lijv")
	testkit.Golden(t, "assign_card", card.PlainText)
}

func TestAssignReplyToNotice(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	notice := "关于报送2026年招商引资项目的通知\n各单位：请于12月1日前报送项目清单。\n联系人：李局"
	m := h.Fake.SendText(group, li, notice)
	h.Settle()
	card := h.Reply(group, boss, "/assign @zhangwei 下周五前", tgfake.ReplyTo(m.ID))
	testkit.MustContain(t, card.PlainText, "✅ 已交办", "#1 关于报送2026年招商引资项目的通知\n", "主办：张伟",
		"截止：2026-12-04 18:00 周五（下周五前）", "说明："+notice)
	// The notice's own 各单位： is text of the notice, not a unit marker.
	testkit.MustNotContain(t, card.PlainText, "牵头单位")
	list := h.Reply(group, zhang, "/tasks")
	testkit.MustContain(t, list.PlainText, "#1 关于报送2026年招商引资项目的通知 — 张伟")
	testkit.MustNotContain(t, list.PlainText, "联系人")
	detail := h.Reply(group, zhang, "/task 1")
	testkit.MustContain(t, detail.PlainText, "说明："+notice)
}

func TestAssignAsksForMissingLead(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	q := h.Reply(group, boss, "/assign 整理招商台账 下周五前")
	if !q.ForceReply {
		t.Fatalf("the question is not a ForceReply:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, "请回复主办人")
	testkit.MustNotContain(t, q.PlainText, "已交办")
	// Someone else answering does nothing.
	if out := h.Say(group, zhang, "@zhangwei", tgfake.ReplyTo(q.MessageID)); len(out) != 0 {
		t.Fatalf("a reply by someone else was answered:\n%s", testkit.Dump(out))
	}
	noTasks(t, h)
	// An answer that names nobody asks again.
	again := h.Reply(group, boss, "张伟吧", tgfake.ReplyTo(q.MessageID))
	if !again.ForceReply {
		t.Fatalf("no new question:\n%s", again.PlainText)
	}
	testkit.MustContain(t, again.PlainText, "没有识别到人员")
	card := h.Reply(group, boss, "@zhangwei @wangfang", tgfake.ReplyTo(again.MessageID))
	testkit.MustContain(t, card.PlainText, "✅ 已交办", "#1 整理招商台账", "主办：张伟", "协办：王芳",
		"截止：2026-12-04 18:00 周五（下周五前）")
	if !testkit.HasUserLink(card, zhang) || !testkit.HasUserLink(card, wang) {
		t.Errorf("assignees are not linked:\n%s", card.Text)
	}
	// The question is used up: answering it again creates nothing.
	if out := h.Say(group, boss, "@lijv", tgfake.ReplyTo(q.MessageID)); len(out) != 0 {
		t.Errorf("an answered question was answered again:\n%s", testkit.Dump(out))
	}
	list := h.Reply(group, boss, "/tasks")
	testkit.MustContain(t, list.PlainText, "共 1 项", "#1 整理招商台账")
}

func TestAssignAsksForMissingDeadline(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	q := h.Reply(group, boss, "/assign @zhangwei 整理招商台账")
	if !q.ForceReply {
		t.Fatalf("the question is not a ForceReply:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, "请回复截止时间", "下周五前")
	if out := h.Say(group, wang, "明天", tgfake.ReplyTo(q.MessageID)); len(out) != 0 {
		t.Fatalf("a reply by someone else was answered:\n%s", testkit.Dump(out))
	}
	noTasks(t, h)
	// An unusable answer is explained and asked again; the draft is kept.
	for _, tc := range []struct{ answer, reason string }{
		{"尽早", "「尽早」不是明确的时限"},
		{"昨天", "「昨天」（2026-11-22 18:00 周日）已经过去了"},
		{"2月30日", "「2月30日」不是一个存在的日期"},
	} {
		again := h.Reply(group, boss, tc.answer, tgfake.ReplyTo(q.MessageID))
		if !again.ForceReply {
			t.Fatalf("%s: not asked again:\n%s", tc.answer, again.PlainText)
		}
		testkit.MustContain(t, again.PlainText, tc.reason, "请重新回复")
		testkit.MustNotContain(t, again.PlainText, "已交办")
		noTasks(t, h)
		q = again
	}
	card := h.Reply(group, boss, "月底前", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, card.PlainText, "✅ 已交办", "#1 整理招商台账", "主办：张伟", "截止：2026-11-30 18:00 周一（月底前）")
}

func TestAssignAsksForTitleOfBareCommand(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	q := h.Reply(group, boss, "/assign @zhangwei 下周五前")
	if !q.ForceReply {
		t.Fatalf("the question is not a ForceReply:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, "请回复任务内容")
	card := h.Reply(group, boss, "完成项目申报材料", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, card.PlainText, "#1 完成项目申报材料", "截止：2026-12-04 18:00 周五（下周五前）")
}

func TestAssignRefusesUnusableDeadline(t *testing.T) {
	for _, tc := range []struct{ phrase, reason string }{
		{"昨天", "「昨天」（2026-11-22 18:00 周日）已经过去了"},
		{"上周五", "「上周五」（2026-11-20 18:00 周五）已经过去了"},
		{"2026年11月1日前", "11月1日已经过去了，请重新确认截止时间"},
		{"11月1日前", "11月1日已经过去了，请重新确认截止时间"}, // not next year's
		{"今天上午9点", "已经过去了"},
		{"2月30日", "「2月30日」不是一个存在的日期"},
	} {
		t.Run(tc.phrase, func(t *testing.T) {
			h := e2e.Start(t, e2e.Options{})
			out := h.Reply(group, boss, "/assign @zhangwei 报送材料 "+tc.phrase)
			testkit.MustContain(t, out.PlainText, tc.reason, "可以这样写")
			testkit.MustNotContain(t, out.PlainText, "已交办", "#1")
			if out.ForceReply || len(out.Buttons()) != 0 {
				t.Errorf("a refusal should not ask or offer buttons: %+v", out)
			}
			noTasks(t, h)
			// A task number is used only when a task is stored.
			card := h.Assign(group, "/assign @zhangwei 报送材料 下周五前")
			testkit.MustContain(t, card.PlainText, "#1 报送材料")
		})
	}
}

func TestAssignRefusesTooLongTitle(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	out := h.Reply(group, boss, "/assign @zhangwei "+strings.Repeat("长", 5000)+" 下周五前")
	testkit.MustContain(t, out.PlainText, "标题太长", "5000", "最多 200 个字")
	noTasks(t, h)
	// Exactly 200 characters is fine, and still gets #1.
	card := h.Assign(group, "/assign @zhangwei "+strings.Repeat("长", 200)+" 下周五前")
	testkit.MustContain(t, card.PlainText, "#1 "+strings.Repeat("长", 200))
}

func TestAssignEscapesHTML(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	card := h.Assign(group, "/assign @zhangwei 修改<b>招商</b>方案 & 报告 明天")
	testkit.MustContain(t, card.Text, "修改&lt;b&gt;招商&lt;/b&gt;方案 &amp; 报告")
	testkit.MustContain(t, card.PlainText, "#1 修改<b>招商</b>方案 & 报告")
	for _, cmd := range []string{"/tasks", "/task 1"} {
		s := h.Reply(group, zhang, cmd)
		testkit.MustContain(t, s.Text, "修改&lt;b&gt;招商&lt;/b&gt;方案 &amp; 报告")
		testkit.MustContain(t, s.PlainText, "修改<b>招商</b>方案 & 报告")
	}
	my := h.Reply(group, zhang, "/my")
	testkit.MustContain(t, my.PlainText, "修改<b>招商</b>方案 & 报告")
}

func TestAssignUnknownUsernameIsBoundLater(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	const chen int64 = 107
	card := h.Assign(group, "/assign @chenchen @zhangwei 对接在谈项目 下周五前")
	testkit.MustContain(t, card.PlainText, "主办：@chenchen", "协办：张伟",
		"提示：@chenchen 还没有在群里出现过，机器人已记下，待其首次发言或使用机器人时自动关联。")
	// 陈晨 joins and speaks: the task is theirs.
	h.Fake.AddUser(tgfake.User{ID: chen, FirstName: "陈晨", Username: "ChenChen", LanguageCode: "zh-hans"})
	h.Fake.SendText(group, chen, "各位好，我是陈晨")
	h.Settle()
	my := h.Reply(group, chen, "/my")
	testkit.MustContain(t, my.PlainText, "#1 对接在谈项目 — 陈晨", "（主办）")
	detail := h.Reply(group, chen, "/task 1")
	testkit.MustContain(t, detail.PlainText, "主办：陈晨", "签收：陈晨 未签收；张伟 未签收")
	if !testkit.HasUserLink(detail, chen) {
		t.Errorf("the lead is not linked to the account that appeared:\n%s", detail.Text)
	}
	// Now they can acknowledge with the button on the original card.
	_, ans := h.Press(group, card.MessageID, chen, "收到")
	if ans.ShowAlert {
		t.Errorf("陈晨 could not acknowledge: %+v", ans)
	}
	// A second assignment knows them: no hint.
	card2 := h.Assign(group, "/assign @chenchen 第二项任务 下周五前")
	testkit.MustContain(t, card2.PlainText, "主办：陈晨")
	testkit.MustNotContain(t, card2.PlainText, "提示", "@chenchen")
}

func TestAssignTextMention(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	card := h.AssignAs(group, boss, "/assign 赵敏 起草调研报告 下周五前", tgfake.WithTextMention(zhao))
	testkit.MustContain(t, card.PlainText, "#1 起草调研报告", "主办：赵敏")
	testkit.MustNotContain(t, card.PlainText, "提示", "赵敏 起草")
	if !testkit.HasUserLink(card, zhao) {
		t.Errorf("赵敏 is not linked:\n%s", card.Text)
	}
	my := h.Reply(group, zhao, "/my")
	testkit.MustContain(t, my.PlainText, "#1 起草调研报告 — 赵敏")
	// 赵敏 as the responsible leader (包保), by text mention too.
	card2 := h.AssignAs(group, boss, "/assign @zhangwei 督导项目开工 明天 包保：赵敏", tgfake.WithTextMention(zhao))
	testkit.MustContain(t, card2.PlainText, "#2 督导项目开工", "主办：张伟", "包保领导：赵敏")
	testkit.MustNotContain(t, card2.PlainText, "协办")
	if !testkit.HasUserLink(card2, zhao) {
		t.Errorf("包保 赵敏 is not linked:\n%s", card2.Text)
	}
	_, ans := h.Press(group, card.MessageID, zhao, "收到")
	if ans.ShowAlert || !strings.Contains(ans.Text, "已签收") {
		t.Errorf("赵敏 could not acknowledge: %+v", ans)
	}
}

func TestAssignByMemberIsRefused(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for _, cmd := range []string{"/assign @wangfang 整理台账 明天", "交办 @wangfang 整理台账 明天", "/post 整理台账 明天"} {
		out := h.Reply(group, zhang, cmd)
		if want := map[bool]string{true: "只有领导可以发布揭榜任务：刘书记。", false: "只有领导可以交办任务：刘书记。"}[strings.HasPrefix(cmd, "/post")]; out.PlainText != want {
			t.Errorf("%s: refusal %q, want %q", cmd, out.PlainText, want)
		}
		testkit.MustNotContain(t, out.PlainText, "已交办", "揭榜挂帅")
	}
	noTasks(t, h)
	// Once named a leader, the same member may assign.
	h.Reply(group, boss, "/leader add @zhangwei")
	card := h.AssignAs(group, zhang, "/assign @wangfang 整理台账 明天")
	testkit.MustContain(t, card.PlainText, "#1 整理台账")
}

func TestAssignMentionThatIsNoUser(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	// A lone @ names nobody: the bot asks who leads, nothing is stored.
	q := h.Reply(group, boss, "/assign @ 整理台账 明天")
	if !q.ForceReply {
		t.Fatalf("want a question, got:\n%s", q.PlainText)
	}
	testkit.MustContain(t, q.PlainText, "请回复主办人")
	noTasks(t, h)
	card := h.Reply(group, boss, "@wangfang", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, card.PlainText, "#1 整理台账\n", "主办：王芳")
	testkit.MustNotContain(t, card.PlainText, "@")
	// The bot itself does no tasks: mentioning it names nobody.
	q = h.Reply(group, boss, "/assign @duban_bot 整理台账 明天")
	if !q.ForceReply {
		t.Fatalf("want a question, got:\n%s", q.PlainText)
	}
	card = h.Reply(group, boss, "@wangfang", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, card.PlainText, "#2 整理台账\n", "主办：王芳")
	testkit.MustNotContain(t, card.PlainText, "duban_bot")
	// A @username nobody has is remembered as unknown, and said so.
	card = h.Assign(group, "/assign @nobody_here 整理台账 明天")
	testkit.MustContain(t, card.PlainText, "#3 整理台账", "主办：@nobody_here", "提示：@nobody_here 还没有在群里出现过")
}

func TestAssignEnglishClient(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	out := h.Reply(group, outsider, "/assign @wangfang write the report tomorrow")
	testkit.MustContain(t, out.PlainText, "Only leaders can assign tasks: 刘书记.")
	h.Reply(group, boss, "/leader add @tom")
	for _, tc := range []struct{ text, want string }{
		{"/assign @wangfang write the report yesterday", `"yesterday" has already passed.`},
		{"/assign @wangfang write the report 2月30日", `"2月30日" is not a possible date or time.`},
		{"/assign @wangfang " + strings.Repeat("x", 5000) + " tomorrow", "The title is too long: 5000 characters, at most 200."},
	} {
		out := h.Reply(group, outsider, tc.text)
		testkit.MustContain(t, out.PlainText, tc.want)
		if strings.ContainsAny(out.PlainText, "了请过") {
			t.Errorf("Chinese in an English refusal:\n%s", out.PlainText)
		}
	}
	q := h.Reply(group, outsider, "/assign write the report tomorrow")
	testkit.MustContain(t, q.PlainText, "Who leads this task?")
	q = h.Reply(group, outsider, "/assign @wangfang write the report")
	testkit.MustContain(t, q.PlainText, "When is it due?")
	q = h.Reply(group, outsider, "yesterday", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, q.PlainText, `"yesterday" has already passed.`, "Please reply again")
	card := h.Reply(group, outsider, "next friday", tgfake.ReplyTo(q.MessageID))
	testkit.MustContain(t, card.PlainText, "#1 write the report", "主办：王芳", "截止：2026-12-04 18:00 周五（next friday）")
	out = h.Reply(group, outsider, "/task 9")
	testkit.MustContain(t, out.PlainText, "There is no task #9 in this group.")
}

func TestPostAndClaim(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	posted := h.Reply(group, boss, "/post 牵头招引一个亿元项目 月底前")
	testkit.MustContain(t, posted.PlainText, "🏁 揭榜挂帅", "#1 牵头招引一个亿元项目", "主办：待认领",
		"截止：2026-11-30 18:00 周一（月底前）", "/claim 1")
	testkit.MustNotContain(t, posted.PlainText, "已交办")
	list := h.Reply(group, wang, "/tasks")
	testkit.MustContain(t, list.PlainText, "#1 牵头招引一个亿元项目 — 待认领")

	claim := h.Reply(group, zhang, "/claim 1")
	testkit.MustContain(t, claim.PlainText, "张伟 认领了 #1 牵头招引一个亿元项目，担任主办", "2026-11-30 18:00 周一")
	if !testkit.HasUserLink(claim, zhang) {
		t.Errorf("the group does not see who took it:\n%s", claim.Text)
	}
	again := h.Reply(group, wang, "/claim #1")
	testkit.MustContain(t, again.PlainText, "#1 已经有人认领了，主办是 张伟")
	my := h.Reply(group, zhang, "/my")
	testkit.MustContain(t, my.PlainText, "#1 牵头招引一个亿元项目 — 张伟", "（主办）")
	my = h.Reply(group, wang, "/my")
	testkit.MustContain(t, my.PlainText, "共 0 项")
	detail := h.Reply(group, wang, "/task 1")
	testkit.MustContain(t, detail.PlainText, "主办：张伟", "状态：待办", "发布揭榜", "张伟 认领")

	// A normal task cannot be claimed.
	h.Assign(group, "/assign @wangfang 整理台账 明天")
	out := h.Reply(group, zhang, "/claim 2")
	testkit.MustContain(t, out.PlainText, "#2 不是揭榜任务，已交办给 王芳，不能认领。")
	for _, tc := range []struct{ cmd, want string }{
		{"/claim", "请写明任务编号"},
		{"/claim 99", "本群没有 #99 号任务"},
	} {
		out := h.Reply(group, zhang, tc.cmd)
		testkit.MustContain(t, out.PlainText, tc.want)
	}
}
