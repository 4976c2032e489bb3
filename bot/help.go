package bot

import (
	"context"
	"fmt"
	"strings"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"
)

// cmdHelp is /help (帮助): in a group a short list, one line per command,
// with a button to the full guide in private; in private the full guide.
func (b *Bot) cmdHelp(ctx context.Context, r *request) error {
	if !r.chat.IsGroup() {
		return r.reply(ctx, b.fullHelp())
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "完整说明（私聊）", URL: "https://t.me/" + b.me.Username + "?start=help"}}}}
	_, err := r.replyMarkup(ctx, b.shortHelp(), kb)
	return err
}

// shortHelp is the group's /help: the brief commands, at most 20 lines.
func (b *Bot) shortHelp() string {
	var s strings.Builder
	s.WriteString("📖 <b>督办机器人常用命令</b>（完整说明和示例：点下方按钮，或私聊 /help）")
	for _, c := range b.cmds {
		if c.brief {
			fmt.Fprintf(&s, "\n/%s %s", c.name, c.menu)
		}
	}
	return s.String()
}

// fullHelp is the full guide: every command with an example.
func (b *Bot) fullHelp() string {
	var s strings.Builder
	s.WriteString("📖 <b>督办机器人</b>：交办任务、跟踪进展、催办提醒、排名晾晒。\n")
	var keywords []string
	for _, c := range b.cmds {
		fmt.Fprintf(&s, "\n/%s — %s\n  例：%s", c.name, c.menu, escape(c.example))
		if c.keyword != "" {
			keywords = append(keywords, c.keyword)
		}
	}
	s.WriteString("\n\n签收：承办人点任务卡片上的「收到」，或回复机器人关于该任务的任何消息「收到」。")
	s.WriteString("\n私聊：/my 查看各群的任务；/task、/progress、/done、/ack 可在私聊中使用，多个群都有同号任务时写群名，如 /done 招商#3。")
	s.WriteString("\n\n中文关键词也可以：" + strings.Join(keywords, "、") + "；「任务 3」即 /task 3（需机器人为群管理员或关闭隐私模式）。")
	s.WriteString("\n截止时间可以写：下周五前、月底前、3个工作日内、本周内、下月初、春节前、两周内。")
	return s.String()
}

// cmdStart is /start. In private it remembers that the bot may now message
// the user, and shows their tasks.
func (b *Bot) cmdStart(ctx context.Context, r *request) error {
	if r.chat.IsGroup() {
		return r.reply(ctx, escape("👋 督办机器人已就绪。领导用 /assign 交办任务，大家用 /tasks 查看、/progress 报进展、/done 提交办结。/help 查看全部命令。"))
	}
	if err := b.store.SetStartedBot(ctx, r.user.ID, true); err != nil {
		return err
	}
	if strings.TrimSpace(r.args) == "help" { // the short /help's button
		return r.reply(ctx, b.fullHelp())
	}
	groups, err := b.store.TasksOf(ctx, r.user.ID, 0)
	if err != nil {
		return err
	}
	intro := r.say("👋 您好！我是督办机器人。您在各工作群的任务会汇总在这里，临近截止时我也会私信提醒您。\n把我加入工作群并设为管理员，领导即可用 /assign 交办任务。/help 查看全部命令。\n\n",
		"👋 Hello! I am the duban bot. Your tasks from every work group show here, and I will remind you privately before deadlines.\n/help lists all commands.\n\n")
	return r.reply(ctx, escape(intro)+myTasks(r, groups))
}

// cmdWhen is /when 文字: how a deadline phrase would be read.
func (b *Bot) cmdWhen(ctx context.Context, r *request) error {
	if strings.TrimSpace(r.args) == "" {
		return r.fail(ctx, "请写上要试的截止时间，例如：/when 下周五前", "Add a deadline to try, e.g. /when next friday")
	}
	if ok, err := b.whenRule(ctx, r); ok {
		return err // a recurring phrase (周期任务)
	}
	d, err := r.parseDeadline(ctx, r.args)
	if err != nil {
		return r.refuseDeadline(ctx, err)
	}
	return r.reply(ctx, fmt.Sprintf("🕒 「%s」→ %s（%s）", escape(d.Phrase), formatTime(d.At, r.loc, r.english()), escape(r.loc.String()))+
		whenNote(d))
}

// setCommands publishes the command menus: in groups every command but the
// privateMenu ones, in private chats those not groupOnly.
func (b *Bot) setCommands(ctx context.Context) error {
	var group, private []tgmodels.BotCommand
	for _, c := range b.cmds {
		bc := tgmodels.BotCommand{Command: c.name, Description: c.menu}
		if c.scope&privateMenu == 0 {
			group = append(group, bc)
		}
		if c.scope&groupOnly == 0 {
			private = append(private, bc)
		}
	}
	if _, err := b.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: group,
		Scope: &tgmodels.BotCommandScopeAllGroupChats{}}); err != nil {
		return fmt.Errorf("set group commands: %w", err)
	}
	if _, err := b.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: private,
		Scope: &tgmodels.BotCommandScopeAllPrivateChats{}}); err != nil {
		return fmt.Errorf("set private commands: %w", err)
	}
	return nil
}
