package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// momentLayouts are the ways to write a moment for -now and :at; those
// without an offset are read in the console's zone.
var momentLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

// parseMoment reads 2026-12-01T09:00:00+08:00 (RFC3339), or 2026-12-31
// 08:00 (or a bare date, meaning 00:00) in zone.
func parseMoment(s string, zone *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range momentLayouts {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q 不是一个时刻：写成 2026-12-31 08:00 或 2026-12-01T09:00:00+08:00", s)
}

// waitUnits are the units of :wait.
var waitUnits = []struct {
	names []string
	d     time.Duration
}{
	{[]string{"w", "周"}, 7 * 24 * time.Hour},
	{[]string{"d", "天"}, 24 * time.Hour},
	{[]string{"h", "小时"}, time.Hour},
	{[]string{"m", "分钟"}, time.Minute},
}

// parseWait reads how far :wait moves the clock: 1d, 3h, 30m, 2w, 1d12h
// (or 1天, 3小时, 30分钟).
func parseWait(s string) (time.Duration, error) {
	bad := fmt.Errorf("用法：:wait 1d（天）、:wait 3h（小时）、:wait 30m（分钟）、:wait 2w（周），也可组合如 1d12h")
	rest := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if rest == "" {
		return 0, bad
	}
	var total time.Duration
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 10000 {
			return 0, bad
		}
		rest = rest[i:]
		found := false
		for _, u := range waitUnits {
			for _, name := range u.names {
				if strings.HasPrefix(rest, name) {
					total += time.Duration(n) * u.d
					rest = rest[len(name):]
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			return 0, bad
		}
	}
	if total <= 0 {
		return 0, bad
	}
	return total, nil
}
