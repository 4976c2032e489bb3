package bot_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// Units, leaders and settings: what leaders manage and members may look at.

func TestUnits(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	empty := h.Reply(group, zhang, "/unit list")
	testkit.MustContain(t, empty.PlainText, "本群还没有单位", "/unit add")

	refusals := []struct {
		name string
		from int64
		text string
		want []string
	}{
		{"member adds", zhang, "/unit add 投资促进局", []string{"只有领导可以管理单位：刘书记。"}},
		{"member removes", wang, "/unit remove 投资促进局", []string{"只有领导可以管理单位"}},
		{"no name", boss, "/unit add", []string{"用法：/unit add 单位名称"}},
		{"mention for a name", boss, "/unit add @zhangwei", []string{"用法：/unit add 单位名称"}},
		{"unknown verb", boss, "/unit rename 甲 乙", []string{"用法：/unit add 名称"}},
		{"remove without a name", boss, "/unit remove", []string{"用法：/unit remove 单位名称"}},
		{"name over 50 characters", boss, "/unit add " + strings.Repeat("局", 51), []string{"单位名称太长：51 个字，最多 50 个字"}},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			testkit.MustContain(t, h.Reply(group, c.from, c.text).PlainText, c.want...)
		})
	}
	testkit.MustContain(t, h.Reply(group, zhang, "/unit list").PlainText, "本群还没有单位")

	added := h.Reply(group, boss, "/unit add 投资促进局 @zhangwei @wangfang")
	testkit.MustContain(t, added.PlainText, "已添加单位「投资促进局」，成员 2 人")
	testkit.MustContain(t, h.Reply(group, boss, "/unit add 商务局").PlainText, "已添加单位「商务局」。")
	dup := h.Reply(group, boss, "/unit add 商务局")
	testkit.MustContain(t, dup.PlainText, "单位「商务局」已存在", "/unit add 商务局 @成员")
	joined := h.Reply(group, boss, "/unit add 商务局 @lijv")
	testkit.MustContain(t, joined.PlainText, "单位「商务局」新加入成员 1 人")
	testkit.MustNotContain(t, joined.PlainText, "已添加")

	list := h.Reply(group, li, "/unit list")
	testkit.Golden(t, "admin_unit_list", list.PlainText)
	testkit.MustContain(t, list.PlainText, "投资促进局：张伟、王芳", "商务局")
	if !testkit.HasUserLink(list, zhang) {
		t.Errorf("unit members are not linked:\n%s", list.Text)
	}
	testkit.MustContain(t, h.Reply(group, wang, "/unit").PlainText, "投资促进局")

	// A member's unit is the default unit of their tasks.
	card := h.Assign(group, "/assign @zhangwei 梳理重点项目清单 明天")
	testkit.MustContain(t, card.PlainText, "牵头单位：投资促进局")

	testkit.MustContain(t, h.Reply(group, boss, "/unit remove 商务局").PlainText, "已删除单位「商务局」")
	missing := h.Reply(group, boss, "/unit remove 商务局")
	testkit.MustContain(t, missing.PlainText, "没有名为「商务局」的单位")
	list = h.Reply(group, zhang, "/unit list")
	testkit.MustNotContain(t, list.PlainText, "商务局")
	testkit.MustContain(t, list.PlainText, "投资促进局")

	// Units belong to their group.
	testkit.MustContain(t, h.Reply(otherGrp, zhang, "/unit list").PlainText, "本群还没有单位")
	lpNoRejections(t, h)
}

func TestNamedLeaders(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	assign := "/assign @zhangwei 走访重点企业 明天"
	refused := h.Reply(group, li, assign)
	// One line, naming who may act, as a reply to the refused command.
	if refused.PlainText != "只有领导可以交办任务：刘书记。" || refused.ReplyToMessageID == 0 {
		t.Errorf("refusal %q (a reply to %d), want one line naming the leader, as a reply", refused.PlainText, refused.ReplyToMessageID)
	}

	list := h.Reply(group, li, "/leader list")
	testkit.MustContain(t, list.PlainText, "群管理员：刘书记", "指定领导：（无）")
	testkit.MustNotContain(t, list.PlainText, "李局")
	for _, c := range []struct{ name, text string }{
		{"member names", "/leader add @wangfang"},
		{"member removes", "/leader remove @liushuji"},
	} {
		t.Run(c.name, func(t *testing.T) {
			testkit.MustContain(t, h.Reply(group, zhang, c.text).PlainText, "只有领导可以指定领导")
		})
	}
	testkit.MustContain(t, h.Reply(group, boss, "/leader add").PlainText, "请 @ 要指定的成员")
	testkit.MustContain(t, h.Reply(group, boss, "/leader promote @lijv").PlainText, "用法：/leader add|remove|list")

	named := h.Reply(group, boss, "/leader add @lijv")
	testkit.Golden(t, "admin_leader_added", named.PlainText)
	if !testkit.HasUserLink(named, li) {
		t.Errorf("the new leader is not linked:\n%s", named.Text)
	}
	list = h.Reply(group, zhang, "/leader list")
	testkit.Golden(t, "admin_leader_list", list.PlainText)
	testkit.MustContain(t, list.PlainText, "群管理员：刘书记", "指定领导：李局")
	testkit.MustContain(t, h.Reply(group, wang, "/assign @zhangwei x 明天").PlainText, "只有领导可以交办任务：李局、刘书记。")

	card := h.Reply(group, li, assign)
	testkit.MustContain(t, card.PlainText, "已交办", "#1 走访重点企业")
	// A named leader manages units and other leaders too.
	testkit.MustContain(t, h.Reply(group, li, "/unit add 商务局").PlainText, "已添加单位「商务局」")
	// ... but only in the group that named them.
	testkit.MustContain(t, h.Reply(otherGrp, li, "/unit add 商务局").PlainText, "只有领导可以管理单位")

	// Someone without a username is named with a text mention.
	named = h.Reply(group, boss, "/leader add 赵敏", tgfake.WithTextMention(zhao))
	testkit.MustContain(t, named.PlainText, "赵敏 已被指定为领导")
	testkit.MustContain(t, h.Reply(group, zhao, "/assign @wangfang 准备会议材料 明天").PlainText, "已交办")

	removed := h.Reply(group, boss, "/leader remove @lijv")
	testkit.MustContain(t, removed.PlainText, "李局 不再是指定领导")
	testkit.MustNotContain(t, h.Reply(group, boss, "/leader list").PlainText, "李局")
	refused = h.Reply(group, li, "/assign @zhangwei 第二项任务 明天")
	testkit.MustContain(t, refused.PlainText, "只有领导可以")
	testkit.MustNotContain(t, h.Reply(group, boss, "/tasks").PlainText, "第二项任务")
	lpNoRejections(t, h)
}

// A member made a Telegram administrator leads at once: the chat_member
// update refreshes the cached administrator list.
func TestTelegramAdminChanges(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	// The bot has just fetched the administrators (刘书记 only).
	testkit.MustContain(t, h.Reply(group, li, "/settings 确认 关").PlainText, "只有领导可以修改设置")

	h.Fake.SetAdmin(group, li, true)
	h.Settle()
	testkit.MustContain(t, h.Reply(group, li, "/settings 确认 关").PlainText, "已更新", "办结确认：关")
	card := h.Reply(group, li, "/assign @zhangwei 对接签约项目 明天")
	testkit.MustContain(t, card.PlainText, "已交办")

	h.Fake.SetAdmin(group, li, false)
	h.Settle()
	testkit.MustContain(t, h.Reply(group, li, "/settings 确认 开").PlainText, "只有领导可以修改设置")
	// Still the assigner of #1: that needs no leadership.
	testkit.MustContain(t, h.Reply(group, li, "/edit 1 标题 对接签约项目并报送").PlainText, "修改了 #1 的标题：「对接签约项目」→「对接签约项目并报送」")
	testkit.MustContain(t, h.Reply(group, li, "/assign @zhangwei 另一项 明天").PlainText, "只有领导可以")
	lpNoRejections(t, h)
}

func TestSettings(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	bare := h.Reply(group, zhang, "/settings")
	testkit.Golden(t, "admin_settings", bare.PlainText)
	testkit.MustContain(t, bare.PlainText, "时区：北京时间", "办结确认：开", "每周调度：每周一 09:00", "每日逾期清单：关")
	testkit.MustNotContain(t, bare.PlainText, "* *", "时区：Asia")

	refusals := []struct {
		name string
		from int64
		text string
		want []string
	}{
		{"member", zhang, "/settings 确认 关", []string{"只有领导可以修改设置"}},
		{"bad value", boss, "/settings 确认 也许", []string{"「确认」只能是 开 或 关", "/settings 确认 开|关"}},
		{"unknown setting", boss, "/settings 颜色 红", []string{"没有「颜色」这项设置", "/settings 提醒 1天,2小时"}},
		{"bad zone", boss, "/settings 时区 Mars/Base", []string{"时区「Mars/Base」无法识别"}},
		{"bad offsets", boss, "/settings 提醒 一会儿", []string{"看不懂「一会儿」"}},
		{"bad quiet hours", boss, "/settings 免打扰 晚上", []string{"免打扰时段写作 22:00-08:00"}},
		{"bad schedule", boss, "/settings 周报 随便", []string{"看不懂时间表「随便」"}},
		{"bad escalation", boss, "/settings 升级 -1", []string{"「升级」写逾期的工作日数"}},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			testkit.MustContain(t, h.Reply(group, c.from, c.text).PlainText, c.want...)
		})
	}
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText, "办结确认：开")

	off := h.Reply(group, boss, "/settings 确认 关")
	testkit.Golden(t, "admin_settings_off", off.PlainText)
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText, "办结确认：关（提交即办结）")
	// Settings are per group.
	testkit.MustContain(t, h.Reply(otherGrp, zhang, "/settings").PlainText, "办结确认：开")
	testkit.MustContain(t, h.Reply(group, boss, "/settings confirm on").PlainText, "办结确认：开")
	lpNoRejections(t, h)
}
