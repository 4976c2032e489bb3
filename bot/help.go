package bot

import (
	"context"
	"fmt"
	"strings"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"
)

// helpEntry documents one command: its menu description and an example.
type helpEntry struct {
	name, desc, example string
	private             bool // also offered in private chats
	short               bool // listed by the short /help of a group
}

// helpEntries lists every command in the order /help shows them.
var helpEntries = []helpEntry{
	{"assign", "交办任务", "/assign @zhangwei @wangfang 完成项目申报材料 下周五前 单位：投资促进局 包保：@lijv", false, true},
	{"post", "发布揭榜挂帅任务", "/post 牵头招引一个亿元项目 月底前", false, true},
	{"claim", "认领揭榜任务", "/claim 5", false, false},
	{"tasks", "本群未办结任务", "/tasks、/tasks 逾期、/tasks 本周、/tasks 已提交、/tasks @zhangwei、/tasks 投资促进局、/tasks 已办结", false, true},
	{"my", "我的任务", "/my", true, true},
	{"task", "任务详情与记录", "/task 3（私聊中多个群都有 3 号任务时：/task 招商#3）", true, true},
	{"ack", "签收任务（也可点「收到」或回复「收到」）", "/ack 3", true, true},
	{"progress", "报告进展", "/progress 3 60% 已完成初稿", true, true},
	{"done", "提交办结", "/done 3 材料已报送", true, true},
	{"extend", "申请延期（截止前）", "/extend 3 下周三前 等待省厅批复", false, true},
	{"edit", "修改任务（交办人或领导）", "/edit 3 截止 下周五前", false, true},
	{"cancel", "取消任务（交办人或领导）", "/cancel 3 任务已合并到 #2", false, true},
	{"urge", "催办（领导）", "/urge 3 请今天下班前报送", false, true},
	{"remind", "加一个提醒", "/remind 3 明天上午9点", false, false},
	{"rank", "排名（龙虎榜）", "/rank、/rank 单位 季、/rank 上月、/rank 2026-01-01 2026-03-31", false, true},
	{"stats", "按期率趋势图", "/stats", false, false},
	{"export", "导出台账（Excel；领导）", "/export、/export 季 已办结、/export csv", false, true},
	{"unit", "管理单位", "/unit add 投资促进局 @zhangwei、/unit list", false, true},
	{"leader", "领导名单与指定", "/leader list、/leader add @lijv", false, true},
	{"settings", "群设置：提醒、免打扰、周报、确认", "/settings 提醒 1天,2小时", false, true},
	{"holiday", "本群节假日：放假、调休上班", "/holiday list、/holiday add 2027-02-20 调休上班", false, false},
	{"dashboard", "看板：台账、图表、排名（私聊：我的任务）", "/dashboard、/dashboard 重置（领导）", true, true},
	{"when", "看截止时间怎么理解", "/when 下周五前", true, false},
	// 问题清单 (bot/problem*.go)
	{"problem", "登记企业诉求（问题清单；P3 看详情）", "/problem 华鑫科技有限公司 厂区门前道路未硬化 @zhangwei 单位：住建局、/problem P3", false, true},
	{"answer", "答复问题：写解决时限或「已解决」", "/answer P3 已协调列入年度道路计划 6月底前", false, false},
	{"solve", "报告问题已解决", "/solve P3 道路已硬化", false, false},
	{"problems", "问题清单、统计、导出", "/problems 逾期、/problems 住建局、/problems 统计 上月、/problems 导出", false, false},
	{"help", "帮助", "/help", true, false},
	{"start", "开始使用（私聊）", "/start", true, false},
}

// cmdHelp is /help (帮助): in a group a short list, one line per command,
// with a button to the full guide in private; in private the full guide.
func (b *Bot) cmdHelp(ctx context.Context, r *request) error {
	if !r.chat.IsGroup() {
		return r.reply(ctx, fullHelp())
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "完整说明（私聊）", URL: "https://t.me/" + b.me.Username + "?start=help"}}}}
	_, err := r.replyMarkup(ctx, shortHelp(), kb)
	return err
}

// shortHelp is the group's /help: at most 20 lines.
func shortHelp() string {
	var s strings.Builder
	s.WriteString("📖 <b>督办机器人常用命令</b>（完整说明和示例：点下方按钮，或私聊 /help）")
	for _, h := range helpEntries {
		if h.short {
			fmt.Fprintf(&s, "\n/%s %s", h.name, h.desc)
		}
	}
	return s.String()
}

// fullHelp is the full guide: every command with an example.
func fullHelp() string {
	var s strings.Builder
	s.WriteString("📖 <b>督办机器人</b>：交办任务、跟踪进展、催办提醒、排名晾晒。\n")
	for _, h := range helpEntries {
		fmt.Fprintf(&s, "\n/%s — %s\n  例：%s", h.name, h.desc, escape(h.example))
	}
	s.WriteString("\n\n签收：承办人点任务卡片上的「收到」，或回复机器人关于该任务的任何消息「收到」。")
	s.WriteString("\n私聊：/my 查看各群的任务；/task、/progress、/done、/ack 可在私聊中使用，多个群都有同号任务时写群名，如 /done 招商#3。")
	s.WriteString("\n\n中文关键词也可以：交办、任务、任务 3、我的任务、进展、办结、延期、催办、排名、帮助（需机器人为群管理员或关闭隐私模式）。")
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
		return r.reply(ctx, fullHelp())
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
	d, err := r.parseDeadline(ctx, r.args)
	if err != nil {
		return r.refuseDeadline(ctx, err)
	}
	return r.reply(ctx, fmt.Sprintf("🕒 「%s」→ %s（%s）", escape(d.Phrase), formatTime(d.At, r.loc, r.english()), escape(r.loc.String()))+
		whenNote(d))
}

// setCommands publishes the command menus: every command in groups, the
// personal ones in private chats.
func (b *Bot) setCommands(ctx context.Context) error {
	var group, private []tgmodels.BotCommand
	for _, h := range helpEntries {
		c := tgmodels.BotCommand{Command: h.name, Description: h.desc}
		if h.name != "start" {
			group = append(group, c)
		}
		if h.private {
			private = append(private, c)
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
