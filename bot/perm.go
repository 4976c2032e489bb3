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

func (c *adminCache) get(chatID int64) (map[int64]bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[chatID]
	if !ok || c.clock.Now().Sub(e.fetched) > c.ttl {
		return nil, false
	}
	return e.ids, true
}

func (c *adminCache) put(chatID int64, ids map[int64]bool) {
	c.mu.Lock()
	c.byID[chatID] = adminEntry{ids: ids, fetched: c.clock.Now()}
	c.mu.Unlock()
}

func (c *adminCache) forget(chatID int64) {
	c.mu.Lock()
	delete(c.byID, chatID)
	c.mu.Unlock()
}

// telegramAdmins returns the Telegram user ids of a group's administrators.
func (b *Bot) telegramAdmins(ctx context.Context, chatID int64) (map[int64]bool, error) {
	if ids, ok := b.admins.get(chatID); ok {
		return ids, nil
	}
	members, err := b.api.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: chatID})
	if err != nil {
		return nil, fmt.Errorf("get administrators of %d: %w", chatID, err)
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
	b.admins.put(chatID, ids)
	return ids, nil
}

// isLeader reports whether the user leads in the chat: a Telegram
// administrator of the group, or a member a leader named with /leader add.
func (b *Bot) isLeader(ctx context.Context, chat *models.Chat, user *models.User) (bool, error) {
	if !chat.IsGroup() {
		return false, nil
	}
	named, err := b.store.IsNamedLeader(ctx, chat.ID, user.ID)
	if err != nil || named {
		return named, err
	}
	if user.TelegramID == nil || chat.LeadersNamedOnly {
		return false, nil
	}
	admins, err := b.telegramAdmins(ctx, chat.TelegramID)
	if err != nil {
		return false, err
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
