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
//     handler simply returns the error;
//   - a command listed in fileCommands has its document fetched before its
//     update's unit of work opens (prefetch), so that a slow download does
//     not hold the database (SQLite has one connection); download then
//     returns that copy.
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
// failures (the network) are returned. A file fetched before the update's
// unit of work (prefetch) is not fetched again.
func (b *Bot) download(ctx context.Context, r *request, f *sentFile, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = maxDownload
	}
	data, err := prefetchedFile(ctx, f, limit)
	if errors.Is(err, errNotPrefetched) {
		data, err = b.fetchFile(ctx, f, limit)
	}
	switch {
	case errors.Is(err, botapi.ErrTooLarge):
		return nil, r.fail(ctx, fmt.Sprintf("文件「%s」太大：最多 %s。", f.Name, sizeText(limit)),
			fmt.Sprintf("The file “%s” is too large: at most %s.", f.Name, sizeText(limit)))
	case errors.Is(err, errFileGone):
		return nil, r.fail(ctx, fmt.Sprintf("无法取得文件「%s」（可能已被删除或过大），请重新发送。", f.Name),
			fmt.Sprintf("The file “%s” cannot be fetched (deleted, or too large). Please send it again.", f.Name))
	case err != nil:
		return nil, fmt.Errorf("download %q: %w", f.Name, err)
	}
	return data, nil
}

// errFileGone is a file Telegram will not give (getFile refused it).
var errFileGone = errors.New("telegram does not give the file")

// fetchFile gets f from Telegram: getFile, then the download, at most limit
// bytes (else botapi.ErrTooLarge).
func (b *Bot) fetchFile(ctx context.Context, f *sentFile, limit int64) ([]byte, error) {
	if f.Size > limit {
		return nil, botapi.ErrTooLarge
	}
	file, err := b.api.GetFile(ctx, &tgbot.GetFileParams{FileID: f.ID})
	if errors.Is(err, tgbot.ErrorBadRequest) {
		return nil, fmt.Errorf("%w: %w", errFileGone, err)
	}
	if err != nil {
		return nil, fmt.Errorf("get file: %w", err)
	}
	if file.FileSize > limit {
		return nil, botapi.ErrTooLarge
	}
	return b.tg.Download(ctx, file.FilePath, limit)
}

// fileCommands are the commands that read the document they come with
// (their caption, or a reply to it): the document is fetched before the
// update's unit of work, which on SQLite holds the database while open.
var fileCommands = map[string]bool{
	"import":  true, // a 台账 (import.go)
	"contest": true, // /contest 名称 任务书 on a file (contest_import.go)
}

// prefetch fetches the document of a file-reading command before its
// update is handled, and returns ctx carrying it (or why it could not be
// had, for download to tell). Any other update returns ctx as it is.
func (b *Bot) prefetch(ctx context.Context, upd *tgmodels.Update) context.Context {
	m := upd.Message
	if m == nil || m.From == nil {
		return ctx
	}
	text, entities := m.Text, m.Entities
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	name, _, _, ok := b.parseCommand(text, entities)
	f := documentOf(m)
	if !ok || !fileCommands[name] || f == nil {
		return ctx
	}
	data, err := b.fetchFile(ctx, f, maxDownload)
	return context.WithValue(ctx, prefetchKey{}, &prefetched{id: f.ID, data: data, err: err})
}

type prefetchKey struct{}

// prefetched is a document fetched before the update's unit of work.
type prefetched struct {
	id   string
	data []byte
	err  error
}

// errNotPrefetched: the file must be fetched now.
var errNotPrefetched = errors.New("not prefetched")

// prefetchedFile returns f as prefetched, within limit.
func prefetchedFile(ctx context.Context, f *sentFile, limit int64) ([]byte, error) {
	p, _ := ctx.Value(prefetchKey{}).(*prefetched)
	switch {
	case p == nil || p.id != f.ID:
		return nil, errNotPrefetched
	case p.err != nil:
		return nil, p.err
	case int64(len(p.data)) > limit:
		return nil, botapi.ErrTooLarge
	}
	return p.data, nil
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
