package miniapp

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/models"
)

// Prefix is where the Mini App is mounted on duban's HTTP server; the Web App
// URL registered with @BotFather is DUBAN_PUBLIC_URL + Prefix.
const Prefix = "/app/"

// InitDataHeader carries the init data on every API call.
const InitDataHeader = "X-Telegram-Init-Data"

// Store is what the dashboard reads: exactly the methods of *models.Store it
// calls.
type Store interface {
	ChatByDashboardToken(ctx context.Context, token string) (*models.Chat, error)
	ChatByID(ctx context.Context, id uint) (*models.Chat, error)
	UserByTelegramID(ctx context.Context, id int64) (*models.User, error)
	UserByID(ctx context.Context, id uint) (*models.User, error)
	IsNamedLeader(ctx context.Context, chatID, userID uint) (bool, error)
	GroupsOfUser(ctx context.Context, userID uint) ([]models.Chat, error)
	TaskSheet(ctx context.Context, q models.SheetQuery) (*models.TaskSheet, error)
	DashboardCounts(ctx context.Context, chatID uint, week, month models.Period) (*models.DashboardCounts, error)
	UnitLoads(ctx context.Context, chatID uint) ([]models.UnitLoad, error)
	TaskUnits(ctx context.Context, chatID uint) ([]string, error)
	TaskPeople(ctx context.Context, chatID uint) ([]models.User, error)
	Lists(ctx context.Context, chatID uint) ([]models.ListSummary, error)
	TaskByNumber(ctx context.Context, chatID uint, number int) (*models.Task, error)
	TaskHistory(ctx context.Context, taskID uint) (*models.History, error)
	TasksOf(ctx context.Context, userID, chatID uint) ([]models.ChatTasks, error)
	Ranking(ctx context.Context, q models.RankingQuery) ([]models.RankEntry, error)
	OnTimeTrend(ctx context.Context, chatID uint, periods []models.Period, rules *models.RankRules) ([]models.TrendPoint, error)
}

var _ Store = (*models.Store)(nil)

// Telegram is what the dashboard asks Telegram: whether a user belongs to a
// group. The bot implements it with its own client; an error wrapping the
// go-telegram client's ErrorForbidden means the bot is no longer in the
// group.
type Telegram interface {
	ChatMember(ctx context.Context, chatID, userID int64) (*tgmodels.ChatMember, error)
}

// LedgerFunc returns the group's .xlsx ledger as /export sends it without
// arguments: its file name and bytes.
type LedgerFunc func(ctx context.Context, chat *models.Chat) (name string, file []byte, err error)

// Config is what [New] needs.
type Config struct {
	Token    string // the bot token: the key of init data signatures; never logged
	Store    Store
	Telegram Telegram
	Ledger   LedgerFunc
	Clock    clock.Clock
	Logger   *slog.Logger
	// MemberTTL is how long Telegram's word on a membership is trusted
	// (default 3 minutes).
	MemberTTL time.Duration
	// MaxAge refuses init data signed longer ago (default 24 hours).
	MaxAge time.Duration
}

// Handler serves the Mini App: the page under Prefix and its API.
type Handler struct {
	cfg     Config
	members *memberCache
	mux     *http.ServeMux
}

// New returns the Mini App's handler, to be mounted at [Prefix].
func New(cfg Config) *Handler {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MemberTTL <= 0 {
		cfg.MemberTTL = 3 * time.Minute
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 24 * time.Hour
	}
	h := &Handler{cfg: cfg, members: newMemberCache(cfg.MemberTTL, cfg.Clock), mux: http.NewServeMux()}
	h.mux.Handle("GET "+Prefix+"api/group", h.api(h.groupView))
	h.mux.Handle("GET "+Prefix+"api/charts", h.api(h.chartsView))
	h.mux.Handle("GET "+Prefix+"api/task", h.api(h.taskView))
	h.mux.Handle("GET "+Prefix+"api/me", h.api(h.personalView))
	h.mux.Handle("GET "+Prefix+"api/groups", h.api(h.groupsView))
	h.mux.Handle("POST "+Prefix+"api/ledger-link", h.api(h.ledgerLink))
	h.mux.HandleFunc("GET "+Prefix+"api/ledger.xlsx", h.ledgerFile)
	h.mux.Handle(Prefix+"api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, &apiError{http.StatusNotFound, "not_found", "没有这个接口。"})
	}))
	h.mux.Handle(Prefix, assets())
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// apiError is a refusal or failure told to the page: an HTTP status, a
// code the page can act on, and a message in Chinese that says why.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code }

// The refusals.
var (
	errNoInitData = &apiError{http.StatusUnauthorized, "no_init_data",
		"请在 Telegram 中打开看板：没有收到 Telegram 的登录信息。"}
	errBadInitData = &apiError{http.StatusUnauthorized, "bad_init_data",
		"登录信息校验未通过（签名不符或内容被改动），请从 Telegram 重新打开看板。"}
	errExpired = &apiError{http.StatusUnauthorized, "expired",
		"登录信息已超过24小时，请从 Telegram 重新打开看板。"}
	errNoGroup = &apiError{http.StatusBadRequest, "no_group",
		"这个链接没有指定工作群。请在工作群里发送 /dashboard 获取本群看板的链接。"}
	errBadLink = &apiError{http.StatusForbidden, "bad_link",
		"看板链接无效或已被领导重置，请在工作群里重新发送 /dashboard 获取新链接。"}
	errNotMember = &apiError{http.StatusForbidden, "not_member",
		"您不是这个工作群的成员，不能查看本群看板。"}
	errNotLeader = &apiError{http.StatusForbidden, "not_leader",
		"只有本群领导可以查看或导出这一项。"}
	errBotRemoved = &apiError{http.StatusForbidden, "bot_removed",
		"督办机器人已不在这个工作群中，看板已停用。"}
	errTelegram = &apiError{http.StatusBadGateway, "telegram_unavailable",
		"暂时无法向 Telegram 核实您的身份，请稍后再试。"}
	errNoTask    = &apiError{http.StatusNotFound, "no_task", "本群没有这个任务。"}
	errBadTicket = &apiError{http.StatusForbidden, "bad_ticket",
		"下载链接无效或已过期，请回到看板重新点「下载台账」。"}
	errInternal = &apiError{http.StatusInternalServerError, "internal", "出了点问题，请稍后再试。"}
)

// api wraps a handler of the API: it authenticates the request, runs fn
// and writes its answer as JSON, or the refusal.
func (h *Handler) api(fn func(ctx context.Context, v *viewer, r *http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := h.authenticate(r)
		if err == nil {
			var out any
			if out, err = fn(r.Context(), v, r); err == nil {
				writeJSON(w, r, http.StatusOK, out)
				return
			}
		}
		var ae *apiError
		if !errors.As(err, &ae) {
			h.cfg.Logger.Error("dashboard", slog.String("path", r.URL.Path), slog.String("err", err.Error()))
			ae = errInternal
		} else if v != nil {
			h.cfg.Logger.Info("dashboard refused", slog.String("path", r.URL.Path),
				slog.Int64("user", v.data.User.ID), slog.String("reason", ae.Code))
		}
		writeError(w, r, ae)
	})
}

// viewer is the person behind a request whose init data checked out.
type viewer struct {
	data *InitData
	user *models.User // nil when the bot has never seen them
}

// authenticate checks the request's init data.
func (h *Handler) authenticate(r *http.Request) (*viewer, error) {
	d, err := ParseInitData(r.Header.Get(InitDataHeader), h.cfg.Token, h.cfg.Clock.Now(), h.cfg.MaxAge)
	switch {
	case errors.Is(err, ErrNoInitData):
		return nil, errNoInitData
	case errors.Is(err, ErrExpired):
		return nil, errExpired
	case err != nil:
		return nil, errBadInitData
	}
	v := &viewer{data: d}
	u, err := h.cfg.Store.UserByTelegramID(r.Context(), d.User.ID)
	switch {
	case err == nil:
		v.user = u
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	}
	return v, nil
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal","message":"出了点问题，请稍后再试。"}`)
	}
	writeBody(w, r, status, body)
}

func writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	writeJSON(w, r, e.Status, e)
}

// acceptsGzip reports whether the client takes a gzip-compressed answer.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if name, _, _ := strings.Cut(strings.TrimSpace(part), ";"); name == "gzip" {
			return true
		}
	}
	return false
}
