package models

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkContestStandings scores a contest of 100 units × 10 indicators
// with a year of monthly reports (12 periods, 12,000 figures) from the
// database: the reports, the targets and the units are read, then scored.
func BenchmarkContestStandings(b *testing.B) {
	s := openTestStore(b, func() time.Time { return t0 })
	ctx := context.Background()
	chat, leader, _ := benchGroup(b, s)
	var units []string
	for i := range 100 {
		name := fmt.Sprintf("第%03d单位", i+1)
		if _, err := s.AddUnit(ctx, Change{ActorID: leader.ID}, chat.ID, name, nil); err != nil {
			b.Fatal(err)
		}
		units = append(units, name)
	}
	ct, err := s.CreateContest(ctx, Change{ActorID: leader.ID}, chat.ID, "项目建设擂台赛", nil)
	if err != nil {
		b.Fatal(err)
	}
	for j := range 10 {
		ind := ContestIndicator{Name: fmt.Sprintf("指标%d", j+1), Measure: "亿元", Weight: float64(10 + j), PerPeriod: j%3 == 1, LowerBetter: j == 9}
		if _, err := s.SetIndicator(ctx, Change{ActorID: leader.ID}, ct.ID, ind); err != nil {
			b.Fatal(err)
		}
	}
	if ct, err = s.ContestByID(ctx, ct.ID); err != nil {
		b.Fatal(err)
	}
	var targets []TargetValue
	var reports []ContestReport
	dec := PeriodContaining(Month, time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai))
	for i, u := range units {
		for j, ind := range ct.Indicators {
			targets = append(targets, TargetValue{Unit: u, IndicatorID: ind.ID, Value: float64(100 + i + j)})
			p := dec
			for m := 12; m > 0; m-- {
				reports = append(reports, ContestReport{ContestID: ct.ID, UnitName: u, IndicatorID: ind.ID,
					PeriodFrom: p.From.UTC(), PeriodTo: p.To.UTC(), Value: float64(m*(i+j+1)) / 10, ReporterID: leader.ID, ReportedAt: t0})
				p = p.Previous()
			}
		}
	}
	if err := s.SetTargets(ctx, Change{ActorID: leader.ID}, ct.ID, 2026, targets); err != nil {
		b.Fatal(err)
	}
	if err := s.db.CreateInBatches(reports, 500).Error; err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		st, err := s.ContestStandings(ctx, ct, dec, 3)
		if err != nil {
			b.Fatal(err)
		}
		if len(st.Rows) != 100 || st.Rows[0].Missing != 0 {
			b.Fatalf("%d rows", len(st.Rows))
		}
	}
	reportRates(b, cpu)
}
