package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// Who leads a group: the members named with /leader add and, unless the
// group counts only those (/settings 领导 仅指定), its Telegram
// administrators. Refusals name who may act instead, escalations address
// leaders in the group's leader order.

// maxNamed is how many people a refusal names.
const maxNamed = 3

// leaders returns a group's leaders in its leader order: the users first
// names (an escalation's assigner and 包保 leader, whether or not they still
// lead), then the named leaders, then the administrators the bot has met.
// Bots are never leaders.
func (b *Bot) leaders(ctx context.Context, chat *models.Chat, first ...uint) ([]*models.User, error) {
	var out []*models.User
	seen := map[uint]bool{}
	add := func(u *models.User) {
		if seen[u.ID] {
			return
		}
		seen[u.ID] = true
		out = append(out, u)
	}
	for _, id := range first {
		u, err := b.store.UserByID(ctx, id)
		if errors.Is(err, models.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		add(u)
	}
	named, err := b.store.NamedLeaders(ctx, chat.ID)
	if err != nil {
		return nil, err
	}
	for i := range named {
		add(&named[i])
	}
	if chat.LeadersNamedOnly {
		return out, nil
	}
	admins, err := b.telegramAdmins(ctx, chat.TelegramID)
	if err != nil {
		b.log.Warn("leaders: administrators unknown", slog.String("err", err.Error()))
		return out, nil
	}
	ids := make([]int64, 0, len(admins))
	for id := range admins {
		if id != b.me.ID {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		u, err := b.store.UserByTelegramID(ctx, id)
		if errors.Is(err, models.ErrNotFound) {
			continue // never spoke: it cannot be linked
		}
		if err != nil {
			return nil, err
		}
		add(u)
	}
	return out, nil
}

// someNames names at most maxNamed people, plain text: 刘书记、李局、王主任等.
func someNames(us []*models.User) string {
	names := make([]string, 0, maxNamed)
	for _, u := range us {
		if len(names) == maxNamed {
			return strings.Join(names, "、") + "等"
		}
		names = append(names, u.DisplayName())
	}
	return strings.Join(names, "、")
}

// refuseNotLeader is the one-line refusal of an action only leaders may
// take, naming some of them.
func (r *request) refuseNotLeader(ctx context.Context, zh, en string) error {
	leaders, err := r.b.leaders(ctx, r.chat)
	if err != nil {
		return err
	}
	if len(leaders) == 0 {
		return r.fail(ctx, "只有领导可以"+zh+"（本群管理员和指定的领导）。", "Only leaders can "+en+".")
	}
	return r.fail(ctx, "只有领导可以"+zh+"："+someNames(leaders)+"。", "Only leaders can "+en+": "+someNames(leaders)+".")
}

// refuseNotManager is the one-line refusal of an action only a task's
// assigner or a leader may take, naming the assigner first.
func (r *request) refuseNotManager(ctx context.Context, t *models.Task, zh, en string) error {
	leaders, err := r.b.leaders(ctx, r.chat, t.AssignerID)
	if err != nil {
		return err
	}
	return r.fail(ctx, fmt.Sprintf("只有 #%d 的交办人或领导可以%s：%s。", t.Number, zh, someNames(leaders)),
		fmt.Sprintf("Only whoever assigned #%d or a leader can %s: %s.", t.Number, en, someNames(leaders)))
}

// refuseNotAssignee is the one-line refusal of an action only a task's
// assignees may take, naming them, its 主办 first.
func (r *request) refuseNotAssignee(ctx context.Context, t *models.Task, zh, en string) error {
	us := make([]*models.User, len(t.Assignees))
	for i := range t.Assignees {
		us[i] = &t.Assignees[i].User
	}
	who := someNames(us)
	if who == "" {
		who = "待认领"
	}
	return r.fail(ctx, fmt.Sprintf("只有 #%d 的主办或协办可以%s：%s。", t.Number, zh, who),
		fmt.Sprintf("Only the assignees of #%d can %s: %s.", t.Number, en, who))
}

// listLeaders is /leader list: every leader by name, administrators first.
func (b *Bot) listLeaders(ctx context.Context, r *request) error {
	admins, err := b.adminProfiles(ctx, r.chat)
	if err != nil {
		return err
	}
	named, err := b.store.NamedLeaders(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	var s strings.Builder
	s.WriteString("👤 <b>本群领导</b>")
	adminLinks := make([]string, len(admins))
	for i := range admins {
		adminLinks[i] = tgUserLink(&admins[i])
	}
	namedLinks := make([]string, len(named))
	for i := range named {
		namedLinks[i] = userLink(&named[i])
	}
	if r.chat.LeadersNamedOnly {
		fmt.Fprintf(&s, "\n指定领导：%s", choose(len(named) > 0, strings.Join(namedLinks, "、"), "（无）"))
		fmt.Fprintf(&s, "\n群管理员（不计为领导）：%s", choose(len(admins) > 0, strings.Join(adminLinks, "、"), "（无）"))
		s.WriteString("\n本群设置为「领导 仅指定」：只有指定的领导可以交办、确认、审批。")
	} else {
		fmt.Fprintf(&s, "\n群管理员：%s", choose(len(admins) > 0, strings.Join(adminLinks, "、"), "（无）"))
		fmt.Fprintf(&s, "\n指定领导：%s", choose(len(named) > 0, strings.Join(namedLinks, "、"), "（无）"))
		s.WriteString("\n群管理员和指定的领导都可以交办、确认、审批；/settings 领导 仅指定 可只认指定的领导。")
	}
	s.WriteString("\n领导用 /leader add @某人 指定、/leader remove @某人 取消。")
	return r.reply(ctx, s.String())
}

// adminProfiles asks Telegram for a group's administrators, with their
// names (also those the bot has never met), bots left out.
func (b *Bot) adminProfiles(ctx context.Context, chat *models.Chat) ([]tgmodels.User, error) {
	members, err := b.api.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: chat.TelegramID})
	if err != nil {
		return nil, fmt.Errorf("get administrators of %d: %w", chat.TelegramID, err)
	}
	var out []tgmodels.User
	for _, m := range members {
		var u *tgmodels.User
		switch m.Type {
		case tgmodels.ChatMemberTypeOwner:
			u = m.Owner.User
		case tgmodels.ChatMemberTypeAdministrator:
			u = &m.Administrator.User
		}
		if u != nil && !u.IsBot {
			out = append(out, *u)
		}
	}
	return out, nil
}

// tgUserLink links a Telegram user by name.
func tgUserLink(u *tgmodels.User) string {
	id := u.ID
	return userLink(&models.User{TelegramID: &id, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username})
}

// keepOneNamedLeader refuses to take the last named leaders away from a
// group where only named leaders lead: nobody could lead it any more.
func (b *Bot) keepOneNamedLeader(ctx context.Context, r *request, removing []uint) error {
	named, err := b.store.NamedLeaders(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	gone := map[uint]bool{}
	for _, id := range removing {
		gone[id] = true
	}
	for _, u := range named {
		if !gone[u.ID] {
			return nil
		}
	}
	return r.fail(ctx, "本群只认指定的领导（/settings 领导 仅指定），不能取消最后的指定领导；请先 /leader add 指定他人，或改为 /settings 领导 管理员+指定。",
		"Only named leaders lead here: the last of them cannot be removed.")
}
