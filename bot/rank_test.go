package bot_test

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

const chen int64 = 107 // 陈晨 @chenchen, joins for the ranking scenarios

// rankScenario builds a month of work in November 2026 (clock left at
// 2026-11-28 10:00):
//
//	张伟 #1 #2 on time                        → 2×10 = 20
//	王芳 #3 on time, #4 late                  → 10+4 = 14
//	陈晨 #5 on time thanks to an approved extension (original deadline missed) → 10
//	李局 #6 late                              → 4
//	赵敏 #7 late, #8 overdue and open         → 4−5 = −1
//	Tom  #9 overdue and open                  → −5
//
// plus tasks that must not count: #10 张伟 due in December, #11 Tom
// cancelled, #12 a listed task nobody claimed.
func rankScenario(t *testing.T) *e2e.Harness {
	t.Helper()
	h := e2e.Start(t, e2e.Options{})
	h.Fake.AddUser(tgfake.User{ID: chen, FirstName: "陈晨", Username: "chenchen", LanguageCode: "zh-hans"})
	h.Fake.SendText(group, chen, "大家好")
	h.Settle()
	h.Reply(group, boss, "/unit add 投资促进局 @zhangwei @wangfang")
	h.Reply(group, boss, "/unit add 发改局 @lijv @chenchen")
	for _, cmd := range []string{
		"/assign @zhangwei 项目申报 明天",           // #1 11-24
		"/assign @zhangwei 企业走访 11月25日",       // #2 11-25
		"/assign @wangfang @zhangwei 签约清单 明天", // #3 11-24 (张伟 only cooperates)
		"/assign @wangfang 招商台账 明天",           // #4 11-24
		"/assign @chenchen 用地报批 明天",           // #5 11-24 → extended to 11-27
		"/assign @lijv 政策兑现 明天",               // #6 11-24
		"/assign 赵敏 调研报告 明天",                  // #7 11-24 (text mention)
		"/assign 赵敏 问题清单 11月25日",              // #8 11-25
		"/assign @tom 外资对接 明天",                // #9 11-24
		"/assign @zhangwei 年度总结 12月20日",       // #10 December
		"/assign @tom 已取消的任务 明天",              // #11 cancelled
	} {
		var opts []tgfake.MsgOption
		if strings.Contains(cmd, "赵敏") {
			opts = append(opts, tgfake.WithTextMention(zhao))
		}
		h.AssignAs(group, boss, cmd, opts...)
	}
	h.Reply(group, boss, "/post 无人认领的任务 明天") // #12
	h.Reply(group, boss, "/cancel 11 任务已合并")

	h.Clock.Set(at(11, 23, 12, 0))
	h.Reply(group, zhang, "/done 1")
	h.Reply(group, wang, "/done 3")
	ext := h.Reply(group, chen, "/extend 5 11月27日 等待国土部门批复")
	if _, ans := h.Press(group, ext.MessageID, boss, "同意"); ans.ShowAlert {
		t.Fatalf("extension not approved: %+v", ans)
	}
	h.Clock.Set(at(11, 24, 20, 0)) // after 18:00: late
	h.Reply(group, wang, "/done 4")
	h.Reply(group, li, "/done 6")
	h.Reply(group, zhao, "/done 7")
	h.Clock.Set(at(11, 25, 9, 0))
	sub := h.Reply(group, zhang, "/done 2")
	h.Press(group, sub.MessageID, boss, "确认办结") // confirmed or not, it counts
	h.Clock.Set(at(11, 26, 10, 0))
	h.Reply(group, chen, "/done 5 已获批复")
	h.Clock.Set(at(11, 28, 10, 0))
	return h
}

// entryLine returns the two lines of a ranking entry for a name.
func entryLine(t *testing.T, text, name string) string {
	t.Helper()
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		if strings.Contains(l, ". ") && strings.Contains(l, name) && i+1 < len(ls) {
			return l + "\n" + ls[i+1]
		}
	}
	t.Fatalf("no entry for %s in:\n%s", name, text)
	return ""
}

func TestRankPeopleMonth(t *testing.T) {
	h := rankScenario(t)
	rank := rankText(h, group, li, "/rank")
	for _, tc := range []struct{ name, want string }{
		{"张伟", "1. 🚩张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分20"},
		{"王芳", "2. 🚩王芳（投资促进局）\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分14"},
		{"陈晨", "3. 🚩陈晨（发改局）\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分10"},
		{"李局", "4. 🟨李局（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分4"},
		{"赵敏", "5. 🟨赵敏\n   到期2 按期0 逾期办结1 逾期未办1 按期率0% 得分-1"},
		{"Tom", "6. 🟨Tom\n   到期1 按期0 逾期办结0 逾期未办1 按期率0% 得分-5"},
	} {
		if got := entryLine(t, rank.PlainText, tc.name); got != tc.want {
			t.Errorf("entry of %s:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
	testkit.MustContain(t, rank.PlainText, "招商引资工作群 · 个人排名", "2026年11月",
		"按期办结×10 + 逾期办结×4 − 逾期未办×5", "前3名🚩红旗、后3名🟨黄旗")
	testkit.MustNotContain(t, rank.PlainText, "刘书记", "年度总结", "已取消")
	for _, id := range []int64{zhang, wang, chen, li, zhao, outsider} {
		if !testkit.HasUserLink(rank, id) {
			t.Errorf("user %d is not linked:\n%s", id, rank.Text)
		}
	}
	testkit.Golden(t, "rank_people_month", rank.PlainText)
	if kw := rankText(h, group, li, "排名"); kw.PlainText != rank.PlainText {
		t.Errorf("排名 differs from /rank:\n%s", kw.PlainText)
	}
	// The same month given as a custom range ranks the same.
	custom := rankText(h, group, li, "/rank 2026-11-01 2026-11-30")
	testkit.MustContain(t, custom.PlainText, "2026-11-01 至 2026-11-30")
	if body(custom.PlainText) != body(rank.PlainText) {
		t.Errorf("custom range differs from the month:\n%s", custom.PlainText)
	}
}

// body drops the heading (title and period) of a ranking.
func body(text string) string {
	parts := strings.SplitN(text, "\n\n", 2)
	return parts[len(parts)-1]
}

func TestRankUnits(t *testing.T) {
	h := rankScenario(t)
	rank := rankText(h, group, li, "/rank 单位")
	testkit.MustContain(t, rank.PlainText, "招商引资工作群 · 单位排名", "2026年11月",
		"1. 投资促进局\n   到期4 按期3 逾期办结1 逾期未办0 按期率75% 得分34",
		"2. 发改局\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分14")
	// Tasks without a unit (赵敏, Tom) are not ranked by unit; fewer than 6
	// entries get no flags.
	testkit.MustNotContain(t, rank.PlainText, "赵敏", "Tom", ". 🚩", ". 🟨", "3. ")
	testkit.Golden(t, "rank_units_month", rank.PlainText)
}

func TestRankPeriods(t *testing.T) {
	h := rankScenario(t)
	for _, tc := range []struct {
		cmd, label string
		want, bad  []string
	}{
		{"/rank 周", "2026-11-23 至 2026-11-29（周）", []string{"张伟（投资促进局）\n   到期2 按期2"}, nil},
		{"/rank 月", "2026年11月", []string{"张伟（投资促进局）\n   到期2 按期2"}, nil},
		// The quarter and the year hold 张伟's December task too, but it is
		// not due yet: 到期 counts only what is settled.
		{"/rank 季", "2026年第4季度", []string{"张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分20"}, nil},
		{"/rank 半年", "2026年下半年", []string{"到期2 按期2"}, nil},
		{"/rank 年", "2026年", []string{"到期2 按期2"}, nil},
		{"/rank 单位 季", "2026年第4季度", []string{"投资促进局\n   到期4 按期3"}, []string{"赵敏"}},
		// December holds only a task not due yet: nobody is ranked for it.
		{"/rank 2026-12-01 2026-12-31", "2026-12-01 至 2026-12-31", []string{"本期没有到期的任务。"}, []string{"张伟", ". 🚩"}},
		{"/rank 2026-01-01 2026-03-31", "2026-01-01 至 2026-03-31", []string{"本期没有到期的任务。"}, []string{"1. "}},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			rank := rankText(h, group, zhang, tc.cmd)
			testkit.MustContain(t, rank.PlainText, append(tc.want, tc.label+"\n", "计分：")...)
			testkit.MustNotContain(t, rank.PlainText, tc.bad...)
		})
	}
	// A week with nothing due.
	h.Clock.Set(at(12, 8, 10, 0))
	week := rankText(h, group, zhang, "/rank 周")
	testkit.MustContain(t, week.PlainText, "2026-12-07 至 2026-12-13（周）", "本期没有到期的任务。")
}

func TestRankBadArguments(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for _, cmd := range []string{
		"/rank 天",
		"/rank 2026-01-01",
		"/rank 2026-03-31 2026-01-01",
		"/rank 2026-13-01 2026-12-31",
		"/rank 2026-01-01 2026-02-30",
		"/rank 2026-01-01 2026-02-01 2026-03-01",
		"/rank 2026/01/01 2026/03/31",
	} {
		out := h.Reply(group, zhang, cmd)
		testkit.MustContain(t, out.PlainText, "用法：/rank [单位] [周|月|季|半年|年|上月|上季|去年]，或 /rank 2026-01-01 2026-03-31")
		testkit.MustNotContain(t, out.PlainText, "排名\n")
	}
	out := rankText(h, group, outsider, "/rank someday")
	testkit.MustContain(t, out.PlainText, "Usage: /rank")
}

func TestRankTiesAndFewEntries(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @wangfang 甲 明天")
	h.Assign(group, "/assign @zhangwei 乙 明天")
	h.Assign(group, "/assign @lijv 丙 明天")
	h.Clock.Set(at(11, 23, 12, 0))
	h.Reply(group, wang, "/done 1")
	h.Reply(group, zhang, "/done 2")
	h.Clock.Set(at(11, 25, 10, 0))
	rank := rankText(h, group, boss, "/rank")
	// 王芳 and 张伟 tie on score and rate: they share first place, in name
	// order; 李局 is overdue. Three entries: no flags.
	testkit.MustContain(t, rank.PlainText, "1. 张伟\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分10",
		"1. 王芳\n   到期1 按期1", "3. 李局\n   到期1 按期0 逾期办结0 逾期未办1 按期率0% 得分-5")
	if strings.Index(rank.PlainText, "张伟") > strings.Index(rank.PlainText, "王芳") {
		t.Errorf("ties are not in name order:\n%s", rank.PlainText)
	}
	testkit.MustNotContain(t, rank.PlainText, ". 🚩", ". 🟨")
}
