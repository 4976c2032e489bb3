package models

import (
	"container/list"
	"context"
	"database/sql/driver"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// SQLite statements are compiled once per connection and kept with it.
//
// GORM's PrepareStmt, which the store used before, keeps one cache for the
// whole pool, but inside a transaction it compiles every statement again on
// the transaction, and database/sql holds each of those until the commit:
// 13% of CreateTask's CPU went to compiling the same SQL again, and a
// transaction of a million single-row inserts held a million compiled
// statements (4–8 GB). A compiled SQLite statement belongs to one
// connection and may run in any of its transactions, so the cache lives
// with the connection: a hot statement is compiled once, every transaction
// reuses it, and the cache holds at most stmtCacheSize statements.
//
// PostgreSQL needs nothing of the kind: pgx already keeps a per-connection
// cache of prepared statements (512 by default).

const (
	// stmtCacheSize bounds the statements kept per connection: the store
	// sends a few dozen distinct hot statements.
	stmtCacheSize = 128
	// stmtCacheArgs bounds the parameters of the statements kept per
	// connection, a measure of their compiled size: a batched INSERT of
	// 500 reminders has 7,500 and compiles to a program of hundreds of
	// kilobytes, worth keeping (compiling it took 13% of a group's
	// re-plan) but not by the dozen.
	stmtCacheArgs = 32_768
	// stmtCacheMaxArgs keeps larger statements out of the cache entirely.
	stmtCacheMaxArgs = stmtCacheArgs / 4
)

// sqliteConnector opens SQLite connections that cache their statements.
type sqliteConnector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func (c *sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc := conn.(*sqlite3.SQLiteConn)
	// Every change the bot makes is a savepoint inside its update's unit
	// of work, and SQLite keeps the pages a savepoint may have to restore
	// in a sub-journal, which spills to a temporary file past 64 KiB: an
	// assignment (about 20 pages) paid a file's creation, writes and
	// removal, 40% on top of its cost. In memory it costs nothing extra;
	// what it holds is bounded by the pages one transaction changes.
	if _, err := sc.Exec("PRAGMA temp_store = MEMORY", nil); err != nil {
		sc.Close()
		return nil, err
	}
	return &cachingConn{SQLiteConn: sc, lru: list.New(), stmts: map[string]*list.Element{}}, nil
}

func (c *sqliteConnector) Driver() driver.Driver { return c.driver }

// cachingConn is a SQLite connection whose Exec and Query reuse compiled
// statements. database/sql never uses a connection from two goroutines at
// once, and closes a result set under the connection's lock, so the cache
// needs no lock of its own.
//
// The driver runs each step of a statement given a cancellable context on
// a goroutine of its own, so that it can interrupt it; the bot's contexts
// are all cancellable, and those goroutines cost 12–18% of an assignment's
// CPU. Cached statements (short by nature) and BEGIN run on the context
// without its cancellation, once it is checked: a cancelled context still
// stops the next statement, and database/sql still closes a result set when
// it ends, but a statement already running is not interrupted.
type cachingConn struct {
	*sqlite3.SQLiteConn
	lru   *list.List // of *cachedStmt, most recently used first
	stmts map[string]*list.Element
	args  int // parameters of the cached statements
}

// cachedStmt is a compiled statement and whether a result set of it is
// still open (a second use meanwhile must not reset it).
type cachedStmt struct {
	query   string
	stmt    *sqlite3.SQLiteStmt
	args    int
	busy    bool
	evicted bool // dropped from the cache while busy: close it when done
}

// cacheable reports whether a statement is worth keeping. Statements
// without parameters (schema changes, pragmas) run once; several
// statements in one string must go through the driver, which runs them all.
func cacheable(query string, args []driver.NamedValue) bool {
	return len(args) > 0 && len(args) <= stmtCacheMaxArgs && !strings.Contains(query, ";")
}

// writeOnly reports whether running the statement to its first step
// finishes it: an INSERT, UPDATE or DELETE without RETURNING. Exec leaves a
// statement that returned a row open, holding its read snapshot, until its
// next use; such statements are not run from the cache by Exec.
func writeOnly(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	for _, verb := range []string{"INSERT", "UPDATE", "DELETE"} {
		if strings.HasPrefix(q, verb) {
			return !strings.Contains(q, "RETURNING")
		}
	}
	return false
}

// take returns the cached statement for query, compiling it on first use;
// nil when the query is not to be cached or the statement is in use.
func (c *cachingConn) take(ctx context.Context, query string, args []driver.NamedValue) *cachedStmt {
	if !cacheable(query, args) {
		return nil
	}
	if e, ok := c.stmts[query]; ok {
		c.lru.MoveToFront(e)
		st := e.Value.(*cachedStmt)
		if st.busy {
			return nil
		}
		return st
	}
	s, err := c.SQLiteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil // the driver's own path reports the error
	}
	st := &cachedStmt{query: query, stmt: s.(*sqlite3.SQLiteStmt), args: len(args)}
	if st.stmt.NumInput() != len(args) {
		st.stmt.Close() // named or surplus arguments: the driver sorts them out
		return nil
	}
	c.stmts[query] = c.lru.PushFront(st)
	c.args += st.args
	for c.lru.Len() > stmtCacheSize || c.args > stmtCacheArgs {
		c.evict(c.lru.Back())
	}
	return st
}

func (c *cachingConn) evict(e *list.Element) {
	st := c.lru.Remove(e).(*cachedStmt)
	delete(c.stmts, st.query)
	c.args -= st.args
	if st.busy {
		st.evicted = true
		return
	}
	st.stmt.Close()
}

// ExecContext runs a write through its cached statement.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if !writeOnly(query) {
		return c.SQLiteConn.ExecContext(ctx, query, args)
	}
	st := c.take(ctx, query, args)
	if st == nil {
		return c.SQLiteConn.ExecContext(ctx, query, args)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return st.stmt.ExecContext(context.WithoutCancel(ctx), args)
}

// QueryContext runs a query through its cached statement; closing the
// result set resets the statement for its next use.
func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st := c.take(ctx, query, args)
	if st == nil {
		return c.SQLiteConn.QueryContext(ctx, query, args)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := st.stmt.QueryContext(context.WithoutCancel(ctx), args)
	if err != nil {
		return nil, err
	}
	st.busy = true
	return &cachedRows{SQLiteRows: rows.(*sqlite3.SQLiteRows), st: st}, nil
}

// BeginTx begins a transaction (see cachingConn on contexts).
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.SQLiteConn.BeginTx(context.WithoutCancel(ctx), opts)
}

// Close finalizes the cached statements, then closes the connection.
func (c *cachingConn) Close() error {
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.lru.Init()
	clear(c.stmts)
	c.args = 0
	return c.SQLiteConn.Close()
}

// cachedRows is a result set of a cached statement.
type cachedRows struct {
	*sqlite3.SQLiteRows
	st     *cachedStmt
	closed bool
}

func (r *cachedRows) Close() error {
	if r.closed {
		return nil // the statement may be in use again
	}
	r.closed = true
	err := r.SQLiteRows.Close()
	r.st.busy = false
	if r.st.evicted {
		r.st.stmt.Close()
	}
	return err
}
