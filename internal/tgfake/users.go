package tgfake

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// User is a Telegram user known to the fake.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string // without '@'; empty for users without username
	LanguageCode string // e.g. "zh-hans"
	IsBot        bool   // another bot in the group (its messages, mentions of it)
}

// Group is a group chat known to the fake. The bot is a member of every
// registered group.
type Group struct {
	ID    int64 // negative; -100... for supergroups
	Title string
	// Type is "group" or "supergroup"; empty means "supergroup" for
	// forums and ids <= -1000000000000, "group" otherwise.
	Type    string
	IsForum bool
	Members []int64 // Admins and Creator are members too
	Admins  []int64 // may include the bot's id
	Creator int64
}

// anonymousAdmin is the sender Telegram shows when no user is known.
var anonymousAdmin = models.User{ID: 1087968824, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}

// AddUser registers (or updates) a user. Their private chat has the same
// id; the bot can write there only after StartBot (or after the user wrote
// to the bot).
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.userLocked(u.ID)
	st.u = models.User{
		ID: u.ID, FirstName: u.FirstName, LastName: u.LastName,
		Username: u.Username, LanguageCode: u.LanguageCode, IsBot: u.IsBot,
	}
	if st.u.FirstName == "" {
		st.u.FirstName = fmt.Sprintf("User%d", u.ID)
	}
	s.notifyLocked()
}

// AddGroup registers a group with the bot in it. Member ids that were not
// added with AddUser get placeholder users. It panics on a non-negative id,
// an unknown type or an id already in use.
func (s *Server) AddGroup(g Group) {
	if g.ID >= 0 {
		panic(fmt.Sprintf("tgfake: AddGroup: group id must be negative, got %d", g.ID))
	}
	typ := models.ChatType(g.Type)
	switch typ {
	case "":
		typ = models.ChatTypeGroup
		if g.IsForum || g.ID <= -1000000000000 {
			typ = models.ChatTypeSupergroup
		}
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
	default:
		panic(fmt.Sprintf("tgfake: AddGroup: unsupported chat type %q", g.Type))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.chats[g.ID]; ok {
		panic(fmt.Sprintf("tgfake: AddGroup: chat %d already exists", g.ID))
	}
	c := newChatState(g.ID, typ)
	c.title = g.Title
	c.isForum = g.IsForum
	c.creator = g.Creator
	add := func(id int64) {
		if id == 0 {
			return
		}
		if id != s.cfg.bot.ID {
			s.userLocked(id)
		}
		c.members[id] = true
	}
	for _, id := range g.Members {
		add(id)
	}
	for _, id := range g.Admins {
		add(id)
		c.admins[id] = true
	}
	add(g.Creator)
	s.chats[g.ID] = c
	s.notifyLocked()
}

func (s *Server) groupLocked(op string, chatID int64) *chatState {
	c := s.chats[chatID]
	if c == nil || !c.isGroup() {
		panic(fmt.Sprintf("tgfake: %s: unknown group %d (AddGroup first)", op, chatID))
	}
	return c
}

// actorLocked picks who performs administrative actions in c.
func (s *Server) actorLocked(c *chatState) models.User {
	if u, ok := s.users[c.creator]; ok {
		return u.u
	}
	if ids := c.adminIDs(); len(ids) > 0 {
		if u, ok := s.users[ids[0]]; ok {
			return u.u
		}
	}
	return anonymousAdmin
}

// SetAdmin promotes or demotes a member and queues the chat_member update
// Telegram sends (old and new ChatMember), so that the bot can refresh any
// admin cache. No update is queued if nothing changes.
func (s *Server) SetAdmin(chatID, userID int64, admin bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupLocked("SetAdmin", chatID)
	old, now := s.setAdminLocked(c, userID, admin)
	if old.Type == now.Type {
		return
	}
	upd := &models.ChatMemberUpdated{
		Chat: s.chatModelLocked(c), From: s.actorLocked(c), Date: int(s.now().Unix()),
		OldChatMember: old, NewChatMember: now,
	}
	if userID == s.cfg.bot.ID {
		s.enqueueLocked(&models.Update{MyChatMember: upd})
	} else {
		s.enqueueLocked(&models.Update{ChatMember: upd})
	}
}

// setAdminLocked promotes or demotes a member of c and returns their
// membership before and after.
func (s *Server) setAdminLocked(c *chatState, userID int64, admin bool) (old, now models.ChatMember) {
	if userID != s.cfg.bot.ID {
		s.userLocked(userID)
	}
	old, _ = s.memberLocked(c, userID)
	c.members[userID] = true
	if admin {
		c.admins[userID] = true
	} else {
		delete(c.admins, userID)
	}
	now, _ = s.memberLocked(c, userID)
	return old, now
}

func (s *Server) botMember(status models.ChatMemberType) models.ChatMember {
	u := s.botUser()
	switch status {
	case models.ChatMemberTypeBanned:
		return models.ChatMember{Type: status, Banned: &models.ChatMemberBanned{Status: status, User: &u}}
	case models.ChatMemberTypeLeft:
		return models.ChatMember{Type: status, Left: &models.ChatMemberLeft{Status: status, User: &u}}
	default:
		return models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{Status: models.ChatMemberTypeMember, User: &u}}
	}
}

// myChatMemberLocked queues a my_chat_member update (the bot's own status
// changed).
func (s *Server) myChatMemberLocked(c *chatState, from models.User, old, now models.ChatMember) {
	s.enqueueLocked(&models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat: s.chatModelLocked(c), From: from, Date: int(s.now().Unix()),
		OldChatMember: old, NewChatMember: now,
	}})
}

// openPrivateLocked marks that the user opened the private chat; a
// blocked user unblocks the bot (my_chat_member kicked -> member).
func (s *Server) openPrivateLocked(u *userState) {
	if u.blocked {
		u.blocked = false
		s.myChatMemberLocked(s.chats[u.u.ID], u.u, s.botMember(models.ChatMemberTypeBanned), s.botMember(models.ChatMemberTypeMember))
	}
	u.started = true
}

// StartBot makes the user press "Start": the bot may now write to them
// (unblocking it if they had blocked it, with the my_chat_member update
// Telegram sends), and a private "/start" message from them is queued and
// returned.
func (s *Server) StartBot(userID int64) *models.Message {
	return s.SendText(userID, userID, "/start")
}

// Block makes the user block the bot: sends to them answer 403 "Forbidden:
// bot was blocked by the user", and a my_chat_member update (member ->
// kicked) is queued, as Telegram does.
func (s *Server) Block(userID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userLocked(userID)
	if u.blocked {
		return
	}
	u.blocked = true
	s.myChatMemberLocked(s.chats[userID], u.u, s.botMember(models.ChatMemberTypeMember), s.botMember(models.ChatMemberTypeBanned))
}

// Kick removes the bot from a group: sends there answer 403 "Forbidden:
// bot was kicked from the group chat" (supergroup: "...the supergroup
// chat"), and a my_chat_member update is queued.
func (s *Server) Kick(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupLocked("Kick", chatID)
	if c.kicked {
		return
	}
	old, _ := s.memberLocked(c, s.cfg.bot.ID)
	c.kicked = true
	delete(c.admins, s.cfg.bot.ID)
	status := models.ChatMemberTypeBanned
	if c.typ == models.ChatTypeGroup {
		status = models.ChatMemberTypeLeft
	}
	s.myChatMemberLocked(c, s.actorLocked(c), old, s.botMember(status))
}

// Join adds a user to a group and queues the new_chat_members service
// message.
func (s *Server) Join(chatID, userID int64) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupLocked("Join", chatID)
	u := s.userLocked(userID)
	c.members[userID] = true
	m := s.newMessageLocked(c, u.u, 0)
	m.NewChatMembers = []models.User{u.u}
	s.storeLocked(c, m, false)
	s.enqueueLocked(&models.Update{Message: m})
	return copyMessage(m)
}

// Leave removes a user from a group (and its admins) and queues the
// left_chat_member service message.
func (s *Server) Leave(chatID, userID int64) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupLocked("Leave", chatID)
	u := s.userLocked(userID)
	delete(c.members, userID)
	delete(c.admins, userID)
	m := s.newMessageLocked(c, u.u, 0)
	m.LeftChatMember = &u.u
	s.storeLocked(c, m, false)
	s.enqueueLocked(&models.Update{Message: m})
	return copyMessage(m)
}

// Migrate upgrades a group to a supergroup with a new id, as Telegram
// does: it queues a service message in the old chat with
// migrate_to_chat_id and one in the new chat with migrate_from_chat_id.
// The new chat keeps title, members and admins; afterwards every call for
// the old id answers 400 "group chat was upgraded to a supergroup chat"
// with parameters.migrate_to_chat_id.
func (s *Server) Migrate(oldChatID, newChatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.migrateLocked(oldChatID, newChatID, true)
}

// MigrateUnseen upgrades a group like Migrate, but the bot never receives
// the two service messages (it was down longer than Telegram keeps
// updates, or they were lost): it learns of the upgrade only when a call
// for the old id answers migrate_to_chat_id, or not at all.
func (s *Server) MigrateUnseen(oldChatID, newChatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.migrateLocked(oldChatID, newChatID, false)
	s.notifyLocked()
}

func (s *Server) migrateLocked(oldChatID, newChatID int64, tell bool) {
	old := s.groupLocked("Migrate", oldChatID)
	if old.migratedTo != 0 {
		panic(fmt.Sprintf("tgfake: Migrate: chat %d already migrated", oldChatID))
	}
	if _, ok := s.chats[newChatID]; ok || newChatID >= 0 {
		panic(fmt.Sprintf("tgfake: Migrate: bad new chat id %d", newChatID))
	}
	nc := newChatState(newChatID, models.ChatTypeSupergroup)
	nc.title, nc.isForum, nc.creator, nc.kicked = old.title, old.isForum, old.creator, old.kicked
	for id, ok := range old.members {
		nc.members[id] = ok
	}
	for id, ok := range old.admins {
		nc.admins[id] = ok
	}
	s.chats[newChatID] = nc
	actor := s.actorLocked(old)

	m1 := s.newMessageLocked(old, actor, 0)
	m1.MigrateToChatID = newChatID
	s.storeLocked(old, m1, false)
	old.migratedTo = newChatID
	m2 := s.newMessageLocked(nc, actor, 0)
	m2.MigrateFromChatID = oldChatID
	s.storeLocked(nc, m2, false)
	if tell {
		s.enqueueLocked(&models.Update{Message: m1})
		s.enqueueLocked(&models.Update{Message: m2})
	}
}

// MsgOption modifies a message sent with SendText.
type MsgOption func(*msgOptions)

type msgOptions struct {
	replyTo  int
	threadID int
	mentions []mentionReq
	entities []models.MessageEntity
	shape    msgShape // who appears to send it, and what kind of message it is
}

type mentionReq struct {
	userID int64
	offset int // UTF-16; -1 = find the name
}

// ReplyTo makes the message a reply to a stored message of the same chat
// (sent by a user or by the bot); reply_to_message is filled in.
func ReplyTo(messageID int) MsgOption { return func(o *msgOptions) { o.replyTo = messageID } }

// InThread sets message_thread_id (and is_topic_message in forums).
func InThread(threadID int) MsgOption { return func(o *msgOptions) { o.threadID = threadID } }

// WithTextMention adds a text_mention entity for a user (typically one
// without username): it marks the user's full name, or else first name,
// where it occurs in the text, or at the given UTF-16 offset. The entity's
// user is the registered user.
func WithTextMention(userID int64, offset ...int) MsgOption {
	off := -1
	if len(offset) > 0 {
		off = offset[0]
	}
	return func(o *msgOptions) { o.mentions = append(o.mentions, mentionReq{userID: userID, offset: off}) }
}

// WithEntity adds an arbitrary entity to the message.
func WithEntity(e models.MessageEntity) MsgOption {
	return func(o *msgOptions) { o.entities = append(o.entities, e) }
}

// SendText makes a user write text in a chat (for a private chat, chatID
// is the user's id) and queues the message update. Entities are computed
// like Telegram does (bot_command, mention; offsets in UTF-16 units). In a
// group the user becomes a member if needed. It returns the message as the
// bot will receive it, and panics on misuse (unknown or migrated group,
// private chat of another user, bad option).
func (s *Server) SendText(chatID, fromUserID int64, text string, opts ...MsgOption) *models.Message {
	var o msgOptions
	for _, opt := range opts {
		opt(&o)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	switch {
	case c == nil && chatID == fromUserID && chatID > 0:
		s.userLocked(chatID)
		c = s.chats[chatID]
	case c == nil:
		panic(fmt.Sprintf("tgfake: SendText: unknown chat %d (AddGroup first)", chatID))
	case c.migratedTo != 0:
		panic(fmt.Sprintf("tgfake: SendText: chat %d was migrated to %d", chatID, c.migratedTo))
	case !c.isGroup() && chatID != fromUserID:
		panic(fmt.Sprintf("tgfake: SendText: user %d cannot write in the private chat of %d", fromUserID, chatID))
	}
	from, senderChat := o.shape.sender(s, c)
	if from == nil {
		u := s.userLocked(fromUserID)
		if c.isGroup() {
			c.members[fromUserID] = true
		} else {
			s.openPrivateLocked(u)
		}
		from = &u.u
	}

	m := s.newMessageLocked(c, *from, o.threadID)
	m.SenderChat = senderChat
	m.Text = text
	ents := detectEntities(text)
	for _, mr := range o.mentions {
		e, err := s.textMentionLocked(text, mr)
		if err != nil {
			panic("tgfake: SendText: " + err.Error())
		}
		ents = append(ents, e)
	}
	ents = append(ents, o.entities...)
	sortEntities(ents)
	if len(ents) > 0 {
		m.Entities = ents
	}
	if o.replyTo != 0 {
		st := c.liveMsg(o.replyTo)
		if st == nil {
			panic(fmt.Sprintf("tgfake: SendText: ReplyTo(%d): no such message in chat %d", o.replyTo, chatID))
		}
		m.ReplyToMessage = replyCopy(st.m)
	}
	o.shape.apply(m)
	s.keepFilesLocked(m, o.shape)
	s.storeLocked(c, m, false)
	if s.visibleToBotLocked(c, m) {
		s.enqueueLocked(&models.Update{Message: m})
	} else {
		s.notifyLocked()
	}
	return copyMessage(m)
}

func (s *Server) textMentionLocked(text string, mr mentionReq) (models.MessageEntity, error) {
	u, ok := s.users[mr.userID]
	if !ok {
		return models.MessageEntity{}, fmt.Errorf("WithTextMention: unknown user %d", mr.userID)
	}
	names := []string{u.u.FirstName}
	if u.u.LastName != "" {
		names = []string{u.u.FirstName + " " + u.u.LastName, u.u.FirstName + u.u.LastName, u.u.FirstName}
	}
	user := u.u
	for _, name := range names {
		if mr.offset >= 0 {
			b, ok := utf16ToByte(text, mr.offset)
			if ok && strings.HasPrefix(text[b:], name) {
				return models.MessageEntity{Type: models.MessageEntityTypeTextMention, Offset: mr.offset, Length: UTF16Len(name), User: &user}, nil
			}
			continue
		}
		if i := strings.Index(text, name); i >= 0 {
			return models.MessageEntity{Type: models.MessageEntityTypeTextMention, Offset: byteToUTF16(text, i), Length: UTF16Len(name), User: &user}, nil
		}
	}
	return models.MessageEntity{}, fmt.Errorf("WithTextMention: name of user %d (%q) not found in %q", mr.userID, u.u.FirstName, text)
}

// visibleToBotLocked applies privacy mode to a user message in a group.
func (s *Server) visibleToBotLocked(c *chatState, m *models.Message) bool {
	if !s.cfg.privacy || !c.isGroup() || c.admins[s.cfg.bot.ID] {
		return true
	}
	for _, e := range m.Entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		_, to, _ := strings.Cut(EntityText(m.Text, e), "@")
		if to == "" || strings.EqualFold(to, s.cfg.bot.Username) {
			return true
		}
	}
	if r := m.ReplyToMessage; r != nil && r.From != nil && r.From.ID == s.cfg.bot.ID {
		return true
	}
	return false
}

// Press makes a user press an inline button with callback data on a
// message and queues the callback_query update; its message field holds
// the message as currently stored (an inaccessible message if it no longer
// exists or was made inaccessible with MakeInaccessible). It returns the callback query id, to be answered with
// answerCallbackQuery (see WaitCallbackAnswer). data is not checked against
// the keyboard; use PressButton for that.
func (s *Server) Press(chatID int64, messageID int, fromUserID int64, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pressLocked(chatID, messageID, fromUserID, data)
}

func (s *Server) pressLocked(chatID int64, messageID int, fromUserID int64, data string) string {
	c := s.chats[chatID]
	if c == nil {
		panic(fmt.Sprintf("tgfake: Press: unknown chat %d", chatID))
	}
	u := s.userLocked(fromUserID)
	s.lastCB++
	id := strconv.FormatInt(4_000_000_000_000_000_000+s.lastCB*7919, 10)
	cq := &models.CallbackQuery{
		ID:           id,
		From:         u.u,
		ChatInstance: strconv.FormatInt(-chatID*31+17, 10),
		Data:         data,
	}
	if st := c.liveMsg(messageID); st != nil && !st.inaccessible {
		cq.Message = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: copyMessage(st.m)}
	} else {
		cq.Message = models.MaybeInaccessibleMessage{
			Type:                models.MaybeInaccessibleMessageTypeInaccessibleMessage,
			InaccessibleMessage: &models.InaccessibleMessage{Chat: s.chatModelLocked(c), MessageID: messageID},
		}
	}
	s.callbacks[id] = &callbackState{}
	s.enqueueLocked(&models.Update{CallbackQuery: cq})
	return id
}

// PressButton presses the inline button labelled label on a stored
// message. It fails if the message does not exist or has no callback
// button with that exact text.
func (s *Server) PressButton(chatID int64, messageID int, fromUserID int64, label string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return "", fmt.Errorf("tgfake: PressButton: unknown chat %d", chatID)
	}
	st := c.liveMsg(messageID)
	if st == nil {
		return "", fmt.Errorf("tgfake: PressButton: no message %d in chat %d", messageID, chatID)
	}
	var labels []string
	if kb := st.m.ReplyMarkup; kb != nil {
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.Text == label {
					if b.CallbackData == "" {
						return "", fmt.Errorf("tgfake: PressButton: button %q has no callback_data", label)
					}
					return s.pressLocked(chatID, messageID, fromUserID, b.CallbackData), nil
				}
				labels = append(labels, strconv.Quote(b.Text))
			}
		}
	}
	return "", fmt.Errorf("tgfake: PressButton: no button %q on message %d in chat %d (buttons: %s)",
		label, messageID, chatID, strings.Join(labels, ", "))
}
