package testkit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
)

// The cast's groups hold only known people, their creators among them, and
// a group made from another never changes it.
func TestCastGroups(t *testing.T) {
	seen := map[int64]bool{}
	for _, p := range testkit.People() {
		if seen[p.ID] || testkit.Who(p.ID) != p {
			t.Errorf("%d (%s) is not one person of the cast", p.ID, p.Name)
		}
		seen[p.ID] = true
	}
	for _, g := range []testkit.Group{testkit.Work(), testkit.Other(), testkit.Old()} {
		if !slices.Contains(g.Members, g.Creator) || !slices.Equal(g.Admins, []int64{g.Creator}) {
			t.Errorf("%s: creator %d, admins %v, members %v", g.Title, g.Creator, g.Admins, g.Members)
		}
		for _, m := range g.Members {
			if !seen[m] {
				t.Errorf("%s: member %d is not in the cast", g.Title, m)
			}
		}
	}
	work := testkit.Work()
	smaller := work.Without(testkit.Tom, testkit.Zhao)
	larger := smaller.With(testkit.Chen)
	if got := fmt.Sprint(smaller.Members, larger.Members, work.Members); got != "[101 102 103 104] [101 102 103 104 107] [101 102 103 104 105 106]" {
		t.Errorf("Without, With and the group they came from: %s", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("Who(999) did not panic")
		}
	}()
	testkit.Who(999)
}

func TestLocal(t *testing.T) {
	if got := testkit.Local("2026-11-23 10:00"); !got.Equal(testkit.Monday) {
		t.Errorf("Local = %v, want Monday %v", got, testkit.Monday)
	}
	if got := testkit.Local("2026-11-24 16:00:03"); got.Second() != 3 || got.Location() != testkit.Shanghai {
		t.Errorf("Local with seconds = %v", got)
	}
}

// WaitFor returns once the line is written, not before; a wait whose
// context ends says what it waited for.
func TestLogSinkWaitFor(t *testing.T) {
	var logs testkit.LogSink
	got := make(chan error, 1)
	go func() {
		ctx, cancel := testkit.Waiting()
		defer cancel()
		got <- logs.WaitFor(ctx, "reminder not delivered")
	}()
	fmt.Fprintln(&logs, "level=INFO msg=\"bot started\"")
	select {
	case err := <-got:
		t.Fatalf("WaitFor returned before the line was logged: %v", err)
	case <-time.After(10 * time.Millisecond): // a wrong return would have come by now
	}
	fmt.Fprintln(&logs, "level=WARN msg=\"reminder not delivered; will retry\"")
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if n := logs.Count("msg="); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := logs.WaitFor(ctx, "never"); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitFor on an ended context: %v", err)
	}
}
