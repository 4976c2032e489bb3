package models

import (
	"context"

	"gorm.io/gorm"
)

// A unit of work is one database transaction that every store call made
// with its context joins: the bot handles one update as one unit (its
// changes, the answers it queues and the update's "handled" mark commit
// together, or none of them does). Store methods that open a transaction of
// their own get a savepoint inside it instead.

type unitKey struct{}

// unit is a unit of work in progress.
type unit struct {
	store   *Store
	tx      *gorm.DB
	changed bool // a change to the group's records was stored (see write)
}

// conn is the database every store method works through: the transaction
// of the unit of work ctx carries, if it belongs to this store, else the
// connection pool. Nothing may go around it: SQLite has a single connection,
// which an open unit holds, so a query that did not join the unit would wait
// for it forever.
func (s *Store) conn(ctx context.Context) *gorm.DB {
	if u, ok := ctx.Value(unitKey{}).(*unit); ok && u.store == s {
		return u.tx.WithContext(ctx)
	}
	return s.db.WithContext(ctx)
}

// Unit runs fn as one unit of work: every store call made with the context
// fn is given joins one transaction, which commits when fn returns nil and
// rolls back otherwise. Called with a context that already carries a unit,
// fn simply joins it. Keep slow calls out of fn where possible: on SQLite an
// open unit holds the database.
func (s *Store) Unit(ctx context.Context, fn func(ctx context.Context) error) error {
	if u, ok := ctx.Value(unitKey{}).(*unit); ok && u.store == s {
		return fn(ctx)
	}
	u := &unit{store: s}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u.tx = tx
		return fn(context.WithValue(ctx, unitKey{}, u))
	})
	if err == nil && u.changed {
		// Methods that replan wake the dispatcher when their own part is
		// done, which inside a unit is before the commit: wake it again now
		// that the plan is visible.
		s.planned()
	}
	return err
}

// inUnit reports whether ctx carries a unit of work of s.
func inUnit(ctx context.Context, s *Store) bool {
	u, ok := ctx.Value(unitKey{}).(*unit)
	return ok && u.store == s
}

// Changed reports whether the unit of work ctx carries has stored a change
// to a group's records (a task, a unit, a leader, a setting, a reminder) so
// far. An apology for an answer that could not be sent must not deny it.
func Changed(ctx context.Context) bool {
	u, ok := ctx.Value(unitKey{}).(*unit)
	return ok && u.changed
}

// markChanged notes in ctx's unit of work, if any, that a change was stored.
func markChanged(ctx context.Context) {
	if u, ok := ctx.Value(unitKey{}).(*unit); ok {
		u.changed = true
	}
}
