package testkit

import (
	"io"
	"os"
	"testing"
)

// CopyFile copies the file from to the file to, made (or emptied) with
// perm: a database file from a template, a test binary to run elsewhere.
// It fails the test on any error.
func CopyFile(tb testing.TB, from, to string, perm os.FileMode) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}
