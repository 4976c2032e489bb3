package models

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"github.com/duban-bot/duban/internal/testkit"
)

// loadRows is the size of BenchmarkOneTransactionLoad's transaction.
const loadRows = 100_000

// BenchmarkOneTransactionLoad writes loadRows audit events, one INSERT each,
// in ONE transaction through GORM (the shape of an import, a migration or a
// bulk re-plan), and reports how much the process grew while doing it:
// rss-growth-MB is the peak RSS during the transaction (VmHWM, reset just
// before) minus the RSS before it, which counts SQLite's and the driver's C
// memory as well as Go's. "store" is the store as configured;
// "gorm-preparestmt" the same database through GORM's PrepareStmt, as the
// store was configured before issue 12, measured in the same run.
func BenchmarkOneTransactionLoad(b *testing.B) {
	for _, backend := range testkit.Backends {
		for _, mode := range []string{"store", "gorm-preparestmt"} {
			b.Run(backend.Name+"/"+mode, func(b *testing.B) {
				s := openOn(b, backend, Options{Now: benchClock})
				ctx := context.Background()
				chat, _, _ := benchGroup(b, s)
				db := s.db
				if mode == "gorm-preparestmt" {
					db = db.Session(&gorm.Session{PrepareStmt: true})
				}
				now := benchNow.UTC()
				var growth, perRow float64
				b.ReportAllocs()
				for b.Loop() {
					before := resetPeakRSS(b)
					err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
						for i := range loadRows {
							e := AuditEvent{ChatID: chat.ID, Kind: "imported", Detail: "第" + strconv.Itoa(i) + "条", CreatedAt: now}
							if err := tx.Create(&e).Error; err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
					peak := procStatusBytes(b, "VmHWM")
					growth = float64(peak-before) / (1 << 20)
					perRow = float64(peak-before) / loadRows
				}
				b.ReportMetric(growth, "rss-growth-MB")
				b.ReportMetric(perRow, "rss-B/row")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*loadRows), "µs/row")
			})
		}
	}
}

// resetPeakRSS resets the process's peak RSS (VmHWM) to its current RSS
// and returns that.
func resetPeakRSS(b *testing.B) int64 {
	b.Helper()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Skipf("cannot reset the peak RSS: %v", err)
	}
	return procStatusBytes(b, "VmRSS")
}

// procStatusBytes reads a size from /proc/self/status (VmRSS, VmHWM).
func procStatusBytes(b *testing.B, field string) int64 {
	b.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, value, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok || string(name) != field {
			continue
		}
		f := bytes.Fields(value) // "123456 kB"
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		return kb << 10
	}
	b.Skipf("no %s in /proc/self/status", field)
	return 0
}
