package bot

import (
	"bytes"
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/outbox"
)

// maxCaption is Telegram's limit on a photo or document caption, in UTF-16
// code units.
const maxCaption = 1024

// sendPhoto uploads a PNG with an HTML caption (cut to Telegram's limit).
func (b *Bot) sendPhoto(ctx context.Context, chatID int64, thread int, name string, png []byte, caption string, class outbox.Class) (*tgmodels.Message, error) {
	msg, err := b.callWithRetry(ctx, chatID, class, func(chatID int64) (*tgmodels.Message, error) {
		return b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, MessageThreadID: thread,
			Photo:   &tgmodels.InputFileUpload{Filename: name, Data: bytes.NewReader(png)},
			Caption: splitMessage(caption, maxCaption)[0], ParseMode: tgmodels.ParseModeHTML})
	})
	if err != nil {
		return nil, fmt.Errorf("send photo to %d: %w: %w", chatID, errNotDelivered, err)
	}
	return msg, nil
}

// sendDocument uploads a file with an HTML caption.
func (b *Bot) sendDocument(ctx context.Context, chatID int64, thread int, name string, data []byte, caption string) (*tgmodels.Message, error) {
	msg, err := b.callWithRetry(ctx, chatID, outbox.Answer, func(chatID int64) (*tgmodels.Message, error) {
		return b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID, MessageThreadID: thread,
			Document: &tgmodels.InputFileUpload{Filename: name, Data: bytes.NewReader(data)},
			Caption:  splitMessage(caption, maxCaption)[0], ParseMode: tgmodels.ParseModeHTML})
	})
	if err != nil {
		return nil, fmt.Errorf("send document to %d: %w: %w", chatID, errNotDelivered, err)
	}
	return msg, nil
}
