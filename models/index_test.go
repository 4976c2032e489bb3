package models

import (
	"testing"

	"github.com/duban-bot/duban/internal/clock"
)

// TestIndexesCreated: a new database has every index of models/index.go,
// and opening it again (a restart) leaves them as they are.
func TestIndexesCreated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store, _ *clock.Fake) {
		for range 2 {
			for _, ix := range indexes {
				if !s.db.Migrator().HasIndex(ix.table, ix.name) {
					t.Errorf("%s has no index %s", ix.table, ix.name)
				}
			}
			if err := s.migrate(t.Context()); err != nil {
				t.Fatalf("migrate again: %v", err)
			}
		}
	})
}
