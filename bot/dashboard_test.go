package bot_test

import (
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
)

// Without DUBAN_PUBLIC_URL the dashboard is off, and /dashboard says so in
// groups and in private alike, and sets no menu button.
func TestDashboardNotEnabled(t *testing.T) {
	h := e2e.Start(t, e2e.Options{})
	for _, chat := range []int64{group, zhang} {
		if chat == zhang {
			h.Fake.StartBot(zhang)
			h.Settle()
		}
		ans := h.Reply(chat, zhang, "/dashboard")
		testkit.MustContain(t, ans.PlainText, "看板尚未启用", "DUBAN_PUBLIC_URL")
		if ans.Markup != nil && len(ans.Markup.InlineKeyboard) > 0 {
			t.Errorf("a button without a dashboard: %+v", ans.Markup)
		}
	}
	if _, set := h.Fake.MenuButton(); set {
		t.Error("the menu button was set without a dashboard")
	}
	testkit.MustContain(t, h.Reply(group, zhang, "看板").PlainText, "看板尚未启用")
}
