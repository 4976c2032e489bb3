package bot_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
)

// Probes of the 问题清单 as cadres write: full-width P numbers, odd
// enterprise names, refusals that store nothing.
func TestProblemProbes(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Now: start})
	pbRecord(t, h)
	// Ｐ１ and ｐ１ as an input method types them name P1; nothing new is recorded.
	testkit.MustContain(t, h.Reply(group, boss, "/problem Ｐ１").PlainText, "全过程记录", "华鑫科技有限公司")
	testkit.MustContain(t, h.Reply(group, zhang, "/answer ｐ１ 已列入计划 12月底前").PlainText, "P1")
	testkit.MustContain(t, h.Reply(group, boss, "/problems").PlainText, "共 1 个")
	testkit.MustContain(t, h.Reply(group, boss, "/problem P0").PlainText, "本群没有 P0 号问题")
	testkit.MustContain(t, h.Reply(group, boss, "/cancel P0 重复").PlainText, "本群没有 P0 号问题")
	testkit.MustContain(t, h.Reply(group, boss, "/problems").PlainText, "共 1 个", "待解决")
	testkit.MustContain(t, h.Reply(group, boss, "/cancel Ｐ１ 企业已撤回诉求").PlainText, "已撤销 P1")
}

// HTML characters and long names are shown as written and within limits.
func TestProblemOddNames(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Now: start})
	h.Reply(group, boss, "/unit add 住建局 @zhangwei")
	got := h.Reply(group, boss, "/problem <b>A&B</b>公司 门前<道路>未硬化 @zhangwei 单位：住建局")
	testkit.MustContain(t, got.PlainText, "<b>A&B</b>公司", "门前<道路>未硬化")
	long := strings.Repeat("华鑫", 150)
	testkit.MustContain(t, h.Reply(group, boss, "/problem "+long+" 问题 @zhangwei 单位：住建局").PlainText, "企业名称太长")
	testkit.MustContain(t, h.Reply(group, outsider, "/cancel P1 dup").PlainText, "leader")
	testkit.MustContain(t, h.Reply(group, outsider, "/answer P1 done 12月底前").PlainText, "Only the people responsible for P1")
	list := h.Reply(group, boss, "/problems").PlainText
	testkit.MustContain(t, list, "共 1 个", "待答复")
}

// A full-width space (as an input method types it) parts the enterprise
// from the description.
func TestProblemFullWidthSpace(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Now: start})
	h.Reply(group, boss, "/unit add 住建局 @zhangwei")
	got := h.Reply(group, boss, "/problem 华鑫科技有限公司　厂区门前道路未硬化 @zhangwei 单位：住建局")
	testkit.MustContain(t, got.PlainText, "已登记问题 P1 华鑫科技有限公司：厂区门前道路未硬化")
	testkit.MustContain(t, h.Reply(group, zhang, "/answer P1　已列入计划　12月底前").PlainText, "P1", "已列入计划")
	testkit.MustContain(t, h.Reply(group, boss, "/problem P1").PlainText, "状态：待解决")
	testkit.MustContain(t, h.Reply(zhang, zhang, "/progress 招商#1　已报送").PlainText, "没有 #1")
}

// /solve without a note, before any answer, answers it by solving it: the
// card says so instead of an empty 答复.
func TestProblemSolvedWithoutNote(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Now: start})
	pbRecord(t, h)
	got := h.Reply(group, zhang, "/solve P1").PlainText
	testkit.MustContain(t, got, "已报告解决 P1", "答复：报告已解决（2026-11-23 10:00")
	testkit.MustNotContain(t, got, "答复：（")
}
