package tgfake

// LastUpdateID returns the update_id of the newest queued update (0 before
// any). A harness that knows which update ids the bot has finished handling
// waits for this one to know the bot has caught up.
func (s *Server) LastUpdateID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastUpd
}
