package models

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/duban-bot/duban/internal/clock"
)

// Records that cannot be erased (issue 11): a deadline moved after it had
// passed keeps the task late, in the period of the deadline it missed; a
// published ranking stays as published; messages remember their task.

func TestLatenessIsKept(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		clk.Set(sh(3, 2, 10, 0))
		a := e.assign("a 迟到后申请延期", e.zhang, sh(3, 5, 18, 0))
		b := e.assign("b 逾期后改截止", e.chen, sh(3, 5, 18, 0))
		c := e.assign("c 到期前改截止", e.li, sh(3, 10, 18, 0))
		d := e.assign("d 到期前申请延期", e.zhao, sh(3, 10, 18, 0))
		ctx := e.ctx

		// d asks in time and is approved: it moves to April and stays clean.
		clk.Set(sh(3, 6, 10, 0))
		req, err := s.RequestExtension(ctx, by(e.zhao), d.ID, e.zhao.ID, sh(4, 10, 18, 0), "4月10日", "等数据")
		wantErr(t, "timely extension", err, nil)
		if req.Late {
			t.Errorf("a timely request is marked late")
		}
		_, dd, err := s.DecideExtension(ctx, by(e.boss), req.ID, true)
		wantErr(t, "approve", err, nil)
		if dd.MissedDeadline != nil || dd.Overdue(s.Now()) {
			t.Errorf("a timely extension left the task late: %+v", dd.MissedDeadline)
		}

		// a asks after its deadline: refused, unless the group allows it.
		_, err = s.RequestExtension(ctx, by(e.zhang), a.ID, e.zhang.ID, sh(4, 10, 18, 0), "4月10日", "材料未到")
		wantErr(t, "late extension", err, ErrPastDeadline)
		set := e.chat.Settings()
		set.LateExtension = true
		_, err = s.UpdateSettings(ctx, by(e.boss), e.chat.ID, e.chat.Zone, set)
		wantErr(t, "settings", err, nil)
		req, err = s.RequestExtension(ctx, by(e.zhang), a.ID, e.zhang.ID, sh(4, 10, 18, 0), "4月10日", "材料未到")
		wantErr(t, "late extension allowed", err, nil)
		if !req.Late {
			t.Errorf("a late request is not marked late")
		}
		_, aa, err := s.DecideExtension(ctx, by(e.boss), req.ID, true)
		wantErr(t, "approve late", err, nil)
		if aa.MissedDeadline == nil || !aa.MissedDeadline.Equal(sh(3, 5, 18, 0)) || aa.Extensions != 1 ||
			!aa.OriginalDeadline.Equal(sh(3, 5, 18, 0)) || !aa.Deadline.Equal(sh(4, 10, 18, 0)) {
			t.Errorf("late extension: missed %v, %d extensions, original %v, deadline %v", aa.MissedDeadline, aa.Extensions,
				aa.OriginalDeadline, aa.Deadline)
		}

		// b's deadline is moved by an edit after it passed: an extension.
		bb, err := s.EditTask(ctx, by(e.boss), b.ID, TaskEdit{Deadline: ptr(sh(4, 15, 18, 0)), DeadlinePhrase: "4月15日"})
		wantErr(t, "edit overdue deadline", err, nil)
		if bb.MissedDeadline == nil || bb.Extensions != 1 || !bb.Overdue(s.Now()) || bb.DaysOverdue(s.Now(), shanghai) != 1 {
			t.Errorf("edited overdue task: missed %v, %d extensions, overdue %v, %d days", bb.MissedDeadline, bb.Extensions,
				bb.Overdue(s.Now()), bb.DaysOverdue(s.Now(), shanghai))
		}
		h, err := s.TaskHistory(ctx, b.ID)
		wantErr(t, "history", err, nil)
		if len(h.Extensions) != 1 || !h.Extensions[0].Direct || h.Extensions[0].Status != ExtensionApproved {
			t.Errorf("the edit is not recorded as an extension: %+v", h.Extensions)
		}
		last := h.Events[len(h.Events)-1]
		detail, ok := ParseEventDetail(last.Detail)
		if last.Kind != EventDeadlineMoved || !ok || len(detail.Changes) != 1 || detail.Changes[0].Field != "deadline" ||
			detail.Changes[0].Old != "2026-03-05T10:00:00Z" || detail.Changes[0].New != "2026-04-15T10:00:00Z" {
			t.Errorf("the trail says %s %q", last.Kind, last.Detail)
		}
		// c's deadline is edited before it passed: an edit, no more.
		cc, err := s.EditTask(ctx, by(e.boss), c.ID, TaskEdit{Deadline: ptr(sh(3, 12, 18, 0))})
		wantErr(t, "edit", err, nil)
		if cc.MissedDeadline != nil || cc.Extensions != 0 {
			t.Errorf("an edit before the deadline counted as an extension")
		}

		// Submitted before its new deadline, a is late all the same; b,
		// open, is overdue in March though its deadline is in April.
		clk.Set(sh(3, 20, 10, 0))
		e.submit(a, e.zhang, sh(3, 20, 10, 0), false)
		rules := DefaultRankRules
		rank := func(m time.Month) map[string]string {
			p := PeriodContaining(Month, sh(m, 15, 0, 0))
			entries, err := s.Ranking(ctx, RankingQuery{ChatID: e.chat.ID, From: p.From, To: p.To, Rules: &rules})
			wantErr(t, "ranking", err, nil)
			out := map[string]string{}
			for _, x := range entries {
				out[x.Name()] = rankRow{x.Name(), x.Unit, x.Due, x.OnTime, x.Late, x.Overdue, x.Score, x.Rank, x.Flag}.String()
			}
			return out
		}
		march, april := rank(time.March), rank(time.April)
		for name, want := range map[string]string{"张伟": "due=1 on=0 late=1 over=0", "陈静": "due=1 on=0 late=0 over=1"} {
			if !strings.Contains(march[name], want) {
				t.Errorf("March, %s: %q, want %s", name, march[name], want)
			}
			if _, ok := april[name]; ok {
				t.Errorf("April counts %s's task, moved after its March deadline: %q", name, april[name])
			}
		}
		if _, ok := march["赵敏"]; ok {
			t.Errorf("March counts 赵敏's task, extended in time to April")
		}
		// The ledger counts them in March too, and b as overdue.
		ledger := func(q LedgerQuery) []int {
			d, err := s.Ledger(ctx, q)
			wantErr(t, "ledger", err, nil)
			return numbers(d.Tasks)
		}
		mp := PeriodContaining(Month, sh(3, 15, 0, 0))
		if got := ledger(LedgerQuery{ChatID: e.chat.ID, From: mp.From, To: mp.To}); !slices.Equal(got, []int{a.Number, b.Number, c.Number}) {
			t.Errorf("March's ledger holds %v", got)
		}
		// c is overdue too, against its edited deadline.
		if got := ledger(LedgerQuery{ChatID: e.chat.ID, Overdue: true}); !slices.Equal(got, []int{b.Number, c.Number}) {
			t.Errorf("the overdue ledger holds %v", got)
		}
		page, err := s.FindTasks(ctx, e.chat.ID, TaskFilter{Overdue: true})
		wantErr(t, "overdue list", err, nil)
		if got := numbers(page.Tasks); !slices.Equal(got, []int{c.Number, b.Number}) {
			t.Errorf("/tasks 逾期 lists %v", got)
		}
	})
}

func TestPublishedRankingIsKept(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		clk.Set(sh(3, 2, 10, 0))
		a := e.assign("a", e.zhang, sh(3, 5, 18, 0))
		e.assign("b", e.chen, sh(3, 6, 18, 0))
		e.submit(a, e.zhang, sh(3, 4, 10, 0), false)
		clk.Set(sh(4, 1, 9, 0))
		p := PeriodContaining(Month, sh(3, 15, 0, 0))
		rules := DefaultRankRules
		people, err := s.Ranking(ctx, RankingQuery{ChatID: e.chat.ID, From: p.From, To: p.To, Rules: &rules})
		wantErr(t, "ranking", err, nil)
		_, err = s.PublishedRankingOf(ctx, e.chat.ID, p.From, p.To, false)
		wantErr(t, "before publication", err, ErrNotFound)
		err = s.SavePublication(ctx, Publication{ChatID: e.chat.ID, Rules: rules,
			Periods: []PublishedPeriod{{Period: p, Label: "2026年3月", People: people}}})
		wantErr(t, "save", err, nil)

		// The task's trail says it was published, and how it counted.
		h, err := s.TaskHistory(ctx, a.ID)
		wantErr(t, "history", err, nil)
		last := h.Events[len(h.Events)-1]
		if last.Kind != EventPublished || last.Detail != "2026年3月：按期办结" || last.ActorID != nil {
			t.Errorf("a's trail ends with %s %q", last.Kind, last.Detail)
		}
		// Whatever happens after, the published figures are read back.
		clk.Set(sh(4, 2, 10, 0))
		bob, err := s.UserByID(ctx, e.zhang.ID)
		wantErr(t, "user", err, nil)
		snap, err := s.PublishedRankingOf(ctx, e.chat.ID, p.From, p.To, false)
		wantErr(t, "published", err, nil)
		if !snap.PublishedAt.Equal(sh(4, 1, 9, 0)) || len(snap.Entries) != 2 {
			t.Fatalf("snapshot %+v", snap)
		}
		if got, want := rows(snap.Entries), rows(people); got[0] != want[0] || got[1] != want[1] {
			t.Errorf("published %v, want %v", got, want)
		}
		if snap.Entries[0].User.ID != bob.ID || snap.Entries[0].User.TelegramID == nil {
			t.Errorf("the first entry is not linked to 张伟: %+v", snap.Entries[0].User)
		}
		_, err = s.PublishedRankingOf(ctx, e.chat.ID, p.From, p.To, true)
		wantErr(t, "units were not published", err, ErrNotFound)
		// Publishing the period again replaces it.
		err = s.SavePublication(ctx, Publication{ChatID: e.chat.ID, Rules: rules,
			Periods: []PublishedPeriod{{Period: p, Label: "2026年3月", People: people[:1]}}})
		wantErr(t, "save again", err, nil)
		snap, err = s.PublishedRankingOf(ctx, e.chat.ID, p.From, p.To, false)
		wantErr(t, "published again", err, nil)
		if len(snap.Entries) != 1 || !snap.PublishedAt.Equal(sh(4, 2, 10, 0)) {
			t.Errorf("republished: %d entries at %v", len(snap.Entries), snap.PublishedAt)
		}
	})
}

func TestTaskMessagesAndQueries(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		_, ok, err := s.FirstTaskAt(ctx, e.chat.ID)
		if err != nil || ok {
			t.Errorf("FirstTaskAt of a group without tasks: %v %v", ok, err)
		}
		clk.Set(sh(3, 2, 10, 0))
		a := e.assign("a", e.zhang, sh(3, 5, 18, 0))
		clk.Set(sh(3, 3, 10, 0))
		e.assign("b", e.chen, sh(3, 5, 18, 0))
		if at, ok, err := s.FirstTaskAt(ctx, e.chat.ID); err != nil || !ok || !at.Equal(sh(3, 2, 10, 0)) {
			t.Errorf("FirstTaskAt = %v %v %v", at, ok, err)
		}

		// Messages about a task lead back to it, in their own chat only.
		wantErr(t, "remember", s.RememberTaskMessage(ctx, -100, 7, a.ID), nil)
		wantErr(t, "remember twice", s.RememberTaskMessage(ctx, -100, 7, a.ID), nil)
		got, err := s.TaskOfMessage(ctx, -100, 7)
		if err != nil || got.ID != a.ID || len(got.Assignees) != 1 {
			t.Errorf("TaskOfMessage = %+v, %v", got, err)
		}
		_, err = s.TaskOfMessage(ctx, -101, 7)
		wantErr(t, "another chat's message", err, ErrNotFound)
		// A queued message about a task is remembered once it is sent with
		// a known id; one whose id Telegram's answer did not tell is not.
		about := a.ID
		queued := []OutgoingMessage{{ChatID: -100, Kind: OutMessage, Text: "催办", AboutTask: &about},
			{ChatID: -100, Kind: OutMessage, Text: "催办", AboutTask: &about}}
		wantErr(t, "queue", s.QueueOutgoing(ctx, queued), nil)
		wantErr(t, "sent", s.OutgoingSent(ctx, queued[0].ID, 8), nil)
		wantErr(t, "sent, id unknown", s.OutgoingSent(ctx, queued[1].ID, 0), nil)
		if got, err := s.TaskOfMessage(ctx, -100, 8); err != nil || got.ID != a.ID {
			t.Errorf("the queued message: %+v, %v", got, err)
		}
		_, err = s.TaskOfMessage(ctx, -100, 0)
		wantErr(t, "a message of unknown id", err, ErrNotFound)

		// A private "#1": tasks the user leads or assigned, in any group.
		other := e.newChat("另一个群")
		e.assignIn(other, "c", e.zhang, sh(3, 6, 18, 0))
		mine, err := s.TasksNumbered(ctx, e.zhang.ID, 1)
		if err != nil || len(mine) != 2 || mine[0].Chat.ID == mine[1].Chat.ID {
			t.Errorf("张伟's #1: %+v %v", mine, err)
		}
		if mine, _ := s.TasksNumbered(ctx, e.boss.ID, 2); len(mine) != 1 || mine[0].Task.Title != "b" {
			t.Errorf("the assigner's #2: %+v", mine)
		}
		if mine, _ := s.TasksNumbered(ctx, e.li.ID, 1); len(mine) != 0 {
			t.Errorf("李局 sees others' tasks: %+v", mine)
		}

		// Submitted tasks, for /tasks 已提交.
		e.submit(a, e.zhang, sh(3, 4, 10, 0), true)
		page, err := s.FindTasks(ctx, e.chat.ID, TaskFilter{Submitted: true})
		if err != nil || page.Total != 1 || page.Tasks[0].ID != a.ID {
			t.Errorf("submitted: %+v %v", page, err)
		}

		// A claimed task takes the claimer's unit.
		_, err = s.AddUnit(ctx, by(e.boss), e.chat.ID, "镇", []uint{e.zhao.ID})
		wantErr(t, "unit", err, nil)
		posted := e.assign("揭榜", nil, sh(3, 20, 18, 0))
		claimed, err := s.ClaimTask(ctx, by(e.zhao), posted.ID, e.zhao.ID)
		if err != nil || claimed.UnitName != "镇" {
			t.Errorf("claimed: unit %q, %v", claimed.UnitName, err)
		}
		// An unknown audit kind is refused: no internal name gets into a trail.
		err = s.write(ctx, Change{}, func(tx *gorm.DB, now time.Time) error {
			return audit(tx, e.chat.ID, &a.ID, Change{}, "reminder_urge_v2", "", now)
		})
		if err == nil || !strings.Contains(err.Error(), "no label") {
			t.Errorf("an unlabelled kind was written: %v", err)
		}
		if errors.Is(err, ErrNotFound) {
			t.Errorf("wrong error %v", err)
		}
	})
}
