package bot

import (
	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/models"
)

// A flag (红旗/黄旗) is shown the same way by every ranking — tasks,
// contests and problems — in text, pictures and the ledger.

// flagLooks is how each flag shows: its emoji in text, its name in a ledger
// cell and the mark a picture draws. No flag shows as nothing (chart.NoFlag
// is the zero mark).
var flagLooks = map[models.Flag]struct {
	emoji, word string
	mark        chart.Flag
}{
	models.RedFlag:    {"🚩", "红旗", chart.Red},
	models.YellowFlag: {"🟨", "黄旗", chart.Yellow},
}

// flagEmoji is 🚩 for a 红旗, 🟨 for a 黄旗, "" for none.
func flagEmoji(f models.Flag) string { return flagLooks[f].emoji }

// flagWord is the flag's name in a ledger cell.
func flagWord(f models.Flag) string { return flagLooks[f].word }

// chartFlag is the flag a picture draws.
func chartFlag(f models.Flag) chart.Flag { return flagLooks[f].mark }
