package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// ErrBackupExists is returned by BackupSQLite when the destination exists.
var ErrBackupExists = errors.New("the backup file exists already")

// BackupSQLite writes a consistent copy of the SQLite database at dsn to
// dest with VACUUM INTO: it reads one snapshot (WAL mode lets the running
// bot go on writing meanwhile) and never overwrites dest. The database is
// opened without migrating it: a backup changes nothing.
func BackupSQLite(ctx context.Context, dsn, dest string) error {
	if IsPostgresDSN(dsn) {
		return errors.New("backup: a PostgreSQL database is copied with pg_dump")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s: %w", dest, ErrBackupExists)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(SQLiteFile(dsn)); err != nil {
		return fmt.Errorf("backup: the database: %w", err)
	}
	db := sql.OpenDB(&sqliteConnector{dsn: sqliteDSN(dsn), driver: &sqlite3.SQLiteDriver{}})
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// SQLiteFile is the file of a SQLite DSN (a path, or file:path?options).
func SQLiteFile(dsn string) string {
	p := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}
