package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode"
	"unicode/utf8"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// errHandled stops a handler after it has told the user what went wrong.
var errHandled = errors.New("handled")

// handler runs one command.
type handler func(ctx context.Context, r *request) error

// command is one entry of the command table.
type command struct {
	name    string // ASCII, without the slash
	keyword string // Chinese keyword that starts a message, or ""
	scope   scope
	run     handler
}

// scope says where a command may be used, and by whom.
type scope int

const (
	anywhere  scope = 0
	groupOnly scope = 1 << 0 // not in private chats
	// personal commands need to know which person acts (their tasks, their
	// reports): an anonymous administrator is asked to use their own name.
	personal scope = 1 << 1
)

// commands is the command table, in the order /help lists them.
func (b *Bot) commands() []command {
	return []command{
		{"assign", "交办", groupOnly, b.cmdAssign},
		{"post", "", groupOnly, b.cmdPost},
		{"claim", "", groupOnly | personal, b.cmdClaim},
		{"tasks", "任务", groupOnly, b.cmdTasks},
		{"my", "我的任务", anywhere | personal, b.cmdMy},
		{"task", "", anywhere, b.cmdTask},
		{"ack", "", anywhere | personal, b.cmdAck},
		{"progress", "进展", anywhere | personal, b.cmdProgress},
		{"done", "办结", anywhere | personal, b.cmdDone},
		{"extend", "延期", groupOnly | personal, b.cmdExtend},
		{"edit", "", groupOnly, b.cmdEdit},
		{"cancel", "", groupOnly, b.cmdCancel},
		{"urge", "催办", groupOnly, b.cmdUrge},
		{"remind", "", groupOnly, b.cmdRemind},
		{"rank", "排名", groupOnly, b.cmdRank},
		{"stats", "", groupOnly, b.cmdStats},
		{"export", "", groupOnly, b.cmdExport},
		{"unit", "", groupOnly, b.cmdUnit},
		{"leader", "", groupOnly, b.cmdLeader},
		{"settings", "", groupOnly, b.cmdSettings},
		{"holiday", "", groupOnly, b.cmdHoliday},
		{"dashboard", "看板", anywhere, b.cmdDashboard},
		{"when", "", anywhere, b.cmdWhen},
		// 问题清单 (bot/problem*.go)
		{"problem", "诉求", groupOnly, b.cmdProblem},
		{"answer", "答复", groupOnly | personal, b.cmdAnswer},
		{"solve", "", groupOnly | personal, b.cmdSolve},
		{"problems", "", groupOnly, b.cmdProblems},
		{"help", "帮助", anywhere, b.cmdHelp},
		{"start", "", anywhere, b.cmdStart},
	}
}

// route sends an update to the code that handles its kind.
func (b *Bot) route(ctx context.Context, upd *tgmodels.Update) error {
	switch {
	case upd.Message != nil:
		return b.onMessage(ctx, upd, upd.Message)
	case upd.CallbackQuery != nil:
		return b.onCallback(ctx, upd, upd.CallbackQuery)
	case upd.ChatMember != nil:
		// An administrator was added or removed: ask Telegram again next time.
		b.admins.forget(upd.ChatMember.Chat.ID)
	case upd.MyChatMember != nil:
		b.admins.forget(upd.MyChatMember.Chat.ID)
		return b.onMyMembership(ctx, upd.MyChatMember)
	}
	return nil
}

func (b *Bot) onMessage(ctx context.Context, upd *tgmodels.Update, m *tgmodels.Message) error {
	if m.MigrateToChatID != 0 {
		return b.migrate(ctx, m.Chat.ID, m.MigrateToChatID)
	}
	if m.MigrateFromChatID != 0 {
		return b.migrate(ctx, m.MigrateFromChatID, m.Chat.ID)
	}
	if !fromPerson(m) {
		return nil // bots, channels, automatic forwards: none of our business
	}
	anonymous := isAnonymousAdmin(m)
	if !anonymous {
		// People who join have appeared: a @username named before binds now.
		for _, u := range m.NewChatMembers {
			if !u.IsBot {
				if _, err := b.store.SeenUser(ctx, userInfo(&u)); err != nil {
					return err
				}
			}
		}
	}
	text, entities := m.Text, m.Entities
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	if strings.TrimSpace(text) == "" {
		return nil // service messages, stickers, media without a caption
	}
	name, args, argsAt, ok := b.parseCommand(text, entities)
	isPromptAnswer := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.me.ID
	if !ok && !isPromptAnswer {
		// Ordinary chat: remember who speaks (to bind @usernames), nothing more.
		if !anonymous && m.From.Username != "" {
			_, err := b.store.SeenUser(ctx, userInfo(m.From))
			return err
		}
		return nil
	}
	r, err := b.newRequest(ctx, upd, m)
	if err != nil {
		return err
	}
	r.text, r.entities, r.args, r.argsAt = text, entities, args, argsAt
	if !ok {
		return b.answerPrompt(ctx, r)
	}
	for _, c := range b.commands() {
		if c.name != name {
			continue
		}
		if c.scope&groupOnly != 0 && !r.chat.IsGroup() {
			return r.reply(ctx, r.say("这个命令请在工作群里使用。私聊中可用 /my 查看我的任务，/help 查看帮助。",
				"Please use this command in a work group. In private chat, /my lists your tasks and /help shows help."))
		}
		if c.scope&personal != 0 && r.user.Anonymous {
			return r.refuseAnonymous(ctx, c.name)
		}
		return b.run(ctx, r, c)
	}
	return nil // an unknown /command is someone else's business
}

// run calls a command's handler. An error nobody handled rolls the
// update's unit of work back; the user then hears that nothing was done
// (sayHandlingFailed) once the update is given up.
func (b *Bot) run(ctx context.Context, r *request, c command) error {
	if a := answersOf(ctx); a != nil {
		a.apology = r.notDelivered
	}
	err := c.run(ctx, r)
	if err == nil || errors.Is(err, errHandled) {
		return nil
	}
	return fmt.Errorf("/%s: %w", c.name, err)
}

// parseCommand finds the command a message starts with: a /command (ignored
// when addressed to another bot) or a Chinese keyword followed by a space or
// the end of the text. args is the rest of the text, argsAt its byte offset.
func (b *Bot) parseCommand(text string, entities []tgmodels.MessageEntity) (name, args string, argsAt int, ok bool) {
	if strings.HasPrefix(text, "/") {
		end := strings.IndexFunc(text, unicode.IsSpace)
		if end < 0 {
			end = len(text)
		}
		word := text[1:end]
		if at := strings.IndexByte(word, '@'); at >= 0 {
			if !strings.EqualFold(word[at+1:], b.me.Username) {
				return "", "", 0, false
			}
			word = word[:at]
		}
		if word == "" {
			return "", "", 0, false
		}
		return strings.ToLower(word), strings.TrimSpace(text[end:]), skipSpace(text, end), true
	}
	// Longest keyword first, so that 我的任务 is not read as 任务.
	best := command{}
	for _, c := range b.commands() {
		if c.keyword == "" || !strings.HasPrefix(text, c.keyword) || len(c.keyword) <= len(best.keyword) {
			continue
		}
		rest := text[len(c.keyword):]
		if r, _ := utf8.DecodeRuneInString(rest); rest == "" || unicode.IsSpace(r) {
			best = c
		}
	}
	if best.keyword == "" {
		return "", "", 0, false
	}
	end := len(best.keyword)
	return best.name, strings.TrimSpace(text[end:]), skipSpace(text, end), true
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

// migrate follows a group that became a supergroup.
func (b *Bot) migrate(ctx context.Context, oldID, newID int64) error {
	b.admins.forget(oldID)
	merge, err := b.store.MigrateChat(ctx, oldID, newID)
	if err != nil {
		return err
	}
	b.log.Info("group migrated to a supergroup", slog.Int64("old_chat", oldID), slog.Int64("new_chat", newID),
		slog.Bool("merged", merge.Merged))
	if merge.Merged && (merge.Tasks > 0 || len(merge.Renumbered) > 0) {
		b.tellMerged(ctx, newID, merge)
	}
	return nil
}

func userInfo(u *tgmodels.User) models.UserInfo {
	return models.UserInfo{TelegramID: u.ID, Username: u.Username, FirstName: u.FirstName,
		LastName: u.LastName, LanguageCode: u.LanguageCode}
}

func chatInfo(c *tgmodels.Chat) models.ChatInfo {
	title := c.Title
	if title == "" {
		title = strings.TrimSpace(c.FirstName + " " + c.LastName)
	}
	return models.ChatInfo{TelegramID: c.ID, Type: string(c.Type), Title: title, IsForum: c.IsForum}
}

// onMyMembership follows the bot being removed from a group (its reminders
// stop, recorded once) or added back (they are planned again).
func (b *Bot) onMyMembership(ctx context.Context, m *tgmodels.ChatMemberUpdated) error {
	if m.Chat.Type == tgmodels.ChatTypePrivate {
		return nil
	}
	chat, err := b.store.ChatByTelegramID(ctx, m.Chat.ID)
	if errors.Is(err, models.ErrNotFound) {
		return nil // never worked there
	}
	if err != nil {
		return err
	}
	switch m.NewChatMember.Type {
	case tgmodels.ChatMemberTypeLeft, tgmodels.ChatMemberTypeBanned:
		first, err := b.store.BlockChat(ctx, chat.ID, "the bot was removed from the group")
		if first {
			b.log.Warn("removed from a group; its reminders stop", slog.Int64("chat", m.Chat.ID))
		}
		return err
	case tgmodels.ChatMemberTypeMember, tgmodels.ChatMemberTypeAdministrator:
		return b.store.UnblockChat(ctx, chat.ID)
	}
	return nil
}
