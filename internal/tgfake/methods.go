package tgfake

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

const (
	maxTextLen         = 4096
	maxCaptionLen      = 1024
	maxCallbackData    = 64
	maxCallbackTextLen = 200
)

func hTrue(*Server, *http.Request, *params) (any, *apiError) { return true, nil }

func hGetMe(s *Server, _ *http.Request, _ *params) (any, *apiError) {
	return s.botUser(), nil
}

// sendTargetLocked is the chat a sending call posts to, and its topic.
func (s *Server) sendTargetLocked(p *params) (*chatState, int, *apiError) {
	c, e := s.chatLocked(p, true)
	if e != nil {
		return nil, 0, e
	}
	threadID, err := p.int("message_thread_id")
	if err != nil {
		return nil, 0, badRequest("message thread not found")
	}
	return c, threadID, nil
}

// chatLocked resolves chat_id. posting is true for calls that put or
// change something in the chat; they get the 403 answers for private
// chats the user has not opened or has blocked.
func (s *Server) chatLocked(p *params, posting bool) (*chatState, *apiError) {
	raw := strings.TrimSpace(p.str("chat_id"))
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, badRequest(descChatNotFound)
	}
	c := s.chats[id]
	if c == nil {
		return nil, badRequest(descChatNotFound)
	}
	if c.migratedTo != 0 {
		return nil, migrated(c.migratedTo)
	}
	if c.isGroup() {
		if c.kicked {
			if c.typ == models.ChatTypeSupergroup {
				return nil, forbidden(descKickedSupergroup)
			}
			return nil, forbidden(descKickedGroup)
		}
		return c, nil
	}
	if posting {
		u := s.users[id]
		if u == nil {
			return nil, badRequest(descChatNotFound)
		}
		if u.blocked {
			return nil, forbidden(descBlocked)
		}
		if !u.started {
			return nil, forbidden(descCantInitiate)
		}
	}
	return c, nil
}

// markup is a parsed reply_markup.
type markup struct {
	inline     *models.InlineKeyboardMarkup // nil if absent or empty
	forceReply bool
	keyboard   *models.ReplyKeyboardMarkup
	remove     bool
}

func parseMarkup(p *params) (markup, *apiError) {
	var mk markup
	raw := strings.TrimSpace(p.str("reply_markup"))
	if raw == "" || raw == "null" {
		return mk, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &probe); err != nil {
		return mk, badRequest(descMarkupJSON)
	}
	switch {
	case probe["inline_keyboard"] != nil:
		var rows [][]map[string]json.RawMessage
		if err := json.Unmarshal(probe["inline_keyboard"], &rows); err != nil {
			return mk, badRequest("can't parse inline keyboard markup JSON object")
		}
		var kb models.InlineKeyboardMarkup
		if err := json.Unmarshal([]byte(raw), &kb); err != nil {
			return mk, badRequest("can't parse inline keyboard markup JSON object")
		}
		for i, row := range rows {
			for j, fields := range row {
				if e := checkInlineButton(fields, kb.InlineKeyboard[i][j]); e != nil {
					return mk, e
				}
			}
		}
		n := 0
		for _, row := range kb.InlineKeyboard {
			n += len(row)
		}
		if n > 0 {
			mk.inline = &kb
		}
	case probe["force_reply"] != nil:
		var fr models.ForceReply
		if err := json.Unmarshal([]byte(raw), &fr); err != nil {
			return mk, badRequest(descMarkupJSON)
		}
		mk.forceReply = fr.ForceReply
	case probe["keyboard"] != nil:
		var kb models.ReplyKeyboardMarkup
		if err := json.Unmarshal([]byte(raw), &kb); err != nil {
			return mk, badRequest(descMarkupJSON)
		}
		mk.keyboard = &kb
	case probe["remove_keyboard"] != nil:
		mk.remove = true
	default:
		return mk, badRequest(descMarkupJSON)
	}
	return mk, nil
}

// actionFields are the inline button fields of which exactly one must be
// present.
var actionFields = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

func checkInlineButton(fields map[string]json.RawMessage, b models.InlineKeyboardButton) *apiError {
	if len(b.CallbackData) > maxCallbackData {
		return badRequest(descButtonData)
	}
	if _, ok := fields["callback_data"]; ok && b.CallbackData == "" {
		return badRequest(descButtonData)
	}
	has := false
	for _, f := range actionFields {
		v, ok := fields[f]
		if !ok || string(v) == "null" {
			continue
		}
		switch f {
		case "copy_text":
			// go-telegram/bot always sends "copy_text":{"text":""}
			// (omitempty has no effect on a struct); Telegram ignores it.
			if b.CopyText.Text == "" {
				continue
			}
		case "pay":
			if !b.Pay {
				continue
			}
		}
		has = true
	}
	if !has {
		return badRequest(descTextButton)
	}
	if _, ok := fields["web_app"]; ok && b.WebApp != nil && !webAppURLOK(b.WebApp.URL) {
		return badRequest(descWebAppURL) // Telegram opens only https pages in the app
	}
	if _, ok := fields["url"]; ok {
		u := strings.ToLower(b.URL)
		if !(strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "tg://")) {
			return badRequest("BUTTON_URL_INVALID")
		}
	}
	return nil
}

func sameMarkup(a, b *models.InlineKeyboardMarkup) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func sameEntities(a, b []models.MessageEntity) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// textLocked reads a call's text and formats it as Telegram does, refusing
// an empty text (before or after formatting) and one over the length limit
// (tooLong is that refusal's description: sending and editing differ).
func (s *Server) textLocked(p *params, tooLong string) (string, []models.MessageEntity, *apiError) {
	raw := p.str("text")
	if strings.TrimSpace(raw) == "" {
		return "", nil, badRequest(descTextEmpty)
	}
	text, ents, e := s.formatLocked(raw, p.str("parse_mode"), p.str("entities"))
	if e != nil {
		return "", nil, e
	}
	if strings.TrimSpace(text) == "" {
		return "", nil, badRequest(descTextEmpty)
	}
	if UTF16Len(text) > maxTextLen {
		return "", nil, badRequest(tooLong)
	}
	return text, ents, nil
}

// formatLocked turns text + parse_mode (+ explicit entities) into the
// visible text and its entities.
func (s *Server) formatLocked(text, parseMode, entitiesJSON string) (string, []models.MessageEntity, *apiError) {
	if !utf8.ValidString(text) {
		return "", nil, badRequest(descNotUTF8)
	}
	switch strings.ToLower(strings.TrimSpace(parseMode)) {
	case "":
		var ents []models.MessageEntity
		if strings.TrimSpace(entitiesJSON) != "" {
			if err := json.Unmarshal([]byte(entitiesJSON), &ents); err != nil {
				return "", nil, badRequest("can't parse entities JSON object")
			}
			limit := UTF16Len(text)
			for _, e := range ents {
				if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > limit {
					return "", nil, badRequest("can't parse entities: entity beyond the end of text")
				}
			}
			sortEntities(ents)
		}
		return text, ents, nil
	case "html":
		plain, ents, err := ParseHTML(text)
		if err != nil {
			return "", nil, badRequest(err.Error())
		}
		for i := range ents {
			if ents[i].User != nil {
				if u, ok := s.knownUserLocked(ents[i].User.ID); ok {
					ents[i].User = &u
				}
			}
		}
		return plain, ents, nil
	case "markdown", "markdownv2":
		// Not emulated: the text is taken literally.
		return text, nil, nil
	default:
		return "", nil, badRequest(descUnsupportedParse)
	}
}

// replyLocked resolves reply_parameters / reply_to_message_id.
func (s *Server) replyLocked(c *chatState, p *params) (*models.Message, *apiError) {
	var (
		msgID int
		allow = p.bool("allow_sending_without_reply")
	)
	var rp struct {
		MessageID int             `json:"message_id"`
		ChatID    json.RawMessage `json:"chat_id"`
		Allow     bool            `json:"allow_sending_without_reply"`
	}
	if present, err := p.json("reply_parameters", &rp); err != nil {
		return nil, badRequest("can't parse reply parameters JSON object")
	} else if present {
		msgID = rp.MessageID
		allow = rp.Allow
		if other := strings.Trim(string(rp.ChatID), `"`); other != "" && other != "null" && other != strconv.FormatInt(c.id, 10) {
			// Replies to other chats are not emulated.
			if allow {
				return nil, nil
			}
			return nil, badRequest(descReplyNotFound)
		}
	} else {
		id, err := p.int("reply_to_message_id")
		if err != nil {
			return nil, badRequest(descReplyNotFound)
		}
		msgID = id
	}
	if msgID == 0 {
		return nil, nil
	}
	st := c.liveMsg(msgID)
	if st == nil {
		if allow {
			return nil, nil
		}
		return nil, badRequest(descReplyNotFound)
	}
	return replyCopy(st.m), nil
}

func linkPreviewDisabled(p *params) bool {
	var lpo models.LinkPreviewOptions
	if ok, err := p.json("link_preview_options", &lpo); ok && err == nil && lpo.IsDisabled != nil {
		return *lpo.IsDisabled
	}
	return p.bool("disable_web_page_preview")
}

func marshalMessage(m *models.Message) json.RawMessage {
	raw, err := json.Marshal(m)
	if err != nil {
		panic("tgfake: cannot encode message: " + err.Error())
	}
	return raw
}

func hSendMessage(s *Server, _ *http.Request, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, threadID, e := s.sendTargetLocked(p)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(p)
	if e != nil {
		return nil, e
	}
	text, ents, e := s.textLocked(p, descTooLong)
	if e != nil {
		return nil, e
	}
	return s.postLocked(p, c, threadID, mk, func(m *models.Message) {
		m.Text, m.Entities = text, ents
	}, Sent{
		Method: "sendMessage", Text: p.str("text"), PlainText: text, Entities: ents,
		LinkPreviewDisabled: linkPreviewDisabled(p),
	})
}

// postLocked ends every sending call once its content is checked: it
// resolves the message replied to, applies the flood limit, stores the bot's
// message and records the call. fill sets the content (it runs only when the
// message is really sent); rec carries the method's own fields, postLocked
// adds those every sending call shares.
func (s *Server) postLocked(p *params, c *chatState, threadID int, mk markup, fill func(*models.Message), rec Sent) (any, *apiError) {
	reply, e := s.replyLocked(c, p)
	if e != nil {
		return nil, e
	}
	if e := s.rateLimitLocked(c); e != nil {
		return nil, e
	}
	m := s.newMessageLocked(c, s.botUser(), threadID)
	m.ReplyMarkup, m.ReplyToMessage = mk.inline, reply
	fill(m)
	s.storeLocked(c, m, true)
	rec.ChatID, rec.ThreadID, rec.MessageID = c.id, threadID, m.ID
	rec.ParseMode = p.str("parse_mode")
	rec.Markup, rec.ForceReply = copyMarkup(mk.inline), mk.forceReply
	rec.ReplyKeyboard, rec.RemoveKeyboard = mk.keyboard, mk.remove
	rec.DisableNotification = p.bool("disable_notification")
	if reply != nil {
		rec.ReplyToMessageID = reply.ID
	}
	s.recordSentLocked(p, rec)
	return marshalMessage(m), nil
}

func copyMarkup(m *models.InlineKeyboardMarkup) *models.InlineKeyboardMarkup {
	if m == nil {
		return nil
	}
	c := &models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, len(m.InlineKeyboard))}
	for i, row := range m.InlineKeyboard {
		c.InlineKeyboard[i] = append([]models.InlineKeyboardButton(nil), row...)
	}
	return c
}

// liveMsgLocked finds the message a call names by chat_id and message_id;
// notFound is the method's answer when there is none.
func (s *Server) liveMsgLocked(p *params, notFound string) (*chatState, *storedMsg, *apiError) {
	c, e := s.chatLocked(p, true)
	if e != nil {
		return nil, nil, e
	}
	id, err := p.int("message_id")
	if err != nil || id == 0 {
		return nil, nil, badRequest(notFound)
	}
	st := c.liveMsg(id)
	if st == nil {
		return nil, nil, badRequest(notFound)
	}
	return c, st, nil
}

// editTargetLocked finds the bot message an edit refers to and reads the
// edit's markup.
func (s *Server) editTargetLocked(p *params) (*chatState, *storedMsg, markup, *apiError) {
	if p.str("inline_message_id") != "" {
		return nil, nil, markup{}, badRequest("MESSAGE_ID_INVALID")
	}
	c, st, e := s.liveMsgLocked(p, descEditNotFound)
	if e != nil {
		return nil, nil, markup{}, e
	}
	if !st.fromBot {
		return nil, nil, markup{}, badRequest(descCantEdit)
	}
	mk, e := parseMarkup(p)
	if e != nil {
		return nil, nil, markup{}, e
	}
	return c, st, mk, nil
}

func hEditMessageText(s *Server, _ *http.Request, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, mk, e := s.editTargetLocked(p)
	if e != nil {
		return nil, e
	}
	if st.m.Text == "" {
		return nil, badRequest(descNoTextToEdit)
	}
	text, ents, e := s.textLocked(p, descEditTooLong)
	if e != nil {
		return nil, e
	}
	m := st.m
	if text == m.Text && sameEntities(ents, m.Entities) && sameMarkup(mk.inline, m.ReplyMarkup) {
		return nil, badRequest(descNotModified)
	}
	m.Text, m.Entities, m.ReplyMarkup = text, ents, mk.inline
	m.EditDate = int(s.now().Unix())
	s.recordSentLocked(p, Sent{
		Method: "editMessageText", ChatID: c.id, ThreadID: m.MessageThreadID, MessageID: m.ID,
		Text: p.str("text"), PlainText: text, Entities: ents, ParseMode: p.str("parse_mode"),
		Markup: copyMarkup(mk.inline), LinkPreviewDisabled: linkPreviewDisabled(p),
	})
	return marshalMessage(m), nil
}

func hEditMessageReplyMarkup(s *Server, _ *http.Request, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, mk, e := s.editTargetLocked(p)
	if e != nil {
		return nil, e
	}
	m := st.m
	if sameMarkup(mk.inline, m.ReplyMarkup) {
		return nil, badRequest(descNotModified)
	}
	m.ReplyMarkup = mk.inline
	m.EditDate = int(s.now().Unix())
	visible := m.Text
	if visible == "" {
		visible = m.Caption
	}
	s.recordSentLocked(p, Sent{
		Method: "editMessageReplyMarkup", ChatID: c.id, ThreadID: m.MessageThreadID, MessageID: m.ID,
		PlainText: visible, Markup: copyMarkup(mk.inline),
	})
	return marshalMessage(m), nil
}

func hDeleteMessage(s *Server, _ *http.Request, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, st, e := s.liveMsgLocked(p, descDeleteNotFound)
	if e != nil {
		return nil, e
	}
	st.deleted = true
	s.recordSentLocked(p, Sent{Method: "deleteMessage", ChatID: c.id, ThreadID: st.m.MessageThreadID, MessageID: st.m.ID})
	return true, nil
}

func hAnswerCallbackQuery(s *Server, _ *http.Request, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.str("callback_query_id")
	st := s.callbacks[id]
	if st == nil || st.answered {
		return nil, badRequest(descQueryTooOld)
	}
	text := p.str("text")
	if UTF16Len(text) > maxCallbackTextLen {
		return nil, badRequest(descCallbackTextTooBig)
	}
	cache, _ := p.int("cache_time")
	st.answered = true
	s.answers = append(s.answers, CallbackAnswer{
		ID: id, Text: text, ShowAlert: p.bool("show_alert"), URL: p.str("url"), CacheTime: cache, At: s.now(),
	})
	s.notifyLocked()
	return true, nil
}

// onChat wraps a handler that reads one chat: it runs under the lock once
// chat_id is resolved.
func onChat(h func(s *Server, c *chatState, p *params) (any, *apiError)) handlerFunc {
	return func(s *Server, _ *http.Request, p *params) (any, *apiError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		c, e := s.chatLocked(p, false)
		if e != nil {
			return nil, e
		}
		return h(s, c, p)
	}
}

var hGetChat = onChat(func(s *Server, c *chatState, p *params) (any, *apiError) {
	ch := s.chatModelLocked(c)
	return &models.ChatFullInfo{
		ID: ch.ID, Type: ch.Type, Title: ch.Title, Username: ch.Username,
		FirstName: ch.FirstName, LastName: ch.LastName, IsForum: ch.IsForum,
	}, nil
})

var hGetChatAdministrators = onChat(func(s *Server, c *chatState, p *params) (any, *apiError) {
	if !c.isGroup() {
		return nil, badRequest(descNoAdminsInPrivate)
	}
	out := []models.ChatMember{}
	for _, id := range c.adminIDs() {
		if m, ok := s.memberLocked(c, id); ok {
			out = append(out, m)
		}
	}
	return out, nil
})

var hGetChatMember = onChat(func(s *Server, c *chatState, p *params) (any, *apiError) {
	uid, err := p.int64("user_id")
	if err != nil || uid == 0 {
		return nil, badRequest("invalid user_id specified")
	}
	m, ok := s.memberLocked(c, uid)
	if !ok {
		return nil, badRequest(descUserNotFound)
	}
	return &m, nil
})

var hGetChatMemberCount = onChat(func(s *Server, c *chatState, p *params) (any, *apiError) {
	if !c.isGroup() {
		return 2, nil
	}
	n := 1 // the bot
	for id, ok := range c.members {
		if ok && id != s.cfg.bot.ID {
			n++
		}
	}
	return n, nil
})

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func hSendChatAction(s *Server, _ *http.Request, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.chatLocked(p, true); e != nil {
		return nil, e
	}
	if !chatActions[p.str("action")] {
		return nil, badRequest(descActionInvalid)
	}
	s.stats.ChatActions++
	return true, nil
}

// commandsKey identifies a command list by scope and language.
func commandsKey(sc CommandScope, lang string) string {
	if sc.Type == "" {
		sc.Type = "default"
	}
	return fmt.Sprintf("%s|%d|%d|%s", sc.Type, sc.ChatID, sc.UserID, lang)
}

func parseScope(p *params) (CommandScope, *apiError) {
	sc := CommandScope{Type: "default"}
	var raw struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	present, err := p.json("scope", &raw)
	if err != nil {
		return sc, badRequest("can't parse BotCommandScope JSON object")
	}
	if !present {
		return sc, nil
	}
	switch raw.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
	case "chat", "chat_administrators", "chat_member":
		id, err := strconv.ParseInt(strings.Trim(string(raw.ChatID), `"`), 10, 64)
		if err != nil {
			return sc, badRequest(descChatNotFound)
		}
		sc.ChatID = id
		if raw.Type == "chat_member" {
			sc.UserID = raw.UserID
		}
	default:
		return sc, badRequest("wrong parameter scope")
	}
	sc.Type = raw.Type
	return sc, nil
}

func hSetMyCommands(s *Server, _ *http.Request, p *params) (any, *apiError) {
	var cmds []models.BotCommand
	if _, err := p.json("commands", &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !validCommand(c.Command) {
			return nil, badRequest(descBotCommandInvalid)
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(c.Description)); n < 1 || n > 256 {
			return nil, badRequest(descBotCommandDescBad)
		}
	}
	return s.putCommands(p, cmds)
}

// putCommands stores the command list of the call's scope and language (none
// deletes it) and records the call.
func (s *Server) putCommands(p *params, cmds []models.BotCommand) (any, *apiError) {
	sc, e := parseScope(p)
	if e != nil {
		return nil, e
	}
	lang := p.str("language_code")
	s.mu.Lock()
	defer s.mu.Unlock()
	key := commandsKey(sc, lang)
	if len(cmds) == 0 {
		delete(s.myCommands, key)
	} else {
		s.myCommands[key] = cmds
	}
	s.cmdCalls = append(s.cmdCalls, CommandsCall{Scope: sc, LanguageCode: lang, Commands: cmds})
	s.notifyLocked()
	return true, nil
}

func validCommand(c string) bool {
	if len(c) < 1 || len(c) > 32 {
		return false
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !(ch == '_' || ('a' <= ch && ch <= 'z') || ('0' <= ch && ch <= '9')) {
			return false
		}
	}
	return true
}

func hDeleteMyCommands(s *Server, _ *http.Request, p *params) (any, *apiError) {
	return s.putCommands(p, nil)
}

func hGetMyCommands(s *Server, _ *http.Request, p *params) (any, *apiError) {
	sc, e := parseScope(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.myCommands[commandsKey(sc, p.str("language_code"))]
	if cmds == nil {
		cmds = []models.BotCommand{}
	}
	return cmds, nil
}

func hSendPhoto(s *Server, _ *http.Request, p *params) (any, *apiError) {
	return s.sendFile(p, "sendPhoto", "photo")
}

func hSendDocument(s *Server, _ *http.Request, p *params) (any, *apiError) {
	return s.sendFile(p, "sendDocument", "document")
}

// fileLocked resolves the file parameter: an uploaded part, attach://name,
// a known file_id or an http(s) URL.
func (s *Server) fileLocked(p *params, field string) (upload, string, *apiError) {
	v := p.str(field)
	if f, ok := p.files[field]; ok {
		return f, "", nil
	}
	if name, ok := strings.CutPrefix(v, "attach://"); ok {
		if f, ok := p.files[name]; ok {
			return f, "", nil
		}
		return upload{}, "", badRequest(fmt.Sprintf("there is no %s in the request", field))
	}
	if v == "" {
		return upload{}, "", badRequest(fmt.Sprintf("there is no %s in the request", field))
	}
	if f, ok := s.files[v]; ok {
		return f, v, nil
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		return upload{filename: path.Base(v)}, "", nil
	}
	return upload{}, "", badRequest("wrong file identifier/HTTP URL specified")
}

func (s *Server) sendFile(p *params, method, field string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, threadID, e := s.sendTargetLocked(p)
	if e != nil {
		return nil, e
	}
	f, fileID, e := s.fileLocked(p, field)
	if e != nil {
		return nil, e
	}
	if fileID == "" && f.data != nil && len(f.data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	mk, e := parseMarkup(p)
	if e != nil {
		return nil, e
	}
	rawCaption := p.str("caption")
	caption, ents, e := s.formatLocked(rawCaption, p.str("parse_mode"), p.str("caption_entities"))
	if e != nil {
		return nil, e
	}
	if UTF16Len(caption) > maxCaptionLen {
		return nil, badRequest(descCaptionTooLong)
	}
	return s.postLocked(p, c, threadID, mk, func(m *models.Message) {
		// A file gets its id only once it is really sent.
		if fileID == "" {
			s.lastFile++
			fileID = fmt.Sprintf("fake-%s-%d", field, s.lastFile)
			s.files[fileID] = f
		}
		unique := "u" + fileID
		m.Caption, m.CaptionEntities = caption, ents
		if field == "photo" {
			m.Photo = []models.PhotoSize{
				{FileID: fileID + "-s", FileUniqueID: unique + "-s", Width: 90, Height: 90, FileSize: len(f.data) / 10},
				{FileID: fileID, FileUniqueID: unique, Width: 1280, Height: 960, FileSize: len(f.data)},
			}
		} else {
			m.Document = &models.Document{
				FileID: fileID, FileUniqueID: unique, FileName: f.filename,
				MimeType: mimeType(f.filename), FileSize: int64(len(f.data)),
			}
		}
	}, Sent{
		Method: method, PlainText: caption, Entities: ents,
		Caption: rawCaption, FileName: f.filename, FileBytes: append([]byte(nil), f.data...),
	})
}

// officeTypes are the MIME types of documents a work group exchanges,
// independent of the system's MIME tables.
var officeTypes = map[string]string{
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ppt":  "application/vnd.ms-powerpoint",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".pdf":  "application/pdf",
	".csv":  "text/csv",
	".txt":  "text/plain",
	".zip":  "application/zip",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
}

func mimeType(name string) string {
	if t, ok := officeTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		if mt, _, err := mime.ParseMediaType(t); err == nil {
			return mt
		}
	}
	return "application/octet-stream"
}
