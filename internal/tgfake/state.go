package tgfake

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/go-telegram/bot/models"
)

type userState struct {
	u       models.User
	started bool // the user has started the bot (private chat open)
	blocked bool // the user has blocked the bot
}

type chatState struct {
	id         int64
	typ        models.ChatType
	title      string
	isForum    bool
	members    map[int64]bool
	admins     map[int64]bool
	creator    int64
	kicked     bool
	migratedTo int64
	restricted map[int64]bool // restricted members → is_member

	lastMsgID int
	msgs      map[int]*storedMsg
}

type storedMsg struct {
	m       *models.Message
	fromBot bool
	deleted bool
	// inaccessible: a button press on it carries only chat and message id
	// (Telegram's InaccessibleMessage), as for messages too old to show.
	inaccessible bool
}

type callbackState struct {
	answered bool
}

func (c *chatState) isGroup() bool { return c.typ != models.ChatTypePrivate }

func newChatState(id int64, typ models.ChatType) *chatState {
	return &chatState{
		id:      id,
		typ:     typ,
		members: map[int64]bool{},
		admins:  map[int64]bool{},
		msgs:    map[int]*storedMsg{},
	}
}

// userLocked returns the user with that id, registering a placeholder
// ("User<id>") for ids never added with AddUser.
func (s *Server) userLocked(id int64) *userState {
	if u, ok := s.users[id]; ok {
		return u
	}
	u := &userState{u: models.User{ID: id, FirstName: fmt.Sprintf("User%d", id)}}
	s.users[id] = u
	if _, ok := s.chats[id]; !ok {
		s.chats[id] = newChatState(id, models.ChatTypePrivate)
	}
	return u
}

// knownUserLocked returns a user object for id (including the bot).
func (s *Server) knownUserLocked(id int64) (models.User, bool) {
	if id == s.cfg.bot.ID {
		return s.botUser(), true
	}
	if u, ok := s.users[id]; ok {
		return u.u, true
	}
	return models.User{}, false
}

func (s *Server) chatModelLocked(c *chatState) models.Chat {
	ch := models.Chat{ID: c.id, Type: c.typ}
	if c.typ == models.ChatTypePrivate {
		if u, ok := s.users[c.id]; ok {
			ch.FirstName, ch.LastName, ch.Username = u.u.FirstName, u.u.LastName, u.u.Username
		}
		return ch
	}
	ch.Title = c.title
	ch.IsForum = c.isForum
	return ch
}

// newMessageLocked allocates the next message id in c.
func (s *Server) newMessageLocked(c *chatState, from models.User, threadID int) *models.Message {
	c.lastMsgID++
	m := &models.Message{
		ID:   c.lastMsgID,
		From: &from,
		Date: int(s.now().Unix()),
		Chat: s.chatModelLocked(c),
	}
	if threadID != 0 {
		m.MessageThreadID = threadID
		m.IsTopicMessage = c.isForum
	}
	return m
}

func (s *Server) storeLocked(c *chatState, m *models.Message, fromBot bool) {
	c.msgs[m.ID] = &storedMsg{m: m, fromBot: fromBot}
}

func (c *chatState) liveMsg(id int) *storedMsg {
	st := c.msgs[id]
	if st == nil || st.deleted {
		return nil
	}
	return st
}

// copyMessage deep-copies a message (through JSON, as a client would see
// it).
func copyMessage(m *models.Message) *models.Message {
	if m == nil {
		return nil
	}
	raw, err := json.Marshal(m)
	if err != nil {
		panic("tgfake: cannot encode message: " + err.Error())
	}
	out := &models.Message{}
	if err := json.Unmarshal(raw, out); err != nil {
		panic("tgfake: cannot decode message: " + err.Error())
	}
	return out
}

// replyCopy is the form of a message embedded as reply_to_message: no
// nested reply.
func replyCopy(m *models.Message) *models.Message {
	c := copyMessage(m)
	c.ReplyToMessage = nil
	return c
}

// memberLocked describes userID's membership in c as a ChatMember.
func (s *Server) memberLocked(c *chatState, userID int64) (models.ChatMember, bool) {
	u, ok := s.knownUserLocked(userID)
	if !ok {
		return models.ChatMember{}, false
	}
	up := &u
	switch {
	case c.typ == models.ChatTypePrivate:
		if userID == c.id || userID == s.cfg.bot.ID {
			return models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{Status: models.ChatMemberTypeMember, User: up}}, true
		}
		return models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{Status: models.ChatMemberTypeLeft, User: up}}, true
	case userID == c.creator:
		return models.ChatMember{Type: models.ChatMemberTypeOwner, Owner: &models.ChatMemberOwner{Status: models.ChatMemberTypeOwner, User: up}}, true
	case c.admins[userID]:
		return models.ChatMember{Type: models.ChatMemberTypeAdministrator, Administrator: &models.ChatMemberAdministrator{
			Status:              models.ChatMemberTypeAdministrator,
			User:                u,
			CanManageChat:       true,
			CanDeleteMessages:   true,
			CanManageVideoChats: true,
			CanRestrictMembers:  true,
			CanChangeInfo:       true,
			CanInviteUsers:      true,
			CanPinMessages:      true,
			CanManageTopics:     c.isForum,
		}}, true
	case hasKey(c.restricted, userID):
		return restrictedMember(up, c.restricted[userID]), true
	case userID == s.cfg.bot.ID && c.kicked:
		return models.ChatMember{Type: models.ChatMemberTypeBanned, Banned: &models.ChatMemberBanned{Status: models.ChatMemberTypeBanned, User: up}}, true
	case c.members[userID] || userID == s.cfg.bot.ID:
		return models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{Status: models.ChatMemberTypeMember, User: up}}, true
	default:
		return models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{Status: models.ChatMemberTypeLeft, User: up}}, true
	}
}

// adminIDsLocked lists the creator then the admins of c, sorted by id.
func (c *chatState) adminIDs() []int64 {
	var ids []int64
	if c.creator != 0 {
		ids = append(ids, c.creator)
	}
	var rest []int64
	for id, ok := range c.admins {
		if ok && id != c.creator {
			rest = append(rest, id)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	return append(ids, rest...)
}
