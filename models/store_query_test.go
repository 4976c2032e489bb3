package models

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

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

func TestFindTasks(t *testing.T) {
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
			page, err := s.FindTasks(e.ctx, c.chat, c.filter)
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
		page, err := s.FindTasks(e.ctx, a, TaskFilter{UnitName: "投资促进局"})
		e.must(err)
		if got := assigneeSummary(&page.Tasks[0]); got != "张伟:lead,王芳:co" {
			t.Errorf("listed task's assignees = %s", got)
		}
		if page.Tasks[0].Overdue(s.Now()) || page.Tasks[0].DaysOverdue(s.Now(), shanghai) != 0 {
			t.Errorf("#8, due 12 March, reads as overdue on 10 March")
		}
		all, err := s.FindTasks(e.ctx, a, TaskFilter{Overdue: true})
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

// TestOverdueFirstBeforeEarlierDeadlines: /tasks and /my promise overdue
// tasks first. Here tasks that are not overdue (submitted, or listed and
// unclaimed) have earlier deadlines than the overdue ones, so ordering by
// deadline alone gives a different list. With the clock at 8 March 12:00:
//
//	group A: #1 due 3 Mar, submitted late (not overdue), 王芳
//	         #2 due 4 Mar, listed, nobody claimed it (not overdue)
//	         #3 due 6 Mar, todo, 王芳                   overdue 2 days
//	         #4 due 5 Mar, doing, 张伟                  overdue 3 days
//	         #5 due 9 Mar, todo, 王芳                   not yet due
//	group B: #1 due 2 Mar, submitted late (not overdue), 王芳
//	group C: #1 due 7 Mar, todo, 王芳                   overdue 1 day
func TestOverdueFirstBeforeEarlierDeadlines(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		b, c := e.newChat("乙群"), e.newChat("丙群")
		e.submit(e.assign("已提交", e.wang, sh(3, 3, 18, 0)), e.wang, sh(3, 3, 20, 0), true)
		e.assign("待认领", nil, sh(3, 4, 18, 0))
		e.assign("逾期两天", e.wang, sh(3, 6, 18, 0))
		doing := e.assign("逾期三天", e.zhang, sh(3, 5, 18, 0))
		_, err := s.ReportProgress(e.ctx, by(e.zhang), doing.ID, e.zhang.ID, nil, "推进中")
		e.must(err)
		e.assign("未到期", e.wang, sh(3, 9, 18, 0))
		e.submit(e.assignIn(b, "乙群已提交", e.wang, sh(3, 2, 18, 0)), e.wang, sh(3, 2, 20, 0), true)
		e.assignIn(c, "丙群逾期", e.wang, sh(3, 7, 18, 0))
		clk.Set(sh(3, 8, 12, 0))

		for _, tc := range []struct {
			name   string
			filter TaskFilter
			want   []int
		}{
			{"/tasks", TaskFilter{}, []int{4, 3, 1, 2, 5}},
			{"/tasks, first page", TaskFilter{Limit: 2}, []int{4, 3}},
			{"/tasks, second page", TaskFilter{Limit: 2, Offset: 2}, []int{1, 2}},
			{"/tasks @王芳", TaskFilter{AssigneeID: e.wang.ID}, []int{3, 1, 5}},
		} {
			page, err := s.FindTasks(e.ctx, e.chat.ID, tc.filter)
			e.must(err)
			if got := numbers(page.Tasks); !slices.Equal(got, tc.want) {
				t.Errorf("%s lists %v, want %v (overdue first)", tc.name, got, tc.want)
			}
		}

		type group struct {
			chat  string
			tasks []int
		}
		for _, tc := range []struct {
			name string
			chat uint
			want []group
		}{
			// A's most overdue task (6 Mar) comes before C's (7 Mar); B has
			// the earliest deadline of all but nothing overdue, so it is last.
			{"/my in private", 0, []group{{"招商引资工作群", []int{3, 1, 5}}, {"丙群", []int{1}}, {"乙群", []int{1}}}},
			{"/my in group A", e.chat.ID, []group{{"招商引资工作群", []int{3, 1, 5}}}},
		} {
			got, err := s.TasksOf(e.ctx, e.wang.ID, tc.chat)
			e.must(err)
			var groups []group
			for _, g := range got {
				groups = append(groups, group{g.Chat.Title, numbers(g.Tasks)})
			}
			if !slices.EqualFunc(groups, tc.want, func(x, y group) bool { return x.chat == y.chat && slices.Equal(x.tasks, y.tasks) }) {
				t.Errorf("%s lists %v, want %v (overdue first)", tc.name, groups, tc.want)
			}
		}
	})
}

// TestListQueriesOrderBy reads the SQL every list query sends and checks its
// ORDER BY: GORM drops an ordering it does not understand without an error,
// and data that happens to be in the right order would not show it.
func TestListQueriesOrderBy(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e, _ := listFixture(t, s, clk)
		ctx, a := e.ctx, e.chat.ID
		sent := captureSQL(t, s)
		overdueFirst := "CASE WHEN tasks.status IN (?, ?) AND (tasks.deadline < ? OR tasks.missed_deadline IS NOT NULL) THEN 0 ELSE 1 END, tasks.deadline, tasks.number"
		cases := []struct {
			name string
			run  func() error
			want []string // the ORDER BY of each statement that has one, in order
		}{
			{"/tasks", func() error { _, err := s.FindTasks(ctx, a, TaskFilter{Limit: 10}); return err },
				[]string{overdueFirst, "seq"}},
			{"/tasks closed", func() error { _, err := s.FindTasks(ctx, a, TaskFilter{Closed: true}); return err },
				[]string{"tasks.done_at DESC, tasks.number DESC", "seq"}},
			{"/my", func() error { _, err := s.TasksOf(ctx, e.wang.ID, 0); return err },
				[]string{overdueFirst, "seq"}},
			{"digest's completed tasks", func() error {
				_, err := s.CompletedTasks(ctx, a, sh(3, 1, 0, 0), sh(3, 10, 0, 0))
				return err
			}, []string{"done_at DESC, number DESC", "seq"}},
			{"task history", func() error { _, err := s.TaskHistory(ctx, 3); return err },
				[]string{"created_at, id", "created_at, id", "created_at, id"}},
			{"ledger", func() error { _, err := s.Ledger(ctx, LedgerQuery{ChatID: a}); return err },
				[]string{"number", "seq", "task_id, created_at, id", "task_id, created_at, id"}},
			{"pending reminders", func() error { _, err := s.PendingReminders(ctx, a); return err },
				[]string{"due_at, id"}},
			{"due reminders", func() error { _, err := s.DueReminders(ctx, s.Now(), 10); return err },
				[]string{"due_at, id"}},
			{"next reminder", func() error { _, _, err := s.NextReminderAt(ctx); return err },
				[]string{"due_at"}},
			{"units", func() error { _, err := s.Units(ctx, a); return err },
				[]string{"name", "users.first_name, users.id"}},
			{"leaders", func() error { _, err := s.NamedLeaders(ctx, a); return err },
				[]string{"users.first_name, users.id"}},
			{"user by @username", func() error { _, err := s.UserByUsername(ctx, "wangfang"); return err },
				[]string{"CASE WHEN telegram_id IS NULL THEN 1 ELSE 0 END, updated_at DESC"}},
		}
		for _, c := range cases {
			sent.reset()
			if err := c.run(); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := sent.orderBys(); !slices.Equal(got, c.want) {
				t.Errorf("%s orders by %q, want %q\nSQL sent: %q", c.name, got, c.want, sent.all())
			}
		}
	})
}

// sqlLog records the SQL a store sends, with placeholders.
type sqlLog struct {
	mu   sync.Mutex
	sqls []string
}

// captureSQL makes s record every query it sends from now on.
func captureSQL(t *testing.T, s *Store) *sqlLog {
	t.Helper()
	l := &sqlLog{}
	record := func(db *gorm.DB) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.sqls = append(l.sqls, db.Statement.SQL.String())
	}
	e1 := s.db.Callback().Query().After("gorm:query").Before("gorm:preload").Register("test:capture_query", record)
	e2 := s.db.Callback().Row().After("gorm:row").Register("test:capture_row", record)
	if err := errors.Join(e1, e2); err != nil {
		t.Fatal(err)
	}
	return l
}

func (l *sqlLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sqls = nil
}

func (l *sqlLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.sqls)
}

var (
	pgPlaceholder = regexp.MustCompile(`\$\d+`)
	orderByClause = regexp.MustCompile(`ORDER BY (.*?)(?: LIMIT .*)?$`)
	commas        = regexp.MustCompile(`,\s*`)
)

// orderBys returns the ORDER BY of each recorded statement that has one,
// written the same way for both databases (no quotes, ? placeholders).
func (l *sqlLog) orderBys() []string {
	var out []string
	for _, q := range l.all() {
		q = strings.Join(strings.Fields(q), " ")
		m := orderByClause.FindStringSubmatch(q)
		if m == nil {
			continue
		}
		o := strings.NewReplacer("`", "", `"`, "").Replace(pgPlaceholder.ReplaceAllString(m[1], "?"))
		out = append(out, commas.ReplaceAllString(o, ", "))
	}
	return out
}
