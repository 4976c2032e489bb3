// Package scheduler will hold duban's time-driven work: the durable reminder
// queue (reminder rows planned in the same transaction as the task change
// that causes them, sent by a timer armed for the next due row), the
// catch-up after downtime, and the cron digests (weekly 调度, monthly
// rankings) in each group's own zone, built on github.com/robfig/cron/v3.
//
// It imports models and internal helpers, never bot: it sends through a
// Notifier interface that cmd/duban wires to the bot. Nothing is here yet;
// the reminders issue fills it in.
package scheduler
