package models

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/duban-bot/duban/internal/testkit"
)

// roChildEnv names the database a re-executed test binary opens, as an
// unprivileged user, to report the error.
const roChildEnv = "DUBAN_TEST_READONLY_DB"

// A database in a directory SQLite cannot write to is refused with the
// reason, not with "no such file or directory" for a file that is there.
// The directory holds a -wal left by a crash (the case that misled) or
// nothing but the database.
func TestReadOnlyDirectory(t *testing.T) {
	if db := os.Getenv(roChildEnv); db != "" {
		_, err := Open(context.Background(), db, Options{})
		os.Stdout.WriteString("OPEN ERROR: " + errString(err) + "\n")
		return
	}
	for _, leftover := range []string{"", "-wal"} {
		t.Run("leftover"+leftover, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "duban.db")
			s, err := Open(context.Background(), db, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			if leftover != "" {
				if err := os.WriteFile(db+leftover, nil, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			got := openReadOnly(t, dir, db)
			for _, want := range []string{"SQLite cannot create the -wal and -shm files of duban.db in " + dir, "not writable"} {
				if !strings.Contains(got, want) {
					t.Errorf("error %q does not say %q", got, want)
				}
			}
			for _, bad := range []string{"no such file", "readonly database"} {
				if strings.Contains(got, bad) {
					t.Errorf("error %q still says %q", got, bad)
				}
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// openReadOnly makes dir read-only (the database file stays writable) and
// opens db from it, returning the error text. Root writes anywhere, so as
// root the test binary runs again as the unprivileged user 65534.
func openReadOnly(t *testing.T, dir, db string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		_, err := Open(context.Background(), db, Options{})
		return errString(err)
	}
	const nobody = 65534
	// The unprivileged user needs to reach the database and run a copy of
	// the test binary.
	for p := dir; p != filepath.Dir(p) && p != os.TempDir(); p = filepath.Dir(p) {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chown(db, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(filepath.Dir(dir), "models.test")
	testkit.CopyFile(t, os.Args[0], bin, 0o755)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyDirectory$")
	cmd.Env = append(os.Environ(), roChildEnv+"="+db, "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("run as user %d: %v\n%s", nobody, err, out.String())
	}
	_, rest, ok := strings.Cut(out.String(), "OPEN ERROR: ")
	if !ok {
		t.Fatalf("the child reported nothing:\n%s", out.String())
	}
	got, _, _ := strings.Cut(rest, "\n")
	return got
}
