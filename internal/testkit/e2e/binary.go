package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
)

// Binary is the duban command, built from this source and run as a process
// of its own against a fake Bot API: for the tests that kill it.
type Binary struct {
	Logs *testkit.LogSink // what every run printed

	t    testing.TB
	path string
	env  []string
	cmd  *exec.Cmd
}

// BuildBinary builds cmd/duban into the test's temporary folder, to run
// against fake with its data in db (a SQLite path or a PostgreSQL DSN). A
// run still going when the test ends is killed; the runs' output is logged
// if the test failed.
func BuildBinary(t testing.TB, fake *tgfake.Server, db string) *Binary {
	t.Helper()
	b := &Binary{Logs: &testkit.LogSink{}, t: t, path: filepath.Join(t.TempDir(), "duban")}
	if out, err := exec.Command("go", "build", "-o", b.path, "github.com/duban-bot/duban/cmd/duban").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	b.env = append(os.Environ(), "TELEGRAM_BOT_TOKEN="+fake.Token(), "TELEGRAM_API_URL="+fake.URL(),
		"DUBAN_DB="+db, "DUBAN_LOG=warn")
	t.Cleanup(func() {
		if b.cmd != nil {
			_ = b.Stop(syscall.SIGKILL)
		}
		if t.Failed() {
			t.Logf("duban's output:\n%s", b.Logs)
		}
	})
	return b
}

// Instance is another process of the same built binary, with env added
// to its environment (its own DUBAN_HTTP and DUBAN_INSTANCE, say): for the
// tests of several processes on one database. It is killed, and its
// output logged, like the binary's.
func (b *Binary) Instance(env ...string) *Binary {
	b.t.Helper()
	c := &Binary{Logs: &testkit.LogSink{}, t: b.t, path: b.path, env: append(slices.Clone(b.env), env...)}
	b.t.Cleanup(func() {
		if c.cmd != nil {
			_ = c.Stop(syscall.SIGKILL)
		}
		if b.t.Failed() {
			b.t.Logf("output of the instance with %v:\n%s", env, c.Logs)
		}
	})
	return c
}

// RunOnce runs another process of the binary with env added, until it
// exits or ctx ends, and returns its output and how it ended: for a start
// that must fail.
func (b *Binary) RunOnce(ctx context.Context, env ...string) (string, error) {
	cmd := exec.CommandContext(ctx, b.path)
	cmd.Env = append(slices.Clone(b.env), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Running reports whether the process runs (started and not stopped).
func (b *Binary) Running() bool { return b.cmd != nil }

// Start runs the binary.
func (b *Binary) Start() {
	b.t.Helper()
	if b.cmd != nil {
		b.t.Fatal("duban is already running")
	}
	cmd := exec.Command(b.path)
	cmd.Env = b.env
	cmd.Stdout, cmd.Stderr = b.Logs, b.Logs
	if err := cmd.Start(); err != nil {
		b.t.Fatalf("start duban: %v", err)
	}
	b.cmd = cmd
}

// Stop sends the running binary a signal (SIGTERM to stop it, SIGKILL to
// crash it), waits until it has exited and returns how it ended.
func (b *Binary) Stop(sig syscall.Signal) error {
	b.t.Helper()
	if b.cmd == nil {
		b.t.Fatal("duban is not running")
	}
	cmd := b.cmd
	b.cmd = nil
	if err := cmd.Process.Signal(sig); err != nil {
		b.t.Fatalf("signal duban: %v", err)
	}
	return cmd.Wait()
}
