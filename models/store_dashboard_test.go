package models

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestDashboardToken(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *fakeClock) {
		e := newEnv(t, s, clk)
		other := e.newChat("另一个群")
		first, err := s.DashboardToken(e.ctx, e.chat.ID)
		e.must(err)
		if !ValidDashboardToken(first) || len(first) < 16 {
			t.Fatalf("token %q: want at least 16 characters of A-Z a-z 0-9 _ -", first)
		}
		again, err := s.DashboardToken(e.ctx, e.chat.ID)
		e.must(err)
		if again != first {
			t.Errorf("second ask gave %q, want the stored %q", again, first)
		}
		otherToken, err := s.DashboardToken(e.ctx, other.ID)
		e.must(err)
		if otherToken == first {
			t.Errorf("two groups share the token %q", first)
		}
		got, err := s.ChatByDashboardToken(e.ctx, first)
		if err != nil || got.ID != e.chat.ID {
			t.Fatalf("ChatByDashboardToken(first) = %+v, %v; want the group", got, err)
		}

		renewed, err := s.ResetDashboardToken(e.ctx, by(e.leader), e.chat.ID)
		e.must(err)
		if renewed == first || !ValidDashboardToken(renewed) {
			t.Fatalf("reset gave %q (old %q)", renewed, first)
		}
		if _, err := s.ChatByDashboardToken(e.ctx, first); !errors.Is(err, ErrNotFound) {
			t.Errorf("the old token after a reset: %v, want ErrNotFound", err)
		}
		if got, err := s.ChatByDashboardToken(e.ctx, renewed); err != nil || got.ID != e.chat.ID {
			t.Errorf("the new token: %+v, %v", got, err)
		}
		if now, _ := s.DashboardToken(e.ctx, e.chat.ID); now != renewed {
			t.Errorf("DashboardToken after reset = %q, want %q", now, renewed)
		}
		var kinds []string
		e.must(s.db.Model(&AuditEvent{}).Where("chat_id = ?", e.chat.ID).Pluck("kind", &kinds).Error)
		if !slices.Contains(kinds, EventDashboardReset) {
			t.Errorf("audit kinds %q: the reset is not recorded", kinds)
		}
		if EventLabel(EventDashboardReset) != "重置看板链接" {
			t.Errorf("the reset has no Chinese label")
		}
		for _, bad := range []string{"", "short", "has space in it!!", "ÄÖÜäöüßÄÖÜäöüßÄÖÜ", "x' OR '1'='1' --aaaa"} {
			if _, err := s.ChatByDashboardToken(e.ctx, bad); !errors.Is(err, ErrNotFound) {
				t.Errorf("token %q: %v, want ErrNotFound", bad, err)
			}
		}
	})
}

func TestGroupsOfUser(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *fakeClock) {
		e := newEnv(t, s, clk)
		b := e.newChat("乙群：重点项目")
		c := e.newChat("丙群：无关")
		blocked := e.newChat("丁群：机器人已被移出")
		e.assign("甲群的任务", e.alice, t0.Add(48*time.Hour))             // leader assigns in 招商引资专班
		e.assignIn(b, "乙群的任务", e.leader, t0.Add(48*time.Hour))       // leader is the assignee in 乙群
		e.assignIn(blocked, "丁群的任务", e.leader, t0.Add(48*time.Hour)) // but the bot left 丁群
		_, err := s.BlockChat(e.ctx, blocked.ID, "removed")
		e.must(err)
		e.must(s.SetNamedLeader(e.ctx, by(e.leader), c.ID, e.bob.ID, true))

		titles := func(u *User) []string {
			chats, err := s.GroupsOfUser(e.ctx, u.ID)
			e.must(err)
			var out []string
			for _, c := range chats {
				out = append(out, c.Title)
			}
			return out
		}
		if got, want := titles(e.leader), []string{"乙群：重点项目", "招商引资专班"}; !slices.Equal(got, want) {
			t.Errorf("leader's groups %q, want %q", got, want)
		}
		if got, want := titles(e.bob), []string{"丙群：无关"}; !slices.Equal(got, want) {
			t.Errorf("named leader's groups %q, want %q", got, want)
		}
		if got := titles(e.erin); len(got) != 0 {
			t.Errorf("a stranger's groups %q, want none", got)
		}
	})
}

func TestTaskSheet(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *fakeClock) {
		e := newEnv(t, s, clk)
		other := e.newChat("另一个群")
		due := t0.Add(72 * time.Hour)
		one := e.assign("编制年度招商计划", e.alice, due, withUnit("投资促进局"), withCooperators(e.bob, e.carol),
			func(n *NewTask) { n.ResponsibleID = &e.dave.ID })
		two := e.assign("走访重点企业", e.bob, due.Add(24*time.Hour))
		e.assignIn(other, "别的群的任务", e.alice, due)
		listed := e.assign("揭榜：招引亿元项目", nil, due)
		pct := 30
		_, err := s.ReportProgress(e.ctx, by(e.alice), one.ID, e.alice.ID, &pct, "初稿完成")
		e.must(err)
		clk.Advance(time.Hour)
		pct = 60
		_, err = s.ReportProgress(e.ctx, by(e.alice), one.ID, e.alice.ID, &pct, "征求意见中")
		e.must(err)
		_, err = s.Submit(e.ctx, by(e.bob), two.ID, e.bob.ID, "已走访", true)
		e.must(err)

		sheet, err := s.TaskSheet(e.ctx, e.chat.ID)
		e.must(err)
		var numbers []int
		for _, task := range sheet.Tasks {
			numbers = append(numbers, task.Number)
		}
		if want := []int{one.Number, two.Number, listed.Number}; !slices.Equal(numbers, want) {
			t.Fatalf("numbers %v, want %v (this group's, in order)", numbers, want)
		}
		got := sheet.Tasks[0]
		want := e.reload(one)
		if got.Title != want.Title || got.UnitName != "投资促进局" || got.Status != StatusDoing || got.Percent != 60 ||
			!got.Deadline.Equal(want.Deadline) || !got.OriginalDeadline.Equal(want.OriginalDeadline) ||
			!got.CreatedAt.Equal(want.CreatedAt) || got.AssignerID != e.leader.ID ||
			got.ResponsibleID == nil || *got.ResponsibleID != e.dave.ID || got.LeadID == nil || *got.LeadID != e.alice.ID {
			t.Errorf("task 1 = %+v\nwant like %+v", got, want)
		}
		var names []string
		for _, a := range got.Assignees {
			names = append(names, string(a.Role)+":"+a.User.DisplayName())
		}
		if want := []string{"lead:李明", "co:张伟", "co:陈静"}; !slices.Equal(names, want) {
			t.Errorf("assignees %q, want %q", names, want)
		}
		if p := sheet.Latest[one.ID]; p.Text != "征求意见中" || p.Percent == nil || *p.Percent != 60 {
			t.Errorf("latest progress %+v, want the 60%% report", p)
		}
		if sub := sheet.Tasks[1]; sub.Status != StatusSubmitted || sub.SubmittedAt == nil || !sub.SubmittedAt.Equal(clk.Now().UTC().Truncate(time.Second)) {
			t.Errorf("submitted task %+v", sub)
		}
		if sheet.Tasks[2].LeadID != nil || len(sheet.Tasks[2].Assignees) != 0 {
			t.Errorf("a listed task has people: %+v", sheet.Tasks[2])
		}
		if u := sheet.Users[e.leader.ID]; u.DisplayName() != "王局长" {
			t.Errorf("assigner %+v", u)
		}
		if u := sheet.Users[e.dave.ID]; u.DisplayName() != "刘洋" {
			t.Errorf("responsible leader %+v", u)
		}
	})
}

func TestDashboardLinkInAMerge(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *fakeClock) {
		e := newEnv(t, s, clk)
		// The supergroup was used (and got a link) before the bot heard of the upgrade.
		for _, groupHasLink := range []bool{true, false} {
			group := e.newChat("老群")
			super := e.newChat("新超级群")
			var groupToken string
			if groupHasLink {
				groupToken, _ = s.DashboardToken(e.ctx, group.ID)
			}
			superToken, err := s.DashboardToken(e.ctx, super.ID)
			e.must(err)
			_, err = s.MigrateChat(e.ctx, group.TelegramID, super.TelegramID)
			e.must(err)
			want := superToken
			if groupHasLink {
				want = groupToken
				if _, err := s.ChatByDashboardToken(e.ctx, superToken); !errors.Is(err, ErrNotFound) {
					t.Errorf("the merged-away link still opens: %v", err)
				}
			}
			got, err := s.ChatByDashboardToken(e.ctx, want)
			if err != nil || got.ID != group.ID {
				t.Errorf("group had a link %v: %q opens %+v, %v; want the merged group", groupHasLink, want, got, err)
			}
		}
	})
}
