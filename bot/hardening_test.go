package bot_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3", to read the bot's database

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// Telegram's other update shapes and forged input (issue 12): anonymous
// administrators, buttons on messages the bot can no longer see, updates
// that are none of the bot's business, demoted administrators, forged
// paging data, and bots named as assignees.

// anonymousBotID is Telegram's GroupAnonymousBot: it must never be linked.
const anonymousBotID = "1087968824"

// hdAnon makes an anonymous administrator of the group write text and
// returns what the bot answered.
func hdAnon(h *e2e.Harness, chat int64, text string, opts ...tgfake.MsgOption) []tgfake.Sent {
	h.T.Helper()
	return h.Say(chat, 0, text, append(opts, tgfake.AsAnonymousAdmin())...)
}

// hdAnonReply is hdAnon with one answer expected.
func hdAnonReply(h *e2e.Harness, text string) tgfake.Sent {
	h.T.Helper()
	out := hdAnon(h, group, text)
	if len(out) != 1 {
		h.T.Fatalf("%q (anonymous): bot sent %d messages, want 1:\n%s", text, len(out), testkit.Dump(out))
	}
	return out[0]
}

func TestAnonymousAdministrator(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	card := hdAnonReply(h, "/assign @zhangwei 完成项目申报材料 下周五前")
	testkit.MustContain(t, card.PlainText, "已交办", "#1 完成项目申报材料", "主办：张伟")

	// Leader-only commands work.
	testkit.MustContain(t, hdAnonReply(h, "/unit add 投资促进局 @zhangwei").PlainText, "投资促进局")
	testkit.MustContain(t, hdAnonReply(h, "/settings 确认 关").PlainText, "已更新", "办结确认：关")
	testkit.MustContain(t, hdAnonReply(h, "/edit 1 标题 完成项目申报材料并报送").PlainText, "修改了 #1 的标题")
	testkit.MustContain(t, hdAnonReply(h, "/leader add @lijv").PlainText, "李局")
	testkit.MustContain(t, hdAnonReply(h, "/tasks").PlainText, "#1 完成项目申报材料并报送")

	// Commands about one's own tasks need the person.
	before := lpDetail(h, 1)
	for _, text := range []string{"/done 1 已报送", "/progress 1 50% 已起草", "/extend 1 12月18日 等待批复", "/my", "我的任务", "/claim 1"} {
		t.Run(text, func(t *testing.T) {
			got := hdAnonReply(h, text).PlainText
			cmd, _, _ := strings.Cut(text, " ")
			if !strings.HasPrefix(cmd, "/") {
				cmd = "/my"
			}
			testkit.MustContain(t, got, "匿名管理员身份", "无法知道您是谁", cmd+" 需要由本人操作", "以本人身份")
		})
	}
	if after := lpDetail(h, 1); after != before {
		t.Errorf("a refused anonymous command changed the task:\n%s", after)
	}

	// The person who acts is shown as 匿名管理员 everywhere, never linked.
	testkit.MustContain(t, h.Reply(group, zhang, "/done 1 已报送").PlainText, "已办结")
	detail := h.Reply(group, zhang, "/task 1")
	testkit.MustContain(t, detail.PlainText, "交办人：匿名管理员", "匿名管理员 交办", "匿名管理员 修改")
	testkit.MustNotContain(t, detail.Text, anonymousBotID, "GroupAnonymousBot", "Group ")
	doc := export(h, group, "/export csv")
	testkit.MustContain(t, string(doc.FileBytes), "匿名管理员")
	testkit.MustNotContain(t, string(doc.FileBytes), "GroupAnonymousBot")

	// One anonymous row stands for every group's anonymous administrators;
	// in another group it leads too.
	testkit.MustContain(t, hdAnon(h, otherGrp, "/assign @wangfang 另一个群的任务 明天")[0].PlainText, "已交办")
	testkit.MustContain(t, h.Reply(otherGrp, wang, "/task 1").PlainText, "交办人：匿名管理员")
	lpNoRejections(t, h)
}

func TestInaccessibleMessageButtons(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	card := lpAssign(t, h)
	h.Fake.MakeInaccessible(group, card.MessageID)

	// 收到 on an old card still acknowledges; the answer is a new message.
	sent, ans := h.Press(group, card.MessageID, zhang, "收到")
	if ans.ShowAlert || !strings.Contains(ans.Text, "已签收") {
		t.Errorf("收到 on an old card: %+v", ans)
	}
	if len(sent) != 1 || sent[0].Method != "sendMessage" {
		t.Fatalf("want one new message:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "张伟 已签收 #1")
	// Who may not act is refused as on any message.
	_, ans = h.Press(group, card.MessageID, li, "收到")
	lpAlert(t, ans, "「收到」由 #1 的承办人签收：张伟、王芳。")

	// 确认办结 on an old submission: confirmed, its buttons removed, the
	// verdict said in a new message (the old text is not known).
	sub := lpSubmit(t, h, 1, "已报送")
	h.Fake.MakeInaccessible(group, sub.MessageID)
	_, ans = h.Press(group, sub.MessageID, li, "确认办结")
	lpAlert(t, ans, "只有 #1 的交办人或领导可以确认办结")
	sent, ans = h.Press(group, sub.MessageID, boss, "确认办结")
	if ans.ShowAlert {
		t.Fatalf("the assigner was refused: %q", ans.Text)
	}
	if len(sent) != 2 || sent[0].Method != "editMessageReplyMarkup" || sent[0].MessageID != sub.MessageID ||
		len(sent[0].Buttons()) != 0 || sent[1].Method != "sendMessage" {
		t.Fatalf("want the buttons removed and a new message:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[1].PlainText, "#1 完成项目申报材料 已办结，刘书记 确认")
	if m, _ := h.Fake.Message(group, sub.MessageID); m.Text != sub.PlainText {
		t.Errorf("the old message's text was replaced:\n%s", m.Text)
	}
	// Now the task is closed: its old buttons are no longer valid.
	_, ans = h.PressData(group, sub.MessageID, boss, "ok:1")
	lpAlert(t, ans, "这个按钮已失效")
	_, ans = h.PressData(group, card.MessageID, wang, "ack:1")
	lpAlert(t, ans, "这个按钮已失效")
	_, ans = h.PressData(group, card.MessageID, wang, "ack:999")
	lpAlert(t, ans, "这个按钮已失效")

	// 同意 on an old extension request.
	h.Assign(group, "/assign @zhangwei 整理招商台账 下周五前")
	ext := h.Reply(group, zhang, "/extend 2 12月18日 等待省厅批复")
	h.Fake.MakeInaccessible(group, ext.MessageID)
	sent, ans = h.Press(group, ext.MessageID, boss, "同意")
	if ans.ShowAlert || len(sent) != 2 || sent[1].Method != "sendMessage" {
		t.Fatalf("同意 on an old request: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[1].PlainText, "#2 整理招商台账 同意延期", "新截止 2026-12-18")

	// ▶ on an old list: the next page comes as a new message.
	for i := 3; i <= 12; i++ {
		h.Assign(group, fmt.Sprintf("/assign @wangfang 第%d项 明天", i))
	}
	list := h.Reply(group, wang, "/tasks")
	h.Fake.MakeInaccessible(group, list.MessageID)
	sent, ans = h.Press(group, list.MessageID, wang, "▶")
	if ans.ShowAlert || len(sent) != 1 || sent[0].Method != "sendMessage" {
		t.Fatalf("▶ on an old list: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "第 2/2 页")

	// A settings switch on an old /settings message.
	settings := h.Reply(group, boss, "/settings")
	h.Fake.MakeInaccessible(group, settings.MessageID)
	sent, ans = h.PressData(group, settings.MessageID, boss, "set:confirm:off")
	if ans.ShowAlert || len(sent) != 1 || sent[0].Method != "sendMessage" {
		t.Fatalf("a switch on old settings: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "办结确认：关")
	lpNoRejections(t, h)
}

// hdForum adds a forum supergroup with 刘书记 (its creator), 张伟 and 王芳.
func hdForum(h *e2e.Harness) int64 {
	const forum int64 = -1005555
	h.Fake.AddGroup(tgfake.Group{ID: forum, Title: "重点项目推进", Type: "supergroup", IsForum: true,
		Members: []int64{boss, zhang, wang}, Admins: []int64{boss}, Creator: boss})
	return forum
}

// In a forum, the answer to a button on an old message goes to the task's
// topic: the message that would tell which topic is not there.
func TestInaccessibleButtonInTopic(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	forum := hdForum(h)
	card := h.Say(forum, boss, "/assign @zhangwei 推进项目开工 下周五前", tgfake.InThread(7))[0]
	h.Fake.MakeInaccessible(forum, card.MessageID)
	sent, _ := h.Press(forum, card.MessageID, zhang, "收到")
	if len(sent) != 1 || sent[0].ThreadID != 7 {
		t.Fatalf("want the acknowledgement in topic 7:\n%s (topic %d)", testkit.Dump(sent), sent[0].ThreadID)
	}
	lpNoRejections(t, h)
}

// hdDomainTables are the tables that hold what users did (not the bot's
// bookkeeping of updates).
var hdDomainTables = []string{"chats", "users", "units", "memberships", "tasks", "assignees",
	"progress_reports", "extension_requests", "audit_events", "prompts", "reminders"}

// hdSnapshot returns every row of the domain tables, as text.
func hdSnapshot(t *testing.T, h *e2e.Harness) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+h.DB+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out strings.Builder
	for _, table := range hdDomainTables {
		rows, err := db.Query("SELECT * FROM " + table + " ORDER BY rowid")
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%s %v\n", table, vals)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.String()
}

// Updates that are none of the bot's business get no answer and change no
// row: edits, channel posts, messages of bots and channels, automatic
// forwards, service messages, media without caption (also one replying to
// the bot's question).
func TestIgnoredUpdates(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.AddUser(tgfake.User{ID: 150, FirstName: "值班机器人", Username: "duty_bot", IsBot: true})
	// People the bot has never seen: any write about them would show.
	h.Fake.AddUser(tgfake.User{ID: 151, FirstName: "孙丽", Username: "sunli"})
	h.Fake.AddUser(tgfake.User{ID: 152, FirstName: "周强", Username: "zhouqiang"})
	h.Fake.AddUser(tgfake.User{ID: 153, FirstName: "吴敏", Username: "wumin"})
	lpAssign(t, h)
	ask := h.Reply(group, boss, "/assign 整理招商台账 下周五前")
	if !ask.ForceReply {
		t.Fatalf("want a question for the lead:\n%s", ask.PlainText)
	}
	mine := h.Fake.SendText(group, zhang, "收到，马上办")
	h.Settle()

	cases := []struct {
		name string
		send func()
	}{
		{"edited message", func() { h.Fake.EditText(group, mine.ID, "/done 1 已报送") }},
		{"channel post", func() { h.Fake.ChannelPost(-1007777, "通知频道", "/tasks") }},
		{"message of a bot", func() { h.Fake.SendText(group, 150, "/assign @zhangwei 机器人派的任务 明天") }},
		{"on behalf of a channel", func() {
			h.Fake.SendText(group, 0, "/assign @zhangwei 频道派的任务 明天", tgfake.AsChannel(-1007777, "通知频道"))
		}},
		{"automatic forward", func() { h.Fake.SendText(group, 0, "/tasks", tgfake.AutoForwardedFrom(-1007777, "通知频道")) }},
		{"pinned message", func() { h.Fake.Pin(group, 151, mine.ID) }},
		{"member left", func() { h.Fake.Leave(group, 152) }},
		{"photo without caption", func() { h.Fake.SendText(group, 153, "", tgfake.AsPhoto()) }},
		{"photo answering the question", func() {
			h.Fake.SendText(group, boss, "", tgfake.AsPhoto(), tgfake.ReplyTo(ask.MessageID))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := hdSnapshot(t, h)
			mark := h.Fake.Mark()
			c.send()
			h.Settle()
			if got := h.Fake.Sent()[mark:]; len(got) != 0 {
				t.Errorf("answered:\n%s", testkit.Dump(got))
			}
			if after := hdSnapshot(t, h); after != before {
				t.Errorf("rows changed:\n--- before\n%s--- after\n%s", before, after)
			}
		})
	}
	// The question still waits for its answer.
	done := lpReplyTo(h, boss, ask.MessageID, "@wangfang")
	if len(done) != 1 {
		t.Fatalf("the answer to the question:\n%s", testkit.Dump(done))
	}
	testkit.MustContain(t, done[0].PlainText, "已交办", "#2 整理招商台账", "主办：王芳")
	lpNoRejections(t, h)
}

// Commands in a forum topic are answered in that topic, whatever their
// shape: text, a photo's caption, an anonymous administrator, the answer to
// a question.
func TestTopicAnswers(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	forum := hdForum(h)
	topic := tgfake.InThread(9)
	var all []tgfake.Sent
	all = append(all, h.Say(forum, boss, "/assign @zhangwei 推进项目开工 下周五前", topic)...)
	all = append(all, h.Say(forum, zhang, "/progress 1 30% 现场照片见附件", topic, tgfake.AsPhoto())...)
	all = append(all, hdAnon(h, forum, "/tasks", topic)...)
	ask := h.Say(forum, boss, "/assign 编制推进计划 明天", topic)
	all = append(all, ask...)
	all = append(all, h.Say(forum, boss, "@wangfang", topic, tgfake.ReplyTo(ask[0].MessageID))...)
	if len(all) != 6 {
		t.Fatalf("want 6 answers:\n%s", testkit.Dump(all))
	}
	testkit.MustContain(t, all[1].PlainText, "进展（30%）")
	testkit.MustContain(t, all[2].PlainText, "已附加到 #1") // the photo is the report's 材料
	testkit.MustContain(t, all[3].PlainText, "#1 推进项目开工")
	testkit.MustContain(t, all[5].PlainText, "#2 编制推进计划")
	for _, s := range all {
		if s.ChatID != forum || s.ThreadID != 9 {
			t.Errorf("%q went to chat %d topic %d, want topic 9", s.PlainText, s.ChatID, s.ThreadID)
		}
	}
	lpNoRejections(t, h)
}

// An administrator demoted without the bot being told loses leader rights
// within a minute: a leader by an older administrator list is checked again.
func TestDemotedAdministratorUnseen(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	h.Fake.SetAdmin(group, li, true)
	h.Settle()
	testkit.MustContain(t, h.Reply(group, li, "/settings 确认 关").PlainText, "已更新")
	ext := h.Reply(group, zhang, "/extend 1 12月18日 等待批复")

	h.Fake.SetAdminUnseen(group, li, false)
	h.Clock.Advance(2 * time.Minute) // the administrator list is kept 5 minutes
	testkit.MustContain(t, h.Reply(group, li, "/settings 确认 开").PlainText, "只有领导可以修改设置")
	testkit.MustContain(t, h.Reply(group, li, "/assign @zhangwei 另一项 明天").PlainText, "只有领导可以交办任务")
	_, ans := h.Press(group, ext.MessageID, li, "同意")
	lpAlert(t, ans, "只有领导可以审批延期")
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText, "办结确认：关")

	// An administrator still in office is confirmed and goes on.
	h.Clock.Advance(2 * time.Minute)
	testkit.MustContain(t, h.Reply(group, boss, "/settings 确认 开").PlainText, "已更新")
	lpNoRejections(t, h)
}

// Paging data names a person by id; forged, it must not show the name of
// someone who has no place in the group.
func TestForgedPersonPage(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.AddUser(tgfake.User{ID: 151, FirstName: "孙丽", Username: "sunli"})
	h.Say(otherGrp, 151, "大家好")
	h.Reply(otherGrp, boss, "/assign @sunli 另一个群的任务 明天")
	sunli, err := h.Store.UserByTelegramID(context.Background(), 151)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 11; i++ {
		h.Assign(group, fmt.Sprintf("/assign @zhangwei 第%d项 明天", i))
	}
	list := h.Reply(group, zhao, "/tasks @zhangwei")
	testkit.MustContain(t, list.PlainText, "张伟 的任务（共 11 项，第 1/2 页）")

	forged := fmt.Sprintf("tl:0:p%d", sunli.ID)
	sent, ans := h.PressData(group, list.MessageID, zhao, forged)
	lpAlert(t, ans, "这个按钮已失效")
	testkit.MustNotContain(t, ans.Text, "孙丽")
	if len(sent) != 0 {
		t.Errorf("forged paging data changed the list:\n%s", testkit.Dump(sent))
	}
	if m, _ := h.Fake.Message(group, list.MessageID); strings.Contains(m.Text, "孙丽") {
		t.Errorf("the list shows another group's member:\n%s", m.Text)
	}
	// Asking by @username does not name them either.
	got := h.Reply(group, zhao, "/tasks @sunli").PlainText
	testkit.MustContain(t, got, "@sunli 在本群没有任务")
	testkit.MustNotContain(t, got, "孙丽")
	// The real ▶ still pages.
	sent, ans = h.Press(group, list.MessageID, zhao, "▶")
	if ans.ShowAlert || len(sent) != 1 {
		t.Fatalf("▶: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "张伟 的任务（共 11 项，第 2/2 页）")
	lpNoRejections(t, h)
}

// A bot picked from the member list (a text mention of a bot account) is
// never made an assignee; the refusal says why and nothing is stored.
func TestBotsAreNeverAssignees(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.AddUser(tgfake.User{ID: 150, FirstName: "值班机器人", IsBot: true})
	bot := tgfake.WithTextMention(150)
	for _, text := range []string{
		"/assign 值班机器人 整理招商台账 明天",
		"/assign @zhangwei 值班机器人 整理招商台账 明天",
		"/assign @zhangwei 整理招商台账 明天 包保：值班机器人",
	} {
		got := h.Reply(group, boss, text, bot)
		testkit.MustContain(t, got.PlainText, "「值班机器人」是机器人，不能担任主办、协办或包保领导")
	}
	testkit.MustContain(t, h.Reply(group, boss, "/tasks").PlainText, "共 0 项")

	lpAssign(t, h)
	testkit.MustContain(t, h.Reply(group, boss, "/edit 1 主办 值班机器人", bot).PlainText, "是机器人")
	testkit.MustContain(t, h.Reply(group, boss, "/edit 1 协办 值班机器人", bot).PlainText, "是机器人")
	testkit.MustContain(t, lpDetail(h, 1), "主办：张伟", "协办：王芳")

	// Named in answer to the question for the lead: asked again, the
	// draft kept.
	ask := h.Reply(group, boss, "/assign 编制推进计划 明天")
	again := h.Reply(group, boss, "值班机器人", bot, tgfake.ReplyTo(ask.MessageID))
	if !again.ForceReply {
		t.Fatalf("want the question again:\n%s", again.PlainText)
	}
	testkit.MustContain(t, again.PlainText, "是机器人")
	testkit.MustContain(t, lpReplyTo(h, boss, again.MessageID, "@wangfang")[0].PlainText, "#2 编制推进计划", "主办：王芳")
	if strings.Contains(lpDetail(h, 2), "值班机器人") || strings.Contains(h.Reply(group, boss, "/tasks").PlainText, "值班机器人") {
		t.Error("the bot became an assignee")
	}
	lpNoRejections(t, h)
}

// A replayed update is expected and handled: it logs no ERROR line (GORM
// used to log the duplicate key it runs into).
func TestReplayLogsNoError(t *testing.T) {
	h, logs := rbLoggedHarness(t)
	_, id := rbSay(h, group, boss, "/assign @zhangwei 完成项目申报材料 下周五前")
	if again := rbReplay(h, id); len(again) != 0 {
		t.Errorf("the replay answered:\n%s", testkit.Dump(again))
	}
	text := logs.String()
	if !strings.Contains(text, "replayed update ignored") {
		t.Fatalf("the replay was not seen:\n%s", text)
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("an ERROR line for an expected replay: %s", line)
		}
	}
	if bytes.Contains([]byte(text), []byte("UNIQUE constraint")) {
		t.Error("the duplicate key reached the log")
	}
}
