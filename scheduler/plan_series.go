package scheduler

import (
	"errors"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

var _ models.SeriesPlanner = (*Planner)(nil)

// CheckRule reads a recurring rule and returns its canonical text (the
// form a card shows after 周期：), which the store keeps.
func (p *Planner) CheckRule(rule string) (string, error) {
	r, err := deadline.ParseRule(rule)
	if err != nil {
		return "", err
	}
	return r.String(), nil
}

// errNoOccurrence: the rule never falls due on the group's calendar.
var errNoOccurrence = errors.New("the rule has no occurrence within a year")

// NextOccurrence returns the deadline of a series' next instance after
// after: the rule's next occurrence in the group's zone, on the group's
// calendar (days off move it to the previous working day; see
// deadline.Rule.Next).
func (p *Planner) NextOccurrence(chat *models.Chat, rule string, after time.Time) (time.Time, error) {
	r, err := deadline.ParseRule(rule)
	if err != nil {
		return time.Time{}, err
	}
	var cal deadline.Workdays
	if c := p.calendar(chat); c != nil {
		cal = c
	}
	at := r.Next(after, chat.Location(), cal)
	if at.IsZero() {
		return time.Time{}, errNoOccurrence
	}
	return at, nil
}
