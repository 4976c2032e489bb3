package tgfake

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Every shape reaches a go-telegram/bot client as Telegram's would.
func TestUpdateShapes(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.AddUser(User{ID: 50, FirstName: "值班机器人", Username: "duty_bot", IsBot: true})
	f.DiscardPending()
	b, updates := startBot(t, f, nil)

	f.SendText(groupID, 0, "/tasks", AsAnonymousAdmin())
	m := next(t, ctx, updates).Message
	if m == nil || m.From == nil || !m.From.IsBot || m.From.Username != "GroupAnonymousBot" ||
		m.SenderChat == nil || m.SenderChat.ID != groupID || m.Text != "/tasks" || len(m.Entities) != 1 {
		t.Fatalf("anonymous administrator: %+v", m)
	}

	f.SendText(groupID, 0, "/tasks", AsChannel(-1007, "通知频道"))
	m = next(t, ctx, updates).Message
	if m == nil || m.From.ID != channelBot.ID || !m.From.IsBot || m.SenderChat.ID != -1007 || m.SenderChat.Type != models.ChatTypeChannel {
		t.Fatalf("on behalf of a channel: %+v", m)
	}
	f.SendText(groupID, 0, "/tasks", AutoForwardedFrom(-1007, "通知频道"))
	m = next(t, ctx, updates).Message
	if m == nil || m.From.ID != 777000 || m.From.IsBot || !m.IsAutomaticForward || m.SenderChat.ID != -1007 {
		t.Fatalf("automatic forward: %+v", m)
	}

	f.SendText(groupID, zhang, "", AsPhoto())
	m = next(t, ctx, updates).Message
	if m == nil || len(m.Photo) == 0 || m.Text != "" || m.Caption != "" || m.From.ID != zhang {
		t.Fatalf("photo without caption: %+v", m)
	}
	f.SendText(groupID, zhang, "/done 1", AsPhoto())
	m = next(t, ctx, updates).Message
	if m == nil || m.Caption != "/done 1" || len(m.CaptionEntities) != 1 || m.Text != "" {
		t.Fatalf("photo with a caption: %+v", m)
	}

	f.SendText(groupID, 50, "/tasks")
	if m = next(t, ctx, updates).Message; m == nil || !m.From.IsBot {
		t.Fatalf("a bot's message: %+v", m)
	}

	orig := f.SendText(groupID, zhang, "收到")
	next(t, ctx, updates)
	f.EditText(groupID, orig.ID, "/done 1")
	u := next(t, ctx, updates)
	if u.EditedMessage == nil || u.EditedMessage.ID != orig.ID || u.EditedMessage.EditDate == 0 ||
		u.EditedMessage.Text != "/done 1" || len(u.EditedMessage.Entities) != 1 {
		t.Fatalf("edited message: %+v", u)
	}

	f.ChannelPost(-1007, "通知频道", "/tasks")
	if u = next(t, ctx, updates); u.ChannelPost == nil || u.ChannelPost.Chat.Type != models.ChatTypeChannel {
		t.Fatalf("channel post: %+v", u)
	}

	f.Pin(groupID, zhang, orig.ID)
	if m = next(t, ctx, updates).Message; m == nil || m.PinnedMessage == nil || m.PinnedMessage.Message.ID != orig.ID {
		t.Fatalf("pinned message: %+v", m)
	}

	// A button on a message the bot can no longer see.
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "x",
		ReplyMarkup: keyboard([]models.InlineKeyboardButton{cb("ok", "ok:1")})})
	if err != nil {
		t.Fatal(err)
	}
	f.MakeInaccessible(groupID, sent.ID)
	id, err := f.PressButton(groupID, sent.ID, li, "ok")
	if err != nil {
		t.Fatal(err)
	}
	cq := next(t, ctx, updates).CallbackQuery
	if cq == nil || cq.ID != id || cq.Message.Type != models.MaybeInaccessibleMessageTypeInaccessibleMessage ||
		cq.Message.InaccessibleMessage.MessageID != sent.ID || cq.Message.InaccessibleMessage.Chat.ID != groupID ||
		cq.Message.InaccessibleMessage.Date != 0 || cq.Data != "ok:1" {
		t.Fatalf("inaccessible message: %+v", cq)
	}
	raw, _ := json.Marshal(&cq.Message)
	if !strings.Contains(string(raw), `"date":0`) || strings.Contains(string(raw), `"text"`) {
		t.Errorf("an inaccessible message carries more than chat, id and date 0: %s", raw)
	}
	if _, ok := f.Message(groupID, sent.ID); !ok {
		t.Error("the message itself went away")
	}

	// An administrator demoted without the bot being told.
	f.SetAdmin(groupID, li, true)
	next(t, ctx, updates)
	f.SetAdminUnseen(groupID, li, false)
	f.SendText(groupID, li, "好的")
	if u = next(t, ctx, updates); u.Message == nil || u.Message.Text != "好的" {
		t.Fatalf("SetAdminUnseen queued an update: %+v", u)
	}
	cm, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: groupID, UserID: li})
	if err != nil || cm.Type != models.ChatMemberTypeMember {
		t.Fatalf("after SetAdminUnseen: %+v, %v", cm, err)
	}
}

// MigrateUnseen upgrades a group without telling the bot: only a call for
// the old id finds out.
func TestMigrateUnseen(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending()
	b := newClient(t, f)
	const newID int64 = -1000000000300
	f.MigrateUnseen(basicID, newID)
	if n := f.DiscardPending(); n != 0 {
		t.Errorf("%d updates queued, want none", n)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: basicID, Text: "提醒"})
	var migrated *bot.MigrateError
	if !errors.As(err, &migrated) || migrated.MigrateToChatID != int(newID) {
		t.Fatalf("send to the old id: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: newID, Text: "提醒"}); err != nil {
		t.Fatal(err)
	}
	f.SendText(newID, li, "/tasks")
	if n := f.DiscardPending(); n != 1 {
		t.Errorf("%d updates from the supergroup, want 1", n)
	}
}
