package scheduler_test

import (
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// A node's reminders: before it, at its deadline, then the daily 催办 on
// working days while it is overdue, naming the task and the node, each
// with a private copy to the lead; once the node is done they stop.
func TestNodeReminders(t *testing.T) {
	e2e.ForEachBackend(t, envOptions(testkit.Monday), func(t *testing.T, e *e2e.Harness) {
		e.Assign(group, "/assign @zhangwei 推进华鑫科技项目 12月31日前 节点：立项 11月25日, 开工 12月25日")
		steps := []struct {
			at    string
			wants []string // the one group message at that moment
		}{
			{"2026-11-24 18:00", []string{"⏰ 节点提醒：#1 推进华鑫科技项目（节点 0/2）", "节点「立项」将于 2026-11-25 18:00 周三 截止（还有1天）", "主办：张伟"}},
			{"2026-11-25 16:00", []string{"⏰ 节点提醒", "（还有2小时）"}},
			{"2026-11-25 18:00", []string{"⏰ 节点到期：#1 推进华鑫科技项目", "节点「立项」已到截止时间 2026-11-25 18:00 周三", "/node 1 done 1"}},
			{"2026-11-26 09:00", []string{"🔴 节点催办：#1 推进华鑫科技项目（节点 0/2）", "🔴 1. 立项（截止 11-25 18:00，逾期1天）", "请抓紧推进"}},
			{"2026-11-27 09:00", []string{"🔴 节点催办", "逾期2天"}},
			// The weekend passes without one; Monday's comes.
			{"2026-11-30 09:00", []string{"🔴 节点催办", "逾期5天"}},
		}
		for _, s := range steps {
			at := testkit.Local(s.at)
			sent := e.Advance(at)
			got := containingIn(sent, group, "节点")
			if len(got) != 1 {
				t.Fatalf("at %s: %d node messages in the group, want 1:\n%s", s.at, len(got), testkit.Dump(sent))
			}
			testkit.MustContain(t, got[0].PlainText, s.wants...)
			checkOnTime(t, got, at)
			if copies := testkit.Containing(testkit.To(sent, zhang), "节点"); len(copies) != 1 {
				t.Errorf("at %s: 张伟 got %d private copies, want 1", s.at, len(copies))
			}
		}
		e.Answer(group, zhang, "/node 1 done 1 已取得立项批复", "完成了 #1 的节点「立项」")
		if got := containingIn(e.Advance(testkit.Local("2026-12-04 18:00")), group, "节点"); len(got) != 0 {
			t.Errorf("a done node is still chased:\n%s", testkit.Dump(got))
		}
	})
}

// The reminders of a task in a list bound to a forum topic go to that
// topic, though the task was assigned elsewhere in the group.
func TestListTopicGetsReminders(t *testing.T) {
	opts := envOptions(testkit.Monday)
	e := e2e.Start(t, opts)
	const forum = -1005550002
	e.Fake.AddGroup(tgfake.Group{ID: forum, Title: "重点项目专班", Type: "supergroup", IsForum: true, Creator: boss,
		Admins: []int64{boss}, Members: []int64{boss, zhang}})
	e.Fake.SendText(forum, boss, "大家好")
	e.Fake.SendText(forum, zhang, "大家好")
	e.Settle()
	e.Answer(forum, boss, "/list add 重点项目", "已添加清单")
	if out := e.Say(forum, boss, "/list bind 重点项目", tgfake.InThread(42)); len(out) != 1 || out[0].ThreadID != 42 {
		t.Fatalf("bind:\n%s", testkit.Dump(out))
	}
	e.Assign(forum, "/assign @zhangwei 完成用地预审 11月25日 清单：重点项目", tgfake.InThread(7))
	sent := testkit.To(e.Advance(testkit.Local("2026-11-25 18:00")), forum)
	due := testkit.Containing(sent, "已到截止时间")
	if len(due) != 1 || due[0].ThreadID != 42 {
		t.Fatalf("the due reminder, want one in topic 42:\n%s", testkit.Dump(sent))
	}
}

// The weekly 调度 digest ends with one line per list.
func TestWeeklyDigestListsLines(t *testing.T) {
	e := newEnv(t, testkit.Monday)
	e.Answer(group, boss, "/list add 重点项目", "已添加清单")
	e.Answer(group, boss, "/list add 民生实事", "已添加清单")
	e.Assign(group, "/assign @zhangwei 完成用地预审 11月27日 清单：重点项目")
	e.Assign(group, "/assign @zhangwei 走访重点企业 12月4日 清单：重点项目")
	sent := testkit.Containing(testkit.To(e.Advance(testkit.Local("2026-11-30 09:00")), group), "每周调度")
	if len(sent) != 1 {
		t.Fatalf("want one weekly digest, got %d", len(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "清单进度（2）",
		"「民生实事」共 0 项，已办结 0，未办结 0", "「重点项目」共 2 项，已办结 0，未办结 2，逾期 1（0%）")
}
