package bot

import (
	"context"
	"time"

	"github.com/duban-bot/duban/models"
)

// Store is what the bot needs from the database: exactly the methods of
// *models.Store it calls.
type Store interface {
	Now() time.Time
	problemStore // 问题清单 (bot/problem.go)

	EnsureChat(ctx context.Context, info models.ChatInfo, defaultZone string) (*models.Chat, error)
	ChatByID(ctx context.Context, id uint) (*models.Chat, error)
	MigrateChat(ctx context.Context, oldID, newID int64) (*models.ChatMerge, error)

	SeenUser(ctx context.Context, info models.UserInfo) (*models.User, error)
	AnonymousAdmin(ctx context.Context) (*models.User, error)
	UserInChat(ctx context.Context, chatID, userID uint) (*models.User, error)
	UserByID(ctx context.Context, id uint) (*models.User, error)
	UserByTelegramID(ctx context.Context, id int64) (*models.User, error)
	UsernamePlaceholder(ctx context.Context, username string) (*models.User, bool, error)
	UserByUsername(ctx context.Context, username string) (*models.User, error)
	SetStartedBot(ctx context.Context, userID uint, started bool) error

	AddUnit(ctx context.Context, c models.Change, chatID uint, name string, members []uint) (*models.Unit, error)
	Units(ctx context.Context, chatID uint) ([]models.UnitWithMembers, error)
	UnitByName(ctx context.Context, chatID uint, name string) (*models.Unit, error)
	UnitByID(ctx context.Context, chatID, id uint) (*models.Unit, error)
	RemoveUnit(ctx context.Context, c models.Change, chatID uint, name string) error
	UnitOf(ctx context.Context, chatID, userID uint) (string, error)
	SetNamedLeader(ctx context.Context, c models.Change, chatID, userID uint, leader bool) error
	IsNamedLeader(ctx context.Context, chatID, userID uint) (bool, error)
	NamedLeaders(ctx context.Context, chatID uint) ([]models.User, error)

	CreateTask(ctx context.Context, c models.Change, n models.NewTask) (*models.Task, error)
	SetTaskMessage(ctx context.Context, taskID uint, messageID int) error
	TaskByID(ctx context.Context, id uint) (*models.Task, error)
	TaskByNumber(ctx context.Context, chatID uint, number int) (*models.Task, error)
	Acknowledge(ctx context.Context, c models.Change, taskID, userID uint) (bool, error)
	ReportProgress(ctx context.Context, c models.Change, taskID, userID uint, percent *int, text string) (*models.Task, error)
	Submit(ctx context.Context, c models.Change, taskID, userID uint, note string, needConfirm bool) (*models.Task, error)
	Confirm(ctx context.Context, c models.Change, taskID uint) (*models.Task, error)
	SendBack(ctx context.Context, c models.Change, taskID uint, reason string) (*models.Task, error)
	CancelTask(ctx context.Context, c models.Change, taskID uint, reason string) (*models.Task, error)
	ClaimTask(ctx context.Context, c models.Change, taskID, userID uint) (*models.Task, error)
	EditTask(ctx context.Context, c models.Change, taskID uint, e models.TaskEdit) (*models.Task, error)
	RequestExtension(ctx context.Context, c models.Change, taskID, userID uint, newDeadline time.Time, phrase, reason string) (*models.ExtensionRequest, error)
	ExtensionByID(ctx context.Context, id uint) (*models.ExtensionRequest, error)
	DecideExtension(ctx context.Context, c models.Change, requestID uint, approve bool) (*models.ExtensionRequest, *models.Task, error)
	TaskHistory(ctx context.Context, taskID uint) (*models.History, error)
	PendingTasks(ctx context.Context, chatID uint, f models.TaskFilter) (*models.TaskPage, error)
	TasksOf(ctx context.Context, userID, chatID uint) ([]models.ChatTasks, error)
	Ranking(ctx context.Context, q models.RankingQuery) ([]models.RankEntry, error)
	CompletedTasks(ctx context.Context, chatID uint, from, to time.Time) ([]models.Task, error)
	OnTimeTrend(ctx context.Context, chatID uint, periods []models.Period, rules *models.RankRules) ([]models.TrendPoint, error)
	Ledger(ctx context.Context, q models.LedgerQuery) (*models.LedgerData, error)

	DashboardToken(ctx context.Context, chatID uint) (string, error)
	ResetDashboardToken(ctx context.Context, c models.Change, chatID uint) (string, error)

	AddReminder(ctx context.Context, c models.Change, r models.Reminder) (*models.Reminder, error)
	UpdateSettings(ctx context.Context, c models.Change, chatID uint, zone string, set models.Settings) (*models.Chat, error)
	UnblockChat(ctx context.Context, chatID uint) error
	BlockChat(ctx context.Context, chatID uint, reason string) (bool, error)
	ChatByTelegramID(ctx context.Context, id int64) (*models.Chat, error)

	RememberTaskMessage(ctx context.Context, chatID int64, messageID int, taskID uint) error
	TaskOfMessage(ctx context.Context, chatID int64, messageID int) (*models.Task, error)
	TasksNumbered(ctx context.Context, userID uint, number int) ([]models.ChatTask, error)
	SavePublication(ctx context.Context, p models.Publication) error
	PublishedRankingOf(ctx context.Context, chatID uint, from, to time.Time, byUnit bool) (*models.Snapshot, error)
	FirstTaskAt(ctx context.Context, chatID uint) (time.Time, bool, error)
	HolidayDays(ctx context.Context, chatID uint) (models.HolidayDays, error)
	HolidayOverrides(ctx context.Context, chatID uint) ([]models.HolidayOverride, error)
	SetHolidayOverride(ctx context.Context, c models.Change, chatID uint, day string, off bool, note string) error
	RemoveHolidayOverride(ctx context.Context, c models.Change, chatID uint, day string) error

	SavePrompt(ctx context.Context, p *models.Prompt) error
	PromptFor(ctx context.Context, chatID uint, messageID int) (*models.Prompt, error)
	DeletePrompt(ctx context.Context, id uint) error

	pipelineStore // the inbox, units of work and the outgoing queue (inbox.go)
}

var _ Store = (*models.Store)(nil)
