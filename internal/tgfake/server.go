package tgfake

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Default identity of the fake bot and its accepted token.
const (
	DefaultToken          = "TEST:TOKEN"
	DefaultBotID    int64 = 1000
	DefaultBotName        = "duban_bot"
	DefaultBotFirst       = "督办"
)

// Server is a fake Telegram Bot API server. Create it with New, point the
// bot at URL() and Token(), and drive it with the user-side methods
// (SendText, Press, ...). All methods are safe for concurrent use.
type Server struct {
	cfg config
	url string
	ln  net.Listener
	srv *http.Server

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	done     chan struct{} // closed by Close
	closed   bool
	users    map[int64]*userState
	chats    map[int64]*chatState
	queue    []queuedUpdate            // not yet confirmed by getUpdates offset
	history  map[int64]json.RawMessage // every update queued, for Redeliver
	lastUpd  int64                     // last update_id assigned
	lastDlv  int64                     // highest update_id returned by getUpdates
	pollGen  int64
	inflight int
	lastAct  time.Time // wall clock of the last activity, for WaitIdle

	sent       []Sent
	rejected   []Call
	answers    []CallbackAnswer
	callbacks  map[string]*callbackState
	lastCB     int64
	cmdCalls   []CommandsCall
	myCommands map[string][]models.BotCommand
	menu       *MenuButton
	files      map[string]upload
	filePaths  map[string]string // getFile's file_path → file_id
	downloads  int
	lastFile   int64
	faults     []*faultRule
	hanging    int // requests held by a Hang fault
	rl         rateLimiter
	stats      Stats
	wh         webhookState

	hookMu sync.Mutex // serialises OnSent delivery
	hooks  []*sentHook
}

type config struct {
	faults     []*faultRule // injected before the server starts
	firstUpd   int64
	token      string
	bot        models.User
	now        func() time.Time
	rateLimits bool
	privacy    bool
	addr       string
}

// Option configures New.
type Option func(*config)

// WithFault injects a fault as FailNext does, from the start: for calls a
// bot makes as soon as it starts (getMe, setMyCommands).
func WithFault(method string, chatID int64, f Fault) Option {
	return func(c *config) {
		c.faults = append(c.faults, &faultRule{method: strings.ToLower(method), chatID: chatID, left: max(f.Times, 1), fault: f})
	}
}

// WithFirstUpdateID sets the update_id of the first update (default: a
// random number, as Telegram starts each bot's sequence at one: two fakes
// met by one database do not repeat each other's ids).
func WithFirstUpdateID(id int64) Option { return func(c *config) { c.firstUpd = id } }

// WithToken sets the token the fake accepts (default "TEST:TOKEN").
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithBotUser sets the bot's identity (default id 1000, "duban_bot", "督办").
func WithBotUser(id int64, username, firstName string) Option {
	return func(c *config) {
		c.bot.ID, c.bot.Username, c.bot.FirstName = id, username, firstName
	}
}

// WithClock sets the clock used for message dates, Sent.At and rate limits
// (default time.Now). Waiting helpers always use the real clock.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRateLimits enables Telegram's flood limits: at most 1 message per
// second in a private chat, 20 per minute and 3 per second in a group, and
// 30 per second in total (rolling windows). Exceeding them answers 429 with the retry_after
// that would make the call succeed. Counted are accepted sendMessage,
// sendPhoto and sendDocument calls (edits and chat actions are not). now is
// the clock to use (nil for time.Now); a test controls time by passing a
// fake clock. Every such 429 is counted in Stats().RateLimited.
func WithRateLimits(now func() time.Time) Option {
	return func(c *config) {
		c.rateLimits = true
		if now != nil {
			c.now = now
		}
	}
}

// WithPrivacyMode emulates BotFather's privacy mode (on for new bots): in
// groups where the bot is not an admin, only commands (not addressed to
// another bot), replies to the bot's messages and service messages are
// delivered to the bot. Off by default.
func WithPrivacyMode() Option { return func(c *config) { c.privacy = true } }

// WithListenAddr sets the listen address (default "127.0.0.1:0").
func WithListenAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// New starts a fake Bot API server on 127.0.0.1 with a random port. It
// panics if it cannot listen. Close it when done.
func New(opts ...Option) *Server {
	cfg := config{
		token: DefaultToken,
		bot:   models.User{ID: DefaultBotID, Username: DefaultBotName, FirstName: DefaultBotFirst},
		now:   time.Now,
		addr:  "127.0.0.1:0",
	}
	for _, o := range opts {
		o(&cfg)
	}
	cfg.bot.IsBot = true
	if cfg.firstUpd <= 0 {
		cfg.firstUpd = 1_000_000 + rand.Int64N(900_000_000)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		panic("tgfake: listen: " + err.Error())
	}
	s := &Server{
		cfg:        cfg,
		url:        "http://" + ln.Addr().String(),
		ln:         ln,
		changed:    make(chan struct{}),
		done:       make(chan struct{}),
		users:      map[int64]*userState{},
		chats:      map[int64]*chatState{},
		callbacks:  map[string]*callbackState{},
		myCommands: map[string][]models.BotCommand{},
		files:      map[string]upload{},
		filePaths:  map[string]string{},
		lastAct:    time.Now(),
		faults:     cfg.faults,
		lastUpd:    cfg.firstUpd - 1,
		lastDlv:    cfg.firstUpd - 1,
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s
}

// URL is the base URL to give to bot.WithServerURL.
func (s *Server) URL() string { return s.url }

// Token is the bot token the fake accepts.
func (s *Server) Token() string { return s.cfg.token }

// Bot returns the fake bot's user object, as getMe answers it.
func (s *Server) Bot() models.User { return s.botUser() }

func (s *Server) botUser() models.User {
	u := s.cfg.bot
	u.CanJoinGroups = true
	u.CanReadAllGroupMessages = !s.cfg.privacy
	return u
}

// Close stops the server, ends pending long polls and waits.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.stopWebhookLocked()
	close(s.done)
	s.notifyLocked()
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
}

func (s *Server) now() time.Time { return s.cfg.now() }

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// touchLocked records activity (for WaitIdle) and wakes waiters.
func (s *Server) touchLocked() {
	s.lastAct = time.Now()
	s.notifyLocked()
}

type handlerFunc func(s *Server, r *http.Request, p *params) (any, *apiError)

type methodInfo struct {
	name string // canonical spelling
	fn   handlerFunc
}

var methods map[string]methodInfo

func init() {
	m := map[string]handlerFunc{
		"getMe":                  hGetMe,
		"logOut":                 hTrue,
		"close":                  hTrue,
		"setWebhook":             hSetWebhook,
		"deleteWebhook":          hDeleteWebhook,
		"getWebhookInfo":         hGetWebhookInfo,
		"setMyCommands":          hSetMyCommands,
		"deleteMyCommands":       hDeleteMyCommands,
		"getMyCommands":          hGetMyCommands,
		"sendMessage":            hSendMessage,
		"editMessageText":        hEditMessageText,
		"editMessageReplyMarkup": hEditMessageReplyMarkup,
		"deleteMessage":          hDeleteMessage,
		"answerCallbackQuery":    hAnswerCallbackQuery,
		"getChat":                hGetChat,
		"getChatAdministrators":  hGetChatAdministrators,
		"getChatMember":          hGetChatMember,
		"setChatMenuButton":      hSetChatMenuButton,
		"getChatMemberCount":     hGetChatMemberCount,
		"sendChatAction":         hSendChatAction,
		"sendPhoto":              hSendPhoto,
		"sendDocument":           hSendDocument,
		"getFile":                hGetFile,
	}
	methods = make(map[string]methodInfo, len(m))
	for name, fn := range m {
		methods[strings.ToLower(name)] = methodInfo{name: name, fn: fn}
	}
}

// ServeHTTP implements the Bot API endpoint /bot<TOKEN>/<method>, and file
// downloads from /file/bot<TOKEN>/<file_path>.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	token, method, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	if token != s.cfg.token {
		e := &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"}
		s.rejectCall(method, 0, e)
		writeError(w, e)
		return
	}
	mi, known := methods[strings.ToLower(method)]
	if mi.name == "" {
		mi.name = method
	}
	p, err := parseParams(r)
	if err != nil {
		e := badRequest(err.Error())
		s.rejectCall(mi.name, 0, e)
		writeError(w, e)
		return
	}
	if !known && !strings.EqualFold(method, "getUpdates") {
		e := &apiError{Code: http.StatusNotFound, Description: "Not Found"}
		s.rejectCall(method, p.chatIDHint(), e)
		writeError(w, e)
		return
	}
	if strings.EqualFold(method, "getUpdates") {
		s.serveGetUpdates(w, r, p)
		return
	}

	chatID := p.chatIDHint()
	s.mu.Lock()
	s.stats.Requests++
	s.inflight++
	s.touchLocked()
	fault := s.takeFaultLocked(mi.name, chatID)
	s.mu.Unlock()

	if fault != nil && s.serveFault(w, r, mi.name, chatID, fault) {
		s.endCall()
		return
	}
	result, aerr := mi.fn(s, r, p)
	if aerr != nil {
		s.rejectCall(mi.name, chatID, aerr)
	}
	s.dispatchHooks()
	s.endCall()

	switch {
	case aerr != nil:
		writeError(w, aerr)
	case fault != nil: // Malformed: done, but the answer cannot be read
		writeMalformed(w)
	default:
		writeResult(w, result)
	}
}

// endCall records the end of a call counted in inflight.
func (s *Server) endCall() {
	s.mu.Lock()
	s.inflight--
	s.touchLocked()
	s.mu.Unlock()
}

func splitPath(path string) (token, method string, ok bool) {
	rest, found := strings.CutPrefix(path, "/bot")
	if !found {
		return "", "", false
	}
	token, method, found = strings.Cut(rest, "/")
	if !found || token == "" {
		return "", "", false
	}
	method = strings.TrimPrefix(method, "test/")
	if method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return token, method, true
}

func (s *Server) rejectCall(method string, chatID int64, e *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected = append(s.rejected, Call{
		Method:      method,
		ChatID:      chatID,
		Code:        e.Code,
		Description: e.Description,
		RetryAfter:  e.RetryAfter,
		MigrateTo:   e.MigrateTo,
		At:          s.now(),
	})
	s.stats.Rejected++
	s.notifyLocked()
}

type okResponse struct {
	OK     bool `json:"ok"`
	Result any  `json:"result"`
}

type errResponse struct {
	OK          bool       `json:"ok"`
	ErrorCode   int        `json:"error_code"`
	Description string     `json:"description"`
	Parameters  *errParams `json:"parameters,omitempty"`
}

type errParams struct {
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	RetryAfter      int   `json:"retry_after,omitempty"`
}

func writeResult(w http.ResponseWriter, result any) {
	body, err := json.Marshal(okResponse{OK: true, Result: result})
	if err != nil {
		writeError(w, &apiError{Code: http.StatusInternalServerError, Description: "Internal Server Error: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	resp := errResponse{ErrorCode: e.Code, Description: e.Description}
	if e.MigrateTo != 0 || e.RetryAfter != 0 {
		resp.Parameters = &errParams{MigrateToChatID: e.MigrateTo, RetryAfter: e.RetryAfter}
	}
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Code)
	_, _ = w.Write(body)
}

// errClosed is returned by waiting helpers after Close.
var errClosed = errors.New("tgfake: server closed")
