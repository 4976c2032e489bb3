package bot_test

import "testing"

// Without DUBAN_PUBLIC_URL the dashboard is off, and /dashboard says so in
// groups and in private alike, and sets no menu button.
func TestDashboardNotEnabled(t *testing.T) {
	h := newHarness(t)
	for _, chat := range []int64{group, zhang} {
		if chat == zhang {
			h.fake.StartBot(zhang)
			h.settle()
		}
		ans := h.reply(chat, zhang, "/dashboard")
		mustContain(t, ans.PlainText, "看板尚未启用", "DUBAN_PUBLIC_URL")
		if ans.Markup != nil && len(ans.Markup.InlineKeyboard) > 0 {
			t.Errorf("a button without a dashboard: %+v", ans.Markup)
		}
	}
	if _, set := h.fake.MenuButton(); set {
		t.Error("the menu button was set without a dashboard")
	}
	mustContain(t, h.reply(group, zhang, "看板").PlainText, "看板尚未启用")
}
