package botapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Update is one update as getUpdates returned it: its id, and its JSON as
// it came (what the inbox keeps).
type Update struct {
	ID  int64
	Raw json.RawMessage
}

// PollError is a getUpdates call Telegram refused.
type PollError struct {
	Code        int
	Description string
	RetryAfter  time.Duration
}

func (e *PollError) Error() string {
	return fmt.Sprintf("getUpdates: %d %s", e.Code, e.Description)
}

// GetUpdates asks for the updates from offset on (0: every update Telegram
// still holds), waiting up to the transport's poll timeout for one to come.
// Asking with an offset confirms every update before it: Telegram will not
// deliver those again. allowed lists the update kinds wanted.
func (t *Transport) GetUpdates(ctx context.Context, offset int64, allowed []string) ([]Update, error) {
	params := struct {
		Offset         int64    `json:"offset,omitempty"`
		Timeout        int      `json:"timeout"`
		AllowedUpdates []string `json:"allowed_updates,omitempty"`
	}{offset, int(t.pollTimeout / time.Second), allowed}
	body, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url+"/bot"+t.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %s", t.Redact(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	defer resp.Body.Close()
	var answer struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		// A proxy's page, or an answer cut short: its text is redacted, but
		// says nothing worth logging beyond the status.
		return nil, fmt.Errorf("getUpdates: HTTP %d, answer not readable: %w", resp.StatusCode, err)
	}
	if !answer.OK {
		return nil, &PollError{Code: answer.ErrorCode, Description: answer.Description,
			RetryAfter: time.Duration(answer.Parameters.RetryAfter) * time.Second}
	}
	out := make([]Update, 0, len(answer.Result))
	for _, raw := range answer.Result {
		var head struct {
			ID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("getUpdates: an update without an id: %w", err)
		}
		out = append(out, Update{ID: head.ID, Raw: raw})
	}
	return out, nil
}
