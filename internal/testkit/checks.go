package testkit

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/tgfake"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Golden compares text with testdata/name.golden in the package's folder;
// `go test -update` rewrites the file instead.
func Golden(t testing.TB, name, text string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if string(want) != text {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, text, want)
	}
}

// MustContain fails the test (and goes on) unless text contains every want.
func MustContain(t testing.TB, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

// MustNotContain fails the test (and goes on) if text contains any of bad.
func MustNotContain(t testing.TB, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("unexpected %q in:\n%s", w, text)
		}
	}
}

// Dump shows what the bot sent, for failure messages.
func Dump(sent []tgfake.Sent) string {
	var b strings.Builder
	for _, s := range sent {
		fmt.Fprintf(&b, "--- %s to %d at %s\n%s\n", s.Method, s.ChatID, Show(s.At), s.PlainText)
	}
	return b.String()
}

// Keep keeps what the bot sent that matches, in order.
func Keep(sent []tgfake.Sent, match func(tgfake.Sent) bool) []tgfake.Sent {
	var out []tgfake.Sent
	for _, s := range sent {
		if match(s) {
			out = append(out, s)
		}
	}
	return out
}

// To keeps the text messages sent to one chat.
func To(sent []tgfake.Sent, chat int64) []tgfake.Sent {
	return Keep(sent, func(s tgfake.Sent) bool { return s.ChatID == chat && s.Method == "sendMessage" })
}

// Containing keeps the messages whose plain text contains s.
func Containing(sent []tgfake.Sent, s string) []tgfake.Sent {
	return Keep(sent, func(m tgfake.Sent) bool { return strings.Contains(m.PlainText, s) })
}

// HasUserLink reports whether a message mentions a user with a link to
// their account (tg://user?id=…), which notifies people without a username
// too.
func HasUserLink(s tgfake.Sent, id int64) bool {
	for _, e := range s.Entities {
		if e.Type == tgmodels.MessageEntityTypeTextMention && e.User != nil && e.User.ID == id {
			return true
		}
		if e.Type == tgmodels.MessageEntityTypeTextLink && e.URL == "tg://user?id="+strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}
