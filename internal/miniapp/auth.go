package miniapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/models"
)

// membership is Telegram's word on a user in a group.
type membership struct {
	member bool // creator, administrator, member, or restricted but still in
	admin  bool // creator or administrator: a leader
}

// memberCache remembers memberships for a while, so that a page that makes
// several calls costs one getChatMember.
type memberCache struct {
	ttl   time.Duration
	clock clock.Clock
	mu    sync.Mutex
	m     map[[2]int64]memberEntry
}

type memberEntry struct {
	membership
	at time.Time
}

func newMemberCache(ttl time.Duration, c clock.Clock) *memberCache {
	return &memberCache{ttl: ttl, clock: c, m: map[[2]int64]memberEntry{}}
}

func (c *memberCache) get(chatID, userID int64) (membership, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[[2]int64{chatID, userID}]
	if !ok || c.clock.Now().Sub(e.at) > c.ttl {
		return membership{}, false
	}
	return e.membership, true
}

func (c *memberCache) put(chatID, userID int64, m membership) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	if len(c.m) > 10000 { // drop what has gone stale rather than grow
		for k, e := range c.m {
			if now.Sub(e.at) > c.ttl {
				delete(c.m, k)
			}
		}
	}
	c.m[[2]int64{chatID, userID}] = memberEntry{membership: m, at: now}
}

// membership asks Telegram (or the cache) what the user is in the group.
func (h *Handler) membership(ctx context.Context, chat *models.Chat, userID int64) (membership, error) {
	if m, ok := h.members.get(chat.TelegramID, userID); ok {
		return m, nil
	}
	cm, err := h.cfg.Telegram.ChatMember(ctx, chat.TelegramID, userID)
	var m membership
	switch {
	case errors.Is(err, tgbot.ErrorForbidden):
		// The bot was removed: it may not even ask.
		return m, errBotRemoved
	case errors.Is(err, tgbot.ErrorBadRequest):
		// "user not found": someone Telegram does not place in the group.
	case err != nil:
		h.cfg.Logger.Warn("dashboard: getChatMember", slog.Int64("chat", chat.TelegramID), slog.String("err", err.Error()))
		return m, errTelegram
	default:
		switch cm.Type {
		case tgmodels.ChatMemberTypeOwner, tgmodels.ChatMemberTypeAdministrator:
			m = membership{member: true, admin: true}
		case tgmodels.ChatMemberTypeMember:
			m.member = true
		case tgmodels.ChatMemberTypeRestricted:
			m.member = cm.Restricted != nil && cm.Restricted.IsMember
		}
	}
	h.members.put(chat.TelegramID, userID, m)
	return m, nil
}

// access is a viewer's right to one group's dashboard.
type access struct {
	chat   *models.Chat
	leader bool // a Telegram administrator of the group or a named leader
}

// groupOf resolves the group a request is about and checks that the viewer
// belongs to it. The group is the one of the start parameter in the signed
// init data; a leader may ask for another group they lead (?chat=id).
func (h *Handler) groupOf(ctx context.Context, v *viewer, r *http.Request) (*access, error) {
	var home *models.Chat
	if token := v.data.StartParam; token != "" {
		c, err := h.cfg.Store.ChatByDashboardToken(ctx, token)
		switch {
		case errors.Is(err, models.ErrNotFound):
			if r.URL.Query().Get("chat") == "" {
				return nil, errBadLink
			}
		case err != nil:
			return nil, err
		default:
			home = c
		}
	}
	chat := home
	switching := false
	if raw := r.URL.Query().Get("chat"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil {
			return nil, errNotLeader
		}
		if home == nil || home.ID != uint(id) {
			c, err := h.cfg.Store.ChatByID(ctx, uint(id))
			if errors.Is(err, models.ErrNotFound) {
				return nil, errNotLeader // no difference between "no such group" and "not yours"
			}
			if err != nil {
				return nil, err
			}
			chat, switching = c, true
		}
	}
	if chat == nil {
		return nil, errNoGroup
	}
	if !chat.IsGroup() {
		return nil, errNotLeader
	}
	if chat.BlockedAt != nil {
		return nil, errBotRemoved
	}
	m, err := h.membership(ctx, chat, v.data.User.ID)
	if err != nil {
		return nil, err
	}
	if !m.member {
		if switching {
			return nil, errNotLeader
		}
		return nil, errNotMember
	}
	// Administrators lead unless the group named its leaders alone
	// (/settings 领导 仅指定), as in the chat.
	a := &access{chat: chat, leader: m.admin && !chat.LeadersNamedOnly}
	if !a.leader && v.user != nil {
		if a.leader, err = h.cfg.Store.IsNamedLeader(ctx, chat.ID, v.user.ID); err != nil {
			return nil, err
		}
	}
	if switching && !a.leader {
		return nil, errNotLeader
	}
	return a, nil
}
