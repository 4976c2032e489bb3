package models

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/duban-bot/duban/internal/clock"
)

func TestEnsureChat(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		ctx := context.Background()
		steps := []struct {
			name      string
			info      ChatInfo
			zone      string
			wantTitle string
			wantType  string
			wantForum bool
		}{
			{"first sight creates the group", ChatInfo{TelegramID: -42, Type: "group", Title: "重点项目调度"}, "Asia/Shanghai", "重点项目调度", "group", false},
			{"same group again changes nothing", ChatInfo{TelegramID: -42, Type: "group", Title: "重点项目调度"}, "Asia/Shanghai", "重点项目调度", "group", false},
			{"renamed group keeps its row and zone", ChatInfo{TelegramID: -42, Type: "group", Title: "重点项目双月调度"}, "America/New_York", "重点项目双月调度", "group", false},
			{"topics switched on", ChatInfo{TelegramID: -42, Type: "supergroup", Title: "重点项目双月调度", IsForum: true}, "UTC", "重点项目双月调度", "supergroup", true},
		}
		var firstID uint
		for i, st := range steps {
			c, err := s.EnsureChat(ctx, st.info, st.zone)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if i == 0 {
				firstID = c.ID
			}
			stored, err := s.ChatByTelegramID(ctx, -42)
			if err != nil {
				t.Fatalf("%s: ChatByTelegramID: %v", st.name, err)
			}
			for _, got := range []*Chat{c, stored} {
				if got.ID != firstID || got.Title != st.wantTitle || got.Type != st.wantType || got.IsForum != st.wantForum {
					t.Errorf("%s: got id %d %q %s forum=%v, want id %d %q %s forum=%v", st.name,
						got.ID, got.Title, got.Type, got.IsForum, firstID, st.wantTitle, st.wantType, st.wantForum)
				}
				if got.Zone != "Asia/Shanghai" || got.Location().String() != "Asia/Shanghai" {
					t.Errorf("%s: zone %q, want the zone of the first sight", st.name, got.Zone)
				}
				if !got.NeedConfirm || !got.IsGroup() {
					t.Errorf("%s: NeedConfirm=%v IsGroup=%v, want both true", st.name, got.NeedConfirm, got.IsGroup())
				}
			}
		}
		var n int64
		if err := s.db.Model(&Chat{}).Count(&n).Error; err != nil || n != 1 {
			t.Errorf("%d chat rows (%v), want 1", n, err)
		}
		other, err := s.EnsureChat(ctx, ChatInfo{TelegramID: 7, Type: "private"}, "Asia/Shanghai")
		if err != nil || other.ID == firstID || other.IsGroup() {
			t.Errorf("a private chat: %+v %v, want a new non-group chat", other, err)
		}
		if _, err := s.ChatByTelegramID(ctx, -43); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown chat: %v, want ErrNotFound", err)
		}
		if _, err := s.ChatByID(ctx, 9999); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown chat id: %v, want ErrNotFound", err)
		}
	})
}

func TestMigrateChat(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx := e.ctx
		oldTG := e.chat.TelegramID
		newTG := oldTG - 500000
		e.must(e.s.SetNeedConfirm(ctx, by(e.boss), e.chat.ID, false))
		_, err := e.s.AddUnit(ctx, by(e.boss), e.chat.ID, "投资促进局", []uint{e.wang.ID})
		e.must(err)
		e.must(e.s.SetNamedLeader(ctx, by(e.boss), e.chat.ID, e.zhang.ID, true))
		task := e.assign("梳理在谈项目清单", e.wang, sh(3, 9, 18, 0), withUnit("投资促进局"))

		// An update from the new supergroup was handled before the
		// migration message: it created a row of its own.
		fresh, err := e.s.EnsureChat(ctx, ChatInfo{TelegramID: newTG, Type: "supergroup", Title: "招商引资工作群"}, "Asia/Shanghai")
		e.must(err)
		_, err = e.s.AddUnit(ctx, by(e.boss), fresh.ID, "临时单位", nil)
		e.must(err)
		e.must(e.s.SavePrompt(ctx, &Prompt{ChatID: fresh.ID, MessageID: 5, UserID: e.boss.ID, Kind: "assign"}))

		check := func(step string) {
			t.Helper()
			c, err := e.s.ChatByTelegramID(ctx, newTG)
			if err != nil {
				t.Fatalf("%s: new id: %v", step, err)
			}
			if c.ID != e.chat.ID || c.Type != "supergroup" || c.NeedConfirm || c.LastTaskNumber != 1 {
				t.Errorf("%s: chat under new id = %+v, want the old row (id %d), supergroup, settings kept", step, c, e.chat.ID)
			}
			if _, err := e.s.ChatByTelegramID(ctx, oldTG); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: old id still found: %v", step, err)
			}
			if _, err := e.s.ChatByID(ctx, fresh.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: the pre-created row is still there: %v", step, err)
			}
			got, err := e.s.TaskByNumber(ctx, c.ID, 1)
			if err != nil || got.ID != task.ID {
				t.Errorf("%s: task #1 = %v, %v; want the task", step, got, err)
			}
			units, err := e.s.Units(ctx, c.ID)
			e.must(err)
			if len(units) != 2 || units[0].Name != "临时单位" || units[1].Name != "投资促进局" ||
				len(units[1].Members) != 1 || units[1].Members[0].ID != e.wang.ID {
				t.Errorf("%s: units = %+v, want 临时单位 (made in the supergroup) and 投资促进局 with 王芳", step, units)
			}
			if ok, _ := e.s.IsNamedLeader(ctx, c.ID, e.zhang.ID); !ok {
				t.Errorf("%s: named leader lost", step)
			}
			if _, err := e.s.PromptFor(ctx, c.ID, 5); err != nil {
				t.Errorf("%s: the question asked in the supergroup is lost: %v", step, err)
			}
		}
		merge, err := e.s.MigrateChat(ctx, oldTG, newTG)
		e.must(err)
		if !merge.Merged || merge.Tasks != 1 || len(merge.Renumbered) != 0 || merge.NewSettings {
			t.Errorf("merge = %+v, want the empty supergroup merged, 1 task, nothing renumbered", merge)
		}
		check("after migration")
		merge, err = e.s.MigrateChat(ctx, oldTG, newTG)
		e.must(err)
		if merge.Merged {
			t.Errorf("a second migration merged again: %+v", merge)
		}
		check("after a second migration")

		// Updates from the supergroup now find the old row; numbering goes on.
		c, err := e.s.EnsureChat(ctx, ChatInfo{TelegramID: newTG, Type: "supergroup", Title: "招商引资工作群"}, "UTC")
		e.must(err)
		if c.ID != e.chat.ID {
			t.Fatalf("EnsureChat after migration: id %d, want %d", c.ID, e.chat.ID)
		}
		if next := e.assignIn(c, "走访重点企业", e.zhang, sh(3, 20, 18, 0)); next.Number != 2 {
			t.Errorf("next task after migration is #%d, want #2", next.Number)
		}

		// Never seen: nothing to do.
		if merge, err := e.s.MigrateChat(ctx, -777, -778); err != nil || merge.Merged {
			t.Errorf("migrating an unknown chat: %+v, %v", merge, err)
		}
	})
}

func TestSetNeedConfirm(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		for _, on := range []bool{false, false, true} {
			e.must(e.s.SetNeedConfirm(e.ctx, by(e.boss), e.chat.ID, on))
			c, err := e.s.ChatByID(e.ctx, e.chat.ID)
			e.must(err)
			if c.NeedConfirm != on {
				t.Errorf("NeedConfirm = %v, want %v", c.NeedConfirm, on)
			}
		}
		var kinds []string
		e.must(e.s.db.Model(&AuditEvent{}).Where("chat_id = ?", e.chat.ID).Order("id").Pluck("detail", &kinds).Error)
		if want := []string{"need_confirm=false", "need_confirm=false", "need_confirm=true"}; !slices.Equal(kinds, want) {
			t.Errorf("audit details %q, want %q", kinds, want)
		}
	})
}

func TestUnits(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx, chat := e.ctx, e.chat.ID
		other := e.newChat("另一个群")

		members := func(chatID uint) map[string][]string {
			t.Helper()
			units, err := e.s.Units(ctx, chatID)
			e.must(err)
			out := map[string][]string{}
			var names []string
			for _, u := range units {
				names = append(names, u.Name)
				out[u.Name] = []string{}
				for _, m := range u.Members {
					out[u.Name] = append(out[u.Name], m.DisplayName())
				}
			}
			if !slices.IsSorted(names) {
				t.Errorf("units not listed by name: %q", names)
			}
			return out
		}
		unitOf := func(u *User) string {
			t.Helper()
			name, err := e.s.UnitOf(ctx, chat, u.ID)
			e.must(err)
			return name
		}

		u, err := e.s.AddUnit(ctx, by(e.boss), chat, "投资促进局", []uint{e.zhang.ID, e.wang.ID})
		e.must(err)
		if u.ID == 0 || u.Name != "投资促进局" || u.ChatID != chat {
			t.Errorf("AddUnit returned %+v", u)
		}
		_, err = e.s.AddUnit(ctx, by(e.boss), chat, "住建局", nil)
		e.must(err)
		// Members are listed by name: 张伟 (U+5F20) before 王芳 (U+674E).
		want := map[string][]string{"投资促进局": {"张伟", "王芳"}, "住建局": {}}
		if got := members(chat); !mapsEqual(got, want) {
			t.Errorf("Units = %v, want %v", got, want)
		}
		if got := unitOf(e.wang); got != "投资促进局" {
			t.Errorf("UnitOf(王芳) = %q", got)
		}
		if got := unitOf(e.chen); got != "" {
			t.Errorf("UnitOf(陈静), in no unit = %q, want empty", got)
		}

		errCases := []struct {
			name    string
			unit    string
			members []uint
			want    error
		}{
			{"duplicate name", "投资促进局", nil, ErrExists},
			{"name over the limit", strings.Repeat("局", MaxUnitRunes+1), nil, ErrInvalid},
		}
		for _, c := range errCases {
			if _, err := e.s.AddUnit(ctx, by(e.boss), chat, c.unit, c.members); !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
		}
		// Naming members of an existing unit moves them there.
		_, err = e.s.AddUnit(ctx, by(e.boss), chat, "住建局", []uint{e.zhang.ID})
		e.must(err)
		want = map[string][]string{"投资促进局": {"王芳"}, "住建局": {"张伟"}}
		if got := members(chat); !mapsEqual(got, want) {
			t.Errorf("after moving 张伟: Units = %v, want %v", got, want)
		}
		// Units belong to their group.
		if got := members(other.ID); len(got) != 0 {
			t.Errorf("other chat's units = %v, want none", got)
		}
		_, err = e.s.AddUnit(ctx, by(e.boss), other.ID, "投资促进局", nil)
		e.must(err)
		if _, err := e.s.UnitByName(ctx, other.ID, "住建局"); !errors.Is(err, ErrNotFound) {
			t.Errorf("UnitByName(other, 住建局) = %v, want ErrNotFound", err)
		}
		if got, err := e.s.UnitByName(ctx, chat, "住建局"); err != nil || got.Name != "住建局" {
			t.Errorf("UnitByName = %+v, %v", got, err)
		} else if _, err := e.s.UnitByID(ctx, other.ID, got.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("UnitByID from another chat: %v, want ErrNotFound", err)
		}

		// A task names the unit; removing the unit keeps the name on it.
		task := e.assign("编制产业链招商图谱", e.wang, sh(3, 31, 18, 0), withUnit("投资促进局"))
		e.must(e.s.RemoveUnit(ctx, by(e.boss), chat, "投资促进局"))
		if got := e.reload(task).UnitName; got != "投资促进局" {
			t.Errorf("task unit after RemoveUnit = %q, want it kept", got)
		}
		if got := unitOf(e.wang); got != "" {
			t.Errorf("UnitOf(王芳) after RemoveUnit = %q, want empty", got)
		}
		want = map[string][]string{"住建局": {"张伟"}}
		if got := members(chat); !mapsEqual(got, want) {
			t.Errorf("after RemoveUnit: Units = %v, want %v", got, want)
		}
		if _, err := e.s.UnitByName(ctx, other.ID, "投资促进局"); err != nil {
			t.Errorf("RemoveUnit removed the other chat's unit of the same name")
		}
		if err := e.s.RemoveUnit(ctx, by(e.boss), chat, "投资促进局"); !errors.Is(err, ErrNotFound) {
			t.Errorf("removing twice: %v, want ErrNotFound", err)
		}
	})
}

func TestNamedLeaders(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx, chat := e.ctx, e.chat.ID
		other := e.newChat("另一个群")
		_, err := e.s.AddUnit(ctx, by(e.boss), chat, "投资促进局", []uint{e.wang.ID})
		e.must(err)

		leaders := func(chatID uint) []string {
			t.Helper()
			us, err := e.s.NamedLeaders(ctx, chatID)
			e.must(err)
			var out []string
			for _, u := range us {
				out = append(out, u.DisplayName())
			}
			return out
		}
		steps := []struct {
			user   *User
			leader bool
			want   []string
		}{
			{e.wang, true, []string{"王芳"}},
			{e.zhang, true, []string{"张伟", "王芳"}},
			{e.wang, true, []string{"张伟", "王芳"}},
			{e.zhang, false, []string{"王芳"}},
			{e.chen, false, []string{"王芳"}},
		}
		for i, st := range steps {
			e.must(e.s.SetNamedLeader(ctx, by(e.boss), chat, st.user.ID, st.leader))
			if got := leaders(chat); !slices.Equal(got, st.want) {
				t.Errorf("step %d: NamedLeaders = %q, want %q", i, got, st.want)
			}
			if ok, err := e.s.IsNamedLeader(ctx, chat, st.user.ID); ok != st.leader || err != nil {
				t.Errorf("step %d: IsNamedLeader(%s) = %v, %v; want %v", i, st.user.DisplayName(), ok, err, st.leader)
			}
		}
		if ok, _ := e.s.IsNamedLeader(ctx, other.ID, e.wang.ID); ok {
			t.Errorf("a leader of one group is a leader of another")
		}
		if got := leaders(other.ID); len(got) != 0 {
			t.Errorf("other group's leaders = %q", got)
		}
		if u, _ := e.s.UnitOf(ctx, chat, e.wang.ID); u != "投资促进局" {
			t.Errorf("naming a leader changed their unit to %q", u)
		}
		_, err = e.s.AddUnit(ctx, by(e.boss), chat, "住建局", []uint{e.wang.ID})
		e.must(err)
		if ok, _ := e.s.IsNamedLeader(ctx, chat, e.wang.ID); !ok {
			t.Errorf("moving a leader to another unit took the leadership away")
		}
	})
}

func TestPrompts(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx := e.ctx
		other := e.newChat("另一个群")
		p := &Prompt{ChatID: e.chat.ID, MessageID: 101, UserID: e.boss.ID, Kind: "send_back", Payload: `{"task":3}`}
		e.must(e.s.SavePrompt(ctx, p))
		if p.ID == 0 || !p.CreatedAt.Equal(t0) {
			t.Errorf("saved prompt = %+v, want an id and the clock's time", p)
		}
		got, err := e.s.PromptFor(ctx, e.chat.ID, 101)
		e.must(err)
		if got.ID != p.ID || got.UserID != e.boss.ID || got.Kind != "send_back" || got.Payload != `{"task":3}` {
			t.Errorf("PromptFor = %+v, want %+v", got, p)
		}
		for _, c := range []struct {
			chat uint
			msg  int
		}{{other.ID, 101}, {e.chat.ID, 102}} {
			if _, err := e.s.PromptFor(ctx, c.chat, c.msg); !errors.Is(err, ErrNotFound) {
				t.Errorf("PromptFor(%d, %d) = %v, want ErrNotFound", c.chat, c.msg, err)
			}
		}
		if err := e.s.SavePrompt(ctx, &Prompt{ChatID: e.chat.ID, MessageID: 101, UserID: e.wang.ID, Kind: "assign"}); err == nil {
			t.Errorf("a second prompt on the same message was saved")
		}
		e.must(e.s.SavePrompt(ctx, &Prompt{ChatID: other.ID, MessageID: 101, UserID: e.wang.ID, Kind: "assign"}))
		e.must(e.s.DeletePrompt(ctx, p.ID))
		if _, err := e.s.PromptFor(ctx, e.chat.ID, 101); !errors.Is(err, ErrNotFound) {
			t.Errorf("after DeletePrompt: %v, want ErrNotFound", err)
		}
		if got, err := e.s.PromptFor(ctx, other.ID, 101); err != nil || got.UserID != e.wang.ID {
			t.Errorf("the other chat's prompt: %+v, %v", got, err)
		}
	})
}

func mapsEqual(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !slices.Equal(v, w) {
			return false
		}
	}
	return true
}
