package miniapp

import (
	"slices"
	"testing"

	"github.com/duban-bot/duban/internal/ledger"
)

func TestTableHasTheLedgersColumns(t *testing.T) {
	if !slices.Equal(tableColumns, ledger.TaskHeader) {
		t.Errorf("the dashboard's table %q differs from the ledger's %q", tableColumns, ledger.TaskHeader)
	}
}
