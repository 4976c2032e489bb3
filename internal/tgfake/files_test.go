package tgfake

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// A user's document is kept: the bot sends it again by its id, finds its
// path with getFile and downloads it as from Telegram; once forgotten,
// both are refused.
func TestUserFilesRoundTrip(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	b := newClient(t, f)
	content := []byte("序号,任务\n1,报送材料\n")
	m := f.SendText(groupID, zhang, "/import", AsDocument("台账.csv", content))
	if m.Document == nil || m.Caption != "/import" || m.Text != "" || len(m.CaptionEntities) != 1 ||
		m.Document.FileName != "台账.csv" || m.Document.FileSize != int64(len(content)) || m.Document.MimeType != "text/csv" {
		t.Fatalf("document message %+v", m)
	}
	id := m.Document.FileID
	if _, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: groupID, Document: &models.InputFileString{Data: id}}); err != nil {
		t.Fatalf("send the user's document by its id: %v", err)
	}
	file, err := b.GetFile(ctx, &bot.GetFileParams{FileID: id})
	if err != nil {
		t.Fatal(err)
	}
	if file.FileSize != int64(len(content)) || file.FilePath == "" {
		t.Fatalf("getFile = %+v", file)
	}
	get := func(url string) (int, []byte) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	if code, body := get(b.FileDownloadLink(file)); code != http.StatusOK || !bytes.Equal(body, content) {
		t.Fatalf("download: %d %q", code, body)
	}
	if code, _ := get(f.URL() + "/file/botWRONG/" + file.FilePath); code != http.StatusUnauthorized {
		t.Errorf("download with another token: %d", code)
	}
	if f.Downloads() != 1 {
		t.Errorf("Downloads() = %d", f.Downloads())
	}
	// A photo's sizes can be sent again too.
	p := f.SendText(groupID, li, "", AsPhoto())
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: groupID, Photo: &models.InputFileString{Data: p.Photo[len(p.Photo)-1].FileID}}); err != nil {
		t.Fatalf("send the user's photo by its id: %v", err)
	}

	f.ForgetFile(id)
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: groupID, Document: &models.InputFileString{Data: id}})
	wantAPIError(t, err, bot.ErrorBadRequest, "wrong file identifier/HTTP URL specified")
	_, err = b.GetFile(ctx, &bot.GetFileParams{FileID: id})
	wantAPIError(t, err, bot.ErrorBadRequest, "invalid file_id")
	if code, _ := get(b.FileDownloadLink(file)); code != http.StatusNotFound {
		t.Errorf("download of a forgotten file: %d", code)
	}
}
