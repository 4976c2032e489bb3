// Package scheduler is duban's time-driven work: it decides which reminders
// each task and group is owed ([Planner]) and sends them when they fall due
// ([Dispatcher]).
//
// # Reminders are rows
//
// The store asks the Planner inside the transaction of every task change
// (assign, edit, extend, submit, confirm, send back, cancel, claim) and of
// every settings change, so the plan is never out of step with the task. A
// task is owed, in its group's zone:
//
//   - a reminder at each of the group's offsets before the deadline (default
//     1 day and 2 hours; a whole number of days means the same clock time
//     that many days before, across DST); one whose time had already passed
//     when the task was created is skipped, and so is one the quiet hours
//     would hold until the deadline (the deadline's own reminder says it);
//   - one at the deadline (已到截止时间);
//   - while it stays overdue, a 催办 at 09:00 on each working day (planned one
//     at a time: sending today's plans tomorrow's);
//   - after EscalateAfter working days overdue (default 2), at 09:00, an
//     escalation (升级督办) to the responsible leader or the group's leaders.
//
// Anything automatic that falls in the group's quiet hours (default
// 22:00–08:00) is moved to their end. Reminders before and at the deadline go
// out on any day; the daily 催办 and the digests only on working days.
// Digests follow each group's cron schedule (github.com/robfig/cron/v3), in
// the group's zone.
//
// # Sending
//
// The Dispatcher sleeps on a timer armed for the earliest unsent row (one
// read of a partial index) and is woken by the store's PlanChanged signal
// when the plan changes; it never polls. It sends one message at a time and
// marks the rows sent only after Telegram accepted the message, so a crash at
// any moment loses nothing and repeats at most the message in flight. Rows
// that fell due while the bot was down are collapsed per task into one
// catch-up message (补发). When Telegram asks a chat to wait (429), the
// outbox alone keeps that pause; the dispatcher only puts the chat's due
// rows off until it ends, so the other chats are not held up behind it.
//
// The scheduler never imports the bot: it sends through [Notifier], which
// internal/app wires to the bot.
package scheduler
