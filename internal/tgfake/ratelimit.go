package tgfake

import (
	"time"
)

// Telegram's flood limits for bots: the documented ones (one message a
// second to a chat, 20 a minute to a group, about 30 a second overall), and
// the short burst Telegram lets a group have before its per-chat limit
// answers 429 (a probe measured a 429 for the fourth message within a
// second).
const (
	privateWindow    = time.Second
	privateLimit     = 1
	groupWindow      = time.Minute
	groupLimit       = 20
	groupBurstWindow = time.Second
	groupBurstLimit  = 3
	globalWindow     = time.Second
	globalLimit      = 30
)

// rateLimiter remembers when messages were accepted, per chat and overall.
type rateLimiter struct {
	perChat map[int64][]time.Time
	global  []time.Time
}

// prune keeps the times inside the rolling window (now-window, now].
func prune(ts []time.Time, now time.Time, window time.Duration) []time.Time {
	cut := now.Add(-window)
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	return ts[i:]
}

// waitFor returns how long to wait until one more event fits in the
// window, or 0.
func waitFor(ts []time.Time, now time.Time, window time.Duration, limit int) time.Duration {
	if len(ts) < limit {
		return 0
	}
	return ts[len(ts)-limit].Add(window).Sub(now)
}

// rateLimitLocked admits one message to c, or answers 429 with the
// retry_after (whole seconds, rounded up) after which it would be admitted.
// It is a no-op unless WithRateLimits was given.
func (s *Server) rateLimitLocked(c *chatState) *apiError {
	if !s.cfg.rateLimits {
		return nil
	}
	if s.rl.perChat == nil {
		s.rl.perChat = map[int64][]time.Time{}
	}
	now := s.now()
	window, limit := privateWindow, privateLimit
	if c.isGroup() {
		window, limit = groupWindow, groupLimit
	}
	chat := prune(s.rl.perChat[c.id], now, window)
	s.rl.perChat[c.id] = chat
	s.rl.global = prune(s.rl.global, now, globalWindow)

	wait := max(waitFor(chat, now, window, limit), waitFor(s.rl.global, now, globalWindow, globalLimit))
	if c.isGroup() {
		wait = max(wait, waitFor(prune(chat, now, groupBurstWindow), now, groupBurstWindow, groupBurstLimit))
	}
	if wait > 0 {
		s.stats.RateLimited++
		secs := int((wait + time.Second - 1) / time.Second)
		return tooManyRequests(secs)
	}
	s.rl.perChat[c.id] = append(chat, now)
	s.rl.global = append(s.rl.global, now)
	return nil
}
