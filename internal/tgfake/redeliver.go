package tgfake

import (
	"encoding/json"
	"fmt"
)

// Redeliver queues the update with id updateID once more, with the same
// update_id and content, as Telegram does when a bot handled an update but
// crashed before confirming it (by the offset of its next getUpdates).
//
// The bot receives the redelivered update alone, before any update queued
// after it. Updates getUpdates has already returned count as confirmed, so
// only this one comes again. Because its id is not newer than the others,
// [Server.LastUpdateID] does not change: a harness that waits for the bot to
// catch up should queue one more update after it and wait for that one.
// Redeliver panics if no update with that id was ever queued.
func (s *Server) Redeliver(updateID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, ok := s.history[updateID]
	if !ok {
		panic(fmt.Sprintf("tgfake: Redeliver: no update %d was queued", updateID))
	}
	kept := make([]queuedUpdate, 0, len(s.queue)+1)
	for _, u := range s.queue {
		if u.replay || u.id > s.lastDlv {
			kept = append(kept, u)
		}
	}
	s.queue = append(kept, queuedUpdate{id: updateID, raw: raw, replay: true})
	s.touchLocked()
}

// rememberLocked keeps an update's encoding for Redeliver.
func (s *Server) rememberLocked(id int64, raw json.RawMessage) {
	if s.history == nil {
		s.history = map[int64]json.RawMessage{}
	}
	s.history[id] = raw
}

// confirmLocked drops the updates a getUpdates offset confirms. A
// redelivered update has an old id but waits for its own delivery.
func (s *Server) confirmLocked(offset int64) {
	kept := s.queue[:0]
	for _, u := range s.queue {
		if u.replay || u.id >= offset {
			kept = append(kept, u)
		}
	}
	s.queue = kept
}

// takeReplayLocked removes and returns the oldest redelivered update waiting
// to be returned by getUpdates.
func (s *Server) takeReplayLocked() (json.RawMessage, bool) {
	for i, u := range s.queue {
		if u.replay {
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
			return u.raw, true
		}
	}
	return nil, false
}

// replayWaitingLocked reports whether a redelivered update waits.
func (s *Server) replayWaitingLocked() bool {
	for _, u := range s.queue {
		if u.replay {
			return true
		}
	}
	return false
}
