package main

import (
	"strings"
	"testing"
)

// BenchmarkConsole measures a whole console session in real time: "start"
// is the program, its database and the demo group with no script;
// "readme-month" is the README's scripted month (35 simulated days, about
// 50 messages and 10 files). Their difference is what moving the clock
// through a month costs: the clock jumps from one due moment to the next,
// so it is the bot's own work, with no waiting.
func BenchmarkConsole(b *testing.B) {
	args, script := readmeMonth(b)
	for i := range args {
		if args[i] == "-files" && i+1 < len(args) {
			args[i+1] = b.TempDir()
		}
	}
	for _, c := range []struct{ name, script string }{{"start", ""}, {"readme-month", script}} {
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
