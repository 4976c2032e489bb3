package bot_test

import (
	"testing"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// reportRound opens October's round of a one-indicator contest with two
// units (投资促进局 张伟 #1 after 住建局 王芳).
func reportRound(t *testing.T) *e2e.Harness {
	t.Helper()
	h := e2e.Start(t, reportOptions)
	openReportRound(t, h)
	return h
}

var reportOptions = e2e.Options{Now: time.Date(2026, 10, 20, 10, 0, 0, 0, testkit.Shanghai), Reminders: true}

func openReportRound(t *testing.T, h *e2e.Harness) {
	t.Helper()
	opened := openOctoberRound(t, h, []string{"/unit add 投资促进局 @zhangwei", "/unit add 住建局 @wangfang @tom"}, "已创建擂台赛")
	testkit.MustContain(t, opened.PlainText, "#1 住建局", "#2 投资促进局：张伟")
	h.Advance(time.Date(2026, 11, 2, 10, 0, 0, 0, testkit.Shanghai))
}

// openOctoberRound sets up the group's units (each a /unit command), a
// contest of one indicator among them reported 每月5日 (created is what
// /contest add answers), and moves to 1 November, when October's round
// opens; it returns the round's one announcement.
func openOctoberRound(t *testing.T, h *e2e.Harness, units []string, created string) tgfake.Sent {
	t.Helper()
	for _, u := range units {
		h.Reply(group, boss, u)
	}
	h.Answer(group, boss, "/contest add 项目建设擂台赛", created)
	h.Answer(group, boss, "/contest 项目建设擂台赛 指标 固定资产投资 亿元 权重40", "已添加指标")
	h.Answer(group, boss, "/contest 项目建设擂台赛 填报 每月5日", "每月5日填报")
	out := h.Advance(time.Date(2026, 11, 1, 9, 1, 0, 0, testkit.Shanghai))
	opened := testkit.Containing(out, "【填报】项目建设擂台赛 2026年10月")
	if len(opened) != 1 {
		t.Fatalf("the round was announced %d times:\n%s", len(opened), testkit.Dump(out))
	}
	return opened[0]
}

// A figure too large says so, not that it must be at least 0.
func TestReportFigureTooLarge(t *testing.T) {
	h := reportRound(t)
	msg := h.Reply(group, zhang, "/report 项目建设擂台赛 固定资产投资 20000000000000").PlainText
	testkit.MustContain(t, msg, "过大")
	testkit.MustNotContain(t, msg, "不小于0")
	msg = h.Reply(group, outsider, "/report 项目建设擂台赛 固定资产投资 2e13").PlainText
	testkit.MustContain(t, msg, "too large")
	testkit.MustContain(t, h.Reply(group, boss, "/contest 项目建设擂台赛 目标 投资促进局 固定资产投资 2e13").PlainText, "过大")
	book := bot.TaskBookFile(t, [][]any{{"单位", "固定资产投资（亿元）"}, {"住建局", 2e13}, {"投资促进局", 5}})
	preview := h.Reply(group, boss, "/contest 项目建设擂台赛 任务书", tgfake.AsDocument("任务书.xlsx", book)).PlainText
	testkit.MustContain(t, preview, "过大，目标不能超过1万亿", "将设置 1 项年度目标")
	testkit.MustNotContain(t, preview, "不小于0")
}

// Full-width digits, as a Chinese input method types them, name tasks and
// nodes, in the group and in private (招商#３).
func TestFullWidthTaskNumbers(t *testing.T) {
	h := e2e.Start(t, e2e.Options{Now: start})
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")
	h.Answer(group, boss, "/node １ add 完成用地预审 下周三前", "完成用地预审")
	h.Answer(group, zhang, "/node 1 done １ 已批复", "完成用地预审")
	h.Answer(group, zhang, "/progress １ 50% 初稿", "50%")
	testkit.MustContain(t, h.Reply(group, zhang, "/task １").PlainText, "完成项目申报材料", "初稿")
	testkit.MustContain(t, h.Reply(zhang, zhang, "/task 招商#１").PlainText, "完成项目申报材料")
	h.Answer(group, zhang, "/done ＃１ 已报送", "#1")
}

// A 填报 task closes only when its figures are in: /done on it, from the
// group or the private chat, says to /report and leaves it open.
func TestReportTaskRefusesDone(t *testing.T) {
	e2e.ForEachBackend(t, reportOptions, func(t *testing.T, h *e2e.Harness) {
		openReportRound(t, h)
		reportTaskRefusesDone(t, h)
	})
}

func reportTaskRefusesDone(t *testing.T, h *e2e.Harness) {
	testkit.MustContain(t, h.Reply(group, zhang, "/done 2 已报").PlainText, "/report 项目建设擂台赛 固定资产投资")
	testkit.MustContain(t, h.Reply(zhang, zhang, "/done 2").PlainText, "/report 项目建设擂台赛")
	testkit.MustContain(t, h.Reply(group, outsider, "/done 1").PlainText, "reporting task", "Use /report 项目建设擂台赛")
	task := h.Reply(group, zhang, "/task 2").PlainText
	testkit.MustNotContain(t, task, "已办结", "已提交")
	testkit.MustContain(t, h.Reply(group, zhang, "/report 项目建设擂台赛 固定资产投资 8").PlainText, "填报任务 #2 已办结")
}

// 填报 reminders reach people in private, so /report works there too when
// the member's group is clear.
func TestReportFromPrivate(t *testing.T) {
	h := reportRound(t)
	testkit.MustContain(t, h.Reply(zhang, zhang, "/report 项目建设擂台赛 固定资产投资 8").PlainText,
		"投资促进局 已填报", "填报任务 #2 已办结")
	testkit.MustContain(t, h.Reply(zhang, zhang, "/report 另一个擂台赛 固定资产投资 8").PlainText, "另一个擂台赛")
	testkit.MustContain(t, h.Reply(group, zhang, "/task 2").PlainText, "已办结")
	// 陈静 is in no group: nothing to report for.
	testkit.MustContain(t, h.Reply(testkit.Chen, testkit.Chen, "/report 项目建设擂台赛 固定资产投资 8").PlainText, "请在擂台赛所在的群内填报")
	// The same contest in two groups: which one is for the group to say.
	h.Reply(otherGrp, boss, "/unit add 投资促进局 @zhangwei")
	h.Answer(otherGrp, boss, "/contest add 项目建设擂台赛", "已创建擂台赛")
	h.Answer(otherGrp, boss, "/contest 项目建设擂台赛 指标 固定资产投资 亿元 权重40", "已添加指标")
	msg := h.Reply(zhang, zhang, "/report 项目建设擂台赛 固定资产投资 9").PlainText
	testkit.MustContain(t, msg, "2 个群", "请在要填报的群内发送 /report")
	// and nothing of it was stored.
	testkit.MustContain(t, h.Say(group, zhang, "/contest 项目建设擂台赛")[0].PlainText, "8亿元")
}
