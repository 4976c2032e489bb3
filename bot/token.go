package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/duban-bot/duban/internal/botapi"
)

// ErrBadToken means the Bot API refused the bot token: getMe was answered
// 401 Unauthorized (a token revoked, mistyped or from another bot), or 404
// (a token of the wrong shape). It never contains the token.
var ErrBadToken = errors.New("机器人令牌不被 Telegram 接受，请检查 TELEGRAM_BOT_TOKEN：" +
	"应是 @BotFather 给出的完整令牌（形如 123456:ABC…），没有多余的空格或引号；令牌被 /revoke 后要换用新的")

// CheckToken asks the Bot API at apiURL ("" for Telegram's) who the bot is
// (getMe) and nothing more, so that a wrong token is reported before
// anything is created. It returns the bot's username. A refused token is
// [ErrBadToken]; other failures (the server unreachable) are wrapped, with
// the token redacted.
func CheckToken(ctx context.Context, token, apiURL string) (string, error) {
	// Through the transport that bounds the call and redacts the token
	// from whatever comes back, as every call of the bot.
	opts := []tgbot.Option{tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(time.Minute, botapi.NewTransport(nil, apiURL, token, 0, botapi.Timeouts{}))}
	if apiURL != "" {
		opts = append(opts, tgbot.WithServerURL(apiURL))
	}
	api, err := tgbot.New(token, opts...)
	if err != nil {
		return "", fmt.Errorf("%w (%s)", ErrBadToken, botapi.Redact(err.Error(), token))
	}
	me, err := api.GetMe(ctx)
	switch {
	case errors.Is(err, tgbot.ErrorUnauthorized):
		return "", fmt.Errorf("%w（getMe 回答 401 Unauthorized）", ErrBadToken)
	case errors.Is(err, tgbot.ErrorNotFound):
		return "", fmt.Errorf("%w（getMe 回答 404 Not Found；用的是本地 Bot API 服务器时，也请检查 TELEGRAM_API_URL）", ErrBadToken)
	case err != nil:
		return "", fmt.Errorf("connect to the Bot API (getMe): %w", err)
	}
	return me.Username, nil
}
