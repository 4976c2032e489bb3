package tgfake

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

const (
	groupID     int64 = -1001234567890
	kickedID    int64 = -200
	basicID     int64 = -300
	zhang       int64 = 11 // has a username, started the bot
	li          int64 = 12 // no username, never started the bot
	wang        int64 = 13 // started then blocked the bot
	unknownChat int64 = 999
)

// testCtx returns a context that bounds every wait of a test: a hang
// detector, generous for a loaded machine under the race detector.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// newFake starts a fake with a small cast of users and groups.
func newFake(t *testing.T, opts ...Option) *Server {
	t.Helper()
	f := New(opts...)
	t.Cleanup(f.Close)
	f.AddUser(User{ID: zhang, FirstName: "张三", Username: "zhangsan", LanguageCode: "zh-hans"})
	f.AddUser(User{ID: li, FirstName: "李四"})
	f.AddUser(User{ID: wang, FirstName: "王", LastName: "五"})
	f.AddGroup(Group{ID: groupID, Title: "办公室", Members: []int64{zhang, li, wang}, Admins: []int64{zhang}, Creator: zhang})
	f.AddGroup(Group{ID: kickedID, Title: "旧群", Members: []int64{zhang}})
	f.AddGroup(Group{ID: basicID, Title: "基础群", Type: "group", Members: []int64{li}, Admins: []int64{wang}, Creator: zhang})
	f.Kick(kickedID)
	f.StartBot(zhang)
	f.StartBot(wang)
	f.Block(wang)
	return f
}

// newClient returns a go-telegram/bot client for the fake that does not
// poll (for calling methods directly).
func newClient(t *testing.T, f *Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(f.URL()),
		bot.WithSkipGetMe(),
		bot.WithErrorsHandler(func(error) {}),
	}, opts...)
	b, err := bot.New(f.Token(), opts...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// startBot runs a polling bot against the fake whose handler forwards
// every update to the returned channel and then calls h (if not nil).
// Handlers run one at a time, in update order (bot.WithNotAsyncHandlers):
// by default go-telegram/bot runs each update's handler in its own
// goroutine, so their order is not preserved and Start does not wait for
// them.
func startBot(t *testing.T, f *Server, h bot.HandlerFunc, opts ...bot.Option) (*bot.Bot, <-chan *models.Update) {
	t.Helper()
	updates := make(chan *models.Update, 100)
	opts = append([]bot.Option{
		bot.WithServerURL(f.URL()),
		bot.WithErrorsHandler(func(error) {}),
		bot.WithNotAsyncHandlers(),
		bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
			updates <- u
			if h != nil {
				h(ctx, b, u)
			}
		}),
	}, opts...)
	b, err := bot.New(f.Token(), opts...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		b.Start(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return b, updates
}

// next returns the next update from the bot's handler.
func next(t *testing.T, ctx context.Context, ch <-chan *models.Update) *models.Update {
	t.Helper()
	select {
	case u := <-ch:
		return u
	case <-ctx.Done():
		t.Fatalf("no update: %v", ctx.Err())
		return nil
	}
}

// wantAPIError checks that err is a Bad Request/Forbidden... error whose
// text contains desc.
func wantAPIError(t *testing.T, err error, kind error, desc string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected error %q, got nil", desc)
	}
	if kind != nil && !errors.Is(err, kind) {
		t.Fatalf("error %v is not %v", err, kind)
	}
	if !strings.Contains(err.Error(), desc) {
		t.Fatalf("error %q does not contain %q", err.Error(), desc)
	}
}

func keyboard(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func cb(text, data string) models.InlineKeyboardButton {
	return models.InlineKeyboardButton{Text: text, CallbackData: data}
}
