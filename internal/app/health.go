package app

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Health for the supervisor and the load balancer:
//
//   - /livez fails (503) when one of the leader's loops (the inbox's, the
//     dispatcher's) has been busy with one step for longer than
//     Config.StuckAfter: a leader stuck there holds the lead and sends
//     nothing, so its supervisor must restart it and let another lead.
//     Waiting for work is not being stuck.
//   - /readyz fails (503) while the database does not answer within two
//     seconds, or, in webhook mode, until this instance has registered the
//     webhook with Telegram.

// defaultStuckAfter is how long one step may take before /livez fails: a
// step waits at most a couple of minutes for Telegram or the database.
const defaultStuckAfter = 3 * time.Minute

// loops records, for each of the leader's loops, since when it has been
// busy with its current step (absent: waiting for work).
type loops struct {
	mu   sync.Mutex
	busy map[string]time.Time
}

// progress returns the hook a loop calls as it starts a step (busy) or
// goes back to waiting.
func (l *loops) progress(name string) func(busy bool) {
	return func(busy bool) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.busy == nil {
			l.busy = map[string]time.Time{}
		}
		if busy {
			l.busy[name] = time.Now()
		} else {
			delete(l.busy, name)
		}
	}
}

// stuck names the loops busy with one step for longer than limit.
func (l *loops) stuck(limit time.Duration) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for name, since := range l.busy {
		if time.Since(since) > limit {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// mountHealth serves /livez and /readyz.
func (s *httpServer) mountHealth(a *App, stuckAfter time.Duration) {
	s.mux.HandleFunc("GET /livez", func(w http.ResponseWriter, _ *http.Request) {
		if names := a.loops.stuck(stuckAfter); len(names) > 0 {
			http.Error(w, fmt.Sprintf("stuck: %v busy for over %s", names, stuckAfter), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.Store.Ping(ctx); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		if a.webhook != nil && !a.webhook.registered.Load() {
			http.Error(w, "webhook not registered with Telegram yet", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
}
