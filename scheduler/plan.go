package scheduler

import (
	"log/slog"
	"time"

	"github.com/duban-bot/duban/internal/cronspec"
	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// Calendar is the working-day knowledge the planner needs
// (internal/workday.Calendar implements it).
type Calendar = deadline.WorkCalendar

// ChaseHour is when the daily 催办 and escalations go out, in the group's
// zone.
const ChaseHour = 9

// Planner implements models.ReminderPlanner. It is pure: the same task,
// group and now always give the same plan.
type Planner struct {
	Cal Calendar     // the national calendar; each group's own days are laid over it
	Log *slog.Logger // for digest schedules that no longer parse (default: discarded)
}

var _ models.ReminderPlanner = (*Planner)(nil)

// Working hours, in the group's zone, on working days: the 签收 window of a
// new task counts only them.
const (
	WorkStart = 9 * 60  // 09:00
	WorkEnd   = 18 * 60 // 18:00
)

// calendar is the group's calendar: the national one with the days the
// group's leaders changed (/holiday) laid over it. Everything the planner
// counts in working days counts on it.
func (p *Planner) calendar(chat *models.Chat) Calendar {
	if len(chat.Holidays) == 0 {
		return p.Cal
	}
	return workday.WithOverrides(p.Cal, chat.Holidays)
}

// PlanTask returns the reminders a task is owed after now.
func (p *Planner) PlanTask(chat *models.Chat, t *models.Task, now time.Time) []models.Reminder {
	loc, set, cal := chat.Location(), chat.Settings(), p.calendar(chat)
	if t.Status == models.StatusSubmitted {
		return planConfirm(cal, chat, t, set, now, loc)
	}
	if !t.Status.Working() {
		return nil
	}
	var out []models.Reminder
	add := func(kind models.ReminderKind, at time.Time, offset time.Duration) {
		due := deferQuiet(at, set, loc)
		if !due.After(now) {
			return
		}
		id := t.ID
		out = append(out, models.Reminder{ChatID: chat.ID, TaskID: &id, Kind: kind, At: at, DueAt: due,
			Offset: int64(offset / time.Second)})
	}
	for _, off := range set.RemindBefore {
		at := before(t.Deadline, off, loc)
		// Not owed if already past when the task was assigned, nor if the
		// quiet hours hold it until the deadline: the due reminder says it.
		if at.After(t.CreatedAt) && deferQuiet(at, set, loc).Before(t.Deadline) {
			add(models.ReminderBefore, at, off)
		}
	}
	if set.AckRemindAfter > 0 {
		// One 签收提醒 for whoever has not acknowledged by then; not when
		// the deadline's own reminders come first.
		if at := addWorkingTime(cal, t.CreatedAt, set.AckRemindAfter, loc); at.Before(t.Deadline) {
			add(models.ReminderAck, at, 0)
		}
	}
	add(models.ReminderDue, t.Deadline, 0)
	add(models.ReminderOverdue, nextChase(cal, later(t.Deadline, now), loc), 0)
	if set.EscalateAfter > 0 {
		day := cal.AddWorkdays(t.Deadline.In(loc), set.EscalateAfter)
		add(models.ReminderEscalate, atHour(day, ChaseHour), 0)
	}
	return out
}

// planConfirm plans the next 待确认 reminder of a submitted task: after
// ConfirmRemindAfter working days of waiting (at the clock time it was
// submitted, kept within working hours), then at 09:00 on each working day
// until the assigner or a leader confirms or sends it back. One is planned
// at a time: sending it plans the next.
func planConfirm(cal Calendar, chat *models.Chat, t *models.Task, set models.Settings, now time.Time, loc *time.Location) []models.Reminder {
	if set.ConfirmRemindAfter <= 0 || t.SubmittedAt == nil {
		return nil
	}
	sub := t.SubmittedAt.In(loc)
	day := cal.AddWorkdays(sub, set.ConfirmRemindAfter)
	minute := min(max(sub.Hour()*60+sub.Minute(), WorkStart), WorkEnd)
	at := time.Date(day.Year(), day.Month(), day.Day(), minute/60, minute%60, 0, 0, loc)
	if !at.After(now) {
		at = nextChase(cal, now, loc)
	}
	id := t.ID
	return []models.Reminder{{ChatID: chat.ID, TaskID: &id, Kind: models.ReminderConfirm, At: at, DueAt: deferQuiet(at, set, loc)}}
}

// addWorkingTime is the moment d of working time after t: time counts only
// between WorkStart and WorkEnd on working days, in loc.
func addWorkingTime(cal Calendar, t time.Time, d time.Duration, loc *time.Location) time.Time {
	local := t.In(loc)
	for range 400 { // d is at most weeks of working time
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
		start, end := day.Add(WorkStart*time.Minute), day.Add(WorkEnd*time.Minute)
		if !cal.IsWorkday(day) || !local.Before(end) {
			local = cal.AddWorkdays(day, 1).Add(WorkStart * time.Minute)
			continue
		}
		if local.Before(start) {
			local = start
		}
		left := end.Sub(local)
		if d <= left {
			return local.Add(d)
		}
		d -= left
		local = end
	}
	return local
}

// PlanDigests returns the next weekly and daily digest of a group, on
// working days only, and (when the group publishes rankings) the next
// publication of each period.
func (p *Planner) PlanDigests(chat *models.Chat, now time.Time) []models.Reminder {
	loc, set, cal := chat.Location(), chat.Settings(), p.calendar(chat)
	out := planPublications(cal, chat, set, now, loc)
	for _, d := range []struct {
		kind models.ReminderKind
		spec string
	}{{models.DigestWeekly, set.WeeklyDigest}, {models.DigestDaily, set.DailyDigest}} {
		if d.spec == "" {
			continue
		}
		_, sched, err := cronspec.Parse(d.spec)
		if err != nil {
			p.log().Warn("digest schedule does not parse; digest skipped",
				slog.Uint64("chat", uint64(chat.ID)), slog.String("spec", d.spec), slog.String("err", err.Error()))
			continue
		}
		at := now.In(loc)
		for range 400 { // a daily schedule finds a working day within days
			at = sched.Next(at)
			if at.IsZero() || cal.IsWorkday(at) {
				break
			}
		}
		if at.IsZero() || !cal.IsWorkday(at) {
			continue
		}
		out = append(out, models.Reminder{ChatID: chat.ID, Kind: d.kind, At: at, DueAt: deferQuiet(at, set, loc)})
	}
	return out
}

// publicationMonths lists the months whose first working day publishes each
// kind: every month the last month's 成绩单, each quarter the 红旗/黄旗, in
// July and January the half-year summary, in January the yearly list.
var publicationMonths = []struct {
	kind   models.ReminderKind
	months []time.Month
}{
	{models.PublishMonth, nil},
	{models.PublishQuarter, []time.Month{time.January, time.April, time.July, time.October}},
	{models.PublishHalf, []time.Month{time.January, time.July}},
	{models.PublishYear, []time.Month{time.January}},
}

// planPublications returns the next publication of each kind: 09:00 on the
// first working day of its month, in the group's zone.
func planPublications(cal Calendar, chat *models.Chat, set models.Settings, now time.Time, loc *time.Location) []models.Reminder {
	if !set.Publish {
		return nil
	}
	var out []models.Reminder
	local := now.In(loc)
	for _, pub := range publicationMonths {
		for i := 0; i <= 12; i++ {
			month := time.Date(local.Year(), local.Month()+time.Month(i), 1, 0, 0, 0, 0, loc)
			if pub.months != nil && !contains(pub.months, month.Month()) {
				continue
			}
			day := month
			if !cal.IsWorkday(day) {
				day = cal.AddWorkdays(day, 1)
			}
			at := atHour(day, ChaseHour)
			if at.After(now) {
				out = append(out, models.Reminder{ChatID: chat.ID, Kind: pub.kind, At: at, DueAt: deferQuiet(at, set, loc)})
				break
			}
		}
	}
	return out
}

func contains(ms []time.Month, m time.Month) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

func (p *Planner) log() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// nextChase is the first 09:00 on a working day of cal strictly after t.
func nextChase(cal Calendar, t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	at := atHour(local, ChaseHour)
	if at.After(t) && cal.IsWorkday(at) {
		return at
	}
	return atHour(cal.AddWorkdays(local, 1), ChaseHour)
}

// before is the moment off before the deadline: whole days are counted on
// the calendar (the same clock time, even across a DST change), anything
// else as elapsed time.
func before(deadline time.Time, off time.Duration, loc *time.Location) time.Time {
	if off%(24*time.Hour) == 0 {
		return deadline.In(loc).AddDate(0, 0, -int(off/(24*time.Hour)))
	}
	return deadline.Add(-off)
}

// deferQuiet moves an instant inside the group's quiet hours to their end.
func deferQuiet(at time.Time, set models.Settings, loc *time.Location) time.Time {
	return set.OutOfQuiet(at, loc)
}

func atHour(day time.Time, hour int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, hour, 0, 0, 0, day.Location())
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
