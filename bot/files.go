package bot

import (
	"bytes"
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// maxCaption is Telegram's limit on a photo or document caption, in UTF-16
// code units.
const maxCaption = 1024

// sendPhoto uploads a PNG with an HTML caption (cut to Telegram's limit):
// queued with an update's answers, or sent at once outside one.
func (b *Bot) sendPhoto(ctx context.Context, chatID int64, thread int, name string, png []byte, caption string, class outbox.Class) (*tgmodels.Message, error) {
	caption = splitMessage(caption, maxCaption)[0]
	if a := answersOf(ctx); a != nil {
		a.queue(models.OutgoingMessage{ChatID: chatID, Kind: models.OutPhoto, ThreadID: thread, FileName: name, File: png,
			Text: caption, Automatic: class == outbox.Automatic})
		return &tgmodels.Message{Chat: tgmodels.Chat{ID: chatID}}, nil
	}
	msg, err := b.callNow(ctx, chatID, class, func(ctx context.Context, chatID int64) (*tgmodels.Message, error) {
		return b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, MessageThreadID: thread,
			Photo:   &tgmodels.InputFileUpload{Filename: name, Data: bytes.NewReader(png)},
			Caption: caption, ParseMode: tgmodels.ParseModeHTML})
	})
	if err != nil {
		return nil, fmt.Errorf("send photo to %d: %w", chatID, err)
	}
	return msg, nil
}

// sendDocument uploads a file with an HTML caption, as an answer (queued
// with the update's answers).
func (b *Bot) sendDocument(ctx context.Context, chatID int64, thread int, name string, data []byte, caption string) (*tgmodels.Message, error) {
	m := models.OutgoingMessage{ChatID: chatID, Kind: models.OutDocument, ThreadID: thread, FileName: name, File: data,
		Text: splitMessage(caption, maxCaption)[0]}
	if err := b.queueOrSend(ctx, m); err != nil {
		return nil, err
	}
	return &tgmodels.Message{Chat: tgmodels.Chat{ID: chatID}}, nil
}
