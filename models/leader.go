package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// Several duban processes may share one PostgreSQL database; exactly one of
// them leads at a time: it handles the inbox, sends, and runs the reminder
// dispatcher. The lead is a session-level advisory lock, held on a
// connection of its own for as long as the leader lives: PostgreSQL
// releases it the moment that session ends (the process killed, its
// connection dropped), and the next instance asking takes it. The lock
// connection asks the server to probe the client every second, so that a
// machine that vanished without closing its connection loses the lead in
// seconds rather than after the kernel's two hours.
//
// Each lead begins a term, a row of leader_terms whose epoch only grows.
// Before sending, the leader checks that its term is still the latest
// (CheckTerm): one that lost its session without noticing yet finds a
// newer term and stops, so that two instances never both send. On SQLite
// the database belongs to one process (the file lock of internal/app), so
// the lead is taken at once; terms are still recorded.

// ErrDeposed is returned when this process's term is no longer the latest,
// or the session holding the lead has ended.
var ErrDeposed = errors.New("another instance leads now")

// LeaderTerm is one term of leadership: who led from when.
type LeaderTerm struct {
	Epoch     uint      `gorm:"primaryKey"`
	Holder    string    `gorm:"size:200;not null"` // the instance's name (DUBAN_INSTANCE)
	StartedAt time.Time `gorm:"not null"`
}

// Advisory locks are per database, not per schema: each lock is keyed by
// its purpose and the schema's name, so that duban databases in different
// schemas of one PostgreSQL database (the tests do this) do not share a
// leader.
const (
	leaderLockClass  int32 = 0x64756261 // "duba"
	migrateLockClass int32 = 0x64756262
)

// Lead is the lead held by this process; Release gives it up.
type Lead struct {
	Epoch uint
	conn  *sql.Conn // the session holding the advisory lock (nil on SQLite)
}

// TryLead takes the lead for holder if no other process holds it, and
// begins a new term. It returns nil, nil when another process leads.
func (s *Store) TryLead(ctx context.Context, holder string) (*Lead, error) {
	if s.db.Dialector.Name() != "postgres" {
		term, err := s.beginTerm(ctx, holder)
		if err != nil {
			return nil, err
		}
		return &Lead{Epoch: term}, nil
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, fmt.Errorf("take the lead: %w", err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("take the lead: %w", err)
	}
	var got bool
	err = conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", leaderLockClass).Scan(&got)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("take the lead: %w", err)
	}
	if !got {
		conn.Close() // no lock is held on it: it may serve others
		return nil, nil
	}
	lead := &Lead{conn: conn}
	// Probe this client every second: a vanished machine's session (and
	// lock) ends within a few seconds. Ignored on a Unix socket.
	for _, set := range []string{"SET tcp_keepalives_idle = 1", "SET tcp_keepalives_interval = 1",
		"SET tcp_keepalives_count = 2", "SET tcp_user_timeout = 2000"} {
		if _, err := conn.ExecContext(ctx, set); err != nil {
			lead.Release()
			return nil, fmt.Errorf("take the lead: %w", err)
		}
	}
	if lead.Epoch, err = s.beginTerm(ctx, holder); err != nil {
		lead.Release()
		return nil, err
	}
	return lead, nil
}

// exclusively runs fn while no other process runs it on this database
// (PostgreSQL: an advisory lock held on a connection of its own), so that
// instances started together on a new database do not create its tables
// twice at once. SQLite has one process.
func (s *Store) exclusively(ctx context.Context, fn func() error) error {
	if s.db.Dialector.Name() != "postgres" {
		return fn()
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", migrateLockClass); err != nil {
		return fmt.Errorf("wait for other instances' migration: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", migrateLockClass)
	return fn()
}

// beginTerm records a new term and returns its epoch.
func (s *Store) beginTerm(ctx context.Context, holder string) (uint, error) {
	t := LeaderTerm{Holder: holder, StartedAt: s.Now()}
	if err := s.conn(ctx).Create(&t).Error; err != nil {
		return 0, fmt.Errorf("begin a term: %w", err)
	}
	return t.Epoch, nil
}

// Check reports whether the session holding the lead is still there
// (ErrDeposed if not).
func (l *Lead) Check(ctx context.Context) error {
	if l.conn == nil {
		return nil
	}
	if err := l.conn.PingContext(ctx); err != nil {
		return fmt.Errorf("%w: the session holding the lead ended: %w", ErrDeposed, err)
	}
	return nil
}

// Release gives the lead up (closing its session ends the lock).
func (l *Lead) Release() {
	if l.conn != nil {
		// Raw close: the session must end, not go back to the pool still
		// holding the lock.
		_ = l.conn.Raw(func(any) error { return driver.ErrBadConn })
		l.conn.Close()
	}
}

// CheckTerm returns ErrDeposed unless epoch is the latest term.
func (s *Store) CheckTerm(ctx context.Context, epoch uint) error {
	var latest uint
	if err := s.conn(ctx).Model(&LeaderTerm{}).Select("COALESCE(MAX(epoch), 0)").Scan(&latest).Error; err != nil {
		return fmt.Errorf("check the term: %w", err)
	}
	if latest != epoch {
		return fmt.Errorf("%w (term %d, this instance's %d)", ErrDeposed, latest, epoch)
	}
	return nil
}

// LeaderTerms lists the terms, oldest first (for operators and tests).
func (s *Store) LeaderTerms(ctx context.Context) ([]LeaderTerm, error) {
	var ts []LeaderTerm
	if err := s.conn(ctx).Order("epoch").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("leader terms: %w", err)
	}
	return ts, nil
}

// ForgetCaches drops what the store keeps in memory between calls (groups'
// holiday days): an instance that takes the lead over must read what the
// previous leader changed.
func (s *Store) ForgetCaches() { s.forgetHolidays() }

// QueueLengths counts the messages waiting to be sent and the updates
// waiting to be handled (for the metrics).
func (s *Store) QueueLengths(ctx context.Context) (outgoing, inbox int64, err error) {
	if err := s.conn(ctx).Model(&OutgoingMessage{}).Where("done_at IS NULL").Count(&outgoing).Error; err != nil {
		return 0, 0, fmt.Errorf("count waiting messages: %w", err)
	}
	if err := s.conn(ctx).Model(&InboxUpdate{}).Where("handled_at IS NULL").Count(&inbox).Error; err != nil {
		return 0, 0, fmt.Errorf("count waiting updates: %w", err)
	}
	return outgoing, inbox, nil
}
