package models

import (
	"slices"
	"testing"
	"time"
)

// listFixture fills two groups with tasks in every state. In group A, with
// the clock at 10 March 12:00 (Shanghai):
//
//	#1 due 13 Mar, todo, 李明, 投资促进局
//	#2 due  8 Mar, todo, 张伟                   overdue 2 days
//	#3 due  5 Mar, doing, 李明                  overdue 5 days
//	#4 due  9 Mar, submitted, 陈静              past due but submitted: not overdue
//	#5 due 20 Mar, done 6 Mar, 李明
//	#6 due  4 Mar, cancelled, 李明
//	#7 due 20 Mar, posted (unclaimed)
//	#8 due 12 Mar, doing, 张伟 + 李明 协办, 投资促进局
//	#9 due 12 Mar, todo, 刘洋                   same deadline as #8
//	#10 due 3 Mar, done 8 Mar, 张伟
//
// Group B: #1 due 1 Mar (李明, overdue), #2 due 30 Mar (李明), #3 due 2 Mar done (李明).
func listFixture(t *testing.T, s *Store, clk *fakeClock) (e *env, b *Chat) {
	e = newEnv(t, s, clk)
	ctx := e.ctx
	b = e.newChat("乙群")
	unit := withUnit("投资促进局")
	e.assign("甲", e.alice, sh(3, 13, 18, 0), unit)
	e.assign("乙", e.bob, sh(3, 8, 18, 0))
	t3 := e.assign("丙", e.alice, sh(3, 5, 18, 0))
	_, err := s.ReportProgress(ctx, by(e.alice), t3.ID, e.alice.ID, ptr(50), "")
	e.must(err)
	e.submit(e.assign("丁", e.carol, sh(3, 9, 18, 0)), e.carol, sh(3, 9, 20, 0), true)
	e.submit(e.assign("戊", e.alice, sh(3, 20, 18, 0)), e.alice, sh(3, 6, 9, 0), false)
	t6 := e.assign("己", e.alice, sh(3, 4, 18, 0))
	_, err = s.CancelTask(ctx, by(e.leader), t6.ID, "不再需要")
	e.must(err)
	e.assign("庚", nil, sh(3, 20, 18, 0))
	t8 := e.assign("辛", e.bob, sh(3, 12, 18, 0), unit, withCooperators(e.alice))
	_, err = s.ReportProgress(ctx, by(e.bob), t8.ID, e.bob.ID, nil, "已对接")
	e.must(err)
	e.assign("壬", e.dave, sh(3, 12, 18, 0))
	e.submit(e.assign("癸", e.bob, sh(3, 3, 18, 0)), e.bob, sh(3, 8, 9, 0), false)

	e.assignIn(b, "乙群一", e.alice, sh(3, 1, 18, 0))
	e.assignIn(b, "乙群二", e.alice, sh(3, 30, 18, 0), unit)
	x := e.assignIn(b, "乙群三", e.alice, sh(3, 2, 18, 0))
	_, err = s.Submit(ctx, by(e.alice), x.ID, e.alice.ID, "", false)
	e.must(err)
	clk.Set(sh(3, 10, 12, 0))
	return e, b
}

func TestPendingTasks(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *fakeClock) {
		e, b := listFixture(t, s, clk)
		a := e.chat.ID
		cases := []struct {
			name      string
			chat      uint
			filter    TaskFilter
			want      []int
			wantTotal int64
		}{
			{"open tasks, overdue first then by deadline", a, TaskFilter{}, []int{3, 2, 4, 8, 9, 1, 7}, 7},
			{"one assignee, lead or cooperator", a, TaskFilter{AssigneeID: e.alice.ID}, []int{3, 8, 1}, 3},
			{"one unit", a, TaskFilter{UnitName: "投资促进局"}, []int{8, 1}, 2},
			{"overdue only", a, TaskFilter{Overdue: true}, []int{3, 2}, 2},
			{"overdue of one assignee", a, TaskFilter{Overdue: true, AssigneeID: e.bob.ID}, []int{2}, 1},
			{"due before 12 Mar 18:00", a, TaskFilter{DueBefore: sh(3, 12, 18, 0)}, []int{3, 2, 4}, 3},
			{"due before a second later", a, TaskFilter{DueBefore: sh(3, 12, 18, 0).Add(time.Second)}, []int{3, 2, 4, 8, 9}, 5},
			{"due before, given in New York time", a, TaskFilter{DueBefore: sh(3, 12, 18, 0).In(newYork)}, []int{3, 2, 4}, 3},
			{"closed, latest first", a, TaskFilter{Closed: true}, []int{10, 5}, 2},
			{"closed of one assignee", a, TaskFilter{Closed: true, AssigneeID: e.alice.ID}, []int{5}, 1},
			{"first page", a, TaskFilter{Limit: 3}, []int{3, 2, 4}, 7},
			{"second page", a, TaskFilter{Limit: 3, Offset: 3}, []int{8, 9, 1}, 7},
			{"last page", a, TaskFilter{Limit: 3, Offset: 6}, []int{7}, 7},
			{"past the end", a, TaskFilter{Limit: 3, Offset: 9}, []int{}, 7},
			{"filtered page", a, TaskFilter{AssigneeID: e.alice.ID, Limit: 2, Offset: 2}, []int{1}, 3},
			{"the other group", b.ID, TaskFilter{}, []int{1, 2}, 2},
			{"the other group's unit", b.ID, TaskFilter{UnitName: "投资促进局"}, []int{2}, 1},
			{"a group without tasks", 987654, TaskFilter{}, []int{}, 0},
		}
		for _, c := range cases {
			page, err := s.PendingTasks(e.ctx, c.chat, c.filter)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := numbers(page.Tasks); !slices.Equal(got, c.want) || page.Total != c.wantTotal {
				t.Errorf("%s: %v of %d, want %v of %d", c.name, got, page.Total, c.want, c.wantTotal)
			}
			for _, task := range page.Tasks {
				if task.ChatID != c.chat {
					t.Errorf("%s: task %q of chat %d listed", c.name, task.Title, task.ChatID)
				}
			}
		}
		page, err := s.PendingTasks(e.ctx, a, TaskFilter{UnitName: "投资促进局"})
		e.must(err)
		if got := assigneeSummary(&page.Tasks[0]); got != "张伟:lead,李明:co" {
			t.Errorf("listed task's assignees = %s", got)
		}
		if page.Tasks[0].Overdue(s.Now()) || page.Tasks[0].DaysOverdue(s.Now(), shanghai) != 0 {
			t.Errorf("#8, due 12 March, reads as overdue on 10 March")
		}
		all, err := s.PendingTasks(e.ctx, a, TaskFilter{Overdue: true})
		e.must(err)
		for i, want := range []int{5, 2} { // 逾期N天 in the group's zone
			if got := all.Tasks[i].DaysOverdue(s.Now(), shanghai); got != want {
				t.Errorf("#%d is %d days overdue, want %d", all.Tasks[i].Number, got, want)
			}
		}
	})
}

func TestTasksOf(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *fakeClock) {
		e, b := listFixture(t, s, clk)
		a := e.chat.ID
		type group struct {
			chat  string
			tasks []int
		}
		cases := []struct {
			name string
			user *User
			chat uint
			want []group
		}{
			// Group B's task is the most overdue of all, so B comes first.
			{"all groups", e.alice, 0, []group{{"乙群", []int{1, 2}}, {"招商引资专班", []int{3, 8, 1}}}},
			{"one group", e.alice, a, []group{{"招商引资专班", []int{3, 8, 1}}}},
			{"the other group", e.alice, b.ID, []group{{"乙群", []int{1, 2}}}},
			{"submitted work is still listed", e.carol, 0, []group{{"招商引资专班", []int{4}}}},
			{"cooperator and lead", e.bob, 0, []group{{"招商引资专班", []int{2, 8}}}},
			{"nothing to do", e.erin, 0, nil},
			{"nothing in that group", e.dave, b.ID, nil},
		}
		for _, c := range cases {
			got, err := s.TasksOf(e.ctx, c.user.ID, c.chat)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var groups []group
			for _, g := range got {
				groups = append(groups, group{g.Chat.Title, numbers(g.Tasks)})
				for _, task := range g.Tasks {
					if task.ChatID != g.Chat.ID || !task.IsAssignee(c.user.ID) {
						t.Errorf("%s: task %q misplaced or not theirs", c.name, task.Title)
					}
				}
			}
			if !slices.EqualFunc(groups, c.want, func(x, y group) bool { return x.chat == y.chat && slices.Equal(x.tasks, y.tasks) }) {
				t.Errorf("%s: %v, want %v", c.name, groups, c.want)
			}
		}
	})
}
