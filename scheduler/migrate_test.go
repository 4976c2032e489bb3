package scheduler_test

import (
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// TestMissedMigrationMerged: the bot never hears that a group became a
// supergroup, and people use the supergroup first (a task #1 there). The
// next reminder for the old group meets migrate_to_chat_id: the old group
// is merged into the supergroup's chat, its tasks keep their numbers, the
// new task follows them, the group is told, and every reminder goes out
// once, none retried for ever.
func TestMissedMigrationMerged(t *testing.T) {
	const newID int64 = -1004001
	e := newEnv(t, testkit.Monday)
	e.Assign(basicGrp, "/assign @zhangwei 完成项目申报材料 11月24日18:00")
	e.Assign(basicGrp, "/assign @wangfang 整理招商台账 11月27日18:00")
	e.Fake.MigrateUnseen(basicGrp, newID)
	e.Answer(newID, wang, "/tasks", "共 0 项") // the bot knows nothing of the group there
	e.Assign(newID, "/assign @wangfang 起草汇报材料 11月26日18:00")

	sent := e.Advance(testkit.Local("2026-11-23 18:00"))
	notices := testkit.Containing(testkit.To(sent, newID), "本群已升级为超级群")
	if len(notices) != 1 {
		t.Fatalf("want the group told once:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, notices[0].PlainText, "升级前的 2 项任务", "#1 → #3")
	got := reminders(testkit.To(sent, newID))
	if len(got) != 1 {
		t.Fatalf("want the reminder in the supergroup:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, got[0].PlainText, "#1 完成项目申报材料", "还有1天")
	e.Answer(newID, wang, "/tasks", "#1 完成项目申报材料", "#2 整理招商台账", "#3 起草汇报材料")
	e.Answer(newID, wang, "/task 3", "起草汇报材料", "主办：王芳")

	// The rest go out in the supergroup, once each, the merged task's too.
	sent = e.Advance(testkit.Local("2026-11-27 18:00"))
	checkArrivals(t, reminders(testkit.To(sent, newID)), []arrival{
		{"2026-11-24 16:00", "#1 完成项目申报材料\n将于 2026-11-24 18:00 周二 截止（还有2小时）"},
		{"2026-11-24 18:00", "已到截止时间：#1 完成项目申报材料"},
		{"2026-11-25 09:00", "#1 完成项目申报材料 已逾期1天"},
		{"2026-11-25 18:00", "截止提醒：#3 起草汇报材料"},
		{"2026-11-26 09:00", "升级督办：#1 完成项目申报材料 已逾期2天"}, // with the day's 催办
		{"2026-11-26 16:00", "截止提醒：#3 起草汇报材料"},
		{"2026-11-26 18:00", "已到截止时间：#3 起草汇报材料"},
		{"2026-11-26 18:00", "截止提醒：#2 整理招商台账"},
		{"2026-11-27 09:00", "#3 起草汇报材料 已逾期1天"},
		{"2026-11-27 09:00", "#1 完成项目申报材料 已逾期3天"},
		{"2026-11-27 16:00", "截止提醒：#2 整理招商台账"},
		{"2026-11-27 18:00", "已到截止时间：#2 整理招商台账"},
	})
	_, rs := pending(t, e, newID)
	for _, r := range rs {
		if r.Attempts > 0 {
			t.Errorf("reminder %d (%s) is being retried: %s", r.ID, r.Kind, r.LastError)
		}
	}
	old := 0
	for _, c := range e.Fake.Rejected() {
		if c.ChatID == basicGrp {
			old++
		}
	}
	if old != 1 {
		t.Errorf("%d calls to the old id, want the one that found the upgrade", old)
	}
}

// TestChatNotFoundStopsReminders: a group Telegram no longer knows ("chat
// not found", e.g. deleted) is recorded as lost at the first answer; its
// reminders stop instead of being retried for ever.
func TestChatNotFoundStopsReminders(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Assign(basicGrp, "/assign @zhangwei 完成项目申报材料 11月24日18:00")
	e.Fake.FailNext("sendMessage", basicGrp, tgfake.Fault{Code: 400, Description: "Bad Request: chat not found"})
	sent := e.Advance(testkit.Local("2026-11-27 10:00"))
	if got := reminders(testkit.To(sent, basicGrp)); len(got) != 0 {
		t.Errorf("reminders reached the lost group:\n%s", testkit.Dump(got))
	}
	if n := countRejected(e.Fake, basicGrp, 400); n != 1 {
		t.Errorf("%d calls answered 400, want the first only", n)
	}
	checkGone(t, e, basicGrp, "loss")
}
