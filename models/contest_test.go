package models

import (
	"errors"

	"math"
	"slices"
	"testing"
	"time"
)

func TestYearProgress(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Period
		want float64
	}{
		{"November 2026", PeriodContaining(Month, sh(11, 10, 0, 0)), 334.0 / 365},
		{"December ends the year", PeriodContaining(Month, sh(12, 10, 0, 0)), 1},
		{"first quarter 2026", PeriodContaining(Quarter, sh(2, 1, 0, 0)), 90.0 / 365},
		{"February 2028 ends on the 29th", PeriodContaining(Month, time.Date(2028, 2, 10, 0, 0, 0, 0, shanghai)), 60.0 / 366},
		{"the week of 29 February 2028", PeriodContaining(Week, time.Date(2028, 2, 29, 0, 0, 0, 0, shanghai)), 65.0 / 366},
		{"first quarter 2028 (leap)", PeriodContaining(Quarter, time.Date(2028, 3, 1, 0, 0, 0, 0, shanghai)), 91.0 / 366},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := YearProgress(tc.p); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("YearProgress = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	up := &ContestIndicator{Name: "固定资产投资"}
	down := &ContestIndicator{Name: "单位能耗", LowerBetter: true}
	for _, tc := range []struct {
		name             string
		ind              *ContestIndicator
		target, reported float64
		has              bool
		want             float64
	}{
		{"half way", up, 100, 50, true, 0.5},
		{"capped at 150%", up, 100, 400, true, 1.5},
		{"exactly 150%", up, 10, 15, true, 1.5},
		{"nothing reported", up, 100, 0, false, 0},
		{"no target", up, 0, 50, true, 0},
		{"lower is better: beat the target", down, 0.6, 0.5, true, 1.2},
		{"lower is better: missed the target", down, 0.5, 1, true, 0.5},
		{"lower is better: zero reported beats any target", down, 0.5, 0, true, 1.5},
		{"lower is better: nothing reported is 0", down, 0.5, 0, false, 0},
		{"lower is better: capped", down, 3, 1, true, 1.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Completion(tc.ind, tc.target, tc.reported, tc.has); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Completion = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	inv := ContestIndicator{ID: 1, Name: "固定资产投资", Weight: 40}
	starts := ContestIndicator{ID: 2, Name: "新开工项目", Weight: 30, PerPeriod: true}
	energy := ContestIndicator{ID: 3, Name: "单位能耗", Weight: 30, PerPeriod: true, LowerBetter: true}
	oct := PeriodContaining(Month, sh(10, 1, 0, 0))
	nov := PeriodContaining(Month, sh(11, 1, 0, 0))
	rep := func(unit string, ind uint, p Period, v float64) ContestReport {
		return ContestReport{UnitName: unit, IndicatorID: ind, PeriodFrom: p.From.UTC(), PeriodTo: p.To.UTC(), Value: v}
	}
	targets := map[TargetKey]float64{}
	for _, u := range []string{"甲", "乙", "丙", "丁"} {
		targets[TargetKey{u, 1}], targets[TargetKey{u, 2}], targets[TargetKey{u, 3}] = 10, 20, 0.5
	}
	reports := []ContestReport{
		rep("甲", 1, oct, 8), rep("甲", 2, oct, 10), rep("甲", 3, oct, 0.4),
		rep("甲", 1, nov, 9.5), rep("甲", 2, nov, 6), rep("甲", 3, nov, 0.6),
		rep("乙", 1, nov, 30), rep("乙", 2, nov, 40), rep("乙", 3, nov, 0),
		rep("丙", 1, nov, 5), // 新开工项目 and 单位能耗 missing in November
		// 丁 reported October only: November is 未填报
		rep("丁", 1, oct, 9), rep("丁", 2, oct, 9), rep("丁", 3, oct, 0.5),
		// last year's figures never count
		{UnitName: "丙", IndicatorID: 2, PeriodFrom: PeriodContaining(Month, sh(1, 1, 0, 0)).Previous().From.UTC(), Value: 100},
	}
	st := Score(ScoreInput{Indicators: []ContestIndicator{inv, starts, energy}, Units: []string{"甲", "乙", "丙", "丁"},
		Targets: targets, Reports: reports, Period: nov, FlagCount: 1})
	// 甲: 9.5/10 = 95%, (10+6)/20 = 80%, 0.5 ÷ mean(0.4, 0.6) = 100%
	//     → (40×0.95 + 30×0.8 + 30×1) / 100 × 100 = 92.0
	// 乙: 150% (capped), 150% (capped), 150% (zero energy) → 150.0
	// 丙: 50%, missing, missing → 40×0.5/100×100 = 20.0
	// 丁: nothing in November → 0
	want := []struct {
		unit    string
		score   float64
		rank    int
		missing int
		flag    Flag
		behind  []bool
	}{
		{"乙", 150, 1, 0, RedFlag, []bool{false, false, false}},
		{"甲", 92, 2, 0, NoFlag, []bool{false, false, false}},
		{"丙", 20, 3, 2, NoFlag, []bool{true, false, false}},
		{"丁", 0, 4, 3, YellowFlag, []bool{true, false, false}},
	}
	if !st.Flags || len(st.Rows) != len(want) {
		t.Fatalf("flags %v, %d rows; want flags and %d rows", st.Flags, len(st.Rows), len(want))
	}
	for i, w := range want {
		r := st.Rows[i]
		if r.Unit != w.unit || r.Score != w.score || r.Rank != w.rank || r.Missing != w.missing || r.Flag != w.flag {
			t.Errorf("row %d = %s %.1f rank %d missing %d flag %v, want %+v", i, r.Unit, r.Score, r.Rank, r.Missing, r.Flag, w)
		}
		for j, b := range w.behind {
			if r.Cells[j].Behind != b {
				t.Errorf("%s indicator %d behind = %v, want %v (progress %.3f, completion %.3f)", r.Unit, j, r.Cells[j].Behind, b,
					st.Progress, r.Cells[j].Completion)
			}
		}
	}
	// 甲's 95% on a 累计 indicator is ahead of 序时进度 (91.5%); at 90% it would be behind.
	if c := st.Rows[1].Cells[0]; c.Behind || c.YearToDate != 9.5 {
		t.Errorf("甲 固定资产投资 = %+v", c)
	}
}

func TestScoreTiesShareRankAndNoFlagsBelowTwiceN(t *testing.T) {
	ind := ContestIndicator{ID: 1, Name: "投资", Weight: 1}
	p := PeriodContaining(Month, sh(6, 1, 0, 0))
	st := Score(ScoreInput{Indicators: []ContestIndicator{ind}, Units: []string{"甲", "乙", "丙"},
		Targets: map[TargetKey]float64{{"甲", 1}: 10, {"乙", 1}: 10, {"丙", 1}: 10},
		Reports: []ContestReport{{UnitName: "甲", IndicatorID: 1, PeriodFrom: p.From.UTC(), Value: 5},
			{UnitName: "乙", IndicatorID: 1, PeriodFrom: p.From.UTC(), Value: 5}},
		Period: p, FlagCount: 2})
	if st.Flags {
		t.Error("flags given with 3 units and 2 flags each way")
	}
	if st.Rows[0].Rank != 1 || st.Rows[1].Rank != 1 || st.Rows[2].Rank != 3 {
		t.Errorf("ranks %d %d %d, want 1 1 3", st.Rows[0].Rank, st.Rows[1].Rank, st.Rows[2].Rank)
	}
}

func TestParseSchedule(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Schedule
		bad  bool
	}{
		{"每月5日", Schedule{Month, 5}, false},
		{"每季度首月10日", Schedule{Quarter, 10}, false},
		{"每周一", Schedule{Week, 0}, false},
		{"每月32日", Schedule{}, true},
		{"每月五日", Schedule{}, true},
		{"每天", Schedule{}, true},
	} {
		got, err := ParseSchedule(tc.in)
		if tc.bad != (err != nil) || (!tc.bad && got != tc.want) {
			t.Errorf("ParseSchedule(%q) = %+v, %v", tc.in, got, err)
		}
		if !tc.bad && got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
		if tc.bad && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseSchedule(%q) error %v is no ErrInvalid", tc.in, err)
		}
	}
}

func TestScheduleDays(t *testing.T) {
	for _, tc := range []struct {
		spec          string
		now           time.Time
		period, opens string
		due           string
	}{
		{"每月5日", sh(11, 20, 10, 0), "2026年10月", "2026-12-01 09:00", "2026-11-05 18:00"},
		{"每季度首月10日", sh(11, 20, 10, 0), "2026年第3季度", "2027-01-01 09:00", "2026-10-10 18:00"},
		{"每周一", sh(11, 25, 10, 0), "2026年第47周", "2026-11-30 09:00", "2026-11-23 18:00"},
	} {
		sc, err := ParseSchedule(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		open := sc.OpenPeriod(tc.now)
		_, opens := sc.OpensAt(tc.now)
		const layout = "2006-01-02 15:04"
		if PeriodLabel(open) != tc.period || opens.Format(layout) != tc.opens || sc.ReportDay(open).Format(layout) != tc.due {
			t.Errorf("%s at %v: open %s, next opens %s, due %s; want %s, %s, %s", tc.spec, tc.now, PeriodLabel(open),
				opens.Format(layout), sc.ReportDay(open).Format(layout), tc.period, tc.opens, tc.due)
		}
	}
}

func TestFormatFigure(t *testing.T) {
	for in, want := range map[float64]string{
		8.6: "8.6", 12: "12", 1234567.891: "1,234,567.89", 0.005: "0.01", 999: "999", 1000: "1,000", 0: "0",
	} {
		if got := FormatFigure(in); got != want {
			t.Errorf("FormatFigure(%v) = %q, want %q", in, got, want)
		}
	}
	if got := FormatPercent(0.9153); got != "91.5%" {
		t.Errorf("FormatPercent = %q", got)
	}
}

func TestContestStore(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		_, err := e.s.AddUnit(e.ctx, by(e.boss), e.chat.ID, "投资促进局", []uint{e.zhang.ID, e.wang.ID})
		e.must(err)
		_, err = e.s.AddUnit(e.ctx, by(e.boss), e.chat.ID, "住建局", []uint{e.li.ID})
		e.must(err)
		if _, err := e.s.CreateContest(e.ctx, by(e.boss), e.chat.ID, "擂台", []string{"没有的局"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown unit: %v", err)
		}
		ct, err := e.s.CreateContest(e.ctx, by(e.boss), e.chat.ID, "项目建设擂台赛", nil)
		e.must(err)
		if got := ct.UnitNames(); len(got) != 2 || got[0] != "住建局" {
			t.Fatalf("units %v", got)
		}
		if _, err := e.s.CreateContest(e.ctx, by(e.boss), e.chat.ID, "项目建设擂台赛", nil); !errors.Is(err, ErrExists) {
			t.Fatalf("same name again: %v", err)
		}
		created, err := e.s.SetIndicator(e.ctx, by(e.boss), ct.ID, ContestIndicator{Name: "固定资产投资", Measure: "亿元", Weight: 40})
		e.must(err)
		if !created {
			t.Error("first indicator not created")
		}
		_, err = e.s.SetIndicator(e.ctx, by(e.boss), ct.ID, ContestIndicator{Name: "新开工项目", Measure: "个", Weight: 30, PerPeriod: true})
		e.must(err)
		ct, err = e.s.ContestByName(e.ctx, e.chat.ID, "项目建设擂台赛")
		e.must(err)
		if len(ct.Indicators) != 2 || ct.Indicators[1].PerPeriod != true || ct.Indicators[0].PerPeriod {
			t.Fatalf("indicators %+v", ct.Indicators)
		}
		inv, starts := ct.Indicators[0].ID, ct.Indicators[1].ID
		if err := e.s.SetTargets(e.ctx, by(e.boss), ct.ID, 2026, []TargetValue{{"住建局", inv, 10}, {"住建局", starts, -1}}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("negative target: %v", err)
		}
		e.must(e.s.SetTargets(e.ctx, by(e.boss), ct.ID, 2026, []TargetValue{{"住建局", inv, 10}, {"投资促进局", inv, 20}}))
		e.must(e.s.SetTargets(e.ctx, by(e.boss), ct.ID, 2026, []TargetValue{{"住建局", inv, 12}}))
		targets, err := e.s.ContestTargets(e.ctx, ct.ID, 2026)
		e.must(err)
		if len(targets) != 2 || targets[TargetKey{"住建局", inv}] != 12 {
			t.Fatalf("targets %v", targets)
		}

		sc, _ := ParseSchedule("每月5日")
		e.must(e.s.SetContestSchedule(e.ctx, by(e.boss), ct.ID, sc, shanghai))
		nov := PeriodContaining(Month, sh(11, 1, 0, 0).In(shanghai))
		due := sh(12, 4, 18, 0)
		round, created, err := e.s.OpenRound(e.ctx, ct.ID, nov, due)
		e.must(err)
		if !created || len(round.Tasks) != 2 {
			t.Fatalf("round %+v created %v", round, created)
		}
		again, created, err := e.s.OpenRound(e.ctx, ct.ID, nov, due)
		e.must(err)
		if created || again.ID != round.ID {
			t.Fatal("opening a period twice made a second round")
		}
		task, err := e.s.TaskByID(e.ctx, round.Tasks[1].TaskID)
		e.must(err)
		if task.Title != "【填报】项目建设擂台赛 2026年11月" || task.UnitName != "投资促进局" || task.Lead().User.ID != e.zhang.ID ||
			len(task.Assignees) != 2 || !task.Deadline.Equal(due) {
			t.Fatalf("填报 task %+v", task)
		}

		res, err := e.s.Report(e.ctx, by(e.wang), ct.ID, "投资促进局", nov, []ReportValue{{inv, 8.6}})
		e.must(err)
		if res.Closed != nil || len(res.Missing) != 1 {
			t.Fatalf("half a report: %+v", res)
		}
		res, err = e.s.Report(e.ctx, by(e.wang), ct.ID, "投资促进局", nov, []ReportValue{{inv, 9}, {starts, 3}})
		e.must(err)
		if res.Corrected[inv] != 8.6 || res.Closed == nil || res.Closed.Status != StatusDone {
			t.Fatalf("full report with a correction: %+v", res)
		}
		if _, err := e.s.Report(e.ctx, by(e.wang), ct.ID, "投资促进局", nov, []ReportValue{{inv, -1}}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("negative figure: %v", err)
		}
		reps, err := e.s.ContestReports(e.ctx, ct.ID, nov.From, nov.To)
		e.must(err)
		if len(reps) != 2 || reps[0].Value != 9 {
			t.Fatalf("reports %+v", reps)
		}
		// A unit that reported everything before its period's round opened
		// gets its 填报 task closed at once.
		dec := PeriodContaining(Month, sh(12, 1, 0, 0))
		_, err = e.s.Report(e.ctx, by(e.li), ct.ID, "住建局", dec, []ReportValue{{inv, 11}, {starts, 1}})
		e.must(err)
		decRound, _, err := e.s.OpenRound(e.ctx, ct.ID, dec, sh(12, 31, 18, 0).AddDate(0, 0, 5))
		e.must(err)
		for _, rt := range decRound.Tasks {
			task, err := e.s.TaskByID(e.ctx, rt.TaskID)
			e.must(err)
			if done := task.Status == StatusDone; done != (rt.UnitName == "住建局") {
				t.Errorf("December's task of %s: %s", rt.UnitName, task.Status)
			}
		}
		st, err := e.s.ContestStandings(e.ctx, ct, nov, 1)
		e.must(err)
		// 投资促进局: 9 of 20 (45%, 🐢) and 3 新开工项目 without a target → 40×0.45/70 = 25.7
		if len(st.Rows) != 2 || st.Rows[0].Unit != "投资促进局" || st.Rows[0].Score != 25.7 || !st.Rows[0].Cells[0].Behind ||
			st.Rows[1].Missing != 2 || !st.Flags {
			t.Errorf("standings %+v", st.Rows)
		}
		var corrected int64
		e.must(e.s.db.Model(&AuditEvent{}).Where("kind = ? AND detail LIKE ?", EventContestCorrected, "%8.6 → 9%").Count(&corrected).Error)
		if corrected != 1 {
			t.Error("the correction is not in the audit trail")
		}
		e.must(e.s.RemoveContest(e.ctx, by(e.boss), ct.ID))
		if _, err := e.s.ContestByID(e.ctx, ct.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("removed contest: %v", err)
		}
	})
}

// TestMigrateChatMovesContests: a group's contests follow it to the
// supergroup; one of the same name made there meanwhile wins, as units do.
func TestMigrateChatMovesContests(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		old, err := e.s.EnsureChat(e.ctx, ChatInfo{TelegramID: -4001, Type: "group", Title: "老群"}, "Asia/Shanghai")
		e.must(err)
		fresh, err := e.s.EnsureChat(e.ctx, ChatInfo{TelegramID: -1004001, Type: "supergroup", Title: "老群"}, "Asia/Shanghai")
		e.must(err)
		for _, c := range []*Chat{old, fresh} {
			_, err := e.s.AddUnit(e.ctx, by(e.boss), c.ID, "投资促进局", []uint{e.zhang.ID})
			e.must(err)
		}
		kept, err := e.s.CreateContest(e.ctx, by(e.boss), old.ID, "招商擂台赛", nil)
		e.must(err)
		_, err = e.s.SetIndicator(e.ctx, by(e.boss), kept.ID, ContestIndicator{Name: "签约额", Measure: "亿元", Weight: 1})
		e.must(err)
		_, err = e.s.CreateContest(e.ctx, by(e.boss), old.ID, "项目建设擂台赛", nil)
		e.must(err)
		newer, err := e.s.CreateContest(e.ctx, by(e.boss), fresh.ID, "项目建设擂台赛", nil)
		e.must(err)
		if _, err := e.s.MigrateChat(e.ctx, -4001, -1004001); err != nil {
			t.Fatal(err)
		}
		cs, err := e.s.Contests(e.ctx, old.ID)
		e.must(err)
		if len(cs) != 2 || cs[0].Name != "招商擂台赛" || len(cs[0].Indicators) != 1 || cs[1].ID != newer.ID {
			t.Fatalf("contests after the merge: %+v", cs)
		}
	})
}

// Units tied on a score share their flag as they share their rank, as in the
// task rankings: a tie reaching into the top N is red unless it reaches the
// bottom N too, and units that all scored the same (nobody reported) get no
// flag at all — not a 🚩 for the first listed and a 🟨 for the last.
func TestScoreFlagsFollowTies(t *testing.T) {
	p := PeriodContaining(Month, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).Previous()
	ind := ContestIndicator{ID: 1, Name: "投资", Weight: 1}
	report := func(unit string, v float64) ContestReport {
		return ContestReport{UnitName: unit, IndicatorID: 1, PeriodFrom: p.From.UTC(), Value: v}
	}
	targets := map[TargetKey]float64{{"甲", 1}: 10, {"乙", 1}: 10, {"丙", 1}: 10, {"丁", 1}: 10}
	units := []string{"甲", "乙", "丙", "丁"}
	const R, Y, N = RedFlag, YellowFlag, NoFlag
	for _, tc := range []struct {
		name    string
		reports []ContestReport
		want    []Flag // in the standings' order
		flags   bool
	}{
		{"nobody reported", nil, []Flag{N, N, N, N}, false},
		{"two tied at the top", []ContestReport{report("甲", 8), report("乙", 8), report("丙", 5), report("丁", 2)},
			[]Flag{R, R, N, Y}, true},
		{"three tied at the bottom", []ContestReport{report("甲", 8)}, []Flag{R, Y, Y, Y}, true},
		{"all distinct", []ContestReport{report("甲", 8), report("乙", 7), report("丙", 5), report("丁", 2)},
			[]Flag{R, N, N, Y}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := Score(ScoreInput{Indicators: []ContestIndicator{ind}, Units: units, Targets: targets,
				Reports: tc.reports, Period: p, FlagCount: 1})
			var got []Flag
			for _, r := range st.Rows {
				got = append(got, r.Flag)
			}
			if !slices.Equal(got, tc.want) || st.Flags != tc.flags {
				t.Errorf("flags %v (given %v), want %v (given %v)", got, st.Flags, tc.want, tc.flags)
			}
		})
	}
}
