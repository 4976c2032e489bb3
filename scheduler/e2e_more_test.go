package scheduler_test

import (
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/models"
)

// TestCatchUpAfterDowntime stops the bot while reminders fall due and
// starts it again on the same database: what it missed comes as one 补发
// message per task that names the missed reminders, not as the backlog;
// what is still ahead comes on time.
func TestCatchUpAfterDowntime(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月24日18:00 包保：@lijv")
	e.Assign(group, "/assign @zhangwei 报送统计报表 11月25日12:00")
	e.Assign(group, "/assign @wangfang 整理招商台账 12月4日18:00")
	e.Advance(testkit.Local("2026-11-23 10:05"))

	// Down from Monday 10:05 to Wednesday 10:30.
	back := testkit.Local("2026-11-25 10:30")
	sent := e.RestartAt(back)
	got := reminders(testkit.To(sent, group))
	if len(got) != 2 {
		t.Fatalf("want one catch-up for #1 and one for #2, got:\n%s", testkit.Dump(sent))
	}
	checkOnTime(t, got, back)
	sort.Slice(got, func(i, j int) bool { return got[i].PlainText < got[j].PlainText })
	testkit.MustContain(t, got[0].PlainText,
		"📮 补发提醒：机器人离线期间错过了 #1 完成项目申报材料 的提醒（签收提醒、截止前1天、截止前2小时、已到截止时间、逾期催办）",
		"截止：2026-11-24 18:00 周二，已逾期1天", "主办：张伟", "协办：王芳", "王芳：点此私聊机器人")
	testkit.MustContain(t, got[1].PlainText,
		"📮 补发提醒：机器人离线期间错过了 #2 报送统计报表 的提醒（签收提醒、截止前1天、截止前2小时）",
		"截止：2026-11-25 12:00 周三，还有1小时30分钟")
	for _, m := range got {
		if !testkit.HasUserLink(m, zhang) {
			t.Errorf("the lead is not linked:\n%s", m.Text)
		}
	}
	testkit.MustNotContain(t, strings.Join([]string{got[0].PlainText, got[1].PlainText}, "\n"), "#3")
	private := testkit.To(sent, zhang)
	if len(private) != 2 || len(testkit.Containing(private, "📮 补发提醒")) != 2 {
		t.Errorf("张伟 gets both catch-ups privately:\n%s", testkit.Dump(private))
	}

	// Then everything on time again, and no second catch-up.
	sent = e.Advance(testkit.Local("2026-11-26 10:00"))
	checkArrivals(t, reminders(testkit.To(sent, group)), []arrival{
		{"2026-11-25 12:00", "⏰ 已到截止时间：#2 报送统计报表"},
		// #1's 催办 and escalation of the same minute are one message.
		{"2026-11-26 09:00", "🚨 升级督办：#1 完成项目申报材料 已逾期2天"},
		{"2026-11-26 09:00", "🔴 催办：#2 报送统计报表 已逾期1天"},
	})

	// Down again over the weekend and Monday's 09:00: one 催办 row per
	// task was pending (they are planned one at a time), and the weekly
	// digest, which goes out once.
	back = testkit.Local("2026-11-30 10:00")
	sent = e.RestartAt(back)
	got = reminders(testkit.To(sent, group))
	sort.Slice(got, func(i, j int) bool { return got[i].PlainText < got[j].PlainText })
	if len(got) != 2 {
		t.Fatalf("want one catch-up each for #1 and #2:\n%s", testkit.Dump(sent))
	}
	checkOnTime(t, got, back)
	testkit.MustContain(t, got[0].PlainText, "#1 完成项目申报材料 的提醒（逾期催办）", "已逾期6天")
	testkit.MustContain(t, got[1].PlainText, "#2 报送统计报表 的提醒（逾期催办、升级督办）", "已逾期5天")
	if d := testkit.Containing(testkit.To(sent, group), "每周调度"); len(d) != 1 {
		t.Errorf("want the missed weekly digest once:\n%s", testkit.Dump(sent))
	}
	sent = e.Advance(testkit.Local("2026-12-01 08:59"))
	if got := reminders(sent); len(got) != 0 {
		t.Errorf("reminders before Tuesday's 催办:\n%s", testkit.Dump(got))
	}
}

func TestDigests(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Answer(group, boss, "/settings 日报 每天9点", "每日逾期清单：每天 09:00")
	e.Answer(group, boss, "/settings 确认 关", "已更新")
	e.Assign(group, "/assign @zhangwei 完成项目申报材料 11月25日18:00 单位：投资促进局")
	e.Assign(group, "/assign @wangfang 报送统计报表 12月2日18:00 单位：商务局")
	e.Assign(group, "/assign @zhangwei 整理招商台账 11月26日18:00")
	e.Assign(group, "/assign @wangfang 编制明年规划 12月20日18:00")
	// A group in New York gets its digest at 09:00 there.
	e.Answer(otherGrp, boss, "/settings 时区 America/New_York", "时区：纽约时间")
	e.Assign(otherGrp, "/assign @zhangwei 另一个群的任务 11月25日18:00")

	sent := e.Advance(testkit.Local("2026-11-26 10:00"))
	e.Answer(group, zhang, "/done 3", "已办结")
	sent = append(sent, e.Advance(testkit.Local("2026-11-30 23:00"))...)

	digests := func(chat int64, title string) []tgfake.Sent {
		return append(testkit.Containing(testkit.To(sent, chat), "每周调度 · "+title), testkit.Containing(testkit.To(sent, chat), "逾期清单 · "+title)...)
	}
	var daily, weekly []string
	for _, m := range digests(group, "招商引资工作群") {
		if strings.Contains(m.PlainText, "逾期清单") {
			daily = append(daily, testkit.Show(m.At))
			testkit.MustContain(t, m.PlainText, "📋 逾期清单 · 招商引资工作群（1项）", "投资促进局：", "#1 完成项目申报材料 — 张伟，2026-11-25 18:00 周三，逾期")
			testkit.MustNotContain(t, m.PlainText, "#2", "#3", "#4")
		} else {
			weekly = append(weekly, testkit.Show(m.At))
			testkit.MustContain(t, m.PlainText, "📊 每周调度 · 招商引资工作群",
				"本周到期（1）\n#2 报送统计报表 — 王芳，2026-12-02 18:00 周三",
				"逾期未办结（1）\n投资促进局：\n  #1 完成项目申报材料 — 张伟，2026-11-25 18:00 周三，逾期5天",
				"上周办结（1）\n#3 整理招商台账")
			testkit.MustNotContain(t, m.PlainText, "#4")
			if !testkit.HasUserLink(m, zhang) {
				t.Errorf("the weekly digest does not link the people:\n%s", m.Text)
			}
		}
	}
	// Not on Tuesday (nothing overdue yet: an empty list is not sent), nor
	// at the weekend.
	if got, want := strings.Join(daily, ","), "11-26 09:00:00 Thu,11-27 09:00:00 Fri,11-30 09:00:00 Mon"; got != want {
		t.Errorf("daily lists at %s, want %s", got, want)
	}
	if got, want := strings.Join(weekly, ","), "11-30 09:00:00 Mon"; got != want {
		t.Errorf("weekly digests at %s, want %s", got, want)
	}
	// The group in New York: Mondays 09:00 EST, 22:00 in Shanghai.
	var ny []string
	for _, m := range digests(otherGrp, "另一个群") {
		ny = append(ny, testkit.Show(m.At))
	}
	if got, want := strings.Join(ny, ","), "11-23 22:00:00 Mon,11-30 22:00:00 Mon"; got != want {
		t.Errorf("New York digests at %s, want %s", got, want)
	}
}

// TestFault429 makes Telegram answer one group's reminder with 429
// retry_after=7: that chat pauses; another group's reminder still goes out
// on time; after 7 s both of the first group's reminders arrive, even
// though a task changed meanwhile.
func TestFault429(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(group, "/assign @zhangwei 完成项目申报材料 11月24日18:00")
	e.Assign(group, "/assign @wangfang 报送统计报表 11月24日18:00")
	e.Assign(otherGrp, "/assign @zhangwei 另一个群的任务 11月24日18:00")
	e.Advance(testkit.Local("2026-11-23 17:59"))
	e.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 429, RetryAfter: 7})

	at := testkit.Local("2026-11-23 18:00")
	began := time.Now()
	sent := e.Advance(at)
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("the dispatcher took %v (real time) at 18:00: the other group waited for the paused one", took)
	}
	other := reminders(testkit.To(sent, otherGrp))
	if len(other) != 1 {
		t.Fatalf("the other group's reminder did not go out on time:\n%s", testkit.Dump(sent))
	}
	checkOnTime(t, other, at)
	if got := reminders(testkit.To(sent, group)); len(got) != 0 {
		t.Fatalf("the paused group got reminders:\n%s", testkit.Dump(got))
	}
	// A task change during the pause (an answer, which waits for the
	// pause too) must not lose the reminder put off.
	e.Answer(group, zhang, "/progress 1 50% 材料已准备", "进展（50%）")

	sent = e.Advance(at.Add(7 * time.Second))
	got := reminders(testkit.To(sent, group))
	checkArrivals(t, got, []arrival{
		{"2026-11-23 18:00:07", "#1 完成项目申报材料"},
		{"2026-11-23 18:00:07", "#2 报送统计报表"},
	})
	for _, m := range got {
		testkit.MustContain(t, m.PlainText, "（还有1天）")
	}
	checkOnTime(t, testkit.To(sent, zhang), at.Add(7*time.Second))
	if n := countRejected(e.Fake, group, 429); n != 1 {
		t.Errorf("%d 429s to the group, want 1", n)
	}
	// Nothing lost and nothing twice, to the end.
	e.Advance(testkit.Local("2026-11-24 18:00"))
	all := reminders(testkit.To(e.Fake.Sent(), group))
	for _, title := range []string{"#1 完成项目申报材料", "#2 报送统计报表"} {
		if n := len(testkit.Containing(all, title)); n != 3 { // 1 day, 2 hours, due
			t.Errorf("%s: %d reminders, want 3:\n%s", title, n, testkit.Dump(all))
		}
	}
}

func countRejected(f *tgfake.Server, chat int64, code int) int {
	n := 0
	for _, c := range f.Rejected() {
		if c.ChatID == chat && c.Code == code {
			n++
		}
	}
	return n
}

// TestFault5xx makes Telegram fail one group's reminder with 502 (once or
// twice): it is retried with growing, jittered back-off and arrives; the
// other group is not held up.
func TestFault5xx(t *testing.T) {
	cases := []struct {
		times    int
		from, to time.Duration // when the reminder arrives after its time
	}{
		{1, 4 * time.Second, 6 * time.Second},              // 5 s ± 20%
		{2, (4 + 8) * time.Second, (6 + 12) * time.Second}, // then 10 s ± 20%
		{3, (4 + 8 + 16) * time.Second, (6 + 12 + 24) * time.Second},
	}
	for _, c := range cases {
		t.Run(itoa(c.times), func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 11月24日18:00")
			e.Assign(otherGrp, "/assign @zhangwei 另一个群的任务 11月24日18:00")
			e.Advance(testkit.Local("2026-11-23 17:59"))
			e.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 502, Times: c.times})
			at := testkit.Local("2026-11-23 18:00")
			sent := e.Advance(at)
			checkOnTime(t, reminders(testkit.To(sent, otherGrp)), at)
			if len(reminders(testkit.To(sent, otherGrp))) != 1 || len(reminders(testkit.To(sent, group))) != 0 {
				t.Fatalf("at 18:00:\n%s", testkit.Dump(sent))
			}
			sent = e.Advance(at.Add(time.Minute))
			got := reminders(testkit.To(sent, group))
			if len(got) != 1 {
				t.Fatalf("want the reminder once:\n%s", testkit.Dump(sent))
			}
			if late := got[0].At.Sub(at); late < c.from || late > c.to {
				t.Errorf("arrived %v after its time, want between %v and %v", late, c.from, c.to)
			}
			if n := countRejected(e.Fake, group, 502); n != c.times {
				t.Errorf("%d 502s, want %d", n, c.times)
			}
			if n := e.Logs.Count("reminder not delivered; will retry"); n != c.times {
				t.Errorf("logged %d retries, want %d", n, c.times)
			}
		})
	}
}

// TestFault403 removes the bot from a group: its reminders stop, that is
// recorded (and logged) once, and the other groups are unaffected.
func TestFault403(t *testing.T) {
	const logged1, logged2 = "removed from a group; its reminders stop", "the bot can no longer write to a group; its reminders stop"
	cases := []struct {
		name   string
		remove func(e *e2e.Harness)
		at     string // when to remove it
		max403 int
	}{
		{"kicked, the bot is told", func(e *e2e.Harness) {
			e.Fake.Kick(group)
			e.Settle()
		}, "2026-11-23 12:00", 0},
		{"a reminder is answered 403 (the update was lost)", func(e *e2e.Harness) {
			e.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 403, Description: "Forbidden: bot was kicked from the supergroup chat"})
		}, "2026-11-23 12:00", 1},
		{"kicked just as a reminder falls due", func(e *e2e.Harness) {
			e.Fake.Kick(group)
		}, "2026-11-23 17:59", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			e.Assign(group, "/assign @zhangwei 完成项目申报材料 11月24日18:00")
			e.Assign(group, "/assign @wangfang 报送统计报表 11月25日18:00")
			e.Assign(otherGrp, "/assign @zhangwei 另一个群的任务 11月24日18:00")
			e.Advance(testkit.Local(c.at))
			c.remove(e)
			sent := e.Advance(testkit.Local("2026-11-26 10:00"))
			if got := reminders(testkit.To(sent, group)); len(got) != 0 {
				t.Errorf("reminders reached the group the bot left:\n%s", testkit.Dump(got))
			}
			checkArrivals(t, reminders(testkit.To(sent, otherGrp)), []arrival{
				{"2026-11-23 18:00", "（还有1天）"},
				{"2026-11-24 16:00", "（还有2小时）"},
				{"2026-11-24 18:00", "已到截止时间"},
				{"2026-11-25 09:00", "已逾期1天"},
				{"2026-11-26 09:00", "升级督办：#1 另一个群的任务 已逾期2天"},
			})
			// The Kick's update reaches the bot in the end too.
			e.Fake.Kick(group)
			e.Settle()
			e.Advance(testkit.Local("2026-11-30 10:00"))
			if n := countRejected(e.Fake, group, 403); n > c.max403 {
				t.Errorf("%d 403s from the group, want at most %d: the bot kept trying", n, c.max403)
			}
			if n := e.Logs.Count(logged1) + e.Logs.Count(logged2); n != 1 {
				t.Errorf("the removal was logged %d times, want once:\n%s", n, e.Logs)
			}
			checkGone(t, e, group, "removal")
		})
	}
}

// TestFaultMigrate turns a basic group into a supergroup: the reminder
// reaches the new chat id, whether the bot saw the migration first or a
// send found out.
func TestFaultMigrate(t *testing.T) {
	const newID int64 = -1004001
	cases := []struct {
		name    string
		migrate func(e *e2e.Harness)
	}{
		{"the bot saw the service message", func(e *e2e.Harness) {
			e.Fake.Migrate(basicGrp, newID)
			e.Settle()
		}},
		{"the reminder's send is answered migrate_to_chat_id", func(e *e2e.Harness) {
			e.Fake.AddGroup(tgfake.Group{ID: newID, Title: "老群", Type: "supergroup",
				Members: []int64{boss, zhang, wang}, Admins: []int64{boss}, Creator: boss})
			e.Fake.FailNext("sendMessage", basicGrp, tgfake.Fault{MigrateTo: newID})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, testkit.Monday)
			e.Assign(basicGrp, "/assign @zhangwei @wangfang 完成项目申报材料 11月24日18:00")
			e.Advance(testkit.Local("2026-11-23 12:00"))
			c.migrate(e)
			sent := e.Advance(testkit.Local("2026-11-24 18:00"))
			checkArrivals(t, reminders(testkit.To(sent, newID)), []arrival{
				{"2026-11-23 18:00", "（还有1天）"},
				{"2026-11-24 16:00", "（还有2小时）"},
				{"2026-11-24 18:00", "已到截止时间"},
			})
			if got := reminders(testkit.To(sent, basicGrp)); len(got) != 0 {
				t.Errorf("reminders went to the old id:\n%s", testkit.Dump(got))
			}
			for _, m := range reminders(testkit.To(sent, newID)) {
				if !testkit.HasUserLink(m, zhang) || !testkit.HasUserLink(m, wang) {
					t.Errorf("assignees not linked:\n%s", m.Text)
				}
			}
			if got := testkit.To(sent, zhang); len(got) != 3 {
				t.Errorf("张伟 got %d private copies, want 3", len(got))
			}
		})
	}
}

// TestOnTime checks that every reminder goes out at its planned time on the
// fake clock (no polling delay) and within 2 s of real time once the clock
// gets there, across groups and kinds.
func TestOnTime(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(group, "/assign @zhangwei @wangfang 完成项目申报材料 11月24日18:00 包保：@lijv")
	e.Assign(group, "/assign @wangfang 报送统计报表 11月24日10:30")
	e.Assign(otherGrp, "/assign @zhangwei 另一个群的任务 11月25日09:15")
	e.Answer(group, boss, "/remind 2 今天下午3点20分", "2026-11-23 15:20")
	e.Assign(basicGrp, "/assign @zhangwei 老群的任务 11月23日16:45")
	until := testkit.Local("2026-11-27 10:00")

	// The planned times of the task reminders, read from the store, and the
	// tasks each is for: a task's rows of one minute (its 催办 and its
	// escalation) are one message. 签收提醒 carry other buttons.
	due := map[time.Time]int{}
	seen := map[string]bool{}
	for _, chat := range []int64{group, otherGrp, basicGrp} {
		_, rs := pending(t, e, chat)
		for _, r := range rs {
			if r.TaskID == nil {
				continue
			}
			key := r.DueAt.String() + "/" + strconv.Itoa(int(*r.TaskID))
			if r.Kind != models.ReminderAck && !r.DueAt.After(until) && !seen[key] {
				seen[key] = true
				due[r.DueAt]++
			}
		}
	}
	var times []time.Time
	for at := range due {
		times = append(times, at)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	if len(times) < 8 {
		t.Fatalf("only %d reminder times planned", len(times))
	}
	sent := 0
	for _, at := range times {
		began := time.Now()
		got := reminders(e.Advance(at))
		if took := time.Since(began); took > 2*time.Second {
			t.Errorf("%s: took %v of real time", testkit.Show(at), took)
		}
		if len(got) < due[at] {
			t.Errorf("%s: %d reminders, want at least %d:\n%s", testkit.Show(at), len(got), due[at], testkit.Dump(got))
		}
		checkOnTime(t, got, at)
		sent += len(got)
	}
	// The 催办 rows are planned one at a time, so more went out than were
	// planned at the start; each at its own time.
	rest := reminders(e.Advance(until))
	for _, m := range rest {
		if m.At.In(testkit.Shanghai).Format("15:04:05") != "09:00:00" {
			t.Errorf("a reminder at %s, not at a planned time:\n%s", testkit.Show(m.At), m.PlainText)
		}
	}
	t.Logf("%d reminder times, %d reminders", len(times), sent+len(rest))
}
