package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/models"
)

// TestPictureSaysWhatTheTextSays: a ranking's picture is drawn from the
// same words and the same rounded rates as its text: 1 of 8 on time is 13%
// in both (not 12% in one and 12.5% in the other), 2 of 3 is 67%.
func TestPictureSaysWhatTheTextSays(t *testing.T) {
	entries := []models.RankEntry{
		{UserID: 1, User: models.User{FirstName: "张伟"}, OnTime: 1, Late: 7},
		{UserID: 2, User: models.User{FirstName: "王芳"}, OnTime: 2, Overdue: 1},
		{UserID: 3, User: models.User{FirstName: "李局"}, OnTime: 1, Late: 1},
	}
	for i := range entries {
		entries[i].Due = entries[i].Settled()
	}
	models.Rank(entries)
	p := models.PeriodContaining(models.Month, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	text := rankLines(entries, false)
	lb := board("招商引资工作群", p, false, entries, "")
	want := map[string]string{"张伟": "13%", "王芳": "67%", "李局": "50%"}
	for _, row := range lb.Rows {
		if row.RateText != want[row.Name] {
			t.Errorf("%s: the picture shows %q, want %q", row.Name, row.RateText, want[row.Name])
		}
		if !strings.Contains(text, "按期率"+row.RateText+" ") {
			t.Errorf("%s: the text does not show the picture's %q:\n%s", row.Name, row.RateText, text)
		}
	}
	// The counts are named with the picture's words; no 超期 anywhere.
	for _, l := range chart.CountLabels {
		if !strings.Contains(text, " "+l) && !strings.Contains(text, "   "+l) {
			t.Errorf("the text does not say %q:\n%s", l, text)
		}
	}
	if strings.Contains(text+rankFormula(models.DefaultRankRules), "超期") {
		t.Errorf("超期 in the text")
	}
}
