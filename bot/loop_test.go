package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The task loop: progress, submit, confirm or send back, extensions, edits
// and cancellation, each seen from the group.

// lpAssign gives the loop tests their usual task #1: 张伟 leads, 王芳
// cooperates, due 2026-12-04 18:00 (下周五前), assigned by 刘书记.
func lpAssign(t *testing.T, h *e2e.Harness) tgfake.Sent {
	t.Helper()
	return h.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局")
}

// lpDetail is what /task N shows (asked by 刘书记).
func lpDetail(h *e2e.Harness, n int) string {
	h.T.Helper()
	return h.Reply(group, boss, fmt.Sprintf("/task %d", n)).PlainText
}

// lpReplyTo answers a bot message with a Telegram reply.
func lpReplyTo(h *e2e.Harness, from int64, messageID int, text string) []tgfake.Sent {
	h.T.Helper()
	return h.Say(group, from, text, tgfake.ReplyTo(messageID))
}

// lpAlert checks that a button press was answered with a pop-up containing
// every want.
func lpAlert(t *testing.T, ans tgfake.CallbackAnswer, wants ...string) {
	t.Helper()
	if !ans.ShowAlert {
		t.Errorf("answer %q is not an alert", ans.Text)
	}
	testkit.MustContain(t, ans.Text, wants...)
}

// lpNoRejections fails if the fake refused any call of the bot.
func lpNoRejections(t *testing.T, h *e2e.Harness) {
	t.Helper()
	for _, c := range h.Fake.Rejected() {
		if c.Code != 429 && c.Code != 502 && c.MigrateTo == 0 { // those are injected or expected
			t.Errorf("the fake rejected %s to %d: %d %s", c.Method, c.ChatID, c.Code, c.Description)
		}
	}
}

// lpSubmit makes 张伟 submit task n and returns the message with the
// confirmation buttons.
func lpSubmit(t *testing.T, h *e2e.Harness, n int, note string) tgfake.Sent {
	t.Helper()
	s := h.Reply(group, zhang, strings.TrimSpace(fmt.Sprintf("/done %d %s", n, note)))
	if got := s.Buttons(); len(got) != 1 || len(got[0]) != 2 || got[0][0] != "确认办结" || got[0][1] != "退回" {
		t.Fatalf("buttons = %v, want 确认办结 退回:\n%s", got, s.PlainText)
	}
	return s
}

func TestProgress(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	// Another group has a #1 and a #2; this group only #1 and #2 (closed).
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的任务 明天")
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的第二项 明天")
	lpAssign(t, h)
	testkit.MustContain(t, lpDetail(h, 1), "状态：待办")
	h.Assign(group, "/assign @zhangwei 已经办完的事 明天")
	h.Reply(group, boss, "/settings 确认 关")
	h.Reply(group, zhang, "/done 2 办完了")
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的第三项 明天")

	ok := h.Reply(group, zhang, "/progress 1 60% 已完成初稿，正在征求意见")
	testkit.Golden(t, "loop_progress", ok.PlainText)
	testkit.MustContain(t, ok.PlainText, "#1 完成项目申报材料 进展（60%）", "张伟：已完成初稿，正在征求意见")
	if !testkit.HasUserLink(ok, zhang) {
		t.Errorf("the reporter is not linked:\n%s", ok.Text)
	}
	detail := lpDetail(h, 1)
	testkit.MustContain(t, detail, "状态：进行中（60%）", "张伟：60% 已完成初稿，正在征求意见")

	// The keyword, by the cooperating assignee, without a percentage.
	kw := h.Reply(group, wang, "进展 1 已对接三家企业")
	testkit.MustContain(t, kw.PlainText, "#1 完成项目申报材料 进展", "王芳：已对接三家企业")
	testkit.MustNotContain(t, kw.PlainText, "%")
	// A bare percentage is a report too.
	testkit.MustContain(t, h.Reply(group, zhang, "/progress 1 80%").PlainText, "进展（80%）")

	before := lpDetail(h, 1)
	testkit.MustContain(t, before, "状态：进行中（80%）")
	refusals := []struct {
		name string
		from int64
		text string
		want []string
	}{
		{"not an assignee", li, "/progress 1 我也在跟进", []string{"只有 #1 的主办或协办可以报告进展：张伟、王芳。"}},
		{"the assigner is no assignee", boss, "/progress 1 督促中", []string{"只有 #1 的主办或协办可以报告进展"}},
		{"percent over 100", zhang, "/progress 1 150% 超额完成", []string{"0% 到 100%"}},
		{"percent far over 100", zhang, "/progress 1 100000000000000000000% 超额完成", []string{"0% 到 100%"}},
		{"text over 2000 characters", zhang, "/progress 1 " + strings.Repeat("长", 2001), []string{"内容太长：2001 个字，最多 2000 个字"}},
		{"no text", zhang, "/progress 1", []string{"请写明进展", "/progress 1 60% 已完成初稿"}},
		{"keyword without text", zhang, "进展 1", []string{"请写明进展"}},
		{"no number", zhang, "/progress 已完成初稿", []string{"请写明任务编号"}},
		{"another group's number", zhang, "/progress 3 另一个群的进展", []string{"本群没有 #3 号任务"}},
		{"closed task", zhang, "/progress 2 补充一点", []string{"已办结"}},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			got := h.Reply(group, c.from, c.text)
			testkit.MustContain(t, got.PlainText, c.want...)
			testkit.MustNotContain(t, got.PlainText, "出了点问题")
		})
	}
	if after := lpDetail(h, 1); after != before {
		t.Errorf("a refused report changed the task:\n--- before\n%s\n--- after\n%s", before, after)
	}
	testkit.MustNotContain(t, lpDetail(h, 2), "补充一点")
	other := h.Reply(otherGrp, boss, "/task 3")
	testkit.MustNotContain(t, other.PlainText, "另一个群的进展")
	lpNoRejections(t, h)
}

// TestDoneConfirm runs on SQLite and on PostgreSQL.
func TestDoneConfirm(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, testDoneConfirm)
}

func testDoneConfirm(t *testing.T, h *e2e.Harness) {
	lpAssign(t, h)
	h.Reply(group, zhang, "/progress 1 50% 初稿完成")
	sub := lpSubmit(t, h, 1, "材料已报送区发改局")
	testkit.Golden(t, "loop_done_submitted", sub.PlainText)
	testkit.MustContain(t, lpDetail(h, 1), "状态：已提交", "提交时间：2026-11-23 10:00 周一")

	// Neither assignee, nor another member, may confirm or send back.
	for _, who := range []struct {
		name string
		id   int64
	}{{"the lead confirming their own task", zhang}, {"the cooperator", wang}, {"a member", li}} {
		for _, label := range []string{"确认办结", "退回"} {
			t.Run(who.name+" "+label, func(t *testing.T) {
				sent, ans := h.Press(group, sub.MessageID, who.id, label)
				lpAlert(t, ans, "只有 #1 的交办人或领导可以")
				if len(sent) != 0 {
					t.Errorf("a refused press changed messages:\n%s", testkit.Dump(sent))
				}
			})
		}
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：已提交")
	if m, _ := h.Fake.Message(group, sub.MessageID); m.ReplyMarkup == nil {
		t.Fatal("a refused press removed the buttons")
	}

	sent, ans := h.Press(group, sub.MessageID, boss, "确认办结")
	if ans.ShowAlert || !strings.Contains(ans.Text, "已确认办结") {
		t.Errorf("callback answer = %+v", ans)
	}
	if len(sent) != 2 || sent[0].Method != "editMessageText" || sent[1].Method != "sendMessage" {
		t.Fatalf("want the buttons removed by an edit, then an announcement:\n%s", testkit.Dump(sent))
	}
	if sent[0].MessageID != sub.MessageID || len(sent[0].Buttons()) != 0 {
		t.Errorf("the edit kept buttons %v or edited message %d", sent[0].Buttons(), sent[0].MessageID)
	}
	testkit.MustContain(t, sent[0].PlainText, "张伟 提交了 #1 完成项目申报材料", "已由 刘书记 确认办结")
	testkit.Golden(t, "loop_done_confirmed", sent[1].PlainText)
	if !testkit.HasUserLink(sent[1], zhang) || !testkit.HasUserLink(sent[1], wang) {
		t.Errorf("the assignees are not mentioned:\n%s", sent[1].Text)
	}
	detail := lpDetail(h, 1)
	testkit.MustContain(t, detail, "状态：已办结", "办结时间：2026-11-23 10:00 周一", "确认办结")
	testkit.MustNotContain(t, h.Reply(group, boss, "/tasks").PlainText, "#1 完成项目申报材料")
	testkit.MustContain(t, h.Reply(group, boss, "/tasks 已办结").PlainText, "#1 完成项目申报材料")

	// The button is gone; a stale press of its data only gets an alert.
	sent, ans = h.PressData(group, sub.MessageID, boss, "ok:1")
	lpAlert(t, ans, "已办结")
	if len(sent) != 0 {
		t.Errorf("a second confirmation sent:\n%s", testkit.Dump(sent))
	}
	_, ans = h.PressData(group, sub.MessageID, boss, "rb:1")
	lpAlert(t, ans, "不能退回")
	if got := lpDetail(h, 1); got != detail {
		t.Errorf("stale presses changed the task:\n%s", got)
	}
	lpNoRejections(t, h)
}

// The assigner may confirm even when they are not (or no longer) a leader.
func TestDoneConfirmedByAssigner(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/leader add @lijv")
	card := h.Reply(group, li, "/assign @zhangwei 走访重点企业 明天")
	testkit.MustContain(t, card.PlainText, "#1 走访重点企业")
	h.Reply(group, boss, "/leader remove @lijv")
	sub := lpSubmit(t, h, 1, "")
	testkit.MustNotContain(t, sub.PlainText, "说明：")
	_, ans := h.Press(group, sub.MessageID, wang, "确认办结")
	lpAlert(t, ans, "只有 #1 的交办人或领导可以确认办结")
	sent, ans := h.Press(group, sub.MessageID, li, "确认办结")
	if ans.ShowAlert {
		t.Fatalf("the assigner was refused: %q", ans.Text)
	}
	if len(sent) != 2 {
		t.Fatalf("want an edit and an announcement:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[1].PlainText, "#1 走访重点企业 已办结，李局 确认")
}

func TestDoneSendBack(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	sub := lpSubmit(t, h, 1, "已上报")

	_, ans := h.Press(group, sub.MessageID, zhang, "退回")
	lpAlert(t, ans, "只有 #1 的交办人或领导可以退回")

	sent, ans := h.Press(group, sub.MessageID, boss, "退回")
	if ans.ShowAlert || !strings.Contains(ans.Text, "请回复退回原因") {
		t.Errorf("callback answer = %+v", ans)
	}
	if len(sent) != 1 || !sent[0].ForceReply {
		t.Fatalf("want one ForceReply question:\n%s", testkit.Dump(sent))
	}
	ask := sent[0]
	testkit.MustContain(t, ask.PlainText, "刘书记 请回复退回 #1 的原因")
	if !testkit.HasUserLink(ask, boss) {
		t.Errorf("the question does not mention who is asked:\n%s", ask.Text)
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：已提交")

	// Someone else answering the question is ordinary chat.
	if got := lpReplyTo(h, wang, ask.MessageID, "我觉得可以了"); len(got) != 0 {
		t.Errorf("a reply by someone not asked was acted on:\n%s", testkit.Dump(got))
	}
	// A reply without text (a photo without caption) is ignored: the
	// question still stands.
	if got := h.Say(group, boss, "", tgfake.ReplyTo(ask.MessageID), tgfake.AsPhoto()); len(got) != 0 {
		t.Errorf("a reply without text was answered:\n%s", testkit.Dump(got))
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：已提交")

	back := lpReplyTo(h, boss, ask.MessageID, "缺少企业盖章的承诺书，请补充后再提交")
	if len(back) != 2 || back[0].Method != "editMessageReplyMarkup" || back[0].MessageID != sub.MessageID ||
		len(back[0].Buttons()) != 0 {
		t.Fatalf("want the buttons of the submission removed, then an announcement:\n%s", testkit.Dump(back))
	}
	testkit.Golden(t, "loop_done_sent_back", back[1].PlainText)
	testkit.MustContain(t, back[1].PlainText, "#1 完成项目申报材料 已退回", "原因：缺少企业盖章的承诺书，请补充后再提交", "退回人：刘书记")
	if !testkit.HasUserLink(back[1], zhang) || !testkit.HasUserLink(back[1], wang) {
		t.Errorf("the assignees are not mentioned:\n%s", back[1].Text)
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：进行中", "退回：缺少企业盖章的承诺书")
	// The question was answered: replying to it again does nothing.
	if got := lpReplyTo(h, boss, ask.MessageID, "迟到的原因"); len(got) != 0 {
		t.Errorf("an answered question was acted on again:\n%s", testkit.Dump(got))
	}

	// The old buttons are gone; pressing their data is stale.
	_, ans = h.PressData(group, sub.MessageID, boss, "ok:1")
	lpAlert(t, ans, "进行中")
	testkit.MustContain(t, lpDetail(h, 1), "状态：进行中")

	// Submitted again, it can be confirmed.
	sub2 := lpSubmit(t, h, 1, "已补充承诺书")
	_, ans = h.Press(group, sub2.MessageID, boss, "确认办结")
	if ans.ShowAlert {
		t.Fatalf("confirmation refused: %q", ans.Text)
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：已办结")
	lpNoRejections(t, h)
}

func TestDoneWithoutConfirmation(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	refused := h.Reply(group, zhang, "/settings 确认 关")
	testkit.MustContain(t, refused.PlainText, "只有领导可以修改设置：刘书记。")
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText, "办结确认：开")

	testkit.MustContain(t, h.Reply(group, boss, "/settings 确认 关").PlainText, "办结确认：关（提交即办结）")
	done := h.Reply(group, wang, "办结 1 已全部完成")
	if len(done.Buttons()) != 0 {
		t.Errorf("buttons without confirmation: %v", done.Buttons())
	}
	testkit.Golden(t, "loop_done_direct", done.PlainText)
	testkit.MustContain(t, done.PlainText, "#1 完成项目申报材料 已办结（王芳 提交）", "说明：已全部完成")
	testkit.MustContain(t, lpDetail(h, 1), "状态：已办结", "办结时间：2026-11-23 10:00 周一")

	// A closed task cannot be submitted again; a note has a limit.
	again := h.Reply(group, zhang, "/done 1")
	testkit.MustContain(t, again.PlainText, "已办结")
	testkit.MustContain(t, h.Reply(group, zhang, "/done 1 "+strings.Repeat("注", 2001)).PlainText, "内容太长：2001 个字，最多 2000 个字")
	refusal := h.Reply(group, li, "/done 1")
	testkit.MustContain(t, refusal.PlainText, "只有 #1 的主办或协办可以提交办结：张伟、王芳。")
}

func TestExtend(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	req := h.Reply(group, zhang, "/extend 1 12月18日 等待省厅批复")
	testkit.Golden(t, "loop_extend_request", req.PlainText)
	if got := req.Buttons(); len(got) != 1 || len(got[0]) != 2 || got[0][0] != "同意" || got[0][1] != "不同意" {
		t.Fatalf("buttons = %v", got)
	}
	testkit.MustContain(t, req.PlainText, "原截止：2026-12-04 18:00 周五", "申请截止：2026-12-18 18:00 周五", "原因：等待省厅批复")

	before := lpDetail(h, 1)
	testkit.MustContain(t, before, "截止：2026-12-04 18:00 周五", "待审批")
	refusals := []struct {
		name string
		from int64
		text string
		want []string
	}{
		{"second while pending", wang, "/extend 1 12月25日 还需要时间", []string{"已有一个延期申请在等待领导审批"}},
		{"not later", zhang, "/extend 1 明天 提前完成", []string{"不晚于当前截止", "2026-12-04 18:00"}},
		{"no reason", zhang, "/extend 1 12月25日", []string{"需要说明原因"}},
		{"no deadline", zhang, "/extend 1 材料不全", []string{"请写明新的截止时间和原因"}},
		{"not an assignee", li, "延期 1 12月25日 我来申请", []string{"只有 #1 的主办或协办可以申请延期：张伟、王芳。"}},
		{"past deadline", zhang, "/extend 1 2026年1月5日 补材料", nil},
		{"reason over 2000 characters", zhang, "/extend 1 12月25日 " + strings.Repeat("因", 2001), []string{"原因太长：2001 个字，最多 2000 个字"}},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			got := h.Reply(group, c.from, c.text)
			if len(got.Buttons()) != 0 {
				t.Errorf("a refused request got buttons:\n%s", got.PlainText)
			}
			testkit.MustContain(t, got.PlainText, c.want...)
			testkit.MustNotContain(t, got.PlainText, "出了点问题", "请领导审批")
		})
	}
	if got := lpDetail(h, 1); got != before {
		t.Errorf("refused requests changed the task:\n%s", got)
	}

	// Only leaders decide; the assigner is one here.
	for _, who := range []int64{zhang, wang, li} {
		sent, ans := h.Press(group, req.MessageID, who, "同意")
		lpAlert(t, ans, "只有领导可以审批延期")
		if len(sent) != 0 {
			t.Errorf("a refused approval sent:\n%s", testkit.Dump(sent))
		}
	}
	testkit.MustContain(t, lpDetail(h, 1), "截止：2026-12-04 18:00 周五", "待审批")

	sent, ans := h.Press(group, req.MessageID, boss, "同意")
	if ans.ShowAlert {
		t.Fatalf("approval refused: %q", ans.Text)
	}
	if len(sent) != 2 || sent[0].Method != "editMessageText" || len(sent[0].Buttons()) != 0 {
		t.Fatalf("want the buttons removed, then an announcement:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "刘书记 同意延期")
	testkit.MustContain(t, sent[1].PlainText, "#1 完成项目申报材料 同意延期：新截止 2026-12-18 18:00 周五（原截止 2026-12-04 18:00 周五）")
	if !testkit.HasUserLink(sent[1], zhang) {
		t.Errorf("the assignees are not told:\n%s", sent[1].Text)
	}
	testkit.Golden(t, "loop_extend_approved", sent[1].PlainText)
	detail := lpDetail(h, 1)
	testkit.MustContain(t, detail, "截止：2026-12-18 18:00 周五（12月18日）", "原截止：2026-12-04 18:00 周五",
		"2026-12-04 18:00 周五 → 2026-12-18 18:00 周五（已同意）：等待省厅批复")
	if n := strings.Count(detail, "原截止"); n != 1 {
		t.Errorf("/task shows 原截止 %d times:\n%s", n, detail)
	}

	// Deciding again is refused, whichever button.
	for _, data := range []string{"xa:1", "xr:1"} {
		sent, ans := h.PressData(group, req.MessageID, boss, data)
		lpAlert(t, ans, "已经处理过")
		if len(sent) != 0 {
			t.Errorf("%s decided twice:\n%s", data, testkit.Dump(sent))
		}
	}

	// A second request, rejected: the deadline in force stays.
	req2 := h.Reply(group, wang, "延期 1 12月25日 企业资料还没到")
	testkit.MustContain(t, req2.PlainText, "原截止：2026-12-04 18:00 周五\n当前截止：2026-12-18 18:00 周五\n申请截止：2026-12-25 18:00 周五")
	sent, ans = h.Press(group, req2.MessageID, boss, "不同意")
	if ans.ShowAlert {
		t.Fatalf("rejection refused: %q", ans.Text)
	}
	if len(sent) != 2 {
		t.Fatalf("want an edit and an announcement:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "刘书记 不同意延期")
	testkit.MustContain(t, sent[1].PlainText, "延期申请未获同意，截止时间仍为 2026-12-18 18:00 周五")
	testkit.MustContain(t, lpDetail(h, 1), "截止：2026-12-18 18:00 周五", "未同意")
	_, ans = h.PressData(group, req2.MessageID, boss, "xa:2")
	lpAlert(t, ans, "已经处理过")
	testkit.MustContain(t, lpDetail(h, 1), "截止：2026-12-18 18:00 周五")
	lpNoRejections(t, h)
}

func TestEdit(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	h.Reply(group, boss, "/unit add 商务局 @lijv")
	cases := []struct {
		name    string
		text    string
		summary string // the first line: the field, its old and new value
		want    []string
		not     []string
	}{
		{"title", "/edit 1 标题 完成项目申报和备案材料", "标题：「完成项目申报材料」→「完成项目申报和备案材料」",
			[]string{"#1 完成项目申报和备案材料"}, nil},
		{"deadline", "/edit 1 截止 12月10日", "截止：2026-12-04 18:00 周五 → 2026-12-10 18:00 周四",
			[]string{"截止：2026-12-10 18:00 周四（12月10日）", "原截止：2026-12-04 18:00 周五"}, nil},
		{"lead", "/edit 1 主办 @lijv", "主办：张伟 → 李局", []string{"主办：李局", "协办：王芳"}, []string{"张伟"}},
		{"cooperators", "/edit 1 协办 @zhangwei @wangfang", "协办：王芳 → 张伟、王芳", []string{"主办：李局", "协办：张伟、王芳"}, nil},
		{"no cooperators", "/edit 1 协办 无", "协办：张伟、王芳 → （无）", []string{"主办：李局"}, []string{"协办"}},
		{"unit", "/edit 1 单位 商务局", "牵头单位：投资促进局 → 商务局", []string{"牵头单位：商务局"}, []string{"投资促进局"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := h.Reply(group, boss, c.text)
			summary, card, _ := strings.Cut(got.PlainText, "\n")
			if want := "✏️ 刘书记 修改了 #1 的" + c.summary; summary != want {
				t.Errorf("first line %q, want %q", summary, want)
			}
			testkit.MustContain(t, card, c.want...)
			testkit.MustNotContain(t, card, c.not...)
			testkit.MustContain(t, lpDetail(h, 1), c.want...)
		})
	}
	// The trail says what changed, from what to what, in Chinese.
	testkit.MustContain(t, lpDetail(h, 1), "刘书记 修改：标题 「完成项目申报材料」 → 「完成项目申报和备案材料」",
		"刘书记 修改：截止 2026-12-04 18:00 周五 → 2026-12-10 18:00 周四", "刘书记 修改：主办 张伟 → 李局",
		"刘书记 修改：协办 张伟、王芳 → （无）", "刘书记 修改：牵头单位 「投资促进局」 → 「商务局」")
	testkit.Golden(t, "loop_edit_card", h.Reply(group, boss, "/edit 1 标题 完成项目申报和备案材料").PlainText)

	before := lpDetail(h, 1)
	refusals := []struct {
		name string
		from int64
		text string
		want []string
	}{
		{"member", zhang, "/edit 1 标题 我想改个名字", []string{"只有 #1 的交办人或领导可以修改任务"}},
		{"lead is no manager", li, "/edit 1 截止 12月31日", []string{"只有 #1 的交办人或领导可以修改任务"}},
		{"bad field", boss, "/edit 1 颜色 红色", []string{"用法：/edit 任务号 标题|截止|主办|协办|单位"}},
		{"no field", boss, "/edit 1", []string{"用法：/edit"}},
		{"empty title", boss, "/edit 1 标题", []string{"用法：/edit"}},
		{"empty unit", boss, "/edit 1 单位", []string{"用法：/edit"}},
		{"empty deadline", boss, "/edit 1 截止", []string{"用法：/edit"}},
		{"bad deadline", boss, "/edit 1 截止 上周一", nil},
		{"two leads", boss, "/edit 1 主办 @zhangwei @wangfang", []string{"请 @ 一位新的主办"}},
		{"lead without mention", boss, "/edit 1 主办 张伟", []string{"请 @ 一位新的主办"}},
		{"cooperators without mention", boss, "/edit 1 协办 王芳", []string{"请 @ 协办人员"}},
		{"no task", boss, "/edit 9 标题 新标题", []string{"本群没有 #9 号任务"}},
		{"title over 200 characters", boss, "/edit 1 标题 " + strings.Repeat("题", 201), []string{"标题太长：201 个字，最多 200 个字"}},
		{"unit over 50 characters", boss, "/edit 1 单位 " + strings.Repeat("局", 51), []string{"单位名称太长"}},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			got := h.Reply(group, c.from, c.text)
			testkit.MustContain(t, got.PlainText, c.want...)
			testkit.MustNotContain(t, got.PlainText, "修改了任务", "出了点问题")
		})
	}
	if got := lpDetail(h, 1); got != before {
		t.Errorf("refused edits changed the task:\n--- before\n%s\n--- after\n%s", before, got)
	}
	lpNoRejections(t, h)
}

func TestCancel(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	h.Assign(group, "/assign @wangfang 整理招商台账 明天")
	h.Assign(group, "/assign @wangfang 第三项 明天")

	refused := h.Reply(group, zhang, "/cancel 1 不想做了")
	testkit.MustContain(t, refused.PlainText, "只有 #1 的交办人或领导可以取消任务")
	refused = h.Reply(group, li, "/cancel 1")
	testkit.MustContain(t, refused.PlainText, "只有 #1 的交办人或领导可以取消任务")

	before := lpDetail(h, 1)
	ask := h.Reply(group, boss, "/cancel 1")
	if !ask.ForceReply {
		t.Fatalf("no ForceReply question:\n%s", ask.PlainText)
	}
	testkit.Golden(t, "loop_cancel_ask", ask.PlainText)
	if got := lpDetail(h, 1); got != before {
		t.Errorf("asking for a reason changed the task:\n%s", got)
	}
	testkit.MustContain(t, h.Reply(group, boss, "/tasks").PlainText, "#1 完成项目申报材料")
	// Only the one asked answers.
	if got := lpReplyTo(h, zhang, ask.MessageID, "别取消"); len(got) != 0 {
		t.Errorf("someone else's answer was acted on:\n%s", testkit.Dump(got))
	}
	done := lpReplyTo(h, boss, ask.MessageID, "项目已调整，不再申报")
	if len(done) != 1 {
		t.Fatalf("want one announcement:\n%s", testkit.Dump(done))
	}
	testkit.Golden(t, "loop_cancelled", done[0].PlainText)
	testkit.MustContain(t, done[0].PlainText, "#1 完成项目申报材料 已取消", "原因：项目已调整，不再申报", "操作人：刘书记")
	if !testkit.HasUserLink(done[0], zhang) || !testkit.HasUserLink(done[0], wang) {
		t.Errorf("the assignees are not told:\n%s", done[0].Text)
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：已取消", "取消原因：项目已调整，不再申报")

	direct := h.Reply(group, boss, "/cancel 2 与 #1 合并办理")
	testkit.MustContain(t, direct.PlainText, "#2 整理招商台账 已取消", "原因：与 #1 合并办理")

	list := h.Reply(group, wang, "/tasks")
	testkit.MustNotContain(t, list.PlainText, "#1 ", "#2 ")
	testkit.MustNotContain(t, h.Reply(group, zhang, "/my").PlainText, "完成项目申报材料")
	again := h.Reply(group, boss, "/cancel 1 再取消一次")
	testkit.MustContain(t, again.PlainText, "已取消")
	// Nothing can move a cancelled task.
	testkit.MustContain(t, h.Reply(group, zhang, "/progress 1 继续").PlainText, "已取消")
	testkit.MustContain(t, h.Reply(group, zhang, "/done 1").PlainText, "已取消")
	long := h.Reply(group, boss, "/cancel 3 "+strings.Repeat("因", 2001))
	testkit.MustContain(t, long.PlainText, "原因太长：2001 个字，最多 2000 个字")
	lpNoRejections(t, h)
}
