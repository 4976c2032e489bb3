package bot

import (
	"context"
	"log/slog"
	"net/url"
	"strings"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// Dashboard says where the Mini App dashboard (看板) is reached; the zero
// value means it is not enabled.
type Dashboard struct {
	// PublicURL is the base URL at which people reach duban's HTTP server,
	// through the operator's TLS proxy (DUBAN_PUBLIC_URL); the page is
	// PublicURL + "/app/".
	PublicURL string
	// AppName is the Mini App's short name registered with @BotFather
	// /newapp (DUBAN_MINIAPP_NAME); group links are then
	// https://t.me/<bot>/<AppName>?startapp=<token>. Empty: the bot's main
	// Mini App, https://t.me/<bot>?startapp=<token>.
	AppName string
}

// pageURL is the address of the Mini App's page.
func (d Dashboard) pageURL() string {
	return strings.TrimRight(d.PublicURL, "/") + "/app/"
}

// webApp reports whether Telegram takes the page as a web_app button: only
// https pages open inside Telegram.
func (d Dashboard) webApp() bool {
	return strings.HasPrefix(strings.ToLower(d.PublicURL), "https://")
}

// groupLink is the Mini App's direct link that opens a group's dashboard.
func (b *Bot) groupLink(token string) string {
	link := "https://t.me/" + url.PathEscape(b.me.Username)
	if b.dash.AppName != "" {
		link += "/" + url.PathEscape(b.dash.AppName)
	}
	return link + "?startapp=" + url.QueryEscape(token)
}

// cmdDashboard is /dashboard (看板): in a group, a button to the group's
// dashboard (and, for a leader, /dashboard 重置 renews its link, so the old
// one opens nothing); in private, a button to the personal view.
func (b *Bot) cmdDashboard(ctx context.Context, r *request) error {
	if b.dash.PublicURL == "" {
		return r.fail(ctx, "看板尚未启用：管理员还没有设置 DUBAN_PUBLIC_URL（见 README「看板」一节）。",
			"The dashboard is not enabled: the administrator has not set DUBAN_PUBLIC_URL.")
	}
	if !r.chat.IsGroup() {
		button := tgmodels.InlineKeyboardButton{Text: "打开我的任务看板"}
		if b.dash.webApp() {
			button.WebApp = &tgmodels.WebAppInfo{URL: b.dash.pageURL()}
		} else {
			button.URL = b.dash.pageURL()
		}
		_, err := r.replyMarkup(ctx, escape(r.say("📊 我的任务看板：您在各工作群的未办结任务，逾期的在前。",
			"📊 My dashboard: your open tasks from every group, overdue first.")),
			&tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{button}}})
		return err
	}
	var token, text string
	var err error
	switch strings.TrimSpace(r.args) {
	case "":
		token, err = b.store.DashboardToken(ctx, r.chat.ID)
		text = "📊 本群看板：统计、任务台账、图表和排名。点下方按钮在 Telegram 中打开，只有本群成员能看到内容。" +
			"\n私聊我发送 /dashboard 可查看自己在各群的任务。"
	case "重置", "reset":
		if err := r.requireLeader(ctx, "重置看板链接", "renew the dashboard link"); err != nil {
			return err
		}
		token, err = b.store.ResetDashboardToken(ctx, r.change(), r.chat.ID)
		text = "🔄 看板链接已重置，之前的链接已失效。新的链接在下方按钮。"
	default:
		return r.fail(ctx, "用法：/dashboard 打开本群看板；领导发送 /dashboard 重置 可让旧链接失效。",
			"Usage: /dashboard, or /dashboard reset (leaders) to renew the link.")
	}
	if err != nil {
		return err
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "打开看板", URL: b.groupLink(token)}}}}
	_, err = r.replyMarkup(ctx, escape(text), kb)
	return err
}

// setMenuButton makes the private chat's menu button open the personal
// dashboard. Telegram takes only https pages; a refusal is logged, the bot
// works on.
func (b *Bot) setMenuButton(ctx context.Context) {
	if b.dash.PublicURL == "" {
		return
	}
	_, err := b.api.SetChatMenuButton(ctx, &tgbot.SetChatMenuButtonParams{MenuButton: &tgmodels.MenuButtonWebApp{
		Type: tgmodels.MenuButtonTypeWebApp, Text: "看板", WebApp: tgmodels.WebAppInfo{URL: b.dash.pageURL()}}})
	if err != nil {
		b.log.Warn("set the menu button to the dashboard", slog.String("url", b.dash.pageURL()), slog.String("err", err.Error()))
	}
}

// ChatMember asks Telegram what a user is in a chat (getChatMember), for
// the dashboard. An error wrapping tgbot.ErrorForbidden means the bot may
// no longer ask: it was removed from the group.
func (b *Bot) ChatMember(ctx context.Context, chatID, userID int64) (*tgmodels.ChatMember, error) {
	return b.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chatID, UserID: userID})
}

// DashboardLedger returns the group's ledger as /export sends it without
// arguments (every task, the ranking of all time): the file name and the
// .xlsx bytes.
func (b *Bot) DashboardLedger(ctx context.Context, chat *models.Chat) (string, []byte, error) {
	l, err := b.exportLedger(ctx, chat, models.LedgerQuery{ChatID: chat.ID}, allTime(), "全部", b.clock.Now())
	if err != nil {
		return "", nil, err
	}
	return ledgerFile(l, false)
}
