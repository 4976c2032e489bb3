package scheduler_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// What users of a work group notice of the reminders, through the fake Bot
// API: the group message (its wording, who it mentions, its buttons), the
// private copies, and when each arrives on the test's clock.

// checkOnTime fails unless every message arrived at want on the fake clock:
// the dispatcher sleeps on a timer for the due time and does not poll.
func checkOnTime(t *testing.T, sent []tgfake.Sent, want time.Time) {
	t.Helper()
	for _, s := range sent {
		if !s.At.Equal(want) {
			t.Errorf("message to %d arrived at %s, want %s:\n%s", s.ChatID, testkit.Show(s.At), testkit.Show(want), s.PlainText)
		}
	}
}

// TestReminderKinds runs on SQLite and on PostgreSQL.
func TestReminderKinds(t *testing.T) {
	e2e.ForEachBackend(t, envOptions(testkit.Monday), testReminderKinds)
}

func testReminderKinds(t *testing.T, e *e2e.Harness) {
	// #1: 张伟 leads (started the bot), 王芳 cooperates (has not), 李局 is
	// the 包保 leader; due Wednesday 18:00.
	e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月25日18:00 单位：投资促进局 包保：@lijv")
	// Nothing comes before its time.
	if got := reminders(e.Advance(testkit.Local("2026-11-24 17:59"))); len(got) != 0 {
		t.Fatalf("reminders before their time:\n%s", testkit.Dump(got))
	}
	header := "#1 完成项目申报材料"
	steps := []struct {
		name    string
		at      string
		kinds   int      // group messages at that moment
		wants   []string // in the group message (each message when several)
		private []int64  // who gets a private copy
	}{
		{"1 day before", "2026-11-24 18:00", 1,
			[]string{"⏰ 截止提醒：" + header, "将于 2026-11-25 18:00 周三 截止（还有1天）", "主办：张伟", "协办：王芳"},
			[]int64{zhang}},
		{"2 hours before", "2026-11-25 16:00", 1,
			[]string{"⏰ 截止提醒：" + header, "（还有2小时）"}, []int64{zhang}},
		{"due", "2026-11-25 18:00", 1,
			[]string{"⏰ 已到截止时间：" + header, "截止：2026-11-25 18:00 周三", "请尽快办结，完成后发送 /done 1"}, []int64{zhang}},
		{"overdue, day 1", "2026-11-26 09:00", 1,
			[]string{"🔴 催办：" + header + " 已逾期1天", "请抓紧办理"}, []int64{zhang}},
		// The day's 催办 and the escalation fall at the same minute: one
		// message, to the assignees and, privately, to the assigner and
		// the 包保 leader.
		{"overdue, day 2, and the escalation", "2026-11-27 09:00", 1,
			[]string{"🚨 升级督办：" + header + " 已逾期2天"}, []int64{zhang, boss, li}},
		{"overdue after the weekend", "2026-11-30 09:00", 1,
			[]string{"🔴 催办：" + header + " 已逾期5天"}, []int64{zhang}},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			at := testkit.Local(step.at)
			sent := e.Advance(at)
			got := reminders(testkit.To(sent, group))
			if len(got) != step.kinds {
				t.Fatalf("%d reminders in the group, want %d:\n%s", len(got), step.kinds, testkit.Dump(sent))
			}
			checkOnTime(t, got, at)
			for _, m := range got {
				testkit.MustContain(t, m.PlainText, step.wants...)
				// The assignees are mentioned with links; 王芳, who has not
				// started the bot, is offered the deep link.
				for _, id := range []int64{zhang, wang} {
					if !testkit.HasUserLink(m, id) {
						t.Errorf("assignee %d is not linked:\n%s", id, m.Text)
					}
				}
				testkit.MustContain(t, m.PlainText, "王芳：点此私聊机器人")
				if link := startLink(m); link == "" {
					t.Errorf("no deep link to start the bot:\n%s", m.Text)
				}
				if strings.Contains(m.PlainText, "张伟：点此私聊") {
					t.Errorf("张伟 started the bot but is offered the link:\n%s", m.PlainText)
				}
			}
			// Private copies, with the group's name, for those who started the bot.
			var private []int64
			for _, s := range sent {
				if s.ChatID > 0 && s.Method == "sendMessage" {
					private = append(private, s.ChatID)
					testkit.MustContain(t, s.PlainText, "【招商引资工作群】", header)
					if !s.At.Equal(at) {
						t.Errorf("private copy at %s, want %s", testkit.Show(s.At), testkit.Show(at))
					}
				}
			}
			if !sameIDs(private, step.private) {
				t.Errorf("private copies to %v, want %v:\n%s", private, step.private, testkit.Dump(sent))
			}
		})
	}
	// The escalation names, in the group's leader order, the assigner and
	// then the 包保 leader, and goes to them privately.
	esc := testkit.Containing(e.Fake.SentTo(group), "升级督办")
	if len(esc) != 1 {
		t.Fatalf("%d escalations, want 1", len(esc))
	}
	testkit.MustContain(t, esc[0].PlainText, "🚨 升级督办："+header+" 已逾期2天，仍未办结", "请 刘书记、李局 关注督促")
	if !testkit.HasUserLink(esc[0], li) || !testkit.HasUserLink(esc[0], boss) {
		t.Errorf("the leaders are not linked:\n%s", esc[0].Text)
	}
	for _, id := range []int64{li, boss} {
		if got := testkit.Containing(e.Fake.SentTo(id), "升级督办"); len(got) != 1 {
			t.Errorf("%d got %d private escalations, want 1", id, len(got))
		}
	}
	// Nothing on the weekend: every reminder of the group is one of the steps.
	if got := reminders(e.Fake.SentTo(group)); len(got) != 6 {
		t.Errorf("%d reminders in all, want 6:\n%s", len(got), testkit.Dump(got))
	}
}

// sameIDs compares two lists of ids as multisets.
func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[int64]int{}
	for _, x := range a {
		count[x]++
	}
	for _, x := range b {
		count[x]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// arrival is a reminder users should see: when, and a phrase of it.
type arrival struct {
	at   string // local time, "2006-01-02 15:04"
	text string
}

// checkArrivals compares the reminders of a chat with the arrivals wanted:
// the same number, each at its time with its phrase (in any order among
// those of the same time).
func checkArrivals(t *testing.T, sent []tgfake.Sent, want []arrival) {
	t.Helper()
	ok := len(sent) == len(want)
	used := make([]bool, len(sent))
	for _, a := range want {
		found := false
		for i, s := range sent {
			if !used[i] && s.At.Equal(testkit.Local(a.at)) && strings.Contains(s.PlainText, a.text) {
				used[i], found = true, true
				break
			}
		}
		ok = ok && found
	}
	if ok {
		return
	}
	var w strings.Builder
	for _, a := range want {
		w.WriteString("  " + testkit.Show(testkit.Local(a.at)) + "  " + a.text + "\n")
	}
	t.Errorf("reminders:\n%swant:\n%s", testkit.Dump(sent), w.String())
}

func TestReminderButtons(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月25日18:00")
	got := reminders(testkit.To(e.Advance(testkit.Local("2026-11-24 18:00")), group))
	if len(got) != 1 {
		t.Fatalf("want the 1-day reminder:\n%s", testkit.Dump(got))
	}
	m := got[0]
	if b := m.Buttons(); len(b) != 1 || strings.Join(b[0], " ") != "查看 进展 提交办结" {
		t.Fatalf("buttons %v, want 查看 进展 提交办结", b)
	}
	// The private copy carries the same buttons.
	private := copies(e.Fake.SentTo(zhang), zhang)
	if len(private) == 0 || strings.Join(private[len(private)-1].Buttons()[0], " ") != "查看 进展 提交办结" {
		t.Fatalf("the private copy's buttons: %v", private)
	}

	// 进展 asks the assignee for the report, answered by replying.
	sent, ans := e.Press(group, m.MessageID, wang, "进展")
	if ans.ShowAlert || len(sent) != 1 || !sent[0].ForceReply {
		t.Fatalf("进展: alert %q, sent:\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "王芳 请回复 #1 完成项目申报材料 的进展")
	report := e.Say(group, wang, "40% 已完成选址", tgfake.ReplyTo(sent[0].MessageID))
	if len(report) != 1 {
		t.Fatalf("the report:\n%s", testkit.Dump(report))
	}
	testkit.MustContain(t, report[0].PlainText, "📝 #1 完成项目申报材料 进展（40%）", "王芳：已完成选址")
	_, ans = e.Press(group, m.MessageID, li, "进展")
	testkit.MustContain(t, ans.Text, "只有 #1 的主办或协办可以报告进展")
	// The same from the private copy: asked there, told in the group.
	copyMsg := private[len(private)-1]
	sent, ans = e.Press(zhang, copyMsg.MessageID, zhang, "进展")
	if ans.ShowAlert || len(sent) != 1 || sent[0].ChatID != zhang || !sent[0].ForceReply {
		t.Fatalf("进展 in private: alert %q, sent:\n%s", ans.Text, testkit.Dump(sent))
	}
	report = e.Say(zhang, zhang, "70% 已报省厅", tgfake.ReplyTo(sent[0].MessageID))
	// Each chat has its own sender: the two answers may arrive in either order.
	inGroup, inPrivate := testkit.To(report, group), testkit.To(report, zhang)
	if len(report) != 2 || len(inGroup) != 1 || len(inPrivate) != 1 {
		t.Fatalf("a report from private:\n%s", testkit.Dump(report))
	}
	testkit.MustContain(t, inGroup[0].PlainText, "📝 #1 完成项目申报材料 进展（70%）", "张伟：已报省厅")
	testkit.MustContain(t, inPrivate[0].PlainText, "已报告 #1 完成项目申报材料 的进展，「招商引资工作群」群内已同步")

	// 查看 shows the task to whoever presses it.
	sent, ans = e.Press(group, m.MessageID, li, "查看")
	if ans.ShowAlert || len(sent) != 1 {
		t.Fatalf("查看: alert %q, sent:\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "#1 完成项目申报材料", "主办：张伟", "截止：2026-11-25 18:00 周三")

	// 提交办结 acts only for the assignees; others get an alert.
	for _, who := range []int64{li, boss} {
		sent, ans := e.Press(group, m.MessageID, who, "提交办结")
		if !ans.ShowAlert || len(sent) != 0 {
			t.Errorf("提交办结 by %d: alert %v %q, sent:\n%s", who, ans.ShowAlert, ans.Text, testkit.Dump(sent))
		}
		testkit.MustContain(t, ans.Text, "只有 #1 的主办或协办可以提交办结")
	}
	sent, ans = e.Press(group, m.MessageID, zhang, "提交办结")
	if ans.ShowAlert || len(sent) != 1 {
		t.Fatalf("提交办结 by 张伟: alert %q, sent:\n%s", ans.Text, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "张伟 提交了 #1 完成项目申报材料，等待交办人或领导确认")

	// Submitted: no more reminders (the 2-hour one, the deadline, 催办).
	if got := reminders(e.Advance(testkit.Local("2026-11-30 10:00"))); len(got) != 0 {
		t.Errorf("a submitted task was reminded:\n%s", testkit.Dump(got))
	}
}

func TestUrge(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月25日18:00")
	e.Assign(group, "/assign @wangfang 整理招商台账 11月26日18:00")
	e.Answer(group, boss, "/cancel 2 与 #1 合并办理", "已取消")
	// Late in the evening, inside the quiet hours.
	e.Advance(testkit.Local("2026-11-23 23:30"))
	cases := []struct {
		name   string
		from   int64
		text   string
		wants  []string // in the urge the group gets
		answer string   // the bot's answer instead of an urge
	}{
		{"with a note", boss, "/urge 1 请今天下班前报送",
			[]string{"📣 刘书记 催办 #1 完成项目申报材料：请今天下班前报送", "截止：2026-11-25 18:00 周三，还有1天18小时", "主办：张伟"}, ""},
		{"keyword 催办, no note", boss, "催办 1",
			[]string{"📣 刘书记 催办 #1 完成项目申报材料\n截止："}, ""},
		{"a member may not", zhang, "/urge 1 快点", nil, "只有领导可以催办"},
		{"a cancelled task", boss, "/urge 2", nil, "#2 当前为「已取消」，无需催办"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now := e.Clock.Now()
			mark := e.Fake.Mark()
			answers := e.Say(group, c.from, c.text)
			e.CatchUp()
			sent := e.Fake.Sent()[mark:]
			urges := reminders(testkit.To(sent, group))
			if c.answer != "" {
				if len(urges) != 0 || len(answers) != 1 {
					t.Fatalf("want a refusal only:\n%s", testkit.Dump(sent))
				}
				testkit.MustContain(t, answers[0].PlainText, c.answer)
				return
			}
			if len(urges) != 1 {
				t.Fatalf("want one urge at once:\n%s", testkit.Dump(sent))
			}
			checkOnTime(t, urges, now) // quiet hours or not
			testkit.MustContain(t, urges[0].PlainText, c.wants...)
			if !testkit.HasUserLink(urges[0], zhang) || !testkit.HasUserLink(urges[0], wang) || !testkit.HasUserLink(urges[0], boss) {
				t.Errorf("the assignees and the leader who urged are not linked:\n%s", urges[0].Text)
			}
			testkit.MustContain(t, urges[0].PlainText, "王芳：点此私聊机器人")
			private := testkit.To(sent, zhang)
			if len(private) != 1 {
				t.Fatalf("张伟 got %d private copies, want 1:\n%s", len(private), testkit.Dump(sent))
			}
			checkOnTime(t, private, now)
			testkit.MustContain(t, private[0].PlainText, "【招商引资工作群】", "催办 #1 完成项目申报材料")
		})
	}
}

func TestRemindExtra(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Answer(group, boss, "/settings 提醒 关", "已更新") // only the extra reminders and the deadline
	e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月25日18:00")
	e.Answer(group, boss, "/remind 1 明天上午10点", "🔔 已设置提醒：#1 完成项目申报材料 将于 2026-11-24 10:00 周二 提醒。")
	e.Answer(group, zhang, "/remind 1 今晚11点", "将于 2026-11-24 08:00 周二 提醒。（原定时间在免打扰时段内，顺延到结束时）")
	e.Answer(group, li, "/remind 1 明天", "只有 #1 的交办人、承办人或领导可以设置提醒")
	e.Answer(group, boss, "/remind 1", "请写明提醒时间")
	sent := e.Advance(testkit.Local("2026-11-25 18:00"))
	checkArrivals(t, reminders(testkit.To(sent, group)), []arrival{
		{"2026-11-24 08:00", "⏰ 提醒：#1 完成项目申报材料\n截止：2026-11-25 18:00 周三，还有1天10小时"},
		{"2026-11-24 10:00", "⏰ 提醒：#1 完成项目申报材料\n截止：2026-11-25 18:00 周三，还有1天8小时"},
		{"2026-11-25 18:00", "⏰ 已到截止时间：#1 完成项目申报材料"},
	})
	for _, m := range reminders(testkit.To(sent, group)) {
		if !testkit.HasUserLink(m, zhang) || !testkit.HasUserLink(m, wang) {
			t.Errorf("the assignees are not linked:\n%s", m.Text)
		}
	}
	if got := copies(sent, zhang); len(got) != 3 {
		t.Errorf("张伟 got %d private copies, want 3:\n%s", len(got), testkit.Dump(got))
	}
}

func TestQuietHours(t *testing.T) {
	cases := []struct {
		name     string
		settings []string
		deadline string
		until    string
		want     []arrival
	}{
		{"default 22:00–08:00", nil, "11月24日23:30", "2026-11-25 10:00", []arrival{
			// 1 day before is Monday 23:30: said at 08:00, with the time left then.
			{"2026-11-24 08:00", "将于 2026-11-24 23:30 周二 截止（还有15小时30分钟）"},
			{"2026-11-24 21:30", "（还有2小时）"},
			{"2026-11-25 08:00", "⏰ 已到截止时间"},
			{"2026-11-25 09:00", "🔴 催办：#1 完成项目申报材料 已逾期1天"},
		}},
		{"custom 12:00–14:00", []string{"/settings 免打扰 12:00-14:00"}, "11月25日13:00", "2026-11-26 10:00", []arrival{
			{"2026-11-24 14:00", "（还有23小时）"},
			{"2026-11-25 11:00", "（还有2小时）"},
			{"2026-11-25 14:00", "⏰ 已到截止时间"},
			{"2026-11-26 09:00", "🔴 催办"},
		}},
		{"none", []string{"/settings 免打扰 关"}, "11月24日23:30", "2026-11-25 10:00", []arrival{
			{"2026-11-23 23:30", "（还有1天）"},
			{"2026-11-24 21:30", "（还有2小时）"},
			{"2026-11-24 23:30", "⏰ 已到截止时间"},
			{"2026-11-25 09:00", "🔴 催办"},
		}},
		{"a reminder the quiet hours would hold past the deadline is dropped", nil, "11月25日01:00", "2026-11-25 10:00", []arrival{
			{"2026-11-24 08:00", "（还有17小时）"},
			// not the 2-hour one (Tuesday 23:00): the deadline comes first
			{"2026-11-25 08:00", "⏰ 已到截止时间"},
			{"2026-11-25 09:00", "🔴 催办"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			for _, s := range c.settings {
				e.Answer(group, boss, s, "已更新")
			}
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 "+c.deadline)
			sent := e.Advance(testkit.Local(c.until))
			checkArrivals(t, reminders(testkit.To(sent, group)), c.want)
			// Private copies keep the group's quiet hours too.
			checkArrivals(t, copies(sent, zhang), c.want)
		})
	}
}

func TestNoChaseOnHolidays(t *testing.T) {
	e := newEnv(t, testkit.Local("2026-09-28 10:00")) // the Monday before 国庆
	e.Assign(group, "/assign @zhangwei @wangfang 国庆前报送材料 9月30日18:00")
	sent := e.Advance(testkit.Local("2026-10-19 10:00"))
	var chases []string
	for _, m := range reminders(testkit.To(sent, group)) {
		if strings.Contains(m.PlainText, "🔴 催办") || strings.Contains(m.PlainText, "🚨 升级督办") {
			chases = append(chases, m.At.In(testkit.Shanghai).Format("01-02 15:04 Mon"))
		}
	}
	want := []string{
		// 10-01..10-07 国庆: none; 10-08 is a Thursday; 10-09's 催办 is
		// the escalation's message
		"10-08 09:00 Thu", "10-09 09:00 Fri",
		"10-10 09:00 Sat", // 调休: the Saturday is a working day
		"10-12 09:00 Mon", "10-13 09:00 Tue", "10-14 09:00 Wed", "10-15 09:00 Thu", "10-16 09:00 Fri",
		"10-19 09:00 Mon", // not on the weekend
	}
	if strings.Join(chases, ",") != strings.Join(want, ",") {
		t.Errorf("催办 on\n %v\nwant\n %v", chases, want)
	}
	for day, n := range map[string]int{"10-08": 8, "10-10": 10, "10-19": 19} {
		m := testkit.Containing(testkit.Containing(reminders(testkit.To(sent, group)), "🔴 催办"), "已逾期"+itoa(n)+"天")
		if len(m) != 1 || m[0].At.In(testkit.Shanghai).Format("01-02") != day {
			t.Errorf("want 已逾期%d天 on %s:\n%s", n, day, testkit.Dump(m))
		}
	}
	// The escalation after 2 working days: 10-08 and 10-09.
	esc := testkit.Containing(reminders(testkit.To(sent, group)), "升级督办")
	if len(esc) != 1 || !esc[0].At.Equal(testkit.Local("2026-10-09 09:00")) {
		t.Errorf("escalation:\n%s", testkit.Dump(esc))
	}
	// The weekly digest skips the Monday of 国庆.
	var digests []string
	for _, m := range testkit.Containing(testkit.To(sent, group), "每周调度") {
		digests = append(digests, m.At.In(testkit.Shanghai).Format("01-02 15:04"))
	}
	if strings.Join(digests, ",") != "10-12 09:00,10-19 09:00" {
		t.Errorf("weekly digests on %v, want 10-12 and 10-19", digests)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestReplan changes a task (#1, due Wednesday 18:00) while its reminders
// are pending: the old ones never arrive, the new ones do.
func TestReplan(t *testing.T) {
	// asPlanned is what #1 gets up to its first 催办 when nothing moves it.
	asPlanned := []arrival{
		{"2026-11-24 18:00", "（还有1天）"},
		{"2026-11-25 16:00", "（还有2小时）"},
		{"2026-11-25 18:00", "已到截止时间"},
		{"2026-11-26 09:00", "已逾期1天"},
	}
	asPlannedThen := func(more []arrival) []arrival { return append(slices.Clone(asPlanned), more...) }
	cases := []struct {
		name  string
		actAt string // when the change is made
		act   func(e *e2e.Harness)
		until string
		want  []arrival
	}{
		{"unchanged", "2026-11-23 10:00", func(e *e2e.Harness) {}, "2026-11-30 10:00", asPlannedThen([]arrival{
			{"2026-11-27 09:00", "升级督办：#1 完成项目申报材料 已逾期2天"},
			{"2026-11-30 09:00", "已逾期5天"},
		})},
		{"/extend approved after the first reminder", "2026-11-25 10:00", func(e *e2e.Harness) {
			req := e.Answer(group, zhang, "/extend 1 11月27日18:00 等待省厅批复", "申请截止：2026-11-27 18:00 周五")
			if sent, ans := e.Press(group, req.MessageID, boss, "同意"); ans.ShowAlert || len(sent) != 2 {
				e.T.Fatalf("approval: %q\n%s", ans.Text, testkit.Dump(sent))
			}
		}, "2026-11-30 10:00", []arrival{
			{"2026-11-24 18:00", "将于 2026-11-25 18:00 周三 截止（还有1天）"},
			{"2026-11-26 18:00", "将于 2026-11-27 18:00 周五 截止（还有1天）"},
			{"2026-11-27 16:00", "（还有2小时）"},
			{"2026-11-27 18:00", "已到截止时间"},
			{"2026-11-30 09:00", "已逾期3天"},
		}},
		{"/extend rejected", "2026-11-25 10:00", func(e *e2e.Harness) {
			req := e.Answer(group, zhang, "/extend 1 11月27日18:00 等待省厅批复", "申请截止")
			if _, ans := e.Press(group, req.MessageID, boss, "不同意"); ans.ShowAlert {
				e.T.Fatalf("rejection: %q", ans.Text)
			}
		}, "2026-11-26 10:00", asPlanned},
		{"/edit 截止 earlier", "2026-11-23 10:00", func(e *e2e.Harness) {
			e.Answer(group, boss, "/edit 1 截止 11月24日12:00", "截止：2026-11-24 12:00 周二")
		}, "2026-11-26 10:00", []arrival{
			{"2026-11-23 12:00", "将于 2026-11-24 12:00 周二 截止（还有1天）"},
			{"2026-11-24 10:00", "（还有2小时）"},
			{"2026-11-24 12:00", "已到截止时间"},
			{"2026-11-25 09:00", "已逾期1天"},
			{"2026-11-26 09:00", "升级督办：#1 完成项目申报材料 已逾期2天"},
		}},
		{"/edit 截止 later, after the deadline passed", "2026-11-26 10:00", func(e *e2e.Harness) {
			e.Answer(group, boss, "/edit 1 截止 11月30日18:00", "截止：2026-11-30 18:00 周一")
		}, "2026-12-01 10:00", asPlannedThen([]arrival{
			{"2026-11-29 18:00", "将于 2026-11-30 18:00 周一 截止（还有1天）"},
			{"2026-11-30 16:00", "（还有2小时）"},
			{"2026-11-30 18:00", "已到截止时间"},
			// Moving the deadline of an overdue task erases nothing: the
			// days count from the deadline it missed.
			{"2026-12-01 09:00", "已逾期6天"},
		})},
		{"/done (waiting for confirmation)", "2026-11-24 19:00", func(e *e2e.Harness) {
			e.Answer(group, zhang, "/done 1 已报送", "等待交办人或领导确认")
		}, "2026-11-30 10:00", []arrival{
			{"2026-11-24 18:00", "（还有1天）"},
		}},
		{"/done confirmed", "2026-11-26 10:00", func(e *e2e.Harness) {
			sub := e.Answer(group, zhang, "/done 1 已报送", "等待交办人或领导确认")
			if _, ans := e.Press(group, sub.MessageID, boss, "确认办结"); ans.ShowAlert {
				e.T.Fatalf("confirmation: %q", ans.Text)
			}
		}, "2026-11-30 10:00", asPlanned},
		{"/done sent back: the reminders still ahead resume", "2026-11-24 12:00", func(e *e2e.Harness) {
			sub := e.Answer(group, zhang, "/done 1 已报送", "等待交办人或领导确认")
			sent, _ := e.Press(group, sub.MessageID, boss, "退回")
			if len(sent) != 1 {
				e.T.Fatalf("退回 asks for a reason:\n%s", testkit.Dump(sent))
			}
			e.Say(group, boss, "材料不全，请补充", tgfake.ReplyTo(sent[0].MessageID))
		}, "2026-11-26 10:00", asPlanned},
		{"/cancel", "2026-11-25 17:00", func(e *e2e.Harness) {
			e.Answer(group, boss, "/cancel 1 项目调整", "已取消")
		}, "2026-11-30 10:00", []arrival{
			{"2026-11-24 18:00", "（还有1天）"},
			{"2026-11-25 16:00", "（还有2小时）"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 11月25日18:00")
			sent := e.Advance(testkit.Local(c.actAt))
			c.act(e)
			sent = append(sent, e.Advance(testkit.Local(c.until))...)
			checkArrivals(t, reminders(testkit.To(sent, group)), c.want)
		})
	}
}

// TestSettingsReplan changes the group's settings after #1 (due Wednesday
// 18:00, or as given) was planned: its reminders follow at once.
func TestSettingsReplan(t *testing.T) {
	cases := []struct {
		name     string
		settings []string
		deadline string
		until    string
		want     []arrival
	}{
		{"提醒 3小时", []string{"/settings 提醒 3小时"}, "11月25日18:00", "2026-11-26 10:00", []arrival{
			{"2026-11-25 15:00", "（还有3小时）"},
			{"2026-11-25 18:00", "已到截止时间"},
			{"2026-11-26 09:00", "已逾期1天"},
		}},
		{"提醒 2天,1天,30分钟", []string{"/settings 提醒 2天,1天,30分钟"}, "11月25日18:00", "2026-11-25 18:00", []arrival{
			{"2026-11-23 18:00", "（还有2天）"},
			{"2026-11-24 18:00", "（还有1天）"},
			{"2026-11-25 17:30", "（还有30分钟）"},
			{"2026-11-25 18:00", "已到截止时间"},
		}},
		{"提醒 关", []string{"/settings 提醒 关"}, "11月25日18:00", "2026-11-26 10:00", []arrival{
			{"2026-11-25 18:00", "已到截止时间"},
			{"2026-11-26 09:00", "已逾期1天"},
		}},
		{"免打扰 关", []string{"/settings 免打扰 关"}, "11月24日23:30", "2026-11-25 10:00", []arrival{
			{"2026-11-23 23:30", "（还有1天）"},
			{"2026-11-24 21:30", "（还有2小时）"},
			{"2026-11-24 23:30", "已到截止时间"},
			{"2026-11-25 09:00", "已逾期1天"},
		}},
		{"免打扰 23:00-07:00", []string{"/settings 免打扰 23:00-07:00"}, "11月24日23:30", "2026-11-25 10:00", []arrival{
			{"2026-11-24 07:00", "（还有16小时30分钟）"},
			{"2026-11-24 21:30", "（还有2小时）"},
			{"2026-11-25 07:00", "已到截止时间"},
			{"2026-11-25 09:00", "已逾期1天"},
		}},
		{"升级 1", []string{"/settings 升级 1"}, "11月25日18:00", "2026-11-26 10:00", []arrival{
			{"2026-11-24 18:00", "（还有1天）"},
			{"2026-11-25 16:00", "（还有2小时）"},
			{"2026-11-25 18:00", "已到截止时间"},
			{"2026-11-26 09:00", "升级督办：#1 完成项目申报材料 已逾期1天"},
		}},
		{"升级 0", []string{"/settings 升级 0"}, "11月25日18:00", "2026-11-30 10:00", []arrival{
			{"2026-11-24 18:00", "（还有1天）"},
			{"2026-11-25 16:00", "（还有2小时）"},
			{"2026-11-25 18:00", "已到截止时间"},
			{"2026-11-26 09:00", "已逾期1天"},
			{"2026-11-27 09:00", "已逾期2天"},
			{"2026-11-30 09:00", "已逾期5天"},
		}},
		{"时区 America/New_York", []string{"/settings 时区 America/New_York"}, "11月25日18:00", "2026-11-26 10:00", []arrival{
			// Wednesday 18:00 in Shanghai is 05:00 in New York: 1 day
			// before is Tuesday 05:00 there, held to 08:00 (21:00 here);
			// 2 hours before would be held past the deadline.
			{"2026-11-24 21:00", "将于 2026-11-25 05:00 周三 截止（还有21小时）"},
			{"2026-11-25 21:00", "已到截止时间"}, // 08:00 in New York
			{"2026-11-25 22:00", "🔴 催办"},   // 09:00 in New York
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 "+c.deadline)
			for _, s := range c.settings {
				e.Answer(group, boss, s, "⚙️ 已更新")
			}
			sent := e.Advance(testkit.Local(c.until))
			checkArrivals(t, reminders(testkit.To(sent, group)), c.want)
		})
	}
}

// TestEscalation: after 2 working days overdue, 升级督办 names the task's 包保
// leader or, without one, the group's leaders (named with /leader, and the
// Telegram administrators), and messages those who started the bot
// privately. People without a username are linked all the same.
func TestEscalation(t *testing.T) {
	cases := []struct {
		name    string
		setup   []string
		assign  string
		names   string  // who the escalation asks to follow up
		links   []int64 // linked in the group message
		private []int64 // private copies of the escalation
	}{
		// The group's leader order: the assigner, then the 包保 leader,
		// then the other leaders.
		{"包保 leader who started the bot", nil,
			"/assign @zhangwei @wangfang 完成项目申报材料 11月25日18:00 包保：@lijv",
			"请 刘书记、李局 关注督促", []int64{boss, li, zhang, wang}, []int64{boss, li, zhang}},
		{"包保 leader who has not started the bot", nil,
			"/assign @zhangwei 完成项目申报材料 11月25日18:00 包保：@wangfang",
			"请 刘书记、王芳 关注督促", []int64{boss, wang, zhang}, []int64{boss, zhang}},
		{"no 包保: the administrators", nil,
			"/assign @zhangwei @wangfang 完成项目申报材料 11月25日18:00",
			"请 刘书记 关注督促", []int64{boss, zhang, wang}, []int64{boss, zhang}},
		{"no 包保: the named leaders and the administrators", []string{"/leader add @lijv"},
			"/assign @wangfang 完成项目申报材料 11月25日18:00",
			"请 刘书记、李局 关注督促", []int64{boss, li, wang}, []int64{boss, li}},
		{"an assignee without a username", nil,
			"/assign @zhangwei 赵敏 完成项目申报材料 11月25日18:00",
			"请 刘书记 关注督促", []int64{boss, zhang, zhao}, []int64{boss, zhang}},
		// A leader who assigned the task to himself is its assignee: he is
		// chased as one, never asked to follow up on his own task.
		{"the assigner leads it himself", nil,
			"/assign @liushuji 完成项目申报材料 11月25日18:00 包保：@lijv",
			"请 李局 关注督促", []int64{li, boss}, []int64{li, boss}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			for _, s := range c.setup {
				e.Say(group, boss, s)
			}
			var opts []tgfake.MsgOption
			if strings.Contains(c.assign, "赵敏") {
				opts = append(opts, tgfake.WithTextMention(zhao))
			}
			out := testkit.To(e.Say(group, boss, c.assign, opts...), group)
			if len(out) != 1 || !strings.Contains(out[0].PlainText, "已交办") {
				t.Fatalf("not assigned:\n%s", testkit.Dump(out))
			}
			e.Advance(testkit.Local("2026-11-27 08:59"))
			at := testkit.Local("2026-11-27 09:00")
			sent := e.Advance(at)
			esc := testkit.Containing(reminders(testkit.To(sent, group)), "🚨 升级督办：#1 完成项目申报材料 已逾期2天，仍未办结")
			if len(esc) != 1 {
				t.Fatalf("want one escalation:\n%s", testkit.Dump(sent))
			}
			checkOnTime(t, esc, at)
			testkit.MustContain(t, esc[0].PlainText, c.names)
			if len(opts) > 0 { // 赵敏 has not started the bot either
				testkit.MustContain(t, esc[0].PlainText, "赵敏：点此私聊机器人")
			}
			for _, id := range c.links {
				if !testkit.HasUserLink(esc[0], id) {
					t.Errorf("%d is not linked:\n%s", id, esc[0].Text)
				}
			}
			var private []int64
			for _, s := range sent {
				if s.ChatID > 0 && strings.Contains(s.PlainText, "升级督办") {
					private = append(private, s.ChatID)
				}
			}
			if !sameIDs(private, c.private) {
				t.Errorf("private escalations to %v, want %v", private, c.private)
			}
		})
	}
}

// TestOverdueCount: the 催办 counts calendar days past the deadline
// (已逾期N天); on the deadline's own day (a deadline before 09:00) it says
// 已过截止时间.
func TestOverdueCount(t *testing.T) {
	cases := []struct {
		deadline string
		until    string
		want     []arrival
	}{
		{"11月24日08:30", "2026-11-26 10:00", []arrival{
			{"2026-11-24 08:00", "（还有30分钟）"}, // 2 hours before is 06:30, in the quiet hours
			{"2026-11-24 08:30", "已到截止时间"},
			{"2026-11-24 09:00", "🔴 催办：#1 完成项目申报材料 已过截止时间"},
			{"2026-11-25 09:00", "🔴 催办：#1 完成项目申报材料 已逾期1天"},
			{"2026-11-26 09:00", "🚨 升级督办：#1 完成项目申报材料 已逾期2天，仍未办结"}, // with the day's 催办
		}},
		{"11月27日18:00", "2026-12-01 10:00", []arrival{
			{"2026-11-26 18:00", "（还有1天）"},
			{"2026-11-27 16:00", "（还有2小时）"},
			{"2026-11-27 18:00", "已到截止时间"},
			{"2026-11-30 09:00", "🔴 催办：#1 完成项目申报材料 已逾期3天"},
			{"2026-12-01 09:00", "🚨 升级督办：#1 完成项目申报材料 已逾期4天，仍未办结"}, // with the day's 催办
		}},
	}
	for _, c := range cases {
		t.Run(c.deadline, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 "+c.deadline)
			checkArrivals(t, reminders(testkit.To(e.Advance(testkit.Local(c.until)), group)), c.want)
		})
	}
}
