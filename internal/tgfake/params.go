package tgfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxRequestBody bounds request bodies (Telegram allows 50 MB uploads).
const maxRequestBody = 50 << 20

// upload is a file sent as a multipart part.
type upload struct {
	filename string
	data     []byte
}

// params holds a request's parameters normalised to strings: form values
// as sent, JSON values as their text (strings unquoted, objects and arrays
// as JSON), so that JSON-serialised fields such as reply_markup look the
// same whatever the encoding of the request.
type params struct {
	values   map[string]string
	files    map[string]upload
	instance string // the InstanceHeader of the request
}

func parseParams(r *http.Request) (*params, error) {
	p := &params{values: map[string]string{}, files: map[string]upload{}, instance: r.Header.Get(InstanceHeader)}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p.values[k] = v[0]
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if len(body) > maxRequestBody {
		return nil, errors.New("request entity too large")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// go-telegram/bot sends an empty multipart body for methods
		// without parameters (getMe).
		return p, nil
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), ctParams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("multipart: %w", err)
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return nil, fmt.Errorf("multipart: %w", err)
			}
			name := part.FormName()
			if part.FileName() != "" {
				p.files[name] = upload{filename: part.FileName(), data: data}
				p.values[name] = "attach://" + name
				continue
			}
			p.values[name] = string(data)
		}
	case "application/json":
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, fmt.Errorf("json: %w", err)
		}
		for k, raw := range m {
			var s string
			if err := json.Unmarshal(raw, &s); err == nil {
				p.values[k] = s
				continue
			}
			if string(raw) == "null" {
				continue
			}
			p.values[k] = string(raw)
		}
	default: // application/x-www-form-urlencoded and anything else
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("form: %w", err)
		}
		for k, v := range q {
			if len(v) > 0 {
				p.values[k] = v[0]
			}
		}
	}
	return p, nil
}

func (p *params) str(name string) string { return p.values[name] }

// int64 parses an integer parameter; absent or empty gives 0.
func (p *params) int64(name string) (int64, error) {
	v := strings.TrimSpace(p.values[name])
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("wrong %s specified", name)
	}
	return n, nil
}

func (p *params) int(name string) (int, error) {
	n, err := p.int64(name)
	return int(n), err
}

func (p *params) bool(name string) bool {
	switch strings.ToLower(strings.TrimSpace(p.values[name])) {
	case "true", "1", "yes", "on":
		return true
	}
	return false
}

// json decodes a JSON-serialised parameter; it reports whether the
// parameter was present.
func (p *params) json(name string, dest any) (bool, error) {
	v, ok := p.values[name]
	if !ok || strings.TrimSpace(v) == "" {
		return false, nil
	}
	if err := json.Unmarshal([]byte(v), dest); err != nil {
		return true, err
	}
	return true, nil
}

// chatIDHint is the chat_id parameter as a number, for matching faults and
// recording rejected calls; 0 if absent or not numeric.
func (p *params) chatIDHint() int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(p.values["chat_id"]), 10, 64)
	if err != nil {
		return 0
	}
	return n
}
