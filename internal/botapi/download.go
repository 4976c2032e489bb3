package botapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ErrTooLarge is returned by Download for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// Download fetches a file Telegram keeps, by the file_path getFile gave,
// from <server>/file/bot<token>/<path>, reading at most limit bytes: a
// larger file is ErrTooLarge. It is bounded by the upload timeout, and its
// errors never contain the token.
func (t *Transport) Download(ctx context.Context, filePath string, limit int64) ([]byte, error) {
	if filePath == "" || strings.Contains(filePath, "..") {
		return nil, fmt.Errorf("download: bad file path %q", filePath)
	}
	ctx, cancel := context.WithTimeout(ctx, t.timeouts.Upload)
	defer cancel()
	u := t.url + "/file/bot" + t.token + "/" + (&url.URL{Path: filePath}).EscapedPath()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New(t.Redact(err.Error()))
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download: %w", t.redactError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	if resp.ContentLength > limit {
		return nil, ErrTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("download: %w", t.redactError(err))
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}
