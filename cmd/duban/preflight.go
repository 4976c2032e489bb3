package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/config"
	"github.com/duban-bot/duban/models"
)

// tokenCheckLimit bounds the getMe that checks the token at start.
const tokenCheckLimit = 30 * time.Second

// preflight checks, before anything is created, what an operator most
// often gets wrong: where the database goes, and the token. A mistake
// leaves no empty database file behind. It returns the exit code for a
// failure (exitUsage for a mistake in the configuration).
func preflight(ctx context.Context, cfg *config.Config) (int, error) {
	if err := checkDatabaseLocation(cfg.DB); err != nil {
		return exitUsage, err
	}
	ctx, cancel := context.WithTimeout(ctx, tokenCheckLimit)
	defer cancel()
	if _, err := bot.CheckToken(ctx, cfg.Token, cfg.APIURL); err != nil {
		if errors.Is(err, bot.ErrBadToken) {
			return exitUsage, err
		}
		return exitFail, err
	}
	return exitOK, nil
}

// checkDatabaseLocation makes sure a SQLite database can be opened or
// created where DUBAN_DB says, without creating it: the path is not a
// folder, and its folder exists and takes new files (SQLite writes its
// -wal and -shm files beside the database, even when the database
// exists). A PostgreSQL DSN names a server, checked when connecting.
func checkDatabaseLocation(dsn string) error {
	if models.IsPostgresDSN(dsn) {
		return nil
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	if path == "" || path == ":memory:" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("DUBAN_DB %q 是一个文件夹；请给出数据库文件的路径，例如 %s", path, filepath.Join(path, "duban.db"))
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("DUBAN_DB %q：文件夹 %s 不存在；请先创建它，或换一个路径", path, dir)
	case err != nil:
		return fmt.Errorf("DUBAN_DB %q：无法访问文件夹 %s：%w", path, dir, err)
	case !st.IsDir():
		return fmt.Errorf("DUBAN_DB %q：%s 不是文件夹", path, dir)
	}
	probe, err := os.CreateTemp(dir, ".duban-check-*")
	if err != nil {
		return fmt.Errorf("DUBAN_DB %q：文件夹 %s 不能写入（SQLite 要在数据库旁边建 -wal 和 -shm 文件）：%w", path, dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}
