package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// BenchmarkImport2000 imports a 2,000-row ledger through the fake Bot API,
// as a leader does (issue 14: under 3 s to the preview, under 5 s to
// commit): the file is downloaded, read, its people and deadlines
// resolved and the preview stored; then 确认导入 creates the 2,000 tasks
// with their reminders in one transaction. Figures: docs/BENCHMARKS.md.
//
//	go test -run '^$' -bench Import2000 -benchtime 3x ./bot
func BenchmarkImport2000(b *testing.B) {
	for _, backend := range testkit.Backends {
		b.Run(backend.Name, func(b *testing.B) { benchImport(b, backend) })
	}
}

func benchImport(b *testing.B, backend testkit.Backend) {
	h := e2e.Start(b, e2e.Options{Backend: backend})
	h.Say(group, boss, "/unit add 投资促进局 @zhangwei")
	file := ledger2000(b)
	var preview, commit time.Duration
	for b.Loop() {
		mark := h.Fake.Mark()
		began := time.Now()
		h.Fake.SendText(group, boss, "/import", tgfake.AsDocument("台账.xlsx", file))
		p := h.WaitFor(mark, "the preview", func(s tgfake.Sent) bool { return strings.Contains(s.PlainText, "导入预览") })
		preview += time.Since(began)
		if !strings.Contains(p.PlainText, "将创建 2000 项任务") {
			b.Fatalf("preview:\n%s", p.PlainText)
		}
		mark = h.Fake.Mark()
		began = time.Now()
		if _, err := h.Fake.PressButton(group, p.MessageID, boss, "确认导入"); err != nil {
			b.Fatal(err)
		}
		h.WaitFor(mark, "the summary", func(s tgfake.Sent) bool { return strings.Contains(s.PlainText, "已导入") })
		commit += time.Since(began)
		h.Settle()
	}
	b.ReportMetric(preview.Seconds()/float64(b.N), "s/preview")
	b.ReportMetric(commit.Seconds()/float64(b.N), "s/commit")
}

// ledger2000 is a ledger of 2,000 tasks: people by name, by @username and
// as units, deadlines as Excel dates, text dates and phrases.
func ledger2000(tb testing.TB) []byte {
	tb.Helper()
	rows := [][]any{{"序号", "任务", "牵头单位", "主办", "协办", "截止时间", "备注"}}
	leads := []string{"张伟", "王芳", "@lijv", "投资促进局"}
	deadlines := []any{time.Date(2026, 12, 18, 0, 0, 0, 0, time.UTC), "下周五前", "2026-12-31 17:00", "月底前"}
	for i := range 2000 {
		co := ""
		if i%3 == 0 && i%4 != 3 {
			co = "王芳、张伟"
		}
		rows = append(rows, []any{i + 1, fmt.Sprintf("2026年重点项目第%d项推进工作", i+1), "投资促进局", leads[i%4], co,
			deadlines[i%len(deadlines)], "按月调度"})
	}
	return sheetFile(tb, rows)
}
