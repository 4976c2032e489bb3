package bot_test

import (
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// An imported ledger's 清单 and 节点 columns reach the tasks: the list by
// name, the nodes as /assign's 节点： reads them; a row naming a list the
// group lacks, or a node after its task's deadline, is refused in the
// preview with the reason.
func TestImportListAndNodes(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Answer(group, boss, "/list add 重点项目", "已添加清单")
	file := sheetFile(t, [][]any{
		{"工作任务", "主办", "完成时限", "清单", "节点"},
		{"推进华鑫科技项目", "张伟", "12月31日", "重点项目", "立项 12月10日、开工 12月25日"},
		{"走访重点企业", "王芳", "12月20日", "", ""},
		{"对接签约企业", "张伟", "12月20日", "民生实事", ""},
		{"核查项目用地", "王芳", "12月20日", "重点项目", "完成测绘 12月25日"},
	})
	preview := h.Reply(group, boss, "/import", tgfake.AsDocument("台账.xlsx", file))
	testkit.MustContain(t, preview.PlainText, "将创建 2 项任务", "2 行不能导入",
		"第 4 行：本群没有清单「民生实事」", "第 5 行：节点「完成测绘」晚于任务截止时间（倒排工期）")
	sent, _ := h.Press(group, preview.MessageID, boss, "确认导入")
	testkit.MustContain(t, testkit.Dump(sent), "已导入「台账.xlsx」：2 项任务 #1–#2")
	card := h.Answer(group, boss, "/task 1", "#1 推进华鑫科技项目")
	testkit.MustContain(t, card.PlainText, "清单：重点项目", "节点 0/2", "⏳ 1. 立项（截止 12-10 18:00）", "⏳ 2. 开工（截止 12-25 18:00）")
	other := h.Answer(group, boss, "/task 2", "#2 走访重点企业")
	testkit.MustNotContain(t, other.PlainText, "清单：", "节点")
	progress := h.Answer(group, boss, "/list 重点项目", "共 1 项")
	testkit.MustContain(t, progress.PlainText, "未办结 1")
}
