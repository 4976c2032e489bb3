package miniapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/models"
)

// ticketTTL is how long a ledger download link works.
const ticketTTL = 5 * time.Minute

// A download cannot carry a header (Telegram's downloadFile and a plain
// link only take a URL), so a leader first asks for a link: a ticket naming
// the group and an expiry, signed with a key derived from the bot token. No
// cookie, and no init data in a URL that proxies would log.

type ledgerLinkPage struct {
	URL  string `json:"url"` // relative to the page
	Name string `json:"name"`
}

func (h *Handler) ledgerLink(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	a, err := h.groupOf(ctx, v, r)
	if err != nil {
		return nil, err
	}
	if !a.leader {
		return nil, errNotLeader
	}
	exp := h.cfg.Clock.Now().Add(ticketTTL).Unix()
	body := fmt.Sprintf("%d.%d.%d", a.chat.ID, v.data.User.ID, exp)
	return &ledgerLinkPage{URL: "api/ledger.xlsx?ticket=" + body + "." + h.ticketMAC(body), Name: "台账.xlsx"}, nil
}

func (h *Handler) ticketMAC(body string) string {
	key := hmac.New(sha256.New, []byte("DubanLedgerTicket"))
	key.Write([]byte(h.cfg.Token))
	mac := hmac.New(sha256.New, key.Sum(nil))
	mac.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// ticketChat checks a ticket and returns the group id it names.
func (h *Handler) ticketChat(ticket string) (uint, bool) {
	i := strings.LastIndexByte(ticket, '.')
	if i < 0 {
		return 0, false
	}
	body, sig := ticket[:i], ticket[i+1:]
	if !hmac.Equal([]byte(sig), []byte(h.ticketMAC(body))) {
		return 0, false
	}
	parts := strings.Split(body, ".")
	if len(parts) != 3 {
		return 0, false
	}
	id, err1 := strconv.ParseUint(parts[0], 10, 32)
	exp, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || h.cfg.Clock.Now().Unix() > exp {
		return 0, false
	}
	return uint(id), true
}

// ledgerFile sends the .xlsx ledger for a valid ticket: the very file
// /export sends.
func (h *Handler) ledgerFile(w http.ResponseWriter, r *http.Request) {
	id, ok := h.ticketChat(r.URL.Query().Get("ticket"))
	if !ok {
		writeError(w, r, errBadTicket)
		return
	}
	chat, err := h.cfg.Store.ChatByID(r.Context(), id)
	if errors.Is(err, models.ErrNotFound) {
		writeError(w, r, errBadTicket)
		return
	}
	if err == nil && chat.BlockedAt != nil {
		writeError(w, r, errBotRemoved)
		return
	}
	var name string
	var file []byte
	if err == nil {
		name, file, err = h.cfg.Ledger(r.Context(), chat)
	}
	if err != nil {
		h.cfg.Logger.Error("dashboard: ledger", slog.String("err", err.Error()))
		writeError(w, r, errInternal)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(len(file)))
	w.WriteHeader(http.StatusOK)
	w.Write(file)
}
