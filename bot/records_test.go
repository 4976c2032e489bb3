package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// Records a group can trust (issue 11): lateness that cannot be erased,
// publications that stay as published, one publication a morning, and the
// trail of a task in Chinese.

// calendar2027 is the built-in calendar with a holiday file for 2027 in
// which 1 January is 元旦, given the way an operator gives one
// (DUBAN_HOLIDAYS): the first working day of January 2027 is then Monday
// the 4th.
func calendar2027(t *testing.T) *workday.Calendar {
	t.Helper()
	dir := t.TempDir()
	file := `{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}`
	if err := os.WriteFile(filepath.Join(dir, "2027.json"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	cal, err := workday.Load(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// jan is a moment of January 2027 in Shanghai.
func jan(day, hour, minute int) time.Time {
	return time.Date(2027, 1, day, hour, minute, 0, 0, testkit.Shanghai)
}

// TestPublicationJanuary: on the first working day of 2027 (Monday 4
// January: the 1st is 元旦) the group gets one publication: December, the
// fourth quarter, the second half and the year in one message with the
// formula once, and a picture for each period whose ranking differs (the
// half-year and the year rank as the quarter). Nothing is published, and
// nobody chased, on the holiday. Afterwards December's ranking stays as
// published in /rank and the ledger, though an extension approved later
// takes a task out of December; the trail of each counted task says it was
// published, and how it counted.
func TestPublicationJanuary(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Now: at(11, 23, 10, 0), Reminders: true, Calendar: calendar2027(t)})
	h.Answer(group, boss, "/settings 确认 关", "已更新")
	h.Answer(group, boss, "/settings 周报 关", "已更新")
	h.Reply(group, boss, "/unit add 投资促进局 @zhangwei @wangfang")
	h.Reply(group, boss, "/unit add 发改局 @lijv")
	h.Answer(group, boss, "/assign @zhangwei 招商推介 11月27日", "已交办") // #1 November, on time
	h.Answer(group, boss, "/assign @wangfang 企业走访 11月27日", "已交办") // #2 November, on time
	h.Advance(at(11, 26, 10, 0))
	h.Reply(group, zhang, "/done 1")
	h.Reply(group, wang, "/done 2")
	// November's publication went out on 1 December; the other group,
	// where only 张伟 had a task due, published nothing: a ranking of one
	// is no ranking.
	h.Answer(otherGrp, boss, "/settings 确认 关", "已更新")
	h.Answer(otherGrp, boss, "/assign @zhangwei 海外推介 11月27日", "已交办")
	h.Reply(otherGrp, zhang, "/done 1")
	sent := h.Advance(at(12, 1, 10, 0))
	if got := publications(sent, group); len(got) != 1 || !strings.Contains(got[0].PlainText, "【每月亮成绩 · 2026年11月】") {
		t.Fatalf("November's publication:\n%s", testkit.Dump(sent))
	}
	if got := append(publications(sent, otherGrp), pictures(sent, otherGrp)...); len(got) != 0 {
		t.Errorf("a ranking of one entry was published:\n%s", testkit.Dump(got))
	}

	// December.
	h.Answer(group, boss, "/assign @zhangwei 项目签约 12月10日", "已交办") // #3 on time
	h.Answer(group, boss, "/assign @wangfang 报送台账 12月15日", "已交办") // #4 late
	h.Answer(group, boss, "/assign @lijv 政策兑现 12月31日", "已交办")     // #5 extended later
	h.Answer(group, boss, "/assign @zhangwei 问题清单 12月18日", "已交办") // #6 overdue
	h.Advance(at(12, 9, 10, 0))
	h.Reply(group, zhang, "/done 3")
	h.Advance(at(12, 16, 10, 0))
	h.Reply(group, wang, "/done 4")
	h.Advance(at(12, 31, 10, 0))
	// Asked in time, on the last day; approved only after the publication.
	ext := h.Answer(group, li, "/extend 5 1月15日 等待财政拨付", "请领导审批")

	// 1 January 2027 is 元旦: no publication, no 催办.
	sent = h.Advance(jan(1, 23, 0))
	if got := publications(sent, group); len(got) != 0 {
		t.Fatalf("published on 元旦:\n%s", testkit.Dump(got))
	}
	for _, s := range sent {
		if s.At.After(jan(1, 0, 0)) && strings.Contains(s.PlainText, "催办") {
			t.Errorf("chased on 元旦:\n%s", s.PlainText)
		}
	}
	if got := publications(h.Advance(jan(4, 8, 59)), group); len(got) != 0 {
		t.Fatalf("published before Monday 09:00:\n%s", testkit.Dump(got))
	}
	live := func(from, to time.Time) []models.RankEntry {
		t.Helper()
		c, err := h.Store.ChatByTelegramID(context.Background(), group)
		if err != nil {
			t.Fatal(err)
		}
		rules := c.RankRules()
		entries, err := h.Store.Ranking(context.Background(), models.RankingQuery{ChatID: c.ID, From: from, To: to, Rules: &rules})
		if err != nil {
			t.Fatal(err)
		}
		return entries
	}
	december := h.Say(group, boss, "/rank 2026-12-01 2026-12-31")[0].PlainText
	testkit.MustContain(t, december, "李局（发改局）\n   到期1 按期0 逾期办结0 逾期未办1")

	sent = h.Advance(jan(4, 12, 0))
	pubs, pics := publications(sent, group), pictures(sent, group)
	if len(pubs) != 1 {
		t.Fatalf("January: %d publications, want one message:\n%s", len(pubs), testkit.Dump(sent))
	}
	pub := pubs[0]
	if !pub.At.Equal(jan(4, 9, 0)) {
		t.Errorf("published at %v, want Monday 4 January 09:00", pub.At)
	}
	testkit.Golden(t, "publish_january", pub.PlainText)
	for _, want := range []string{"【每月亮成绩 · 2026年12月】", "【每季抢红旗 · 2026年第4季度】",
		"【半年一总结 · 2026年下半年】\n与【每季抢红旗 · 2026年第4季度】相同。",
		"【全年列榜单 · 2026年】\n与【每季抢红旗 · 2026年第4季度】相同。"} {
		testkit.MustContain(t, pub.PlainText, want)
	}
	if n := strings.Count(pub.PlainText, "计分："); n != 1 {
		t.Errorf("the formula appears %d times, want once", n)
	}
	// December and the quarter differ (November's tasks): two pictures,
	// each after the text.
	if len(pics) != 2 || pics[0].Seq < pub.Seq {
		t.Fatalf("want two pictures after the text:\n%s", testkit.Dump(sent))
	}
	for i, caption := range []string{"🏆 招商引资工作群 · 每月亮成绩 · 2026年12月", "🏆 招商引资工作群 · 每季抢红旗 · 2026年第4季度"} {
		checkPNG(t, pics[i])
		if pics[i].PlainText != caption {
			t.Errorf("picture %d: caption %q, want %q", i, pics[i].PlainText, caption)
		}
	}

	// On the 5th the leader approves the extension: #5 moves to January,
	// and December as computed now no longer holds it.
	h.Advance(jan(5, 10, 0))
	if _, ans := h.Press(group, ext.MessageID, boss, "同意"); ans.ShowAlert {
		t.Fatalf("extension refused: %q", ans.Text)
	}
	decFrom, decTo := time.Date(2026, 12, 1, 0, 0, 0, 0, testkit.Shanghai), time.Date(2027, 1, 1, 0, 0, 0, 0, testkit.Shanghai)
	for _, e := range live(decFrom, decTo) {
		if e.Name() == "李局" {
			t.Fatalf("the extension did not move #5 out of December: %+v", e)
		}
	}
	// What the group was shown stays: /rank for December (as 上月 or by
	// dates) gives the published figures, and says so.
	for _, cmd := range []string{"/rank 上月", "/rank 2026-12-01 2026-12-31"} {
		got := h.Say(group, boss, cmd)
		if len(got) != 2 {
			t.Fatalf("%s: want text and picture:\n%s", cmd, testkit.Dump(got))
		}
		testkit.MustContain(t, got[0].PlainText, "李局（发改局）\n   到期1 按期0 逾期办结0 逾期未办1",
			"以上为 2027-01-04 09:00 周一 晾晒时的数据")
		if body := strings.SplitN(got[0].PlainText, "\n\n", 2)[1]; !strings.Contains(december, strings.SplitN(body, "\n\n", 2)[0]) {
			t.Errorf("%s differs from December as published:\n%s\nwant the entries of:\n%s", cmd, got[0].PlainText, december)
		}
	}
	testkit.MustContain(t, h.Say(group, boss, "/rank 单位 上月")[0].PlainText, "发改局\n   到期1 按期0 逾期办结0 逾期未办1")
	// So does the ledger's ranking sheet for December.
	doc := h.Say(group, boss, "/export 2026-12-01 2026-12-31")
	if len(doc) != 1 || doc[0].Method != "sendDocument" {
		t.Fatalf("want the ledger:\n%s", testkit.Dump(doc))
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc[0].FileBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("排名")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 6 && r[1] == "李局" && r[6] == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("the ledger's December ranking lost 李局's overdue task: %q", rows)
	}

	// Each counted task's trail says it was published and how it counted;
	// automatic chasing is in it too, all in Chinese.
	trail := h.Say(group, boss, "/task 6")[0].PlainText
	testkit.MustContain(t, trail, "机器人 晾晒：2026年12月、2026年第4季度、2026年下半年、2026年：逾期未办结", "机器人 自动催办", "机器人 升级督办")
	testkit.Golden(t, "audit_trail", trail[strings.Index(trail, "记录"):])
	testkit.MustNotContain(t, trail, models.EventKinds()...)
	testkit.MustContain(t, h.Say(group, boss, "/task 5")[0].PlainText, "机器人 晾晒：2026年12月、2026年第4季度、2026年下半年、2026年：逾期未办结")
	testkit.MustContain(t, h.Say(group, boss, "/task 1")[0].PlainText, "机器人 晾晒：2026年11月：按期办结",
		"机器人 晾晒：2026年第4季度、2026年下半年、2026年：按期办结")
}

// TestLateExtension: an extension may be asked only before the deadline in
// force; a group that allows it afterwards (逾期后延期 允许) gets it
// approved, but the task stays late for the deadline it missed, in the
// period of that deadline. An extension asked in time moves the task.
func TestLateExtension(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 项目申报 明天")     // #1 due 11-24 18:00
	h.Assign(group, "/assign @wangfang 招商台账 11月27日") // #2 due 11-27 18:00
	h.Clock.Set(at(11, 25, 10, 0))

	refused := h.Reply(group, zhang, "/extend 1 12月5日 材料未到")
	if want := "#1 已于 2026-11-24 18:00 周二 到期，逾期后不能再申请延期；请尽快办结，或请交办人、领导决定。"; refused.PlainText != want {
		t.Errorf("refusal %q, want %q", refused.PlainText, want)
	}
	testkit.MustNotContain(t, lpDetail(h, 1), "申请延期")

	// 王芳 asks in time: approved, #2 moves to December and can be on time.
	req := h.Reply(group, wang, "/extend 2 12月5日 等待数据")
	testkit.MustNotContain(t, req.PlainText, "注意")
	h.Press(group, req.MessageID, boss, "同意")

	testkit.MustContain(t, h.Reply(group, boss, "/settings 逾期后延期 允许").PlainText, "已更新 逾期后延期：允许（仍计为逾期，不算按期）。")
	late := h.Reply(group, zhang, "/extend 1 12月5日 材料未到")
	testkit.MustContain(t, late.PlainText, "申请截止：2026-12-05 18:00 周六", "注意：已逾期1天后申请，同意后仍按逾期计入 2026-11-24 18:00 周二 的排名，不算按期。")
	if _, ans := h.Press(group, late.MessageID, boss, "同意"); ans.ShowAlert {
		t.Fatalf("late extension refused: %q", ans.Text)
	}
	detail := lpDetail(h, 1)
	testkit.MustContain(t, detail, "截止：2026-12-05 18:00 周六", "原截止：2026-11-24 18:00 周二", "状态：逾期1天",
		"（已同意，逾期后申请）：材料未到")
	testkit.MustContain(t, h.Reply(group, boss, "/tasks 逾期").PlainText, "#1 项目申报")

	// Both are submitted before their new deadline.
	h.Clock.Set(at(11, 30, 10, 0))
	h.Reply(group, zhang, "/done 1")
	h.Reply(group, wang, "/done 2")
	nov := rankText(h, group, boss, "/rank").PlainText
	testkit.MustContain(t, nov, "张伟\n   到期1 按期0 逾期办结1 逾期未办0")
	testkit.MustNotContain(t, nov, "王芳")
	dec := rankText(h, group, boss, "/rank 2026-12-01 2026-12-31").PlainText
	testkit.MustContain(t, dec, "王芳\n   到期1 按期1 逾期办结0 逾期未办0")
	testkit.MustNotContain(t, dec, "张伟")
	// The ledger agrees: #1 not on time, 6 days late (to its submission).
	_, sheets := workbook(t, export(h, group, "/export"))
	if r := taskRow(t, sheets["任务台账"], "1"); r[colOnTime] != "否" || r[colLateDays] != "6" || r[colExtensions] != "1" ||
		r[colOriginal] != "2026-11-24 18:00" {
		t.Errorf("#1 in the ledger: %q", r)
	}
}

// TestEditDeadlineOfOverdueTask: moving the deadline of an overdue task is
// an extension (延期次数 +1, 原截止 kept) and erases neither its lateness nor
// its overdue days.
func TestEditDeadlineOfOverdueTask(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 项目申报 明天") // due 11-24 18:00
	h.Clock.Set(at(11, 25, 10, 0))
	testkit.MustContain(t, lpDetail(h, 1), "状态：逾期1天")
	edit := h.Reply(group, boss, "/edit 1 截止 11月30日")
	testkit.MustContain(t, edit.PlainText, "修改了 #1 的截止：2026-11-24 18:00 周二 → 2026-11-30 18:00 周一",
		"已逾期的任务改截止计为延期（第1次），仍按逾期计，逾期天数从 2026-11-24 18:00 周二 起算。")
	h.Clock.Set(at(11, 27, 10, 0))
	detail := lpDetail(h, 1)
	testkit.MustContain(t, detail, "截止：2026-11-30 18:00 周一", "原截止：2026-11-24 18:00 周二", "状态：逾期3天",
		"刘书记 在逾期后修改截止 2026-11-24 18:00 周二 → 2026-11-30 18:00 周一（计为延期，仍按逾期计）",
		"刘书记 逾期后修改截止（记为延期）：截止 2026-11-24 18:00 周二 → 2026-11-30 18:00 周一")
	testkit.MustContain(t, h.Reply(group, boss, "/tasks 逾期").PlainText, "#1 项目申报", "逾期3天")
	testkit.MustContain(t, rankText(h, group, boss, "/rank").PlainText, "张伟\n   到期1 按期0 逾期办结0 逾期未办1")
	_, sheets := workbook(t, export(h, group, "/export"))
	if r := taskRow(t, sheets["任务台账"], "1"); r[colExtensions] != "1" || r[colLateDays] != "3" || r[colDeadline] != "2026-11-30 18:00" {
		t.Errorf("#1 in the ledger: %q", r)
	}
	// Before the deadline an edit is an edit: no extension counted.
	h.Assign(group, "/assign @wangfang 招商台账 12月5日")
	testkit.MustNotContain(t, h.Reply(group, boss, "/edit 2 截止 12月8日").PlainText, "计为延期")
	testkit.MustNotContain(t, lpDetail(h, 2), "逾期")
}

// TestAcknowledgeByReply: 「收到」 (收到！, 好的收到, 已收到…) replying to the
// card or to any message of the bot about the task acknowledges it for an
// assignee; the card is edited, nothing is added to the group. Anyone
// else's 「收到」, or one to a message about no task, is ordinary chat.
func TestAcknowledgeByReply(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	card := lpAssign(t, h)
	detail := h.Reply(group, boss, "/task 1") // a bot message about #1

	for _, c := range []struct {
		name  string
		from  int64
		reply int
		text  string
	}{
		{"not an assignee", li, card.MessageID, "收到"},
		{"a question", wang, card.MessageID, "收到了吗？"},
		{"a message about no task", wang, h.Reply(group, boss, "/help").MessageID, "收到"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if out := lpReplyTo(h, c.from, c.reply, c.text); len(out) != 0 {
				t.Errorf("the bot answered:\n%s", testkit.Dump(out))
			}
		})
	}
	testkit.MustContain(t, lpDetail(h, 1), "签收：张伟 未签收；王芳 未签收")

	h.Clock.Set(at(11, 23, 10, 5))
	out := lpReplyTo(h, wang, card.MessageID, "收到！")
	if len(out) != 1 || out[0].Method != "editMessageText" || out[0].MessageID != card.MessageID {
		t.Fatalf("want the card edited and nothing sent:\n%s", testkit.Dump(out))
	}
	testkit.MustContain(t, out[0].PlainText, "签收：张伟 未签收；王芳 11-23 10:05")
	if b := out[0].Buttons(); len(b) != 1 || b[0][0] != "收到" {
		t.Errorf("the card lost its button while 张伟 has not acknowledged: %v", b)
	}
	// A second 收到 changes nothing.
	if out := lpReplyTo(h, wang, card.MessageID, "已收到"); len(out) != 0 {
		t.Errorf("a second 收到 did something:\n%s", testkit.Dump(out))
	}
	h.Clock.Set(at(11, 23, 10, 20))
	out = lpReplyTo(h, zhang, detail.MessageID, "好的，收到")
	if len(out) != 1 || out[0].MessageID != card.MessageID {
		t.Fatalf("a reply to /task did not edit the card:\n%s", testkit.Dump(out))
	}
	testkit.MustContain(t, out[0].PlainText, "签收：张伟 11-23 10:20；王芳 11-23 10:05", "承办人均已签收。")
	if out[0].Buttons() != nil {
		t.Errorf("the 收到 button stayed: %v", out[0].Buttons())
	}
	testkit.MustContain(t, lpDetail(h, 1), "签收：张伟 11-23 10:20；王芳 11-23 10:05", "王芳 签收", "张伟 签收")

	// /ack N, and 收到 to a private copy of a new assignment.
	h.Assign(group, "/assign @wangfang 招商台账 明天")
	ack := h.Say(group, wang, "/ack 2")
	if len(ack) != 2 || ack[0].Method != "editMessageText" || ack[1].Method != "sendMessage" {
		t.Fatalf("/ack: want the card edited and a short answer:\n%s", testkit.Dump(ack))
	}
	testkit.MustContain(t, ack[0].PlainText, "签收：王芳 11-23 10:20", "承办人均已签收。")
	testkit.MustContain(t, ack[1].PlainText, "📥 已签收 #2 招商台账")
	testkit.MustContain(t, h.Reply(group, li, "/ack 2").PlainText, "「收到」由 #2 的承办人签收：王芳。")
	h.Fake.StartBot(zhang)
	h.Settle()
	mark := h.Fake.Mark()
	h.Fake.SendText(group, boss, "/assign @zhangwei 整理清单 明天")
	h.Settle()
	sent := h.Fake.Sent()[mark:]
	var private tgfake.Sent
	for _, s := range sent {
		if s.ChatID == zhang {
			private = s
		}
	}
	if private.MessageID == 0 {
		t.Fatalf("no private copy of the assignment:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, private.PlainText, "【招商引资工作群】", "📌 新任务", "#3 整理清单")
	if b := private.Buttons(); len(b) != 1 || strings.Join(b[0], " ") != "收到 查看" {
		t.Errorf("private copy's buttons %v, want 收到 查看", b)
	}
	out = h.Say(zhang, zhang, "收到", tgfake.ReplyTo(private.MessageID))
	if len(out) != 1 || out[0].ChatID != group || out[0].Method != "editMessageText" {
		t.Fatalf("收到 in private did not edit the group's card:\n%s", testkit.Dump(out))
	}
	testkit.MustContain(t, out[0].PlainText, "#3 整理清单", "签收：张伟 11-23 10:20")
}

// TestPrivateWork: from the private chat an assignee works on tasks of
// several groups; a number alone is enough when it is unambiguous, and the
// group is asked with buttons when it is not.
func TestPrivateWork(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 项目申报 下周五前")         // #1 here
	h.Reply(otherGrp, boss, "/assign @zhangwei 海外推介 下周五前") // #1 there
	h.Reply(otherGrp, boss, "/assign @wangfang 外资对接 下周五前") // #2 there
	h.Assign(group, "/assign @wangfang 招商台账 下周五前")         // #2 here
	h.Assign(group, "/assign @zhangwei 走访企业 下周五前")         // #3 here only
	h.Fake.StartBot(zhang)
	h.Settle()

	// /done 1 could be either group's: the bot asks, with a button each.
	ask := h.Reply(zhang, zhang, "/done 1 材料已报送")
	testkit.MustContain(t, ask.PlainText, "您在 2 个群都有 #1 号任务，请选择是哪个群的（也可以写 /done 群名#1）")
	if b := ask.Buttons(); len(b) != 2 || b[0][0] != "招商引资工作群 #1" || b[1][0] != "另一个群 #1" {
		t.Fatalf("buttons %v", b)
	}
	for _, row := range ask.Markup.InlineKeyboard {
		if len(row[0].CallbackData) > 64 {
			t.Errorf("callback data %q over 64 bytes", row[0].CallbackData)
		}
	}
	sent, ans := h.Press(zhang, ask.MessageID, zhang, "另一个群 #1")
	if ans.ShowAlert {
		t.Fatalf("press: %q", ans.Text)
	}
	var inGroup, inPrivate []tgfake.Sent
	for _, s := range sent {
		switch {
		case s.ChatID == otherGrp && s.Method == "sendMessage":
			inGroup = append(inGroup, s)
		case s.ChatID == zhang && s.Method == "sendMessage":
			inPrivate = append(inPrivate, s)
		case s.ChatID == group:
			t.Errorf("the other group was told:\n%s", s.PlainText)
		}
	}
	if len(inGroup) != 1 || len(inPrivate) != 1 {
		t.Fatalf("want the group told and a line in private:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, inGroup[0].PlainText, "📤 张伟 提交了 #1 海外推介，等待交办人或领导确认。", "说明：材料已报送")
	if b := inGroup[0].Buttons(); len(b) != 1 || strings.Join(b[0], " ") != "确认办结 退回" {
		t.Errorf("the group's buttons %v", b)
	}
	testkit.MustContain(t, inPrivate[0].PlainText, "📤 已提交 #1 海外推介，「另一个群」群内已通知。")
	testkit.MustContain(t, h.Reply(otherGrp, boss, "/task 1").PlainText, "状态：已提交")
	testkit.MustContain(t, h.Reply(group, boss, "/task 1").PlainText, "状态：待办")
	// The choice is made once: its buttons are gone, and their data is
	// stale.
	if m, ok := h.Fake.Message(zhang, ask.MessageID); !ok || m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0 {
		t.Errorf("the choice kept its buttons")
	}
	if _, ans := h.PressData(zhang, ask.MessageID, zhang, ask.Markup.InlineKeyboard[0][0].CallbackData); !ans.ShowAlert {
		t.Errorf("a used choice worked again: %+v", ans)
	}
	testkit.MustContain(t, h.Reply(group, boss, "/task 1").PlainText, "状态：待办")

	// Named by its group: no question.
	out := h.Say(zhang, zhang, "/progress 招商#1 50% 已完成初稿")
	if len(out) != 2 || out[0].ChatID == out[1].ChatID {
		t.Fatalf("want the group told and a line in private:\n%s", testkit.Dump(out))
	}
	if out[0].ChatID != group { // each chat has its own queue: either may come first
		out[0], out[1] = out[1], out[0]
	}
	testkit.MustContain(t, out[0].PlainText, "📝 #1 项目申报 进展（50%）", "张伟：已完成初稿")
	testkit.MustContain(t, out[1].PlainText, "已报告 #1 项目申报 的进展，「招商引资工作群」群内已同步")
	// Unambiguous: #3 is only in one group.
	testkit.MustContain(t, h.Reply(zhang, zhang, "/task 3").PlainText, "#3 走访企业", "主办：张伟")
	// Not the user's task anywhere.
	testkit.MustContain(t, h.Reply(zhang, zhang, "/done 2").PlainText, "您在各群都没有 #2 号任务")
	testkit.MustContain(t, h.Reply(zhang, zhang, "/done 不存在#3").PlainText, "您在名称含「不存在」的群都没有 #3 号任务")
	// 王芳 has #2 in both groups; she has not started the bot, but may.
	testkit.MustContain(t, h.Reply(wang, wang, "/task 2").PlainText, "请选择是哪个群的")
}

// TestClaimTakesTheClaimersUnit: a task listed with /post and claimed is
// the claimer's unit's, as an assignment to them would be.
func TestClaimTakesTheClaimersUnit(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/unit add 商务局 @wangfang")
	h.Reply(group, boss, "/post 牵头招引项目 明天")
	h.Reply(group, wang, "/claim 1")
	testkit.MustContain(t, lpDetail(h, 1), "主办：王芳", "牵头单位：商务局")
	h.Clock.Set(at(11, 23, 12, 0))
	h.Reply(group, wang, "/done 1")
	h.Clock.Set(at(11, 25, 10, 0))
	testkit.MustContain(t, rankText(h, group, boss, "/rank 单位").PlainText, "1. 商务局\n   到期1 按期1")
}

// TestLeadersNamedOnly: /leader list names every leader; a group whose
// administrators are office staff counts only its named leaders, and
// refusals name who may act.
func TestLeadersNamedOnly(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	// An administrator who never spoke is named all the same.
	h.Fake.AddUser(tgfake.User{ID: 120, FirstName: "办公室小周", Username: "xiaozhou"})
	h.Fake.SetAdmin(group, 120, true)
	h.Settle()
	list := h.Reply(group, zhang, "/leader list")
	testkit.MustContain(t, list.PlainText, "群管理员：刘书记、办公室小周", "指定领导：（无）")

	testkit.MustContain(t, h.Reply(group, boss, "/settings 领导 仅指定").PlainText, "本群还没有指定的领导")
	h.Reply(group, boss, "/leader add @lijv")
	testkit.MustContain(t, h.Reply(group, boss, "/settings 领导 仅指定").PlainText, "已更新 领导：仅指定的领导")
	refused := h.Reply(group, boss, "/assign @zhangwei 走访企业 明天")
	if refused.PlainText != "只有领导可以交办任务：李局。" {
		t.Errorf("refusal %q", refused.PlainText)
	}
	testkit.MustContain(t, h.Reply(group, li, "/assign @zhangwei 走访企业 明天").PlainText, "已交办")
	testkit.MustContain(t, h.Reply(group, li, "/leader remove @lijv").PlainText, "不能取消最后的指定领导")
	testkit.MustContain(t, h.Reply(group, zhang, "/leader list").PlainText, "指定领导：李局", "群管理员（不计为领导）：刘书记、办公室小周")
	testkit.MustContain(t, h.Reply(group, li, "/settings 领导 管理员+指定").PlainText, "已更新 领导：群管理员和指定的领导")
	testkit.MustContain(t, h.Reply(group, boss, "/assign @zhangwei 第二项 明天").PlainText, "已交办")
}

// TestSettingsButtonsWhenStale: a button says what it does in the state
// the message showed (开启每日逾期清单) and carries the state it sets, so a
// stale one never flips a setting the wrong way; a change answers in one
// line.
func TestSettingsButtonsWhenStale(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	old := h.Reply(group, boss, "/settings")
	if got := old.Buttons(); !slices.Equal(got[1], []string{"关闭每周调度", "开启每日逾期清单"}) || got[0][0] != "关闭办结确认" {
		t.Fatalf("buttons %v", got)
	}
	fresh := h.Reply(group, boss, "/settings")
	sent, ans := h.Press(group, fresh.MessageID, boss, "开启每日逾期清单")
	if ans.ShowAlert || ans.Text != "已更新 每日逾期清单：每天 09:00（节假日不发）" {
		t.Errorf("answer %+v", ans)
	}
	if len(sent) != 1 || sent[0].Method != "editMessageText" || sent[0].MessageID != fresh.MessageID {
		t.Fatalf("want the settings edited in place:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "每日逾期清单：每天 09:00（节假日不发）")
	if got := sent[0].Buttons()[1]; !slices.Equal(got, []string{"关闭每周调度", "关闭每日逾期清单"}) {
		t.Errorf("buttons after switching on: %v", got)
	}
	// The older message still offers to switch it on: pressing it changes
	// nothing, says so, and brings the message up to date.
	sent, ans = h.Press(group, old.MessageID, boss, "开启每日逾期清单")
	if ans.ShowAlert || ans.Text != "每日逾期清单已是开启状态，未作改动。" {
		t.Errorf("stale press answered %+v", ans)
	}
	if len(sent) != 1 || sent[0].MessageID != old.MessageID || sent[0].Buttons()[1][1] != "关闭每日逾期清单" {
		t.Errorf("the stale message was not brought up to date:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText, "每日逾期清单：每天 09:00")
	// Members may not; forged states are stale buttons.
	_, ans = h.Press(group, old.MessageID, zhang, "关闭每日逾期清单")
	lpAlert(t, ans, "只有领导可以修改设置：刘书记。")
	_, ans = h.PressData(group, old.MessageID, boss, "set:daily:maybe")
	lpAlert(t, ans, "这个按钮已失效")
	_, ans = h.PressData(group, old.MessageID, boss, "set:daily")
	lpAlert(t, ans, "这个按钮已失效")
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText, "每日逾期清单：每天 09:00")
	// A text change answers with its line only.
	for cmd, want := range map[string]string{
		"/settings 周报 每周五17点":     "⚙️ 已更新 每周调度：每周五 17:00（节假日不发）。",
		"/settings 签收提醒 30分钟":     "⚙️ 已更新 签收提醒：交办后 30分钟（工作时间）仍未签收，提醒一次。",
		"/settings 待确认提醒 2":       "⚙️ 已更新 待确认提醒：提交后 2 个工作日未确认，提醒交办人，之后每个工作日一次。",
		"/settings 时区 Asia/Tokyo": "⚙️ 已更新 时区：东京时间。",
	} {
		if got := h.Reply(group, boss, cmd).PlainText; got != want {
			t.Errorf("%s answered %q, want %q", cmd, got, want)
		}
	}
}

// TestAuditKindsInChinese walks every kind of event a task's trail may
// hold: each has a Chinese label, and none is shown by its internal name.
func TestAuditKindsInChinese(t *testing.T) {
	ascii := regexp.MustCompile(`[A-Za-z_]`)
	for _, k := range models.EventKinds() {
		l := models.EventLabel(k)
		if l == "" || l == k || ascii.MatchString(l) || !hasHan(l) {
			t.Errorf("event %q is labelled %q", k, l)
		}
	}
	if l := models.EventLabel("something_new"); l != "其他操作" {
		t.Errorf("an unknown kind is shown as %q", l)
	}
}
