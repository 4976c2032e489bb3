package scheduler

import (
	"strings"
	"testing"

	"github.com/duban-bot/duban/models"
)

// 元旦 2027 has no State Council notice built in. The statutory day off
// still holds: a task due on 31 December is chased on Monday 4 January, the
// first working day, and escalated on the 5th; January's publications and
// the weekly digest go out on the 4th too. With the group's own days
// (/holiday) the plan moves with them.
func TestPlanAroundNewYear2027(t *testing.T) {
	created := local(shanghai, "2026-12-01 10:00")
	deadline := local(shanghai, "2026-12-31 18:00")
	task := &models.Task{ID: 1, ChatID: 7, Status: models.StatusTodo, Deadline: deadline, CreatedAt: created}
	withDays := func(days models.HolidayDays) func(*models.Chat) {
		return func(c *models.Chat) { c.Holidays = days }
	}
	publish := func(c *models.Chat) { c.Publish = true }
	cases := []struct {
		name       string
		chat       *models.Chat
		wantTask   []string
		wantGroups string
		wantChase  string // the 催办 planned when the task is looked at on Saturday 2 January
	}{
		{
			name: "the national calendar", chat: testChat(shanghai, publish),
			wantTask: []string{
				"before[24h0m0s] 2026-12-30 18:00 CST",
				"before[2h0m0s] 2026-12-31 16:00 CST",
				"due 2026-12-31 18:00 CST",
				"overdue 2027-01-04 09:00 CST",  // not on 元旦, nor the weekend after it
				"escalate 2027-01-05 09:00 CST", // the second working day after the deadline
			},
			wantGroups: "pub_month 2027-01-04 09:00 CST|pub_quarter 2027-01-04 09:00 CST|pub_half 2027-01-04 09:00 CST|pub_year 2027-01-04 09:00 CST|weekly 2027-01-04 09:00 CST",
			wantChase:  "2027-01-04 09:00",
		},
		{
			name: "the group works Saturday the 2nd and takes Monday the 4th off",
			chat: testChat(shanghai, publish, withDays(models.HolidayDays{"2027-01-02": false, "2027-01-04": true})),
			wantTask: []string{
				"before[24h0m0s] 2026-12-30 18:00 CST",
				"before[2h0m0s] 2026-12-31 16:00 CST",
				"due 2026-12-31 18:00 CST",
				"overdue 2027-01-02 09:00 CST",
				"escalate 2027-01-05 09:00 CST",
			},
			// The weekly digest is on Mondays: the 4th is off, so the 11th.
			wantGroups: "pub_month 2027-01-02 09:00 CST|pub_quarter 2027-01-02 09:00 CST|pub_half 2027-01-02 09:00 CST|pub_year 2027-01-02 09:00 CST|weekly 2027-01-11 09:00 CST",
			wantChase:  "2027-01-05 09:00", // 09:00 of the 2nd has passed; the 3rd and 4th are off
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newPlanner()
			diffPlan(t, render(p.PlanTask(c.chat, task, created), shanghai), c.wantTask)
			groups := render(p.PlanDigests(c.chat, local(shanghai, "2026-12-31 10:00")), shanghai)
			if got := strings.Join(groups, "|"); got != c.wantGroups {
				t.Errorf("group plan:\n got %s\nwant %s", got, c.wantGroups)
			}
			// Looked at again later on 2 January, the 催办 waits for the
			// group's next working day.
			now := local(shanghai, "2027-01-02 10:00")
			var chase string
			for _, r := range p.PlanTask(c.chat, task, now) {
				if r.Kind == models.ReminderOverdue {
					chase = r.At.In(shanghai).Format("2006-01-02 15:04")
				}
			}
			if chase != c.wantChase {
				t.Errorf("催办 planned on 2 January for %s, want %s", chase, c.wantChase)
			}
		})
	}
}
