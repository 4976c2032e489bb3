package tgfake

import (
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestForumThreadsAndMentions(t *testing.T) {
	ctx := testCtx(t)
	f := New()
	t.Cleanup(f.Close)
	f.AddUser(User{ID: 41, FirstName: "孙", LastName: "七"})
	f.AddUser(User{ID: 42, FirstName: "周八", Username: "zhouba"})
	f.AddGroup(Group{ID: -1004000, Title: "专班", IsForum: true, Members: []int64{41, 42}})
	b, updates := startBot(t, f, nil)

	m := f.SendText(-1004000, 42, "请孙 七和孙七确认", InThread(5), WithTextMention(41, 5))
	u := next(t, ctx, updates)
	if u.Message.MessageThreadID != 5 || !u.Message.IsTopicMessage || !u.Message.Chat.IsForum {
		t.Fatalf("thread fields %+v", u.Message)
	}
	e := u.Message.Entities
	if len(e) != 1 || e[0].Type != models.MessageEntityTypeTextMention || e[0].Offset != 5 || e[0].Length != 2 ||
		e[0].User.ID != 41 || EntityText(m.Text, e[0]) != "孙七" {
		t.Fatalf("entities %+v", e)
	}
	// Without offset, the full name "孙 七" is found first.
	m = f.SendText(-1004000, 42, "请孙 七确认", WithTextMention(41))
	if e := m.Entities; len(e) != 1 || EntityText(m.Text, e[0]) != "孙 七" {
		t.Fatalf("entities %+v", e)
	}
	next(t, ctx, updates)

	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: -1004000, MessageThreadID: 5, Text: "收到"})
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageThreadID != 5 || !sent.IsTopicMessage {
		t.Fatalf("bot message %+v", sent)
	}
	if s := f.SentTo(-1004000); len(s) != 1 || s[0].ThreadID != 5 {
		t.Fatalf("records %+v", s)
	}
}

func TestPushAndDropPending(t *testing.T) {
	ctx := testCtx(t)
	f := New()
	t.Cleanup(f.Close)
	f.AddUser(User{ID: 51, FirstName: "吴"})
	b := newClient(t, f)

	f.SendText(51, 51, "会被丢弃")
	if _, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	id := f.Push(models.Update{EditedMessage: &models.Message{ID: 1, Date: 1, Chat: models.Chat{ID: 51, Type: "private"}, Text: "改"}})
	us := updatesOf(t, call(t, ctx, f, "getUpdates", "application/json", `{}`))
	if len(us) != 1 || us[0].ID != id || us[0].EditedMessage == nil || us[0].EditedMessage.Text != "改" {
		t.Fatalf("updates %+v", us)
	}
	if st := f.Stats(); st.UpdatesQueued != 2 || st.UpdatesDelivered != 1 {
		t.Fatalf("stats %+v", st)
	}
	me, err := b.GetMe(ctx)
	if err != nil || me.ID != 1000 || me.Username != "duban_bot" || me.FirstName != "督办" || !me.IsBot {
		t.Fatalf("getMe %+v %v", me, err)
	}
}

func TestCustomIdentity(t *testing.T) {
	ctx := testCtx(t)
	f := New(WithToken("42:ABC"), WithBotUser(42, "other_bot", "另一个"))
	t.Cleanup(f.Close)
	b, err := bot.New("42:ABC", bot.WithServerURL(f.URL()))
	if err != nil {
		t.Fatal(err)
	}
	me, err := b.GetMe(ctx)
	if err != nil || me.ID != 42 || me.Username != "other_bot" {
		t.Fatalf("getMe %+v %v", me, err)
	}
	if f.Token() != "42:ABC" {
		t.Fatal(f.Token())
	}
}
