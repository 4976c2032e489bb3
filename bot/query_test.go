package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
)

// at returns an instant on a civil date and time in Shanghai.
func at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, testkit.Shanghai)
}

// lines returns the lines of a list that start with "#", in order.
func taskLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// numbers returns the task numbers of a list, in order ("#3 …" → 3).
func numbers(text string) []int {
	var out []int
	for _, l := range taskLines(text) {
		var n int
		if _, err := fmt.Sscanf(l, "#%d", &n); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func equalInts(a, b []int) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func TestTasksOverdueFirstThenByDeadline(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前") // #1 12-04
	h.Assign(group, "/assign @wangfang 报送签约项目清单 明天")   // #2 11-24
	h.Assign(group, "/assign @lijv 走访重点企业 11月25日")     // #3 11-25
	h.Assign(group, "/assign @zhangwei 起草调度会讲话稿 月底前")  // #4 11-30
	h.Assign(group, "/assign @wangfang 整理招商台账 11月25日") // #5 11-25, submitted in time
	h.Reply(group, wang, "/done 5 已整理")
	h.Clock.Set(at(11, 27, 10, 0))
	list := h.Reply(group, zhao, "/tasks")
	if got, want := numbers(list.PlainText), []int{2, 3, 5, 4, 1}; !equalInts(got, want) {
		t.Errorf("order = %v, want %v:\n%s", got, want, list.PlainText)
	}
	testkit.MustContain(t, list.PlainText, "#2 报送签约项目清单 — 王芳，2026-11-24 18:00 周二，逾期3天",
		"#3 走访重点企业 — 李局，2026-11-25 18:00 周三，逾期2天",
		"#5 整理招商台账 — 王芳，2026-11-25 18:00 周三，已提交")
	if len(list.Buttons()) != 0 {
		t.Errorf("one page needs no buttons: %v", list.Buttons())
	}
	testkit.Golden(t, "tasks_overdue", list.PlainText)
	for _, id := range []int64{wang, li, zhang} {
		if !testkit.HasUserLink(list, id) {
			t.Errorf("lead %d is not linked:\n%s", id, list.Text)
		}
	}

	// On the deadline's own evening it is overdue, but not yet a day.
	h.Clock.Set(at(11, 30, 19, 0))
	list = h.Reply(group, zhao, "/tasks")
	testkit.MustContain(t, list.PlainText, "#4 起草调度会讲话稿 — 张伟，2026-11-30 18:00 周一，已逾期", "逾期6天")
}

func TestTasksFilters(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/unit add 投资促进局 @zhangwei")
	h.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 明天") // #1 11-24 投资促进局
	h.Assign(group, "/assign @wangfang 报送签约项目清单 下周五前")         // #2 12-04 no unit
	h.Assign(group, "/assign @lijv 走访重点企业 11月27日 单位：发改局")      // #3 11-27 发改局
	h.Assign(group, "/assign @zhangwei 起草年度总结 12月20日")         // #4 12-20 投资促进局
	h.Assign(group, "/assign @wangfang 整理招商台账 11月25日")         // #5 closed
	sub := h.Reply(group, wang, "/done 5 已整理")
	h.Press(group, sub.MessageID, boss, "确认办结")
	h.Clock.Set(at(11, 25, 20, 0))

	for _, tc := range []struct {
		cmd   string
		want  []int
		title string
	}{
		{"/tasks", []int{1, 3, 2, 4}, "本群未办结任务（共 4 项）"},
		{"/tasks 全部", []int{1, 3, 2, 4}, "本群未办结任务"},
		{"/tasks @zhangwei", []int{1, 4}, "张伟 的任务（共 2 项）"},
		{"/tasks @wangfang", []int{1, 2}, "王芳 的任务（共 2 项）"},
		{"/tasks @lijv", []int{3}, "李局 的任务（共 1 项）"},
		{"/tasks 逾期", []int{1}, "本群逾期任务（共 1 项）"},
		{"/tasks 本周", []int{1, 3}, "本周到期任务（共 2 项）"},
		{"/tasks 投资促进局", []int{1, 4}, "「投资促进局」的任务（共 2 项）"},
		{"/tasks 发改局", []int{3}, "「发改局」的任务（共 1 项）"},
		{"/tasks 已办结", []int{5}, "本群已办结任务（共 1 项）"},
		{"任务 逾期", []int{1}, "本群逾期任务"},
		{"/tasks @zhaomin_none", nil, "还不认识 @zhaomin_none"},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			list := h.Reply(group, zhao, tc.cmd)
			testkit.MustContain(t, list.PlainText, tc.title)
			if got := numbers(list.PlainText); !equalInts(got, tc.want) {
				t.Errorf("%s lists %v, want %v:\n%s", tc.cmd, got, tc.want, list.PlainText)
			}
		})
	}
	closed := h.Reply(group, zhao, "/tasks 已办结")
	testkit.MustContain(t, closed.PlainText, "#5 整理招商台账 — 王芳，2026-11-25 18:00 周三，已办结")

	out := h.Reply(group, zhao, "/tasks 不存在局")
	testkit.MustContain(t, out.PlainText, "没有名为「不存在局」的单位", "/tasks 逾期", "/tasks 本周", "/unit list")
	if len(taskLines(out.PlainText)) != 0 {
		t.Errorf("an unknown unit listed tasks:\n%s", out.PlainText)
	}
}

func TestTasksPagesEditInPlace(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for i := 1; i <= 23; i++ {
		h.Assign(group, fmt.Sprintf("/assign @zhangwei 第%02d项招商任务 下周五前", i))
	}
	list := h.Reply(group, wang, "/tasks")
	testkit.MustContain(t, list.PlainText, "本群未办结任务（共 23 项，第 1/3 页）")
	if got, want := numbers(list.PlainText), seq(1, 10); !equalInts(got, want) {
		t.Errorf("page 1 = %v, want %v", got, want)
	}
	if got := fmt.Sprint(list.Buttons()); got != "[[▶]]" {
		t.Fatalf("page 1 buttons = %s, want [[▶]]", got)
	}
	testkit.Golden(t, "tasks_page1", list.PlainText)

	steps := []struct {
		label   string
		page    string
		want    []int
		buttons string
	}{
		{"▶", "第 2/3 页", seq(11, 20), "[[◀ ▶]]"},
		{"▶", "第 3/3 页", seq(21, 23), "[[◀]]"},
		{"◀", "第 2/3 页", seq(11, 20), "[[◀ ▶]]"},
		{"◀", "第 1/3 页", seq(1, 10), "[[▶]]"},
	}
	for i, st := range steps {
		sent, ans := h.Press(group, list.MessageID, zhao, st.label)
		if ans.ShowAlert {
			t.Fatalf("step %d: alert %q", i, ans.Text)
		}
		if len(sent) != 1 || sent[0].Method != "editMessageText" || sent[0].MessageID != list.MessageID {
			t.Fatalf("step %d: want one edit of message %d, got:\n%s", i, list.MessageID, testkit.Dump(sent))
		}
		e := sent[0]
		testkit.MustContain(t, e.PlainText, st.page)
		if got := numbers(e.PlainText); !equalInts(got, st.want) {
			t.Errorf("step %d lists %v, want %v", i, got, st.want)
		}
		if got := fmt.Sprint(e.Buttons()); got != st.buttons {
			t.Errorf("step %d buttons = %s, want %s", i, got, st.buttons)
		}
		if m, ok := h.Fake.Message(group, list.MessageID); !ok || !strings.Contains(m.Text, st.page) {
			t.Errorf("step %d: the message itself does not show %s", i, st.page)
		}
	}
	// A stale ▶ after the list shrank shows the last page there is.
	for i := 11; i <= 23; i++ {
		h.Reply(group, boss, fmt.Sprintf("/cancel %d 合并", i))
	}
	sent, ans := h.PressData(group, list.MessageID, zhao, "tl:2:a")
	if ans.ShowAlert || len(sent) != 1 {
		t.Fatalf("stale page: %+v\n%s", ans, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "本群未办结任务（共 10 项）\n")
	if got := numbers(sent[0].PlainText); !equalInts(got, seq(1, 10)) {
		t.Errorf("stale page lists %v", got)
	}
	// Forged or stale filters get an alert, not a crash.
	for _, data := range []string{"tl:0:u999", "tl:0:p999", "tl:x:a", "tl:0:z", "tl:-1:a"} {
		sent, ans := h.PressData(group, list.MessageID, zhao, data)
		if !ans.ShowAlert || !strings.Contains(ans.Text, "按钮已失效") || len(sent) != 0 {
			t.Errorf("%s: answer %+v, sent:\n%s", data, ans, testkit.Dump(sent))
		}
	}
	for i := 11; i <= 23; i++ {
		h.Assign(group, fmt.Sprintf("/assign @zhangwei 第%02d项新任务 下周五前", i))
	}
	// Pages of a filtered list keep the filter.
	h.Assign(group, "/assign @wangfang 王芳的任务 明天")
	flt := h.Reply(group, zhao, "/tasks @zhangwei")
	testkit.MustContain(t, flt.PlainText, "张伟 的任务（共 23 项，第 1/3 页）")
	sent, _ = h.Press(group, flt.MessageID, zhao, "▶")
	if len(sent) != 1 {
		t.Fatalf("no edit:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "张伟 的任务（共 23 项，第 2/3 页）")
	testkit.MustNotContain(t, sent[0].PlainText, "王芳的任务")
}

func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestTasksOfAnotherGroupNeverAppear(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 本群的任务 下周五前")
	other := h.Reply(otherGrp, boss, "/assign @zhangwei 别的群的任务 明天")
	testkit.MustContain(t, other.PlainText, "#1 别的群的任务")
	h.Reply(otherGrp, boss, "/assign @wangfang 别的群的第二项 明天")

	for _, cmd := range []string{"/tasks", "/tasks @zhangwei", "/tasks 本周", "/my"} {
		out := h.Reply(group, zhang, cmd)
		testkit.MustNotContain(t, out.PlainText, "别的群")
	}
	list := h.Reply(group, zhang, "/tasks")
	testkit.MustContain(t, list.PlainText, "共 1 项", "#1 本群的任务")
	detail := h.Reply(group, zhang, "/task 1")
	testkit.MustContain(t, detail.PlainText, "#1 本群的任务")
	testkit.MustNotContain(t, detail.PlainText, "别的群")
	for _, cmd := range []string{"/task 2", "任务 2", "/progress 2 50% 推进中", "/done 2", "/claim 2"} {
		out := h.Reply(group, wang, cmd)
		testkit.MustContain(t, out.PlainText, "本群没有 #2 号任务")
	}
	// Ranking and 已办结 lists are per group too.
	rank := h.Reply(group, boss, "/rank")
	testkit.MustNotContain(t, rank.PlainText, "王芳")
}

func TestTasksKeywordsAndAddressing(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")
	for _, tc := range []struct {
		text string
		want string // "" means the bot stays silent
	}{
		{"任务", "本群未办结任务（共 1 项）"},
		{"任务 1", "交办人：刘书记"},
		{"任务 #1", "交办人：刘书记"},
		{"任务太多了", ""},
		{"任务：看一下", ""},
		{"我的任务", "张伟 的未办结任务（共 1 项）"},
		{"/tasks@duban_bot", "本群未办结任务（共 1 项）"},
		{"/tasks@DUBAN_BOT", "本群未办结任务（共 1 项）"},
		{"/tasks@other_bot", ""},
		{"/task@other_bot 1", ""},
		{"/task@duban_bot 1", "交办人：刘书记"},
		{"/nosuchcommand", ""},
		{"看看 /tasks", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			out := h.Say(group, zhang, tc.text)
			if tc.want == "" {
				if len(out) != 0 {
					t.Errorf("%q triggered:\n%s", tc.text, testkit.Dump(out))
				}
				return
			}
			if len(out) != 1 {
				t.Fatalf("%q: %d answers:\n%s", tc.text, len(out), testkit.Dump(out))
			}
			testkit.MustContain(t, out[0].PlainText, tc.want)
		})
	}
}

func TestMyInGroupAndPrivate(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")         // #1 lead
	h.Assign(group, "/assign @wangfang @zhangwei 报送签约项目清单 明天") // #2 co
	h.Assign(group, "/assign @wangfang 王芳自己的任务 明天")            // #3 not mine
	h.Assign(group, "/assign @zhangwei 已经办结的任务 明天")            // #4 closed
	sub := h.Reply(group, zhang, "/done 4")
	h.Press(group, sub.MessageID, boss, "确认办结")
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群交办的任务 11月26日")
	h.Reply(otherGrp, boss, "/assign @wangfang 另一个群王芳的任务 11月26日")

	my := h.Reply(group, zhang, "/my")
	testkit.MustContain(t, my.PlainText, "张伟 的未办结任务（共 2 项）",
		"#2 报送签约项目清单 — 王芳，2026-11-24 18:00 周二，待办（协办）",
		"#1 完成项目申报材料 — 张伟，2026-12-04 18:00 周五，待办（主办）")
	testkit.MustNotContain(t, my.PlainText, "王芳自己的任务", "已经办结", "另一个群")
	if got := numbers(my.PlainText); !equalInts(got, []int{2, 1}) {
		t.Errorf("order %v, want [2 1]", got)
	}
	kw := h.Reply(group, zhang, "我的任务")
	if kw.PlainText != my.PlainText {
		t.Errorf("我的任务 differs from /my:\n%s\n---\n%s", kw.PlainText, my.PlainText)
	}
	// Someone with nothing to do.
	none := h.Reply(group, li, "/my")
	testkit.MustContain(t, none.PlainText, "李局 的未办结任务（共 0 项）", "暂无")

	// In private: every group, grouped by group title, never anyone else's.
	h.Fake.StartBot(zhang)
	h.Settle()
	priv := h.Reply(zhang, zhang, "/my")
	testkit.MustContain(t, priv.PlainText, "张伟 的未办结任务（共 3 项）", "招商引资工作群", "另一个群",
		"另一个群交办的任务", "完成项目申报材料", "报送签约项目清单")
	testkit.MustNotContain(t, priv.PlainText, "王芳自己的任务", "另一个群王芳的任务", "已经办结")
	testkit.Golden(t, "my_private", priv.PlainText)
	h.Fake.StartBot(wang)
	h.Settle()
	privW := h.Reply(wang, wang, "我的任务")
	testkit.MustContain(t, privW.PlainText, "王芳 的未办结任务（共 3 项）", "王芳自己的任务", "另一个群王芳的任务", "报送签约项目清单")
	testkit.MustNotContain(t, privW.PlainText, "完成项目申报材料", "另一个群交办的任务")
	// Group commands in private say where to use them.
	out := h.Reply(zhang, zhang, "/tasks")
	testkit.MustContain(t, out.PlainText, "这个命令请在工作群里使用", "/my")
}

func TestTaskDetail(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Reply(group, boss, "/unit add 投资促进局 @zhangwei")
	card := h.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月27日 包保：@lijv")
	h.Clock.Set(at(11, 23, 11, 5))
	h.Press(group, card.MessageID, zhang, "收到")
	h.Clock.Set(at(11, 24, 9, 30))
	h.Reply(group, zhang, "/progress 1 30% 已完成初稿")
	h.Clock.Set(at(11, 24, 10, 0))
	ext := h.Reply(group, zhang, "/extend 1 11月30日 人手不足")
	h.Clock.Set(at(11, 24, 10, 20))
	h.Press(group, ext.MessageID, boss, "不同意")
	h.Clock.Set(at(11, 25, 15, 0))
	ext = h.Reply(group, zhang, "/extend 1 12月4日 等待省厅批复")
	h.Clock.Set(at(11, 25, 16, 0))
	h.Press(group, ext.MessageID, boss, "同意")
	h.Clock.Set(at(11, 26, 10, 0))
	h.Reply(group, wang, "/progress 1 60% 已报送<审核>")
	h.Clock.Set(at(11, 27, 9, 0))
	h.Reply(group, zhang, "/done 1 材料已报送")

	h.Clock.Set(at(11, 28, 9, 0))
	detail := h.Reply(group, zhao, "/task 1")
	testkit.MustContain(t, detail.PlainText, "#1 完成项目申报材料", "主办：张伟", "协办：王芳", "牵头单位：投资促进局",
		"包保领导：李局", "截止：2026-12-04 18:00 周五", "原截止：2026-11-27 18:00 周五", "状态：已提交",
		"交办人：刘书记，2026-11-23 10:00 周一", "提交时间：2026-11-27 09:00 周五",
		"签收：张伟 11-23 11:05；王芳 未签收",
		"11-24 09:30 张伟：30% 已完成初稿", "11-26 10:00 王芳：60% 已报送<审核>",
		"不同意", "已同意", "等待省厅批复",
		"11-23 10:00 刘书记 交办", "11-23 11:05 张伟 签收", "11-25 16:00 刘书记 同意延期", "11-27 09:00 张伟 提交办结：材料已报送")
	testkit.MustContain(t, detail.Text, "已报送&lt;审核&gt;")
	for _, id := range []int64{zhang, wang, li, boss} {
		if !testkit.HasUserLink(detail, id) {
			t.Errorf("user %d is not linked:\n%s", id, detail.Text)
		}
	}
	testkit.Golden(t, "task_detail", detail.PlainText)
}

func TestTaskNumberArguments(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	h.Assign(group, "/assign @zhangwei 完成项目申报材料 下周五前")
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的任务 明天")
	h.Reply(otherGrp, boss, "/assign @zhangwei 另一个群的第二项 明天")
	for _, tc := range []struct{ cmd, want string }{
		{"/task 2", "本群没有 #2 号任务。用 /tasks 查看本群任务。"},
		{"/task #1", "截止：2026-12-04 18:00 周五（下周五前）\n"},
		{"/task 1", "原截止：2026-12-04 18:00 周五（未变更）"},
		{"/task ＃1", "#1 完成项目申报材料"},
		{"/task", "请写明任务编号"},
		{"/task abc", "请写明任务编号"},
		{"/task 0", "请写明任务编号"},
		{"/task -1", "请写明任务编号"},
		{"/task 99999999999999", "请写明任务编号"},
	} {
		out := h.Reply(group, wang, tc.cmd)
		testkit.MustContain(t, out.PlainText, tc.want)
	}
	// In private, /task looks among one's own tasks: Tom has none.
	out := h.Reply(outsider, outsider, "/task 1")
	testkit.MustContain(t, out.PlainText, "You have no task #1")
	testkit.MustNotContain(t, out.PlainText, "完成项目申报材料")
}
