package scheduler

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// The planner's tables: which reminders a task and a group are owed, and
// when, in the group's zone. Each plan is shown as lines
//
//	kind[offset] at-local-time [→ due-local-time when deferred]
//
// so that a failure reads like the schedule a user would see.

var (
	shanghai = testkit.Shanghai
	newYork  = testkit.NewYork
)

// local reads "2006-01-02 15:04" in loc.
func local(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// testChat is a group with the default settings in zone loc, changed by
// with.
func testChat(loc *time.Location, with ...func(*models.Chat)) *models.Chat {
	c := &models.Chat{ID: 7, TelegramID: -1001, Type: "supergroup", Title: "工作群", Zone: loc.String(),
		RemindBefore: "1440,120", QuietStart: 22 * 60, QuietEnd: 8 * 60,
		WeeklyDigest: models.DefaultWeeklyDigest, EscalateAfter: 2, NeedConfirm: true}
	for _, f := range with {
		f(c)
	}
	return c
}

func quiet(start, end int) func(*models.Chat) {
	return func(c *models.Chat) { c.QuietStart, c.QuietEnd = start, end }
}

func noQuiet(c *models.Chat) { c.QuietStart, c.QuietEnd = 0, 0 }

func offsets(s string) func(*models.Chat) { return func(c *models.Chat) { c.RemindBefore = s } }

func escalateAfter(n int) func(*models.Chat) { return func(c *models.Chat) { c.EscalateAfter = n } }

func newPlanner() *Planner { return &Planner{Cal: workday.Builtin()} }

// render shows a plan as lines in loc.
func render(rs []models.Reminder, loc *time.Location) []string {
	const layout = "2006-01-02 15:04 MST"
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		kind := string(r.Kind)
		if r.Kind == models.ReminderBefore || r.Kind == models.ProblemBefore {
			kind += "[" + (time.Duration(r.Offset) * time.Second).String() + "]"
		}
		line := kind + " " + r.At.In(loc).Format(layout)
		if !r.DueAt.Equal(r.At) {
			line += " → " + r.DueAt.In(loc).Format(layout)
		}
		out = append(out, line)
	}
	return out
}

func diffPlan(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("plan:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestPlanTask(t *testing.T) {
	// Monday 2026-11-23 10:00 in Shanghai, when most tasks are assigned.
	monday := local(shanghai, "2026-11-23 10:00")
	cases := []struct {
		name     string
		chat     *models.Chat
		created  time.Time // also now, unless now is set
		now      time.Time
		deadline time.Time
		status   models.Status
		want     []string
	}{
		{
			name: "each kind at its time", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 18:00 CST",
				"before[2h0m0s] 2026-11-25 16:00 CST",
				"due 2026-11-25 18:00 CST",
				"overdue 2026-11-26 09:00 CST",  // the next working day at 09:00
				"escalate 2026-11-27 09:00 CST", // 2 working days after the deadline
			},
		},
		{
			name: "a Friday deadline is chased on Monday, escalated on Tuesday", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-27 18:00"),
			want: []string{
				"before[24h0m0s] 2026-11-26 18:00 CST",
				"before[2h0m0s] 2026-11-27 16:00 CST",
				"due 2026-11-27 18:00 CST",
				"overdue 2026-11-30 09:00 CST",
				"escalate 2026-12-01 09:00 CST",
			},
		},
		{
			name: "offsets across midnight (no quiet hours)", chat: testChat(shanghai, noQuiet, offsets("1440,120,30")),
			created: monday, deadline: local(shanghai, "2026-11-25 01:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 01:00 CST",
				"before[2h0m0s] 2026-11-24 23:00 CST",
				"before[30m0s] 2026-11-25 00:30 CST",
				"due 2026-11-25 01:00 CST",
				"overdue 2026-11-25 09:00 CST", // 09:00 the same day is after the deadline
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "offsets across midnight deferred out of the default quiet hours", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-25 01:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 01:00 CST → 2026-11-24 08:00 CST",
				// 2 hours before is 23:00; deferred to 08:00 it would come
				// after the deadline: the due reminder stands for it.
				"due 2026-11-25 01:00 CST → 2026-11-25 08:00 CST",
				"overdue 2026-11-25 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "default quiet hours 22:00–08:00", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-25 23:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 23:00 CST → 2026-11-25 08:00 CST",
				"before[2h0m0s] 2026-11-25 21:00 CST",
				"due 2026-11-25 23:00 CST → 2026-11-26 08:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "a reminder deferred to the quiet hours' end still before the deadline", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-25 09:30"),
			want: []string{
				"before[24h0m0s] 2026-11-24 09:30 CST",
				"before[2h0m0s] 2026-11-25 07:30 CST → 2026-11-25 08:00 CST",
				"due 2026-11-25 09:30 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "custom quiet hours 12:00–14:00 (lunch)", chat: testChat(shanghai, quiet(12*60, 14*60)),
			created: monday, deadline: local(shanghai, "2026-11-25 13:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 13:00 CST → 2026-11-24 14:00 CST",
				"before[2h0m0s] 2026-11-25 11:00 CST",
				"due 2026-11-25 13:00 CST → 2026-11-25 14:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "custom quiet hours 20:30–07:00", chat: testChat(shanghai, quiet(20*60+30, 7*60)),
			created: monday, deadline: local(shanghai, "2026-11-25 22:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 22:00 CST → 2026-11-25 07:00 CST",
				"before[2h0m0s] 2026-11-25 20:00 CST",
				"due 2026-11-25 22:00 CST → 2026-11-26 07:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "no quiet hours", chat: testChat(shanghai, noQuiet),
			created: monday, deadline: local(shanghai, "2026-11-25 23:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 23:00 CST",
				"before[2h0m0s] 2026-11-25 21:00 CST",
				"due 2026-11-25 23:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "reminders already past at creation are skipped", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-23 11:00"),
			want: []string{
				"due 2026-11-23 11:00 CST",
				"overdue 2026-11-24 09:00 CST",
				"escalate 2026-11-25 09:00 CST",
			},
		},
		{
			name: "only the day-before reminder had passed at creation", chat: testChat(shanghai),
			created: monday, deadline: local(shanghai, "2026-11-24 09:30"),
			want: []string{
				"before[2h0m0s] 2026-11-24 07:30 CST → 2026-11-24 08:00 CST",
				"due 2026-11-24 09:30 CST",
				"overdue 2026-11-25 09:00 CST",
				"escalate 2026-11-26 09:00 CST",
			},
		},
		{
			name: "created inside the quiet hours after a reminder's time: skipped, not deferred",
			chat: testChat(shanghai), created: local(shanghai, "2026-11-23 23:30"),
			deadline: local(shanghai, "2026-11-24 23:00"),
			want: []string{
				"before[2h0m0s] 2026-11-24 21:00 CST",
				"due 2026-11-24 23:00 CST → 2026-11-25 08:00 CST",
				"overdue 2026-11-25 09:00 CST",
				"escalate 2026-11-26 09:00 CST",
			},
		},
		{
			name: "replanned later: only what is still ahead", chat: testChat(shanghai),
			created: monday, now: local(shanghai, "2026-11-25 17:00"), deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{
				"due 2026-11-25 18:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "overdue: the next 催办 after today's", chat: testChat(shanghai),
			created: monday, now: local(shanghai, "2026-11-26 09:00"), deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{
				"overdue 2026-11-27 09:00 CST",
				"escalate 2026-11-27 09:00 CST",
			},
		},
		{
			name: "overdue after the escalation: 催办 only", chat: testChat(shanghai),
			created: monday, now: local(shanghai, "2026-11-27 09:00"), deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{"overdue 2026-11-30 09:00 CST"},
		},
		{
			name: "escalation after 1 working day", chat: testChat(shanghai, escalateAfter(1)),
			created: monday, deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 18:00 CST",
				"before[2h0m0s] 2026-11-25 16:00 CST",
				"due 2026-11-25 18:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-26 09:00 CST",
			},
		},
		{
			name: "escalation after 3 working days skips the weekend", chat: testChat(shanghai, escalateAfter(3)),
			created: monday, deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{
				"before[24h0m0s] 2026-11-24 18:00 CST",
				"before[2h0m0s] 2026-11-25 16:00 CST",
				"due 2026-11-25 18:00 CST",
				"overdue 2026-11-26 09:00 CST",
				"escalate 2026-11-30 09:00 CST",
			},
		},
		{
			name: "escalation off, no offsets", chat: testChat(shanghai, escalateAfter(0), offsets("")),
			created: monday, deadline: local(shanghai, "2026-11-25 18:00"),
			want: []string{
				"due 2026-11-25 18:00 CST",
				"overdue 2026-11-26 09:00 CST",
			},
		},
		{
			name: "国庆: no 催办 from 10-01 to 10-07", chat: testChat(shanghai),
			created: local(shanghai, "2026-09-28 10:00"), deadline: local(shanghai, "2026-09-30 18:00"),
			want: []string{
				"before[24h0m0s] 2026-09-29 18:00 CST",
				"before[2h0m0s] 2026-09-30 16:00 CST",
				"due 2026-09-30 18:00 CST",
				"overdue 2026-10-08 09:00 CST",
				"escalate 2026-10-09 09:00 CST",
			},
		},
		{
			name: "国庆: chased again on Friday 10-09", chat: testChat(shanghai),
			created: local(shanghai, "2026-09-28 10:00"), now: local(shanghai, "2026-10-08 09:00"),
			deadline: local(shanghai, "2026-09-30 18:00"),
			want: []string{
				"overdue 2026-10-09 09:00 CST",
				"escalate 2026-10-09 09:00 CST",
			},
		},
		{
			name: "调休: chased on the working Saturday 10-10", chat: testChat(shanghai),
			created: local(shanghai, "2026-09-28 10:00"), now: local(shanghai, "2026-10-09 09:00"),
			deadline: local(shanghai, "2026-09-30 18:00"),
			want:     []string{"overdue 2026-10-10 09:00 CST"},
		},
		{
			name: "调休: after the working Saturday, Monday", chat: testChat(shanghai),
			created: local(shanghai, "2026-09-28 10:00"), now: local(shanghai, "2026-10-10 09:00"),
			deadline: local(shanghai, "2026-09-30 18:00"),
			want:     []string{"overdue 2026-10-12 09:00 CST"},
		},
		{
			name: "调休: a Friday deadline before the working Saturday", chat: testChat(shanghai),
			created: local(shanghai, "2026-10-08 10:00"), deadline: local(shanghai, "2026-10-09 18:00"),
			want: []string{
				"before[24h0m0s] 2026-10-08 18:00 CST",
				"before[2h0m0s] 2026-10-09 16:00 CST",
				"due 2026-10-09 18:00 CST",
				"overdue 2026-10-10 09:00 CST",
				"escalate 2026-10-12 09:00 CST", // Saturday 10-10 counts as a working day
			},
		},
		{
			name: "the 调休 Sunday 09-20 is a working day too", chat: testChat(shanghai, offsets("")),
			created: local(shanghai, "2026-09-14 10:00"), deadline: local(shanghai, "2026-09-18 18:00"),
			want: []string{
				"due 2026-09-18 18:00 CST",
				"overdue 2026-09-20 09:00 CST",
				"escalate 2026-09-21 09:00 CST",
			},
		},
		{
			name: "reminders before and at the deadline go out on holidays", chat: testChat(shanghai),
			created: local(shanghai, "2026-09-28 10:00"), deadline: local(shanghai, "2026-10-03 12:00"),
			want: []string{
				"before[24h0m0s] 2026-10-02 12:00 CST",
				"before[2h0m0s] 2026-10-03 10:00 CST",
				"due 2026-10-03 12:00 CST",
				"overdue 2026-10-08 09:00 CST",
				"escalate 2026-10-09 09:00 CST",
			},
		},
		// America/New_York: whole days keep the local clock time across
		// DST, hours are elapsed time.
		{
			name: "DST spring forward 2026-03-08: 1 day before is 23 hours", chat: testChat(newYork, noQuiet),
			created: local(newYork, "2026-03-02 10:00"), deadline: local(newYork, "2026-03-08 10:00"),
			want: []string{
				"before[24h0m0s] 2026-03-07 10:00 EST",
				"before[2h0m0s] 2026-03-08 08:00 EDT",
				"due 2026-03-08 10:00 EDT",
				"overdue 2026-03-09 09:00 EDT",
				"escalate 2026-03-10 09:00 EDT", // Sunday's deadline: Monday and Tuesday
			},
		},
		{
			name: "DST spring forward: hours are elapsed", chat: testChat(newYork, noQuiet, offsets("1500,120")),
			created: local(newYork, "2026-03-02 10:00"), deadline: local(newYork, "2026-03-08 04:00"),
			want: []string{
				"before[25h0m0s] 2026-03-07 02:00 EST",
				"before[2h0m0s] 2026-03-08 01:00 EST", // not 02:00: the clock jumped from 02:00 to 03:00
				"due 2026-03-08 04:00 EDT",
				"overdue 2026-03-09 09:00 EDT",
				"escalate 2026-03-10 09:00 EDT",
			},
		},
		{
			name: "DST fall back 2026-11-01: 1 day before is 25 hours", chat: testChat(newYork, noQuiet),
			created: local(newYork, "2026-10-26 10:00"), deadline: local(newYork, "2026-11-01 10:00"),
			want: []string{
				"before[24h0m0s] 2026-10-31 10:00 EDT",
				"before[2h0m0s] 2026-11-01 08:00 EST",
				"due 2026-11-01 10:00 EST",
				"overdue 2026-11-02 09:00 EST",
				"escalate 2026-11-03 09:00 EST",
			},
		},
		{
			name: "DST fall back: hours are elapsed", chat: testChat(newYork, noQuiet, offsets("120")),
			created: local(newYork, "2026-10-26 10:00"), deadline: local(newYork, "2026-11-01 02:30"),
			want: []string{
				"before[2h0m0s] 2026-11-01 01:30 EDT", // the first 01:30, 2 hours before 02:30 EST
				"due 2026-11-01 02:30 EST",
				"overdue 2026-11-02 09:00 EST",
				"escalate 2026-11-03 09:00 EST",
			},
		},
		{
			name: "DST: quiet hours end at 08:00 local on the day of the change", chat: testChat(newYork),
			created: local(newYork, "2026-03-02 10:00"), deadline: local(newYork, "2026-03-09 05:00"),
			want: []string{
				"before[24h0m0s] 2026-03-08 05:00 EDT → 2026-03-08 08:00 EDT",
				"due 2026-03-09 05:00 EDT → 2026-03-09 08:00 EDT",
				"overdue 2026-03-09 09:00 EDT",
				"escalate 2026-03-11 09:00 EDT",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			now := c.now
			if now.IsZero() {
				now = c.created
			}
			task := &models.Task{ID: 42, ChatID: c.chat.ID, Number: 1, Status: models.StatusTodo,
				Deadline: c.deadline, OriginalDeadline: c.deadline, CreatedAt: c.created}
			got := newPlanner().PlanTask(c.chat, task, now)
			diffPlan(t, render(got, c.chat.Location()), c.want)
			for _, r := range got {
				if r.TaskID == nil || *r.TaskID != 42 || r.ChatID != c.chat.ID || r.IgnoreQuiet {
					t.Errorf("%s: task %v chat %d ignoreQuiet %v", r.Kind, r.TaskID, r.ChatID, r.IgnoreQuiet)
				}
				if !r.DueAt.After(now) {
					t.Errorf("%s is due at %v, not after now %v", r.Kind, r.DueAt, now)
				}
				if r.Kind.Planned() != true {
					t.Errorf("%s is not a planned kind", r.Kind)
				}
			}
		})
	}
}

// TestPlanTaskDSTElapsed checks the instants behind the New York lines:
// "1 day before" is 23 or 25 hours of elapsed time on the days the clocks
// change, "2 hours before" always 2.
func TestPlanTaskDSTElapsed(t *testing.T) {
	cases := []struct {
		deadline     time.Time
		offset       time.Duration
		wantBefore   time.Duration // deadline - reminder
		wantLocalDay string
	}{
		{local(newYork, "2026-03-08 10:00"), 24 * time.Hour, 23 * time.Hour, "2026-03-07 10:00"},
		{local(newYork, "2026-03-09 10:00"), 48 * time.Hour, 47 * time.Hour, "2026-03-07 10:00"},
		{local(newYork, "2026-03-09 10:00"), 24 * time.Hour, 24 * time.Hour, "2026-03-08 10:00"}, // after the change
		{local(newYork, "2026-03-08 04:00"), 2 * time.Hour, 2 * time.Hour, "2026-03-08 01:00"},
		{local(newYork, "2026-11-01 10:00"), 24 * time.Hour, 25 * time.Hour, "2026-10-31 10:00"},
		{local(newYork, "2026-11-01 02:00"), 2 * time.Hour, 2 * time.Hour, "2026-11-01 01:00"},
		{local(shanghai, "2026-11-25 10:00"), 24 * time.Hour, 24 * time.Hour, "2026-11-24 10:00"},
	}
	for _, c := range cases {
		loc := c.deadline.Location()
		chat := testChat(loc, noQuiet, offsets(fmt.Sprint(int(c.offset/time.Minute))))
		task := &models.Task{ID: 1, Status: models.StatusDoing, Deadline: c.deadline.UTC(),
			CreatedAt: c.deadline.Add(-30 * 24 * time.Hour)}
		plan := newPlanner().PlanTask(chat, task, task.CreatedAt)
		if len(plan) == 0 || plan[0].Kind != models.ReminderBefore {
			t.Fatalf("%v: no before reminder in %v", c.deadline, render(plan, loc))
		}
		r := plan[0]
		if got := c.deadline.Sub(r.At); got != c.wantBefore {
			t.Errorf("%v - %v: reminder %v before the deadline, want %v", c.deadline, c.offset, got, c.wantBefore)
		}
		if got := r.At.In(loc).Format("2006-01-02 15:04"); got != c.wantLocalDay {
			t.Errorf("%v - %v: reminder at %s local, want %s", c.deadline, c.offset, got, c.wantLocalDay)
		}
		if r.Offset != int64(c.offset/time.Second) {
			t.Errorf("offset stored as %d s, want %d", r.Offset, int64(c.offset/time.Second))
		}
	}
}

func TestPlanTaskClosed(t *testing.T) {
	chat := testChat(shanghai)
	created := local(shanghai, "2026-11-23 10:00")
	for _, st := range []models.Status{models.StatusSubmitted, models.StatusDone, models.StatusCancelled, models.StatusPosted} {
		for _, deadline := range []time.Time{local(shanghai, "2026-11-25 18:00"), local(shanghai, "2026-11-20 18:00")} {
			task := &models.Task{ID: 1, Status: st, Deadline: deadline, CreatedAt: created.Add(-10 * 24 * time.Hour)}
			if got := newPlanner().PlanTask(chat, task, created); len(got) != 0 {
				t.Errorf("%s task due %v gets %v", st, deadline, render(got, shanghai))
			}
		}
	}
	// The same task in progress is owed its reminders.
	task := &models.Task{ID: 1, Status: models.StatusDoing, Deadline: local(shanghai, "2026-11-25 18:00"), CreatedAt: created}
	if got := newPlanner().PlanTask(chat, task, created); len(got) != 5 {
		t.Errorf("a task in progress gets %v", render(got, shanghai))
	}
}

// TestPlanChaseSequence follows an overdue task day by day the way the
// dispatcher does (each 催办 sent plans the next) across 国庆 and the 调休
// Saturday: the 催办 comes only on working days.
func TestPlanChaseSequence(t *testing.T) {
	chat := testChat(shanghai, escalateAfter(0))
	task := &models.Task{ID: 1, Status: models.StatusTodo, Deadline: local(shanghai, "2026-09-25 18:00"),
		CreatedAt: local(shanghai, "2026-09-21 10:00")}
	now := task.Deadline
	var got []string
	for range 12 {
		plan := newPlanner().PlanTask(chat, task, now)
		var next *models.Reminder
		for i := range plan {
			if plan[i].Kind == models.ReminderOverdue {
				next = &plan[i]
			}
		}
		if next == nil {
			t.Fatalf("no 催办 after %v: %v", now, render(plan, shanghai))
		}
		got = append(got, next.DueAt.In(shanghai).Format("01-02 Mon"))
		now = next.DueAt
	}
	want := []string{
		"09-28 Mon", "09-29 Tue", "09-30 Wed", // 10-01..10-07 国庆
		"10-08 Thu", "10-09 Fri", "10-10 Sat", // 调休: Saturday works
		"10-12 Mon", "10-13 Tue", "10-14 Wed", "10-15 Thu", "10-16 Fri",
		"10-19 Mon", // an ordinary weekend
	}
	if !slices.Equal(got, want) {
		t.Errorf("催办 days:\n got %v\nwant %v", got, want)
	}
}

func TestPlanDigests(t *testing.T) {
	daily := func(spec string) func(*models.Chat) { return func(c *models.Chat) { c.DailyDigest = spec } }
	weekly := func(spec string) func(*models.Chat) { return func(c *models.Chat) { c.WeeklyDigest = spec } }
	cases := []struct {
		name string
		chat *models.Chat
		now  time.Time
		want []string
	}{
		{"weekly default: Monday 09:00", testChat(shanghai), local(shanghai, "2026-11-23 10:00"),
			[]string{"weekly 2026-11-30 09:00 CST"}},
		{"weekly: from Sunday, the next day", testChat(shanghai), local(shanghai, "2026-11-29 20:00"),
			[]string{"weekly 2026-11-30 09:00 CST"}},
		{"weekly: a minute before", testChat(shanghai), local(shanghai, "2026-11-30 08:59"),
			[]string{"weekly 2026-11-30 09:00 CST"}},
		{"weekly: the Monday of 国庆 is skipped", testChat(shanghai), local(shanghai, "2026-09-30 10:00"),
			[]string{"weekly 2026-10-12 09:00 CST"}},
		{"weekly: Monday 2026-02-16 (春节) and 02-23 are skipped", testChat(shanghai), local(shanghai, "2026-02-10 10:00"),
			[]string{"weekly 2026-03-02 09:00 CST"}},
		{"weekly off", testChat(shanghai, weekly("")), local(shanghai, "2026-11-23 10:00"), nil},
		{"weekly every Friday 16:00", testChat(shanghai, weekly("0 16 * * 5")), local(shanghai, "2026-11-23 10:00"),
			[]string{"weekly 2026-11-27 16:00 CST"}},
		{"daily: working days only", testChat(shanghai, weekly(""), daily("0 9 * * *")), local(shanghai, "2026-11-27 10:00"),
			[]string{"daily 2026-11-30 09:00 CST"}},
		{"daily: 国庆 skipped", testChat(shanghai, weekly(""), daily("0 9 * * *")), local(shanghai, "2026-09-30 10:00"),
			[]string{"daily 2026-10-08 09:00 CST"}},
		{"daily: the 调休 Saturday included", testChat(shanghai, weekly(""), daily("0 9 * * *")), local(shanghai, "2026-10-09 10:00"),
			[]string{"daily 2026-10-10 09:00 CST"}},
		{"daily: Sundays only, the 调休 Sunday 09-20", testChat(shanghai, weekly(""), daily("0 9 * * 0")), local(shanghai, "2026-09-01 10:00"),
			[]string{"daily 2026-09-20 09:00 CST"}},
		{"both", testChat(shanghai, daily("30 17 * * 1-5")), local(shanghai, "2026-11-23 10:00"),
			[]string{"weekly 2026-11-30 09:00 CST", "daily 2026-11-23 17:30 CST"}},
		{"deferred out of the quiet hours", testChat(shanghai, weekly("0 7 * * 1")), local(shanghai, "2026-11-23 10:00"),
			[]string{"weekly 2026-11-30 07:00 CST → 2026-11-30 08:00 CST"}},
		{"in the group's zone", testChat(newYork), time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC), // Sunday 21:00 in New York
			[]string{"weekly 2026-11-23 09:00 EST"}},
		{"in the group's zone across DST", testChat(newYork, weekly(""), daily("0 9 * * *")), local(newYork, "2026-03-06 10:00"),
			[]string{"daily 2026-03-09 09:00 EDT"}},
		{"a schedule that does not parse is skipped", testChat(shanghai, daily("every blue moon")), local(shanghai, "2026-11-23 10:00"),
			[]string{"weekly 2026-11-30 09:00 CST"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []models.Reminder
			for _, r := range newPlanner().PlanDigests(c.chat, c.now) {
				if r.Kind == models.DigestWeekly || r.Kind == models.DigestDaily {
					got = append(got, r)
				}
			}
			diffPlan(t, render(got, c.chat.Location()), c.want)
			for _, r := range got {
				if r.TaskID != nil || r.ChatID != c.chat.ID {
					t.Errorf("%s: task %v chat %d", r.Kind, r.TaskID, r.ChatID)
				}
			}
		})
	}
}
