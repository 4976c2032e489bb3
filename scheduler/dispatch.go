package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/metrics"
	"github.com/duban-bot/duban/models"
)

// Notifier delivers notices to Telegram; the bot implements it. Notify
// returns the id of the group message Telegram accepted. Its errors may
// tell the dispatcher what to do by implementing
//
//	Gone() bool                // the chat is lost for good (bot removed)
//	RetryAfter() time.Duration // the chat waits out Telegram's retry_after (429)
//
// any other error is retried with growing, jittered back-off.
type Notifier interface {
	Notify(ctx context.Context, n models.Notice) (messageID int, err error)
}

// Store is what the dispatcher needs from the database.
type Store interface {
	NextReminderAt(ctx context.Context) (time.Time, bool, error)
	DueReminders(ctx context.Context, now time.Time, limit int) ([]models.Reminder, error)
	MarkRemindersSent(ctx context.Context, ids []uint, messageID int) error
	RetryReminders(ctx context.Context, ids []uint, at time.Time, reason string) error
	BlockChat(ctx context.Context, chatID uint, reason string) (bool, error)
	// PlanChanged signals that the plan changed: the dispatcher looks again.
	PlanChanged() <-chan struct{}
}

// Dispatcher sends reminders when they fall due. Create it with
// [NewDispatcher] and run it with [Dispatcher.Run].
type Dispatcher struct {
	store    Store
	notifier Notifier
	clock    clock.Clock
	log      *slog.Logger

	// behindSince is when the dispatcher found rows due and has not caught
	// up since (zero when caught up). Lateness is counted at that moment:
	// what was on time then and is sent later was held back by Telegram's
	// limits, not missed while the bot was down.
	behindSince time.Time

	// CatchUpAfter: a reminder found this much later than due counts as
	// missed while the bot was down, and is announced as a catch-up; one
	// that became this late while waiting its turn in a backlog does not.
	CatchUpAfter time.Duration
	// Batch is how many due rows one pass reads.
	Batch int
	// Fence, if set, is asked before each notice is sent: it fails when
	// this instance no longer leads (its term is over), so that a deposed
	// leader cannot send a reminder the new one sends too.
	Fence func(ctx context.Context) error
	// Metrics counts what is sent and how late (nil: nothing).
	Metrics *metrics.Metrics
	// MaxSleep, if positive, bounds how long the dispatcher sleeps without
	// looking at the plan: other processes sharing the database may change
	// it without waking this one.
	MaxSleep time.Duration
	// Progress, if set, hears when a notice is being sent (busy) and when
	// the dispatcher goes back to waiting: /livez finds a stuck dispatcher.
	Progress func(busy bool)
}

// NewDispatcher returns a dispatcher of the store's reminders; it follows
// the store's [Store.PlanChanged] signal.
func NewDispatcher(store Store, notifier Notifier, clk clock.Clock, log *slog.Logger) *Dispatcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{store: store, notifier: notifier, clock: clk, log: log,
		CatchUpAfter: 5 * time.Minute, Batch: 100}
}

// Run sends due reminders until ctx ends. Between them it sleeps on a timer
// for the earliest unsent row, or until the store says the plan changed.
func (d *Dispatcher) Run(ctx context.Context) error {
	timer := d.clock.NewTimer(time.Hour)
	defer timer.Stop()
	changed := d.store.PlanChanged()
	for {
		from := d.clock.Now()
		wait, err := d.step(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			d.log.Error("dispatch reminders", slog.String("err", err.Error()))
			wait = 5 * time.Second
		}
		if wait == 0 {
			continue // more may be due
		}
		d.progressed(false)
		if d.MaxSleep > 0 && (wait < 0 || wait > d.MaxSleep) {
			wait = d.MaxSleep
		}
		if wait > 0 {
			timer.Reset(wait)
			// The timer counts from when it is armed: if the clock passed
			// the due time meanwhile (a test's fake clock jumps), look now
			// rather than a whole wait later.
			if !d.clock.Now().Before(from.Add(wait)) {
				continue
			}
		} else {
			timer.Stop()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-changed:
		case <-timer.C():
		}
	}
}

// step sends what is due and returns how long to sleep: 0 to look again at
// once, -1 to sleep until woken.
func (d *Dispatcher) step(ctx context.Context) (time.Duration, error) {
	next, ok, err := d.store.NextReminderAt(ctx)
	if err != nil || !ok {
		return -1, err
	}
	now := d.clock.Now()
	if next.After(now) {
		return next.Sub(now), nil
	}
	n, err := d.DispatchDue(ctx, now)
	if err != nil {
		return -1, err
	}
	if n == 0 {
		return time.Second, nil // all due rows were put off; look again shortly
	}
	return 0, nil
}

// DispatchDue sends the reminders due at now (one pass of at most Batch
// rows) and returns how many messages went out.
func (d *Dispatcher) DispatchDue(ctx context.Context, now time.Time) (int, error) {
	rows, err := d.store.DueReminders(ctx, now, d.Batch)
	if err != nil {
		return 0, err
	}
	if d.behindSince.IsZero() {
		d.behindSince = now
	}
	if len(rows) < d.Batch {
		defer func() { d.behindSince = time.Time{} }() // this pass catches up
	}
	sent := 0
	for _, n := range d.collate(rows, now) {
		if ctx.Err() != nil {
			return sent, nil
		}
		ok, err := d.deliver(ctx, n)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// collate turns due rows into notices: rows of one task that are late are
// collapsed into one catch-up; the publications of one group due at the
// same minute (month, quarter, half-year and year in January) are one
// publication, and so are a task's 催办 and escalation of the same minute;
// urges and digests go alone.
func (d *Dispatcher) collate(rows []models.Reminder, now time.Time) []models.Notice {
	var out []models.Notice
	byTask := map[uint]int{} // task id → index in out of its catch-up
	together := map[togetherKey]int{}
	since := d.behindSince
	if since.IsZero() {
		since = now
	}
	for _, r := range rows {
		late := since.Sub(r.DueAt) > d.CatchUpAfter
		if key, ok := sameMessage(r); ok && !(late && r.TaskID != nil) {
			if i, ok := together[key]; ok {
				out[i].Reminders = append(out[i].Reminders, r)
				if r.Kind == models.ReminderEscalate || r.Kind == models.ProblemEscalate {
					out[i].Kind = r.Kind // the escalation's message says the 催办's too
				}
				continue
			}
			together[key] = len(out)
		}
		if r.TaskID != nil && late && r.Kind != models.ReminderUrge {
			if i, ok := byTask[*r.TaskID]; ok {
				out[i].Reminders = append(out[i].Reminders, r)
				out[i].Kind = r.Kind // the latest kind says where the task stands
				continue
			}
			byTask[*r.TaskID] = len(out)
			out = append(out, models.Notice{ChatID: r.ChatID, TaskID: r.TaskID, Kind: r.Kind,
				Reminders: []models.Reminder{r}, CatchUp: true})
			continue
		}
		out = append(out, models.Notice{ChatID: r.ChatID, TaskID: r.TaskID, ProblemID: r.ProblemID, Kind: r.Kind,
			Reminders: []models.Reminder{r}, CatchUp: late && r.TaskID != nil})
	}
	return out
}

// togetherKey identifies rows that make one message.
type togetherKey struct {
	chat, task, problem uint
	publish, node       bool
	minute              int64
}

// sameMessage says which rows go out as one message with r: publications of
// its group due at the same minute, the 催办 and escalation of its task or
// problem, or the 催办 of its task's overdue nodes.
func sameMessage(r models.Reminder) (togetherKey, bool) {
	minute := r.DueAt.Unix() / 60
	switch {
	case r.TaskID == nil && r.Kind.IsPublication():
		return togetherKey{chat: r.ChatID, publish: true, minute: minute}, true
	case r.TaskID != nil && (r.Kind == models.ReminderOverdue || r.Kind == models.ReminderEscalate):
		return togetherKey{chat: r.ChatID, task: *r.TaskID, minute: minute}, true
	case r.TaskID != nil && r.Kind == models.ReminderNodeOverdue:
		// A task's overdue nodes are chased in one message a day.
		return togetherKey{chat: r.ChatID, task: *r.TaskID, node: true, minute: minute}, true
	case r.ProblemID != nil && (r.Kind == models.ProblemOverdue || r.Kind == models.ProblemEscalate):
		return togetherKey{chat: r.ChatID, problem: *r.ProblemID, minute: minute}, true
	}
	return togetherKey{}, false
}

// deliver sends one notice and records the outcome. ok reports whether a
// message went out.
func (d *Dispatcher) deliver(ctx context.Context, n models.Notice) (ok bool, err error) {
	ids := make([]uint, len(n.Reminders))
	attempts := 0
	for i, r := range n.Reminders {
		ids[i] = r.ID
		attempts = max(attempts, r.Attempts)
	}
	d.progressed(true)
	if d.Fence != nil {
		if err := d.Fence(ctx); err != nil {
			return false, err
		}
	}
	// The message in hand finishes even when a stop is asked for.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	msgID, sendErr := d.notifier.Notify(metrics.WithClass(sendCtx, classOf(n)), n)
	if sendErr == nil {
		if d.Metrics != nil {
			d.Metrics.ReminderLate(d.clock.Now().Sub(n.Reminders[0].DueAt))
		}
		// Marked only now that Telegram has the message: a crash before this
		// line repeats this one message, and loses nothing.
		return true, d.store.MarkRemindersSent(context.WithoutCancel(ctx), ids, msgID)
	}
	var gone interface{ Gone() bool }
	var wait interface{ RetryAfter() time.Duration }
	now := d.clock.Now()
	switch {
	case errors.As(sendErr, &gone) && gone.Gone():
		first, err := d.store.BlockChat(ctx, n.ChatID, sendErr.Error())
		if first {
			d.log.Warn("the bot can no longer write to a group; its reminders stop",
				slog.Uint64("chat", uint64(n.ChatID)), slog.String("err", sendErr.Error()))
		}
		return false, err
	case errors.As(sendErr, &wait):
		// Telegram asked the chat to wait. The outbox keeps that pause (the
		// notifier answers at once for a chat that waits, rather than hold
		// up the other chats); the rows wait with it.
		return false, d.store.RetryReminders(ctx, ids, now.Add(wait.RetryAfter()), sendErr.Error())
	case ctx.Err() != nil:
		return false, nil // shutting down: the rows stay due
	}
	delay := backoff(attempts)
	d.log.Warn("reminder not delivered; will retry", slog.Uint64("chat", uint64(n.ChatID)),
		slog.Duration("in", delay), slog.String("err", sendErr.Error()))
	if err := d.store.RetryReminders(ctx, ids, now.Add(delay), sendErr.Error()); err != nil {
		return false, fmt.Errorf("put off reminders: %w", err)
	}
	return false, nil
}

func (d *Dispatcher) progressed(busy bool) {
	if d.Progress != nil {
		d.Progress(busy)
	}
}

// classOf is the class a notice is counted in.
func classOf(n models.Notice) string {
	switch {
	case n.TaskID != nil:
		return metrics.Reminder
	case n.Kind.IsPublication():
		return metrics.Publication
	}
	return metrics.Digest
}

// backoff grows from 5 s to 10 min with ±20% jitter, so that many groups
// failing together do not retry together.
func backoff(attempts int) time.Duration {
	d := 5 * time.Second << min(attempts, 7)
	d = min(d, 10*time.Minute)
	jitter := time.Duration(rand.Int64N(int64(d) / 5 * 2))
	return d - d/5 + jitter
}
