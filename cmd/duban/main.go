// Command duban is the 督办 Telegram bot: it stores the tasks leaders assign in
// work groups, chases their deadlines and publishes rankings.
//
// Usage:
//
//	duban [flags]              run the bot (needs TELEGRAM_BOT_TOKEN): long
//	                           polling, or a webhook with DUBAN_PUBLIC_URL
//	duban console [-now T] [-files DIR]
//	                           try it offline against a simulated Telegram
//	duban when [-now T] [-tz Z] TEXT...
//	                           show how a deadline phrase is read
//	duban backup [-db DB] FILE copy the SQLite database while the bot runs
//	duban version
//	duban help
//
// The program itself is wired by internal/app (store → outbox → bot →
// dispatcher); this package reads the configuration and picks the subcommand.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; without
// it, the module version or VCS revision from the build info is shown.
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed (e.g. an unusable deadline)
	exitUsage = 2 // bad configuration or arguments
)

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) int
}

// env is what a subcommand may touch of the outside world.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"", "[flags]", "run the bot (needs TELEGRAM_BOT_TOKEN): long polling, or a webhook when DUBAN_PUBLIC_URL is set", runBot},
		{"console", "[-now TIME] [-files DIR]", "try the bot offline: a simulated Telegram group in the terminal, on a clock moved with :wait and :at (no token needed)", runConsole},
		{"backup", "[-db DB] FILE", "copy the SQLite database to FILE while the bot runs (never overwrites; for PostgreSQL use pg_dump)", runBackup},
		{"when", "[-now RFC3339] [-tz ZONE] TEXT...", "show how a deadline phrase is read, as one RFC3339 line (a recurring one: its rule and next three dates)", runWhen},
		{"version", "", "print the version", runVersion},
		{"help", "", "list the commands and settings (also -h)", runHelp},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	name := ""
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help":
			return runHelp(ctx, e, nil)
		}
		if args[0] != "" && args[0][0] != '-' {
			name, args = args[0], args[1:]
		}
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, args)
		}
	}
	fmt.Fprintf(stderr, "duban: unknown command %q\n\n", name)
	printHelp(stderr)
	return exitUsage
}

func runVersion(_ context.Context, e *env, _ []string) int {
	fmt.Fprintf(e.stdout, "duban %s\n", versionString())
	return exitOK
}

func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return v + " " + s.Value[:12]
		}
	}
	return v
}
