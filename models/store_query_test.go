package models

import (
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

// listFixture fills two groups with tasks in every state. In group A, with
// the clock at 10 March 12:00 (Shanghai):
//
//	#1 due 13 Mar, todo, 王芳, 投资促进局
//	#2 due  8 Mar, todo, 张伟                   overdue 2 days
//	#3 due  5 Mar, doing, 王芳                  overdue 5 days
//	#4 due  9 Mar, submitted, 陈静              past due but submitted: not overdue
//	#5 due 20 Mar, done 6 Mar, 王芳
//	#6 due  4 Mar, cancelled, 王芳
//	#7 due 20 Mar, posted (unclaimed)
//	#8 due 12 Mar, doing, 张伟 + 王芳 协办, 投资促进局
//	#9 due 12 Mar, todo, 李局                   same deadline as #8
//	#10 due 3 Mar, done 8 Mar, 张伟
//
// Group B: #1 due 1 Mar (王芳, overdue), #2 due 30 Mar (王芳), #3 due 2 Mar done (王芳).
func listFixture(t *testing.T, s *Store, clk *clock.Fake) (e *env, b *Chat) {
	e = newEnv(t, s, clk)
	ctx := e.ctx
	b = e.newChat("乙群")
	unit := withUnit("投资促进局")
	e.assign("甲", e.wang, sh(3, 13, 18, 0), unit)
	e.assign("乙", e.zhang, sh(3, 8, 18, 0))
	t3 := e.assign("丙", e.wang, sh(3, 5, 18, 0))
	_, err := s.ReportProgress(ctx, by(e.wang), t3.ID, e.wang.ID, ptr(50), "")
	e.must(err)
	e.submit(e.assign("丁", e.chen, sh(3, 9, 18, 0)), e.chen, sh(3, 9, 20, 0), true)
	e.submit(e.assign("戊", e.wang, sh(3, 20, 18, 0)), e.wang, sh(3, 6, 9, 0), false)
	t6 := e.assign("己", e.wang, sh(3, 4, 18, 0))
	_, err = s.CancelTask(ctx, by(e.boss), t6.ID, "不再需要")
	e.must(err)
	e.assign("庚", nil, sh(3, 20, 18, 0))
	t8 := e.assign("辛", e.zhang, sh(3, 12, 18, 0), unit, withCooperators(e.wang))
	_, err = s.ReportProgress(ctx, by(e.zhang), t8.ID, e.zhang.ID, nil, "已对接")
	e.must(err)
	e.assign("壬", e.li, sh(3, 12, 18, 0))
	e.submit(e.assign("癸", e.zhang, sh(3, 3, 18, 0)), e.zhang, sh(3, 8, 9, 0), false)

	e.assignIn(b, "乙群一", e.wang, sh(3, 1, 18, 0))
	e.assignIn(b, "乙群二", e.wang, sh(3, 30, 18, 0), unit)
	x := e.assignIn(b, "乙群三", e.wang, sh(3, 2, 18, 0))
	_, err = s.Submit(ctx, by(e.wang), x.ID, e.wang.ID, "", false)
	e.must(err)
	clk.Set(sh(3, 10, 12, 0))
	return e, b
}

func TestPendingTasks(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
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
			{"one assignee, lead or cooperator", a, TaskFilter{AssigneeID: e.wang.ID}, []int{3, 8, 1}, 3},
			{"one unit", a, TaskFilter{UnitName: "投资促进局"}, []int{8, 1}, 2},
			{"overdue only", a, TaskFilter{Overdue: true}, []int{3, 2}, 2},
			{"overdue of one assignee", a, TaskFilter{Overdue: true, AssigneeID: e.zhang.ID}, []int{2}, 1},
			{"due before 12 Mar 18:00", a, TaskFilter{DueBefore: sh(3, 12, 18, 0)}, []int{3, 2, 4}, 3},
			{"due before a second later", a, TaskFilter{DueBefore: sh(3, 12, 18, 0).Add(time.Second)}, []int{3, 2, 4, 8, 9}, 5},
			{"due before, given in New York time", a, TaskFilter{DueBefore: sh(3, 12, 18, 0).In(newYork)}, []int{3, 2, 4}, 3},
			{"closed, latest first", a, TaskFilter{Closed: true}, []int{10, 5}, 2},
			{"closed of one assignee", a, TaskFilter{Closed: true, AssigneeID: e.wang.ID}, []int{5}, 1},
			{"first page", a, TaskFilter{Limit: 3}, []int{3, 2, 4}, 7},
			{"second page", a, TaskFilter{Limit: 3, Offset: 3}, []int{8, 9, 1}, 7},
			{"last page", a, TaskFilter{Limit: 3, Offset: 6}, []int{7}, 7},
			{"past the end", a, TaskFilter{Limit: 3, Offset: 9}, []int{}, 7},
			{"filtered page", a, TaskFilter{AssigneeID: e.wang.ID, Limit: 2, Offset: 2}, []int{1}, 3},
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
		if got := assigneeSummary(&page.Tasks[0]); got != "张伟:lead,王芳:co" {
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
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
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
			{"all groups", e.wang, 0, []group{{"乙群", []int{1, 2}}, {"招商引资工作群", []int{3, 8, 1}}}},
			{"one group", e.wang, a, []group{{"招商引资工作群", []int{3, 8, 1}}}},
			{"the other group", e.wang, b.ID, []group{{"乙群", []int{1, 2}}}},
			{"submitted work is still listed", e.chen, 0, []group{{"招商引资工作群", []int{4}}}},
			{"cooperator and lead", e.zhang, 0, []group{{"招商引资工作群", []int{2, 8}}}},
			{"nothing to do", e.zhao, 0, nil},
			{"nothing in that group", e.li, b.ID, nil},
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
