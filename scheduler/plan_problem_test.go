package scheduler

import (
	"testing"
	"time"

	"github.com/duban-bot/duban/models"
)

// A problem's plan runs on the deadline it waits on: the reply deadline
// while unanswered, the committed date once answered; nothing once it was
// reported solved or withdrawn.
func TestPlanProblem(t *testing.T) {
	at := func(s string) *time.Time { v := local(shanghai, s); return &v }
	recorded := local(shanghai, "2026-11-23 10:00") // Monday
	tests := []struct {
		name string
		p    models.Problem
		now  string
		want []string
	}{
		{"unanswered: reminders before, at, the next 催办 and the escalation on the reply deadline",
			models.Problem{Status: models.ProblemAwaitReply, ReplyDeadline: *at("2026-11-26 18:00"), CreatedAt: recorded},
			"2026-11-23 10:00", []string{
				"problem_before[24h0m0s] 2026-11-25 18:00 CST",
				"problem_before[2h0m0s] 2026-11-26 16:00 CST",
				"problem_due 2026-11-26 18:00 CST",
				"problem_overdue 2026-11-27 09:00 CST",
				"problem_escalate 2026-11-30 09:00 CST", // two working days after Thursday
			}},
		{"overdue past the weekend: the 催办 on Monday",
			models.Problem{Status: models.ProblemAwaitReply, ReplyDeadline: *at("2026-11-26 18:00"), CreatedAt: recorded},
			"2026-11-27 09:00", []string{
				"problem_overdue 2026-11-30 09:00 CST",
				"problem_escalate 2026-11-30 09:00 CST",
			}},
		{"answered with a date: the plan moves to the solve deadline",
			models.Problem{Status: models.ProblemAwaitSolve, ReplyDeadline: *at("2026-11-26 18:00"), CreatedAt: recorded,
				AnsweredAt: at("2026-11-24 10:00"), SolveDeadline: at("2026-12-04 18:00")},
			"2026-11-24 10:00", []string{
				"problem_before[24h0m0s] 2026-12-03 18:00 CST",
				"problem_before[2h0m0s] 2026-12-04 16:00 CST",
				"problem_due 2026-12-04 18:00 CST",
				"problem_overdue 2026-12-07 09:00 CST",
				"problem_escalate 2026-12-08 09:00 CST",
			}},
		{"reported solved: nothing",
			models.Problem{Status: models.ProblemSubmitted, ReplyDeadline: *at("2026-11-26 18:00"), CreatedAt: recorded},
			"2026-11-24 10:00", []string{}},
		{"withdrawn: nothing",
			models.Problem{Status: models.ProblemCancelled, ReplyDeadline: *at("2026-11-26 18:00"), CreatedAt: recorded},
			"2026-11-24 10:00", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.ID = 5
			due := tt.p.ReplyDeadline
			tt.p.DueAt = &due
			got := newPlanner().PlanProblem(testChat(shanghai), &tt.p, local(shanghai, tt.now))
			for _, r := range got {
				if r.ProblemID == nil || *r.ProblemID != 5 || r.TaskID != nil {
					t.Errorf("%s is not about the problem: %+v", r.Kind, r)
				}
			}
			diffPlan(t, render(got, shanghai), tt.want)
		})
	}
}
