package main

import (
	"strings"
	"testing"
)

// BenchmarkConsole measures a whole console session in real time: "start"
// is the program, its database and the demo group with no script;
// "quiet-month" moves the clock over the same 35 days with no task (only
// the weekly digests fall due, with nothing to say); "readme-month" is the
// README's scripted month (about 50 messages, 8 pictures and a workbook).
// The clock jumps from one due moment to the next, so what a month costs
// is the bot's own work, with no waiting.
func BenchmarkConsole(b *testing.B) {
	args, script := readmeMonth(b)
	for i := range args {
		if args[i] == "-files" && i+1 < len(args) {
			args[i+1] = b.TempDir()
		}
	}
	for _, c := range []struct{ name, script string }{
		{"start", ""}, {"quiet-month", ":at 2027-01-04 10:00\n"}, {"readme-month", script},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				code, out, errOut := runCmd(b, nil, c.script, append([]string{"console"}, args...)...)
				if code != 0 || !strings.Contains(out, "督办 console") {
					b.Fatalf("exit %d:\n%s\n%s", code, out, errOut)
				}
			}
		})
	}
}
