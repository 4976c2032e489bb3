package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/duban-bot/duban/internal/config"
)

func runHelp(_ context.Context, e *env, _ []string) int {
	printHelp(e.stdout)
	return exitOK
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "duban — 督办: a Telegram bot that assigns tasks in work groups, chases deadlines and publishes rankings.")
	fmt.Fprintln(w, "\nUsage:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands() {
		name := "duban"
		if c.name != "" {
			name += " " + c.name
		}
		fmt.Fprintf(tw, "  %s %s\t%s\n", name, c.args, c.summary)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nSettings (flag, or environment variable; the flag wins):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range config.Vars {
		def := v.Default
		if def == "" {
			def = "-"
		}
		fmt.Fprintf(tw, "  -%s\t%s\t(default %s)\t%s\n", v.Flag, v.Env, def, v.Usage)
	}
	tw.Flush()
}
