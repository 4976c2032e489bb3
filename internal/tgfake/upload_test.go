package tgfake

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestUploads(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	png := []byte("\x89PNG\r\n\x1a\nfake image bytes")

	m, err := b.SendPhoto(ctx, &bot.SendPhotoParams{
		ChatID:      groupID,
		Photo:       &models.InputFileUpload{Filename: "进度.png", Data: bytes.NewReader(png)},
		Caption:     "<b>本周进度</b> 3/5",
		ParseMode:   models.ParseModeHTML,
		ReplyMarkup: keyboard([]models.InlineKeyboardButton{cb("详情", "detail")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Photo) == 0 || m.Caption != "本周进度 3/5" || len(m.CaptionEntities) != 1 || m.ReplyMarkup == nil {
		t.Fatalf("photo message %+v", m)
	}
	xlsx := []byte("PK\x03\x04 spreadsheet")
	d, err := b.SendDocument(ctx, &bot.SendDocumentParams{
		ChatID:   zhang,
		Document: &models.InputFileUpload{Filename: "督办台账.xlsx", Data: bytes.NewReader(xlsx)},
		Caption:  "台账",
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Document == nil || d.Document.FileName != "督办台账.xlsx" || d.Document.FileSize != int64(len(xlsx)) ||
		d.Document.MimeType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("document %+v", d.Document)
	}

	sent := f.Sent()
	if len(sent) != 2 {
		t.Fatalf("sent %+v", sent)
	}
	p, doc := sent[0], sent[1]
	if p.Method != "sendPhoto" || p.FileName != "进度.png" || !bytes.Equal(p.FileBytes, png) ||
		p.Caption != "<b>本周进度</b> 3/5" || p.PlainText != "本周进度 3/5" || p.ParseMode != "HTML" || p.Markup == nil {
		t.Fatalf("photo record %+v", p)
	}
	if doc.Method != "sendDocument" || doc.ChatID != zhang || doc.FileName != "督办台账.xlsx" || !bytes.Equal(doc.FileBytes, xlsx) || doc.Caption != "台账" {
		t.Fatalf("document record %+v", doc)
	}

	// Re-sending by file_id reuses the stored file.
	if _, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: groupID, Document: &models.InputFileString{Data: d.Document.FileID}}); err != nil {
		t.Fatal(err)
	}
	if last := f.Sent()[2]; !bytes.Equal(last.FileBytes, xlsx) || last.FileName != "督办台账.xlsx" {
		t.Fatalf("resend %+v", last)
	}
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: groupID, Document: &models.InputFileString{Data: "nope"}})
	wantAPIError(t, err, bot.ErrorBadRequest, "wrong file identifier/HTTP URL specified")

	// Captions are validated like texts, with a 1024 limit.
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: groupID,
		Photo: &models.InputFileUpload{Filename: "a.png", Data: bytes.NewReader(png)}, Caption: strings.Repeat("字", 1025)})
	wantAPIError(t, err, bot.ErrorBadRequest, "Bad Request: message caption is too long")
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: groupID,
		Photo: &models.InputFileUpload{Filename: "a.png", Data: bytes.NewReader(png)}, Caption: "<b>" + strings.Repeat("字", 1024) + "</b>", ParseMode: models.ParseModeHTML}); err != nil {
		t.Fatalf("1024 caption: %v", err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: groupID,
		Photo: &models.InputFileUpload{Filename: "a.png", Data: bytes.NewReader(png)}, Caption: "<i>未闭合", ParseMode: models.ParseModeHTML})
	wantAPIError(t, err, bot.ErrorBadRequest, "can't parse entities")
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: li,
		Document: &models.InputFileUpload{Filename: "a.txt", Data: bytes.NewReader([]byte("x"))}})
	wantAPIError(t, err, bot.ErrorForbidden, "bot can't initiate conversation with a user")
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: groupID,
		Document: &models.InputFileUpload{Filename: "empty.txt", Data: bytes.NewReader(nil)}})
	wantAPIError(t, err, bot.ErrorBadRequest, "file must be non-empty")

	// Editing the text of a photo is not possible; its keyboard is.
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: groupID, MessageID: m.ID, Text: "x"})
	wantAPIError(t, err, bot.ErrorBadRequest, "there is no text in the message to edit")
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: groupID, MessageID: m.ID}); err != nil {
		t.Fatal(err)
	}
}
