package testkit

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
)

// LogSink keeps what a program logs, for the tests to read while it runs.
// It is safe for concurrent use.
type LogSink struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{} // closed and replaced at every write
}

// Write keeps p.
func (l *LogSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written != nil {
		close(l.written)
		l.written = nil
	}
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *LogSink) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Count returns how many times s has been logged.
func (l *LogSink) Count(s string) int {
	return strings.Count(l.String(), s)
}

// WaitFor waits until s has been logged.
func (l *LogSink) WaitFor(ctx context.Context, s string) error {
	for {
		l.mu.Lock()
		if strings.Contains(l.buf.String(), s) {
			l.mu.Unlock()
			return nil
		}
		if l.written == nil {
			l.written = make(chan struct{})
		}
		ch := l.written
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("%q was not logged: %w", s, ctx.Err())
		}
	}
}
