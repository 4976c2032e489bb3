package bot_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// 节点: given at assignment (the whole command refused on any bad part or
// on a node after the task's deadline), added, done and removed by who may,
// shown as a checklist on the card, in /task and /node, and in the ledger.
func TestNodeCommands(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for _, c := range []struct{ text, want string }{
		{"/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 12月10日, 用地预审 下周八", "节点「用地预审 下周八」"},
		{"/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 12月10日、开工 1月15日", "节点「开工」的截止时间晚于任务截止时间"},
		{"/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：12月10日", "节点「12月10日」没有名称"},
		{"/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 11月1日", "节点「立项 11月1日」"},
	} {
		h.Answer(group, boss, c.text, c.want)
	}
	noTasks(t, h)

	card := h.Assign(group, "/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 11月25日, 用地预审 12月10日；开工 12月25日")
	testkit.Golden(t, "node_card", card.PlainText)
	h.Answer(group, zhang, "/node 1 add 完成环评 12月20日", "只有")
	// The refusal names the node and the task's deadline it may not pass.
	h.Answer(group, boss, "/node 1 add 完成环评 1月20日", "倒排工期", "节点「完成环评」", "2026-12-31 18:00")
	added := h.Answer(group, boss, "节点 1 add 完成环评 12月20日", "为 #1 添加了节点「完成环评」")
	testkit.MustContain(t, added.PlainText, "节点 0/4", "⏳ 4. 完成环评（截止 12-20 18:00）")
	h.Answer(group, wang, "/node 1 done 1", "只有 #1 的主办或协办可以完成节点：张伟。")
	h.Answer(group, zhang, "/node 1 done 9", "没有这个节点：该任务共有 4 个节点")
	done := h.Answer(group, zhang, "/node 1 done 1 已取得立项批复", "完成了 #1 的节点「立项」")
	testkit.MustContain(t, done.PlainText, "节点 1/4", "✅ 1. 立项（11-23 完成）")
	h.Answer(group, zhang, "/node 1 done 1", "这个节点已经完成了")
	h.Answer(group, boss, "/node 1 remove 4", "删除了 #1 的节点「完成环评」")

	h.Clock.Set(testkit.Local("2026-12-12 10:00")) // 用地预审 is two days overdue
	list := h.Answer(group, wang, "/node 1", "节点 1/3（逾期 1 个）")
	testkit.MustContain(t, list.PlainText, "🔴 2. 用地预审（截止 12-10 18:00，逾期2天）", "⏳ 3. 开工（截止 12-25 18:00）")
	detail := h.Answer(group, wang, "/task 1", "节点 1/3")
	testkit.MustContain(t, detail.PlainText, "添加节点：完成环评", "完成节点：立项 已取得立项批复", "删除节点")

	doc := export(h, group, "/export")
	f, err := excelize.OpenReader(bytes.NewReader(doc.FileBytes))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("节点")
	if err != nil {
		t.Fatalf("no 节点 sheet: %v (sheets %q)", err, f.GetSheetList())
	}
	want := [][]string{
		{"任务序号", "任务", "节点", "截止时间", "完成时间", "状态"},
		{"1", "推进华鑫科技项目", "立项", "2026-11-25 18:00", "2026-11-23 10:00", "已完成"},
		{"1", "推进华鑫科技项目", "用地预审", "2026-12-10 18:00", "", "逾期2天"},
		{"1", "推进华鑫科技项目", "开工", "2026-12-25 18:00", "", "未完成"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("节点 sheet:\n got %q\nwant %q", rows, want)
	}

	h.Reply(group, boss, "/leader add @tom")
	h.Answer(group, outsider, "/assign @zhangwei 材料 明天 节点：初稿 后天", `Node "初稿" is due after the task's deadline`)
}

// /export 清单名 exports only the list, named in the title and the file.
func TestExportList(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Answer(group, boss, "/list add 重点项目", "已添加")
	h.Assign(group, "/assign @zhangwei 完成用地预审 明天 清单：重点项目")
	h.Assign(group, "/assign @wangfang 起草汇报材料 明天")
	doc := export(h, group, "/export 重点项目")
	if doc.FileName != "台账-招商引资工作群 重点项目-全部.xlsx" {
		t.Errorf("file name %q", doc.FileName)
	}
	_, sheets := workbook(t, doc)
	if got := taskNumbers(sheets["任务台账"]); !slices.Equal(got, []string{"1"}) {
		t.Errorf("exported tasks %q, want only #1", got)
	}
}

// Nodes given without the task's deadline wait in the question for it, and
// are checked against the deadline the answer gives.
func TestNodesWaitForTheDeadline(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	ask := h.Reply(group, boss, "/assign @zhangwei 起草汇报材料 节点：初稿 11月26日")
	testkit.MustContain(t, ask.PlainText, "请回复截止时间")
	early := h.Say(group, boss, "11月25日", tgfake.ReplyTo(ask.MessageID))
	testkit.MustContain(t, testkit.Dump(early), "节点「初稿」的截止时间晚于任务截止时间")
	noTasks(t, h)
	ask = h.Reply(group, boss, "/assign @zhangwei 起草汇报材料 节点：初稿 11月26日")
	asked := h.Say(group, boss, "11月30日", tgfake.ReplyTo(ask.MessageID))
	testkit.MustContain(t, testkit.Dump(asked), "#1 起草汇报材料", "节点 0/1", "⏳ 1. 初稿（截止 11-26 18:00）")
}

// A node reminder sent in private says 完成后发送 /node 1 done 1: that works
// there too, and the group sees the node done as if it were done in it.
func TestNodeDoneFromPrivateChat(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Reminders: true, Started: []int64{zhang}})
	h.Assign(group, "/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 11月25日")
	out := h.Advance(testkit.Local("2026-11-25 18:01"))
	private := testkit.Containing(testkit.To(out, zhang), "节点到期")
	if len(private) != 1 {
		t.Fatalf("no private node reminder:\n%s", testkit.Dump(out))
	}
	testkit.MustContain(t, private[0].PlainText, "完成后发送 /node 1 done 1")
	out = h.Say(zhang, zhang, "/node 1 done 1 已取得批复")
	testkit.MustContain(t, testkit.Dump(testkit.To(out, zhang)), "完成了 #1 的节点「立项」")
	testkit.MustContain(t, testkit.Dump(testkit.To(out, group)), "张伟 完成了 #1 的节点「立项」", "节点 1/1")
	testkit.MustContain(t, h.Reply(group, wang, "/node 1").PlainText, "✅ 1. 立项")
}

// /node N in the private chat lists the nodes of the group's task as in the
// group, and /task N there shows them too.
func TestNodeListFromPrivateChat(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Started: []int64{zhang}})
	h.Assign(group, "/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 11月25日, 开工 12月25日")
	list := h.Answer(zhang, zhang, "/node 1", "节点 0/2")
	testkit.MustContain(t, list.PlainText, "⏳ 1. 立项（截止 11-25 18:00）", "⏳ 2. 开工（截止 12-25 18:00）")
	testkit.MustContain(t, h.Answer(zhang, zhang, "/task 1", "#1").PlainText, "节点 0/2")
}
