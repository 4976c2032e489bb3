package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Problem errors, for the bot to explain.
var (
	// ErrNoOwner refuses a problem without a responsible person or unit.
	ErrNoOwner = errors.New("a problem needs a responsible person or unit")
	// ErrNoSolveDeadline refuses an answer that neither solves the problem
	// nor commits to a date (一时解决不了的也要明确时限).
	ErrNoSolveDeadline = errors.New("an answer needs a solve deadline")
)

// ProblemStatusError says the problem's status does not allow a change.
type ProblemStatusError struct{ Status ProblemStatus }

func (e *ProblemStatusError) Error() string { return "problem is " + string(e.Status) }

// Is makes errors.Is(err, ErrWrongStatus) hold.
func (e *ProblemStatusError) Is(target error) bool { return target == ErrWrongStatus }

// NewProblem is what recording a problem gives.
type NewProblem struct {
	ChatID        uint
	Enterprise    string
	Description   string
	UnitName      string
	OwnerID       *uint
	RecorderID    uint
	ReplyDeadline time.Time
	ReplyPhrase   string
	ThreadID      int
}

// Validate checks a new problem before anything is written.
func (n *NewProblem) Validate() error {
	switch {
	case strings.TrimSpace(n.Enterprise) == "":
		return fmt.Errorf("%w: no enterprise", ErrInvalid)
	case strings.TrimSpace(n.Description) == "":
		return fmt.Errorf("%w: no description", ErrInvalid)
	case n.OwnerID == nil && strings.TrimSpace(n.UnitName) == "":
		return ErrNoOwner
	case n.ReplyDeadline.IsZero() || n.ChatID == 0 || n.RecorderID == 0:
		return fmt.Errorf("%w: no reply deadline, chat or recorder", ErrInvalid)
	}
	if err := CheckLength("enterprise", n.Enterprise, MaxEnterpriseRunes); err != nil {
		return err
	}
	if err := CheckLength("detail", n.Description, MaxDetailRunes); err != nil {
		return err
	}
	return CheckLength("unit", n.UnitName, MaxUnitRunes)
}

// CreateProblem records a problem, numbered P1, P2, … in its group, with its
// audit event and reminders, in one transaction.
func (s *Store) CreateProblem(ctx context.Context, c Change, n NewProblem) (*Problem, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var p Problem
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		res := tx.Exec("UPDATE chats SET last_problem_number = last_problem_number + 1 WHERE id = ?", n.ChatID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("chat #%d: %w", n.ChatID, ErrNotFound)
		}
		var chat Chat
		if err := tx.Take(&chat, n.ChatID).Error; err != nil {
			return err
		}
		reply := n.ReplyDeadline.UTC().Truncate(time.Second)
		p = Problem{ChatID: n.ChatID, Number: chat.LastProblemNumber, Enterprise: strings.TrimSpace(n.Enterprise),
			Description: strings.TrimSpace(n.Description), UnitName: strings.TrimSpace(n.UnitName), OwnerID: n.OwnerID,
			RecorderID: n.RecorderID, Status: ProblemAwaitReply, DueAt: &reply, ReplyDeadline: reply,
			ReplyPhrase: n.ReplyPhrase, ThreadID: n.ThreadID, CreatedAt: now, UpdatedAt: now}
		if err := tx.Omit("Owner").Create(&p).Error; err != nil {
			return err
		}
		if err := ensureUnit(tx, p.ChatID, p.UnitName, now); err != nil {
			return err
		}
		if err := auditProblem(tx, &p, c, EventProblemRecorded, p.Enterprise+"："+p.Description, now); err != nil {
			return err
		}
		return s.replanProblem(tx, &p, now)
	})
	if err != nil {
		return nil, fmt.Errorf("create problem: %w", err)
	}
	s.planned()
	return s.ProblemByID(ctx, p.ID)
}

// ProblemByID returns a problem with its responsible person.
func (s *Store) ProblemByID(ctx context.Context, id uint) (*Problem, error) {
	return takeByID[Problem](s.conn(ctx).Preload("Owner"), id, "problem")
}

// ProblemByNumber returns problem Pn of a chat.
func (s *Store) ProblemByNumber(ctx context.Context, chatID uint, n int) (*Problem, error) {
	var p Problem
	err := s.conn(ctx).Preload("Owner").Where("chat_id = ? AND number = ?", chatID, n).Take(&p).Error
	if err != nil {
		return nil, fmt.Errorf("problem P%d: %w", n, notFound(err))
	}
	return &p, nil
}

// Answer is an answer to a problem: Solved closes it at once; otherwise
// SolveDeadline is the committed date.
type Answer struct {
	Text          string
	Solved        bool
	SolveDeadline time.Time
	Phrase        string
	NeedConfirm   bool
}

// AnswerProblem records the answer (答复) to a problem that waits for one.
func (s *Store) AnswerProblem(ctx context.Context, c Change, id uint, a Answer) (*Problem, error) {
	if strings.TrimSpace(a.Text) == "" {
		return nil, fmt.Errorf("%w: empty answer", ErrInvalid)
	}
	if err := CheckLength("detail", a.Text, MaxDetailRunes); err != nil {
		return nil, err
	}
	if !a.Solved && a.SolveDeadline.IsZero() {
		return nil, ErrNoSolveDeadline
	}
	return s.changeProblem(ctx, c, id, []ProblemStatus{ProblemAwaitReply}, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		if p.AnsweredAt == nil { // a returned problem answered again keeps its first answer's time
			p.AnsweredAt = &now
		}
		p.Answer = strings.TrimSpace(a.Text)
		if a.Solved {
			submit(p, a.NeedConfirm, now)
			return EventProblemAnswered, p.Answer + "（已解决）", nil
		}
		d := a.SolveDeadline.UTC().Truncate(time.Second)
		p.SolveDeadline, p.SolvePhrase, p.Status, p.DueAt = &d, a.Phrase, ProblemAwaitSolve, &d
		if p.OriginalSolveDeadline == nil {
			p.OriginalSolveDeadline = &d
		}
		return EventProblemAnswered, p.Answer + "（解决时限 " + a.Phrase + "）", nil
	})
}

// submit marks a problem reported solved: waiting for confirmation, or
// solved at once.
func submit(p *Problem, needConfirm bool, now time.Time) {
	p.SubmittedAt, p.DueAt = &now, nil
	if needConfirm {
		p.Status = ProblemSubmitted
		return
	}
	p.Status, p.SolvedAt = ProblemSolved, &now
}

// SolveProblem records that a problem was solved (/solve). An unanswered
// problem counts as answered by it.
func (s *Store) SolveProblem(ctx context.Context, c Change, id uint, note string, needConfirm bool) (*Problem, error) {
	if err := CheckLength("detail", note, MaxDetailRunes); err != nil {
		return nil, err
	}
	return s.changeProblem(ctx, c, id, []ProblemStatus{ProblemAwaitReply, ProblemAwaitSolve}, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		if p.AnsweredAt == nil {
			p.AnsweredAt = &now
			if p.Answer == "" {
				p.Answer = note
			}
		}
		p.SolveNote = note
		submit(p, needConfirm, now)
		kind := EventProblemSolved
		if needConfirm {
			kind = EventProblemSubmitted
		}
		return kind, note, nil
	})
}

// ConfirmProblem confirms a reported solution (确认解决).
func (s *Store) ConfirmProblem(ctx context.Context, c Change, id uint) (*Problem, error) {
	return s.changeProblem(ctx, c, id, []ProblemStatus{ProblemSubmitted}, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		p.Status, p.SolvedAt = ProblemSolved, &now
		return EventProblemSolved, "", nil
	})
}

// ReturnProblem sends a reported solution back (退回): to 待解决 on its
// committed date, or to 待答复 when it was solved in its answer and so has
// no date.
func (s *Store) ReturnProblem(ctx context.Context, c Change, id uint, reason string) (*Problem, error) {
	if err := checkDetail("reason", reason, "no reason"); err != nil {
		return nil, err
	}
	return s.changeProblem(ctx, c, id, []ProblemStatus{ProblemSubmitted}, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		p.SubmittedAt = nil
		if p.SolveDeadline != nil {
			p.Status, p.DueAt = ProblemAwaitSolve, p.SolveDeadline
		} else {
			p.Status, p.DueAt = ProblemAwaitReply, &p.ReplyDeadline
		}
		return EventProblemReturned, reason, nil
	})
}

// CancelProblem withdraws a problem (已撤销) with a reason.
func (s *Store) CancelProblem(ctx context.Context, c Change, id uint, reason string) (*Problem, error) {
	if err := checkDetail("reason", reason, "no reason"); err != nil {
		return nil, err
	}
	return s.changeProblem(ctx, c, id, openProblem, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		p.Status, p.CancelledAt, p.CancelReason, p.DueAt = ProblemCancelled, &now, reason, nil
		return EventProblemCancelled, reason, nil
	})
}

// ProblemProgress records a progress report on an open problem (/progress Pn).
func (s *Store) ProblemProgress(ctx context.Context, c Change, id uint, text string) (*Problem, error) {
	if err := checkDetail("detail", text, "empty report"); err != nil {
		return nil, err
	}
	return s.changeProblem(ctx, c, id, openProblem, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		return EventProblemProgress, text, nil
	})
}

// ProblemEdit is one field changed by /edit Pn: exactly one is set.
type ProblemEdit struct {
	Enterprise, Description, Unit *string
	OwnerID                       *uint
	OwnerName                     string // for the trail
}

// EditProblem changes the enterprise, description, unit or responsible
// person of an open problem. It never leaves it ownerless.
func (s *Store) EditProblem(ctx context.Context, c Change, id uint, e ProblemEdit) (*Problem, error) {
	return s.changeProblem(ctx, c, id, openProblem, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		var ch FieldChange
		switch {
		case e.Enterprise != nil:
			v := strings.TrimSpace(*e.Enterprise)
			if err := checkText("enterprise", v, MaxEnterpriseRunes, "no enterprise"); err != nil {
				return "", "", err
			}
			ch, p.Enterprise = FieldChange{Field: "enterprise", Old: p.Enterprise, New: v}, v
		case e.Description != nil:
			v := strings.TrimSpace(*e.Description)
			if err := checkText("detail", v, MaxDetailRunes, "no description"); err != nil {
				return "", "", err
			}
			ch, p.Description = FieldChange{Field: "description", Old: p.Description, New: v}, v
		case e.Unit != nil:
			v := strings.TrimSpace(*e.Unit)
			if v == "" && p.OwnerID == nil {
				return "", "", ErrNoOwner
			}
			if err := CheckLength("unit", v, MaxUnitRunes); err != nil {
				return "", "", err
			}
			if err := ensureUnit(tx, p.ChatID, v, now); err != nil {
				return "", "", err
			}
			ch, p.UnitName = FieldChange{Field: "problem_unit", Old: p.UnitName, New: v}, v
		case e.OwnerID != nil:
			old := ""
			if p.Owner != nil {
				old = p.Owner.DisplayName()
			}
			ch, p.OwnerID, p.Owner = FieldChange{Field: "owner", Old: old, New: e.OwnerName}, e.OwnerID, nil
		default:
			return "", "", fmt.Errorf("%w: nothing to change", ErrInvalid)
		}
		return EventProblemEdited, EventDetail{Changes: []FieldChange{ch}}.String(), nil
	})
}

// RequestProblemExtension asks for a later 解决时限 for a problem waiting to
// be solved; a leader decides.
func (s *Store) RequestProblemExtension(ctx context.Context, c Change, id uint, newDeadline time.Time, phrase, reason string) (*ProblemExtension, error) {
	if err := CheckLength("reason", reason, MaxDetailRunes); err != nil {
		return nil, err
	}
	var x ProblemExtension
	_, err := s.changeProblem(ctx, c, id, []ProblemStatus{ProblemAwaitSolve}, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		if !newDeadline.After(*p.SolveDeadline) {
			return "", "", fmt.Errorf("%w: the new deadline is not later", ErrInvalid)
		}
		x = ProblemExtension{ChatID: p.ChatID, ProblemID: p.ID, RequesterID: c.ActorID, OldDeadline: *p.SolveDeadline,
			NewDeadline: newDeadline.UTC().Truncate(time.Second), Phrase: phrase, Reason: reason,
			Status: ExtensionPending, CreatedAt: now}
		if err := tx.Create(&x).Error; err != nil {
			return "", "", err
		}
		return EventProblemExtRequest, phrase + "：" + reason, nil
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// ProblemExtensionByID returns an extension request.
func (s *Store) ProblemExtensionByID(ctx context.Context, id uint) (*ProblemExtension, error) {
	return takeByID[ProblemExtension](s.conn(ctx), id, "problem extension")
}

// DecideProblemExtension approves or refuses a pending request. Approved,
// the new date is the one in force; the first committed date is kept.
func (s *Store) DecideProblemExtension(ctx context.Context, c Change, extID uint, approve bool) (*ProblemExtension, *Problem, error) {
	x, err := s.ProblemExtensionByID(ctx, extID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.changeProblem(ctx, c, x.ProblemID, openProblem, func(tx *gorm.DB, p *Problem, now time.Time) (string, string, error) {
		res := tx.Model(&ProblemExtension{}).Where("id = ? AND status = ?", x.ID, ExtensionPending).
			Updates(map[string]any{"status": map[bool]ExtensionStatus{true: ExtensionApproved, false: ExtensionRejected}[approve],
				"decider_id": c.ActorID, "decided_at": now})
		if res.Error != nil {
			return "", "", res.Error
		}
		if res.RowsAffected == 0 {
			return "", "", ErrDecided
		}
		if !approve {
			return EventProblemExtRejected, x.Phrase, nil
		}
		if p.Status != ProblemAwaitSolve {
			return "", "", &ProblemStatusError{p.Status}
		}
		d := x.NewDeadline
		p.SolveDeadline, p.SolvePhrase, p.DueAt, p.Extensions = &d, x.Phrase, &d, p.Extensions+1
		return EventProblemExtApproved, x.Phrase, nil
	})
	if err != nil {
		return nil, nil, err
	}
	x, err = s.ProblemExtensionByID(ctx, extID)
	return x, p, err
}

// changeProblem loads a problem in one of the statuses allowed, lets fn
// change it and name the audit event, and saves it with the event and its
// replanned reminders, in one transaction.
func (s *Store) changeProblem(ctx context.Context, c Change, id uint, allowed []ProblemStatus,
	fn func(tx *gorm.DB, p *Problem, now time.Time) (kind, detail string, err error)) (*Problem, error) {
	var p Problem
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := tx.Preload("Owner").Take(&p, id).Error; err != nil {
			return notFound(err)
		}
		ok := false
		for _, st := range allowed {
			ok = ok || p.Status == st
		}
		if !ok {
			return &ProblemStatusError{p.Status}
		}
		kind, detail, err := fn(tx, &p, now)
		if err != nil {
			return err
		}
		p.UpdatedAt = now
		if err := tx.Omit("Owner", "CreatedAt").Save(&p).Error; err != nil {
			return err
		}
		if err := auditProblem(tx, &p, c, kind, detail, now); err != nil {
			return err
		}
		return s.replanProblem(tx, &p, now)
	})
	if err != nil {
		return nil, fmt.Errorf("problem %d: %w", id, err)
	}
	s.planned()
	return s.ProblemByID(ctx, id)
}

// auditProblem appends an event to a problem's trail inside tx.
func auditProblem(tx *gorm.DB, p *Problem, c Change, kind, detail string, now time.Time) error {
	if _, ok := eventLabels[kind]; !ok {
		return fmt.Errorf("audit kind %q has no label", kind)
	}
	id := p.ID
	e := AuditEvent{ChatID: p.ChatID, ProblemID: &id, Kind: kind, Detail: detail, CreatedAt: now}
	if c.ActorID != 0 {
		actor := c.ActorID
		e.ActorID = &actor
	}
	return tx.Omit("Actor").Create(&e).Error
}

// ProblemHistory is a problem's extension requests and audit trail.
type ProblemHistory struct {
	Extensions []ProblemExtension
	Events     []AuditEvent
}

// ProblemTrail returns a problem's history.
func (s *Store) ProblemTrail(ctx context.Context, id uint) (*ProblemHistory, error) {
	var h ProblemHistory
	db := s.conn(ctx)
	if err := db.Where("problem_id = ?", id).Order("created_at, id").Find(&h.Extensions).Error; err != nil {
		return nil, fmt.Errorf("extensions of problem %d: %w", id, err)
	}
	if err := db.Preload("Actor").Where("problem_id = ?", id).Order("created_at, id").Find(&h.Events).Error; err != nil {
		return nil, fmt.Errorf("trail of problem %d: %w", id, err)
	}
	return &h, nil
}

// AddProblemReminder stores a reminder a person asked for on a problem
// (/urge Pn, /remind Pn), with its audit event.
func (s *Store) AddProblemReminder(ctx context.Context, c Change, p *Problem, r Reminder) error {
	if err := CheckLength("detail", r.Note, MaxDetailRunes); err != nil {
		return err
	}
	id := p.ID
	r.ChatID, r.ProblemID, r.TaskID = p.ChatID, &id, nil
	if c.ActorID != 0 {
		actor := c.ActorID
		r.ActorID = &actor
	}
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		normalize(&r, now)
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		kind := EventExtraReminder
		if r.Kind == ReminderUrge {
			kind = EventUrge
		}
		return auditProblem(tx, p, c, kind, r.Note, now)
	})
	if err != nil {
		return fmt.Errorf("add problem reminder: %w", err)
	}
	s.planned()
	return nil
}

// replanProblem replaces a problem's unsent planned reminders with the
// planner's, inside tx. A problem that waits for nothing, or whose group
// the bot has left, keeps none.
func (s *Store) replanProblem(tx *gorm.DB, p *Problem, now time.Time) error {
	if err := tx.Where("problem_id = ? AND kind IN ? AND "+pending, p.ID, problemPlanned).Delete(&Reminder{}).Error; err != nil {
		return err
	}
	return s.planProblem(tx, p, now)
}

// replanAfterSent plans what follows a problem reminder that went out (the
// next working day's 催办). Rows already due and not yet sent (an
// escalation of the same minute) stay: the problem has not changed.
func (s *Store) replanAfterSent(tx *gorm.DB, p *Problem, now time.Time) error {
	if err := tx.Where("problem_id = ? AND kind IN ? AND attempts = 0 AND due_at > ? AND "+pending, p.ID, problemPlanned, now).
		Delete(&Reminder{}).Error; err != nil {
		return err
	}
	return s.planProblem(tx, p, now)
}

// planProblem inserts the planner's reminders of a problem, inside tx.
func (s *Store) planProblem(tx *gorm.DB, p *Problem, now time.Time) error {
	pp, ok := s.planner.(ProblemPlanner)
	if !ok || !p.Status.Waiting() {
		return nil
	}
	var chat Chat
	if err := tx.Take(&chat, p.ChatID).Error; err != nil {
		return err
	}
	if chat.BlockedAt != nil {
		return nil
	}
	if err := s.withHolidays(tx, &chat); err != nil {
		return err
	}
	return insertReminders(tx, pp.PlanProblem(&chat, p, now), now)
}

// replanChatProblems replans every open problem of a chat (its settings or
// days changed).
func (s *Store) replanChatProblems(tx *gorm.DB, chatID uint, now time.Time) error {
	if _, ok := s.planner.(ProblemPlanner); !ok {
		return nil
	}
	var ps []Problem
	if err := tx.Where("chat_id = ? AND status IN ?", chatID, []ProblemStatus{ProblemAwaitReply, ProblemAwaitSolve}).Find(&ps).Error; err != nil {
		return err
	}
	for i := range ps {
		if err := s.replanProblem(tx, &ps[i], now); err != nil {
			return err
		}
	}
	return nil
}

// problemsSent follows problem reminders that went out: the 催办 or, when
// one message carried both, the escalation is noted in the trail, and the
// next working day's 催办 is planned.
func (s *Store) problemsSent(tx *gorm.DB, rs []Reminder, now time.Time) error {
	events := map[ReminderKind]string{ProblemOverdue: EventChased, ProblemEscalate: EventEscalated}
	weightiest := map[uint]ReminderKind{}
	var order []uint
	for _, r := range rs {
		if r.ProblemID == nil || events[r.Kind] == "" {
			continue
		}
		prev, seen := weightiest[*r.ProblemID]
		if !seen {
			order = append(order, *r.ProblemID)
		}
		if !seen || prev != ProblemEscalate {
			weightiest[*r.ProblemID] = r.Kind
		}
	}
	for _, id := range order {
		var p Problem
		if err := tx.Take(&p, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				continue
			}
			return err
		}
		if err := auditProblem(tx, &p, Change{}, events[weightiest[id]], "", now); err != nil {
			return err
		}
		if err := s.replanAfterSent(tx, &p, now); err != nil {
			return err
		}
	}
	return nil
}

// mergeProblems moves a group's problems to the id it merges into (group →
// supergroup), numbered after the problems already there.
func mergeProblems(tx *gorm.DB, old, fresh *Chat) error {
	if err := renumber(tx, &Problem{}, "last_problem_number", old.ID, fresh.ID, old.LastProblemNumber, nil); err != nil {
		return err
	}
	return tx.Model(&ProblemExtension{}).Where("chat_id = ?", fresh.ID).UpdateColumn("chat_id", old.ID).Error
}
