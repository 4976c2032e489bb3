package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/internal/config"
	"github.com/duban-bot/duban/models"
)

// runBackup writes a consistent copy of the SQLite database (DUBAN_DB or
// -db) to FILE while the bot may be running. It never overwrites FILE; a
// PostgreSQL database is left to pg_dump.
func runBackup(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[len(args)-1], "-") {
		fmt.Fprintln(e.stderr, "duban backup: name the file to write, e.g. duban backup /var/backups/duban-2026-12-06.db")
		return exitUsage
	}
	file := args[len(args)-1]
	cfg, err := config.Load(args[:len(args)-1], e.getenv, e.stderr, false)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "duban: %v\n", err)
		return exitUsage
	}
	if models.IsPostgresDSN(cfg.DB) {
		fmt.Fprintln(e.stderr, "duban backup copies SQLite databases. For PostgreSQL use pg_dump, e.g.\n"+
			"  pg_dump --format=custom --file=duban.dump \"$DUBAN_DB\"\nand pg_restore to bring it back.")
		return exitFail
	}
	if err := models.BackupSQLite(ctx, cfg.DB, file); err != nil {
		if errors.Is(err, models.ErrBackupExists) {
			fmt.Fprintf(e.stderr, "duban backup: %s exists already; it is not overwritten (choose a new name)\n", file)
		} else {
			fmt.Fprintf(e.stderr, "duban backup: %v\n", err)
		}
		return exitFail
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s\n", cfg.DB, file)
	return exitOK
}
