package tgfake

import (
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// The update shapes Telegram sends besides a user's own text: anonymous
// administrators, messages on behalf of channels and automatic forwards,
// photos, edits, channel posts, pins, buttons on messages the bot can no
// longer see, and administrator changes the bot is not told about.

// Senders Telegram puts in "from" when the message shows no person.
var (
	// channelBot sends messages written on behalf of a channel.
	channelBot = models.User{ID: 136817688, IsBot: true, FirstName: "Channel", Username: "Channel_Bot"}
	// serviceUser sends channel posts forwarded automatically into the
	// channel's discussion group. It is not marked as a bot.
	serviceUser = models.User{ID: 777000, FirstName: "Telegram"}
)

// msgShape is what SendText's options say about the sender and the kind of
// message.
type msgShape struct {
	anonymous   bool         // an anonymous administrator of the group
	channel     *models.Chat // on behalf of this channel
	autoForward bool         // the channel's post, forwarded into its discussion group
	photo       bool         // a photo; the text is its caption
	document    *upload      // a document; the text is its caption
}

// AsAnonymousAdmin makes a group message come from an administrator who
// remains anonymous: from is the GroupAnonymousBot user and sender_chat is
// the group itself, as Telegram sends it. SendText's user id is ignored.
func AsAnonymousAdmin() MsgOption { return func(o *msgOptions) { o.shape.anonymous = true } }

// AsChannel makes a group message written on behalf of a channel: from is
// the Channel_Bot user, sender_chat the channel. SendText's user id is
// ignored.
func AsChannel(channelID int64, title string) MsgOption {
	return func(o *msgOptions) { o.shape.channel = channelChat(channelID, title) }
}

// AutoForwardedFrom makes the message a channel post that Telegram forwarded
// into the channel's discussion group: from is the service user 777000 (not
// a bot), sender_chat the channel, is_automatic_forward set.
func AutoForwardedFrom(channelID int64, title string) MsgOption {
	return func(o *msgOptions) {
		o.shape.channel, o.shape.autoForward = channelChat(channelID, title), true
	}
}

// AsPhoto makes the message a photo whose caption is the text (an empty
// text: a photo without caption). Caption entities are computed like text
// entities.
func AsPhoto() MsgOption { return func(o *msgOptions) { o.shape.photo = true } }

func channelChat(id int64, title string) *models.Chat {
	if id >= 0 {
		panic(fmt.Sprintf("tgfake: channel id must be negative, got %d", id))
	}
	return &models.Chat{ID: id, Type: models.ChatTypeChannel, Title: title}
}

// sender returns who appears as the sender of a shaped message, or nil for
// the user SendText names.
func (sh msgShape) sender(s *Server, c *chatState) (*models.User, *models.Chat) {
	switch {
	case sh.anonymous:
		if !c.isGroup() {
			panic(fmt.Sprintf("tgfake: AsAnonymousAdmin: chat %d is not a group", c.id))
		}
		u, ch := anonymousAdmin, s.chatModelLocked(c)
		return &u, &ch
	case sh.channel != nil && sh.autoForward:
		u, ch := serviceUser, *sh.channel
		return &u, &ch
	case sh.channel != nil:
		u, ch := channelBot, *sh.channel
		return &u, &ch
	}
	return nil, nil
}

// apply turns a text message into the shape asked for.
func (sh msgShape) apply(m *models.Message) {
	m.IsAutomaticForward = sh.autoForward
	if sh.photo {
		m.Photo = []models.PhotoSize{
			{FileID: "photo-s-" + strconv.Itoa(m.ID), FileUniqueID: "ps" + strconv.Itoa(m.ID), Width: 90, Height: 67, FileSize: 1201},
			{FileID: "photo-m-" + strconv.Itoa(m.ID), FileUniqueID: "pm" + strconv.Itoa(m.ID), Width: 800, Height: 600, FileSize: 48211},
		}
		m.Caption, m.CaptionEntities = m.Text, m.Entities
		m.Text, m.Entities = "", nil
	}
}

// EditText makes the author of a stored user message edit its text, and
// queues the edited_message update (with edit_date) Telegram sends. It
// panics if the message does not exist or is the bot's own.
func (s *Server) EditText(chatID int64, messageID int, text string) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		panic(fmt.Sprintf("tgfake: EditText: unknown chat %d", chatID))
	}
	st := c.liveMsg(messageID)
	if st == nil || st.fromBot {
		panic(fmt.Sprintf("tgfake: EditText: no user message %d in chat %d", messageID, chatID))
	}
	st.m.Text, st.m.Entities = text, nil
	if ents := detectEntities(text); len(ents) > 0 {
		st.m.Entities = ents
	}
	st.m.EditDate = int(s.now().Unix())
	m := copyMessage(st.m)
	s.enqueueLocked(&models.Update{EditedMessage: m})
	return copyMessage(m)
}

// ChannelPost queues a post in a channel the bot belongs to (a channel_post
// update). The channel needs no registration.
func (s *Server) ChannelPost(channelID int64, title, text string) *models.Message {
	ch := channelChat(channelID, title)
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &models.Message{ID: int(s.lastUpd + 1), SenderChat: ch, Date: int(s.now().Unix()), Chat: *ch, Text: text}
	if ents := detectEntities(text); len(ents) > 0 {
		m.Entities = ents
	}
	s.enqueueLocked(&models.Update{ChannelPost: m})
	return copyMessage(m)
}

// Pin makes a member pin a stored message of a group and queues the
// pinned_message service message.
func (s *Server) Pin(chatID, fromUserID int64, messageID int) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupLocked("Pin", chatID)
	st := c.liveMsg(messageID)
	if st == nil {
		panic(fmt.Sprintf("tgfake: Pin: no message %d in chat %d", messageID, chatID))
	}
	u := s.userLocked(fromUserID)
	c.members[fromUserID] = true
	m := s.newMessageLocked(c, u.u, 0)
	pinned := replyCopy(st.m)
	m.PinnedMessage = &models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: pinned}
	s.storeLocked(c, m, false)
	s.enqueueLocked(&models.Update{Message: m})
	return copyMessage(m)
}

// MakeInaccessible marks a stored message as one the bot can no longer see
// (Telegram's case for old messages): a later button press on it carries an
// InaccessibleMessage with only the chat, the message id and date 0. The
// message itself stays, with its buttons.
func (s *Server) MakeInaccessible(chatID int64, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil || c.liveMsg(messageID) == nil {
		panic(fmt.Sprintf("tgfake: MakeInaccessible: no message %d in chat %d", messageID, chatID))
	}
	c.msgs[messageID].inaccessible = true
}

// SetAdminUnseen promotes or demotes a member like SetAdmin, but queues no
// chat_member update: what a bot sees when it is not an administrator of
// the group (Telegram tells only administrator bots) or missed the update.
func (s *Server) SetAdminUnseen(chatID, userID int64, admin bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setAdminLocked(s.groupLocked("SetAdminUnseen", chatID), userID, admin)
	s.notifyLocked()
}
