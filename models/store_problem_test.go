package models

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

// record stores a problem of the work group owned by a unit, replied by
// three days later.
func (e *env) record(enterprise, unit string, owner *User) *Problem {
	e.t.Helper()
	return e.recordIn(e.chat, enterprise, unit, owner)
}

// recordIn is record in another chat.
func (e *env) recordIn(chat *Chat, enterprise, unit string, owner *User) *Problem {
	e.t.Helper()
	n := NewProblem{ChatID: chat.ID, Enterprise: enterprise, Description: "道路未硬化", UnitName: unit,
		RecorderID: e.boss.ID, ReplyDeadline: e.clk.Now().Add(72 * time.Hour)}
	if owner != nil {
		n.OwnerID = &owner.ID
	}
	p, err := e.s.CreateProblem(e.ctx, Change{ActorID: e.boss.ID}, n)
	if err != nil {
		e.t.Fatalf("CreateProblem: %v", err)
	}
	return p
}

func TestProblemLoop(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		c := Change{ActorID: e.zhang.ID}
		_, err := s.CreateProblem(e.ctx, c, NewProblem{ChatID: e.chat.ID, Enterprise: "华鑫科技", Description: "道路",
			RecorderID: e.zhang.ID, ReplyDeadline: clk.Now().Add(time.Hour)})
		if !errors.Is(err, ErrNoOwner) {
			t.Fatalf("ownerless problem: err %v, want ErrNoOwner", err)
		}
		p1 := e.record("华鑫科技", "住建局", nil)
		p2 := e.record("宏远物流", "", e.zhang)
		if p1.Ref() != "P1" || p2.Ref() != "P2" || p2.Owner == nil || p2.Owner.ID != e.zhang.ID {
			t.Fatalf("numbers %s %s, owner %+v", p1.Ref(), p2.Ref(), p2.Owner)
		}
		if _, err := s.AnswerProblem(e.ctx, c, p1.ID, Answer{Text: "研究中"}); !errors.Is(err, ErrNoSolveDeadline) {
			t.Fatalf("answer without a date: err %v", err)
		}
		due := clk.Now().Add(30 * 24 * time.Hour)
		got, err := s.AnswerProblem(e.ctx, c, p1.ID, Answer{Text: "列入年度计划", SolveDeadline: due, Phrase: "6月底前"})
		if err != nil || got.Status != ProblemAwaitSolve || !got.SolveDeadline.Equal(due.UTC().Truncate(time.Second)) {
			t.Fatalf("answer: %+v, %v", got, err)
		}
		if _, err := s.AnswerProblem(e.ctx, c, p1.ID, Answer{Text: "again", Solved: true}); !errors.Is(err, ErrWrongStatus) {
			t.Fatalf("second answer: err %v", err)
		}
		x, err := s.RequestProblemExtension(e.ctx, c, p1.ID, due.Add(10*24*time.Hour), "7月10日前", "等待资金")
		if err != nil {
			t.Fatal(err)
		}
		_, got, err = s.DecideProblemExtension(e.ctx, Change{ActorID: e.boss.ID}, x.ID, true)
		if err != nil || got.Extensions != 1 || !got.OriginalSolveDeadline.Equal(due.UTC().Truncate(time.Second)) ||
			!got.SolveDeadline.After(*got.OriginalSolveDeadline) {
			t.Fatalf("extension: %+v, %v", got, err)
		}
		got, err = s.SolveProblem(e.ctx, c, p1.ID, "道路已硬化", true)
		if err != nil || got.Status != ProblemSubmitted {
			t.Fatalf("solve: %+v, %v", got, err)
		}
		if got, err = s.ConfirmProblem(e.ctx, Change{ActorID: e.boss.ID}, p1.ID); err != nil || got.Status != ProblemSolved {
			t.Fatalf("confirm: %+v, %v", got, err)
		}
		if _, err := s.CancelProblem(e.ctx, c, p2.ID, ""); !errors.Is(err, ErrInvalid) {
			t.Fatalf("cancel without reason: %v", err)
		}
		h, err := s.ProblemTrail(e.ctx, p1.ID)
		if err != nil || len(h.Events) != 6 || len(h.Extensions) != 1 {
			t.Fatalf("trail: %d events, %v", len(h.Events), err)
		}
	})
}

// TestProblemStats checks the statistics against a table computed by hand.
//
//	unit  problem  answered         solved                      on time?
//	住建局 P1       day 1 (≤ day 3)  day 5, by its date day 10    answer ✓ solve ✓
//	住建局 P2       day 4 (> day 3)  —, date day 6: overdue now   answer ✗
//	住建局 P3       day 2 (已解决)    day 2                        answer ✓ solve ✓
//	自然资源局 P4   —                —                            overdue now
//
// 住建局: received 3, 按时答复 2 (66.7%), solved 2 (66.7%), 按期 2 (66.7%),
// median days to answer 2 (1,2,4), to solve 3.5 (2,5); score 40·2/3+60·2/3 = 66.67.
// 自然资源局: received 1, nothing answered: score 0, overdue now 1.
func TestProblemStats(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		c := Change{ActorID: e.boss.ID}
		start := clk.Now()
		day := func(n int) time.Time { return start.Add(time.Duration(n) * 24 * time.Hour) }
		p1, p2, p3 := e.record("甲公司", "住建局", nil), e.record("乙公司", "住建局", nil), e.record("丙公司", "住建局", nil)
		p4 := e.record("丁公司", "自然资源局", nil)
		step := func(at time.Time, f func() error) {
			t.Helper()
			clk.Set(at)
			if err := f(); err != nil {
				t.Fatal(err)
			}
		}
		step(day(1), func() error {
			_, err := s.AnswerProblem(e.ctx, c, p1.ID, Answer{Text: "a", SolveDeadline: day(10), Phrase: "x"})
			return err
		})
		step(day(2), func() error { _, err := s.AnswerProblem(e.ctx, c, p3.ID, Answer{Text: "a", Solved: true}); return err })
		step(day(4), func() error {
			_, err := s.AnswerProblem(e.ctx, c, p2.ID, Answer{Text: "a", SolveDeadline: day(6), Phrase: "x"})
			return err
		})
		step(day(5), func() error { _, err := s.SolveProblem(e.ctx, c, p1.ID, "done", false); return err })
		_ = p4
		stats, err := s.ProblemStats(e.ctx, e.chat.ID, start.Add(-time.Hour), day(30), day(7), true, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(stats) != 2 {
			t.Fatalf("%d units, want 2: %+v", len(stats), stats)
		}
		a, b := stats[0], stats[1]
		if a.Unit != "住建局" || a.Received != 3 || a.AnsweredOnTime != 2 || a.Solved != 2 || a.SolvedOnTime != 2 ||
			a.MedianAnswerDays != 2 || a.MedianSolveDays != 3.5 || a.OverdueNow != 1 {
			t.Errorf("住建局: %+v", a)
		}
		if want := 40*2.0/3 + 60*2.0/3; a.Score < want-1e-9 || a.Score > want+1e-9 {
			t.Errorf("住建局 score %v, want %v", a.Score, want)
		}
		if b.Unit != "自然资源局" || b.Received != 1 || b.Score != 0 || b.OverdueNow != 1 || b.MedianAnswerDays != -1 {
			t.Errorf("自然资源局: %+v", b)
		}
	})
}

// A group merged into its supergroup keeps its problems; the supergroup's
// are numbered after them, with their extension requests.
func TestMigrateChatMergesProblems(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		old := e.chat
		o1 := e.record("甲公司", "住建局", nil)
		fresh := e.newChat("招商引资工作群（超级群）")
		f1 := e.recordIn(fresh, "乙公司", "住建局", nil)
		f2 := e.recordIn(fresh, "丙公司", "", e.zhang)
		_, err := s.AnswerProblem(e.ctx, Change{ActorID: e.zhang.ID}, f2.ID, Answer{Text: "a", SolveDeadline: clk.Now().Add(240 * time.Hour), Phrase: "x"})
		e.must(err)
		x, err := s.RequestProblemExtension(e.ctx, Change{ActorID: e.zhang.ID}, f2.ID, clk.Now().Add(480*time.Hour), "y", "z")
		e.must(err)
		_, err = s.MigrateChat(e.ctx, old.TelegramID, fresh.TelegramID)
		e.must(err)
		for n, want := range map[int]uint{1: o1.ID, 2: f1.ID, 3: f2.ID} {
			if got, err := s.ProblemByNumber(e.ctx, old.ID, n); err != nil || got.ID != want {
				t.Errorf("P%d = %+v, %v; want problem %d", n, got, err, want)
			}
		}
		if got, err := s.ProblemExtensionByID(e.ctx, x.ID); err != nil || got.ChatID != old.ID {
			t.Errorf("extension request %+v, %v; want it in the merged group", got, err)
		}
		if next := e.record("丁公司", "住建局", nil); next.Ref() != "P4" {
			t.Errorf("the next problem is %s, want P4", next.Ref())
		}
	})
}

// A user's problems: those naming them, and those of their unit that name
// nobody; not another unit's, nor closed ones.
func TestProblemsOf(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		_, err := s.AddUnit(e.ctx, Change{ActorID: e.boss.ID}, e.chat.ID, "住建局", []uint{e.wang.ID})
		e.must(err)
		byUnit := e.record("甲公司", "住建局", nil)
		e.record("乙公司", "自然资源局", nil)
		owned := e.record("丙公司", "自然资源局", e.wang)
		closed := e.record("丁公司", "住建局", nil)
		_, err = s.CancelProblem(e.ctx, Change{ActorID: e.boss.ID}, closed.ID, "重复")
		e.must(err)
		for _, chat := range []uint{0, e.chat.ID} {
			groups, err := s.ProblemsOf(e.ctx, e.wang.ID, chat)
			e.must(err)
			var got []string
			for _, g := range groups {
				for _, p := range g.Problems {
					got = append(got, p.Ref())
				}
			}
			if want := []string{byUnit.Ref(), owned.Ref()}; !slices.Equal(got, want) {
				t.Errorf("王芳's problems (chat %d): %v, want %v", chat, got, want)
			}
		}
		if groups, err := s.ProblemsOf(e.ctx, e.zhang.ID, 0); err != nil || len(groups) != 0 {
			t.Errorf("张伟 has problems %+v, %v", groups, err)
		}
	})
}

// Units of equal score share a rank, and flags follow the task rankings'
// rule: with one flag each end, a tie at the bottom shares the 黄旗; with
// fewer than twice as many units as flags, nobody gets one.
func TestProblemStatsFlagsFollowTies(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		c := Change{ActorID: e.boss.ID}
		p1 := e.record("甲公司", "住建局", nil)
		e.record("乙公司", "自然资源局", nil)
		e.record("丙公司", "发改委", nil)
		e.record("丁公司", "商务局", nil)
		if _, err := s.AnswerProblem(e.ctx, c, p1.ID, Answer{Text: "a", Solved: true}); err != nil {
			t.Fatal(err)
		}
		from, to := clk.Now().Add(-time.Hour), clk.Now().Add(30*24*time.Hour)
		stats, err := s.ProblemStats(e.ctx, e.chat.ID, from, to, clk.Now(), true, 1)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, u := range stats {
			got[u.Unit] = [2]int{u.Rank, int(u.Flag)}
		}
		want := map[string][2]int{"住建局": {1, int(RedFlag)}, "自然资源局": {2, int(YellowFlag)},
			"发改委": {2, int(YellowFlag)}, "商务局": {2, int(YellowFlag)}}
		if len(got) != len(want) {
			t.Fatalf("units %v, want %v", got, want)
		}
		for unit, w := range want {
			if got[unit] != w {
				t.Errorf("%s: rank and flag %v, want %v", unit, got[unit], w)
			}
		}
		// Four units cannot carry three flags at each end.
		stats, err = s.ProblemStats(e.ctx, e.chat.ID, from, to, clk.Now(), true, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range stats {
			if u.Flag != NoFlag {
				t.Errorf("with 4 units and 3 flags each end, %s has flag %v", u.Unit, u.Flag)
			}
		}
	})
}
