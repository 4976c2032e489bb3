package bot_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The 清单 commands: a leader adds a list, tasks join it at assignment and
// by /edit, /list shows each list and its 进度, /tasks filters to it, and a
// list with open tasks is removed only when forced.
func TestListCommands(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Answer(group, boss, "/list", "本群还没有清单")
	h.Answer(group, zhang, "/list add 2026年重点项目清单", "只有")
	h.Answer(group, boss, "/list add 2026年重点项目清单", "已添加清单「2026年重点项目清单」")
	h.Answer(group, boss, "清单 add 2026年重点项目清单", "本群已有清单「2026年重点项目清单」")
	h.Answer(group, boss, "/list add "+strings.Repeat("很长的清单名", 9), "清单名称太长：54 个字，最多 50 个字")
	// 清单：名称 in /assign ends at a space or a comma, so such a name could
	// never be given there: it is refused when the list is made.
	for _, name := range []string{"重点 项目", "重点，项目", "重点;项目"} {
		h.Answer(group, boss, "/list add "+name, "清单名称不能含空格或标点")
	}
	h.Answer(group, boss, "/list", "本群清单（共 1 个）")
	h.Answer(group, boss, "/assign @zhangwei 完成用地预审 明天 清单：不存在的清单", "本群没有名为「不存在的清单」的清单")
	noTasks(t, h)

	card := h.Assign(group, "/assign @zhangwei 完成用地预审 明天 清单：2026年重点项目清单 单位：投资促进局")
	testkit.MustContain(t, card.PlainText, "#1 完成用地预审", "清单：2026年重点项目清单", "牵头单位：投资促进局")
	h.Assign(group, "/assign @wangfang 报送道路硬化方案 下周五前 清单：2026年重点项目清单 单位：住建局")
	h.Assign(group, "/assign @wangfang 对接华鑫科技 下周五前 单位：住建局")
	edit := h.Answer(group, boss, "/edit 3 清单 2026年重点项目清单", "清单：（无） → 「2026年重点项目清单」")
	testkit.MustContain(t, edit.PlainText, "清单：2026年重点项目清单")
	submitted := h.Answer(group, wang, "/done 2 已报送", "#2")
	h.Press(group, submitted.MessageID, boss, "确认办结")
	h.Clock.Set(testkit.Local("2026-11-25 10:00")) // #1 is a day overdue

	lists := h.Answer(group, wang, "/list", "本群清单（共 1 个）")
	testkit.MustContain(t, lists.PlainText, "「2026年重点项目清单」共 3 项")
	progress := h.Answer(group, wang, "清单 2026年重点项目清单", "清单「2026年重点项目清单」进度")
	testkit.Golden(t, "list_progress", progress.PlainText)
	tasks := h.Answer(group, wang, "/tasks 2026年重点项目清单", "清单「2026年重点项目清单」的未办结任务")
	testkit.MustContain(t, tasks.PlainText, "#1 完成用地预审", "#3 对接华鑫科技")
	testkit.MustNotContain(t, tasks.PlainText, "#2")
	// A list's name after /tasks with another word is no task number 2026.
	h.Answer(group, wang, "/tasks 2026年重点项目清单 逾期", "没有名为「2026年重点项目清单 逾期」的单位或清单")

	h.Answer(group, boss, "/edit 3 清单 无", "清单：「2026年重点项目清单」 → （无）")
	h.Answer(group, boss, "/list remove 2026年重点项目清单", "还有 1 项未办结任务，不能删除")
	// A full-width space, as Chinese input methods type it, separates 强制 too.
	h.Answer(group, boss, "/list remove 2026年重点项目清单　强制", "已删除清单「2026年重点项目清单」")
	h.Answer(group, boss, "/list", "本群还没有清单")
}

// A list bound to a forum topic takes the tasks assigned there, and the
// reminders of its tasks go to that topic.
func TestListBoundToForumTopic(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	const forum = -1005550001
	h.Fake.AddGroup(tgfake.Group{ID: forum, Title: "重点项目专班", Type: "supergroup", IsForum: true, Creator: boss,
		Admins: []int64{boss}, Members: []int64{boss, zhang, wang}})
	for _, id := range []int64{boss, zhang, wang} {
		h.Fake.SendText(forum, id, "大家好")
	}
	h.Settle()
	h.Answer(forum, boss, "/list add 重点项目", "已添加清单「重点项目」")
	out := h.Say(forum, boss, "/list bind 重点项目")
	testkit.MustContain(t, testkit.Dump(out), "请在论坛话题")
	out = h.Say(forum, boss, "/list bind 重点项目", tgfake.InThread(42))
	if len(out) != 1 || out[0].ThreadID != 42 {
		t.Fatalf("bind in topic 42:\n%s", testkit.Dump(out))
	}
	testkit.MustContain(t, out[0].PlainText, "清单「重点项目」已绑定本话题")
	card := h.Assign(forum, "/assign @zhangwei 完成用地预审 明天", tgfake.InThread(42))
	testkit.MustContain(t, card.PlainText, "清单：重点项目")
	elsewhere := h.Assign(forum, "/assign @zhangwei 起草汇报材料 明天", tgfake.InThread(7))
	testkit.MustNotContain(t, elsewhere.PlainText, "清单：")
	progress := h.Answer(forum, boss, "/list 重点项目", "共 1 项")
	testkit.MustContain(t, progress.PlainText, "未办结 1")
}

// A recurring task (周期任务) given with 清单： has every instance in the
// list; 节点： is refused with it, since each instance has its own deadline.
func TestListOfASeries(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Answer(group, boss, "/list add 重点项目", "已添加清单")
	h.Answer(group, boss, "/assign @zhangwei 报送本周项目进展 每周五下班前 节点：初稿 11月26日", "周期任务每一期的截止时间不同，不能在交办时设节点")
	card := h.Assign(group, "/assign @zhangwei 报送本周项目进展 每周五下班前 清单：重点项目")
	testkit.MustContain(t, card.PlainText, "#1 报送本周项目进展", "清单：重点项目", "周期：每周五 18:00")
	submitted := h.Answer(group, zhang, "/done 1 已报送", "#1")
	h.Press(group, submitted.MessageID, boss, "确认办结")
	next := h.Answer(group, boss, "/task 2", "#2 报送本周项目进展")
	testkit.MustContain(t, next.PlainText, "清单：重点项目")
	h.Answer(group, boss, "/list 重点项目", "共 2 项")
}
