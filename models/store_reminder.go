package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// pending selects reminders not sent and not given up.
const pending = "sent_at IS NULL AND failed_at IS NULL"

// groupPending selects a group's unsent digests and publications, through
// idx_reminders_group_pending (whose condition it repeats).
const groupPending = "task_id IS NULL AND " + pending

// plannedKinds are the kinds replanning replaces.
var plannedKinds = []ReminderKind{ReminderBefore, ReminderDue, ReminderOverdue, ReminderEscalate, ReminderAck, ReminderConfirm,
	ReminderNodeBefore, ReminderNodeDue, ReminderNodeOverdue}

// Replanning brings the planned reminders of waiting tasks in line with the
// planner's. A planned row that lies ahead and was never tried is
// replaceable: it stays if the planner plans the same row again, and goes
// otherwise, and only the planner's rows not stored yet are inserted, so a
// change that moves nothing (most settings) writes nothing. Rows due at the
// same time go out in the order of their ids, which the planner's order set
// when they were inserted; when a new row would fall due with one that
// stays, the task's replaceable rows are all replaced, to keep that order.
// A row that is already due but unsent (missed while the bot was down) or
// was tried and put off (a 429) is owed to the group: it stays as long as it
// still describes its task, so it goes out as a catch-up or on its retry;
// the planner would not plan it again. A task that no longer waits for
// work, or whose group the bot has left, loses every unsent reminder.

// replanTask brings a task's reminders in line with the task and its group,
// inside tx.
func (s *Store) replanTask(tx *gorm.DB, taskID uint, now time.Time) error {
	if s.planner == nil {
		return nil
	}
	var t Task // the planner reads the task's own columns, not its people
	if err := tx.Take(&t, taskID).Error; err != nil {
		return notFound(err)
	}
	var chat Chat
	if err := tx.Take(&chat, t.ChatID).Error; err != nil {
		return err
	}
	switch {
	case chat.BlockedAt != nil || !hasStatus(t.Status, chased):
		return tx.Where("task_id = ? AND "+pending, t.ID).Delete(&Reminder{}).Error
	case t.Status == StatusSubmitted:
		// Waiting for its assigner: only the 待确认 reminders remain.
		if err := tx.Where("task_id = ? AND kind <> ? AND "+pending, t.ID, ReminderConfirm).Delete(&Reminder{}).Error; err != nil {
			return err
		}
	}
	stored, err := plannedRows(tx, "task_id = ?", t.ID)
	if err != nil {
		return err
	}
	return s.planWaiting(tx, &chat, []Task{t}, stored, now)
}

// replanBatch is how many tasks replanChat plans at once: it bounds the
// tasks in memory and the rows of a statement, whatever the size of the
// group.
const replanBatch = 500

// replanChat replans every open task of a chat and its digests, after its
// settings changed, with set-based statements: one read of the group's
// planned rows, then per replanBatch tasks a read of the tasks, a DELETE
// of the rows the new plan drops and an INSERT of those it adds.
func (s *Store) replanChat(tx *gorm.DB, chatID uint, now time.Time) error {
	if s.planner == nil {
		return nil
	}
	var chat Chat
	if err := tx.Take(&chat, chatID).Error; err != nil {
		return err
	}
	// The rows of the whole group at once, without a join to its tasks or
	// a long IN list of them: such plans depend on statistics (PostgreSQL,
	// before it had analyzed a large change, took a nested loop and a
	// minute for 10,000 tasks).
	if chat.BlockedAt != nil {
		if err := tx.Where("chat_id = ? AND task_id IS NOT NULL AND "+pending, chatID).Delete(&Reminder{}).Error; err != nil {
			return err
		}
		return s.replanDigests(tx, chatID, now)
	}
	stored, err := plannedRows(tx, "chat_id = ?", chatID)
	if err != nil {
		return err
	}
	tasks := make([]Task, 0, replanBatch)
	for after := 0; ; after = tasks[len(tasks)-1].Number {
		tasks = tasks[:0]
		// By number: the (chat, number) index serves it in order.
		err := tx.Where("chat_id = ? AND number > ? AND status IN ?", chatID, after, working).
			Order("number").Limit(replanBatch).Find(&tasks).Error
		if err != nil {
			return err
		}
		if len(tasks) == 0 {
			break
		}
		if err := s.planWaiting(tx, &chat, tasks, stored, now); err != nil {
			return err
		}
	}
	if err := s.replanChatProblems(tx, chatID, now); err != nil {
		return err
	}
	if err := s.replanSeries(tx, chatID, now); err != nil { // 周期任务 (store_series.go)
		return err
	}
	return s.replanDigests(tx, chatID, now)
}

// plannedRows returns the unsent planned reminders that scope (a condition
// on reminders) selects, by task, with the columns a plan sets and the
// attempts. They are scanned by hand: through GORM's reflection, reading a
// group's rows cost more than replacing them.
func plannedRows(tx *gorm.DB, scope string, args ...any) (map[uint][]Reminder, error) {
	rows, err := tx.Model(&Reminder{}).
		Select("id", "task_id", "node_id", "kind", "due_at", "at", "offset", "ignore_quiet", "note", "actor_id", "attempts").
		Where(scope, args...).Where("kind IN ? AND "+pending, plannedKinds).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uint][]Reminder{}
	for rows.Next() {
		var r Reminder
		var task uint
		var actor, node sql.Null[uint]
		if err := rows.Scan(&r.ID, &task, &node, &r.Kind, &r.DueAt, &r.At, &r.Offset, &r.IgnoreQuiet, &r.Note, &actor, &r.Attempts); err != nil {
			return nil, err
		}
		r.TaskID = &task
		if node.Valid {
			r.NodeID = &node.V
		}
		if actor.Valid {
			r.ActorID = &actor.V
		}
		out[task] = append(out[task], r)
	}
	return out, rows.Err()
}

// planKey is what makes two planned rows the same reminder.
type planKey struct {
	task, actor     uint
	node            uint
	kind            ReminderKind
	at, due, offset int64
	ignoreQuiet     bool
	note            string
}

func keyOf(r *Reminder) planKey {
	k := planKey{kind: r.Kind, at: r.At.Unix(), due: r.DueAt.Unix(), offset: r.Offset, ignoreQuiet: r.IgnoreQuiet, note: r.Note}
	if r.TaskID != nil {
		k.task = *r.TaskID
	}
	if r.ActorID != nil {
		k.actor = *r.ActorID
	}
	if r.NodeID != nil {
		k.node = *r.NodeID
	}
	return k
}

// planWaiting replans tasks of chat that wait for work, given their stored
// planned rows (see Replanning above): it deletes what the new plan drops
// and inserts what it adds.
func (s *Store) planWaiting(tx *gorm.DB, chat *Chat, tasks []Task, stored map[uint][]Reminder, now time.Time) error {
	loc := chat.Location()
	var drop []uint
	var add []Reminder
	var replaceable, stale []*Reminder
	var kept []time.Time
	nodes, err := s.waitingNodes(tx, tasks)
	if err != nil {
		return err
	}
	for i := range tasks {
		t := &tasks[i]
		replaceable, kept = replaceable[:0], kept[:0]
		for j := range stored[t.ID] {
			r := &stored[t.ID][j]
			switch {
			case r.Attempts == 0 && r.DueAt.After(now):
				replaceable = append(replaceable, r)
			case !stillDescribes(r, t, nodes[t.ID], loc, now):
				drop = append(drop, r.ID)
			}
		}
		stale = append(stale[:0], replaceable...)
		plan, err := s.planTask(tx, chat, t, now)
		if err != nil {
			return err
		}
		plan = append(plan, s.planNodes(chat, t, nodes[t.ID], now)...)
		fresh := plan[:0:0]
		for j := range plan {
			p := &plan[j]
			p.DueAt, p.At = p.DueAt.Truncate(time.Second), p.At.Truncate(time.Second)
			k := keyOf(p)
			if at := slices.IndexFunc(stale, func(r *Reminder) bool { return keyOf(r) == k }); at >= 0 {
				kept = append(kept, stale[at].DueAt)
				stale = slices.Delete(stale, at, at+1)
				continue
			}
			fresh = append(fresh, *p)
		}
		tie := slices.ContainsFunc(fresh, func(p Reminder) bool { return slices.ContainsFunc(kept, p.DueAt.Equal) })
		if tie {
			stale, fresh = replaceable, plan
		}
		for _, r := range stale {
			drop = append(drop, r.ID)
		}
		add = append(add, fresh...)
	}
	for start := 0; start < len(drop); start += deleteBatch {
		if err := tx.Delete(&Reminder{}, drop[start:min(start+deleteBatch, len(drop))]).Error; err != nil {
			return err
		}
	}
	return insertReminders(tx, add, now)
}

// deleteBatch bounds the ids of one DELETE.
const deleteBatch = 1000

// stillDescribes reports whether an unsent, already due reminder still fits
// the task (its deadline may have moved since it was planned). Whole days
// before the deadline are counted on the calendar of the group's zone loc,
// as the planner does.
func stillDescribes(r *Reminder, t *Task, nodes []Node, loc *time.Location, now time.Time) bool {
	if (r.Kind == ReminderConfirm) != (t.Status == StatusSubmitted) {
		return false
	}
	if r.Kind.IsNode() {
		return nodeStillDescribes(r, nodes, loc, now)
	}
	if r.Kind == ReminderAck || r.Kind == ReminderConfirm {
		return true // who is still to act is looked at when it goes out
	}
	return fitsDeadline(r, t.Deadline, loc, now)
}

// fitsDeadline reports whether a reminder before, at or after a deadline
// (a task's or a node's) was planned for that deadline.
func fitsDeadline(r *Reminder, deadline time.Time, loc *time.Location, now time.Time) bool {
	switch r.Kind {
	case ReminderBefore, ReminderNodeBefore:
		off := time.Duration(r.Offset) * time.Second
		if off%(24*time.Hour) == 0 && r.At.Equal(deadline.In(loc).AddDate(0, 0, -int(off/(24*time.Hour)))) {
			return true
		}
		return r.At.Equal(deadline.Add(-off))
	case ReminderDue, ReminderNodeDue:
		return r.At.Equal(deadline)
	default: // overdue, escalate
		return deadline.Before(now)
	}
}

// insertBatch is how many reminder rows go into one INSERT (7,500 values:
// within SQLite's and PostgreSQL's limits). Smaller batches, small enough
// for the statement cache, cost twice the CPU in per-statement overhead.
const insertBatch = 500

// insertReminders stores planned reminders (their ids are not read back).
func insertReminders(tx *gorm.DB, rs []Reminder, now time.Time) error {
	for i := range rs {
		normalize(&rs[i], now)
	}
	return insertRows(tx, rs, insertBatch)
}

// normalize readies a reminder for storing: a new row, its times in UTC to
// the second, created now.
func normalize(r *Reminder, now time.Time) {
	r.ID = 0
	r.DueAt = r.DueAt.UTC().Truncate(time.Second)
	r.At = r.At.UTC().Truncate(time.Second)
	r.CreatedAt = now
}

// replanDigests replaces a chat's unsent digests with the planner's.
func (s *Store) replanDigests(tx *gorm.DB, chatID uint, now time.Time) error {
	var chat Chat
	if err := tx.Take(&chat, chatID).Error; err != nil {
		return err
	}
	var unsent []Reminder
	if err := tx.Where(groupPending+" AND chat_id = ? AND kind IN ?", chatID, GroupKinds).Find(&unsent).Error; err != nil {
		return err
	}
	// A digest or publication that is already due, or waiting for a retry,
	// still owes the group its message: keep it while the group still wants
	// that kind. Only what the planner would plan again is replaced.
	set := chat.Settings()
	var drop []uint
	for _, r := range unsent {
		owed := (r.Attempts > 0 || !r.DueAt.After(now)) && chat.IsGroup() && chat.BlockedAt == nil && wanted(r.Kind, set)
		if !owed {
			drop = append(drop, r.ID)
		}
	}
	if len(drop) > 0 {
		if err := tx.Delete(&Reminder{}, drop).Error; err != nil {
			return err
		}
	}
	if !chat.IsGroup() || chat.BlockedAt != nil {
		return nil
	}
	plan, err := s.planDigests(tx, &chat, now)
	if err != nil {
		return err
	}
	return insertReminders(tx, plan, now)
}

// wanted reports whether the group's settings still ask for a group
// reminder of this kind.
func wanted(k ReminderKind, set Settings) bool {
	switch k {
	case DigestWeekly:
		return set.WeeklyDigest != ""
	case DigestDaily:
		return set.DailyDigest != ""
	}
	return set.Publish
}

// PlanChanged receives a signal after each commit that changed the reminder
// plan, so that the dispatcher re-arms its timer. Signals coalesce (one
// pending signal stands for any number of changes) and never block the
// writer; the channel has one reader, the dispatcher.
func (s *Store) PlanChanged() <-chan struct{} { return s.planChanged }

// planned signals that the plan changed (after the commit).
func (s *Store) planned() {
	select {
	case s.planChanged <- struct{}{}:
	default: // a signal is pending already
	}
}

// NextReminderAt returns when the earliest unsent reminder is due; ok is
// false when none is. It reads one entry of a partial index.
func (s *Store) NextReminderAt(ctx context.Context) (at time.Time, ok bool, err error) {
	var r Reminder
	err = s.conn(ctx).Select("due_at").Where(pending).Order("due_at").Limit(1).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next reminder: %w", err)
	}
	return r.DueAt, true, nil
}

// DueReminders returns up to limit unsent reminders due at or before now,
// earliest first.
func (s *Store) DueReminders(ctx context.Context, now time.Time, limit int) ([]Reminder, error) {
	var rs []Reminder
	err := s.conn(ctx).Where(pending+" AND due_at <= ?", now.UTC()).
		Order("due_at, id").Limit(limit).Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	return rs, nil
}

// PendingReminders lists a chat's unsent reminders, earliest first (for
// /task and tests).
func (s *Store) PendingReminders(ctx context.Context, chatID uint) ([]Reminder, error) {
	var rs []Reminder
	if err := s.conn(ctx).Where("chat_id = ? AND "+pending, chatID).Order("due_at, id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("pending reminders: %w", err)
	}
	return rs, nil
}

// MarkRemindersSent records that Telegram accepted the message carrying the
// reminders, and plans what follows them (tomorrow's 催办, the next digest)
// in the same transaction.
func (s *Store) MarkRemindersSent(ctx context.Context, ids []uint, messageID int) error {
	now := s.Now()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var rs []Reminder
		if err := tx.Where("id IN ? AND sent_at IS NULL", ids).Find(&rs).Error; err != nil {
			return err
		}
		if err := tx.Model(&Reminder{}).Where("id IN ? AND sent_at IS NULL", ids).
			Updates(map[string]any{"sent_at": now, "message_id": messageID}).Error; err != nil {
			return err
		}
		tasks, digests := map[uint]bool{}, map[uint]bool{}
		for _, r := range rs {
			switch {
			case r.TaskID != nil && (r.Kind == ReminderOverdue || r.Kind == ReminderConfirm || r.Kind == ReminderNodeOverdue):
				tasks[*r.TaskID] = true // the next working day's
			case r.TaskID == nil && r.SeriesID == nil && r.ProblemID == nil:
				digests[r.ChatID] = true
			}
		}
		if messageID != 0 {
			if err := auditSent(tx, rs, now); err != nil {
				return err
			}
		}
		if err := s.problemsSent(tx, rs, now); err != nil {
			return err
		}
		for id := range tasks {
			if err := s.replanTask(tx, id, now); err != nil {
				return err
			}
		}
		for id := range digests {
			if err := s.replanDigests(tx, id, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark reminders %v sent: %w", ids, err)
	}
	s.planned()
	return nil
}

// sentEvents are the reminders a task's trail records when they went out:
// the automatic chasing, not every courtesy reminder before the deadline.
var sentEvents = map[ReminderKind]string{
	ReminderOverdue: EventChased, ReminderEscalate: EventEscalated,
	ReminderAck: EventAckReminded, ReminderConfirm: EventConfirmReminded,
}

// auditSent notes in each task's trail the chasing that one message
// carried: one event per task, for its weightiest kind (a 催办 sent with an
// escalation is one escalation; a catch-up names what the task needs now).
func auditSent(tx *gorm.DB, rs []Reminder, now time.Time) error {
	weight := map[ReminderKind]int{ReminderAck: 1, ReminderConfirm: 2, ReminderOverdue: 3, ReminderEscalate: 4}
	byTask := map[uint]Reminder{}
	var order []uint
	for _, r := range rs {
		if r.TaskID == nil || weight[r.Kind] == 0 {
			continue
		}
		prev, seen := byTask[*r.TaskID]
		if !seen {
			order = append(order, *r.TaskID)
		}
		if !seen || weight[r.Kind] > weight[prev.Kind] {
			byTask[*r.TaskID] = r
		}
	}
	for _, id := range order {
		r := byTask[id]
		taskID := id
		if err := audit(tx, r.ChatID, &taskID, Change{}, sentEvents[r.Kind], "", now); err != nil {
			return err
		}
	}
	return nil
}

// RetryReminders puts reminders off until at after a failed attempt.
func (s *Store) RetryReminders(ctx context.Context, ids []uint, at time.Time, reason string) error {
	err := s.conn(ctx).Model(&Reminder{}).Where("id IN ? AND "+pending, ids).Updates(map[string]any{
		"due_at": at.UTC().Truncate(time.Second), "attempts": gorm.Expr("attempts + 1"),
		"last_error": truncate(reason, 500)}).Error
	if err != nil {
		return fmt.Errorf("retry reminders %v: %w", ids, err)
	}
	s.planned()
	return nil
}

// AddReminder stores a reminder a person asked for (/remind, /urge).
func (s *Store) AddReminder(ctx context.Context, c Change, r Reminder) (*Reminder, error) {
	if err := CheckLength("detail", r.Note, MaxDetailRunes); err != nil {
		return nil, err
	}
	if r.TaskID == nil {
		return nil, fmt.Errorf("%w: a reminder needs a task", ErrInvalid)
	}
	if c.ActorID != 0 {
		id := c.ActorID
		r.ActorID = &id
	}
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		normalize(&r, now)
		if err := tx.Create(&r).Error; err != nil { // with its id, for the caller
			return err
		}
		return audit(tx, r.ChatID, r.TaskID, c, "reminder_"+string(r.Kind), r.Note, now)
	})
	if err != nil {
		return nil, fmt.Errorf("add reminder: %w", err)
	}
	s.planned()
	return &r, nil
}

// truncate cuts s to at most n bytes, between runes (PostgreSQL refuses a
// text cut inside a character).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
