package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// Calendar is the national working-day calendar the bot is given
// (*workday.Calendar): what the deadline parser needs, and whether a year's
// State Council notice is loaded.
type Calendar interface {
	deadline.Calendar
	HasNotice(year int) bool
}

// calendar is the calendar deadlines are read on here: in a group, the
// national one with the days its leaders changed (/holiday) laid over it.
func (r *request) calendar(ctx context.Context) (deadline.Calendar, error) {
	return r.b.chatCalendar(ctx, r.chat)
}

// chatCalendar is a chat's calendar: for a group, the national one with the
// days its leaders changed (/holiday) laid over it.
func (b *Bot) chatCalendar(ctx context.Context, chat *models.Chat) (deadline.Calendar, error) {
	if !chat.IsGroup() {
		return b.cal, nil
	}
	days, err := b.store.HolidayDays(ctx, chat.ID)
	if err != nil {
		return nil, err
	}
	if len(days) == 0 {
		return b.cal, nil
	}
	return workday.WithOverrides(b.cal, days), nil
}

// parseDeadline is deadline.Parse on the group's calendar, now. A failure
// to load the calendar is returned as it is (not an *deadline.Error).
func (r *request) parseDeadline(ctx context.Context, text string) (deadline.Deadline, error) {
	cal, err := r.calendar(ctx)
	if err != nil {
		return deadline.Deadline{}, err
	}
	return deadline.Parse(text, r.localNow(), cal)
}

// findDeadline is deadline.Find on the group's calendar, now.
func (r *request) findDeadline(ctx context.Context, text string) (deadline.Deadline, string, error) {
	cal, err := r.calendar(ctx)
	if err != nil {
		return deadline.Deadline{}, text, err
	}
	return deadline.Find(text, r.localNow(), cal)
}

// examples are deadline phrases that work now, to show after a deadline
// that does not: their date is computed from now, never a fixed one that
// may have passed.
func (r *request) examples() string {
	return "「" + strings.Join(deadline.Examples(r.localNow()), "」「") + "」"
}

// englishExamples is examples for English clients.
func (r *request) englishExamples() string {
	return `"` + strings.Join(deadline.EnglishExamples(r.localNow()), `", "`) + `"`
}

// isDeadlineError reports whether err says why a phrase is no usable
// deadline (rather than that something failed while reading it).
func isDeadlineError(err error) bool {
	var de *deadline.Error
	return errors.As(err, &de) || errors.Is(err, deadline.ErrNoDeadline)
}

// whenNote is the convention behind a reading, as a line for /when.
func whenNote(d deadline.Deadline) string {
	if d.Note == "" {
		return ""
	}
	return "\n说明：" + escape(d.Note)
}

// refuseDeadline explains why a deadline phrase cannot be used.
func (r *request) refuseDeadline(ctx context.Context, err error) error {
	if !isDeadlineError(err) {
		return err // the group's calendar could not be read: an internal error
	}
	reason, reasonEn := deadlineReasons(err)
	return r.fail(ctx, reason+"\n可以这样写："+r.examples(),
		reasonEn+"\nTry e.g. "+r.englishExamples())
}

// deadlineReasons says, in Chinese and in English, why a deadline phrase
// cannot be used.
func deadlineReasons(err error) (zh, en string) {
	var de *deadline.Error
	if !errors.As(err, &de) {
		return "无法识别截止时间。", "I cannot read that deadline."
	}
	return de.Reason, englishReason(de)
}

// englishReason says in English why a deadline phrase cannot be used (the
// parser explains in Chinese only).
func englishReason(de *deadline.Error) string {
	switch de.Kind {
	case deadline.Past:
		return fmt.Sprintf("%q has already passed.", de.Phrase)
	case deadline.Impossible:
		return fmt.Sprintf("%q is not a possible date or time.", de.Phrase)
	case deadline.Vague:
		return fmt.Sprintf("%q sets no time; please give a date.", de.Phrase)
	case deadline.Empty:
		return "No deadline was given."
	}
	return fmt.Sprintf("%q is not a deadline I understand.", de.Phrase)
}
