package tgfake

import "testing"

func TestRedeliver(t *testing.T) {
	f := newFake(t)
	_, updates := startBot(t, f, nil)
	ctx := testCtx(t)
	f.DiscardPending()
	f.SendText(groupID, zhang, "第一条")
	first := next(t, ctx, updates)
	f.SendText(groupID, zhang, "第二条")
	second := next(t, ctx, updates)

	f.Redeliver(first.ID)
	again := next(t, ctx, updates)
	if again.ID != first.ID || again.Message == nil || again.Message.Text != "第一条" {
		t.Fatalf("redelivered update = %+v, want id %d with 第一条", again, first.ID)
	}
	// Delivered once: what follows is new, and nothing comes twice.
	f.SendText(groupID, zhang, "第三条")
	third := next(t, ctx, updates)
	if third.ID != second.ID+1 || third.Message.Text != "第三条" {
		t.Fatalf("after the replay got update %d %q, want %d 第三条", third.ID, third.Message.Text, second.ID+1)
	}
	if got := f.LastUpdateID(); got != third.ID {
		t.Errorf("LastUpdateID = %d, want %d", got, third.ID)
	}
	defer func() {
		if recover() == nil {
			t.Error("Redeliver of an unknown update did not panic")
		}
	}()
	f.Redeliver(9999)
}
