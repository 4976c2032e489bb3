package models

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"gorm.io/gorm"

	"github.com/duban-bot/duban/internal/clock"
)

// withConn runs fn on the store's one SQLite connection.
func withConn(t *testing.T, s *Store, fn func(c *cachingConn)) {
	t.Helper()
	sqlDB, err := s.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Raw(func(dc any) error { fn(dc.(*cachingConn)); return nil }); err != nil {
		t.Fatal(err)
	}
}

// compiled lists the statements the connection holds compiled.
func compiled(t *testing.T, s *Store) map[string]any {
	t.Helper()
	out := map[string]any{}
	withConn(t, s, func(c *cachingConn) {
		for q, e := range c.stmts {
			out[q] = e.Value.(*cachedStmt).stmt
		}
	})
	return out
}

// TestStatementsCompiledOncePerConnection: the statements of an assignment
// are compiled by the first one and reused, unchanged, by every later
// transaction (GORM's PrepareStmt compiled them again in each).
func TestStatementsCompiledOncePerConnection(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEnv(t, openTestStore(t, clk.Now), clk)
	e.assign("第一项", e.wang, sh(3, 6, 18, 0), withUnit("投资促进局"))
	first := compiled(t, e.s)
	if len(first) == 0 {
		t.Fatal("nothing compiled")
	}
	for i := range 20 {
		e.assign(fmt.Sprintf("第%d项", i+2), e.wang, sh(3, 6, 18, 0), withUnit("投资促进局"))
	}
	after := compiled(t, e.s)
	for q, stmt := range first {
		if after[q] != stmt {
			t.Errorf("compiled again (or dropped) after 20 more assignments: %s", q)
		}
	}
	for q := range after {
		if _, ok := first[q]; !ok {
			t.Errorf("a later assignment compiled a statement the first did not: %s", q)
		}
	}
}

// TestStatementCacheNestedUse: a statement whose result set is still open
// is not reset by a second use inside the same transaction; both see every
// row.
func TestStatementCacheNestedUse(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEnv(t, openTestStore(t, clk.Now), clk)
	for _, title := range []string{"甲", "乙", "丙"} {
		e.assign(title, e.wang, sh(3, 6, 18, 0))
	}
	const q = "SELECT number FROM tasks WHERE chat_id = ? ORDER BY number"
	outer := readIntsWhile(t, e.s, func(tx *gorm.DB, outer []int) error {
		if len(outer) > 3 {
			return fmt.Errorf("the outer read starts over: %v", outer)
		}
		var inner []int
		if err := tx.Raw(q, e.chat.ID).Scan(&inner).Error; err != nil {
			return err
		}
		if !slices.Equal(inner, []int{1, 2, 3}) {
			t.Errorf("inner read %v, want [1 2 3]", inner)
		}
		return nil
	}, q, e.chat.ID)
	if !slices.Equal(outer, []int{1, 2, 3}) {
		t.Errorf("outer read %v, want [1 2 3]", outer)
	}
}

// readIntsWhile reads the numbers q returns in a transaction on s, calling
// during after each row, while the result set is still open, with the
// numbers read so far.
func readIntsWhile(t *testing.T, s *Store, during func(tx *gorm.DB, got []int) error, q string, args ...any) []int {
	t.Helper()
	var got []int
	err := s.db.Transaction(func(tx *gorm.DB) error {
		rows, err := tx.Raw(q, args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				return err
			}
			got = append(got, v)
			if err := during(tx, got); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestStatementCacheBounded: the cache keeps at most stmtCacheSize
// statements, and one evicted while its result set is open still reads to
// the end.
func TestStatementCacheBounded(t *testing.T) {
	s := openTestStore(t, clock.NewFake(t0).Now)
	got := readIntsWhile(t, s, func(tx *gorm.DB, got []int) error {
		if len(got) > 1 {
			return nil
		}
		// Push the open statement out of the cache.
		for i := range stmtCacheSize + 20 {
			var n int
			if err := tx.Raw(fmt.Sprintf("SELECT ? + %d", i), 1).Scan(&n).Error; err != nil {
				return err
			}
			if n != i+1 {
				t.Fatalf("SELECT 1 + %d = %d", i, n)
			}
		}
		return nil
	}, "SELECT value FROM json_each(?)", "[1,2,3]")
	if !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("the evicted statement read %v, want [1 2 3]", got)
	}
	withConn(t, s, func(c *cachingConn) {
		if len(c.stmts) != stmtCacheSize || c.lru.Len() != stmtCacheSize {
			t.Errorf("%d statements cached (%d in the list), want %d", len(c.stmts), c.lru.Len(), stmtCacheSize)
		}
	})
}

// TestStatementCacheLeavesNoReadOpen: a statement that returns rows, run
// through Exec, is not kept half-run in the cache, where it would hold its
// read snapshot and stop checkpoints from emptying the WAL.
func TestStatementCacheLeavesNoReadOpen(t *testing.T) {
	clk := clock.NewFake(t0)
	e := newEnv(t, openTestStore(t, clk.Now), clk)
	e.assign("甲", e.wang, sh(3, 6, 18, 0))
	for _, q := range []string{
		"SELECT id FROM tasks WHERE chat_id = ?",
		"UPDATE tasks SET percent = ? WHERE chat_id = ? RETURNING id",
	} {
		args := []any{e.chat.ID}
		if q[0] == 'U' {
			args = []any{10, e.chat.ID}
		}
		if err := e.s.db.Exec(q, args...).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var busy, log, done int
		if err := e.s.db.Raw("PRAGMA wal_checkpoint(TRUNCATE)").Row().Scan(&busy, &log, &done); err != nil {
			t.Fatalf("checkpoint after %s: %v", q, err)
		}
		if busy != 0 || log != 0 {
			t.Errorf("after Exec(%s) the checkpoint was blocked: busy %d, %d frames left", q, busy, log)
		}
	}
}
