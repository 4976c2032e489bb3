package tgfake

import (
	"net/http"
	"strings"

	"github.com/go-telegram/bot/models"
)

// MenuButton is the private chats' menu button the bot set last
// (setChatMenuButton without chat_id).
type MenuButton struct {
	Type string // "commands", "web_app" or "default"
	Text string
	URL  string // the web app's URL, for "web_app"
}

// MenuButton returns the default menu button, and false while the bot has
// set none.
func (s *Server) MenuButton() (MenuButton, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.menu == nil {
		return MenuButton{}, false
	}
	return *s.menu, true
}

// webAppURLOK is Telegram's rule for web_app buttons: only https pages.
func webAppURLOK(u string) bool { return strings.HasPrefix(strings.ToLower(u), "https://") }

func hSetChatMenuButton(s *Server, _ *http.Request, p *params) (any, *apiError) {
	var raw struct {
		Type   string `json:"type"`
		Text   string `json:"text"`
		WebApp struct {
			URL string `json:"url"`
		} `json:"web_app"`
	}
	present, err := p.json("menu_button", &raw)
	if err != nil {
		return nil, badRequest("can't parse menu button JSON object")
	}
	if !present {
		raw.Type = "default"
	}
	b := MenuButton{Type: raw.Type, Text: raw.Text, URL: raw.WebApp.URL}
	switch b.Type {
	case "commands", "default":
	case "web_app":
		if b.Text == "" {
			return nil, badRequest("menu button text is empty")
		}
		if !webAppURLOK(b.URL) {
			return nil, badRequest(descWebAppURL)
		}
	default:
		return nil, badRequest("unsupported menu button type")
	}
	if p.str("chat_id") != "" {
		return true, nil // per-chat buttons are not recorded
	}
	s.mu.Lock()
	s.menu = &b
	s.mu.Unlock()
	return true, nil
}

// Restrict makes a group member restricted (or lifts it with lift), as
// Telegram reports them in getChatMember: status "restricted" with
// is_member telling whether they are still in the group.
func (s *Server) Restrict(chatID, userID int64, isMember, lift bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.groupLocked("Restrict", chatID)
	if lift {
		delete(c.restricted, userID)
		return
	}
	if c.restricted == nil {
		c.restricted = map[int64]bool{}
	}
	s.userLocked(userID)
	c.restricted[userID] = isMember
	c.members[userID] = isMember
}

func restrictedMember(u *models.User, isMember bool) models.ChatMember {
	return models.ChatMember{Type: models.ChatMemberTypeRestricted, Restricted: &models.ChatMemberRestricted{
		Status: models.ChatMemberTypeRestricted, User: u, IsMember: isMember}}
}

func hasKey(m map[int64]bool, k int64) bool {
	_, ok := m[k]
	return ok
}
