package models

import (
	"slices"
	"testing"
)

func TestListsAndProgress(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		clk := e.clk
		_, err := e.s.AddList(e.ctx, by(e.boss), e.chat.ID, "2026年重点项目清单")
		e.must(err)
		_, err = e.s.AddList(e.ctx, by(e.boss), e.chat.ID, "2026年重点项目清单")
		wantErr(t, "the same name twice", err, ErrExists)
		_, err = e.s.AddList(e.ctx, by(e.boss), e.chat.ID, "  ")
		wantErr(t, "an empty name", err, ErrInvalid)

		inList := func(n *NewTask) { n.ListName = "2026年重点项目清单" }
		a := e.assign("完成用地预审", e.zhang, sh(3, 3, 18, 0), inList, withUnit("投资促进局"))
		b := e.assign("报送道路硬化方案", e.wang, sh(3, 20, 18, 0), inList, withUnit("住建局"))
		c := e.assign("对接华鑫科技", e.wang, sh(3, 20, 18, 0), inList, withUnit("住建局"))
		e.assign("不在清单的任务", e.wang, sh(3, 20, 18, 0))
		cancelled := e.assign("取消的任务", e.wang, sh(3, 20, 18, 0), inList)
		if a.ListID == nil || a.ListName != "2026年重点项目清单" {
			t.Fatalf("assigned into the list: list %v %q", a.ListID, a.ListName)
		}
		_, err = e.s.CreateTask(e.ctx, by(e.boss), NewTask{ChatID: e.chat.ID, Title: "x", AssignerID: e.boss.ID,
			LeadID: e.wang.ID, Deadline: sh(3, 20, 18, 0), ListName: "没有的清单"})
		wantErr(t, "an unknown list", err, ErrNoList)

		_, err = e.s.CancelTask(e.ctx, by(e.boss), cancelled.ID, "合并")
		e.must(err)
		e.submit(b, e.wang, sh(3, 4, 10, 0), false)
		_, err = e.s.AddNode(e.ctx, by(e.boss), c.ID, NewNode{Name: "立项", Deadline: sh(3, 4, 18, 0)})
		e.must(err)
		clk.Set(sh(3, 5, 10, 0)) // #a is two days overdue
		l, err := e.s.ListByName(e.ctx, e.chat.ID, "2026年重点项目清单")
		e.must(err)
		p, err := e.s.ListProgress(e.ctx, l)
		e.must(err)
		if p.Total != 3 || p.Done != 1 || p.Open != 2 || p.Overdue != 1 || p.Percent() != 33 {
			t.Errorf("progress %d total, %d done, %d open, %d overdue, %d%%; want 3, 1, 2, 1, 33%%",
				p.Total, p.Done, p.Open, p.Overdue, p.Percent())
		}
		if !slices.Equal(p.OverdueNumbers, []int{a.Number}) {
			t.Errorf("overdue numbers %v, want [%d]", p.OverdueNumbers, a.Number)
		}
		want := []UnitProgress{{"住建局", 1, 2}, {"投资促进局", 0, 1}}
		if !slices.Equal(p.Units, want) {
			t.Errorf("units %+v, want %+v", p.Units, want)
		}
		if p.OverdueNodes != 1 {
			t.Errorf("%d overdue nodes, want 1", p.OverdueNodes)
		}
		ls, err := e.s.Lists(e.ctx, e.chat.ID)
		e.must(err)
		if len(ls) != 1 || ls[0].Total != 3 || ls[0].Open != 2 || ls[0].Overdue != 1 {
			t.Errorf("lists %+v", ls)
		}

		_, err = e.s.RemoveList(e.ctx, by(e.boss), e.chat.ID, "2026年重点项目清单", false)
		wantErr(t, "removing a list with open tasks", err, ErrListBusy)
		if got := e.reload(a); got.ListName == "" {
			t.Fatal("a refused removal took the task out of its list")
		}
		open, err := e.s.RemoveList(e.ctx, by(e.boss), e.chat.ID, "2026年重点项目清单", true)
		e.must(err)
		if open != 2 {
			t.Errorf("forced removal counted %d open tasks, want 2", open)
		}
		if got := e.reload(a); got.ListID != nil || got.ListName != "" {
			t.Errorf("after the removal #%d is in list %v %q", got.Number, got.ListID, got.ListName)
		}
	})
}

func TestListBoundToTopic(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		for _, name := range []string{"重点项目", "民生实事"} {
			_, err := e.s.AddList(e.ctx, by(e.boss), e.chat.ID, name)
			e.must(err)
		}
		_, err := e.s.BindList(e.ctx, by(e.boss), e.chat.ID, "重点项目", 77)
		e.must(err)
		inTopic := func(n *NewTask) { n.ThreadID = 77 }
		if got := e.assign("话题里的任务", e.wang, sh(3, 9, 18, 0), inTopic); got.ListName != "重点项目" {
			t.Errorf("a task assigned in the bound topic is in list %q", got.ListName)
		}
		named := e.assign("写明清单的任务", e.wang, sh(3, 9, 18, 0), inTopic, func(n *NewTask) { n.ListName = "民生实事" })
		if named.ListName != "民生实事" {
			t.Errorf("清单： named in the topic lost to the bound list: %q", named.ListName)
		}
		// Binding another list to the topic unbinds the first.
		_, err = e.s.BindList(e.ctx, by(e.boss), e.chat.ID, "民生实事", 77)
		e.must(err)
		l, err := e.s.ListByName(e.ctx, e.chat.ID, "重点项目")
		e.must(err)
		if l.ThreadID != 0 {
			t.Errorf("the first list is still bound to topic %d", l.ThreadID)
		}
		// /edit N 清单 名称|无
		got, err := e.s.SetTaskList(e.ctx, by(e.boss), named.ID, "重点项目")
		e.must(err)
		if got.ListName != "重点项目" {
			t.Errorf("after SetTaskList the task is in %q", got.ListName)
		}
		got, err = e.s.SetTaskList(e.ctx, by(e.boss), named.ID, "")
		e.must(err)
		if got.ListID != nil {
			t.Errorf("清单 无 left the task in list %v", got.ListID)
		}
		_, err = e.s.SetTaskList(e.ctx, by(e.boss), named.ID, "没有的清单")
		wantErr(t, "an unknown list", err, ErrNoList)
	})
}

// A group that becomes a supergroup keeps its lists; a list of the same
// name made under the new id is the group's one, its tasks with it.
func TestMigrateChatMergesLists(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		old, fresh := e.chat, e.newChat("招商引资工作群（超级群）")
		for _, c := range []*Chat{old, fresh} {
			_, err := e.s.AddList(e.ctx, by(e.boss), c.ID, "重点项目")
			e.must(err)
		}
		_, err := e.s.AddList(e.ctx, by(e.boss), fresh.ID, "民生实事")
		e.must(err)
		_, err = e.s.BindList(e.ctx, by(e.boss), fresh.ID, "重点项目", 9)
		e.must(err)
		inList := func(name string) func(*NewTask) { return func(n *NewTask) { n.ListName = name } }
		e.assignIn(old, "旧群任务", e.wang, sh(3, 9, 18, 0), inList("重点项目"))
		e.assignIn(fresh, "新群任务", e.wang, sh(3, 9, 18, 0), inList("重点项目"))
		e.assignIn(fresh, "民生任务", e.wang, sh(3, 9, 18, 0), inList("民生实事"))
		_, err = e.s.MigrateChat(e.ctx, old.TelegramID, fresh.TelegramID)
		e.must(err)
		ls, err := e.s.Lists(e.ctx, old.ID)
		e.must(err)
		got := map[string]int{}
		for _, l := range ls {
			got[l.Name] = l.Total
			if l.Name == "重点项目" && l.ThreadID != 9 {
				t.Errorf("the merged list lost its topic: %d", l.ThreadID)
			}
		}
		if len(got) != 2 || got["重点项目"] != 2 || got["民生实事"] != 1 {
			t.Errorf("lists after the merge: %v, want 重点项目 2 tasks, 民生实事 1", got)
		}
	})
}
