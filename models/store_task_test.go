package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

func TestCreateTask(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		resp := e.boss.ID
		// Deadlines arrive in the group's zone, with stray nanoseconds.
		deadline := time.Date(2026, 3, 9, 18, 0, 0, 123456789, shanghai)
		task, err := s.CreateTask(e.ctx, by(e.boss), NewTask{
			ChatID: e.chat.ID, Title: "梳理2026年在谈项目清单", Detail: "逐个项目明确责任人和时间节点",
			UnitName: "投资促进局", AssignerID: e.boss.ID, ResponsibleID: &resp,
			LeadID: e.wang.ID, CooperatorIDs: []uint{e.zhang.ID, e.wang.ID, e.chen.ID, e.zhang.ID},
			Deadline: deadline, DeadlinePhrase: "下周一", ThreadID: 7,
		})
		e.must(err)
		want := sh(3, 9, 18, 0)
		if task.Number != 1 || task.Status != StatusTodo || task.Title != "梳理2026年在谈项目清单" ||
			task.Detail != "逐个项目明确责任人和时间节点" || task.UnitName != "投资促进局" ||
			task.AssignerID != e.boss.ID || task.ResponsibleID == nil || *task.ResponsibleID != resp ||
			task.DeadlinePhrase != "下周一" || task.ThreadID != 7 || task.Percent != 0 || task.Extensions != 0 {
			t.Errorf("created task = %+v", task)
		}
		if !task.Deadline.Equal(want) || !task.OriginalDeadline.Equal(want) || !task.CreatedAt.Equal(t0) {
			t.Errorf("deadline %v, original %v, created %v; want %v, %v, %v", task.Deadline, task.OriginalDeadline, task.CreatedAt, want, want, t0)
		}
		// Named twice or as both lead and cooperator: one place each, in order.
		if got := assigneeSummary(task); got != "王芳:lead,张伟:co,陈静:co" {
			t.Errorf("assignees = %s", got)
		}
		if _, err := s.UnitByName(e.ctx, e.chat.ID, "投资促进局"); err != nil {
			t.Errorf("the task's unit was not added to the group")
		}
		h, err := s.TaskHistory(e.ctx, task.ID)
		e.must(err)
		if len(h.Events) != 1 || h.Events[0].Kind != "assigned" || h.Events[0].Actor == nil || h.Events[0].Actor.ID != e.boss.ID {
			t.Errorf("audit = %+v, want one 'assigned' by the leader", h.Events)
		}
		if got, err := s.TaskByNumber(e.ctx, e.chat.ID, 1); err != nil || got.ID != task.ID {
			t.Errorf("TaskByNumber(1) = %v, %v", got, err)
		}
		e.must(s.SetTaskMessage(e.ctx, task.ID, 4242))
		if got := e.reload(task); got.MessageID != 4242 {
			t.Errorf("MessageID = %d", got.MessageID)
		}

		listed := e.assign("揭榜：招引一个亿元以上项目", nil, sh(6, 30, 18, 0))
		if listed.Status != StatusPosted || listed.Lead() != nil || listed.Number != 2 {
			t.Errorf("listed task = %+v, want #2 posted without a lead", listed)
		}

		invalid := []struct {
			name string
			edit func(*NewTask)
		}{
			{"empty title", func(n *NewTask) { n.Title = "  " }},
			{"title over 200 characters", func(n *NewTask) { n.Title = strings.Repeat("招", MaxTitleRunes+1) }},
			{"detail over the limit", func(n *NewTask) { n.Detail = strings.Repeat("字", MaxDetailRunes+1) }},
			{"unit over the limit", func(n *NewTask) { n.UnitName = strings.Repeat("局", MaxUnitRunes+1) }},
			{"no deadline", func(n *NewTask) { n.Deadline = time.Time{} }},
			{"no chat", func(n *NewTask) { n.ChatID = 0 }},
			{"no assigner", func(n *NewTask) { n.AssignerID = 0 }},
		}
		for _, c := range invalid {
			n := NewTask{ChatID: e.chat.ID, Title: "有效标题", AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: want}
			c.edit(&n)
			if _, err := s.CreateTask(e.ctx, by(e.boss), n); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: %v, want ErrInvalid", c.name, err)
			}
		}
		// Exactly 200 characters are fine, counted as people count them.
		if _, err := s.CreateTask(e.ctx, by(e.boss), NewTask{ChatID: e.chat.ID, Title: strings.Repeat("招", MaxTitleRunes),
			AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: want}); err != nil {
			t.Errorf("a 200-character title: %v", err)
		}
		var tl *TooLongError
		_, err = s.CreateTask(e.ctx, by(e.boss), NewTask{ChatID: e.chat.ID, Title: strings.Repeat("招", 201),
			AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: want})
		if !errors.As(err, &tl) || tl.Field != "title" || tl.Runes != 201 || tl.Max != 200 {
			t.Errorf("TooLongError = %+v (%v)", tl, err)
		}
	})
}

// Tasks are numbered #1, #2, … per group; a creation that fails uses no
// number.
func TestTaskNumbering(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		a, b := e.chat, e.newChat("乙群")
		due := sh(3, 20, 18, 0)
		firstUpdate := by(e.boss)
		steps := []struct {
			name    string
			chat    *Chat
			change  Change
			edit    func(*NewTask)
			want    int   // number, when the creation succeeds
			wantErr error // nil: any error will do when want is 0
		}{
			{"first in A", a, firstUpdate, nil, 1, nil},
			{"second in A", a, by(e.boss), nil, 2, nil},
			{"first in B", b, by(e.boss), nil, 1, nil},
			{"title over 200 characters", a, by(e.boss), func(n *NewTask) { n.Title = strings.Repeat("长", 201) }, 0, ErrInvalid},
			{"lead who does not exist", a, by(e.boss), func(n *NewTask) { n.LeadID = 987654 }, 0, nil},
			{"chat that does not exist", a, by(e.boss), func(n *NewTask) { n.ChatID = 987654 }, 0, ErrNotFound},
			{"third in A", a, by(e.boss), nil, 3, nil},
			{"second in B", b, by(e.boss), nil, 2, nil},
			{"fourth in A", a, by(e.boss), nil, 4, nil},
		}
		for _, st := range steps {
			n := NewTask{ChatID: st.chat.ID, Title: st.name, AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: due}
			if st.edit != nil {
				st.edit(&n)
			}
			task, err := s.CreateTask(e.ctx, st.change, n)
			switch {
			case st.want != 0 && err != nil:
				t.Fatalf("%s: %v", st.name, err)
			case st.want != 0 && task.Number != st.want:
				t.Errorf("%s: #%d, want #%d", st.name, task.Number, st.want)
			case st.want == 0 && err == nil:
				t.Errorf("%s: created #%d, want an error", st.name, task.Number)
			case st.want == 0 && st.wantErr != nil && !errors.Is(err, st.wantErr):
				t.Errorf("%s: %v, want %v", st.name, err, st.wantErr)
			}
		}
		for _, c := range []struct {
			chat *Chat
			want []int
		}{{a, []int{1, 2, 3, 4}}, {b, []int{1, 2}}} {
			page, err := s.FindTasks(e.ctx, c.chat.ID, TaskFilter{})
			e.must(err)
			if got := numbers(page.Tasks); !slices.Equal(got, c.want) {
				t.Errorf("chat %q has tasks %v, want %v", c.chat.Title, got, c.want)
			}
		}
	})
}

// Many leaders assigning in one group at once get distinct, consecutive
// numbers.
func TestCreateTaskConcurrent(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		const workers, each = 8, 5
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		got := make(chan int, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					task, err := s.CreateTask(e.ctx, by(e.boss), NewTask{ChatID: e.chat.ID,
						Title: fmt.Sprintf("并发任务 %d-%d", w, i), AssignerID: e.boss.ID, LeadID: e.wang.ID,
						CooperatorIDs: []uint{e.zhang.ID}, UnitName: "投资促进局", Deadline: sh(3, 20, 18, 0)})
					if err != nil {
						errs <- err
						continue
					}
					got <- task.Number
				}
			}()
		}
		wg.Wait()
		close(errs)
		close(got)
		for err := range errs {
			t.Errorf("CreateTask: %v", err)
		}
		var nums []int
		for n := range got {
			nums = append(nums, n)
		}
		slices.Sort(nums)
		for i, n := range nums {
			if n != i+1 {
				t.Fatalf("numbers %v, want 1..%d each once", nums, workers*each)
			}
		}
		if len(nums) != workers*each {
			t.Fatalf("%d tasks created, want %d", len(nums), workers*each)
		}
		c, err := s.ChatByID(e.ctx, e.chat.ID)
		e.must(err)
		if c.LastTaskNumber != workers*each {
			t.Errorf("LastTaskNumber = %d, want %d", c.LastTaskNumber, workers*each)
		}
	})
}

// chatState is everything a user could see change in the env's chat.
func (e *env) chatState() string {
	e.t.Helper()
	db := e.s.db.WithContext(e.ctx)
	var b strings.Builder
	var c Chat
	e.must(db.Take(&c, e.chat.ID).Error)
	fmt.Fprintf(&b, "chat last=%d confirm=%v\n", c.LastTaskNumber, c.NeedConfirm)
	var tasks []Task
	e.must(withAssignees(db).Where("chat_id = ?", e.chat.ID).Order("number").Find(&tasks).Error)
	for _, t := range tasks {
		fmt.Fprintf(&b, "#%d %s %s %d%% due=%s ext=%d unit=%s sub=%v done=%v [%s]\n", t.Number, t.Title, t.Status, t.Percent,
			t.Deadline.UTC(), t.Extensions, t.UnitName, t.SubmittedAt != nil, t.DoneAt != nil, assigneeSummary(&t))
	}
	count := func(model any, where string, args ...any) int64 {
		var n int64
		e.must(db.Model(model).Where(where, args...).Count(&n).Error)
		return n
	}
	fmt.Fprintf(&b, "progress=%d extensions=%d pending=%d audit=%d units=%d memberships=%d leaders=%d\n",
		count(&ProgressReport{}, "1 = 1"), count(&ExtensionRequest{}, "1 = 1"),
		count(&ExtensionRequest{}, "status = ?", ExtensionPending), count(&AuditEvent{}, "chat_id = ?", e.chat.ID),
		count(&Unit{}, "chat_id = ?", e.chat.ID), count(&Membership{}, "chat_id = ? AND unit_name <> ''", e.chat.ID),
		count(&Membership{}, "chat_id = ? AND named_leader = ?", e.chat.ID, true))
	return b.String()
}

// An update is handled once, whatever its change: a redelivery finds its
// inbox row and is not handled again, and a unit of work that would handle
// it a second time fails with ErrDuplicateUpdate and changes nothing.
func TestReplayedUpdate(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		due := sh(3, 20, 18, 0)
		todo := func() *Task { return e.assign("待办任务", e.wang, due) }
		submitted := func() *Task {
			task := todo()
			e.submit(task, e.wang, t0, true)
			return task
		}
		pending := func() (*Task, *ExtensionRequest) {
			task := todo()
			req, err := s.RequestExtension(ctx, by(e.wang), task.ID, e.wang.ID, due.AddDate(0, 0, 7), "", "等待批复")
			e.must(err)
			return task, req
		}
		cases := []struct {
			name string
			// prepare returns the mutation to run twice with the same change.
			prepare func() func(ctx context.Context, c Change) error
		}{
			{"CreateTask", func() func(context.Context, Change) error {
				return func(ctx context.Context, c Change) error {
					_, err := s.CreateTask(ctx, c, NewTask{ChatID: e.chat.ID, Title: "重放", AssignerID: e.boss.ID, LeadID: e.zhang.ID, Deadline: due})
					return err
				}
			}},
			{"Acknowledge", func() func(context.Context, Change) error {
				task := todo()
				return func(ctx context.Context, c Change) error {
					_, err := s.Acknowledge(ctx, c, task.ID, e.wang.ID)
					return err
				}
			}},
			{"ReportProgress", func() func(context.Context, Change) error {
				task := todo()
				return func(ctx context.Context, c Change) error {
					_, err := s.ReportProgress(ctx, c, task.ID, e.wang.ID, ptr(40), "已完成选址")
					return err
				}
			}},
			{"Submit", func() func(context.Context, Change) error {
				task := todo()
				return func(ctx context.Context, c Change) error {
					_, err := s.Submit(ctx, c, task.ID, e.wang.ID, "", false)
					return err
				}
			}},
			{"Confirm", func() func(context.Context, Change) error {
				task := submitted()
				return func(ctx context.Context, c Change) error { _, err := s.Confirm(ctx, c, task.ID); return err }
			}},
			{"SendBack", func() func(context.Context, Change) error {
				task := submitted()
				return func(ctx context.Context, c Change) error {
					_, err := s.SendBack(ctx, c, task.ID, "材料不全")
					return err
				}
			}},
			{"CancelTask", func() func(context.Context, Change) error {
				task := todo()
				return func(ctx context.Context, c Change) error {
					_, err := s.CancelTask(ctx, c, task.ID, "项目终止")
					return err
				}
			}},
			{"ClaimTask", func() func(context.Context, Change) error {
				task := e.assign("揭榜任务", nil, due)
				return func(ctx context.Context, c Change) error {
					_, err := s.ClaimTask(ctx, c, task.ID, e.zhang.ID)
					return err
				}
			}},
			{"EditTask", func() func(context.Context, Change) error {
				task := todo()
				return func(ctx context.Context, c Change) error {
					_, err := s.EditTask(ctx, c, task.ID, TaskEdit{Title: ptr("改过的标题"), LeadID: &e.chen.ID})
					return err
				}
			}},
			{"RequestExtension", func() func(context.Context, Change) error {
				task := todo()
				return func(ctx context.Context, c Change) error {
					_, err := s.RequestExtension(ctx, c, task.ID, e.wang.ID, due.AddDate(0, 0, 3), "", "企业资料未齐")
					return err
				}
			}},
			{"DecideExtension", func() func(context.Context, Change) error {
				_, req := pending()
				return func(ctx context.Context, c Change) error {
					_, _, err := s.DecideExtension(ctx, c, req.ID, true)
					return err
				}
			}},
			{"AddUnit", func() func(context.Context, Change) error {
				return func(ctx context.Context, c Change) error {
					_, err := s.AddUnit(ctx, c, e.chat.ID, "新单位", []uint{e.li.ID})
					return err
				}
			}},
			{"RemoveUnit", func() func(context.Context, Change) error {
				_, err := s.AddUnit(ctx, by(e.boss), e.chat.ID, "要删的单位", []uint{e.zhao.ID})
				e.must(err)
				return func(ctx context.Context, c Change) error { return s.RemoveUnit(ctx, c, e.chat.ID, "要删的单位") }
			}},
			{"SetNamedLeader", func() func(context.Context, Change) error {
				return func(ctx context.Context, c Change) error { return s.SetNamedLeader(ctx, c, e.chat.ID, e.li.ID, true) }
			}},
			{"SetHolidayOverride", func() func(context.Context, Change) error {
				return func(ctx context.Context, c Change) error {
					return s.SetHolidayOverride(ctx, c, e.chat.ID, "2027-04-30", true, "放假")
				}
			}},
			{"SetNeedConfirm", func() func(context.Context, Change) error {
				return func(ctx context.Context, c Change) error { return s.SetNeedConfirm(ctx, c, e.chat.ID, false) }
			}},
		}
		// handle is the bot's unit of work: the update's mark (taken first)
		// and its change commit together.
		handle := func(row uint, mutate func(context.Context, Change) error, c Change) error {
			return s.Unit(ctx, func(ctx context.Context) error {
				if err := s.MarkUpdateHandled(ctx, row); err != nil {
					return err
				}
				return mutate(ctx, c)
			})
		}
		const botID = 42
		for _, c := range cases {
			mutate := c.prepare()
			change := by(e.boss)
			update := []NewUpdate{{UpdateID: change.UpdateID, ChatID: e.chat.TelegramID, Payload: []byte(`{"update_id":1}`)}}
			if replays, err := s.ReceiveUpdates(ctx, botID, update); err != nil || len(replays) != 0 {
				t.Fatalf("%s: receive: %v, replays %v", c.name, err, replays)
			}
			rows, err := s.UnhandledUpdates(ctx, botID, 10)
			if err != nil || len(rows) != 1 || rows[0].UpdateID != change.UpdateID {
				t.Fatalf("%s: inbox %+v, %v", c.name, rows, err)
			}
			if err := handle(rows[0].ID, mutate, change); err != nil {
				t.Fatalf("%s: first delivery: %v", c.name, err)
			}
			before := e.chatState()
			e.clk.Advance(time.Minute)
			replays, err := s.ReceiveUpdates(ctx, botID, update)
			if err != nil || len(replays) != 1 || replays[0] != change.UpdateID {
				t.Errorf("%s: a redelivery was not recognised: %v, replays %v", c.name, err, replays)
			}
			if again, err := s.UnhandledUpdates(ctx, botID, 10); err != nil || len(again) != 0 {
				t.Errorf("%s: the redelivery waits to be handled: %+v, %v", c.name, again, err)
			}
			if err := handle(rows[0].ID, mutate, change); !errors.Is(err, ErrDuplicateUpdate) {
				t.Errorf("%s: handling it again returned %v, want ErrDuplicateUpdate", c.name, err)
			}
			if after := e.chatState(); after != before {
				t.Errorf("%s: the replay changed the chat:\nbefore:\n%s\nafter:\n%s", c.name, before, after)
			}
		}
	})
}

func TestAcknowledge(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		task := e.assign("收到请回复", e.wang, sh(3, 20, 18, 0), withCooperators(e.zhang))
		steps := []struct {
			who       *User
			taskID    uint
			wantFirst bool
			wantErr   error
		}{
			{e.wang, task.ID, true, nil},
			{e.wang, task.ID, false, nil},
			{e.zhang, task.ID, true, nil},
			{e.chen, task.ID, false, ErrNotAssignee},
			{e.wang, 987654, false, ErrNotFound},
		}
		for i, st := range steps {
			clk.Set(t0.Add(time.Duration(i) * time.Hour))
			first, err := s.Acknowledge(e.ctx, by(st.who), st.taskID, st.who.ID)
			wantErr(t, fmt.Sprintf("step %d (%s)", i, st.who.DisplayName()), err, st.wantErr)
			if first != st.wantFirst {
				t.Errorf("step %d: first = %v, want %v", i, first, st.wantFirst)
			}
		}
		got := e.reload(task)
		if s := assigneeSummary(got); s != "王芳:lead+ack,张伟:co+ack" {
			t.Errorf("assignees = %s", s)
		}
		if at := got.Lead().AckAt; at == nil || !at.Equal(t0) {
			t.Errorf("lead acknowledged at %v, want the first press %v", at, t0)
		}
		h, err := s.TaskHistory(e.ctx, task.ID)
		e.must(err)
		if n := countKind(h, "acknowledged"); n != 2 {
			t.Errorf("%d acknowledgements in the audit, want 2", n)
		}
	})
}

func countKind(h *History, kind string) int {
	n := 0
	for _, ev := range h.Events {
		if ev.Kind == kind {
			n++
		}
	}
	return n
}

func TestReportProgress(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		due := sh(3, 20, 18, 0)
		task := e.assign("推进项目落地", e.wang, due, withCooperators(e.zhang))
		steps := []struct {
			name        string
			who         *User
			percent     *int
			text        string
			wantErr     error
			wantStatus  Status
			wantPercent int
		}{
			{"first report starts the work", e.wang, ptr(30), "已完成选址", nil, StatusDoing, 30},
			{"cooperator reports without percent", e.zhang, nil, "配合提供用地资料", nil, StatusDoing, 30},
			{"percent rises", e.wang, ptr(80), "", nil, StatusDoing, 80},
			{"percent over 100", e.wang, ptr(101), "", ErrInvalid, StatusDoing, 80},
			{"negative percent", e.wang, ptr(-1), "", ErrInvalid, StatusDoing, 80},
			{"text over the limit", e.wang, nil, strings.Repeat("长", MaxDetailRunes+1), ErrInvalid, StatusDoing, 80},
			{"not an assignee", e.chen, ptr(100), "我来报", ErrNotAssignee, StatusDoing, 80},
		}
		for _, st := range steps {
			_, err := s.ReportProgress(e.ctx, by(st.who), task.ID, st.who.ID, st.percent, st.text)
			wantErr(t, st.name, err, st.wantErr)
			got := e.reload(task)
			if got.Status != st.wantStatus || got.Percent != st.wantPercent {
				t.Errorf("%s: %s %d%%, want %s %d%%", st.name, got.Status, got.Percent, st.wantStatus, st.wantPercent)
			}
		}
		h, err := s.TaskHistory(e.ctx, task.ID)
		e.must(err)
		if len(h.Progress) != 3 {
			t.Errorf("%d progress reports, want the 3 accepted ones", len(h.Progress))
		}

		// Only work in progress takes reports.
		closedStates := []struct {
			name string
			make func() *Task
			want Status
		}{
			{"submitted", func() *Task { x := e.assign("已提交", e.wang, due); return e.submit(x, e.wang, t0, true) }, StatusSubmitted},
			{"done", func() *Task { x := e.assign("已办结", e.wang, due); return e.submit(x, e.wang, t0, false) }, StatusDone},
			{"cancelled", func() *Task {
				x := e.assign("已取消", e.wang, due)
				x, err := s.CancelTask(e.ctx, by(e.boss), x.ID, "不再需要")
				e.must(err)
				return x
			}, StatusCancelled},
			{"posted", func() *Task { return e.assign("待认领", nil, due) }, StatusPosted},
		}
		for _, c := range closedStates {
			x := c.make()
			_, err := s.ReportProgress(e.ctx, by(e.wang), x.ID, e.wang.ID, ptr(50), "")
			var se *StatusError
			if !errors.Is(err, ErrWrongStatus) || !errors.As(err, &se) || se.Status != c.want {
				t.Errorf("progress on a %s task: %v, want ErrWrongStatus naming %s", c.name, err, c.want)
			}
			if got := e.reload(x); got.Status != c.want {
				t.Errorf("progress on a %s task changed it to %s", c.name, got.Status)
			}
		}
	})
}

func TestSubmitConfirmSendBack(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		due := sh(3, 20, 18, 0)

		// Without confirmation: 提交 is 办结 at once.
		quick := e.assign("无需确认的任务", e.wang, due)
		got := e.submit(quick, e.wang, sh(3, 5, 9, 0), false)
		if got.Status != StatusDone || got.Percent != 100 || got.SubmittedAt == nil || got.DoneAt == nil ||
			!got.SubmittedAt.Equal(sh(3, 5, 9, 0)) || !got.DoneAt.Equal(sh(3, 5, 9, 0)) {
			t.Errorf("submit without confirmation: %+v", got)
		}

		// With confirmation: 已提交, then 退回, then 已提交 again, then 办结.
		task := e.assign("需确认的任务", e.wang, due, withCooperators(e.zhang))
		type step struct {
			name       string
			at         time.Time
			do         func() (*Task, error)
			wantErr    error
			wantStatus Status
			wantSubAt  *time.Time
			wantDoneAt *time.Time
		}
		submitBy := func(u *User) func() (*Task, error) {
			return func() (*Task, error) { return s.Submit(ctx, by(u), task.ID, u.ID, "已完成", true) }
		}
		confirm := func() (*Task, error) { return s.Confirm(ctx, by(e.boss), task.ID) }
		sendBack := func(reason string) func() (*Task, error) {
			return func() (*Task, error) { return s.SendBack(ctx, by(e.boss), task.ID, reason) }
		}
		steps := []step{
			{"confirm before submission", sh(3, 5, 10, 0), confirm, ErrWrongStatus, StatusTodo, nil, nil},
			{"send back before submission", sh(3, 5, 10, 0), sendBack("不行"), ErrWrongStatus, StatusTodo, nil, nil},
			{"a stranger submits", sh(3, 5, 10, 0), submitBy(e.chen), ErrNotAssignee, StatusTodo, nil, nil},
			{"lead submits", sh(3, 6, 10, 0), submitBy(e.wang), nil, StatusSubmitted, ptr(sh(3, 6, 10, 0)), nil},
			{"submit twice", sh(3, 6, 11, 0), submitBy(e.wang), ErrWrongStatus, StatusSubmitted, ptr(sh(3, 6, 10, 0)), nil},
			{"send back without a reason", sh(3, 7, 10, 0), sendBack(" \n"), ErrInvalid, StatusSubmitted, ptr(sh(3, 6, 10, 0)), nil},
			{"send back", sh(3, 7, 10, 0), sendBack("缺少签约合同扫描件"), nil, StatusDoing, nil, nil},
			{"confirm after sending back", sh(3, 7, 11, 0), confirm, ErrWrongStatus, StatusDoing, nil, nil},
			{"cooperator submits again", sh(3, 8, 10, 0), submitBy(e.zhang), nil, StatusSubmitted, ptr(sh(3, 8, 10, 0)), nil},
			{"confirm keeps the time of submission", sh(3, 9, 10, 0), confirm, nil, StatusDone, ptr(sh(3, 8, 10, 0)), ptr(sh(3, 9, 10, 0))},
			{"confirm twice", sh(3, 9, 11, 0), confirm, ErrWrongStatus, StatusDone, ptr(sh(3, 8, 10, 0)), ptr(sh(3, 9, 10, 0))},
			{"send back a closed task", sh(3, 9, 11, 0), sendBack("再改改"), ErrWrongStatus, StatusDone, ptr(sh(3, 8, 10, 0)), ptr(sh(3, 9, 10, 0))},
			{"submit a closed task", sh(3, 9, 11, 0), submitBy(e.wang), ErrWrongStatus, StatusDone, ptr(sh(3, 8, 10, 0)), ptr(sh(3, 9, 10, 0))},
		}
		for _, st := range steps {
			clk.Set(st.at)
			_, err := st.do()
			wantErr(t, st.name, err, st.wantErr)
			got := e.reload(task)
			if got.Status != st.wantStatus || !timeEq(got.SubmittedAt, st.wantSubAt) || !timeEq(got.DoneAt, st.wantDoneAt) {
				t.Errorf("%s: %s submitted=%v done=%v; want %s %v %v", st.name, got.Status, got.SubmittedAt, got.DoneAt,
					st.wantStatus, st.wantSubAt, st.wantDoneAt)
			}
			if got.Status == StatusDone && got.Percent != 100 {
				t.Errorf("%s: a closed task at %d%%", st.name, got.Percent)
			}
		}
		h, err := s.TaskHistory(ctx, task.ID)
		e.must(err)
		var kinds []string
		for _, ev := range h.Events {
			kinds = append(kinds, ev.Kind+":"+ev.Detail)
		}
		want := []string{"assigned:需确认的任务", "submitted:已完成", "returned:缺少签约合同扫描件", "submitted:已完成", "done:"}
		if !slices.Equal(kinds, want) {
			t.Errorf("audit %q, want %q", kinds, want)
		}
	})
}

func timeEq(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func TestCancelTask(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		due := sh(3, 20, 18, 0)
		cases := []struct {
			name    string
			make    func() *Task
			reason  string
			wantErr error
		}{
			{"todo, no reason", func() *Task { return e.assign("甲", e.wang, due) }, "", ErrInvalid},
			{"todo, blank reason", func() *Task { return e.assign("乙", e.wang, due) }, "   ", ErrInvalid},
			{"todo, reason over the limit", func() *Task { return e.assign("丙", e.wang, due) }, strings.Repeat("因", MaxDetailRunes+1), ErrInvalid},
			{"todo", func() *Task { return e.assign("丁", e.wang, due) }, "项目已终止", nil},
			{"doing", func() *Task {
				x := e.assign("戊", e.wang, due)
				_, err := s.ReportProgress(e.ctx, by(e.wang), x.ID, e.wang.ID, ptr(10), "")
				e.must(err)
				return x
			}, "重复交办", nil},
			{"submitted", func() *Task { return e.submit(e.assign("己", e.wang, due), e.wang, t0, true) }, "并入其他任务", nil},
			{"posted", func() *Task { return e.assign("庚", nil, due) }, "无人认领", nil},
			{"done", func() *Task { return e.submit(e.assign("辛", e.wang, due), e.wang, t0, false) }, "撤销", ErrWrongStatus},
			{"cancelled", func() *Task {
				x := e.assign("壬", e.wang, due)
				_, err := s.CancelTask(e.ctx, by(e.boss), x.ID, "第一次")
				e.must(err)
				return x
			}, "第二次", ErrWrongStatus},
		}
		for _, c := range cases {
			clk.Set(t0)
			x := c.make()
			before := e.reload(x)
			clk.Set(t0.Add(time.Hour))
			_, err := s.CancelTask(e.ctx, by(e.boss), x.ID, c.reason)
			wantErr(t, c.name, err, c.wantErr)
			got := e.reload(x)
			if c.wantErr != nil {
				if got.Status != before.Status || got.CancelReason != before.CancelReason || !timeEq(got.CancelledAt, before.CancelledAt) {
					t.Errorf("%s: a refused cancellation changed the task: %s %q", c.name, got.Status, got.CancelReason)
				}
				continue
			}
			if got.Status != StatusCancelled || got.CancelReason != c.reason || !timeEq(got.CancelledAt, ptr(t0.Add(time.Hour))) {
				t.Errorf("%s: %s %q at %v", c.name, got.Status, got.CancelReason, got.CancelledAt)
			}
		}
		page, err := s.FindTasks(e.ctx, e.chat.ID, TaskFilter{})
		e.must(err)
		for _, x := range page.Tasks {
			if x.Status == StatusCancelled {
				t.Errorf("cancelled task #%d is listed as pending", x.Number)
			}
		}
	})
}

func TestClaimTask(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		due := sh(4, 30, 18, 0)
		listed := e.assign("揭榜挂帅：引进一家专精特新企业", nil, due)
		clk.Set(t0.Add(time.Hour))
		got, err := s.ClaimTask(e.ctx, by(e.zhang), listed.ID, e.zhang.ID)
		e.must(err)
		if got.Status != StatusTodo || assigneeSummary(got) != "张伟:lead+ack" || !got.Lead().AckAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("claimed task: %s [%s]", got.Status, assigneeSummary(got))
		}
		if _, err := s.ClaimTask(e.ctx, by(e.wang), listed.ID, e.wang.ID); !errors.Is(err, ErrAlreadyClaimed) {
			t.Errorf("second claim: %v, want ErrAlreadyClaimed", err)
		}
		if got := e.reload(listed); assigneeSummary(got) != "张伟:lead+ack" {
			t.Errorf("after the second claim: [%s]", assigneeSummary(got))
		}
		assigned := e.assign("已交办的任务", e.wang, due)
		if _, err := s.ClaimTask(e.ctx, by(e.zhang), assigned.ID, e.zhang.ID); !errors.Is(err, ErrAlreadyClaimed) {
			t.Errorf("claiming an assigned task: %v, want ErrAlreadyClaimed", err)
		}
		done := e.submit(e.assign("已办结", e.wang, due), e.wang, t0, false)
		if _, err := s.ClaimTask(e.ctx, by(e.zhang), done.ID, e.zhang.ID); !errors.Is(err, ErrWrongStatus) {
			t.Errorf("claiming a closed task: %v, want ErrWrongStatus", err)
		}
		if _, err := s.ClaimTask(e.ctx, by(e.zhang), 987654, e.zhang.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("claiming a missing task: %v, want ErrNotFound", err)
		}

		// Five members press 揭榜 at once: one wins.
		race := e.assign("抢榜任务", nil, due)
		people := []*User{e.wang, e.zhang, e.chen, e.li, e.zhao}
		results := make([]error, len(people))
		var wg sync.WaitGroup
		for i, u := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = s.ClaimTask(e.ctx, by(u), race.ID, u.ID)
			}()
		}
		wg.Wait()
		winners := 0
		for i, err := range results {
			switch {
			case err == nil:
				winners++
			case !errors.Is(err, ErrAlreadyClaimed):
				t.Errorf("%s: %v, want success or ErrAlreadyClaimed", people[i].DisplayName(), err)
			}
		}
		got = e.reload(race)
		if winners != 1 || len(got.Assignees) != 1 || got.Lead() == nil {
			t.Errorf("%d winners, assignees [%s]; want exactly one", winners, assigneeSummary(got))
		}
	})
}

func TestEditTask(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		original := sh(3, 10, 18, 0)
		task := e.assign("原标题", e.wang, original, withUnit("投资促进局"), withCooperators(e.zhang, e.chen))
		for _, u := range []*User{e.wang, e.zhang} {
			_, err := s.Acknowledge(ctx, by(u), task.ID, u.ID)
			e.must(err)
		}
		_, err := s.ReportProgress(ctx, by(e.wang), task.ID, e.wang.ID, ptr(20), "")
		e.must(err)

		type want struct {
			title, unit, assignees string
			deadline               time.Time
			phrase                 string
			status                 Status
		}
		steps := []struct {
			name    string
			edit    TaskEdit
			wantErr error
			want    want
		}{
			{"title", TaskEdit{Title: ptr("新标题：完成项目签约")}, nil,
				want{"新标题：完成项目签约", "投资促进局", "王芳:lead+ack,张伟:co+ack,陈静:co", original, "", StatusDoing}},
			{"deadline and unit", TaskEdit{Deadline: ptr(sh(3, 15, 18, 0)), DeadlinePhrase: "3月15日前", UnitName: ptr("住建局")}, nil,
				want{"新标题：完成项目签约", "住建局", "王芳:lead+ack,张伟:co+ack,陈静:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
			{"new lead and cooperators", TaskEdit{LeadID: &e.zhang.ID, CooperatorIDs: &[]uint{e.wang.ID, e.li.ID}}, nil,
				want{"新标题：完成项目签约", "住建局", "张伟:lead+ack,王芳:co+ack,李局:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
			{"cooperators only", TaskEdit{CooperatorIDs: &[]uint{e.li.ID, e.chen.ID, e.zhang.ID}}, nil,
				want{"新标题：完成项目签约", "住建局", "张伟:lead+ack,李局:co,陈静:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
			{"lead only", TaskEdit{LeadID: &e.chen.ID}, nil,
				want{"新标题：完成项目签约", "住建局", "陈静:lead,李局:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
			{"empty title", TaskEdit{Title: ptr(" ")}, ErrInvalid,
				want{"新标题：完成项目签约", "住建局", "陈静:lead,李局:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
			{"title over the limit", TaskEdit{Title: ptr(strings.Repeat("长", MaxTitleRunes+1))}, ErrInvalid,
				want{"新标题：完成项目签约", "住建局", "陈静:lead,李局:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
			{"unit over the limit", TaskEdit{UnitName: ptr(strings.Repeat("局", MaxUnitRunes+1))}, ErrInvalid,
				want{"新标题：完成项目签约", "住建局", "陈静:lead,李局:co", sh(3, 15, 18, 0), "3月15日前", StatusDoing}},
		}
		for _, st := range steps {
			_, err := s.EditTask(ctx, by(e.boss), task.ID, st.edit)
			wantErr(t, st.name, err, st.wantErr)
			got := e.reload(task)
			w := st.want
			if got.Title != w.title || got.UnitName != w.unit || assigneeSummary(got) != w.assignees ||
				!got.Deadline.Equal(w.deadline) || got.DeadlinePhrase != w.phrase || got.Status != w.status {
				t.Errorf("%s:\n got %q %q [%s] %v %q %s\nwant %q %q [%s] %v %q %s", st.name,
					got.Title, got.UnitName, assigneeSummary(got), got.Deadline, got.DeadlinePhrase, got.Status,
					w.title, w.unit, w.assignees, w.deadline, w.phrase, w.status)
			}
			if !got.OriginalDeadline.Equal(original) || got.Percent != 20 {
				t.Errorf("%s: original deadline %v, percent %d; want %v kept and 20%%", st.name, got.OriginalDeadline, got.Percent, original)
			}
		}
		if _, err := s.UnitByName(ctx, e.chat.ID, "住建局"); err != nil {
			t.Errorf("a unit named in an edit was not added to the group")
		}
		h, err := s.TaskHistory(ctx, task.ID)
		e.must(err)
		if n := countKind(h, "edited"); n != 5 {
			t.Errorf("%d edits in the audit, want 5", n)
		}

		// A listed task given a lead is assigned.
		listed := e.assign("揭榜任务", nil, original)
		got, err := s.EditTask(ctx, by(e.boss), listed.ID, TaskEdit{LeadID: &e.zhao.ID})
		e.must(err)
		if got.Status != StatusTodo || assigneeSummary(got) != "赵敏:lead" {
			t.Errorf("listed task given a lead: %s [%s]", got.Status, assigneeSummary(got))
		}
		// Closed tasks are not edited.
		for _, closed := range []*Task{
			e.submit(e.assign("已办结", e.wang, original), e.wang, t0, false),
			func() *Task {
				x, err := s.CancelTask(ctx, by(e.boss), e.assign("已取消", e.wang, original).ID, "取消")
				e.must(err)
				return x
			}(),
		} {
			if _, err := s.EditTask(ctx, by(e.boss), closed.ID, TaskEdit{Title: ptr("改")}); !errors.Is(err, ErrWrongStatus) {
				t.Errorf("editing a %s task: %v, want ErrWrongStatus", closed.Status, err)
			}
		}
	})
}

func TestExtensions(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		original := sh(3, 10, 18, 0)
		task := e.assign("完成土地预审", e.wang, original, withCooperators(e.zhang))
		request := func(u *User, to time.Time, reason string) (*ExtensionRequest, error) {
			return s.RequestExtension(ctx, by(u), task.ID, u.ID, to, "下周二", reason)
		}
		refused := []struct {
			name    string
			who     *User
			to      time.Time
			reason  string
			wantErr error
		}{
			{"same deadline", e.wang, original, "企业资料未齐", ErrInvalid},
			{"earlier deadline", e.wang, original.Add(-time.Hour), "企业资料未齐", ErrInvalid},
			{"no reason", e.wang, sh(3, 17, 18, 0), "", ErrInvalid},
			{"not an assignee", e.chen, sh(3, 17, 18, 0), "企业资料未齐", ErrNotAssignee},
		}
		for _, c := range refused {
			if _, err := request(c.who, c.to, c.reason); !errors.Is(err, c.wantErr) {
				t.Errorf("%s: %v, want %v", c.name, err, c.wantErr)
			}
		}
		clk.Set(sh(3, 9, 9, 0))
		req, err := request(e.zhang, sh(3, 17, 18, 0), "企业资料未齐")
		e.must(err)
		if req.Status != ExtensionPending || !req.OldDeadline.Equal(original) || !req.NewDeadline.Equal(sh(3, 17, 18, 0)) || req.RequesterID != e.zhang.ID {
			t.Errorf("request = %+v", req)
		}
		if _, err := request(e.wang, sh(3, 20, 18, 0), "再晚一点"); !errors.Is(err, ErrExists) {
			t.Errorf("a second waiting request: %v, want ErrExists", err)
		}
		if got, err := s.ExtensionByID(ctx, req.ID); err != nil || got.Requester.DisplayName() != "张伟" || got.Reason != "企业资料未齐" {
			t.Errorf("ExtensionByID = %+v, %v", got, err)
		}

		clk.Set(sh(3, 9, 15, 0))
		decided, got, err := s.DecideExtension(ctx, by(e.boss), req.ID, true)
		e.must(err)
		if decided.Status != ExtensionApproved || decided.DeciderID == nil || *decided.DeciderID != e.boss.ID || !timeEq(decided.DecidedAt, ptr(sh(3, 9, 15, 0))) {
			t.Errorf("approved request = %+v", decided)
		}
		if !got.Deadline.Equal(sh(3, 17, 18, 0)) || !got.OriginalDeadline.Equal(original) || got.Extensions != 1 || got.DeadlinePhrase != "下周二" {
			t.Errorf("after approval: deadline %v original %v extensions %d phrase %q", got.Deadline, got.OriginalDeadline, got.Extensions, got.DeadlinePhrase)
		}
		for _, approve := range []bool{true, false} {
			if _, _, err := s.DecideExtension(ctx, by(e.boss), req.ID, approve); !errors.Is(err, ErrDecided) {
				t.Errorf("deciding twice (approve=%v): %v, want ErrDecided", approve, err)
			}
		}
		if got := e.reload(task); got.Extensions != 1 || !got.Deadline.Equal(sh(3, 17, 18, 0)) {
			t.Errorf("deciding twice changed the task: %d %v", got.Extensions, got.Deadline)
		}

		// The next request is judged against the deadline now in force.
		if _, err := request(e.wang, sh(3, 15, 18, 0), "还要再等"); !errors.Is(err, ErrInvalid) {
			t.Errorf("a request earlier than the extended deadline: %v, want ErrInvalid", err)
		}
		req2, err := request(e.wang, sh(3, 24, 18, 0), "还要再等")
		e.must(err)
		decided, got, err = s.DecideExtension(ctx, by(e.boss), req2.ID, false)
		e.must(err)
		if decided.Status != ExtensionRejected || !got.Deadline.Equal(sh(3, 17, 18, 0)) || got.Extensions != 1 {
			t.Errorf("after rejection: %s, deadline %v, extensions %d", decided.Status, got.Deadline, got.Extensions)
		}
		if _, _, err := s.DecideExtension(ctx, by(e.boss), 987654, true); !errors.Is(err, ErrNotFound) {
			t.Errorf("deciding a missing request: %v, want ErrNotFound", err)
		}

		// A cancelled task cannot be extended.
		req3, err := request(e.wang, sh(3, 31, 18, 0), "第三次")
		e.must(err)
		_, err = s.CancelTask(ctx, by(e.boss), task.ID, "合并到其他任务")
		e.must(err)
		if _, _, err := s.DecideExtension(ctx, by(e.boss), req3.ID, true); !errors.Is(err, ErrWrongStatus) {
			t.Errorf("approving for a cancelled task: %v, want ErrWrongStatus", err)
		}
		// Nor can a submitted one be asked for.
		sub := e.submit(e.assign("已提交", e.wang, original), e.wang, t0, true)
		if _, err := s.RequestExtension(ctx, by(e.wang), sub.ID, e.wang.ID, sh(4, 1, 18, 0), "", "晚了"); !errors.Is(err, ErrWrongStatus) {
			t.Errorf("extension of a submitted task: %v, want ErrWrongStatus", err)
		}
	})
}

func TestTaskHistory(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		task := e.assign("编制专项债项目申报材料", e.wang, sh(3, 10, 18, 0), withCooperators(e.zhang))
		other := e.assign("别的任务", e.wang, sh(3, 10, 18, 0))
		var reqID uint
		steps := []struct {
			at time.Time
			do func() error
		}{
			{sh(3, 2, 11, 0), func() error { _, err := s.Acknowledge(ctx, by(e.wang), task.ID, e.wang.ID); return err }},
			{sh(3, 3, 9, 0), func() error {
				_, err := s.ReportProgress(ctx, by(e.wang), task.ID, e.wang.ID, ptr(30), "已完成初稿")
				return err
			}},
			{sh(3, 3, 9, 0), func() error { // same second: order by arrival
				_, err := s.ReportProgress(ctx, by(e.zhang), task.ID, e.zhang.ID, nil, "补充了附件")
				return err
			}},
			{sh(3, 8, 16, 0), func() error {
				r, err := s.RequestExtension(ctx, by(e.wang), task.ID, e.wang.ID, sh(3, 13, 18, 0), "本周五", "等待发改委意见")
				if r != nil {
					reqID = r.ID
				}
				return err
			}},
			{sh(3, 9, 8, 30), func() error { _, _, err := s.DecideExtension(ctx, by(e.boss), reqID, true); return err }},
			{sh(3, 12, 17, 0), func() error {
				_, err := s.Submit(ctx, by(e.wang), task.ID, e.wang.ID, "材料已报送", true)
				return err
			}},
			{sh(3, 12, 20, 0), func() error { _, err := s.SendBack(ctx, by(e.boss), task.ID, "缺少可研批复"); return err }},
			{sh(3, 13, 10, 0), func() error {
				_, err := s.ReportProgress(ctx, by(e.wang), task.ID, e.wang.ID, ptr(90), "已补充可研批复")
				return err
			}},
			{sh(3, 13, 11, 0), func() error { _, err := s.Submit(ctx, by(e.wang), task.ID, e.wang.ID, "", true); return err }},
			{sh(3, 13, 15, 0), func() error { _, err := s.Confirm(ctx, by(e.boss), task.ID); return err }},
			{sh(3, 13, 16, 0), func() error { // another task's history stays apart
				_, err := s.ReportProgress(ctx, by(e.wang), other.ID, e.wang.ID, ptr(5), "别的")
				return err
			}},
		}
		for i, st := range steps {
			clk.Set(st.at)
			if err := st.do(); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		h, err := s.TaskHistory(ctx, task.ID)
		e.must(err)

		type line struct {
			at    time.Time
			actor string
			what  string
		}
		var progress []line
		for _, p := range h.Progress {
			pct := "-"
			if p.Percent != nil {
				pct = fmt.Sprint(*p.Percent)
			}
			progress = append(progress, line{p.CreatedAt, p.User.DisplayName(), pct + " " + p.Text})
		}
		wantProgress := []line{
			{sh(3, 3, 9, 0), "王芳", "30 已完成初稿"},
			{sh(3, 3, 9, 0), "张伟", "- 补充了附件"},
			{sh(3, 13, 10, 0), "王芳", "90 已补充可研批复"},
		}
		compareLines(t, "progress", progress, wantProgress, func(l line) string { return fmt.Sprint(l.at.UTC(), " ", l.actor, " ", l.what) })

		if len(h.Extensions) != 1 || h.Extensions[0].Requester.DisplayName() != "王芳" || h.Extensions[0].Status != ExtensionApproved ||
			!h.Extensions[0].NewDeadline.Equal(sh(3, 13, 18, 0)) || h.Extensions[0].Reason != "等待发改委意见" {
			t.Errorf("extensions = %+v", h.Extensions)
		}

		var events []line
		for _, ev := range h.Events {
			actor := "bot"
			if ev.Actor != nil {
				actor = ev.Actor.DisplayName()
			}
			events = append(events, line{ev.CreatedAt, actor, ev.Kind})
		}
		wantEvents := []line{
			{t0, "刘书记", "assigned"},
			{sh(3, 2, 11, 0), "王芳", "acknowledged"},
			{sh(3, 3, 9, 0), "王芳", "progress"},
			{sh(3, 3, 9, 0), "张伟", "progress"},
			{sh(3, 8, 16, 0), "王芳", "extension_requested"},
			{sh(3, 9, 8, 30), "刘书记", "extension_approved"},
			{sh(3, 12, 17, 0), "王芳", "submitted"},
			{sh(3, 12, 20, 0), "刘书记", "returned"},
			{sh(3, 13, 10, 0), "王芳", "progress"},
			{sh(3, 13, 11, 0), "王芳", "submitted"},
			{sh(3, 13, 15, 0), "刘书记", "done"},
		}
		compareLines(t, "events", events, wantEvents, func(l line) string { return fmt.Sprint(l.at.UTC(), " ", l.actor, " ", l.what) })

		// Changes by the bot itself carry no actor.
		_, err = s.CancelTask(ctx, Change{}, other.ID, "系统清理")
		e.must(err)
		h, err = s.TaskHistory(ctx, other.ID)
		e.must(err)
		if last := h.Events[len(h.Events)-1]; last.Kind != "cancelled" || last.ActorID != nil || last.Actor != nil {
			t.Errorf("bot's change: %+v", last)
		}
		h, err = s.TaskHistory(ctx, 987654)
		if err != nil || len(h.Events)+len(h.Progress)+len(h.Extensions) != 0 {
			t.Errorf("history of a missing task: %+v, %v", h, err)
		}
	})
}

func compareLines[T any](t *testing.T, what string, got, want []T, show func(T) string) {
	t.Helper()
	g := make([]string, len(got))
	for i, x := range got {
		g[i] = show(x)
	}
	w := make([]string, len(want))
	for i, x := range want {
		w[i] = show(x)
	}
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n got %q\nwant %q", what, g, w)
	}
}
