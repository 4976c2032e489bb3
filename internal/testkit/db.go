package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to create and drop test schemas
)

// PostgresEnv names the environment variable holding the DSN of a
// PostgreSQL server for the tests. With it set, the tests that run on every
// backend run on that server too, each in a schema of its own that is
// dropped afterwards; without it they are skipped there.
const PostgresEnv = "DUBAN_TEST_POSTGRES"

// Backend is a kind of database the program runs on.
type Backend struct {
	Name string
	// New returns a fresh, empty database of this kind for a test: a
	// SQLite path or a PostgreSQL DSN. It is removed when the test ends.
	New func(testing.TB) string
}

var (
	// SQLite is a file in the test's temporary folder.
	SQLite = Backend{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "duban.db") }}
	// Postgres is a schema of its own on the server of DUBAN_TEST_POSTGRES;
	// the test is skipped when that is not set.
	Postgres = Backend{"postgres", func(t testing.TB) string { dsn, _ := PostgresSchema(t); return dsn }}
)

// Backends are the databases every store test runs on.
var Backends = []Backend{SQLite, Postgres}

// PostgresSchema creates an empty schema on the server of
// DUBAN_TEST_POSTGRES, drops it when the test ends, and returns a DSN whose
// search_path is that schema, and the schema's name. Without the variable
// the test is skipped.
func PostgresSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL not tested: set %s to a DSN, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", PostgresEnv)
	}
	dsn, schema, drop, err := NewPostgresSchema(base)
	if err != nil {
		t.Fatalf("PostgreSQL test schema: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return dsn, schema
}

// NewPostgresSchema creates schema duban_test_<random> on the server of
// base and returns a DSN using it and a function that drops it: for
// benchmarks and tools that manage its life themselves.
func NewPostgresSchema(base string) (dsn, schema string, drop func() error, err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", "", nil, err
	}
	var b [8]byte
	rand.Read(b[:])
	schema = "duban_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", nil, err
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", "", nil, err
	}
	drop = func() error {
		_, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		return errors.Join(err, admin.Close())
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema, drop, nil
}
