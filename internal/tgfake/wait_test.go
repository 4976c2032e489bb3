package tgfake

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// TestWaitHelpers drives an asynchronous bot that answers each message
// with two messages and an edit.
func TestWaitHelpers(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	f.DiscardPending()

	var (
		mu     sync.Mutex
		hooked []string
	)
	cancelHook := f.OnSent(func(s Sent) {
		mu.Lock()
		hooked = append(hooked, s.Method+":"+s.PlainText)
		mu.Unlock()
	})

	startBot(t, f, func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if u.Message == nil {
			return
		}
		chat := u.Message.Chat.ID
		m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "处理中"})
		if err != nil {
			return
		}
		_, _ = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chat, MessageID: m.ID, Text: "已处理：" + u.Message.Text})
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "完成"})
	})

	mark := f.Mark()
	f.SendText(groupID, zhang, "报送")
	got, err := f.WaitSentAfter(ctx, mark, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].PlainText != "处理中" || got[1].Method != "editMessageText" || got[1].PlainText != "已处理：报送" || got[2].PlainText != "完成" {
		t.Fatalf("sent %+v", got)
	}
	if got[0].Seq != mark || got[2].Seq != mark+2 {
		t.Fatalf("seq %d %d", got[0].Seq, got[2].Seq)
	}
	if m, ok := f.Message(groupID, got[0].MessageID); !ok || m.Text != "已处理：报送" {
		t.Fatalf("stored %+v", m)
	}
	if m, ok := f.LastBotMessage(groupID); !ok || m.Text != "完成" {
		t.Fatalf("last bot message %+v", m)
	}

	// WaitFor finds already sent records; WaitForAfter only later ones.
	s, err := f.WaitFor(ctx, func(s Sent) bool { return s.PlainText == "完成" })
	if err != nil || s.Seq != mark+2 {
		t.Fatalf("WaitFor = %+v, %v", s, err)
	}
	f.SendText(groupID, li, "再报")
	s2, err := f.WaitForAfter(ctx, s.Seq+1, func(s Sent) bool { return s.PlainText == "完成" })
	if err != nil || s2.Seq <= s.Seq {
		t.Fatalf("WaitForAfter = %+v, %v", s2, err)
	}

	if err := f.WaitIdle(ctx, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Sent()); n != mark+6 {
		t.Fatalf("%d records", n)
	}
	mu.Lock()
	want := "sendMessage:处理中|editMessageText:已处理：报送|sendMessage:完成|sendMessage:处理中|editMessageText:已处理：再报|sendMessage:完成"
	if got := strings.Join(hooked, "|"); got != want {
		t.Errorf("hook saw %s", got)
	}
	mu.Unlock()
	cancelHook()

	// Timeouts report what was sent.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = f.WaitSentAfter(short, f.Mark(), 1)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "nothing") {
		t.Fatalf("err %v", err)
	}
}

func TestWaitIdleNeedsDelivery(t *testing.T) {
	ctx := testCtx(t)
	f := newFake(t)
	// Nobody polls: the queued updates are never delivered.
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if err := f.WaitIdle(short, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	f.DiscardPending()
	if err := f.WaitIdle(ctx, 0); err != nil {
		t.Fatal(err)
	}
	id := f.Press(groupID, 1, zhang, "x")
	short2, cancel2 := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel2()
	if _, err := f.WaitCallbackAnswer(short2, id); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
}

func TestCloseEndsWaits(t *testing.T) {
	ctx := testCtx(t)
	f := New()
	errc := make(chan error, 1)
	go func() {
		_, err := f.WaitSentAfter(ctx, 0, 1)
		errc <- err
	}()
	f.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, errClosed) {
			t.Fatalf("err %v", err)
		}
	case <-ctx.Done():
		t.Fatal("wait not ended by Close")
	}
	f.Close() // idempotent
}
