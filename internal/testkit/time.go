package testkit

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Zones the tests use.
var (
	Shanghai = zone("Asia/Shanghai")
	NewYork  = zone("America/New_York")
)

// zone loads a time zone; it panics if the system has no such zone.
func zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Monday is where the end-to-end scenarios start: Monday 23 November 2026,
// 10:00 in Shanghai.
var Monday = time.Date(2026, 11, 23, 10, 0, 0, 0, Shanghai)

// Local reads "2006-01-02 15:04" (or with seconds) in Shanghai; it panics
// on a malformed moment, which is a mistake in a test.
func Local(s string) time.Time {
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout += ":05"
	}
	t, err := time.ParseInLocation(layout, s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// Show writes a moment in Shanghai for failure messages: "01-02 15:04:05 Mon".
func Show(t time.Time) string { return t.In(Shanghai).Format("01-02 15:04:05 Mon") }

// WaitLimit bounds, in real time, every wait of the tests for the program:
// for an answer, for reminders to go out, for a button's answer. It only
// detects a hang; it measures nothing, and a loaded machine running the
// race detector may take a good part of it.
const WaitLimit = time.Minute

// Waiting returns a context that ends after WaitLimit.
func Waiting() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), WaitLimit)
}

// WaitUntil polls cond until it holds, failing the test after WaitLimit:
// for a state of other processes or of the database, which send no event
// to wait for (a new leader, rows sent, a health check passing). Where an
// event exists (an answer in the fake), wait for it instead.
func WaitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := Waiting()
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		}
	}
}
