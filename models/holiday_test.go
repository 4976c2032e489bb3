package models

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
)

func TestHolidayOverrides(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		other := e.newChat("另一个群")
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-02-20", false, "调休上班"))
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-02-19", true, "放假"))
		rows, err := e.s.HolidayOverrides(e.ctx, e.chat.ID)
		e.must(err)
		if got := fmt.Sprint(overrideSummary(rows)); got != "[2027-02-19 off 放假 2027-02-20 work 调休上班]" {
			t.Errorf("overrides = %s", got)
		}
		if rows[0].ActorID == nil || *rows[0].ActorID != e.boss.ID {
			t.Errorf("who set 2027-02-19 is not recorded: %+v", rows[0])
		}
		days, err := e.s.HolidayDays(e.ctx, e.chat.ID)
		e.must(err)
		if len(days) != 2 || days["2027-02-20"] || !days["2027-02-19"] {
			t.Errorf("HolidayDays = %v", days)
		}
		// Saying something else of the same day replaces it, also in the cache.
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-02-20", true, "放假"))
		if days, _ := e.s.HolidayDays(e.ctx, e.chat.ID); len(days) != 2 || !days["2027-02-20"] {
			t.Errorf("after the change HolidayDays = %v", days)
		}
		// Another group's calendar is its own.
		if days, _ := e.s.HolidayDays(e.ctx, other.ID); len(days) != 0 {
			t.Errorf("another group sees %v", days)
		}
		e.must(e.s.RemoveHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-02-19"))
		if days, _ := e.s.HolidayDays(e.ctx, e.chat.ID); len(days) != 1 || days["2027-02-19"] {
			t.Errorf("after removal HolidayDays = %v", days)
		}
		wantErr(t, "remove a day never set", e.s.RemoveHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-03-01"), ErrNotFound)
		wantErr(t, "a day that is no date", e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-02-30", true, ""), ErrInvalid)
		// Replays of an update are kept out by the inbox: TestReplayedUpdate.
	})
}

func TestHolidayOverridesAreBounded(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		day := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range MaxHolidayOverrides {
			e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, day.AddDate(0, 0, i).Format(time.DateOnly), true, ""))
		}
		wantErr(t, "one day too many", e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2028-01-01", true, ""), ErrTooMany)
		// Changing a day already set is no new day.
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2027-01-01", false, "调休上班"))
		rows, err := e.s.HolidayOverrides(e.ctx, e.chat.ID)
		e.must(err)
		if len(rows) != MaxHolidayOverrides {
			t.Errorf("%d rows, want %d", len(rows), MaxHolidayOverrides)
		}
	})
}

// The planner is handed each group's own days with the chat, for every
// plan: a new task, a change of the group's days, its digests.
func TestHolidayDaysReachThePlanner(t *testing.T) {
	for _, b := range testkit.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewFake(t0)
			p := &recordingPlanner{}
			s := openOn(t, b, Options{Now: clk.Now, Planner: p})
			e := newEnv(t, s, clk)
			e.assign("报送材料", e.zhang, sh(3, 6, 18, 0))
			if got := p.last(); got != "task map[]" {
				t.Errorf("a new task was planned with %s, want no days", got)
			}
			e.must(s.SetHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2026-03-06", true, "放假"))
			if got := p.seen(); !contains(got, "task map[2026-03-06:true]") || !contains(got, "digests map[2026-03-06:true]") {
				t.Errorf("after /holiday add the group was re-planned with %v", got)
			}
			e.must(s.RemoveHolidayOverride(e.ctx, by(e.boss), e.chat.ID, "2026-03-06"))
			if got := p.last(); got != "digests map[]" {
				t.Errorf("after /holiday remove the digests were planned with %s", got)
			}
		})
	}
}

// recordingPlanner notes the days each plan was asked with; it plans nothing.
type recordingPlanner struct {
	mu    sync.Mutex
	calls []string
}

func (p *recordingPlanner) PlanTask(chat *Chat, _ *Task, _ time.Time) []Reminder {
	p.note("task", chat.Holidays)
	return nil
}

func (p *recordingPlanner) PlanDigests(chat *Chat, _ time.Time) []Reminder {
	p.note("digests", chat.Holidays)
	return nil
}

func (p *recordingPlanner) note(kind string, days HolidayDays) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, fmt.Sprintf("%s %v", kind, map[string]bool(days)))
}

// seen returns the calls since the last look, and forgets them.
func (p *recordingPlanner) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.calls
	p.calls = nil
	return c
}

func (p *recordingPlanner) last() string {
	c := p.seen()
	if len(c) == 0 {
		return ""
	}
	return c[len(c)-1]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func overrideSummary(rows []HolidayOverride) []string {
	var out []string
	for _, r := range rows {
		kind := "work"
		if r.Off {
			kind = "off"
		}
		out = append(out, r.Day+" "+kind+" "+r.Note)
	}
	return out
}

// A group whose upgrade the bot missed keeps the days its leaders changed
// on either side: the supergroup's win for a day both changed, and the
// cache forgets what it held of both chats.
func TestMigrateChatMergesHolidays(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		old := e.chat
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), old.ID, "2027-02-19", true, "放假"))
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), old.ID, "2027-02-20", true, "放假"))
		fresh := e.newChat("新群")
		e.must(e.s.SetHolidayOverride(e.ctx, by(e.boss), fresh.ID, "2027-02-20", false, "调休上班"))
		if days, _ := e.s.HolidayDays(e.ctx, old.ID); len(days) != 2 {
			t.Fatalf("before the merge the group has %v", days)
		}
		merge, err := e.s.MigrateChat(e.ctx, old.TelegramID, fresh.TelegramID)
		e.must(err)
		if !merge.Merged || !merge.NewHolidays {
			t.Errorf("merge = %+v, want the supergroup's days merged", merge)
		}
		days, err := e.s.HolidayDays(e.ctx, old.ID)
		e.must(err)
		if len(days) != 2 || !days["2027-02-19"] || days["2027-02-20"] {
			t.Errorf("after the merge the group has %v, want 02-19 off and 02-20 worked", days)
		}
		if days, _ := e.s.HolidayDays(e.ctx, fresh.ID); len(days) != 0 {
			t.Errorf("the deleted chat still has %v", days)
		}
	})
}
