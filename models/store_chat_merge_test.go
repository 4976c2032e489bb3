package models

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
)

// mergePlanner plans one reminder at each open task's deadline and a weekly
// digest a week ahead while the group wants one: enough to count what a
// merge planned.
type mergePlanner struct{}

func (mergePlanner) PlanTask(chat *Chat, t *Task, now time.Time) []Reminder {
	if !t.Deadline.After(now) {
		return nil
	}
	id := t.ID
	return []Reminder{{ChatID: chat.ID, TaskID: &id, Kind: ReminderDue, At: t.Deadline, DueAt: t.Deadline}}
}

func (mergePlanner) PlanDigests(chat *Chat, now time.Time) []Reminder {
	if chat.WeeklyDigest == "" {
		return nil
	}
	at := now.Add(7 * 24 * time.Hour)
	return []Reminder{{ChatID: chat.ID, Kind: DigestWeekly, At: at, DueAt: at}}
}

// pendingOf lists a chat's unsent reminders as "kind:task number" (task 0
// for digests), sorted.
func (e *env) pendingOf(chatID uint) []string {
	e.t.Helper()
	rs, err := e.s.PendingReminders(e.ctx, chatID)
	e.must(err)
	var out []string
	for _, r := range rs {
		n := 0
		if r.TaskID != nil {
			t, err := e.s.TaskByID(e.ctx, *r.TaskID)
			e.must(err)
			n = t.Number
		}
		out = append(out, string(r.Kind)+":"+string(rune('0'+n)))
	}
	slices.Sort(out)
	return out
}

// The bot missed the upgrade of a group and people used the supergroup
// first: its tasks, units, memberships and questions join the group's, its
// tasks numbered after the group's, and everything is planned once.
func TestMigrateChatMerges(t *testing.T) {
	t.Parallel()
	forEachBackendWith(t, Options{Planner: mergePlanner{}}, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		old := e.chat
		e.must(e.s.SetNeedConfirm(ctx, by(e.boss), old.ID, false))
		_, err := e.s.AddUnit(ctx, by(e.boss), old.ID, "投资促进局", []uint{e.wang.ID})
		e.must(err)
		_, err = e.s.AddUnit(ctx, by(e.boss), old.ID, "办公室", []uint{e.zhang.ID})
		e.must(err)
		e.must(e.s.SetNamedLeader(ctx, by(e.boss), old.ID, e.chen.ID, true))
		t1 := e.assign("梳理在谈项目清单", e.wang, sh(3, 9, 18, 0))
		t2 := e.assign("走访重点企业", e.zhang, sh(3, 10, 18, 0))
		e.must(e.s.SavePrompt(ctx, &Prompt{ChatID: old.ID, MessageID: 7, UserID: e.boss.ID, Kind: "assign"}))

		fresh := e.newChat("招商引资工作群（超级群）")
		f1 := e.assignIn(fresh, "起草汇报材料", e.zhang, sh(3, 11, 18, 0))
		f2 := e.assignIn(fresh, "对接签约企业", e.li, sh(3, 12, 18, 0))
		_, err = e.s.AddUnit(ctx, by(e.boss), fresh.ID, "投资促进局", []uint{e.li.ID})
		e.must(err)
		_, err = e.s.AddUnit(ctx, by(e.boss), fresh.ID, "新单位", []uint{e.zhang.ID})
		e.must(err)
		e.must(e.s.SavePrompt(ctx, &Prompt{ChatID: fresh.ID, MessageID: 7, UserID: e.zhang.ID, Kind: "cancel"}))
		_, err = e.s.AttachFile(ctx, by(e.zhang), NewAttachment{TaskID: f1.ID, Kind: AttachDocument, FileID: "f1", FileName: "汇报.docx"})
		e.must(err)
		pending, err := e.s.SavePendingImport(ctx, PendingImport{ChatID: fresh.ID, UserID: e.boss.ID, Kind: "tasks"})
		e.must(err)

		merge, err := e.s.MigrateChat(ctx, old.TelegramID, fresh.TelegramID)
		e.must(err)
		if !merge.Merged || merge.Tasks != 2 || merge.NewSettings ||
			!slices.Equal(merge.Renumbered, []Renumbered{{f1.ID, 1, 3}, {f2.ID, 2, 4}}) {
			t.Errorf("merge = %+v, want 2 tasks, #1→#3 and #2→#4, the group's settings", merge)
		}
		c, err := e.s.ChatByTelegramID(ctx, fresh.TelegramID)
		e.must(err)
		if c.ID != old.ID || c.NeedConfirm || c.LastTaskNumber != 4 || c.Title != "招商引资工作群（超级群）" {
			t.Errorf("merged chat = %+v, want the group's row and settings under the new id, 4 tasks", c)
		}
		if _, err := e.s.ChatByID(ctx, fresh.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("the supergroup's own row is still there: %v", err)
		}
		for n, want := range map[int]*Task{1: t1, 2: t2, 3: f1, 4: f2} {
			if got, err := e.s.TaskByNumber(ctx, c.ID, n); err != nil || got.ID != want.ID {
				t.Errorf("#%d = %v, %v; want %q", n, got, err, want.Title)
			}
		}
		units, err := e.s.Units(ctx, c.ID)
		e.must(err)
		got := map[string][]uint{}
		for _, u := range units {
			got[u.Name] = []uint{}
			for _, m := range u.Members {
				got[u.Name] = append(got[u.Name], m.ID)
			}
			slices.Sort(got[u.Name])
		}
		want := map[string][]uint{"办公室": {}, "投资促进局": {e.wang.ID, e.li.ID}, "新单位": {e.zhang.ID}}
		if len(got) != len(want) {
			t.Errorf("units %v, want %v", got, want)
		}
		for name, ids := range want {
			if !slices.Equal(got[name], ids) {
				t.Errorf("unit %s has %v, want %v (the supergroup's membership wins)", name, got[name], ids)
			}
		}
		if ok, _ := e.s.IsNamedLeader(ctx, c.ID, e.chen.ID); !ok {
			t.Error("the group's named leader was lost")
		}
		if p, err := e.s.PromptFor(ctx, c.ID, 7); err != nil || p.UserID != e.zhang.ID {
			t.Errorf("question 7 = %+v, %v; want the one asked in the supergroup", p, err)
		}
		// Files and an import waiting for 确认导入 follow the group.
		if files, err := e.s.Attachments(ctx, f1.ID, 0); err != nil || len(files) != 1 || files[0].ChatID != c.ID {
			t.Errorf("the supergroup's attachment after the merge: %+v, %v", files, err)
		}
		if p, err := e.s.PendingImportByID(ctx, pending.ID); err != nil || p.ChatID != c.ID {
			t.Errorf("the pending import after the merge: %+v, %v", p, err)
		}
		var assigned int64
		e.must(e.s.db.Model(&AuditEvent{}).Where("chat_id = ? AND kind = ?", c.ID, "assigned").Count(&assigned).Error)
		if assigned != 4 {
			t.Errorf("%d assignments in the merged trail, want 4", assigned)
		}
		if got, want := e.pendingOf(c.ID), []string{"due:1", "due:2", "due:3", "due:4", "weekly:0"}; !slices.Equal(got, want) {
			t.Errorf("pending reminders %v, want %v (one digest)", got, want)
		}
		if next := e.assignIn(c, "第五项", e.wang, sh(3, 20, 18, 0)); next.Number != 5 {
			t.Errorf("the next task is #%d, want #5", next.Number)
		}
	})
}

// Settings a leader chose in the supergroup are kept, and a group the bot
// had been removed from works again once merged into the supergroup.
func TestMigrateChatKeepsNewSettings(t *testing.T) {
	t.Parallel()
	forEachBackendWith(t, Options{Planner: mergePlanner{}}, func(t *testing.T, s *Store, clk *clock.Fake) {
		e := newEnv(t, s, clk)
		ctx := e.ctx
		old := e.chat
		e.assign("梳理在谈项目清单", e.wang, sh(3, 9, 18, 0))
		if _, err := e.s.BlockChat(ctx, old.ID, "removed"); err != nil {
			t.Fatal(err)
		}
		fresh := e.newChat("新群")
		set := fresh.Settings()
		set.NeedConfirm, set.WeeklyDigest = false, ""
		_, err := e.s.UpdateSettings(ctx, by(e.boss), fresh.ID, "Asia/Shanghai", set)
		e.must(err)

		merge, err := e.s.MigrateChat(ctx, old.TelegramID, fresh.TelegramID)
		e.must(err)
		if !merge.Merged || merge.Tasks != 1 || len(merge.Renumbered) != 0 || !merge.NewSettings {
			t.Errorf("merge = %+v, want 1 task and the supergroup's settings", merge)
		}
		c, err := e.s.ChatByTelegramID(ctx, fresh.TelegramID)
		e.must(err)
		if c.ID != old.ID || c.NeedConfirm || c.WeeklyDigest != "" || c.BlockedAt != nil {
			t.Errorf("merged chat = %+v, want the supergroup's settings and not blocked", c)
		}
		if got, want := e.pendingOf(c.ID), []string{"due:1"}; !slices.Equal(got, want) {
			t.Errorf("pending reminders %v, want %v (no weekly digest)", got, want)
		}
	})
}
