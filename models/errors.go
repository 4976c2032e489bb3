package models

import "errors"

// Errors returned by the store. Callers test them with errors.Is and turn
// them into messages for people; anything else is an internal failure.
var (
	ErrNotFound        = errors.New("not found")
	ErrDuplicateUpdate = errors.New("update already processed")
	ErrWrongStatus     = errors.New("the task's status does not allow this")
	ErrNotAssignee     = errors.New("not an assignee of the task")
	ErrAlreadyClaimed  = errors.New("the task has been claimed already")
	ErrExists          = errors.New("already exists")
	ErrInvalid         = errors.New("invalid value")
	ErrDecided         = errors.New("the request has been decided already")
	// ErrPastDeadline refuses an extension asked after the deadline in
	// force, unless the group allows it (逾期后延期 允许).
	ErrPastDeadline = errors.New("the deadline has passed")
)
