package bot

import (
	"context"
	"errors"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/botapi"
)

// Files people send to the bot to be read (a 台账 to import, a 任务书).
// The API other commands build on:
//
//   - documentOf(m) is the document a command came with: the one it is the
//     caption of, or the one the command replies to;
//   - b.download(ctx, r, f, limit) fetches it from Telegram (getFile, then
//     <server>/file/bot<token>/<path>, as the Bot API serves files), at
//     most limit bytes. A file too large, or one Telegram no longer gives,
//     is told to the user in their language and returns errHandled, so a
//     handler simply returns the error.
//
// The token is in the download's URL only: the transport takes it out of
// every error (botapi.Transport.Download), and nothing here logs a URL.

// maxDownload is the largest file the bot reads (an import: 5 MB).
const maxDownload = 5 << 20

// sentFile is a document someone sent.
type sentFile struct {
	ID   string // Telegram's file_id
	Name string
	Size int64 // as Telegram announced it; 0 when unknown
}

// documentOf returns the document a message carries, or else the one it
// replies to; nil when neither has one.
func documentOf(m *tgmodels.Message) *sentFile {
	if m == nil {
		return nil
	}
	for _, x := range []*tgmodels.Message{m, m.ReplyToMessage} {
		if x != nil && x.Document != nil {
			return &sentFile{ID: x.Document.FileID, Name: x.Document.FileName, Size: x.Document.FileSize}
		}
	}
	return nil
}

// download fetches f, at most limit bytes (≤ 0: maxDownload). A file
// over the limit — by what Telegram announced, or by what came — or one
// Telegram no longer has is refused to the user (errHandled); other
// failures (the network) are returned.
func (b *Bot) download(ctx context.Context, r *request, f *sentFile, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = maxDownload
	}
	tooLarge := func() error {
		return r.fail(ctx, fmt.Sprintf("文件「%s」太大：最多 %s。", f.Name, sizeText(limit)),
			fmt.Sprintf("The file “%s” is too large: at most %s.", f.Name, sizeText(limit)))
	}
	if f.Size > limit {
		return nil, tooLarge()
	}
	file, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: f.ID})
	if errors.Is(err, tgbot.ErrorBadRequest) {
		return nil, r.fail(ctx, fmt.Sprintf("无法取得文件「%s」（可能已被删除或过大），请重新发送。", f.Name),
			fmt.Sprintf("The file “%s” cannot be fetched (deleted, or too large). Please send it again.", f.Name))
	}
	if err != nil {
		return nil, fmt.Errorf("get file: %w", err)
	}
	if file.FileSize > limit {
		return nil, tooLarge()
	}
	data, err := b.tg.Download(ctx, file.FilePath, limit)
	if errors.Is(err, botapi.ErrTooLarge) {
		return nil, tooLarge()
	}
	if err != nil {
		return nil, fmt.Errorf("download %q: %w", f.Name, err)
	}
	return data, nil
}

// sizeText shows a file size in KB or MB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.4g MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<10-1)>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// replyTo quotes a message (0: none), sent even if it is gone.
func replyTo(id int) *tgmodels.ReplyParameters {
	if id == 0 {
		return nil
	}
	return &tgmodels.ReplyParameters{MessageID: id, AllowSendingWithoutReply: true}
}
