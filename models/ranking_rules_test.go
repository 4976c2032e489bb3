package models

import (
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

// rulesFixture builds April 2026 in one group, with the clock left at
// Saturday 25 April 12:00 in Shanghai. Every task is created on 20 March.
//
//	王芳 (甲局)
//	  a1 due 10 Apr, submitted 9 Apr                               on time
//	  a2 due 13 Apr, extended to 20 Apr, submitted 16 Apr           on time; late by the original deadline
//	  a4 due 17 Apr, submitted 17 Apr                               on time
//	  g1 due 31 Mar, extended to 3 Apr, submitted 2 Apr             April (deadline in force); late by the original
//	李局 (甲局)
//	  d1 due 20 Apr, submitted 20 Apr                               on time
//	  f1 due 2 Apr, submitted 1 Apr                                 on time (assigned in March)
//	  a3 due 14 Apr, extended to 22 Apr, submitted 14 Apr (before the original) on time either way
//	  d2 due 21 Apr, cancelled                                      not counted
//	赵敏 (乙局)
//	  e1 due 10 Apr, assigned to 李局, reassigned to 赵敏, on time     credited to 赵敏
//	  e2 due 29 Apr, open                                           not yet due
//	  h1 due 30 Mar, submitted 1 Apr                                March: late
//	孙丽 (no unit)  k1 due 15 Apr, on time
//	张伟 (乙局)
//	  b1 due 8 Apr, submitted 9 Apr                                 late
//	  b2 due 15 Apr, open                                           overdue
//	  b3 due 7 Apr, no unit, on time                                on time; not counted with 有单位
//	  m1 due 15 May, open                                           May (the quarter, not April)
//	陈静 (no unit)  c1 due 9 Apr, submitted 10 Apr; c2 due 16 Apr, submitted 17 Apr   late ×2
func rulesFixture(t *testing.T, s *Store, clk *clock.Fake) *env {
	e := newEnv(t, s, clk)
	ctx := e.ctx
	frank := e.user("", "孙丽")
	jia, yi := withUnit("甲局"), withUnit("乙局")
	clk.Set(sh(3, 20, 10, 0))
	task := func(lead *User, due time.Time, opts ...func(*NewTask)) *Task {
		return e.assign(fmt.Sprintf("%s %s", lead.DisplayName(), due.Format("01-02")), lead, due, opts...)
	}
	apr := func(day, hour int) time.Time { return sh(4, day, hour, 0) }
	extend := func(tk *Task, u *User, when, to time.Time) {
		t.Helper()
		clk.Set(when)
		req, err := s.RequestExtension(ctx, by(u), tk.ID, u.ID, to, "", "等待批复")
		e.must(err)
		_, _, err = s.DecideExtension(ctx, by(e.boss), req.ID, true)
		e.must(err)
	}

	a1 := task(e.wang, apr(10, 18), jia)
	a2 := task(e.wang, apr(13, 18), jia)
	a4 := task(e.wang, apr(17, 18), jia)
	g1 := task(e.wang, sh(3, 31, 18, 0), jia)
	d1 := task(e.li, apr(20, 18), jia)
	f1 := task(e.li, apr(2, 18), jia)
	a3 := task(e.li, apr(14, 18), jia)
	d2 := task(e.li, apr(21, 18), jia)
	e1 := task(e.li, apr(10, 18), yi)
	task(e.zhao, apr(29, 18), yi)
	h1 := task(e.zhao, sh(3, 30, 18, 0), yi)
	k1 := task(frank, apr(15, 18))
	b1 := task(e.zhang, apr(8, 18), yi)
	task(e.zhang, apr(15, 18), yi)
	b3 := task(e.zhang, apr(7, 18))
	task(e.zhang, sh(5, 15, 18, 0), yi)
	c1 := task(e.chen, apr(9, 18))
	c2 := task(e.chen, apr(16, 18))

	clk.Set(sh(3, 21, 9, 0))
	_, err := s.EditTask(ctx, by(e.boss), e1.ID, TaskEdit{LeadID: &e.zhao.ID})
	e.must(err)
	extend(g1, e.wang, sh(3, 30, 9, 0), apr(3, 18))
	e.submit(h1, e.zhao, apr(1, 9), false)
	e.submit(f1, e.li, apr(1, 10), false)
	e.submit(g1, e.wang, apr(2, 10), false)
	e.submit(b3, e.zhang, apr(7, 9), false)
	e.submit(a1, e.wang, apr(9, 9), false)
	e.submit(b1, e.zhang, apr(9, 10), false)
	e.submit(e1, e.zhao, apr(10, 17), false)
	e.submit(c1, e.chen, apr(10, 9), false)
	extend(a2, e.wang, apr(12, 9), apr(20, 18))
	extend(a3, e.li, apr(12, 10), apr(22, 18))
	e.submit(a3, e.li, apr(14, 10), false)
	e.submit(k1, frank, apr(15, 9), false)
	e.submit(a2, e.wang, apr(16, 10), false)
	e.submit(a4, e.wang, apr(17, 9), false)
	e.submit(c2, e.chen, apr(17, 9), false)
	clk.Set(apr(18, 9))
	_, err = s.CancelTask(ctx, by(e.boss), d2.ID, "并入其他任务")
	e.must(err)
	e.submit(d1, e.li, apr(20, 18), false)
	clk.Set(apr(25, 12))
	return e
}

func TestRankingWithGroupRules(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := rulesFixture(t, s, clk)
		april := PeriodContaining(Month, sh(4, 15, 12, 0))
		march := PeriodContaining(Month, sh(3, 15, 12, 0))
		q2 := PeriodContaining(Quarter, sh(4, 15, 12, 0))
		// The group's rules: 计分 5,2,3, 红旗 2.
		base := RankRules{OnTime: 5, Late: 2, Overdue: 3, Flags: 2, ExtensionsCount: true}
		with := func(f func(*RankRules)) *RankRules {
			r := base
			f(&r)
			return &r
		}
		const R, Y, N = RedFlag, YellowFlag, NoFlag
		cases := []struct {
			name   string
			p      Period
			byUnit bool
			rules  *RankRules
			want   []rankRow
		}{
			{
				// score = 5×on time + 2×late − 3×overdue. 孙丽 and 赵敏 tie
				// (5, rate 1) and share rank 3, 孙 (U+5B59) before 赵
				// (U+8D75); 张伟 and 陈静 tie on 4, 张伟 ahead on rate (1/3
				// against 0). Six entries: two red, two yellow.
				name: "计分 5,2,3, 红旗 2", p: april, rules: &base,
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 20, 1, R},
					{"李局", "甲局", 3, 3, 0, 0, 15, 2, R},
					{"孙丽", "", 1, 1, 0, 0, 5, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, N}, // e2 not due yet: not 到期
					{"张伟", "乙局", 3, 1, 1, 1, 4, 5, Y},
					{"陈静", "", 2, 0, 2, 0, 4, 6, Y},
				},
			},
			{
				name: "红旗 0: no flags", p: april, rules: with(func(r *RankRules) { r.Flags = 0 }),
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 20, 1, N},
					{"李局", "甲局", 3, 3, 0, 0, 15, 2, N},
					{"孙丽", "", 1, 1, 0, 0, 5, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, N},
					{"张伟", "乙局", 3, 1, 1, 1, 4, 5, N},
					{"陈静", "", 2, 0, 2, 0, 4, 6, N},
				},
			},
			{
				// Six entries are just enough for three flags each way. 孙丽
				// and 赵敏 tie for third in the middle: both in the top
				// three and in the bottom three, they get neither flag (not
				// one red and one yellow for the same rank).
				name: "红旗 3", p: april, rules: with(func(r *RankRules) { r.Flags = 3 }),
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 20, 1, R},
					{"李局", "甲局", 3, 3, 0, 0, 15, 2, R},
					{"孙丽", "", 1, 1, 0, 0, 5, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, N},
					{"张伟", "乙局", 3, 1, 1, 1, 4, 5, Y},
					{"陈静", "", 2, 0, 2, 0, 4, 6, Y},
				},
			},
			{
				name: "红旗 4: too few entries for flags", p: april, rules: with(func(r *RankRules) { r.Flags = 4 }),
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 20, 1, N},
					{"李局", "甲局", 3, 3, 0, 0, 15, 2, N},
					{"孙丽", "", 1, 1, 0, 0, 5, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, N},
					{"张伟", "乙局", 3, 1, 1, 1, 4, 5, N},
					{"陈静", "", 2, 0, 2, 0, 4, 6, N},
				},
			},
			{
				// a2 and g1 were submitted after their original deadlines:
				// late now, and 王芳 (2 on time, 2 late: 14) falls behind
				// 李局, whose a3 came in before its original deadline.
				name: "延期算按期 关", p: april, rules: with(func(r *RankRules) { r.ExtensionsCount = false }),
				want: []rankRow{
					{"李局", "甲局", 3, 3, 0, 0, 15, 1, R},
					{"王芳", "甲局", 4, 2, 2, 0, 14, 2, R},
					{"孙丽", "", 1, 1, 0, 0, 5, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, N},
					{"张伟", "乙局", 3, 1, 1, 1, 4, 5, Y},
					{"陈静", "", 2, 0, 2, 0, 4, 6, Y},
				},
			},
			{
				// Only tasks with a unit: 孙丽 and 陈静 drop out, 张伟 loses
				// b3. Four entries: two red, two yellow.
				name: "排名范围 有单位", p: april, rules: with(func(r *RankRules) { r.UnitOnly = true }),
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 20, 1, R},
					{"李局", "甲局", 3, 3, 0, 0, 15, 2, R},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, Y},
					{"张伟", "乙局", 2, 0, 1, 1, -1, 4, Y},
				},
			},
			{
				name: "units, 计分 5,2,3", p: april, byUnit: true, rules: &base,
				want: []rankRow{
					{"甲局", "甲局", 7, 7, 0, 0, 35, 1, N},
					{"乙局", "乙局", 3, 1, 1, 1, 4, 2, N}, // b1 b2 e1 (e2 not due); two entries: no flags
				},
			},
			{
				name: "units, 延期算按期 关", p: april, byUnit: true, rules: with(func(r *RankRules) { r.ExtensionsCount = false }),
				want: []rankRow{
					{"甲局", "甲局", 7, 5, 2, 0, 29, 1, N},
					{"乙局", "乙局", 3, 1, 1, 1, 4, 2, N},
				},
			},
			{
				// March holds h1 only: g1 moved to April with its extension,
				// even when extensions do not count as on time.
				name: "March", p: march, rules: with(func(r *RankRules) { r.ExtensionsCount = false }),
				want: []rankRow{{"赵敏", "乙局", 1, 0, 1, 0, 2, 1, N}},
			},
			{
				// The quarter adds 张伟's May task to April: not due, it
				// changes nothing.
				name: "second quarter", p: q2, rules: &base,
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 20, 1, R},
					{"李局", "甲局", 3, 3, 0, 0, 15, 2, R},
					{"孙丽", "", 1, 1, 0, 0, 5, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 5, 3, N},
					{"张伟", "乙局", 3, 1, 1, 1, 4, 5, Y},
					{"陈静", "", 2, 0, 2, 0, 4, 6, Y},
				},
			},
			{
				// Without rules: the defaults (10, 4, 5; 3 flags).
				name: "default rules", p: april,
				want: []rankRow{
					{"王芳", "甲局", 4, 4, 0, 0, 40, 1, R},
					{"李局", "甲局", 3, 3, 0, 0, 30, 2, R},
					{"孙丽", "", 1, 1, 0, 0, 10, 3, N},
					{"赵敏", "乙局", 1, 1, 0, 0, 10, 3, N},
					{"张伟", "乙局", 3, 1, 1, 1, 9, 5, Y},
					{"陈静", "", 2, 0, 2, 0, 8, 6, Y},
				},
			},
		}
		for _, c := range cases {
			entries, err := s.Ranking(e.ctx, RankingQuery{ChatID: e.chat.ID, From: c.p.From, To: c.p.To, ByUnit: c.byUnit, Rules: c.rules})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			compareLines(t, c.name, rows(entries), c.want, rankRow.String)
		}
		// The trend of /stats counts as the ranking does, by the group's rules.
		trend, err := s.OnTimeTrend(e.ctx, e.chat.ID, []Period{march, april}, with(func(r *RankRules) { r.ExtensionsCount = false }))
		e.must(err)
		if trend[0].OnTime != 0 || trend[0].Settled != 1 || trend[1].OnTime != 8 || trend[1].Settled != 14 {
			t.Errorf("trend without extensions: %+v", trend)
		}
		trend, err = s.OnTimeTrend(e.ctx, e.chat.ID, []Period{april}, &base)
		e.must(err)
		if trend[0].OnTime != 10 || trend[0].Settled != 14 {
			t.Errorf("trend: %+v", trend)
		}
	})
}

func TestRankWithRules(t *testing.T) {
	t.Parallel()
	unit := func(name string, onTime, late, overdue int) RankEntry {
		return RankEntry{Unit: name, Due: onTime + late + overdue, OnTime: onTime, Late: late, Overdue: overdue}
	}
	weights := RankRules{OnTime: 5, Late: 2, Overdue: 3, Flags: 2, ExtensionsCount: true}
	flags := func(n int) RankRules { r := weights; r.Flags = n; return r }
	const R, Y, N = RedFlag, YellowFlag, NoFlag
	cases := []struct {
		name    string
		rules   RankRules
		entries []RankEntry
		want    []rankRow
	}{
		{
			"计分 5,2,3", weights, []RankEntry{unit("甲", 3, 2, 1)},
			[]rankRow{{"甲", "甲", 6, 3, 2, 1, 16, 1, N}}, // 15 + 4 − 3
		},
		{
			"计分 0,0,0: every score is 0, the on-time rate decides",
			RankRules{Flags: 1}, []RankEntry{unit("乙", 0, 1, 0), unit("甲", 1, 0, 0)},
			[]rankRow{{"甲", "甲", 1, 1, 0, 0, 0, 1, R}, {"乙", "乙", 1, 0, 1, 0, 0, 2, Y}},
		},
		{
			"红旗 2 with four entries",
			weights, []RankEntry{unit("d", 0, 0, 1), unit("a", 4, 0, 0), unit("c", 1, 0, 0), unit("b", 2, 0, 0)},
			[]rankRow{
				{"a", "a", 4, 4, 0, 0, 20, 1, R}, {"b", "b", 2, 2, 0, 0, 10, 2, R},
				{"c", "c", 1, 1, 0, 0, 5, 3, Y}, {"d", "d", 1, 0, 0, 1, -3, 4, Y},
			},
		},
		{
			"红旗 2 with three entries: none",
			weights, []RankEntry{unit("a", 4, 0, 0), unit("b", 2, 0, 0), unit("c", 1, 0, 0)},
			[]rankRow{{"a", "a", 4, 4, 0, 0, 20, 1, N}, {"b", "b", 2, 2, 0, 0, 10, 2, N}, {"c", "c", 1, 1, 0, 0, 5, 3, N}},
		},
		{
			"红旗 0 with many entries: none",
			flags(0), []RankEntry{unit("a", 4, 0, 0), unit("b", 3, 0, 0), unit("c", 2, 0, 0), unit("d", 1, 0, 0), unit("e", 0, 0, 1), unit("f", 0, 0, 2)},
			[]rankRow{
				{"a", "a", 4, 4, 0, 0, 20, 1, N}, {"b", "b", 3, 3, 0, 0, 15, 2, N}, {"c", "c", 2, 2, 0, 0, 10, 3, N},
				{"d", "d", 1, 1, 0, 0, 5, 4, N}, {"e", "e", 1, 0, 0, 1, -3, 5, N}, {"f", "f", 2, 0, 0, 2, -6, 6, N},
			},
		},
		{
			// b and c share rank 2 across the red line: both red, not one
			// red and one yellow.
			"a tie across the red line shares the red flag",
			weights, []RankEntry{unit("a", 4, 0, 0), unit("c", 2, 0, 0), unit("b", 2, 0, 0), unit("d", 1, 0, 0), unit("e", 0, 0, 1)},
			[]rankRow{
				{"a", "a", 4, 4, 0, 0, 20, 1, R}, {"b", "b", 2, 2, 0, 0, 10, 2, R}, {"c", "c", 2, 2, 0, 0, 10, 2, R},
				{"d", "d", 1, 1, 0, 0, 5, 4, Y}, {"e", "e", 1, 0, 0, 1, -3, 5, Y},
			},
		},
		{
			"a tie across the yellow line shares the yellow flag",
			weights, []RankEntry{unit("a", 4, 0, 0), unit("b", 3, 0, 0), unit("e", 0, 0, 2), unit("d", 0, 0, 1), unit("c", 0, 0, 1)},
			[]rankRow{
				{"a", "a", 4, 4, 0, 0, 20, 1, R}, {"b", "b", 3, 3, 0, 0, 15, 2, R},
				{"c", "c", 1, 0, 0, 1, -3, 3, Y}, {"d", "d", 1, 0, 0, 1, -3, 3, Y}, {"e", "e", 2, 0, 0, 2, -6, 5, Y},
			},
		},
		{
			// b and c tie in the middle of four, across both lines: they
			// are neither in the top two nor in the bottom two alone.
			"a tie across both lines gets no flag",
			weights, []RankEntry{unit("a", 4, 0, 0), unit("c", 2, 0, 0), unit("b", 2, 0, 0), unit("d", 1, 0, 0)},
			[]rankRow{
				{"a", "a", 4, 4, 0, 0, 20, 1, R}, {"b", "b", 2, 2, 0, 0, 10, 2, N}, {"c", "c", 2, 2, 0, 0, 10, 2, N},
				{"d", "d", 1, 1, 0, 0, 5, 4, Y},
			},
		},
		{
			"everyone tied: no flags",
			weights, []RankEntry{unit("c", 1, 0, 0), unit("a", 1, 0, 0), unit("d", 1, 0, 0), unit("b", 1, 0, 0)},
			[]rankRow{
				{"a", "a", 1, 1, 0, 0, 5, 1, N}, {"b", "b", 1, 1, 0, 0, 5, 1, N},
				{"c", "c", 1, 1, 0, 0, 5, 1, N}, {"d", "d", 1, 1, 0, 0, 5, 1, N},
			},
		},
	}
	for _, c := range cases {
		for i := range c.entries {
			c.entries[i].Score, c.entries[i].Rank, c.entries[i].Flag = 999, 99, YellowFlag
		}
		RankWith(c.entries, c.rules)
		compareLines(t, c.name, rows(c.entries), c.want, rankRow.String)
	}
}

// TestRankRulesSettings: the rules a leader sets are stored, zero values
// and switched-off flags included, and read back by Chat.RankRules.
func TestRankRulesSettings(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		if got := e.chat.RankRules(); got != DefaultRankRules || !e.chat.Publish {
			t.Fatalf("a new group ranks by %+v (publish %v), want %+v", got, e.chat.Publish, DefaultRankRules)
		}
		set := e.chat.Settings()
		set.Rank = RankRules{OnTime: 5, Late: 0, Overdue: 3, Flags: 0, ExtensionsCount: false, UnitOnly: true}
		set.Publish = false
		_, err := s.UpdateSettings(e.ctx, by(e.boss), e.chat.ID, e.chat.Zone, set)
		e.must(err)
		c, err := s.ChatByID(e.ctx, e.chat.ID)
		e.must(err)
		if got := c.RankRules(); got != set.Rank || c.Publish {
			t.Errorf("stored %+v (publish %v), want %+v (publish false)", got, c.Publish, set.Rank)
		}
		if got := c.Settings().Rank; got != set.Rank {
			t.Errorf("Settings().Rank = %+v", got)
		}
	})
}
