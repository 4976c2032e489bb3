package models

import (
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

// rankRow is one expected line of a ranking table.
type rankRow struct {
	name                       string
	unit                       string
	due, onTime, late, overdue int
	score, rank                int
	flag                       Flag
}

func (r rankRow) String() string {
	return fmt.Sprintf("%s[%s] due=%d on=%d late=%d over=%d score=%d rank=%d flag=%d",
		r.name, r.unit, r.due, r.onTime, r.late, r.overdue, r.score, r.rank, r.flag)
}

func rows(entries []RankEntry) []rankRow {
	out := make([]rankRow, len(entries))
	for i, e := range entries {
		out[i] = rankRow{e.Name(), e.Unit, e.Due, e.OnTime, e.Late, e.Overdue, e.Score, e.Rank, e.Flag}
	}
	return out
}

// rankingFixture builds a month of work in one group, with the clock left at
// 20 March 2026 12:00 in Shanghai. Every task below is created on 20
// February; "on time" means submitted no later than the deadline in force.
//
//	王芳 (投资促进局)
//	  a1 due  5 Mar, submitted 4 Mar, confirmed                 on time (郑军 协办: no credit)
//	  a2 due 10 Mar 18:00, submitted 10 Mar 18:00, unconfirmed  on time (submitted counts)
//	  a3 due 12 Mar, submitted 14 Mar                           late
//	  a4 due 25 Mar, open                                       not yet due
//	  a5 due  8 Mar, cancelled                                  not counted
//	张伟 (住建局)
//	  b1 due  6 Mar, open                                       overdue (周强, 钱进 协办: no blame)
//	  b2 due 15 Mar, extended to 28 Mar, submitted 20 Mar        on time (new deadline)
//	  b3 due 27 Feb, submitted 2 Mar                            February: late
//	  b4 due 1 Apr 01:00 Shanghai (31 Mar UTC), open            April
//	陈静 (住建局)
//	  c1 due  3 Mar, assigned to 李局, reassigned to 陈静, on time  credited to 陈静
//	  c2 due 1 Mar 00:30 Shanghai (28 Feb UTC), submitted 2 Mar  March: late
//	李局 (no unit)
//	  d1 due  9 Mar, submitted 11 Mar                           late
//	  d2 due 16 Mar, in progress                                overdue
//	赵敏 (投资促进局)
//	  e1 due 18 Mar, e2 due 19 Mar, open                        overdue ×2
//	  e3 due 11 Mar, submitted 11 Mar, sent back 12 Mar         overdue
//	孙丽 (镇)   f1 due 26 Mar, open                             not yet due
//	周强        g1 due 7 Mar on time; g2 due 13 Mar open         on time, overdue
//	钱进        h1 due 4 Mar on time; h2, h3 due 5, 6 Mar open   on time, overdue ×2
//	郑军 (镇)   i1 due 17 Mar, submitted 16 Mar                  on time
//	listed, unclaimed, due 10 Mar (镇)                           not counted
//
// Another group holds tasks of 王芳 and 赵敏 in March that must not count.
func rankingFixture(t *testing.T, s *Store, clk *clock.Fake) *env {
	e := newEnv(t, s, clk)
	ctx := e.ctx
	frank, grace, henry, ivan := e.user("", "孙丽"), e.user("", "周强"), e.user("", "钱进"), e.user("", "郑军")
	invest, housing, town := withUnit("投资促进局"), withUnit("住建局"), withUnit("镇")
	clk.Set(sh(2, 20, 10, 0))
	task := func(lead *User, due time.Time, opts ...func(*NewTask)) *Task {
		return e.assign(fmt.Sprintf("%s %s", lead.DisplayName(), due.Format("01-02 15:04")), lead, due, opts...)
	}
	at := func(day, hour int) time.Time { return sh(3, day, hour, 0) }

	a1 := task(e.wang, at(5, 18), invest, withCooperators(ivan))
	a2 := task(e.wang, at(10, 18), invest)
	a3 := task(e.wang, at(12, 18), invest)
	task(e.wang, at(25, 18), invest)
	a5 := task(e.wang, at(8, 18), invest)
	task(e.zhang, at(6, 18), housing, withCooperators(grace, henry))
	b2 := task(e.zhang, at(15, 18), housing)
	b3 := task(e.zhang, sh(2, 27, 18, 0), housing)
	task(e.zhang, sh(4, 1, 1, 0), housing)
	c1 := task(e.li, at(3, 18), housing)
	c2 := task(e.chen, sh(3, 1, 0, 30), housing)
	d1 := task(e.li, at(9, 18))
	d2 := task(e.li, at(16, 18))
	task(e.zhao, at(18, 18), invest)
	task(e.zhao, at(19, 18), invest)
	e3 := task(e.zhao, at(11, 18), invest)
	task(frank, at(26, 18), withUnit("镇"))
	g1 := task(grace, at(7, 18))
	task(grace, at(13, 18))
	h1 := task(henry, at(4, 18))
	task(henry, at(5, 18))
	task(henry, at(6, 18))
	i1 := task(ivan, at(17, 18), town)
	e.assign("揭榜任务", nil, at(10, 18), town)

	other := e.newChat("另一个群")
	x := e.assignIn(other, "别的群", e.wang, at(8, 18), invest)
	e.assignIn(other, "别的群逾期", e.zhao, at(9, 18), invest)

	e.submit(a1, e.wang, at(4, 10), true)
	e.confirm(a1, at(4, 15))
	e.submit(a2, e.wang, at(10, 18), true)
	e.submit(a3, e.wang, at(14, 9), false)
	clk.Set(at(7, 9))
	_, err := s.CancelTask(ctx, by(e.boss), a5.ID, "并入其他任务")
	e.must(err)
	clk.Set(at(14, 9))
	req, err := s.RequestExtension(ctx, by(e.zhang), b2.ID, e.zhang.ID, at(28, 18), "", "等待规划许可")
	e.must(err)
	clk.Set(at(14, 12))
	_, _, err = s.DecideExtension(ctx, by(e.boss), req.ID, true)
	e.must(err)
	e.submit(b2, e.zhang, at(20, 10), true)
	e.submit(b3, e.zhang, at(2, 9), false)
	clk.Set(at(2, 10))
	_, err = s.EditTask(ctx, by(e.boss), c1.ID, TaskEdit{LeadID: &e.chen.ID})
	e.must(err)
	e.submit(c1, e.chen, at(3, 17), false)
	e.submit(c2, e.chen, at(2, 9), false)
	e.submit(d1, e.li, at(11, 9), false)
	clk.Set(at(10, 9))
	_, err = s.ReportProgress(ctx, by(e.li), d2.ID, e.li.ID, ptr(60), "")
	e.must(err)
	e.submit(e3, e.zhao, at(11, 10), true)
	clk.Set(at(12, 9))
	_, err = s.SendBack(ctx, by(e.boss), e3.ID, "数据有误")
	e.must(err)
	e.submit(g1, grace, at(7, 9), true)
	e.confirm(g1, at(7, 10))
	e.submit(h1, henry, at(4, 9), false)
	e.submit(i1, ivan, at(16, 9), false)
	e.submit(x, e.wang, at(8, 9), false)

	clk.Set(at(20, 12))
	return e
}

func TestRanking(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := rankingFixture(t, s, clk)
		month := func(m time.Month, loc *time.Location) (time.Time, time.Time) {
			p := PeriodContaining(Month, time.Date(2026, m, 15, 12, 0, 0, 0, loc))
			return p.From, p.To
		}
		marchFrom, marchTo := month(time.March, shanghai)
		q1 := PeriodContaining(Quarter, sh(2, 1, 0, 0))
		utcFrom, utcTo := month(time.March, time.UTC)
		febFrom, febTo := month(time.February, shanghai)
		aprFrom, aprTo := month(time.April, shanghai)
		const R, Y, N = RedFlag, YellowFlag, NoFlag
		cases := []struct {
			name     string
			from, to time.Time
			byUnit   bool
			want     []rankRow
			only     map[string]bool // compare only these names, when set
		}{
			{
				// score = 10×on time + 4×late − 5×overdue; ties by on-time
				// rate, then name; 到期 counts only what is settled, and
				// 孙丽, with nothing due yet, is not ranked. 8 entries: 3
				// red, 3 yellow.
				name: "people, March", from: marchFrom, to: marchTo,
				want: []rankRow{
					{"王芳", "投资促进局", 3, 2, 1, 0, 24, 1, R}, // rate 2/3; a4 not due
					{"陈静", "住建局", 2, 1, 1, 0, 14, 2, R},
					{"郑军", "镇", 1, 1, 0, 0, 10, 3, R},
					{"周强", "", 2, 1, 0, 1, 5, 4, N}, // same score and rate as 张伟: shares rank 4, first by name (周 U+5468 < 张 U+5F20)
					{"张伟", "住建局", 2, 1, 0, 1, 5, 4, N},
					{"钱进", "", 3, 1, 0, 2, 0, 6, Y},
					{"李局", "", 2, 0, 1, 1, -1, 7, Y},
					{"赵敏", "投资促进局", 3, 0, 0, 3, -15, 8, Y},
				},
			},
			{
				name: "units, March", from: marchFrom, to: marchTo, byUnit: true,
				want: []rankRow{
					{"住建局", "住建局", 4, 2, 1, 1, 19, 1, N},    // b1 b2 c1 c2
					{"镇", "镇", 1, 1, 0, 0, 10, 2, N},        // i1 (f1 not due)
					{"投资促进局", "投资促进局", 6, 2, 1, 3, 9, 3, N}, // a1–a3, e1–e3 (a4 not due)
				},
			},
			{
				name: "people, February", from: febFrom, to: febTo,
				want: []rankRow{{"张伟", "住建局", 1, 0, 1, 0, 4, 1, N}},
			},
			{
				name: "units, February", from: febFrom, to: febTo, byUnit: true,
				want: []rankRow{{"住建局", "住建局", 1, 0, 1, 0, 4, 1, N}},
			},
			{
				// April holds one task, not due yet: nobody is ranked.
				name: "people, April", from: aprFrom, to: aprTo,
				want: []rankRow{},
			},
			{
				name: "people, first quarter", from: q1.From, to: q1.To, only: map[string]bool{"张伟": true},
				want: []rankRow{{"张伟", "住建局", 3, 1, 1, 1, 9, 4, N}}, // b1 b2 b3; behind 王芳 24, 陈静 14, 郑军 10
			},
			{
				// The same month counted in UTC moves c2 to February and b4 to
				// March: 陈静 ties 郑军 (10, rate 1) for rank 2, after him by
				// name (郑 U+90D1 < 陈 U+9648); 张伟 ties 周强 again at rank 4.
				name: "people, March in UTC", from: utcFrom, to: utcTo, only: map[string]bool{"陈静": true, "张伟": true},
				want: []rankRow{
					{"陈静", "住建局", 1, 1, 0, 0, 10, 2, R},
					{"张伟", "住建局", 2, 1, 0, 1, 5, 4, N},
				},
			},
			{
				name: "nothing due", from: sh(5, 1, 0, 0), to: sh(6, 1, 0, 0),
				want: []rankRow{},
			},
		}
		for _, c := range cases {
			entries, err := s.Ranking(e.ctx, RankingQuery{ChatID: e.chat.ID, From: c.from, To: c.to, ByUnit: c.byUnit})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got := rows(entries)
			if c.only != nil {
				var kept []rankRow
				for _, r := range got {
					if c.only[r.name] {
						kept = append(kept, r)
					}
				}
				got = kept
			}
			compareLines(t, c.name, got, c.want, rankRow.String)
			for _, en := range entries {
				if c.byUnit && en.UserID != 0 || !c.byUnit && (en.UserID == 0 || en.User.ID != en.UserID) {
					t.Errorf("%s: entry %+v: person rankings carry the user, unit rankings none", c.name, en)
				}
			}
		}
	})
}

func TestRank(t *testing.T) {
	t.Parallel()
	unit := func(name string, onTime, late, overdue int) RankEntry {
		return RankEntry{Unit: name, Due: onTime + late + overdue, OnTime: onTime, Late: late, Overdue: overdue}
	}
	person := func(id uint, name string, onTime, late, overdue int) RankEntry {
		e := unit("", onTime, late, overdue)
		e.UserID, e.User = id, User{ID: id, FirstName: name}
		return e
	}
	const R, Y, N = RedFlag, YellowFlag, NoFlag
	cases := []struct {
		name    string
		entries []RankEntry
		want    []rankRow
	}{
		{"nothing", nil, []rankRow{}},
		{
			"score formula", []RankEntry{unit("甲", 3, 2, 1)},
			[]rankRow{{"甲", "甲", 6, 3, 2, 1, 33, 1, N}}, // 30 + 8 − 5
		},
		{
			"ties: score, then rate, then name; equal score and rate share a rank",
			[]RankEntry{
				unit("丙", 0, 5, 3), // 20 − 15 = 5, rate 0
				unit("甲", 1, 0, 1), // 5, rate 1/2
				unit("丁", 2, 0, 3), // 5, rate 2/5
				unit("戊", 1, 0, 0), // 10
				unit("乙", 1, 0, 1), // 5, rate 1/2; 乙 U+4E59 < 甲 U+7532
			},
			[]rankRow{
				{"戊", "戊", 1, 1, 0, 0, 10, 1, N},
				{"乙", "乙", 2, 1, 0, 1, 5, 2, N},
				{"甲", "甲", 2, 1, 0, 1, 5, 2, N},
				{"丁", "丁", 5, 2, 0, 3, 5, 4, N},
				{"丙", "丙", 8, 0, 5, 3, 5, 5, N},
			},
		},
		{
			"five entries: no flags",
			[]RankEntry{unit("a", 5, 0, 0), unit("b", 4, 0, 0), unit("c", 3, 0, 0), unit("d", 2, 0, 0), unit("e", 0, 0, 2)},
			[]rankRow{
				{"a", "a", 5, 5, 0, 0, 50, 1, N}, {"b", "b", 4, 4, 0, 0, 40, 2, N}, {"c", "c", 3, 3, 0, 0, 30, 3, N},
				{"d", "d", 2, 2, 0, 0, 20, 4, N}, {"e", "e", 2, 0, 0, 2, -10, 5, N},
			},
		},
		{
			"six entries: top three red, bottom three yellow",
			[]RankEntry{unit("f", 0, 0, 1), unit("a", 5, 0, 0), unit("e", 0, 1, 0), unit("b", 4, 0, 0), unit("d", 1, 0, 0), unit("c", 3, 0, 0)},
			[]rankRow{
				{"a", "a", 5, 5, 0, 0, 50, 1, R}, {"b", "b", 4, 4, 0, 0, 40, 2, R}, {"c", "c", 3, 3, 0, 0, 30, 3, R},
				{"d", "d", 1, 1, 0, 0, 10, 4, Y}, {"e", "e", 1, 0, 1, 0, 4, 5, Y}, {"f", "f", 1, 0, 0, 1, -5, 6, Y},
			},
		},
		{
			"seven entries: the middle one has no flag",
			[]RankEntry{unit("a", 7, 0, 0), unit("b", 6, 0, 0), unit("c", 5, 0, 0), unit("d", 4, 0, 0), unit("e", 3, 0, 0), unit("f", 2, 0, 0), unit("g", 1, 0, 0)},
			[]rankRow{
				{"a", "a", 7, 7, 0, 0, 70, 1, R}, {"b", "b", 6, 6, 0, 0, 60, 2, R}, {"c", "c", 5, 5, 0, 0, 50, 3, R},
				{"d", "d", 4, 4, 0, 0, 40, 4, N},
				{"e", "e", 3, 3, 0, 0, 30, 5, Y}, {"f", "f", 2, 2, 0, 0, 20, 6, Y}, {"g", "g", 1, 1, 0, 0, 10, 7, Y},
			},
		},
		{
			"people by display name, then id",
			[]RankEntry{person(9, "王芳", 1, 0, 0), person(3, "王芳", 1, 0, 0), person(5, "李强", 1, 0, 0)},
			[]rankRow{{"李强", "", 1, 1, 0, 0, 10, 1, N}, {"王芳", "", 1, 1, 0, 0, 10, 1, N}, {"王芳", "", 1, 1, 0, 0, 10, 1, N}},
		},
	}
	for _, c := range cases {
		// Stale scores, ranks and flags are recomputed.
		for i := range c.entries {
			c.entries[i].Score, c.entries[i].Rank, c.entries[i].Flag = 999, 99, YellowFlag
		}
		Rank(c.entries)
		compareLines(t, c.name, rows(c.entries), c.want, rankRow.String)
	}
	people := []RankEntry{person(9, "王芳", 1, 0, 0), person(3, "王芳", 1, 0, 0)}
	Rank(people)
	if people[0].UserID != 3 || people[1].UserID != 9 {
		t.Errorf("namesakes ordered %d, %d; want by id", people[0].UserID, people[1].UserID)
	}
	e := unit("x", 0, 0, 0)
	if _, ok := e.Rate(); ok || e.Settled() != 0 {
		t.Errorf("an entry with nothing settled has a rate")
	}
	e = unit("x", 1, 1, 1)
	if r, ok := e.Rate(); !ok || r != 1.0/3 || e.Settled() != 3 {
		t.Errorf("rate = %v %v, settled %d", r, ok, e.Settled())
	}
}

func TestPeriodContaining(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		kind     PeriodKind
		at       time.Time
		from, to time.Time // midnights in at's zone
	}{
		{"week from Wednesday", Week, sh(3, 4, 15, 0), sh(3, 2, 0, 0), sh(3, 9, 0, 0)},
		{"week on Monday at midnight", Week, sh(3, 9, 0, 0), sh(3, 9, 0, 0), sh(3, 16, 0, 0)},
		{"week on Sunday night", Week, sh(3, 8, 23, 59), sh(3, 2, 0, 0), sh(3, 9, 0, 0)},
		{"week across the new year", Week, time.Date(2026, 1, 1, 9, 0, 0, 0, shanghai),
			time.Date(2025, 12, 29, 0, 0, 0, 0, shanghai), time.Date(2026, 1, 5, 0, 0, 0, 0, shanghai)},
		{"month", Month, sh(3, 31, 23, 59), sh(3, 1, 0, 0), sh(4, 1, 0, 0)},
		{"December", Month, time.Date(2025, 12, 15, 0, 0, 0, 0, shanghai),
			time.Date(2025, 12, 1, 0, 0, 0, 0, shanghai), time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)},
		{"leap February", Month, time.Date(2028, 2, 29, 12, 0, 0, 0, shanghai),
			time.Date(2028, 2, 1, 0, 0, 0, 0, shanghai), time.Date(2028, 3, 1, 0, 0, 0, 0, shanghai)},
		{"unknown kind is a month", PeriodKind("fortnight"), sh(5, 20, 0, 0), sh(5, 1, 0, 0), sh(6, 1, 0, 0)},
		{"first quarter", Quarter, sh(3, 31, 23, 0), sh(1, 1, 0, 0), sh(4, 1, 0, 0)},
		{"second quarter", Quarter, sh(4, 1, 0, 0), sh(4, 1, 0, 0), sh(7, 1, 0, 0)},
		{"fourth quarter", Quarter, sh(11, 15, 0, 0), sh(10, 1, 0, 0), time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai)},
		{"first half", HalfYear, sh(6, 30, 23, 59), sh(1, 1, 0, 0), sh(7, 1, 0, 0)},
		{"second half", HalfYear, sh(7, 1, 0, 0), sh(7, 1, 0, 0), time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai)},
		{"year", Year, sh(12, 31, 23, 59), sh(1, 1, 0, 0), time.Date(2027, 1, 1, 0, 0, 0, 0, shanghai)},
		// 31 March 17:00 UTC is already April in Shanghai, still March in New York.
		{"month by the zone's calendar, Shanghai", Month, time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC).In(shanghai),
			sh(4, 1, 0, 0), sh(5, 1, 0, 0)},
		{"month by the zone's calendar, New York", Month, time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC).In(newYork),
			time.Date(2026, 3, 1, 0, 0, 0, 0, newYork), time.Date(2026, 4, 1, 0, 0, 0, 0, newYork)},
		// Daylight saving starts on Sunday 8 March 2026 in New York: the
		// week is an hour short, and still runs midnight to midnight.
		{"week over the change to daylight saving", Week, time.Date(2026, 3, 8, 12, 0, 0, 0, newYork),
			time.Date(2026, 3, 2, 0, 0, 0, 0, newYork), time.Date(2026, 3, 9, 0, 0, 0, 0, newYork)},
		{"month over the end of daylight saving", Month, time.Date(2026, 11, 1, 1, 30, 0, 0, newYork),
			time.Date(2026, 11, 1, 0, 0, 0, 0, newYork), time.Date(2026, 12, 1, 0, 0, 0, 0, newYork)},
		{"year in New York", Year, time.Date(2026, 12, 31, 23, 0, 0, 0, newYork),
			time.Date(2026, 1, 1, 0, 0, 0, 0, newYork), time.Date(2027, 1, 1, 0, 0, 0, 0, newYork)},
	}
	for _, c := range cases {
		p := PeriodContaining(c.kind, c.at)
		wantKind := c.kind
		if c.kind != Week && c.kind != Quarter && c.kind != HalfYear && c.kind != Year {
			wantKind = Month
		}
		checkPeriod(t, c.name, p, Period{wantKind, c.from, c.to})
		if c.at.Before(p.From) || !c.at.Before(p.To) {
			t.Errorf("%s: %v is not inside [%v, %v)", c.name, c.at, p.From, p.To)
		}
	}
	// The New York week above really is an hour short.
	p := PeriodContaining(Week, time.Date(2026, 3, 8, 12, 0, 0, 0, newYork))
	if d := p.To.Sub(p.From); d != 7*24*time.Hour-time.Hour {
		t.Errorf("DST week lasts %v", d)
	}
}

func checkPeriod(t *testing.T, name string, got, want Period) {
	t.Helper()
	if got.Kind != want.Kind || !got.From.Equal(want.From) || !got.To.Equal(want.To) ||
		got.From.Location() != want.From.Location() || got.To.Location() != want.To.Location() {
		t.Errorf("%s: %s [%v, %v), want %s [%v, %v)", name, got.Kind, got.From, got.To, want.Kind, want.From, want.To)
	}
	for _, x := range []time.Time{got.From, got.To} {
		if h, m, s := x.Clock(); h != 0 || m != 0 || s != 0 || x.Nanosecond() != 0 {
			t.Errorf("%s: %v is not a midnight", name, x)
		}
	}
}

func TestPeriodPrevious(t *testing.T) {
	t.Parallel()
	date := func(loc *time.Location, y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	cases := []struct {
		name     string
		p        Period
		from, to time.Time
	}{
		{"week before the new year's week", PeriodContaining(Week, date(shanghai, 2026, 1, 1)),
			date(shanghai, 2025, 12, 22), date(shanghai, 2025, 12, 29)},
		{"January's previous month", PeriodContaining(Month, date(shanghai, 2026, 1, 20)),
			date(shanghai, 2025, 12, 1), date(shanghai, 2026, 1, 1)},
		{"March's previous month", PeriodContaining(Month, date(shanghai, 2026, 3, 31)),
			date(shanghai, 2026, 2, 1), date(shanghai, 2026, 3, 1)},
		{"first quarter's previous", PeriodContaining(Quarter, date(shanghai, 2026, 2, 10)),
			date(shanghai, 2025, 10, 1), date(shanghai, 2026, 1, 1)},
		{"third quarter's previous", PeriodContaining(Quarter, date(shanghai, 2026, 8, 10)),
			date(shanghai, 2026, 4, 1), date(shanghai, 2026, 7, 1)},
		{"first half's previous", PeriodContaining(HalfYear, date(shanghai, 2026, 6, 30)),
			date(shanghai, 2025, 7, 1), date(shanghai, 2026, 1, 1)},
		{"second half's previous", PeriodContaining(HalfYear, date(shanghai, 2026, 7, 1)),
			date(shanghai, 2026, 1, 1), date(shanghai, 2026, 7, 1)},
		{"previous year", PeriodContaining(Year, date(shanghai, 2026, 5, 5)),
			date(shanghai, 2025, 1, 1), date(shanghai, 2026, 1, 1)},
		{"New York week before daylight saving", PeriodContaining(Week, date(newYork, 2026, 3, 10)),
			date(newYork, 2026, 3, 2), date(newYork, 2026, 3, 9)},
		{"New York November's previous", PeriodContaining(Month, date(newYork, 2026, 11, 2)),
			date(newYork, 2026, 10, 1), date(newYork, 2026, 11, 1)},
		{"a custom span's previous is as long, just before",
			CustomPeriod(date(shanghai, 2026, 3, 3), date(shanghai, 2026, 3, 5)),
			date(shanghai, 2026, 2, 28), date(shanghai, 2026, 3, 3)},
		{"a custom span across the new year",
			CustomPeriod(date(newYork, 2026, 1, 2), date(newYork, 2026, 1, 8)),
			date(newYork, 2025, 12, 26), date(newYork, 2026, 1, 2)},
	}
	for _, c := range cases {
		checkPeriod(t, c.name, c.p.Previous(), Period{c.p.Kind, c.from, c.to})
	}
}

func TestCustomPeriod(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		first, last time.Time
		from, to    time.Time
	}{
		{"three days, times ignored", sh(3, 3, 15, 0), sh(3, 5, 9, 0), sh(3, 3, 0, 0), sh(3, 6, 0, 0)},
		{"one day", sh(3, 3, 23, 59), sh(3, 3, 0, 0), sh(3, 3, 0, 0), sh(3, 4, 0, 0)},
		{"across the new year", time.Date(2025, 12, 30, 12, 0, 0, 0, shanghai), time.Date(2026, 1, 2, 12, 0, 0, 0, shanghai),
			time.Date(2025, 12, 30, 0, 0, 0, 0, shanghai), time.Date(2026, 1, 3, 0, 0, 0, 0, shanghai)},
		{"over the change to daylight saving", time.Date(2026, 3, 7, 12, 0, 0, 0, newYork), time.Date(2026, 3, 8, 12, 0, 0, 0, newYork),
			time.Date(2026, 3, 7, 0, 0, 0, 0, newYork), time.Date(2026, 3, 9, 0, 0, 0, 0, newYork)},
	}
	for _, c := range cases {
		checkPeriod(t, c.name, CustomPeriod(c.first, c.last), Period{Custom, c.from, c.to})
	}
}
