package models

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// The ranking benchmark database: ONE group with rankTasks tasks, all due in
// the second quarter of 2026 (a quarter's ranking aggregates every one of
// them), led by rankPeople people in rankUnits units.
const (
	rankTasks  = 100_000
	rankPeople = 200
	rankUnits  = 10
)

// rankQuarter is the quarter the tasks are due in, over by benchNow.
var rankQuarter = PeriodContaining(Quarter, time.Date(2026, 5, 15, 12, 0, 0, 0, shanghai))

// rankBench is built once per process; TestMain removes it with the other
// benchmark databases.
var rankBench = &benchDB{}

func init() { benchDBs["ranking-100k"] = rankBench }

func rankBenchStore(b *testing.B) (*Store, *Chat) {
	b.Helper()
	d := rankBench
	d.buildFile(b, "ranking.db", "ranking benchmark database",
		fmt.Sprintf("%d tasks in one group, %d people", rankTasks, rankPeople),
		func(path string) error {
			// raw inserts leave the lead column to the migration's fill
			return d.openFilled(path, fillRankBench, func(s *Store) error { return fillLeadIDs(s.db) })
		})
	chat, err := d.store.ChatByTelegramID(context.Background(), -1007)
	if err != nil {
		b.Fatal(err)
	}
	return d.store, chat
}

// fillRankBench writes the group with batched multi-row INSERTs in one
// transaction on the store's own connection. Of the tasks: 50% completed
// on time, 20% late, 10% submitted (either), 12% open and overdue, 5%
// cancelled, 3% listed and unclaimed; one in ten was extended by up to a
// week, one in a hundred had its deadline moved a week after it passed,
// one in three has a 协办, one in ten no unit.
func fillRankBench(s *Store) error {
	ctx := context.Background()
	chat, err := s.EnsureChat(ctx, ChatInfo{TelegramID: -1007, Type: "supergroup", Title: "全市重点项目调度群"}, "Asia/Shanghai")
	if err != nil {
		return err
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	tx, err := sqlDB.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	insert := func(table string, cols []string, n int, row func(i int, args []any) []any) error {
		return bulkInsert(tx, table, cols, n, row)
	}

	created := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	const firstUser = 1000
	err = insert("users", []string{"id", "telegram_id", "username", "first_name", "last_name", "language_code", "started_bot", "created_at", "updated_at"},
		rankPeople, func(i int, a []any) []any {
			return append(a, firstUser+i, 500_000+i, "", fmt.Sprintf("干部%03d", i), "", "zh-hans", false, created, created)
		})
	if err != nil {
		return err
	}
	units := make([]string, rankUnits)
	for i := range units {
		units[i] = fmt.Sprintf("第%d工作组", i+1)
	}
	rng := rand.New(rand.NewPCG(6, 100_000))
	span := rankQuarter.To.Sub(rankQuarter.From)
	type lead struct{ user, co int }
	leads := make([]lead, rankTasks)
	err = insert("tasks", []string{"id", "chat_id", "number", "title", "unit_name", "assigner_id", "status", "deadline",
		"original_deadline", "missed_deadline", "percent", "extensions", "submitted_at", "done_at", "cancelled_at", "created_at", "updated_at"},
		rankTasks, func(i int, a []any) []any {
			due := rankQuarter.From.Add(time.Duration(i) * (span / rankTasks)).UTC().Truncate(time.Minute)
			original, extensions := due, 0
			if rng.IntN(10) == 0 {
				original, extensions = due.Add(-time.Duration(rng.IntN(7)+1)*24*time.Hour), 1
			}
			user := firstUser + rng.IntN(rankPeople)
			unit := units[(user-firstUser)%rankUnits]
			if rng.IntN(10) == 0 {
				unit = ""
			}
			var submitted, done, cancelled any
			status := StatusDone
			onTime := func() time.Time { return due.Add(-time.Duration(rng.IntN(72)+1) * time.Hour) }
			late := func() time.Time { return due.Add(time.Duration(rng.IntN(120)+1) * time.Hour) }
			switch r := rng.IntN(100); {
			case r < 50:
				submitted = onTime()
				done = submitted
			case r < 70:
				submitted = late()
				done = submitted
			case r < 80:
				status = StatusSubmitted
				submitted = []func() time.Time{onTime, late}[r%2]()
			case r < 92:
				status = []Status{StatusTodo, StatusDoing}[r%2]
			case r < 97:
				status = StatusCancelled
				cancelled = due.Add(-24 * time.Hour)
			default:
				status, user = StatusPosted, 0
			}
			co := 0
			if user != 0 && rng.IntN(3) == 0 {
				co = firstUser + (user-firstUser+1+rng.IntN(rankPeople-1))%rankPeople
			}
			leads[i] = lead{user, co}
			// One task in a hundred had its deadline moved a week after it
			// passed (Task.MissedDeadline): the ranking corrects for them.
			var missed any
			if (i+1)%100 == 0 && status != StatusCancelled && status != StatusPosted {
				missed, due, extensions = due, due.Add(7*24*time.Hour), extensions+1
			}
			return append(a, i+1, chat.ID, i+1, fmt.Sprintf("重点项目推进事项 %d", i+1), unit, firstUser, status, due,
				original, missed, 0, extensions, submitted, done, cancelled, created, created)
		})
	if err != nil {
		return err
	}
	var assignees [][3]any
	for i, l := range leads {
		if l.user != 0 {
			assignees = append(assignees, [3]any{i + 1, l.user, RoleLead})
		}
		if l.co != 0 {
			assignees = append(assignees, [3]any{i + 1, l.co, RoleCooperator})
		}
	}
	err = insert("assignees", []string{"task_id", "user_id", "role", "seq"}, len(assignees), func(i int, a []any) []any {
		seq := 0
		if assignees[i][2] == RoleCooperator {
			seq = 1
		}
		return append(a, assignees[i][0], assignees[i][1], assignees[i][2], seq)
	})
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE chats SET last_task_number = ? WHERE id = ?", rankTasks, chat.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkRankingQuarter100k measures /rank 季 (and the quarterly
// publication) in a group of 100,000 tasks all due in that quarter: the
// people's and the units' ranking, by the default rules and by a group's
// own (no extensions, only tasks with a unit), and one month of the
// quarter. Target: under 50 ms for the quarter.
func BenchmarkRankingQuarter100k(b *testing.B) {
	custom := RankRules{OnTime: 5, Late: 2, Overdue: 3, Flags: 2, UnitOnly: true}
	may := PeriodContaining(Month, time.Date(2026, 5, 15, 12, 0, 0, 0, shanghai))
	for _, c := range []struct {
		name   string
		p      Period
		byUnit bool
		rules  *RankRules
		want   int // entries
	}{
		{"people", rankQuarter, false, nil, rankPeople},
		{"units", rankQuarter, true, nil, rankUnits},
		{"people-group-rules", rankQuarter, false, &custom, rankPeople},
		// A third of the tasks, for how the time scales.
		{"people-one-month", may, false, nil, rankPeople},
	} {
		b.Run(c.name, func(b *testing.B) {
			s, chat := rankBenchStore(b)
			ctx := context.Background()
			q := RankingQuery{ChatID: chat.ID, From: c.p.From, To: c.p.To, ByUnit: c.byUnit, Rules: c.rules}
			var entries []RankEntry
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				var err error
				if entries, err = s.Ranking(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			reportRates(b, cpu)
			due := 0
			for _, e := range entries {
				due += e.Due
			}
			if len(entries) != c.want || due < rankTasks/4 {
				b.Fatalf("%d entries over %d tasks", len(entries), due)
			}
			b.ReportMetric(float64(due), "tasks")
		})
	}
}

// BenchmarkRankingMovedDeadlines measures the part of a quarter's ranking
// that corrects for the tasks whose deadline was moved after it passed
// (about 900 of the 100,000): compare with BenchmarkRankingQuarter100k/people
// of the same run, which includes it.
func BenchmarkRankingMovedDeadlines(b *testing.B) {
	s, chat := rankBenchStore(b)
	ctx := context.Background()
	q := RankingQuery{ChatID: chat.ID, From: rankQuarter.From, To: rankQuarter.To}
	b.ReportAllocs()
	var entries []RankEntry
	for b.Loop() {
		var err error
		if entries, err = s.correctMissed(ctx, q, DefaultRankRules, benchNow, nil); err != nil {
			b.Fatal(err)
		}
	}
	if len(entries) == 0 {
		b.Fatal("no task with a moved deadline")
	}
}

// BenchmarkOnTimeTrend100k measures the data of /stats in the same group:
// twelve monthly rankings, three of them over the quarter's 100,000 tasks.
func BenchmarkOnTimeTrend100k(b *testing.B) {
	s, chat := rankBenchStore(b)
	ctx := context.Background()
	month := PeriodContaining(Month, benchNow.In(shanghai))
	periods := make([]Period, 12)
	for i := 11; i >= 0; i-- {
		periods[i] = month
		month = month.Previous()
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.OnTimeTrend(ctx, chat.ID, periods, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLedger10k measures the database side of /export over 10,000
// tasks of the same group (tasks with their assignees, assigners and
// progress); writing the workbook is internal/ledger's BenchmarkXLSX10k.
func BenchmarkLedger10k(b *testing.B) {
	s, chat := rankBenchStore(b)
	ctx := context.Background()
	span := rankQuarter.To.Sub(rankQuarter.From)
	q := LedgerQuery{ChatID: chat.ID, From: rankQuarter.From, To: rankQuarter.From.Add(span / 10)}
	var n int
	b.ReportAllocs()
	for b.Loop() {
		d, err := s.Ledger(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		n = len(d.Tasks)
	}
	if n < rankTasks/10-10 || n > rankTasks/10+10 {
		b.Fatalf("%d tasks, want about %d", n, rankTasks/10)
	}
	b.ReportMetric(float64(n), "tasks")
}
