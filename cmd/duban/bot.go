package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/duban-bot/duban/internal/app"
	"github.com/duban-bot/duban/internal/config"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/workday"
)

// runBot reads and validates the configuration, then runs the bot (long
// polling, or webhook mode with DUBAN_PUBLIC_URL) until ctx ends (SIGINT or SIGTERM): the update in hand finishes,
// then the database closes.
func runBot(ctx context.Context, e *env, args []string) int {
	cfg, err := config.Load(args, e.getenv, e.stderr, true)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "duban: %v\n", err)
		return exitUsage
	}
	log := newLogger(e.stderr, cfg.LogLevel, cfg.LogFormat)
	log.Info("starting", slog.String("version", versionString()), slog.String("config", cfg.String()))
	if code, err := preflight(ctx, cfg); err != nil {
		fmt.Fprintf(e.stderr, "duban: %v\n", err)
		return code
	}
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("duban stopped", slog.String("err", err.Error()))
		return exitFail
	}
	return exitOK
}

// serve builds the program and runs it until ctx ends.
func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	cal, err := workday.Load(cfg.Holidays, log)
	if err != nil {
		return err
	}
	scale := app.Scale{WebhookSecret: cfg.WebhookSecret, Instance: cfg.Instance, Version: versionString()}
	if cfg.PublicURL != "" {
		scale.WebhookURL = cfg.PublicURL + app.WebhookPath // webhook mode
	}
	var limits outbox.Limits // Telegram's
	if cfg.Unpaced {
		limits = sandbox.Unpaced
	}
	a, err := app.New(ctx, app.Config{
		Token: cfg.Token, APIURL: cfg.APIURL, DB: cfg.DB, Zone: cfg.Zone, Limits: limits,
		Calendar: cal, Logger: log, HTTP: cfg.HTTP, PublicURL: cfg.PublicURL, MiniAppName: cfg.MiniAppName,
		Scale: scale,
	})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Run(ctx)
}

// newLogger logs at level in format (text or json, validated by config).
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level)) // validated by config
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
