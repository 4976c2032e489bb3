package tgfake

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-telegram/bot/models"
)

type queuedUpdate struct {
	id     int64
	raw    json.RawMessage
	replay bool // queued again by Redeliver
}

// enqueueLocked assigns the next update_id to u and queues it for
// getUpdates. The update is serialised immediately, so later changes to
// the objects it refers to do not leak into it.
func (s *Server) enqueueLocked(u *models.Update) int64 {
	s.lastUpd++
	u.ID = s.lastUpd
	raw, err := json.Marshal(u) // pointer: nested custom marshalers apply
	if err != nil {
		panic("tgfake: cannot encode update: " + err.Error())
	}
	s.queue = append(s.queue, queuedUpdate{id: u.ID, raw: raw})
	s.rememberLocked(u.ID, raw)
	s.stats.UpdatesQueued++
	s.touchLocked()
	return u.ID
}

// Push queues an arbitrary update (its ID is replaced by the next
// update_id, which is returned).
func (s *Server) Push(update models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueueLocked(&update)
}

// DiscardPending drops the queued updates the bot has not received yet
// (for instance those produced while setting up a scenario) and returns
// how many were dropped.
func (s *Server) DiscardPending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, u := range s.queue {
		if u.id > s.lastDlv {
			s.lastDlv = u.id
			n++
		}
	}
	s.queue = nil
	s.touchLocked()
	return n
}

// undeliveredLocked reports whether some queued update has not yet been
// returned by getUpdates.
func (s *Server) undeliveredLocked() bool {
	return len(s.queue) > 0 && s.queue[len(s.queue)-1].id > s.lastDlv || s.replayWaitingLocked()
}

// serveGetUpdates implements long polling: it answers as soon as updates
// at or after offset exist, when timeout seconds have passed, when the
// client goes away, or with 409 when a newer getUpdates request arrives.
func (s *Server) serveGetUpdates(w http.ResponseWriter, r *http.Request, p *params) {
	const method = "getUpdates"
	offset, err1 := p.int64("offset")
	limit, err2 := p.int("limit")
	timeout, err3 := p.int("timeout")
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			e := badRequest(err.Error())
			s.rejectCall(method, 0, e)
			writeError(w, e)
			return
		}
	}
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	if timeout < 0 {
		timeout = 0
	}
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	expired := timeout == 0

	s.mu.Lock()
	s.stats.Requests++
	if fault := s.takeFaultLocked(method, 0); fault != nil {
		s.mu.Unlock()
		if !s.serveFault(w, r, method, 0, fault) {
			writeMalformed(w) // nothing is delivered
		}
		return
	}
	if s.webhookActiveLocked() {
		s.mu.Unlock()
		s.rejectCall(method, 0, errWebhookActive)
		writeError(w, errWebhookActive)
		return
	}
	s.pollGen++
	gen := s.pollGen
	s.notifyLocked() // terminates an older poll with 409
	for {
		if s.pollGen != gen && s.webhookActiveLocked() {
			s.mu.Unlock()
			s.rejectCall(method, 0, errWebhookActive)
			writeError(w, errWebhookActive)
			return
		}
		if s.pollGen != gen {
			s.mu.Unlock()
			e := &apiError{Code: http.StatusConflict, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
			s.rejectCall(method, 0, e)
			writeError(w, e)
			return
		}
		switch {
		case offset > 0:
			s.confirmLocked(offset)
		case offset < 0:
			if k := int(-offset); len(s.queue) > k {
				s.queue = s.queue[len(s.queue)-k:]
			}
		}
		if raw, ok := s.takeReplayLocked(); ok { // alone, before newer ones
			s.touchLocked()
			s.mu.Unlock()
			writeResult(w, []json.RawMessage{raw})
			return
		}
		n := min(len(s.queue), limit)
		if n > 0 || expired || s.closed {
			batch := make([]json.RawMessage, n)
			for i := 0; i < n; i++ {
				batch[i] = s.queue[i].raw
				if id := s.queue[i].id; id > s.lastDlv {
					s.lastDlv = id
					s.stats.UpdatesDelivered++
				}
			}
			if n > 0 {
				s.touchLocked()
			}
			s.mu.Unlock()
			writeResult(w, batch)
			return
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			expired = true
		case <-r.Context().Done():
			return
		case <-s.done:
		}
		s.mu.Lock()
	}
}
