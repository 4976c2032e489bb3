package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// How updates come in and answers go out (issue 12): answers retried and
// apologised for only when finally lost, answers Telegram took but whose
// answer could not be read, Telegram's errors read by code, chats that wait
// on their own, replays and restarted sequences, the token in error pages.

// A 5xx, a proxy's page, a reset: the answer is sent again and arrives; the
// user hears of no error.
func TestAnswersAreRetried(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	faults := []tgfake.Fault{{Code: 500}, {HTML: true}, {HTML: true, Code: 504, Times: 3}, {Reset: true}, {Code: 502, Times: 5}}
	for i, f := range faults {
		h.Fake.FailNext("sendMessage", group, f)
		note := fmt.Sprintf("第%d次汇报", i+1)
		got := h.Reply(group, zhang, "/progress 1 "+note)
		testkit.MustContain(t, got.PlainText, "张伟："+note)
		testkit.MustNotContain(t, got.PlainText, "出了点问题")
	}
	if n := strings.Count(lpDetail(h, 1), "次汇报"); n != 2*len(faults) { // 进展 and 记录
		t.Errorf("the reports appear %d times, want each once in 进展 and in 记录", n)
	}
	failed := 0
	for _, c := range h.Fake.Rejected() {
		if c.Method == "sendMessage" {
			failed++
		}
	}
	if failed != 1+1+3+1+5 {
		t.Errorf("%d failed calls, want every injected fault met once", failed)
	}
}

// An answer Telegram finally does not take (every retry failed): the
// apology comes instead, and says what is true. A change was saved, so it
// must not be repeated; a query or a refusal saved nothing, and the apology
// says nothing of saving.
func TestAnswerFinallyLost(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	lpAssign(t, h)
	lose := func(method string) { h.Fake.FailNext(method, group, tgfake.Fault{Code: 502, Times: 6}) }

	lose("sendMessage")
	got := h.Reply(group, zhang, "/progress 1 40% 已完成选址")
	testkit.MustContain(t, got.PlainText, "出了点问题", "回复没能发出", "操作已经保存", "/tasks")
	testkit.MustNotContain(t, got.PlainText, "没有保存", "可能")
	if got.ReplyToMessageID == 0 {
		t.Error("the apology does not quote the command")
	}
	detail := lpDetail(h, 1)
	testkit.MustContain(t, detail, "状态：进行中（40%）")
	if n := strings.Count(detail, "已完成选址"); n != 2 { // 进展 and 记录
		t.Errorf("the report appears %d times:\n%s", n, detail)
	}

	for _, c := range []struct{ method, text string }{
		{"sendMessage", "/tasks"},
		{"sendMessage", "/rank"},
		{"sendPhoto", "/stats"},
		{"sendDocument", "/export"},
	} {
		lose(c.method)
		got := h.Reply(group, boss, c.text)
		testkit.MustContain(t, got.PlainText, "出了点问题", "回复没能发出")
		testkit.MustNotContain(t, got.PlainText, "保存")
	}
	// A refusal is not a change.
	lose("sendMessage")
	got = h.Reply(group, li, "/progress 1 越权")
	testkit.MustContain(t, got.PlainText, "出了点问题")
	testkit.MustNotContain(t, got.PlainText, "保存")
	testkit.MustNotContain(t, lpDetail(h, 1), "越权")
}

// A 200 whose body does not decode: Telegram took the message, so it is
// not repeated and nobody apologises; a question asked that way is still
// answered when the user replies to it, and a card's buttons still work.
func TestUndecodableAnswerCountsAsSent(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	logs := h.Logs

	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Malformed: true})
	card := h.Reply(group, boss, "/assign @zhangwei 完成项目申报材料 下周五前")
	testkit.MustContain(t, card.PlainText, "已交办", "#1 完成项目申报材料")
	if n := logs.Count("could not be read"); n != 1 {
		t.Errorf("the undecodable answer was logged %d times, want once:\n%s", n, logs)
	}
	sent, ans := h.Press(group, card.MessageID, zhang, "收到")
	if ans.ShowAlert || len(sent) != 1 {
		t.Errorf("收到 on the card: %q\n%s", ans.Text, testkit.Dump(sent))
	}

	// A question (ForceReply) whose answer could not be read.
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Malformed: true})
	ask := h.Reply(group, boss, "/assign @wangfang 起草调度会通知")
	if !ask.ForceReply {
		t.Fatalf("no question for the deadline:\n%s", ask.PlainText)
	}
	done := h.Say(group, boss, "明天下午3点", tgfake.ReplyTo(ask.MessageID))
	if len(done) != 1 {
		t.Fatalf("the reply to the question got %d answers:\n%s", len(done), testkit.Dump(done))
	}
	testkit.MustContain(t, done[0].PlainText, "已交办", "#2 起草调度会通知")
	// Someone else's reply to it is ordinary chat.
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Malformed: true})
	ask = h.Reply(group, boss, "/assign @wangfang 整理台账")
	if out := h.Say(group, zhang, "明天", tgfake.ReplyTo(ask.MessageID)); len(out) != 0 {
		t.Errorf("a reply by someone else was taken as the answer:\n%s", testkit.Dump(out))
	}
	for _, s := range h.Fake.Sent() {
		testkit.MustNotContain(t, s.PlainText, "出了点问题")
	}
}

// Telegram's errors are read by code; the texts that tell refusals of the
// same code apart are read loosely: an edit that changes nothing, a chat
// that is gone, in other words than the fake's.
func TestAlteredErrorTexts(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for i := range 12 {
		h.Assign(group, fmt.Sprintf("/assign @zhangwei 第%d项 下周五前", i+1))
	}
	list := h.Reply(group, boss, "/tasks")
	if len(list.Buttons()) != 1 {
		t.Fatalf("no page buttons:\n%s", list.PlainText)
	}
	h.Fake.FailNext("editMessageText", group, tgfake.Fault{Code: 400, Description: "Bad Request: MESSAGE_NOT_MODIFIED"})
	sent, ans := h.Press(group, list.MessageID, boss, "▶")
	if ans.ShowAlert || len(sent) != 0 {
		t.Errorf("an edit that changed nothing: %q\n%s", ans.Text, testkit.Dump(sent))
	}
	// A page that cannot be edited any more comes as a new message.
	h.Fake.FailNext("editMessageText", group, tgfake.Fault{Code: 400, Description: "Bad Request: message can't be edited"})
	sent, _ = h.Press(group, list.MessageID, boss, "▶")
	if len(sent) != 1 || sent[0].Method != "sendMessage" || !strings.Contains(sent[0].PlainText, "第 2/2 页") {
		t.Errorf("want the page as a new message:\n%s", testkit.Dump(sent))
	}

	// A group that is gone, said in other words: its queue is dropped and
	// its reminders stop.
	h.Fake.FailNext("sendMessage", otherGrp, tgfake.Fault{Code: 400, Description: "Bad Request: the Chat was NOT found"})
	if out := h.Say(otherGrp, boss, "/tasks"); len(out) != 0 {
		t.Errorf("sent to a lost group:\n%s", testkit.Dump(out))
	}
	chat, err := h.Store.ChatByTelegramID(context.Background(), otherGrp)
	if err != nil || chat.BlockedAt == nil {
		t.Errorf("the lost group is not recorded as lost: %+v, %v", chat, err)
	}
}

// One group held by Telegram's flood control (a 429 with retry_after)
// holds up no other group: the other's command is answered at once.
func TestBusyGroupHoldsNoOther(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 429, RetryAfter: 2})
	started := time.Now()
	mark := h.Fake.Mark()
	h.Fake.SendText(group, zhang, "/tasks")
	h.Fake.SendText(otherGrp, wang, "/tasks")
	h.Settle()
	took := time.Since(started)
	sent := h.Fake.Sent()[mark:]
	if len(sent) != 2 || sent[0].ChatID != otherGrp || sent[1].ChatID != group {
		t.Fatalf("want the other group's answer first, then the held group's:\n%s", testkit.Dump(sent))
	}
	if took < 2*time.Second {
		t.Errorf("the held group was answered after %v, before its retry_after", took)
	}
}

// A sendMessage that never answers holds its own chat until the call's
// timeout; the other groups are answered meanwhile, and the held answer is
// sent again.
func TestHungCallHoldsOnlyItsChat(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Timeouts: botapi.Timeouts{Call: time.Second}})
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Hang: time.Hour})
	mark := h.Fake.Mark()
	h.Fake.SendText(group, zhang, "/tasks")
	ctx, cancel := testkit.Waiting()
	defer cancel()
	if err := h.Fake.WaitHanging(ctx, 1); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		m := h.Fake.Mark()
		h.Fake.SendText(otherGrp, wang, fmt.Sprintf("/when %d天内", i+1))
		if _, err := h.Fake.WaitForAfter(ctx, m, func(s tgfake.Sent) bool { return s.ChatID == otherGrp }); err != nil {
			t.Fatal(err)
		}
		if h.Fake.Hanging() != 1 {
			t.Fatal("the hung call ended before the other group was answered")
		}
	}
	h.Settle()
	var held []tgfake.Sent
	for _, s := range h.Fake.Sent()[mark:] {
		if s.ChatID == group {
			held = append(held, s)
		}
	}
	if len(held) != 1 || !strings.Contains(held[0].PlainText, "本群未办结任务") {
		t.Errorf("the held group's answer:\n%s", testkit.Dump(held))
	}
}

// Ten people asking in one group within a second, and fifty groups asking
// at once, against Telegram's flood limits: every answer arrives, none
// earns a 429.
func TestBurstsEarnNo429(t *testing.T) {
	if testing.Short() {
		t.Skip("paces answers in real time (about 10 s); skipped with -short")
	}
	h, members := startBenchDuban(t) // benchGroups groups (bench_test.go)
	f := h.Fake
	settle := func() time.Duration {
		t.Helper()
		started := time.Now()
		h.Settle()
		return time.Since(started)
	}
	// Ten people in one group within a second.
	mark := f.Mark()
	for _, id := range members {
		f.SendText(benchChat(0), id, "/my")
		time.Sleep(90 * time.Millisecond)
	}
	took := settle()
	if n := len(f.Sent()[mark:]); n != len(members) {
		t.Errorf("%d answers to %d commands", n, len(members))
	}
	t.Logf("10 commands in one group: last answer after %v, 429s %d", took, f.Stats().RateLimited)
	// Fifty groups at once.
	mark = f.Mark()
	for g := range benchGroups {
		f.SendText(benchChat(g), members[g%len(members)], "/when 明天")
	}
	took = settle()
	if n := len(f.Sent()[mark:]); n != benchGroups {
		t.Errorf("%d answers to %d groups", n, benchGroups)
	}
	t.Logf("50 groups at once: last answer after %v, 429s %d", took, f.Stats().RateLimited)
	if n := f.Stats().RateLimited; n != 0 {
		t.Errorf("%d answers earned a 429", n)
	}
}

// A sequence of update ids that starts again (Telegram after a week without
// updates; a new token on the same database): its updates are handled, not
// taken for replays of the old ones.
func TestRestartedUpdateSequence(t *testing.T) {
	db := testkit.SQLite.New(t)
	clk := clock.NewFake(start)
	run := func(opts ...tgfake.Option) *e2e.Harness {
		t.Helper()
		return e2e.Start(t, e2e.Options{DB: db, Clock: clk, Fake: append([]tgfake.Option{tgfake.WithFirstUpdateID(1)}, opts...)})
	}
	h := run()
	h.Assign(group, "/assign @zhangwei 第一项 下周五前")
	h.Assign(group, "/assign @zhangwei 第二项 下周五前")
	h.Stop()

	// A week later Telegram starts over at the same ids.
	clk.Set(start.Add(8 * 24 * time.Hour))
	h = run()
	testkit.MustContain(t, h.Assign(group, "/assign @wangfang 第三项 下周五前").PlainText, "#3 第三项")
	testkit.MustContain(t, h.Reply(group, boss, "/tasks").PlainText, "第一项", "第二项", "第三项")
	h.Stop()

	// At once, another bot (a new token) on the same database.
	h = run(tgfake.WithBotUser(2000, "duban2_bot", "督办二"), tgfake.WithToken("2000:OTHER"))
	testkit.MustContain(t, h.Assign(group, "/assign @wangfang 第四项 下周五前").PlainText, "#4 第四项")
}

// An error page that echoes the request path, token included, reaches the
// log through none of the paths an error takes: the command menus, a
// handler's own call, the answer to a button, a reminder, a private copy,
// an answer, the long poll.
func TestErrorPagesNeverLogTheToken(t *testing.T) {
	page := tgfake.Fault{HTML: true, Code: 502}
	h := e2e.Start(t, e2e.Options{Reminders: true, LogLevel: slog.LevelDebug,
		Fake: []tgfake.Option{tgfake.WithFault("setMyCommands", 0, page)}})
	logs, clk := h.Logs, h.Clock
	token := h.Fake.Token()
	card := h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")
	h.Fake.StartBot(zhang) // after the assignment: its private copy is not asked for
	h.Settle()

	// A handler's own call (the administrators, for a leader's command),
	// three times: the update is given up with an apology.
	h.Fake.FailNext("getChatAdministrators", otherGrp, tgfake.Fault{HTML: true, Code: 502, Times: 3})
	testkit.MustContain(t, h.Reply(otherGrp, boss, "/export").PlainText, "出了点问题", "没能查询出结果")
	// The answer to a button, every try.
	h.Fake.FailNext("answerCallbackQuery", 0, tgfake.Fault{HTML: true, Code: 502, Times: 3})
	h.Fake.Press(group, card.MessageID, zhang, "ack:1")
	h.Settle()
	// An answer, once.
	h.Fake.FailNext("sendMessage", group, page)
	h.Reply(group, zhang, "/tasks")
	// The long poll.
	h.Fake.FailNext("getUpdates", 0, page)
	h.Reply(group, zhang, "/my")
	// A reminder (an urge goes at once) and its private copy.
	h.Fake.FailNext("sendMessage", group, page)
	h.Fake.FailNext("sendMessage", zhang, page)
	mark := h.Fake.Mark()
	h.Fake.SendText(group, boss, "/urge 1 请今天报送")
	h.Settle()
	// The dispatcher puts the failed reminder off (on the fake clock): let
	// that time pass.
	h.WaitLogged("reminder not delivered")
	clk.Set(clk.Now().Add(10 * time.Second))
	for _, chat := range []int64{group, zhang} {
		h.WaitFor(mark, fmt.Sprintf("the urge to %d", chat), func(s tgfake.Sent) bool {
			return s.ChatID == chat && strings.Contains(s.PlainText, "请今天报送")
		})
	}
	text := logs.String()
	for _, want := range []string{"set command menus", "handle update", "answer callback", "message not delivered",
		"get updates", "reminder not delivered", "bot***"} {
		if !strings.Contains(text, want) {
			t.Errorf("nothing logged for %q", want)
		}
	}
	if strings.Contains(text, token) {
		t.Errorf("the token is in the logs:\n%s", text)
	}
	for _, s := range h.Fake.Sent() {
		if strings.Contains(s.Text, token) {
			t.Errorf("the token was sent to a chat:\n%s", s.Text)
		}
	}
}

// A handling that keeps failing (here Telegram's administrator list, which
// a leader's check needs, cannot be had) is rolled back whole, tried a
// bounded number of times, then answered with an apology: the question it
// had already taken off the list is back, and a second reply works.
func TestFailedHandlingRollsBack(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/leader add @lijv")
	card := h.Reply(group, li, "/assign @zhangwei 完成项目申报材料 下周五前")
	testkit.MustContain(t, card.PlainText, "已交办")
	ask := h.Reply(group, boss, "/cancel 1") // boss did not assign it: a leader by Telegram's list
	if !ask.ForceReply {
		t.Fatalf("no question for the reason:\n%s", ask.PlainText)
	}
	h.Clock.Set(h.Clock.Now().Add(6 * time.Minute)) // the administrator list is stale
	h.Fake.FailNext("getChatAdministrators", group, tgfake.Fault{Code: 500, Times: 3})
	got := lpReplyTo(h, boss, ask.MessageID, "项目已合并")
	if len(got) != 1 {
		t.Fatalf("want one apology:\n%s", testkit.Dump(got))
	}
	testkit.MustContain(t, got[0].PlainText, "出了点问题", "没有保存任何改动")
	calls := 0
	for _, c := range h.Fake.Rejected() {
		if c.Method == "getChatAdministrators" {
			calls++
		}
	}
	if calls != 3 {
		t.Errorf("the handling was tried %d times, want 3", calls)
	}
	testkit.MustContain(t, lpDetail(h, 1), "状态：待办")
	got = lpReplyTo(h, boss, ask.MessageID, "项目已合并")
	if len(got) != 1 {
		t.Fatalf("the second reply to the question:\n%s", testkit.Dump(got))
	}
	testkit.MustContain(t, got[0].PlainText, "已取消", "项目已合并")
}
