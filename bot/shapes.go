package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// Telegram's message shapes other than a person writing under their own
// name: anonymous administrators, messages of bots and channels, and the
// notice a group gets when its upgrade to a supergroup was missed.

// isAnonymousAdmin reports whether a group message comes from an
// administrator who remains anonymous: Telegram sends it from the
// GroupAnonymousBot user with the group itself as sender_chat. Only an
// administrator can write as the group.
func isAnonymousAdmin(m *tgmodels.Message) bool {
	return m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID && m.Chat.Type != tgmodels.ChatTypePrivate
}

// fromPerson reports whether the bot answers a message: one from a person,
// or from an anonymous administrator. Messages of bots, messages written on
// behalf of a channel and channel posts forwarded into a discussion group
// (from the service account 777000, not marked as a bot) are not.
func fromPerson(m *tgmodels.Message) bool {
	switch {
	case isAnonymousAdmin(m):
		return true
	case m.From == nil, m.From.IsBot, m.SenderChat != nil, m.IsAutomaticForward:
		return false
	}
	return true
}

// sender is the user a message comes from: the person, or the one row that
// stands for anonymous administrators.
func (b *Bot) sender(ctx context.Context, m *tgmodels.Message) (*models.User, error) {
	if isAnonymousAdmin(m) {
		return b.store.AnonymousAdmin(ctx)
	}
	return b.store.SeenUser(ctx, userInfo(m.From))
}

// refuseAnonymous answers a personal command sent anonymously: the bot
// cannot tell whose tasks or reports are meant.
func (r *request) refuseAnonymous(ctx context.Context, command string) error {
	return r.fail(ctx,
		fmt.Sprintf("您正以匿名管理员身份发言，机器人无法知道您是谁。/%s 需要由本人操作，请切换为以本人身份发言后再发送。", command),
		fmt.Sprintf("You are posting as an anonymous administrator, so I cannot tell who you are. /%s must come from you: please send it under your own name.", command))
}

// maxRenumberedShown bounds the list of renumbered tasks in the notice of a
// merge, so that it stays one short message.
const maxRenumberedShown = 20

// tellMerged tells a group that the bot missed its upgrade to a supergroup
// and has merged what it knew of the group from before. The merge is saved
// already: a failure to tell is logged, not returned.
func (b *Bot) tellMerged(ctx context.Context, chatID int64, m *models.ChatMerge) {
	var s strings.Builder
	fmt.Fprintf(&s, "ℹ️ 本群已升级为超级群。机器人当时没有收到升级通知，现已把升级前的 %d 项任务连同单位和设置并入本群，这些任务编号不变。", m.Tasks)
	if len(m.Renumbered) > 0 {
		parts := make([]string, 0, min(len(m.Renumbered), maxRenumberedShown))
		for _, n := range m.Renumbered[:min(len(m.Renumbered), maxRenumberedShown)] {
			parts = append(parts, fmt.Sprintf("#%d → #%d", n.From, n.To))
		}
		more := ""
		if len(m.Renumbered) > maxRenumberedShown {
			more = fmt.Sprintf(" 等 %d 项", len(m.Renumbered))
		}
		fmt.Fprintf(&s, "\n升级后在本群新建的任务顺延编号：%s%s。", strings.Join(parts, "、"), more)
	}
	if m.NewSettings {
		s.WriteString("\n升级后在本群修改过的设置予以保留。")
	}
	if _, err := b.send(ctx, outgoing{chatID: chatID, text: s.String()}); err != nil {
		b.log.Warn("tell a group about its merged tasks", slog.Int64("chat", chatID), slog.String("err", err.Error()))
	}
}
