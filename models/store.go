package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store is duban's database. Its methods are safe for concurrent use.
type Store struct {
	db      *gorm.DB
	now     func() time.Time
	planner ReminderPlanner
	// planChanged signals the dispatcher after a commit that changed the
	// reminder plan (see [Store.PlanChanged]).
	planChanged chan struct{}
	// holidays caches each group's own days for the planner and the bot.
	holidays *holidayCache
}

// Options tune [Open].
type Options struct {
	// Now is the store's clock (default time.Now). Tests pass a fake.
	Now func() time.Time
	// Logger receives GORM's slow-query and error reports (default: none).
	Logger *slog.Logger
	// Planner decides the reminders of tasks and groups; without one the
	// store plans none.
	Planner ReminderPlanner
}

// Open connects to dsn — a SQLite file path, or a postgres:// DSN — and
// brings the schema up to date.
//
// SQLite opens in WAL mode with synchronous=NORMAL (a process crash loses no
// committed transaction; only a power cut may lose the last few), foreign
// keys on, a busy timeout, and one connection: SQLite allows one writer at a
// time, and a single connection turns "database is locked" into ordinary
// waiting in Go.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	var dialector gorm.Dialector
	sqliteDB := !IsPostgresDSN(dsn)
	if sqliteDB {
		conn := sql.OpenDB(&sqliteConnector{dsn: sqliteDSN(dsn), driver: &sqlite3.SQLiteDriver{}})
		dialector = sqlite.New(sqlite.Config{Conn: conn})
	} else {
		dialector = postgres.Open(dsn)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	gl := logger.Discard
	if opts.Logger != nil {
		gl = quietLogger{logger.NewSlogLogger(opts.Logger, logger.Config{
			SlowThreshold:             200 * time.Millisecond,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true, // never log user text or tokens
		})}
	}
	// No PrepareStmt: it compiles statements again in every transaction and
	// keeps them until the commit. Statements are cached per connection
	// instead, by pgx on PostgreSQL and by sqliteConnector on SQLite.
	db, err := gorm.Open(dialector, &gorm.Config{
		NowFunc:        func() time.Time { return now().UTC().Truncate(time.Second) },
		Logger:         gl,
		TranslateError: true,
	})
	if err != nil {
		if sqliteDB {
			err = explainSQLiteOpen(dsn, err)
		}
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if sqliteDB {
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(10)
	}
	s := &Store{db: db, now: now, planner: opts.Planner, planChanged: make(chan struct{}, 1), holidays: &holidayCache{}}
	if err := s.migrate(ctx); err != nil {
		sqlDB.Close()
		if sqliteDB {
			err = explainSQLiteOpen(dsn, err)
		}
		return nil, err
	}
	return s, nil
}

// IsPostgresDSN reports whether dsn names a PostgreSQL server.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func sqliteDSN(path string) string {
	if strings.HasPrefix(path, "file:") && strings.Contains(path, "?") {
		return path // the operator chose their own options
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	return path + sep + "_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate"
}

func (s *Store) migrate(ctx context.Context) error {
	return s.exclusively(ctx, func() error { return s.migrateNow(ctx) })
}

func (s *Store) migrateNow(ctx context.Context) error {
	err := s.db.WithContext(ctx).AutoMigrate(
		&Chat{}, &User{}, &Unit{}, &Membership{},
		&Task{}, &Assignee{}, &ProgressReport{}, &ExtensionRequest{},
		&AuditEvent{}, &Prompt{}, &Reminder{}, &TaskMessage{}, &PublishedRanking{}, &HolidayOverride{},
		&DashboardLink{}, &InboxUpdate{}, &OutgoingMessage{},
		&Problem{}, &ProblemExtension{}, // 问题清单
		&TaskList{}, &Node{}, // 清单 and 节点
		&Attachment{}, &PendingImport{}, // attach: files and imports (issue 14)
		&Series{}, // 周期任务
		&Contest{}, &ContestUnit{}, &ContestIndicator{}, &ContestTarget{}, &ContestReport{}, &ContestRound{}, &ContestRoundTask{},
		&LeaderTerm{}, // several instances: leader.go
	)
	if err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	if err := createIndexes(s.db.WithContext(ctx)); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	return fillLeadIDs(s.db.WithContext(ctx))
}

// fillLeadIDs copies each task's 主办 into tasks.lead_id where it is missing
// (databases from before the column existed). Only unclaimed tasks remain
// empty, so after the first run it touches nothing. Its WHERE repeats the
// condition of idx_task_lead_missing word for word, with the status as a
// literal, so that both databases read that small index rather than every
// task (a listed task has no lead to copy).
func fillLeadIDs(db *gorm.DB) error {
	err := db.Exec(`UPDATE tasks SET lead_id = (SELECT a.user_id FROM assignees a WHERE a.task_id = tasks.id AND a.role = ?)
		WHERE lead_id IS NULL AND status <> '`+string(StatusPosted)+`'
		AND EXISTS (SELECT 1 FROM assignees a WHERE a.task_id = tasks.id AND a.role = ?)`,
		RoleLead, RoleLead).Error
	if err != nil {
		return fmt.Errorf("fill task leads: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Now is the store's clock, in UTC to the second: the time it stamps on rows.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Second) }

// Change describes who makes a change and the update that carries it.
type Change struct {
	UpdateID int64 // 0 when the change does not come from an update
	ActorID  uint  // the user making the change; 0 for the bot itself
}

// write runs fn in one transaction (a savepoint when ctx carries a unit of
// work, which the change then joins). Replays of an update are kept out by
// the inbox (inbox.go), which marks an update handled in the same
// transaction as its change.
func (s *Store) write(ctx context.Context, c Change, fn func(tx *gorm.DB, now time.Time) error) error {
	now := s.Now()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error { return fn(tx, now) })
	if err == nil {
		markChanged(ctx)
	}
	return err
}

// notFound turns GORM's missing-row error into ErrNotFound.
// take reads the one row q finds into a new T. A missing row is ErrNotFound;
// errors are wrapped with what format and args say (formatted only then).
func take[T any](q *gorm.DB, format string, args ...any) (*T, error) {
	var v T
	if err := q.Take(&v).Error; err != nil {
		return nil, fmt.Errorf(format+": %w", append(args, notFound(err))...)
	}
	return &v, nil
}

// deleteOne deletes what q finds of model's table; finding nothing is
// ErrNotFound.
func deleteOne(q *gorm.DB, model any) error {
	res := q.Delete(model)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

// takeByID reads the row of type T with the id from q, or says
// "what <id>: ErrNotFound".
func takeByID[T any](q *gorm.DB, id uint, what string) (*T, error) {
	var row T
	if err := q.Take(&row, id).Error; err != nil {
		return nil, fmt.Errorf("%s %d: %w", what, id, notFound(err))
	}
	return &row, nil
}
