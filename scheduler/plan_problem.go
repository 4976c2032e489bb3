package scheduler

import (
	"time"

	"github.com/duban-bot/duban/models"
)

var _ models.ProblemPlanner = (*Planner)(nil)

// PlanProblem returns the reminders a problem (问题清单) is owed after now,
// on the deadline it waits on: the reply deadline while unanswered, the
// committed solve deadline once answered. The rhythm is a task's: the
// group's reminders before it, one at it, a 催办 at 09:00 on each working
// day while it stays overdue (one planned at a time: sending it plans the
// next), and the escalation to the group's leaders after its N working
// days.
func (p *Planner) PlanProblem(chat *models.Chat, pr *models.Problem, now time.Time) []models.Reminder {
	var due, since time.Time
	switch {
	case pr.Status == models.ProblemAwaitReply:
		due, since = pr.ReplyDeadline, pr.CreatedAt
	case pr.Status == models.ProblemAwaitSolve && pr.SolveDeadline != nil && pr.AnsweredAt != nil:
		due, since = *pr.SolveDeadline, *pr.AnsweredAt
	default:
		return nil
	}
	loc, set, cal := chat.Location(), chat.Settings(), p.calendar(chat)
	var out []models.Reminder
	plan := func(kind models.ReminderKind, at time.Time, off time.Duration) {
		if at.IsZero() {
			return
		}
		if d := deferQuiet(at, set, loc); d.After(now) {
			id := pr.ID
			out = append(out, models.Reminder{ChatID: chat.ID, ProblemID: &id, Kind: kind, At: at, DueAt: d,
				Offset: int64(off / time.Second)})
		}
	}
	for _, off := range set.RemindBefore {
		if at := before(due, off, loc); at.After(since) && deferQuiet(at, set, loc).Before(due) {
			plan(models.ProblemBefore, at, off)
		}
	}
	plan(models.ProblemDue, due, 0)
	plan(models.ProblemOverdue, nextChase(cal, later(due, now), loc), 0)
	if set.EscalateAfter > 0 {
		plan(models.ProblemEscalate, atHour(cal.AddWorkdays(due.In(loc), set.EscalateAfter), ChaseHour), 0)
	}
	return out
}
