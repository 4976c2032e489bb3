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

// command is one entry of the command table: all that parsing, /help, the
// command menus (setMyCommands) and the tests know of a command. Adding a
// command is one entry here plus its handler.
type command struct {
	name    string // ASCII, without the slash
	keyword string // Chinese keyword that starts a message, or ""
	scope   scope
	menu    string // what it does, in the menus and in /help
	example string // shown by the full /help; help_test runs the examples
	brief   bool   // listed by the group's short /help too
	run     handler
}

// scope says where a command may be used, and by whom. Commands that are
// not groupOnly are offered in the private chats' menu as well.
type scope int

const (
	anywhere  scope = 0
	groupOnly scope = 1 << 0 // not in private chats
	// personal commands need to know which person acts (their tasks, their
	// reports): an anonymous administrator is asked to use their own name.
	personal scope = 1 << 1
	// privateMenu commands are offered in the private chats' menu only
	// (they still answer in groups).
	privateMenu scope = 1 << 2
)

// commands is the command table, in the order /help and the menus list them.
func (b *Bot) commands() []command {
	return []command{
		{name: "assign", keyword: "交办", scope: groupOnly, menu: "交办任务", brief: true, run: b.cmdAssign,
			example: "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局 包保：@lijv"},
		{name: "post", scope: groupOnly, menu: "发布揭榜挂帅任务", brief: true, run: b.cmdPost,
			example: "/post 牵头招引一个亿元项目 月底前"},
		{name: "claim", scope: groupOnly | personal, menu: "认领揭榜任务", run: b.cmdClaim,
			example: "/claim 5"},
		{name: "tasks", keyword: "任务", scope: groupOnly, menu: "本群未办结任务", brief: true, run: b.cmdTasks,
			example: "/tasks、/tasks 逾期、/tasks 本周、/tasks 已提交、/tasks @zhangwei、/tasks 投资促进局、/tasks 已办结"},
		{name: "my", keyword: "我的任务", scope: anywhere | personal, menu: "我的任务", brief: true, run: b.cmdMy,
			example: "/my"},
		{name: "task", scope: anywhere, menu: "任务详情与记录", brief: true, run: b.cmdTask,
			example: "/task 3（私聊中多个群都有 3 号任务时：/task 招商#3）"},
		{name: "ack", scope: anywhere | personal, menu: "签收任务（也可点「收到」或回复「收到」）", brief: true, run: b.cmdAck,
			example: "/ack 3"},
		{name: "progress", keyword: "进展", scope: anywhere | personal, menu: "报告进展", brief: true, run: b.cmdProgress,
			example: "/progress 3 60% 已完成初稿"},
		{name: "done", keyword: "办结", scope: anywhere | personal, menu: "提交办结", brief: true, run: b.cmdDone,
			example: "/done 3 材料已报送"},
		{name: "extend", keyword: "延期", scope: groupOnly | personal, menu: "申请延期（截止前）", brief: true, run: b.cmdExtend,
			example: "/extend 3 下周三前 等待省厅批复"},
		{name: "edit", scope: groupOnly, menu: "修改任务（交办人或领导）", brief: true, run: b.cmdEdit,
			example: "/edit 3 截止 下周五前"},
		{name: "cancel", scope: groupOnly, menu: "取消任务（交办人或领导）", brief: true, run: b.cmdCancel,
			example: "/cancel 3 任务已合并到 #2"},
		{name: "urge", keyword: "催办", scope: groupOnly, menu: "催办（领导）", brief: true, run: b.cmdUrge,
			example: "/urge 3 请今天下班前报送"},
		{name: "remind", scope: groupOnly, menu: "加一个提醒", run: b.cmdRemind,
			example: "/remind 3 明天上午9点"},
		{name: "rank", keyword: "排名", scope: groupOnly, menu: "排名（龙虎榜）", brief: true, run: b.cmdRank,
			example: "/rank、/rank 单位 季、/rank 上月、/rank 2026-01-01 2026-03-31"},
		{name: "stats", scope: groupOnly, menu: "按期率趋势图", run: b.cmdStats,
			example: "/stats"},
		{name: "export", scope: groupOnly, menu: "导出台账（Excel；领导）", brief: true, run: b.cmdExport,
			example: "/export、/export 季 已办结、/export csv"},
		{name: "unit", scope: groupOnly, menu: "管理单位", brief: true, run: b.cmdUnit,
			example: "/unit add 投资促进局 @zhangwei、/unit list"},
		{name: "leader", scope: groupOnly, menu: "领导名单与指定", brief: true, run: b.cmdLeader,
			example: "/leader list、/leader add @lijv"},
		{name: "settings", scope: groupOnly, menu: "群设置：提醒、免打扰、周报、确认", brief: true, run: b.cmdSettings,
			example: "/settings 提醒 1天,2小时"},
		{name: "holiday", scope: groupOnly, menu: "本群节假日：放假、调休上班", run: b.cmdHoliday,
			example: "/holiday list、/holiday add 2027-02-20 调休上班"},
		{name: "dashboard", keyword: "看板", scope: anywhere, menu: "看板：台账、图表、排名（私聊：我的任务）", brief: true, run: b.cmdDashboard,
			example: "/dashboard、/dashboard 重置（领导）"},
		{name: "when", scope: anywhere, menu: "看截止时间怎么理解", run: b.cmdWhen,
			example: "/when 下周五前"},
		// 清单 and 节点 (issue 14)
		{name: "list", keyword: "清单", scope: groupOnly, menu: "清单：进度；领导添加、删除，在话题中 bind 绑定", run: b.cmdList,
			example: "/list add 2026年重点项目清单、/list 2026年重点项目清单、/list"},
		{name: "node", keyword: "节点", scope: anywhere | personal, menu: "任务节点（倒排工期）", run: b.cmdNode,
			example: "/node 3 add 完成用地预审 下周三前、/node 3 done 1 已批复、/node 3"},
		// attach (issue 14): files and imports
		{name: "files", scope: anywhere, menu: "任务的附件（回复任务卡片发文件即可附加）", run: b.cmdFiles,
			example: "/files 3"},
		{name: "import", keyword: "导入", scope: groupOnly, menu: "导入台账（Excel/CSV，领导）：先预览，确认后创建任务", run: b.cmdImport,
			example: "/import（作为 .xlsx 或 .csv 文件的说明发送，或回复该文件）"},
		// 周期任务 (series)
		{name: "repeat", keyword: "周期", scope: groupOnly, menu: "周期任务：查看、停止（交办人或领导）", run: b.cmdRepeat,
			example: "/repeat、/repeat stop 5；交办时写周期即可，如 /assign @zhangwei 报送本周项目进展 每周五下班前"},
		// 擂台赛 (issue 15): contests between units, and their 填报.
		{name: "contest", keyword: "擂台赛", scope: groupOnly, menu: "擂台赛：指标、任务书、填报、成绩单", run: b.cmdContest,
			example: "/contest add 项目建设擂台赛、/contest 项目建设擂台赛 指标 固定资产投资 亿元 权重40 累计、" +
				"/contest 项目建设擂台赛 目标 投资促进局 固定资产投资 120、/contest 项目建设擂台赛 填报 每月5日、/contest 项目建设擂台赛"},
		{name: "report", keyword: "填报", scope: anywhere | personal, menu: "填报擂台赛数据", run: b.cmdReport,
			example: "/report 项目建设擂台赛 固定资产投资 8.6 新开工项目 12"},
		// 问题清单 (bot/problem*.go)
		{name: "problem", keyword: "诉求", scope: groupOnly, menu: "登记企业诉求（问题清单；P3 看详情）", brief: true, run: b.cmdProblem,
			example: "/problem 华鑫科技有限公司 厂区门前道路未硬化 @zhangwei 单位：住建局、/problem P3"},
		{name: "answer", keyword: "答复", scope: groupOnly | personal, menu: "答复问题：写解决时限或「已解决」", run: b.cmdAnswer,
			example: "/answer P3 已协调列入年度道路计划 下月底前"},
		{name: "solve", scope: groupOnly | personal, menu: "报告问题已解决", run: b.cmdSolve,
			example: "/solve P3 道路已硬化"},
		{name: "problems", scope: groupOnly, menu: "问题清单、统计、导出", run: b.cmdProblems,
			example: "/problems 逾期、/problems 住建局、/problems 统计 上月、/problems 导出"},
		// New systems add their commands above this line.
		{name: "help", keyword: "帮助", scope: anywhere, menu: "帮助", run: b.cmdHelp,
			example: "/help"},
		{name: "start", scope: anywhere | privateMenu, menu: "开始使用（私聊）", run: b.cmdStart,
			example: "/start"},
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
	file := fileOf(m)
	if strings.TrimSpace(text) == "" && file == nil {
		return nil // service messages, stickers, media without a caption
	}
	name, args, argsAt, ok := b.parseCommand(text, entities)
	if !ok && file != nil {
		// A file replying to a message about a task is attached to it.
		if handled, err := b.attachByReply(ctx, upd, m, file); handled || strings.TrimSpace(text) == "" {
			return err
		}
	}
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
	r.text, r.entities, r.args, r.argsAt, r.file = text, entities, args, argsAt, file
	if !ok {
		return b.answerPrompt(ctx, r)
	}
	for _, c := range b.cmds {
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
	if err == nil {
		err = b.attachAfterCommand(ctx, r, c)
	}
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
	for _, c := range b.cmds {
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
