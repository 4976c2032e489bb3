package tgfake

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestHTMLErrors(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	cases := []struct{ text, desc string }{
		{"第一行<br>第二行", `can't parse entities: Unsupported start tag "br" at byte offset 9`},
		{"<p>段落</p>", `Unsupported start tag "p" at byte offset 0`},
		{"<b>加粗", "can't parse entities: Can't find end tag corresponding to start tag b"},
		{"<b><i>x</b></i>", `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"x</b>", "Unexpected end tag at byte offset 1"},
		{"1 < 2", `Unsupported start tag "" at byte offset 2`},
		{"a<b", "Unclosed start tag at byte offset 1"},
		{"A & B", `can't parse entities: Unescaped "&"`},
		{"&nbsp;空格", `can't parse entities: Unescaped "&"`},
		{"&#xD800;", `can't parse entities: Unescaped "&"`},
		{`<span class="red">x</span>`, `Tag "span" must have class "tg-spoiler"`},
		{`<a href>x</a>`, `Expected equal sign in declaration of an attribute of the tag "a"`},
	}
	for _, c := range cases {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: c.text, ParseMode: models.ParseModeHTML})
		wantAPIError(t, err, bot.ErrorBadRequest, c.desc)
	}
	if n := len(f.Sent()); n != 0 {
		t.Fatalf("%d messages accepted", n)
	}
	rej := f.Rejected()
	if len(rej) != len(cases) || rej[0].Method != "sendMessage" || rej[0].ChatID != groupID || rej[0].Code != 400 {
		t.Fatalf("rejected %+v", rej)
	}

	// The same texts are fine without parse_mode.
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "1 < 2 & <br>"}); err != nil {
		t.Fatal(err)
	}
	// Entities and attributes that Telegram accepts.
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, ParseMode: models.ParseModeHTML,
		Text: `&lt;&#20013;&#x6587;&amp;&quot;&gt; <a href="https://x.cn/?a=1&b=2">链接</a> <blockquote expandable>引用</blockquote> <span class="tg-spoiler">密</span>`})
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != `<中文&"> 链接 引用 密` {
		t.Fatalf("text %q", m.Text)
	}
	if len(m.Entities) != 3 || m.Entities[0].URL != "https://x.cn/?a=1&b=2" ||
		m.Entities[1].Type != models.MessageEntityTypeExpandableBlockquote || m.Entities[2].Type != models.MessageEntityTypeSpoiler {
		t.Fatalf("entities %+v", m.Entities)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "x", ParseMode: "HTML5"})
	wantAPIError(t, err, bot.ErrorBadRequest, "unsupported parse_mode")
}

func TestTextLength(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	send := func(text string, html bool) error {
		p := &bot.SendMessageParams{ChatID: groupID, Text: text}
		if html {
			p.ParseMode = models.ParseModeHTML
		}
		_, err := b.SendMessage(ctx, p)
		return err
	}
	if err := send(strings.Repeat("字", 4096), false); err != nil {
		t.Fatalf("4096 units: %v", err)
	}
	wantAPIError(t, send(strings.Repeat("字", 4097), false), bot.ErrorBadRequest, "Bad Request: message is too long")
	// Tags do not count; entities count as the character they stand for.
	if err := send("<b>"+strings.Repeat("字", 4092)+"</b>&lt;&gt;&amp;&quot;", true); err != nil {
		t.Fatalf("4096 visible units with tags: %v", err)
	}
	wantAPIError(t, send("<b>"+strings.Repeat("字", 4097)+"</b>", true), bot.ErrorBadRequest, "message is too long")
	// Length is in UTF-16 code units: an emoji outside the BMP counts 2.
	if err := send(strings.Repeat("📌", 2048), false); err != nil {
		t.Fatalf("2048 emoji: %v", err)
	}
	wantAPIError(t, send(strings.Repeat("📌", 2048)+"a", false), bot.ErrorBadRequest, "message is too long")

	wantAPIError(t, send("", false), bot.ErrorBadRequest, "Bad Request: message text is empty")
	wantAPIError(t, send("  \n", false), bot.ErrorBadRequest, "message text is empty")
	wantAPIError(t, send("<b></b>", true), bot.ErrorBadRequest, "message text is empty")

	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "短"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: groupID, MessageID: m.ID, Text: strings.Repeat("字", 4097)})
	wantAPIError(t, err, bot.ErrorBadRequest, "MESSAGE_TOO_LONG")
}

func TestCallbackDataLimit(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	send := func(btn models.InlineKeyboardButton) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "选择",
			ReplyMarkup: keyboard([]models.InlineKeyboardButton{cb("好", "ok"), btn})})
		return err
	}
	if err := send(cb("64", strings.Repeat("x", 64))); err != nil {
		t.Fatalf("64 bytes: %v", err)
	}
	wantAPIError(t, send(cb("65", strings.Repeat("x", 65))), bot.ErrorBadRequest, "Bad Request: BUTTON_DATA_INVALID")
	// The limit is in bytes: 22 Chinese characters are 66 bytes.
	wantAPIError(t, send(cb("中文", strings.Repeat("办", 22))), bot.ErrorBadRequest, "BUTTON_DATA_INVALID")
	// A button without any action (e.g. callback data left empty).
	wantAPIError(t, send(models.InlineKeyboardButton{Text: "空"}), bot.ErrorBadRequest, "Text buttons are unallowed in the inline keyboard")
	wantAPIError(t, send(models.InlineKeyboardButton{Text: "链接", URL: "javascript:alert(1)"}), bot.ErrorBadRequest, "BUTTON_URL_INVALID")

	// editMessageReplyMarkup validates too.
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "选择"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: groupID, MessageID: m.ID,
		ReplyMarkup: keyboard([]models.InlineKeyboardButton{cb("65", strings.Repeat("y", 65))})})
	wantAPIError(t, err, bot.ErrorBadRequest, "BUTTON_DATA_INVALID")
}

func TestChatErrors(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "通知"})
		return err
	}
	wantAPIError(t, send(unknownChat), bot.ErrorBadRequest, "Bad Request: chat not found")
	wantAPIError(t, send(-777), bot.ErrorBadRequest, "Bad Request: chat not found")
	wantAPIError(t, send(li), bot.ErrorForbidden, "Forbidden: bot can't initiate conversation with a user")
	wantAPIError(t, send(wang), bot.ErrorForbidden, "Forbidden: bot was blocked by the user")
	wantAPIError(t, send(kickedID), bot.ErrorForbidden, "Forbidden: bot was kicked from the group chat")
	if err := send(zhang); err != nil {
		t.Fatalf("started user: %v", err)
	}
	// Chat actions follow the same rules.
	_, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: li, Action: models.ChatActionTyping})
	wantAPIError(t, err, bot.ErrorForbidden, "bot can't initiate conversation")
	if _, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: groupID, Action: models.ChatActionTyping}); err != nil {
		t.Fatal(err)
	}
	// A user who writes to the bot opens the private chat.
	f.SendText(li, li, "你好")
	if err := send(li); err != nil {
		t.Fatalf("after the user wrote: %v", err)
	}
	// Reply to a message that does not exist.
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "回复",
		ReplyParameters: &models.ReplyParameters{MessageID: 4242}})
	wantAPIError(t, err, bot.ErrorBadRequest, "message to be replied not found")
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "回复",
		ReplyParameters: &models.ReplyParameters{MessageID: 4242, AllowSendingWithoutReply: true}}); err != nil {
		t.Fatal(err)
	}
}

func TestMigratedChat(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	f.Migrate(basicID, -1009999)
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: basicID, Text: "x"})
	var me *bot.MigrateError
	if !errors.As(err, &me) || me.MigrateToChatID != -1009999 ||
		!strings.Contains(me.Message, "group chat was upgraded to a supergroup chat") {
		t.Fatalf("want MigrateError, got %v", err)
	}
	rej := f.Rejected()
	if last := rej[len(rej)-1]; last.MigrateTo != -1009999 || last.Code != 400 {
		t.Fatalf("rejected %+v", last)
	}
}

func TestInjectedFaults(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "通知"})
		return err
	}

	f.FailNext("sendMessage", groupID, Fault{Code: 429, RetryAfter: 7})
	if err := send(zhang); err != nil {
		t.Fatalf("other chat must not be affected: %v", err)
	}
	err := send(groupID)
	var tm *bot.TooManyRequestsError
	if !errors.As(err, &tm) || tm.RetryAfter != 7 || !strings.Contains(tm.Message, "Too Many Requests: retry after 7") {
		t.Fatalf("want TooManyRequestsError(7), got %#v", err)
	}
	if err := send(groupID); err != nil {
		t.Fatalf("fault must be used once: %v", err)
	}

	f.FailNext("sendmessage", 0, Fault{Code: 502, Times: 2})
	for i := 0; i < 2; i++ {
		err := send(groupID)
		if err == nil || !strings.Contains(err.Error(), "502 Bad Gateway") || errors.Is(err, bot.ErrorBadRequest) {
			t.Fatalf("want 502, got %v", err)
		}
	}
	if err := send(groupID); err != nil {
		t.Fatal(err)
	}

	f.FailNext("", 0, Fault{Code: 403})
	_, err = b.GetChat(ctx, &bot.GetChatParams{ChatID: groupID})
	wantAPIError(t, err, bot.ErrorForbidden, "Forbidden: bot was blocked by the user")

	f.FailNext("sendMessage", groupID, Fault{MigrateTo: -100555})
	var me *bot.MigrateError
	if err := send(groupID); !errors.As(err, &me) || me.MigrateToChatID != -100555 {
		t.Fatalf("want MigrateError, got %v", err)
	}
	if st := f.Stats(); st.Faults != 5 {
		t.Fatalf("stats %+v", st)
	}

	// The raw answer has Telegram's shape.
	f.FailNext("sendMessage", 0, Fault{Code: 429, RetryAfter: 7})
	resp, err := http.Post(f.URL()+"/bot"+f.Token()+"/sendMessage", "application/x-www-form-urlencoded",
		strings.NewReader("chat_id=11&text=hi"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`
	if resp.StatusCode != 429 || string(body) != want {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
}

func TestEditErrors(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	kb := keyboard([]models.InlineKeyboardButton{cb("收到", "ack")})
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: "<b>任务</b>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}

	// Same text, same entities, same keyboard: not modified.
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: groupID, MessageID: m.ID,
		Text: "<strong>任务</strong>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	wantAPIError(t, err, bot.ErrorBadRequest, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: groupID, MessageID: m.ID, ReplyMarkup: kb})
	wantAPIError(t, err, bot.ErrorBadRequest, "message is not modified")

	// Omitting reply_markup in editMessageText removes the keyboard.
	e, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: groupID, MessageID: m.ID,
		Text: "<b>任务</b>", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatal(err)
	}
	if e.ReplyMarkup != nil || e.EditDate == 0 {
		t.Fatalf("edited %+v", e)
	}
	cur, ok := f.Message(groupID, m.ID)
	if !ok || cur.ReplyMarkup != nil || cur.Text != "任务" {
		t.Fatalf("stored %+v", cur)
	}
	last := f.Sent()[len(f.Sent())-1]
	if last.Method != "editMessageText" || last.MessageID != m.ID || last.Markup != nil || last.PlainText != "任务" {
		t.Fatalf("edit record %+v", last)
	}

	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: groupID, MessageID: 4242, Text: "x"})
	wantAPIError(t, err, bot.ErrorBadRequest, "Bad Request: message to edit not found")
	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: groupID, MessageID: 4242, ReplyMarkup: kb})
	wantAPIError(t, err, bot.ErrorBadRequest, "message to edit not found")
	um := f.SendText(groupID, li, "用户消息")
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: groupID, MessageID: um.ID, Text: "x"})
	wantAPIError(t, err, bot.ErrorBadRequest, "message can't be edited")
	_, err = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: groupID, MessageID: 4242})
	wantAPIError(t, err, bot.ErrorBadRequest, "message to delete not found")
}

func TestCallbackAnswerErrors(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	_, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: "123"})
	wantAPIError(t, err, bot.ErrorBadRequest, "Bad Request: query is too old and response timeout expired or query ID is invalid")

	id := f.Press(groupID, 1, zhang, "x")
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: strings.Repeat("长", 201)})
	wantAPIError(t, err, bot.ErrorBadRequest, "MESSAGE_TOO_LONG")
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id, Text: "好", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: id})
	wantAPIError(t, err, bot.ErrorBadRequest, "query is too old")
	if a := f.CallbackAnswers(); len(a) != 1 || a[0].ID != id || a[0].Text != "好" || !a[0].ShowAlert {
		t.Fatalf("answers %+v", a)
	}
}

func TestUnauthorizedAndUnknownMethod(t *testing.T) {
	f := newFake(t)
	_, err := bot.New("123:WRONG", bot.WithServerURL(f.URL()))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("want ErrorUnauthorized, got %v", err)
	}
	if _, err := bot.New(f.Token(), bot.WithServerURL(f.URL())); err != nil {
		t.Fatalf("getMe with the right token: %v", err)
	}

	post := func(path string) (int, string) {
		resp, err := http.Post(f.URL()+path, "application/x-www-form-urlencoded", strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := post("/bot123:WRONG/sendMessage"); code != 401 || body != `{"ok":false,"error_code":401,"description":"Unauthorized"}` {
		t.Fatalf("wrong token: %d %s", code, body)
	}
	if code, body := post("/bot" + f.Token() + "/sendTelepathy"); code != 404 || body != `{"ok":false,"error_code":404,"description":"Not Found"}` {
		t.Fatalf("unknown method: %d %s", code, body)
	}
	rej := f.Rejected()
	if len(rej) < 2 || rej[len(rej)-1].Method != "sendTelepathy" || rej[len(rej)-1].Code != 404 {
		t.Fatalf("rejected %+v", rej)
	}
}

func TestCommands(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	cmds := []models.BotCommand{{Command: "task", Description: "创建任务"}, {Command: "my", Description: "我的任务"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds,
		Scope: &models.BotCommandScopeChat{ChatID: groupID}, LanguageCode: "zh"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds[:1]}); err != nil {
		t.Fatal(err)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: groupID}, LanguageCode: "zh"})
	if err != nil || len(got) != 2 || got[1].Description != "我的任务" {
		t.Fatalf("GetMyCommands = %+v, %v", got, err)
	}
	got, err = b.GetMyCommands(ctx, &bot.GetMyCommandsParams{})
	if err != nil || len(got) != 1 {
		t.Fatalf("default scope = %+v, %v", got, err)
	}
	got, err = b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllGroupChats{}})
	if err != nil || len(got) != 0 {
		t.Fatalf("unset scope = %+v, %v", got, err)
	}
	calls := f.Commands()
	if len(calls) != 2 || calls[0].Scope != (CommandScope{Type: "chat", ChatID: groupID}) || calls[0].LanguageCode != "zh" {
		t.Fatalf("calls %+v", calls)
	}
	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Task", Description: "x"}}})
	wantAPIError(t, err, bot.ErrorBadRequest, "BOT_COMMAND_INVALID")
}
