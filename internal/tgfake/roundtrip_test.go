package tgfake

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestRoundTrip(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending() // setup noise (my_chat_member, /start)

	replies := make(chan *models.Message, 10)
	handler := func(ctx context.Context, b *bot.Bot, u *models.Update) {
		switch {
		case u.Message != nil && strings.HasPrefix(u.Message.Text, "/task"):
			m, err := b.SendMessage(ctx, &bot.SendMessageParams{
				ChatID:    u.Message.Chat.ID,
				Text:      "<b>任务</b>已创建：周五前提交材料 &lt;重要&gt;",
				ParseMode: models.ParseModeHTML,
				ReplyParameters: &models.ReplyParameters{
					MessageID: u.Message.ID,
				},
				ReplyMarkup: keyboard(
					[]models.InlineKeyboardButton{cb("收到", "ack:1"), cb("延期", "ext:1")},
					[]models.InlineKeyboardButton{{Text: "查看", URL: "https://example.com/t/1"}},
				),
			})
			if err != nil {
				t.Errorf("SendMessage: %v", err)
				return
			}
			replies <- m
		case u.CallbackQuery != nil:
			if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{
				CallbackQueryID: u.CallbackQuery.ID,
				Text:            "已确认",
			}); err != nil {
				t.Errorf("AnswerCallbackQuery: %v", err)
			}
		}
	}
	_, updates := startBot(t, f, handler)

	mark := f.Mark()
	text := "/task@duban_bot 📌周五前提交材料 @zhangsan 李四"
	sent := f.SendText(groupID, zhang, text, WithTextMention(li))

	// The bot receives the message with Telegram's entities.
	u := next(t, ctx, updates)
	if u.Message == nil || u.Message.ID != sent.ID || u.Message.Text != text {
		t.Fatalf("unexpected update %+v", u)
	}
	want := []models.MessageEntity{
		{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 15},
		{Type: models.MessageEntityTypeMention, Offset: 26, Length: 9},
		{Type: models.MessageEntityTypeTextMention, Offset: 36, Length: 2, User: &models.User{ID: li, FirstName: "李四"}},
	}
	if !reflect.DeepEqual(u.Message.Entities, want) {
		t.Fatalf("entities\n got %+v\nwant %+v", u.Message.Entities, want)
	}
	for i, s := range []string{"/task@duban_bot", "@zhangsan", "李四"} {
		if got := EntityText(text, u.Message.Entities[i]); got != s {
			t.Errorf("entity %d covers %q, want %q", i, got, s)
		}
	}
	if u.Message.From.ID != zhang || u.Message.Chat.Type != models.ChatTypeSupergroup || u.Message.Chat.Title != "办公室" {
		t.Errorf("from/chat: %+v %+v", u.Message.From, u.Message.Chat)
	}

	// The bot's answer is recorded with what the user sees.
	got, err := f.WaitSentAfter(ctx, mark, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := got[0]
	if s.Method != "sendMessage" || s.ChatID != groupID || s.ParseMode != "HTML" {
		t.Errorf("sent %+v", s)
	}
	if s.PlainText != "任务已创建：周五前提交材料 <重要>" {
		t.Errorf("PlainText %q", s.PlainText)
	}
	if s.ReplyToMessageID != sent.ID {
		t.Errorf("ReplyToMessageID %d, want %d", s.ReplyToMessageID, sent.ID)
	}
	if b := s.Buttons(); !reflect.DeepEqual(b, [][]string{{"收到", "延期"}, {"查看"}}) {
		t.Errorf("buttons %v", b)
	}
	if s.MessageID != sent.ID+1 {
		t.Errorf("message ids are per chat and shared: got %d after %d", s.MessageID, sent.ID)
	}

	// The library decoded the fake's answer.
	var m *models.Message
	select {
	case m = <-replies:
	case <-ctx.Done():
		t.Fatal("no reply")
	}
	if m.ID != s.MessageID || m.From == nil || !m.From.IsBot || m.From.Username != "duban_bot" {
		t.Errorf("reply message %+v", m)
	}
	if m.ReplyToMessage == nil || m.ReplyToMessage.ID != sent.ID {
		t.Errorf("reply_to_message %+v", m.ReplyToMessage)
	}
	if !reflect.DeepEqual(m.Entities, []models.MessageEntity{{Type: models.MessageEntityTypeBold, Offset: 0, Length: 2}}) {
		t.Errorf("reply entities %+v", m.Entities)
	}
	if m.ReplyMarkup == nil || m.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "ack:1" {
		t.Errorf("reply markup %+v", m.ReplyMarkup)
	}

	// A user presses a button.
	id, err := f.PressButton(groupID, s.MessageID, li, "收到")
	if err != nil {
		t.Fatal(err)
	}
	u = next(t, ctx, updates)
	cq := u.CallbackQuery
	if cq == nil || cq.ID != id || cq.Data != "ack:1" || cq.From.ID != li {
		t.Fatalf("callback %+v", cq)
	}
	if cq.Message.Message == nil || cq.Message.Message.ID != s.MessageID || cq.Message.Message.Text != s.PlainText {
		t.Fatalf("callback message %+v", cq.Message)
	}
	ans, err := f.WaitCallbackAnswer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Text != "已确认" || ans.ShowAlert {
		t.Errorf("answer %+v", ans)
	}
	if _, err := f.PressButton(groupID, s.MessageID, li, "不存在"); err == nil {
		t.Error("PressButton with an unknown label must fail")
	}
	if _, err := f.PressButton(groupID, s.MessageID, li, "查看"); err == nil {
		t.Error("PressButton on a URL button must fail")
	}

	// A user replies to the bot's message.
	r := f.SendText(groupID, li, "收到", ReplyTo(s.MessageID))
	u = next(t, ctx, updates)
	if u.Message == nil || u.Message.ID != r.ID || u.Message.ReplyToMessage == nil ||
		u.Message.ReplyToMessage.From.ID != f.Bot().ID || u.Message.ReplyToMessage.Text != s.PlainText {
		t.Fatalf("reply update %+v", u.Message)
	}
	if err := f.WaitIdle(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if n := len(f.PendingCallbacks()); n != 0 {
		t.Errorf("%d callbacks left unanswered", n)
	}
}

func TestPrivateChatAndStart(t *testing.T) {
	ctx := testCtx(t)
	f := New()
	t.Cleanup(f.Close)
	f.AddUser(User{ID: 21, FirstName: "赵", LastName: "六"})
	b := newClient(t, f)

	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 21, Text: "你好"})
	wantAPIError(t, err, bot.ErrorForbidden, "bot can't initiate conversation with a user")

	m := f.StartBot(21)
	if m.Chat.ID != 21 || m.Chat.Type != models.ChatTypePrivate || m.Text != "/start" ||
		len(m.Entities) != 1 || m.Entities[0].Type != models.MessageEntityTypeBotCommand {
		t.Fatalf("start message %+v", m)
	}
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 21, Text: "你好"})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Chat.FirstName != "赵" || sent.Chat.LastName != "六" || sent.ID != m.ID+1 {
		t.Errorf("private message %+v", sent)
	}
}

func TestSetAdminQueuesChatMember(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending()
	b, updates := startBot(t, f, nil)

	f.SetAdmin(groupID, li, true)
	u := next(t, ctx, updates)
	if u.ChatMember == nil || u.ChatMember.OldChatMember.Type != models.ChatMemberTypeMember ||
		u.ChatMember.NewChatMember.Type != models.ChatMemberTypeAdministrator ||
		u.ChatMember.NewChatMember.Administrator.User.ID != li {
		t.Fatalf("chat_member update %+v", u.ChatMember)
	}
	admins, err := b.GetChatAdministrators(ctx, &bot.GetChatAdministratorsParams{ChatID: groupID})
	if err != nil {
		t.Fatal(err)
	}
	if len(admins) != 2 || admins[0].Type != models.ChatMemberTypeOwner || admins[0].Owner.User.ID != zhang ||
		admins[1].Administrator == nil || admins[1].Administrator.User.ID != li {
		t.Fatalf("admins %+v", admins)
	}
	f.SetAdmin(groupID, li, false)
	u = next(t, ctx, updates)
	if u.ChatMember == nil || u.ChatMember.NewChatMember.Type != models.ChatMemberTypeMember {
		t.Fatalf("demotion update %+v", u.ChatMember)
	}
	cm, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: groupID, UserID: li})
	if err != nil || cm.Type != models.ChatMemberTypeMember {
		t.Fatalf("GetChatMember = %+v, %v", cm, err)
	}
	cm, err = b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: groupID, UserID: 424242})
	wantAPIError(t, err, bot.ErrorBadRequest, "user not found")
	_ = cm

	ch, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: groupID})
	if err != nil || ch.Title != "办公室" || ch.Type != models.ChatTypeSupergroup {
		t.Fatalf("GetChat = %+v, %v", ch, err)
	}
	_, err = b.GetChatAdministrators(ctx, &bot.GetChatAdministratorsParams{ChatID: zhang})
	wantAPIError(t, err, bot.ErrorBadRequest, "there are no administrators in the private chat")
}

func TestBlockAndKickQueueMyChatMember(t *testing.T) {
	ctx := testCtx(t)
	f := New()
	t.Cleanup(f.Close)
	f.AddUser(User{ID: 31, FirstName: "甲"})
	f.AddGroup(Group{ID: -31, Title: "群", Members: []int64{31}, Creator: 31})
	_, updates := startBot(t, f, nil)

	f.StartBot(31)
	if u := next(t, ctx, updates); u.Message == nil || u.Message.Text != "/start" {
		t.Fatalf("want /start, got %+v", u)
	}
	f.Block(31)
	u := next(t, ctx, updates)
	if u.MyChatMember == nil || u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeBanned || u.MyChatMember.Chat.ID != 31 {
		t.Fatalf("block update %+v", u.MyChatMember)
	}
	f.StartBot(31) // unblocks
	u = next(t, ctx, updates)
	if u.MyChatMember == nil || u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeMember {
		t.Fatalf("unblock update %+v", u.MyChatMember)
	}
	if u = next(t, ctx, updates); u.Message == nil || u.Message.Text != "/start" {
		t.Fatalf("want /start, got %+v", u)
	}
	f.Kick(-31)
	u = next(t, ctx, updates)
	if u.MyChatMember == nil || u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeLeft || u.MyChatMember.Chat.ID != -31 {
		t.Fatalf("kick update %+v", u.MyChatMember)
	}
}

func TestMigrateFlow(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending()
	b, updates := startBot(t, f, nil)
	const newID int64 = -1003000

	f.Migrate(basicID, newID)
	u1 := next(t, ctx, updates)
	u2 := next(t, ctx, updates)
	if u1.Message == nil || u1.Message.Chat.ID != basicID || u1.Message.MigrateToChatID != newID {
		t.Fatalf("first update %+v", u1.Message)
	}
	if u2.Message == nil || u2.Message.Chat.ID != newID || u2.Message.MigrateFromChatID != basicID ||
		u2.Message.Chat.Type != models.ChatTypeSupergroup {
		t.Fatalf("second update %+v", u2.Message)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: basicID, Text: "提醒"})
	var me *bot.MigrateError
	if !asMigrate(err, &me) || me.MigrateToChatID != int(newID) {
		t.Fatalf("want MigrateError to %d, got %v", newID, err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: newID, Text: "提醒"}); err != nil {
		t.Fatal(err)
	}
	admins, err := b.GetChatAdministrators(ctx, &bot.GetChatAdministratorsParams{ChatID: newID})
	if err != nil || len(admins) != 2 {
		t.Fatalf("admins after migration %+v, %v", admins, err)
	}
	cm, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: newID, UserID: li})
	if err != nil || cm.Type != models.ChatMemberTypeMember {
		t.Fatalf("member after migration %+v, %v", cm, err)
	}
}

func TestPressDeletedMessageIsInaccessible(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending()
	b, updates := startBot(t, f, nil)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "x", ReplyMarkup: keyboard([]models.InlineKeyboardButton{cb("ok", "ok")})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: groupID, MessageID: m.ID}); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Message(groupID, m.ID); ok {
		t.Fatal("deleted message still visible")
	}
	f.Press(groupID, m.ID, zhang, "ok")
	u := next(t, ctx, updates)
	if u.CallbackQuery == nil || u.CallbackQuery.Message.Type != models.MaybeInaccessibleMessageTypeInaccessibleMessage ||
		u.CallbackQuery.Message.InaccessibleMessage.MessageID != m.ID {
		t.Fatalf("callback %+v", u.CallbackQuery)
	}
}

func TestPrivacyMode(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t, WithPrivacyMode())
	f.DiscardPending()
	b, updates := startBot(t, f, nil)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "请回复"})
	if err != nil {
		t.Fatal(err)
	}
	f.SendText(groupID, li, "大家好")               // not for the bot
	f.SendText(groupID, li, "/help@other_bot")   // another bot's command
	f.SendText(groupID, li, "好的", ReplyTo(m.ID)) // reply to the bot
	f.SendText(groupID, li, "/help")             // command
	f.SendText(groupID, li, "请 @duban_bot 看一下")  // mention only: not delivered
	f.SendText(groupID, li, "/list@duban_bot")   // addressed command
	for _, want := range []string{"好的", "/help", "/list@duban_bot"} {
		if u := next(t, ctx, updates); u.Message == nil || u.Message.Text != want {
			t.Fatalf("want %q, got %+v", want, u.Message)
		}
	}
	if err := f.WaitIdle(ctx, 0); err != nil {
		t.Fatal(err)
	}
	select {
	case u := <-updates:
		t.Fatalf("unexpected update %+v", u.Message)
	default:
	}
}

// TestLibraryCommandMatching documents how go-telegram/bot matches
// commands: MatchTypeCommand compares the whole entity text after '/',
// so "/task@duban_bot" does not match the pattern "task".
func TestLibraryCommandMatching(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending()
	matched := make(chan string, 10)
	b, updates := startBot(t, f, nil)
	b.RegisterHandler(bot.HandlerTypeMessageText, "task", bot.MatchTypeCommandStartOnly,
		func(_ context.Context, _ *bot.Bot, u *models.Update) { matched <- u.Message.Text })

	f.SendText(groupID, zhang, "/task 周五")
	select {
	case got := <-matched:
		if got != "/task 周五" {
			t.Fatalf("matched %q", got)
		}
	case <-ctx.Done():
		t.Fatal("command handler not called")
	}
	f.SendText(groupID, zhang, "/task@duban_bot 周五")
	if u := next(t, ctx, updates); u.Message.Text != "/task@duban_bot 周五" {
		t.Fatalf("default handler got %q", u.Message.Text)
	}
}

func asMigrate(err error, target **bot.MigrateError) bool {
	me, ok := err.(*bot.MigrateError)
	if ok {
		*target = me
	}
	return ok
}
