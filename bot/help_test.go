package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// asciiCommands is every command the bot understands, from its table.
var asciiCommands = bot.CommandNames(false)

// TestHelpShortInGroupFullInPrivate: in a group /help is a short list, one
// line per command, at most 20 lines, with a button to the full guide; the
// full guide (every command with an example) comes in private, by /help
// there or by the button's /start help.
func TestHelpShortInGroupFullInPrivate(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	short := h.Reply(group, zhang, "/help")
	testkit.Golden(t, "help", short.PlainText)
	lines := strings.Split(short.PlainText, "\n")
	if len(lines) > 20 {
		t.Errorf("the group's /help has %d lines, want at most 20", len(lines))
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "/") || strings.Count(l, "/") != 1 {
			t.Errorf("line %q is not one command", l)
		}
	}
	for _, c := range []string{"assign", "tasks", "task", "ack", "progress", "done", "rank", "settings"} {
		testkit.MustContain(t, short.PlainText, "\n/"+c+" ")
	}
	testkit.MustNotContain(t, short.PlainText, "例：/")
	if b := short.Markup; b == nil || len(b.InlineKeyboard) != 1 || b.InlineKeyboard[0][0].URL != "https://t.me/duban_bot?start=help" {
		t.Fatalf("want one button to the full guide in private, got %+v", short.Markup)
	}
	for _, text := range []string{"帮助", "/help@duban_bot"} {
		if out := h.Reply(group, zhang, text); out.PlainText != short.PlainText {
			t.Errorf("%q differs from /help:\n%s", text, out.PlainText)
		}
	}

	// The button opens the private chat with /start help: the full guide.
	mark := h.Fake.Mark()
	h.Fake.SendText(zhang, zhang, "/start help")
	h.Settle()
	sent := h.Fake.Sent()[mark:]
	if len(sent) != 1 || sent[0].ChatID != zhang {
		t.Fatalf("/start help answers:\n%s", testkit.Dump(sent))
	}
	full := sent[0]
	testkit.Golden(t, "help_full", full.PlainText)
	for _, c := range asciiCommands {
		testkit.MustContain(t, full.PlainText, "\n/"+c+" — ", "例：/"+c)
	}
	testkit.MustContain(t, full.PlainText, "交办、任务、我的任务、进展、办结、延期、催办、排名、看板、", "、帮助；「任务 3」即 /task 3", "隐私模式", "回复「收到」", "/done 招商#3")
	if out := h.Reply(zhang, zhang, "/help"); out.PlainText != full.PlainText {
		t.Errorf("private /help differs from the full guide:\n%s", out.PlainText)
	}
}

// Every example in /help works as shown.
func TestHelpExamplesWork(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for _, tc := range []struct {
		from int64
		cmd  string
		want string
	}{
		{boss, "/unit add 投资促进局 @zhangwei", "已添加单位「投资促进局」"},
		{boss, "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局 包保：@lijv", "#1 完成项目申报材料"},
		{boss, "/assign @wangfang 报送签约项目清单 明天", "#2"},
		{boss, "/assign @zhangwei 整理招商台账 明天", "#3"},
		{boss, "/assign @lijv 走访重点企业 月底前", "#4"},
		{boss, "/post 牵头招引一个亿元项目 月底前", "#5 牵头招引一个亿元项目"},
		{wang, "/claim 5", "王芳 认领了 #5"},
		{zhang, "/progress 3 60% 已完成初稿", "#3 整理招商台账 进展（60%）"},
		{zhang, "/extend 3 下周三前 等待省厅批复", "申请截止：2026-12-02 18:00 周三"},
		{zhang, "/done 3 材料已报送", "张伟 提交了 #3 整理招商台账"},
		{boss, "/edit 3 截止 下周五前", "截止：2026-12-04 18:00 周五（下周五前）"},
		{boss, "/list add 2026年重点项目清单", "已添加清单「2026年重点项目清单」"},
		{zhao, "/list 2026年重点项目清单", "清单「2026年重点项目清单」进度"},
		{zhao, "/list", "本群清单（共 1 个）"},
		{boss, "/node 3 add 完成用地预审 下周三前", "为 #3 添加了节点「完成用地预审」"},
		{zhang, "/node 3 done 1 已批复", "完成了 #3 的节点「完成用地预审」"},
		{zhao, "/node 3", "节点 1/1"},
		{boss, "/cancel 3 任务已合并到 #2", "#3 整理招商台账 已取消"},
		{zhao, "/tasks", "本群未办结任务"},
		{zhao, "/tasks 逾期", "本群逾期任务"},
		{zhao, "/tasks 本周", "本周到期任务"},
		{zhao, "/tasks @zhangwei", "张伟 的任务"},
		{zhao, "/tasks 投资促进局", "「投资促进局」的任务"},
		{zhao, "/tasks 已办结", "本群已办结任务"},
		{zhang, "/my", "张伟 的未办结任务"},
		{zhao, "/task 3", "状态：已取消"},
		{zhao, "/rank", "个人排名"},
		{zhao, "/rank 单位 季", "单位排名\n2026年第4季度"},
		{zhao, "/rank 2026-01-01 2026-03-31", "2026-01-01 至 2026-03-31"},
		{boss, "/unit list", "投资促进局：张伟"},
		{boss, "/leader add @lijv", "李局 已被指定为领导"},
		{boss, "/leader list", "李局"},
		{boss, "/settings 确认 关", "提交即办结"},
		{zhao, "/when 下周五前", "2026-12-04 18:00 周五"},
		// The phrases the help suggests.
		{zhao, "/when 月底前", "2026-11-30 18:00 周一"},
		{zhao, "/when 3个工作日内", "2026-11-26 18:00 周四"},
		{zhao, "/when 本周内", "2026-11-29 18:00 周日"},
		{zhao, "/when 下月初", "2026-12-05 18:00 周六"},
		{zhao, "/when 春节前", "2027-02-04 18:00 周四"},
		{zhao, "/when 两周内", "2026-12-07"},
	} {
		var out tgfake.Sent
		if strings.HasPrefix(tc.cmd, "/rank") {
			out = rankText(h, group, tc.from, tc.cmd)
		} else {
			out = h.Reply(group, tc.from, tc.cmd)
		}
		testkit.MustContain(t, out.PlainText, tc.want)
	}
}

func TestWhen(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Fake.StartBot(zhang)
	h.Settle()
	for _, tc := range []struct {
		chat, from int64
		text, want string
	}{
		{group, zhang, "/when 下周五前", "「下周五前」→ 2026-12-04 18:00 周五"},
		{group, zhang, "/when 12月1日下午3点", "「12月1日下午3点」→ 2026-12-01 15:00 周二"},
		{group, zhang, "/when 3个工作日内", "→ 2026-11-26 18:00 周四"},
		{group, zhang, "/when 月底前", "→ 2026-11-30 18:00 周一"},
		{group, zhang, "/when 明天上午9点", "→ 2026-11-24 09:00 周二"},
		{zhang, zhang, "/when 下周五前", "→ 2026-12-04 18:00 周五"},
		{group, zhang, "/when", "请写上要试的截止时间，例如：/when 下周五前"},
		{group, zhang, "/when 昨天", "「昨天」（2026-11-22 18:00 周日）已经过去了"},
		{group, zhang, "/when 2月30日", "「2月30日」不是一个存在的日期"},
		{group, outsider, "/when next friday", "「next friday」→ 2026-12-04 18:00 Fri"},
		{group, outsider, "/when yesterday", `"yesterday" has already passed.`},
		{group, outsider, "/when", "Add a deadline to try"},
	} {
		out := h.Reply(tc.chat, tc.from, tc.text)
		testkit.MustContain(t, out.PlainText, tc.want)
	}
	for _, text := range []string{"/when 尽快", "/when 随便写写"} {
		out := h.Reply(group, zhang, text)
		testkit.MustNotContain(t, out.PlainText, "→")
		testkit.MustContain(t, out.PlainText, "可以这样写：「下周五前」")
	}
	// /when only reads: nothing was created.
	list := h.Reply(group, zhang, "/tasks")
	testkit.MustContain(t, list.PlainText, "共 0 项")
}

func TestStartInPrivate(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的任务 明天")
	h.Assign(group, "/assign @wangfang 王芳的任务 明天")
	ctx := context.Background()
	if u, err := h.Store.UserByTelegramID(ctx, zhang); err != nil || u.StartedBot {
		t.Fatalf("before /start: %+v %v", u, err)
	}
	mark := h.Fake.Mark()
	h.Fake.StartBot(zhang)
	h.Settle()
	sent := h.Fake.Sent()[mark:]
	if len(sent) != 1 || sent[0].ChatID != zhang {
		t.Fatalf("/start answers:\n%s", testkit.Dump(sent))
	}
	start := sent[0]
	testkit.MustContain(t, start.PlainText, "您好！我是督办机器人", "/help", "张伟 的未办结任务（共 2 项）",
		"招商引资工作群", "#1 完成项目申报材料", "另一个群", "#1 另一个群的任务")
	testkit.MustNotContain(t, start.PlainText, "王芳的任务")
	testkit.Golden(t, "start_private", start.PlainText)
	u, err := h.Store.UserByTelegramID(ctx, zhang)
	if err != nil || !u.StartedBot {
		t.Errorf("the bot does not remember it may message 张伟: %+v %v", u, err)
	}
	// Someone with no task, in English.
	h.Fake.StartBot(outsider)
	h.Settle()
	out := h.Fake.SentTo(outsider)
	if len(out) != 1 {
		t.Fatalf("Tom got %d messages", len(out))
	}
	testkit.MustContain(t, out[0].PlainText, "Hello! I am the duban bot", "共 0 项")
	// In a group /start only says the bot is ready.
	g := h.Reply(group, wang, "/start")
	testkit.MustContain(t, g.PlainText, "督办机器人已就绪", "/help")
}

func TestCommandMenus(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	calls := h.Fake.Commands()
	scopes := map[string][]string{}
	for _, c := range calls {
		if c.Commands == nil {
			continue
		}
		var names []string
		for _, bc := range c.Commands {
			names = append(names, bc.Command)
			if bc.Description == "" || strings.TrimLeft(bc.Description, "abcdefghijklmnopqrstuvwxyz /") == "" {
				t.Errorf("/%s has no Chinese description: %q", bc.Command, bc.Description)
			}
		}
		scopes[c.Scope.Type] = names
	}
	want := strings.Join(bot.GroupMenuNames(), " ")
	if !strings.HasPrefix(want, "assign post claim tasks") || strings.Contains(want, "start") {
		t.Errorf("the table's group menu is %s", want)
	}
	if got := strings.Join(scopes["all_group_chats"], " "); got != want {
		t.Errorf("group menu = %s\nwant %s", got, want)
	}
	private := bot.CommandNames(true)
	if got := strings.Join(scopes["all_private_chats"], " "); got != strings.Join(private, " ") || !strings.Contains(got, "my task ack progress done") {
		t.Errorf("private menu = %s", got)
	}
	if got := h.Fake.MyCommands(tgfake.CommandScope{Type: "all_private_chats"}, ""); len(got) != len(private) {
		t.Errorf("getMyCommands(private) = %v", got)
	}
}

// The /answer example in the full help works whatever the month: its time
// limit may not be a month-day that is already past in December.
func TestHelpAnswerExampleInDecember(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Started: []int64{zhang}})
	h.Clock.Set(testkit.Local("2026-12-15 10:00"))
	var example string
	for _, l := range strings.Split(h.Reply(zhang, zhang, "/help").PlainText, "\n") {
		if _, ex, ok := strings.Cut(l, "例：/answer "); ok {
			example = "/answer " + ex
		}
	}
	if example == "" {
		t.Fatal("the full help has no /answer example")
	}
	for range 3 { // the example answers P3
		h.Reply(group, boss, "/problem 华鑫科技有限公司 厂区门前道路未硬化 @zhangwei")
	}
	h.Answer(group, zhang, example, "已答复")
}
