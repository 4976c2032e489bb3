package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/models"
)

// adminCache remembers each group's Telegram administrators for a while, so
// that a permission check does not cost a Bot API call per command.
type adminCache struct {
	ttl   time.Duration
	clock clock.Clock
	mu    sync.Mutex
	byID  map[int64]adminEntry
}

type adminEntry struct {
	ids     map[int64]bool
	fetched time.Time
}

func newAdminCache(ttl time.Duration, c clock.Clock) *adminCache {
	return &adminCache{ttl: ttl, clock: c, byID: map[int64]adminEntry{}}
}

func (c *adminCache) get(chatID int64) (map[int64]bool, time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[chatID]
	if !ok || c.clock.Now().Sub(e.fetched) > c.ttl {
		return nil, time.Time{}, false
	}
	return e.ids, e.fetched, true
}

func (c *adminCache) put(chatID int64, ids map[int64]bool) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	c.byID[chatID] = adminEntry{ids: ids, fetched: now}
	return now
}

func (c *adminCache) forget(chatID int64) {
	c.mu.Lock()
	delete(c.byID, chatID)
	c.mu.Unlock()
}

// adminRecheck is how old a cached administrator list may be and still make
// someone a leader: Telegram tells a bot of a demotion (chat_member) only
// when the bot is an administrator itself, and an update can be missed.
const adminRecheck = time.Minute

// telegramAdmins returns the Telegram user ids of a group's administrators.
func (b *Bot) telegramAdmins(ctx context.Context, chatID int64) (map[int64]bool, error) {
	ids, _, err := b.adminList(ctx, chatID, false)
	return ids, err
}

// adminList returns a group's administrators and when Telegram gave the
// list: the cached one, unless fresh asks Telegram again.
func (b *Bot) adminList(ctx context.Context, chatID int64, fresh bool) (map[int64]bool, time.Time, error) {
	if !fresh {
		if ids, fetched, ok := b.admins.get(chatID); ok {
			return ids, fetched, nil
		}
	}
	members, err := b.api.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: chatID})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("get administrators of %d: %w", chatID, err)
	}
	ids := map[int64]bool{}
	for _, m := range members {
		switch m.Type {
		case tgmodels.ChatMemberTypeOwner:
			ids[m.Owner.User.ID] = true
		case tgmodels.ChatMemberTypeAdministrator:
			ids[m.Administrator.User.ID] = true
		}
	}
	return ids, b.admins.put(chatID, ids), nil
}

// isLeader reports whether the user leads in the chat: a Telegram
// administrator of the group (also one posting anonymously), or a member a
// leader named with /leader add. An administrator by a list older than
// adminRecheck is checked with Telegram again, so that a demotion the bot
// was not told of takes effect within a minute.
func (b *Bot) isLeader(ctx context.Context, chat *models.Chat, user *models.User) (bool, error) {
	if !chat.IsGroup() {
		return false, nil
	}
	if user.Anonymous {
		// Only an administrator can write as the group; a group that
		// counts named leaders only does not count them.
		return !chat.LeadersNamedOnly, nil
	}
	named, err := b.store.IsNamedLeader(ctx, chat.ID, user.ID)
	if err != nil || named {
		return named, err
	}
	if user.TelegramID == nil || chat.LeadersNamedOnly {
		return false, nil
	}
	admins, fetched, err := b.adminList(ctx, chat.TelegramID, false)
	if err != nil {
		return false, err
	}
	if admins[*user.TelegramID] && b.clock.Now().Sub(fetched) > adminRecheck {
		if admins, _, err = b.adminList(ctx, chat.TelegramID, true); err != nil {
			return false, err
		}
	}
	return admins[*user.TelegramID], nil
}

// requireLeader stops the handler with a refusal unless the user is a leader.
// what names the action, in both languages.
func (r *request) requireLeader(ctx context.Context, zh, en string) error {
	ok, err := r.b.isLeader(ctx, r.chat, r.user)
	if err != nil {
		return err
	}
	if !ok {
		return r.refuseNotLeader(ctx, zh, en)
	}
	return nil
}

// mayManageTask reports whether the user may change a task as its assigner
// or as a leader.
func (r *request) mayManageTask(ctx context.Context, t *models.Task) (bool, error) {
	if t.AssignerID == r.user.ID {
		return true, nil
	}
	return r.b.isLeader(ctx, r.chat, r.user)
}
