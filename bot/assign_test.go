package bot_test

import (
	"strings"
	"testing"
)

func TestAssignAcknowledgeAndQuery(t *testing.T) {
	h := newHarness(t)
	card := h.assign("/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局")
	mustContain(t, card.PlainText, "#1 完成项目申报材料", "主办：张伟", "协办：王芳", "牵头单位：投资促进局",
		"截止：2026-12-04 18:00 周五（下周五前）", "状态：待办")
	if !hasUserLink(card, zhang) || !hasUserLink(card, wang) {
		t.Errorf("assignees are not linked to their accounts:\n%s", card.Text)
	}
	if got := card.Buttons(); len(got) != 1 || len(got[0]) != 1 || got[0][0] != "收到" {
		t.Fatalf("buttons = %v, want one 收到", got)
	}
	sent, ans := h.press(group, card.MessageID, zhang, "收到")
	if ans.ShowAlert || !strings.Contains(ans.Text, "已签收") {
		t.Errorf("callback answer = %+v", ans)
	}
	if len(sent) != 1 || !strings.Contains(sent[0].PlainText, "张伟 已签收 #1") {
		t.Errorf("ack announcement:\n%s", dump(sent))
	}
	list := h.reply(group, wang, "/tasks")
	mustContain(t, list.PlainText, "#1 完成项目申报材料")
	detail := h.reply(group, wang, "任务 1")
	mustContain(t, detail.PlainText, "签收：张伟", "王芳 未签收", "交办")
}
