package models

import (
	"context"
	"errors"
	"testing"

	"github.com/duban-bot/duban/internal/clock"
)

func TestSeenUser(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		ctx := context.Background()
		// Each step is one update from a person; want is how the bot then
		// knows them.
		steps := []struct {
			name string
			info UserInfo
			want User
			same int // index of the step whose row this must be, or -1 for a new row
		}{
			{"first message creates the user",
				UserInfo{TelegramID: 501, Username: "@LiMing", FirstName: "李", LastName: "明", LanguageCode: "zh-hans"},
				User{Username: "liming", FirstName: "李", LastName: "明", LanguageCode: "zh-hans"}, -1},
			{"same again",
				UserInfo{TelegramID: 501, Username: "liming", FirstName: "李", LastName: "明", LanguageCode: "zh-hans"},
				User{Username: "liming", FirstName: "李", LastName: "明", LanguageCode: "zh-hans"}, 0},
			{"names and language change",
				UserInfo{TelegramID: 501, Username: "LiMing2026", FirstName: "李明", LanguageCode: "en"},
				User{Username: "liming2026", FirstName: "李明", LanguageCode: "en"}, 0},
			{"username dropped",
				UserInfo{TelegramID: 501, FirstName: "李明", LanguageCode: "en"},
				User{FirstName: "李明", LanguageCode: "en"}, 0},
			{"another person",
				UserInfo{TelegramID: 502, Username: "liming", FirstName: "Li", LastName: "Ming"},
				User{Username: "liming", FirstName: "Li", LastName: "Ming"}, -1},
		}
		ids := make([]uint, len(steps))
		for i, st := range steps {
			u, err := s.SeenUser(ctx, st.info)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			ids[i] = u.ID
			if st.same >= 0 && u.ID != ids[st.same] {
				t.Errorf("%s: id %d, want the row of step %d (%d)", st.name, u.ID, st.same, ids[st.same])
			}
			if st.same < 0 {
				for j := 0; j < i; j++ {
					if ids[j] == u.ID {
						t.Errorf("%s: reused the row of step %d", st.name, j)
					}
				}
			}
			stored, err := s.UserByTelegramID(ctx, st.info.TelegramID)
			if err != nil {
				t.Fatalf("%s: UserByTelegramID: %v", st.name, err)
			}
			for _, got := range []*User{u, stored} {
				if !got.Bound() || *got.TelegramID != st.info.TelegramID || got.Username != st.want.Username ||
					got.FirstName != st.want.FirstName || got.LastName != st.want.LastName || got.LanguageCode != st.want.LanguageCode {
					t.Errorf("%s: got %+v, want %+v", st.name, got, st.want)
				}
			}
		}
		if u, _ := s.UserByID(ctx, ids[0]); u == nil || !u.IsEnglish() || u.DisplayName() != "李明" {
			t.Errorf("UserByID = %+v, want the English-speaking 李明", u)
		}
		if _, err := s.UserByTelegramID(ctx, 999); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown user: %v, want ErrNotFound", err)
		}
	})
}

func TestSeenUserBindsPlaceholder(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx := e.ctx

		// Before 孙丽 ever speaks, the leader assigns her work by @username.
		ph, created, err := e.s.UsernamePlaceholder(ctx, "@SunLi")
		e.must(err)
		if !created || ph.Bound() || ph.Username != "sunli" || ph.DisplayName() != "@sunli" {
			t.Fatalf("placeholder = %+v created=%v", ph, created)
		}
		task := e.assign("核实企业诉求", ph, sh(3, 10, 18, 0))
		_, err = e.s.AddUnit(ctx, by(e.boss), e.chat.ID, "营商环境局", []uint{ph.ID})
		e.must(err)

		u, err := e.s.SeenUser(ctx, UserInfo{TelegramID: 601, Username: "sunli", FirstName: "孙丽"})
		e.must(err)
		if u.ID != ph.ID || !u.Bound() || u.DisplayName() != "孙丽" {
			t.Errorf("SeenUser = %+v, want the placeholder (id %d) bound to Telegram user 601", u, ph.ID)
		}
		got := e.reload(task)
		if got.Lead() == nil || got.Lead().UserID != u.ID || got.Lead().User.DisplayName() != "孙丽" {
			t.Errorf("task lead = %s, want 孙丽", assigneeSummary(got))
		}
		if unit, _ := e.s.UnitOf(ctx, e.chat.ID, u.ID); unit != "营商环境局" {
			t.Errorf("unit = %q, want 营商环境局", unit)
		}
		if again, _, _ := e.s.UsernamePlaceholder(ctx, "sunli"); again == nil || again.ID != u.ID {
			t.Errorf("UsernamePlaceholder after binding = %+v, want the bound user", again)
		}
	})
}

// The person was known already (under another username, or none), and a
// leader named them by an @username the bot had not seen: the placeholder's
// tasks, unit and leadership move to the real user, and the placeholder goes.
func TestSeenUserMergesPlaceholderIntoKnownUser(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx := e.ctx
		other := e.newChat("另一个群")
		real := e.chen // 陈静, seen before without a username
		_, err := e.s.AddUnit(ctx, by(e.boss), other.ID, "住建局", []uint{real.ID})
		e.must(err)
		alreadyHers := e.assign("她本来就有的任务", real, sh(3, 5, 18, 0))

		ph, created, err := e.s.UsernamePlaceholder(ctx, "chenjing")
		e.must(err)
		if !created {
			t.Fatal("placeholder not created")
		}
		led := e.assign("牵头推进项目签约", ph, sh(3, 10, 18, 0))
		coop := e.assign("配合现场踏勘", e.zhang, sh(3, 11, 18, 0), withCooperators(ph))
		both := e.assign("两人都在", e.zhang, sh(3, 12, 18, 0), withCooperators(ph, real))
		// She was named lead by @username while already a cooperator.
		leadAndCo := e.assign("主办是占位，协办是本人", ph, sh(3, 13, 18, 0), withCooperators(real, e.wang))
		_, err = e.s.Acknowledge(ctx, by(real), leadAndCo.ID, real.ID)
		e.must(err)
		inOther := e.assignIn(other, "另一个群的任务", ph, sh(3, 14, 18, 0))
		_, err = e.s.AddUnit(ctx, by(e.boss), e.chat.ID, "投资促进局", []uint{ph.ID})
		e.must(err)
		e.must(e.s.SetNamedLeader(ctx, by(e.boss), e.chat.ID, ph.ID, true))

		u, err := e.s.SeenUser(ctx, UserInfo{TelegramID: *real.TelegramID, Username: "ChenJing", FirstName: "陈静"})
		e.must(err)
		if u.ID != real.ID || u.Username != "chenjing" {
			t.Fatalf("SeenUser = %+v, want the known user %d with the new username", u, real.ID)
		}
		if _, err := e.s.UserByID(ctx, ph.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("placeholder still exists: %v", err)
		}
		cases := []struct {
			task *Task
			want string
		}{
			{alreadyHers, "陈静:lead"},
			{led, "陈静:lead"},
			{coop, "张伟:lead,陈静:co"},
			{both, "张伟:lead,陈静:co"},
			{leadAndCo, "陈静:lead+ack,王芳:co"},
			{inOther, "陈静:lead"},
		}
		for _, c := range cases {
			if got := assigneeSummary(e.reload(c.task)); got != c.want {
				t.Errorf("#%d %s: assignees %s, want %s", c.task.Number, c.task.Title, got, c.want)
			}
		}
		mine, err := e.s.TasksOf(ctx, u.ID, 0)
		e.must(err)
		n := 0
		for _, ct := range mine {
			n += len(ct.Tasks)
		}
		if n != len(cases) {
			t.Errorf("TasksOf(陈静) has %d tasks, want %d", n, len(cases))
		}
		if unit, _ := e.s.UnitOf(ctx, e.chat.ID, u.ID); unit != "投资促进局" {
			t.Errorf("unit in this chat = %q, want the placeholder's 投资促进局", unit)
		}
		if unit, _ := e.s.UnitOf(ctx, other.ID, u.ID); unit != "住建局" {
			t.Errorf("unit in the other chat = %q, want her own 住建局", unit)
		}
		if ok, _ := e.s.IsNamedLeader(ctx, e.chat.ID, u.ID); !ok {
			t.Errorf("the placeholder's leadership was not moved")
		}
	})
}

func TestUsernamePlaceholder(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx := e.ctx
		cases := []struct {
			name        string
			username    string
			wantCreated bool
			wantID      uint // 0: a new row; otherwise this user
			wantBound   bool
		}{
			{"never seen", "@SunLi", true, 0, false},
			{"asked again, any spelling", " sunli", false, 0, false},
			{"a user the bot has seen", "@ZhangWei", false, e.zhang.ID, true},
		}
		var first uint
		for _, c := range cases {
			u, created, err := e.s.UsernamePlaceholder(ctx, c.username)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if first == 0 {
				first = u.ID
			}
			want := c.wantID
			if want == 0 {
				want = first
			}
			if created != c.wantCreated || u.ID != want || u.Bound() != c.wantBound || u.Username != NormalizeUsername(c.username) {
				t.Errorf("%s: %+v created=%v; want id %d created=%v bound=%v", c.name, u, created, want, c.wantCreated, c.wantBound)
			}
		}
		if u, err := e.s.UserByUsername(ctx, "@sunLI"); err != nil || u.ID != first {
			t.Errorf("UserByUsername = %+v, %v", u, err)
		}
		for _, bad := range []string{"", "@", "  "} {
			if u, _, err := e.s.UsernamePlaceholder(ctx, bad); err == nil {
				t.Errorf("UsernamePlaceholder(%q) = %+v, want an error", bad, u)
			}
			if u, err := e.s.UserByUsername(ctx, bad); !errors.Is(err, ErrNotFound) {
				t.Errorf("UserByUsername(%q) = %+v, %v; want ErrNotFound", bad, u, err)
			}
		}
	})
}

func TestSetStartedBot(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		if e.wang.StartedBot {
			t.Fatal("a new user has started the bot")
		}
		for _, on := range []bool{true, true, false} {
			e.must(e.s.SetStartedBot(e.ctx, e.wang.ID, on))
			u, err := e.s.UserByID(e.ctx, e.wang.ID)
			e.must(err)
			if u.StartedBot != on {
				t.Errorf("StartedBot = %v, want %v", u.StartedBot, on)
			}
			if b, _ := e.s.UserByID(e.ctx, e.zhang.ID); b.StartedBot {
				t.Errorf("another user's flag changed")
			}
		}
		// A later message with unchanged names keeps the flag.
		e.must(e.s.SetStartedBot(e.ctx, e.wang.ID, true))
		u, err := e.s.SeenUser(e.ctx, UserInfo{TelegramID: *e.wang.TelegramID, Username: "wangfang", FirstName: "王芳 (新)"})
		e.must(err)
		if !u.StartedBot {
			t.Errorf("SeenUser reset StartedBot")
		}
	})
}
