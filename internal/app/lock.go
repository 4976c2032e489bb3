package app

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/duban-bot/duban/models"
)

// A SQLite database belongs to one process: two would both dispatch every
// reminder. The first process takes an operating-system lock on a file
// beside the database (DB + ".lock") for as long as it runs; a second one
// refuses to start and says why. The lock ends with the process however it
// ends (kill -9 included), so no stale lock is ever left to clean up.

// errLocked: another process has the database.
var errLocked = errors.New("another duban process is using this database")

// fileLock is a held lock file.
type fileLock struct{ f *os.File }

// lockDatabase locks a SQLite database's lock file; PostgreSQL databases
// are shared by design and need none (nil, nil).
func lockDatabase(dsn string) (*fileLock, error) {
	if models.IsPostgresDSN(dsn) || sqliteMemory(dsn) {
		return nil, nil
	}
	path := models.SQLiteFile(dsn) + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s is locked): stop the other one first, or run several instances on PostgreSQL", errLocked, path)
		}
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	return &fileLock{f: f}, nil
}

// unlock releases the lock (nil-safe).
func (l *fileLock) unlock() {
	if l != nil {
		l.f.Close() // closing the descriptor releases the flock
	}
}

func sqliteMemory(dsn string) bool {
	return strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory")
}
