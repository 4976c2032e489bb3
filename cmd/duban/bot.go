package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/duban-bot/duban/bot"
	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/config"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
)

// runBot reads and validates the configuration, then runs the bot with long
// polling until ctx ends (SIGINT or SIGTERM): the update in hand finishes,
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
	log := newLogger(e.stderr, cfg.LogLevel)
	log.Info("starting", slog.String("version", versionString()), slog.String("config", cfg.String()))
	if err := serve(ctx, cfg, clock.Real{}, log); err != nil {
		log.Error("duban stopped", slog.String("err", err.Error()))
		return exitFail
	}
	return exitOK
}

// serve wires the store, the calendar and the bot, and runs until ctx ends.
func serve(ctx context.Context, cfg *config.Config, clk clock.Clock, log *slog.Logger) error {
	cal, err := workday.Load(cfg.Holidays, log)
	if err != nil {
		return err
	}
	store, err := models.Open(ctx, cfg.DB, models.Options{Now: clk.Now, Logger: log})
	if err != nil {
		return err
	}
	defer store.Close()
	b, err := bot.New(ctx, bot.Config{
		Token: cfg.Token, APIURL: cfg.APIURL, DefaultZone: cfg.Zone,
		Clock: clk, Calendar: cal, Logger: log,
	}, store)
	if err != nil {
		return err
	}
	return b.Run(ctx)
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level)) // validated by config
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
