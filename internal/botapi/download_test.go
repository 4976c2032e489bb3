package botapi

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"

	"github.com/duban-bot/duban/internal/tgfake"
)

func TestDownload(t *testing.T) {
	f, tr, b := setup(t, Timeouts{})
	ctx := ctxFor(t)
	data := bytes.Repeat([]byte("台账"), 100) // 600 bytes
	m := f.SendText(group, boss, "/import", tgfake.AsDocument("台账.csv", data))
	file, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: m.Document.FileID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		limit int64
		err   error
	}{{600, nil}, {1 << 20, nil}, {599, ErrTooLarge}} {
		got, err := tr.Download(ctx, file.FilePath, c.limit)
		if !errors.Is(err, c.err) || (c.err == nil && !bytes.Equal(got, data)) {
			t.Errorf("limit %d: %d bytes, %v; want %v", c.limit, len(got), err, c.err)
		}
	}
	// A missing file is an error that does not show the token.
	_, err = tr.Download(ctx, "documents/none.csv", 1<<20)
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("missing file: %v", err)
	}
	f.Close()
	_, err = tr.Download(ctx, file.FilePath, 1<<20)
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("server gone: %v", err)
	}
}
