package bot

import (
	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/models"
)

// A flag (红旗/黄旗) is shown the same way by every ranking — tasks,
// contests and problems — in text, pictures and the ledger.

// flagEmoji is 🚩 for a 红旗, 🟨 for a 黄旗, "" for none.
func flagEmoji(f models.Flag) string {
	switch f {
	case models.RedFlag:
		return "🚩"
	case models.YellowFlag:
		return "🟨"
	}
	return ""
}

// flagWord is the flag's name in a ledger cell.
func flagWord(f models.Flag) string {
	switch f {
	case models.RedFlag:
		return "红旗"
	case models.YellowFlag:
		return "黄旗"
	}
	return ""
}

// chartFlag is the flag a picture draws.
func chartFlag(f models.Flag) chart.Flag {
	switch f {
	case models.RedFlag:
		return chart.Red
	case models.YellowFlag:
		return chart.Yellow
	}
	return chart.NoFlag
}
