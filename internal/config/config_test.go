package config

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/duban-bot/duban/models"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// mustLoad loads the configuration from args and the environment vars, as
// the bot does, failing the test on an error.
func mustLoad(t *testing.T, args []string, vars map[string]string) *Config {
	t.Helper()
	c, err := Load(args, env(vars), io.Discard, true)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadPrecedence(t *testing.T) {
	c := mustLoad(t, []string{"-db", "from-flag.db"}, map[string]string{
		"TELEGRAM_BOT_TOKEN": "123:secret",
		"DUBAN_DB":           "from-env.db",
		"DUBAN_TZ":           "Etc/GMT-8",
	})
	if got, want := c.DB, "from-flag.db"; got != want {
		t.Errorf("DB = %q, want the flag's %q", got, want)
	}
	if got, want := c.Zone.String(), "Etc/GMT-8"; got != want {
		t.Errorf("Zone = %q, want %q", got, want)
	}
	if got, want := c.APIURL, DefaultAPIURL; got != want {
		t.Errorf("APIURL = %q, want default %q", got, want)
	}
	if models.IsPostgresDSN(c.DB) {
		t.Error("a file path is not PostgreSQL")
	}
}

func TestLoadHTTP(t *testing.T) {
	c := mustLoad(t, []string{"-miniapp-name", "kanban"}, map[string]string{
		"TELEGRAM_BOT_TOKEN": "123:secret",
		"DUBAN_HTTP":         "127.0.0.1:8080",
		"DUBAN_PUBLIC_URL":   "https://duban.example.gov.cn/",
	})
	if c.HTTP != "127.0.0.1:8080" || c.PublicURL != "https://duban.example.gov.cn" || c.MiniAppName != "kanban" {
		t.Errorf("HTTP %q, PublicURL %q (trailing slash dropped), MiniAppName %q", c.HTTP, c.PublicURL, c.MiniAppName)
	}
	c, err := Load(nil, env(map[string]string{"TELEGRAM_BOT_TOKEN": "123:secret"}), io.Discard, true)
	if err != nil || c.HTTP != "" || c.PublicURL != "" {
		t.Errorf("defaults: %+v, %v; want the server off", c, err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		require bool
		want    string
	}{
		{"no token", nil, nil, true, "TELEGRAM_BOT_TOKEN is not set"},
		{"bad zone", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "DUBAN_TZ": "Mars/Olympus"}, nil, true, "IANA"},
		{"bad url", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_API_URL": "ftp://x"}, nil, true, "http(s)"},
		{"bad token shape", map[string]string{"TELEGRAM_BOT_TOKEN": "secretwithoutcolon"}, nil, true, "does not look like"},
		{"bad log", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "DUBAN_LOG": "loud"}, nil, true, "DUBAN_LOG"},
		{"stray arg", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x"}, []string{"oops"}, true, "unexpected argument"},
		{"bad http address", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "DUBAN_HTTP": "8080"}, nil, true, "DUBAN_HTTP"},
		{"public url without a server", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "DUBAN_PUBLIC_URL": "https://duban.example.gov.cn"}, nil, true, "DUBAN_HTTP is not"},
		{"public url not http", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "DUBAN_HTTP": ":8080", "DUBAN_PUBLIC_URL": "duban.example.gov.cn"}, nil, true, "DUBAN_PUBLIC_URL"},
		{"bad mini app name", map[string]string{"TELEGRAM_BOT_TOKEN": "1:x", "DUBAN_MINIAPP_NAME": "看板/app"}, nil, true, "DUBAN_MINIAPP_NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.args, env(tt.env), io.Discard, tt.require)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secretwithoutcolon") {
				t.Errorf("error leaks the token: %v", err)
			}
		})
	}
	if _, err := Load(nil, env(nil), io.Discard, true); !errors.Is(err, ErrNoToken) {
		t.Errorf("err = %v, want ErrNoToken", err)
	}
	if _, err := Load(nil, env(nil), io.Discard, false); err != nil {
		t.Errorf("console needs no token: %v", err)
	}
}

func TestStringRedactsSecrets(t *testing.T) {
	c := mustLoad(t, nil, map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:AAH-very-secret",
		"DUBAN_DB":           "postgres://duban:hunter2@127.0.0.1:5432/duban",
	})
	s := c.String()
	for _, secret := range []string{"AAH-very-secret", "hunter2"} {
		if strings.Contains(s, secret) {
			t.Errorf("String() leaks %q: %s", secret, s)
		}
	}
	if !models.IsPostgresDSN(c.DB) {
		t.Error("postgres:// DSN not recognised")
	}
}

func TestHelpDoesNotPrintTheToken(t *testing.T) {
	var out strings.Builder
	_, err := Load([]string{"-h"}, env(map[string]string{"TELEGRAM_BOT_TOKEN": "123456:AAH-very-secret"}), &out, true)
	if err == nil {
		t.Fatal("-h should return flag.ErrHelp")
	}
	if strings.Contains(out.String(), "AAH-very-secret") {
		t.Errorf("-h output shows the token:\n%s", out.String())
	}
}
