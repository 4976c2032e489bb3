package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/testkit"
)

// A unit of work commits everything or nothing: a failing handler leaves no
// task, no answer and no "handled" mark behind.
func TestUnitRollsBack(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		ctx := e.ctx
		const botID = 7
		if _, err := e.s.ReceiveUpdates(ctx, botID, []NewUpdate{{UpdateID: 100, ChatID: e.chat.TelegramID, Payload: []byte(`{}`)}}); err != nil {
			t.Fatal(err)
		}
		rows, err := e.s.UnhandledUpdates(ctx, botID, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("inbox %+v, %v", rows, err)
		}
		boom := errors.New("handler bug")
		var changed bool
		err = e.s.Unit(ctx, func(ctx context.Context) error {
			if Changed(ctx) {
				t.Error("changed before any change")
			}
			if _, err := e.s.CreateTask(ctx, by(e.boss), NewTask{ChatID: e.chat.ID, Title: "回滚的任务",
				AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: sh(3, 20, 18, 0)}); err != nil {
				return err
			}
			changed = Changed(ctx)
			if err := e.s.QueueOutgoing(ctx, []OutgoingMessage{{ChatID: e.chat.TelegramID, Kind: OutMessage, Text: "已交办"}}); err != nil {
				return err
			}
			if err := e.s.MarkUpdateHandled(ctx, rows[0].ID); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("unit returned %v", err)
		}
		if !changed {
			t.Error("a created task did not count as a change")
		}
		page, err := e.s.FindTasks(ctx, e.chat.ID, TaskFilter{})
		if err != nil || page.Total != 0 {
			t.Errorf("the task survived the rollback: %+v, %v", page, err)
		}
		if chats, err := e.s.OutgoingChats(ctx); err != nil || len(chats) != 0 {
			t.Errorf("the answer survived the rollback: %v, %v", chats, err)
		}
		if again, err := e.s.UnhandledUpdates(ctx, botID, 10); err != nil || len(again) != 1 {
			t.Errorf("the update is no longer waiting: %+v, %v", again, err)
		}
		// A failed store call inside a unit (its savepoint rolled back) does
		// not spoil the rest of the unit, on PostgreSQL either.
		err = e.s.Unit(ctx, func(ctx context.Context) error {
			if _, err := e.s.CreateTask(ctx, by(e.boss), NewTask{ChatID: 987654, Title: "无群", AssignerID: e.boss.ID,
				LeadID: e.wang.ID, Deadline: sh(3, 20, 18, 0)}); !errors.Is(err, ErrNotFound) {
				t.Errorf("a task in a missing chat: %v", err)
			}
			if Changed(ctx) {
				t.Error("a refused change counted as a change")
			}
			if _, err := e.s.CreateTask(ctx, by(e.boss), NewTask{ChatID: e.chat.ID, Title: "留下的任务",
				AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: sh(3, 20, 18, 0)}); err != nil {
				return err
			}
			return e.s.MarkUpdateHandled(ctx, rows[0].ID)
		})
		if err != nil {
			t.Fatalf("unit: %v", err)
		}
		if page, _ := e.s.FindTasks(ctx, e.chat.ID, TaskFilter{}); page.Total != 1 {
			t.Errorf("%d tasks after the commit, want 1", page.Total)
		}
	})
}

// Every Store method called with a unit's context joins the unit. On SQLite
// (one connection, held by the open unit) a method that went around it
// would wait for the connection until its context ends: each is called with
// arguments that reach the database, under a short deadline.
func TestEveryMethodJoinsTheUnit(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(t0)
	s := openTestStore(t, clk.Now)
	e := newEnv(t, s, clk)
	task := e.assign("一项任务", e.wang, sh(3, 20, 18, 0))
	skip := map[string]bool{"Unit": true, "Close": true, "Now": true}
	storeType := reflect.TypeOf(s)
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	called := 0
	for i := range storeType.NumMethod() {
		m := storeType.Method(i)
		if skip[m.Name] || m.Type.NumIn() < 2 || m.Type.In(1) != ctxType {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			outer, cancel := testkit.Waiting()
			defer cancel()
			start := time.Now()
			err := s.Unit(outer, func(ctx context.Context) error {
				callCtx, cancel := context.WithTimeout(ctx, testkit.WaitLimit/2) // a call outside the unit waits for its connection
				defer cancel()
				args := []reflect.Value{reflect.ValueOf(s), reflect.ValueOf(callCtx)}
				for j := 2; j < m.Type.NumIn(); j++ {
					args = append(args, sampleArg(m.Type.In(j), e, task))
				}
				func() {
					defer func() { _ = recover() }() // a sample argument it cannot take
					m.Func.Call(args)
				}()
				if callCtx.Err() != nil {
					return fmt.Errorf("%s waited %v: it did not join the unit", m.Name, time.Since(start))
				}
				return errors.New("roll back") // leave the store as it was
			})
			if err != nil && err.Error() != "roll back" {
				t.Error(err)
			}
		})
		called++
	}
	if called < 40 {
		t.Errorf("only %d methods were called", called)
	}
}

// sampleArg is an argument of type typ that leads a store method to the
// database: the env's ids, short texts, times near t0.
func sampleArg(typ reflect.Type, e *env, task *Task) reflect.Value {
	switch typ {
	case reflect.TypeOf(time.Time{}):
		return reflect.ValueOf(t0.Add(24 * time.Hour))
	case reflect.TypeOf(Change{}):
		return reflect.ValueOf(by(e.boss))
	case reflect.TypeOf(NewTask{}):
		return reflect.ValueOf(NewTask{ChatID: e.chat.ID, Title: "样例", AssignerID: e.boss.ID, LeadID: e.wang.ID, Deadline: t0.Add(48 * time.Hour)})
	case reflect.TypeOf(ChatInfo{}):
		return reflect.ValueOf(ChatInfo{TelegramID: e.chat.TelegramID, Type: "supergroup", Title: e.chat.Title})
	case reflect.TypeOf(UserInfo{}):
		return reflect.ValueOf(UserInfo{TelegramID: *e.wang.TelegramID, FirstName: "王芳", Username: "wangfang"})
	case reflect.TypeOf(RankingQuery{}):
		return reflect.ValueOf(RankingQuery{ChatID: e.chat.ID, From: t0.Add(-720 * time.Hour), To: t0.Add(720 * time.Hour)})
	case reflect.TypeOf(LedgerQuery{}):
		return reflect.ValueOf(LedgerQuery{ChatID: e.chat.ID})
	case reflect.TypeOf([]NewUpdate{}):
		return reflect.ValueOf([]NewUpdate{{UpdateID: 1, Payload: []byte(`{}`)}})
	case reflect.TypeOf([]OutgoingMessage{}):
		return reflect.ValueOf([]OutgoingMessage{{ChatID: e.chat.TelegramID, Kind: OutMessage, Text: "x"}})
	}
	switch typ.Kind() {
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return reflect.ValueOf(task.ID).Convert(typ)
	case reflect.Int, reflect.Int64, reflect.Int32:
		return reflect.ValueOf(1).Convert(typ)
	case reflect.String:
		return reflect.ValueOf("wangfang").Convert(typ)
	case reflect.Bool:
		return reflect.ValueOf(true)
	case reflect.Slice:
		v := reflect.MakeSlice(typ, 1, 1)
		v.Index(0).Set(sampleArg(typ.Elem(), e, task))
		return v
	case reflect.Pointer:
		v := reflect.New(typ.Elem())
		v.Elem().Set(sampleArg(typ.Elem(), e, task))
		return v
	}
	return reflect.Zero(typ)
}

// Replays are recognised per bot; a restarted update sequence (ids seen
// before, after they were pruned) is new; handled rows are pruned after the
// given time, unhandled ones never.
func TestInboxKeysAndPruning(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, s *Store, clk *clock.Fake) {
		ctx := context.Background()
		batch := func(ids ...int64) []NewUpdate {
			var out []NewUpdate
			for _, id := range ids {
				out = append(out, NewUpdate{UpdateID: id, ChatID: -5, Payload: []byte(fmt.Sprintf(`{"update_id":%d}`, id))})
			}
			return out
		}
		if r, err := s.ReceiveUpdates(ctx, 1, batch(10, 11, 12)); err != nil || len(r) != 0 {
			t.Fatalf("first batch: %v %v", r, err)
		}
		if r, err := s.ReceiveUpdates(ctx, 1, batch(12, 13)); err != nil || !reflect.DeepEqual(r, []int64{12}) {
			t.Fatalf("replay of 12: %v %v", r, err)
		}
		// Another bot (a new token on the same database) has its own ids.
		if r, err := s.ReceiveUpdates(ctx, 2, batch(10, 11)); err != nil || len(r) != 0 {
			t.Fatalf("another bot's 10 and 11 taken for replays: %v %v", r, err)
		}
		rows, err := s.UnhandledUpdates(ctx, 1, 10)
		if err != nil || len(rows) != 4 {
			t.Fatalf("bot 1 inbox %+v, %v", rows, err)
		}
		for i, want := range []int64{10, 11, 12, 13} {
			if rows[i].UpdateID != want || string(rows[i].Payload) != fmt.Sprintf(`{"update_id":%d}`, want) {
				t.Errorf("row %d = %d %s", i, rows[i].UpdateID, rows[i].Payload)
			}
		}
		for _, r := range rows[:3] {
			if err := s.MarkUpdateHandled(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.UpdateFailed(ctx, rows[3].ID, strings.Repeat("错", 300)); err != nil || n != 1 {
			t.Fatalf("attempts %d, %v", n, err)
		}
		clk.Advance(49 * time.Hour)
		n, err := s.PruneInbox(ctx, clk.Now().Add(-48*time.Hour))
		if err != nil || n != 3 {
			t.Fatalf("pruned %d, %v; want the 3 handled rows of bot 1", n, err)
		}
		// Telegram's new sequence starts again at 10: new updates.
		if r, err := s.ReceiveUpdates(ctx, 1, batch(10, 11)); err != nil || len(r) != 0 {
			t.Fatalf("restarted sequence taken for replays: %v %v", r, err)
		}
		if rows, _ := s.UnhandledUpdates(ctx, 1, 10); len(rows) != 3 || rows[0].UpdateID != 13 {
			t.Errorf("after the restart: %+v", rows)
		}
	})
}

// What waits for a sent message is recorded with it: a task card's id, a
// question; a failed answer leaves one apology for its update.
func TestOutgoingQueue(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		clk, ctx := e.clk, e.ctx
		task := e.assign("一项任务", e.wang, sh(3, 20, 18, 0))
		group := e.chat.TelegramID
		prompt := func(kind string) string {
			data, _ := json.Marshal(Prompt{ChatID: e.chat.ID, UserID: e.boss.ID, Kind: kind, Payload: `{"task":1}`})
			return string(data)
		}
		msgs := []OutgoingMessage{
			{ChatID: group, Kind: OutMessage, Text: "✅ 已交办", TaskID: &task.ID, UpdateID: 5, Apology: "抱歉"},
			{ChatID: group, Kind: OutMessage, Text: "请回复原因：", Prompt: prompt("cancel"), UpdateID: 5, Apology: "抱歉"},
			{ChatID: group, Kind: OutMessage, Text: "<b>请回复</b>主办人：", Prompt: prompt("assign"), UpdateID: 6, Apology: "抱歉"},
			{ChatID: group, Kind: OutDocument, FileName: "台账.xlsx", File: []byte("PK..."), UpdateID: 7, Apology: "抱歉"},
			{ChatID: group, Kind: OutMessage, Text: "同一更新的第二条", UpdateID: 7, Apology: "抱歉"},
			{ChatID: 555, Kind: OutMessage, Text: "私信", Automatic: true},
		}
		if err := e.s.QueueOutgoing(ctx, msgs); err != nil {
			t.Fatal(err)
		}
		chats, err := e.s.OutgoingChats(ctx)
		if err != nil || chats[group] != 5 || chats[555] != 1 {
			t.Fatalf("chats %v, %v", chats, err)
		}
		rows, err := e.s.PendingOutgoing(ctx, group, 10)
		if err != nil || len(rows) != 5 || rows[0].Text != "✅ 已交办" || string(rows[3].File) != "PK..." {
			t.Fatalf("pending %+v, %v", rows, err)
		}
		if err := e.s.OutgoingSent(ctx, rows[0].ID, 321); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.s.TaskByID(ctx, task.ID); got.MessageID != 321 {
			t.Errorf("card id %d, want 321", got.MessageID)
		}
		if err := e.s.OutgoingSent(ctx, rows[1].ID, 322); err != nil {
			t.Fatal(err)
		}
		if p, err := e.s.PromptFor(ctx, e.chat.ID, 322); err != nil || p.Kind != "cancel" || p.UserID != e.boss.ID {
			t.Errorf("question 322: %+v, %v", p, err)
		}
		// Telegram took it, but its answer could not be read: the question
		// is kept unbound, with the text it was sent with.
		if err := e.s.OutgoingSent(ctx, rows[2].ID, 0); err != nil {
			t.Fatal(err)
		}
		p, text, err := e.s.UnboundPrompt(ctx, e.chat.ID, e.boss.ID)
		if err != nil || p.Kind != "assign" || text != "<b>请回复</b>主办人：" {
			t.Errorf("unbound question %+v %q, %v", p, text, err)
		}
		if _, _, err := e.s.UnboundPrompt(ctx, e.chat.ID, e.wang.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("someone else's question: %v", err)
		}
		// The file cannot be sent: one apology for update 7, none left on
		// its other message.
		apology := &OutgoingMessage{ChatID: group, Kind: OutMessage, Text: "抱歉，台账没能发出。"}
		if err := e.s.OutgoingFailed(ctx, rows[3].ID, "HTTP 502", apology); err != nil {
			t.Fatal(err)
		}
		rows, err = e.s.PendingOutgoing(ctx, group, 10)
		if err != nil || len(rows) != 2 || rows[0].Text != "同一更新的第二条" || rows[0].Apology != "" || rows[1].Text != apology.Text {
			t.Fatalf("after the failure %+v, %v", rows, err)
		}
		// A group that became a supergroup takes its queue along.
		if err := e.s.MoveOutgoing(ctx, group, -1009999); err != nil {
			t.Fatal(err)
		}
		if chats, _ := e.s.OutgoingChats(ctx); chats[-1009999] != 2 || chats[group] != 0 {
			t.Errorf("after the move %v", chats)
		}
		if n, err := e.s.DropOutgoing(ctx, -1009999, "bot removed"); err != nil || n != 2 {
			t.Errorf("dropped %d, %v", n, err)
		}
		clk.Advance(49 * time.Hour)
		if n, err := e.s.PruneOutgoing(ctx, clk.Now().Add(-48*time.Hour)); err != nil || n != 6 {
			t.Errorf("pruned %d, %v; want the 6 done rows", n, err)
		}
		if chats, _ := e.s.OutgoingChats(ctx); len(chats) != 1 || chats[555] != 1 {
			t.Errorf("what remains %v", chats)
		}
	})
}
