package models

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestDashboardToken(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		other := e.newChat("另一个群")
		first, err := e.s.DashboardToken(e.ctx, e.chat.ID)
		e.must(err)
		if !ValidDashboardToken(first) || len(first) < 16 {
			t.Fatalf("token %q: want at least 16 characters of A-Z a-z 0-9 _ -", first)
		}
		again, err := e.s.DashboardToken(e.ctx, e.chat.ID)
		e.must(err)
		if again != first {
			t.Errorf("second ask gave %q, want the stored %q", again, first)
		}
		otherToken, err := e.s.DashboardToken(e.ctx, other.ID)
		e.must(err)
		if otherToken == first {
			t.Errorf("two groups share the token %q", first)
		}
		got, err := e.s.ChatByDashboardToken(e.ctx, first)
		if err != nil || got.ID != e.chat.ID {
			t.Fatalf("ChatByDashboardToken(first) = %+v, %v; want the group", got, err)
		}

		renewed, err := e.s.ResetDashboardToken(e.ctx, by(e.boss), e.chat.ID)
		e.must(err)
		if renewed == first || !ValidDashboardToken(renewed) {
			t.Fatalf("reset gave %q (old %q)", renewed, first)
		}
		if _, err := e.s.ChatByDashboardToken(e.ctx, first); !errors.Is(err, ErrNotFound) {
			t.Errorf("the old token after a reset: %v, want ErrNotFound", err)
		}
		if got, err := e.s.ChatByDashboardToken(e.ctx, renewed); err != nil || got.ID != e.chat.ID {
			t.Errorf("the new token: %+v, %v", got, err)
		}
		if now, _ := e.s.DashboardToken(e.ctx, e.chat.ID); now != renewed {
			t.Errorf("DashboardToken after reset = %q, want %q", now, renewed)
		}
		var kinds []string
		e.must(e.s.db.Model(&AuditEvent{}).Where("chat_id = ?", e.chat.ID).Pluck("kind", &kinds).Error)
		if !slices.Contains(kinds, EventDashboardReset) {
			t.Errorf("audit kinds %q: the reset is not recorded", kinds)
		}
		if EventLabel(EventDashboardReset) != "重置看板链接" {
			t.Errorf("the reset has no Chinese label")
		}
		for _, bad := range []string{"", "short", "has space in it!!", "ÄÖÜäöüßÄÖÜäöüßÄÖÜ", "x' OR '1'='1' --aaaa"} {
			if _, err := e.s.ChatByDashboardToken(e.ctx, bad); !errors.Is(err, ErrNotFound) {
				t.Errorf("token %q: %v, want ErrNotFound", bad, err)
			}
		}
	})
}

func TestGroupsOfUser(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		b := e.newChat("乙群：重点项目")
		c := e.newChat("丙群：无关")
		blocked := e.newChat("丁群：机器人已被移出")
		e.assign("甲群的任务", e.wang, t0.Add(48*time.Hour))            // leader assigns in 招商引资工作群
		e.assignIn(b, "乙群的任务", e.boss, t0.Add(48*time.Hour))       // leader is the assignee in 乙群
		e.assignIn(blocked, "丁群的任务", e.boss, t0.Add(48*time.Hour)) // but the bot left 丁群
		_, err := e.s.BlockChat(e.ctx, blocked.ID, "removed")
		e.must(err)
		e.must(e.s.SetNamedLeader(e.ctx, by(e.boss), c.ID, e.zhang.ID, true))

		titles := func(u *User) []string {
			chats, err := e.s.GroupsOfUser(e.ctx, u.ID)
			e.must(err)
			var out []string
			for _, c := range chats {
				out = append(out, c.Title)
			}
			return out
		}
		if got, want := titles(e.boss), []string{"乙群：重点项目", "招商引资工作群"}; !slices.Equal(got, want) {
			t.Errorf("leader's groups %q, want %q", got, want)
		}
		if got, want := titles(e.zhang), []string{"丙群：无关"}; !slices.Equal(got, want) {
			t.Errorf("named leader's groups %q, want %q", got, want)
		}
		if got := titles(e.zhao); len(got) != 0 {
			t.Errorf("a stranger's groups %q, want none", got)
		}
	})
}

func TestTaskSheet(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		clk := e.clk
		other := e.newChat("另一个群")
		due := t0.Add(72 * time.Hour)
		one := e.assign("编制年度招商计划", e.wang, due, withUnit("投资促进局"), withCooperators(e.zhang, e.chen),
			func(n *NewTask) { n.ResponsibleID = &e.li.ID })
		two := e.assign("走访重点企业", e.zhang, due.Add(24*time.Hour), withUnit("住建局"))
		e.assignIn(other, "别的群的任务", e.wang, due)
		listed := e.assign("揭榜：招引亿元项目 100%_完成", nil, due.Add(-48*time.Hour))
		pct := 30
		_, err := e.s.ReportProgress(e.ctx, by(e.wang), one.ID, e.wang.ID, &pct, "初稿完成")
		e.must(err)
		clk.Advance(time.Hour)
		pct = 60
		_, err = e.s.ReportProgress(e.ctx, by(e.wang), one.ID, e.wang.ID, &pct, "征求意见中")
		e.must(err)
		_, err = e.s.Submit(e.ctx, by(e.zhang), two.ID, e.zhang.ID, "已走访", true)
		e.must(err)

		sheet, err := e.s.TaskSheet(e.ctx, SheetQuery{ChatID: e.chat.ID})
		e.must(err)
		if sheet.Total != 3 {
			t.Errorf("total %d, want 3", sheet.Total)
		}
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
			!got.CreatedAt.Equal(want.CreatedAt) || got.AssignerID != e.boss.ID || got.ChatID != e.chat.ID ||
			got.ResponsibleID == nil || *got.ResponsibleID != e.li.ID || got.LeadID == nil || *got.LeadID != e.wang.ID {
			t.Errorf("task 1 = %+v\nwant like %+v", got, want)
		}
		var names []string
		for _, a := range got.Assignees {
			names = append(names, string(a.Role)+":"+a.User.DisplayName())
		}
		if want := []string{"lead:王芳", "co:张伟", "co:陈静"}; !slices.Equal(names, want) {
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
		if u := sheet.Users[e.boss.ID]; u.DisplayName() != "刘书记" {
			t.Errorf("assigner %+v", u)
		}
		if u := sheet.Users[e.li.ID]; u.DisplayName() != "李局" {
			t.Errorf("responsible leader %+v", u)
		}

		// Filters, order and pages.
		clk.Set(due.Add(time.Hour)) // #1 is overdue now
		for _, tt := range []struct {
			name string
			q    SheetQuery
			want []int
		}{
			{"status", SheetQuery{Statuses: []Status{StatusSubmitted}}, []int{2}},
			{"overdue", SheetQuery{Overdue: true}, []int{1}},
			{"unit", SheetQuery{Unit: "住建局"}, []int{2}},
			{"person, lead or cooperator", SheetQuery{AssigneeID: e.zhang.ID}, []int{1, 2}},
			{"deadline span", SheetQuery{From: due.Add(-time.Minute), To: due.Add(time.Minute)}, []int{1}},
			{"text in a title", SheetQuery{Text: "走访"}, []int{2}},
			{"text in a person's name", SheetQuery{Text: "陈静"}, []int{1}},
			{"Latin text, any case", SheetQuery{Text: "WANGFANG"}, []int{1}},
			{"% and _ are literal", SheetQuery{Text: "100%_"}, []int{3}},
			{"% alone matches nothing else", SheetQuery{Text: "%"}, []int{3}},
			{"by deadline", SheetQuery{Order: ByDeadline}, []int{3, 1, 2}},
			{"by deadline, latest first", SheetQuery{Order: ByDeadlineDesc}, []int{2, 1, 3}},
			{"second page", SheetQuery{Order: ByDeadline, Offset: 1, Limit: 1}, []int{1}},
		} {
			tt.q.ChatID = e.chat.ID
			sheet, err := e.s.TaskSheet(e.ctx, tt.q)
			e.must(err)
			var got []int
			for _, task := range sheet.Tasks {
				got = append(got, task.Number)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
			if tt.q.Limit == 0 && sheet.Total != int64(len(tt.want)) {
				t.Errorf("%s: total %d", tt.name, sheet.Total)
			}
		}
		units, err := e.s.TaskUnits(e.ctx, e.chat.ID)
		e.must(err)
		if !slices.Equal(units, []string{"住建局", "投资促进局"}) {
			t.Errorf("units %q", units)
		}
		people, err := e.s.TaskPeople(e.ctx, e.chat.ID)
		e.must(err)
		var pn []string
		for _, u := range people {
			pn = append(pn, u.DisplayName())
		}
		if len(pn) != 3 || !slices.Contains(pn, "陈静") || slices.Contains(pn, "刘书记") {
			t.Errorf("people %q, want the three assignees", pn)
		}
	})
}

func TestDashboardCounts(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		clk := e.clk
		// Monday 2 March 2026, 10:00 in Shanghai.
		week := PeriodContaining(Week, t0)
		month := PeriodContaining(Month, t0)
		e.assign("逾期未办", e.wang, sh(3, 1, 18, 0), withUnit("住建局"))        // overdue; last week
		e.assign("本周到期", e.wang, sh(3, 6, 18, 0), withUnit("住建局"))        // open, due this week
		e.assign("下周到期", e.zhang, sh(3, 9, 18, 0))                        // open, next week
		e.assign("本周日到期", e.zhang, sh(3, 8, 23, 0), withUnit("发改委"))      // open, the week's last day
		e.assign("揭榜未认领", nil, sh(3, 5, 18, 0))                           // listed: not open
		sub := e.assign("已提交", e.chen, sh(2, 27, 18, 0), withUnit("发改委")) // submitted late: open, not overdue
		done := e.assign("已办结", e.chen, sh(3, 4, 18, 0))                  // closed this month
		old := e.assign("上月办结", e.chen, sh(2, 20, 18, 0))                 // closed in February
		_, err := e.s.Submit(e.ctx, by(e.chen), sub.ID, e.chen.ID, "", true)
		e.must(err)
		_, err = e.s.Submit(e.ctx, by(e.chen), done.ID, e.chen.ID, "", false)
		e.must(err)
		e.at(sh(2, 28, 12, 0), func() {
			_, err = e.s.Submit(e.ctx, by(e.chen), old.ID, e.chen.ID, "", false)
			e.must(err)
		})
		clk.Set(t0)
		c, err := e.s.DashboardCounts(e.ctx, e.chat.ID, week, month)
		e.must(err)
		if want := (DashboardCounts{All: 8, Open: 5, Overdue: 1, DueThisWeek: 2, DoneThisMonth: 1}); *c != want {
			t.Errorf("counts %+v, want %+v", *c, want)
		}
		loads, err := e.s.UnitLoads(e.ctx, e.chat.ID)
		e.must(err)
		want := []UnitLoad{{"住建局", 2, 1}, {"发改委", 2, 0}, {"", 1, 0}}
		if !slices.Equal(loads, want) {
			t.Errorf("unit loads %+v, want %+v", loads, want)
		}
		// A week later the week's and month's spans move with the caller.
		later := t0.AddDate(0, 0, 28) // Monday 30 March
		clk.Set(later)
		c, err = e.s.DashboardCounts(e.ctx, e.chat.ID, PeriodContaining(Week, later), PeriodContaining(Month, later))
		e.must(err)
		if c.DueThisWeek != 0 || c.Overdue != 4 || c.DoneThisMonth != 1 {
			t.Errorf("a month on: %+v", *c)
		}
	})
}

func TestDashboardLinkInAMerge(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		// The supergroup was used (and got a link) before the bot heard of the upgrade.
		for _, groupHasLink := range []bool{true, false} {
			group := e.newChat("老群")
			super := e.newChat("新超级群")
			var groupToken string
			if groupHasLink {
				groupToken, _ = e.s.DashboardToken(e.ctx, group.ID)
			}
			superToken, err := e.s.DashboardToken(e.ctx, super.ID)
			e.must(err)
			_, err = e.s.MigrateChat(e.ctx, group.TelegramID, super.TelegramID)
			e.must(err)
			want := superToken
			if groupHasLink {
				want = groupToken
				if _, err := e.s.ChatByDashboardToken(e.ctx, superToken); !errors.Is(err, ErrNotFound) {
					t.Errorf("the merged-away link still opens: %v", err)
				}
			}
			got, err := e.s.ChatByDashboardToken(e.ctx, want)
			if err != nil || got.ID != group.ID {
				t.Errorf("group had a link %v: %q opens %+v, %v; want the merged group", groupHasLink, want, got, err)
			}
		}
	})
}
