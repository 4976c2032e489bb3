package metrics

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The result label operators alert on, for each answer of Telegram.
func TestResult(t *testing.T) {
	for _, tt := range []struct {
		status int
		want   string
	}{{200, "ok"}, {429, "429"}, {403, "403"}, {500, "5xx"}, {502, "5xx"}, {400, "other"}, {0, "other"}} {
		if got := Result(tt.status); got != tt.want {
			t.Errorf("Result(%d) = %q, want %q", tt.status, got, tt.want)
		}
	}
}

// Every promised name is served, with what was counted; a nil *Metrics
// counts nothing and does not fail.
func TestNamesServed(t *testing.T) {
	var none *Metrics
	none.UpdateReceived("message")
	none.Sent(Answer, "ok")
	none.SetLeader(true)

	m := New("v9.9.9")
	m.UpdateReceived("message")
	m.UpdateHandled("message", 3*time.Millisecond)
	m.Sent(ClassOf(WithClass(context.Background(), Digest)), Result(200))
	m.Sent(ClassOf(context.Background()), Result(429))
	m.ReminderLate(2 * time.Second)
	m.SetLeader(true)
	m.CountQueues(func(context.Context) (int64, int64, error) { return 4, 7, nil })
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`duban_updates_total{kind="message",stage="received"} 1`,
		`duban_updates_total{kind="message",stage="handled"} 1`,
		`duban_update_duration_seconds_count 1`,
		`duban_messages_sent_total{class="digest",result="ok"} 1`,
		`duban_messages_sent_total{class="answer",result="429"} 1`,
		`duban_reminder_lateness_seconds_count 1`,
		`duban_outbox_queue 4`, `duban_inbox_backlog 7`, `duban_leader 1`,
		`duban_build_info{version="v9.9.9"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
