package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Extensions (延期): an assignee asks for a later deadline, a leader decides.

// RequestExtension records an assignee's request for a later deadline (延期).
// One request per task may wait at a time.
func (s *Store) RequestExtension(ctx context.Context, c Change, taskID, userID uint, newDeadline time.Time, phrase, reason string) (*ExtensionRequest, error) {
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	var req ExtensionRequest
	_, err := s.change(ctx, c, taskID, working, func(tx *gorm.DB, t *Task, now time.Time) error {
		if !t.IsAssignee(userID) {
			return ErrNotAssignee
		}
		nd := newDeadline.UTC().Truncate(time.Second)
		if !nd.After(t.Deadline) {
			return fmt.Errorf("%w: the new deadline is not after the current one", ErrInvalid)
		}
		late := now.After(t.Deadline)
		if late {
			var chat Chat
			if err := tx.Select("late_extension").Take(&chat, t.ChatID).Error; err != nil {
				return err
			}
			if !chat.LateExtension {
				return ErrPastDeadline
			}
		}
		var pending int64
		if err := tx.Model(&ExtensionRequest{}).Where("task_id = ? AND status = ?", taskID, ExtensionPending).
			Count(&pending).Error; err != nil {
			return err
		}
		if pending > 0 {
			return ErrExists
		}
		req = ExtensionRequest{TaskID: taskID, RequesterID: userID, OldDeadline: t.Deadline, NewDeadline: nd,
			Phrase: phrase, Reason: reason, Status: ExtensionPending, Late: late, CreatedAt: now}
		if err := tx.Create(&req).Error; err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, EventExtensionRequested, extensionDetail(&req, reason), now)
	})
	if err != nil {
		return nil, fmt.Errorf("request extension of task %d: %w", taskID, err)
	}
	return &req, nil
}

// extensionDetail is the trail's record of an extension: the deadline asked
// for, and why.
func extensionDetail(req *ExtensionRequest, reason string) string {
	return EventDetail{Changes: []FieldChange{{Field: "deadline", Old: req.OldDeadline.UTC().Format(time.RFC3339),
		New: req.NewDeadline.UTC().Format(time.RFC3339)}}, Note: reason}.String()
}

// ExtensionByID returns an extension request.
func (s *Store) ExtensionByID(ctx context.Context, id uint) (*ExtensionRequest, error) {
	return takeByID[ExtensionRequest](s.conn(ctx).Preload("Requester"), id, "extension")
}

// DecideExtension approves or rejects a waiting request. Approval makes the
// new deadline the one in force; the original deadline stays on record.
func (s *Store) DecideExtension(ctx context.Context, c Change, requestID uint, approve bool) (*ExtensionRequest, *Task, error) {
	var req ExtensionRequest
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		if err := tx.Take(&req, requestID).Error; err != nil {
			return notFound(err)
		}
		if req.Status != ExtensionPending {
			return ErrDecided
		}
		var t Task
		if err := tx.Take(&t, req.TaskID).Error; err != nil {
			return notFound(err)
		}
		status, kind := ExtensionRejected, EventExtensionRejected
		if approve {
			if !t.Status.Open() || t.Status == StatusPosted {
				return &StatusError{Status: t.Status}
			}
			status, kind = ExtensionApproved, EventExtensionApproved
			cols := map[string]any{"deadline": req.NewDeadline, "deadline_phrase": req.Phrase,
				"extensions": gorm.Expr("extensions + 1"), "updated_at": now}
			if req.Late {
				// Asked after the deadline: the task stays late for it.
				cols["missed_deadline"] = t.DueSince()
			}
			if err := tx.Model(&t).Updates(cols).Error; err != nil {
				return err
			}
		}
		actor := c.ActorID
		req.Status, req.DeciderID, req.DecidedAt = status, &actor, &now
		if err := tx.Model(&req).Updates(map[string]any{"status": status, "decider_id": actor, "decided_at": now}).Error; err != nil {
			return err
		}
		if err := audit(tx, t.ChatID, &t.ID, c, kind, extensionDetail(&req, ""), now); err != nil {
			return err
		}
		return s.replanTask(tx, t.ID, now)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("decide extension %d: %w", requestID, err)
	}
	s.planned()
	t, err := s.TaskByID(ctx, req.TaskID)
	if err != nil {
		return nil, nil, err
	}
	return &req, t, nil
}
