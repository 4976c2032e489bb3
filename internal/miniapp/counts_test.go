package miniapp

import (
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/models"
)

func TestCountsInTheGroupsZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	sh := models.Zone("Asia/Shanghai")
	// Sunday 2026-11-29 22:00 in New York is already Monday 30th in Shanghai.
	now := time.Date(2026, 11, 29, 22, 0, 0, 0, ny)
	at := func(loc *time.Location, m time.Month, d, h int) time.Time {
		return time.Date(2026, m, d, h, 0, 0, 0, loc)
	}
	ptr := func(t time.Time) *time.Time { return &t }
	task := func(s models.Status, deadline time.Time, done *time.Time) models.Task {
		return models.Task{Status: s, Deadline: deadline, DoneAt: done}
	}
	tasks := []models.Task{
		task(models.StatusTodo, at(ny, 11, 29, 18), nil),                          // overdue; due in both zones' week
		task(models.StatusDoing, at(ny, 11, 30, 18), nil),                         // next week in NY, this week in Shanghai
		task(models.StatusSubmitted, at(ny, 11, 25, 18), nil),                     // open, not overdue (submitted); last week in Shanghai
		task(models.StatusPosted, at(ny, 11, 26, 18), nil),                        // listed: not counted as open
		task(models.StatusDone, at(ny, 11, 20, 18), ptr(at(ny, 11, 29, 21))),      // done in November in both zones
		task(models.StatusDone, at(ny, 10, 20, 18), ptr(at(ny, 10, 31, 23))),      // October in NY, 1 November in Shanghai
		task(models.StatusCancelled, at(ny, 11, 24, 18), ptr(at(ny, 11, 24, 19))), // cancelled: nothing
	}
	tests := []struct {
		loc  *time.Location
		want counts
	}{
		{ny, counts{Open: 3, Overdue: 1, DueThisWeek: 2, DoneMonth: 1}},
		// In Shanghai it is Monday 30 November 11:00: a new week (the
		// first two tasks), and 23:00 on 31 October in New York was
		// 1 November there.
		{sh, counts{Open: 3, Overdue: 1, DueThisWeek: 2, DoneMonth: 2}},
	}
	for _, tt := range tests {
		if got := countTasks(tasks, now, tt.loc); got != tt.want {
			t.Errorf("in %s: %+v, want %+v", tt.loc, got, tt.want)
		}
	}
	// At midnight on 1 December in Shanghai the month's count starts again.
	if got := countTasks(tasks, at(sh, 12, 1, 0), sh).DoneMonth; got != 0 {
		t.Errorf("done in December (Shanghai) = %d, want 0", got)
	}
}

func TestTableHasTheLedgersColumns(t *testing.T) {
	if !slices.Equal(tableColumns, ledger.TaskHeader) {
		t.Errorf("the dashboard's table %q differs from the ledger's %q", tableColumns, ledger.TaskHeader)
	}
}
