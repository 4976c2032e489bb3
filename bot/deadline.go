package bot

import (
	"strings"

	"github.com/duban-bot/duban/internal/deadline"
)

// examples are deadline phrases that work now, to show after a deadline
// that does not: their date is computed from now, never a fixed one that
// may have passed.
func (r *request) examples() string {
	return "「" + strings.Join(deadline.Examples(r.localNow()), "」「") + "」"
}

// englishExamples is examples for English clients.
func (r *request) englishExamples() string {
	return `"` + strings.Join(deadline.EnglishExamples(r.localNow()), `", "`) + `"`
}
