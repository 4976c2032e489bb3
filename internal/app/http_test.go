package app_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The HTTP server starts with the program when DUBAN_HTTP is set, serves
// the dashboard under /app/, and stops (its port released) when the
// program stops.
func TestHTTPServerStartsAndStops(t *testing.T) {
	fake := tgfake.New()
	defer fake.Close()
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: filepath.Join(t.TempDir(), "duban.db"),
		HTTP: "127.0.0.1:0", PublicURL: "https://duban.example.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	addr := a.HTTPAddr()
	if addr == "" {
		t.Fatal("no HTTP address")
	}
	// A second program cannot take the same port: it says so at start.
	if _, err := app.New(ctx, app.Config{Token: fake.Token(), APIURL: fake.URL(), DB: filepath.Join(t.TempDir(), "other.db"),
		HTTP: addr}); err == nil || !strings.Contains(err.Error(), "DUBAN_HTTP") {
		t.Errorf("a second server on %s: %v", addr, err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx) }()
	// The server listens from app.New on: a connection waits to be served.
	resp, err := http.Get("http://" + addr + "/app/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /app/: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(testkit.WaitLimit):
		t.Fatal("Run did not return after the stop")
	}
	if err := a.Close(); err != nil {
		t.Error(err)
	}
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		conn.Close()
		t.Error("the port still takes connections after the stop")
	} else if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "refused") {
		t.Logf("dial after stop: %v", err)
	}
}
