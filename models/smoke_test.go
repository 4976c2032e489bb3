package models

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	dsn := filepath.Join(t.TempDir(), "d.db")
	if v := os.Getenv("DUBAN_TEST_POSTGRES"); v != "" {
		dsn = v
	}
	s, err := Open(ctx, dsn, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.EnsureChat(ctx, ChatInfo{TelegramID: -100, Type: "supergroup", Title: "g"}, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.SeenUser(ctx, UserInfo{TelegramID: 1, FirstName: "A"})
	b, _, _ := s.UsernamePlaceholder(ctx, "bob")
	tk, err := s.CreateTask(ctx, Change{UpdateID: 5, ActorID: a.ID}, NewTask{ChatID: c.ID, Title: "x", AssignerID: a.ID, LeadID: b.ID, Deadline: now.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTask(ctx, Change{UpdateID: 5, ActorID: a.ID}, NewTask{ChatID: c.ID, Title: "x", AssignerID: a.ID, LeadID: b.ID, Deadline: now.Add(48 * time.Hour)}); err == nil {
		t.Fatal("dup")
	} else {
		t.Log(err)
	}
	bb, err := s.SeenUser(ctx, UserInfo{TelegramID: 2, Username: "Bob", FirstName: "Bob"})
	if err != nil || bb.ID != b.ID {
		t.Fatal(err, bb, b)
	}
	if _, err := s.AddUnit(ctx, Change{ActorID: a.ID}, c.ID, "局", []uint{b.ID}); err != nil {
		t.Fatal(err)
	}
	us, err := s.Units(ctx, c.ID)
	t.Logf("%+v %v", us, err)
	p, err := s.PendingTasks(ctx, c.ID, TaskFilter{Limit: 10})
	t.Logf("%+v %v", p, err)
	tk, err = s.Submit(ctx, Change{ActorID: b.ID}, tk.ID, b.ID, "", true)
	t.Log(tk.Status, err)
	r, err := s.Ranking(ctx, RankingQuery{ChatID: c.ID, From: now.Add(-time.Hour * 1000), To: now.Add(time.Hour * 1000)})
	t.Logf("%+v %v", r, err)
	my, err := s.TasksOf(ctx, b.ID, 0)
	t.Logf("%+v %v", my, err)
	h, err := s.TaskHistory(ctx, tk.ID)
	t.Logf("%+v %v", h, err)
}
