package models

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"gorm.io/gorm"
)

// The problem benchmark database: benchProblemChats groups of
// benchProblemsPerChat problems each (100,000 in all), recorded over the
// first half of 2026; most answered, many solved, some late, some open.
const (
	benchProblemChats    = 100
	benchProblemsPerChat = 1000
)

// problemBenchStore returns the store over the problem benchmark database
// of a backend, built once per process (and removed with the others').
func problemBenchStore(b *testing.B, backend string) *Store {
	b.Helper()
	return sharedBenchStore(b, "problems-"+backend, backend, fillProblemBenchDB,
		fmt.Sprintf("problem benchmark database (%d problems in %d groups)", benchProblemChats*benchProblemsPerChat, benchProblemChats))
}

func fillProblemBenchDB(s *Store) error {
	rng := rand.New(rand.NewPCG(3, 4))
	units := []string{"投资促进局", "住建局", "发改局", "自然资源局", "某某街道", "市场监管局"}
	yearStart := time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	return s.db.Transaction(func(tx *gorm.DB) error {
		tx = tx.Session(&gorm.Session{})
		chats := make([]Chat, benchProblemChats)
		for i := range chats {
			chats[i] = Chat{TelegramID: int64(-2000000 - i), Type: "supergroup", Title: fmt.Sprintf("营商环境专班 %d", i+1),
				Zone: "Asia/Shanghai", NeedConfirm: true, LastProblemNumber: benchProblemsPerChat, ProblemReplyDays: 3,
				CreatedAt: yearStart, UpdatedAt: yearStart}
		}
		if err := tx.CreateInBatches(chats, 100).Error; err != nil {
			return err
		}
		rows := make([]Problem, 0, benchProblemsPerChat)
		for _, c := range chats {
			rows = rows[:0]
			for n := 1; n <= benchProblemsPerChat; n++ {
				created := yearStart.Add(time.Duration(rng.IntN(196*24)) * time.Hour) // to mid-July
				reply := created.Add(3 * day)
				p := Problem{ChatID: c.ID, Number: n, Enterprise: fmt.Sprintf("企业%d", rng.IntN(300)),
					Description: "厂区门前道路未硬化", UnitName: units[rng.IntN(len(units))], RecorderID: 1,
					Status: ProblemAwaitReply, ReplyDeadline: reply, CreatedAt: created, UpdatedAt: created}
				p.DueAt = &p.ReplyDeadline
				if created.Before(benchNow.Add(-5*day)) || rng.IntN(2) == 0 {
					answered := created.Add(time.Duration(rng.IntN(5*24)) * time.Hour)
					solve := answered.Add(time.Duration(10+rng.IntN(40)) * day)
					p.AnsweredAt, p.Answer, p.SolveDeadline, p.OriginalSolveDeadline = &answered, "已协调", &solve, &solve
					p.Status, p.DueAt = ProblemAwaitSolve, &solve
					if done := answered.Add(time.Duration(rng.IntN(60)) * day); done.Before(benchNow) && rng.IntN(4) > 0 {
						p.Status, p.SubmittedAt, p.SolvedAt, p.DueAt = ProblemSolved, &done, &done, nil
					}
				}
				rows = append(rows, p)
			}
			if err := tx.Omit("Owner").CreateInBatches(rows, 200).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkProblemsList measures /problems: the first page (10) of one
// group's open problems, overdue first, among 100,000 problems.
func BenchmarkProblemsList(b *testing.B) {
	for _, be := range []string{"sqlite", "postgres"} {
		b.Run(be, func(b *testing.B) {
			s := problemBenchStore(b, be)
			ctx := context.Background()
			i := 0
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				i++
				page, err := s.Problems(ctx, ProblemFilter{ChatID: uint(i*31%benchProblemChats + 1), Now: benchNow, PageSize: 10})
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Problems) != 10 {
					b.Fatalf("a page of %d problems of %d", len(page.Problems), page.Total)
				}
			}
			reportRates(b, cpu)
		})
	}
}

// BenchmarkProblemStats measures /problems 统计: one group's per-unit
// statistics for a month and for the half-year, among 100,000 problems.
func BenchmarkProblemStats(b *testing.B) {
	for _, period := range []Period{PeriodContaining(Month, benchNow.AddDate(0, -1, 0)), PeriodContaining(HalfYear, benchNow.AddDate(0, -1, 0))} {
		for _, be := range []string{"sqlite", "postgres"} {
			b.Run(fmt.Sprintf("%s/%s", period.Kind, be), func(b *testing.B) {
				s := problemBenchStore(b, be)
				ctx := context.Background()
				i := 0
				b.ReportAllocs()
				cpu := cpuTime()
				for b.Loop() {
					i++
					stats, err := s.ProblemStats(ctx, uint(i*31%benchProblemChats+1), period.From, period.To, benchNow, true, 1)
					if err != nil {
						b.Fatal(err)
					}
					if len(stats) == 0 {
						b.Fatal("no units")
					}
				}
				reportRates(b, cpu)
			})
		}
	}
}
