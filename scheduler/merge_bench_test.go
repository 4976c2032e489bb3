package scheduler_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// BenchmarkMigrateChatMerge measures the merge of a group whose upgrade the
// bot missed (issue 12, point 21): a group with open tasks and their planned
// reminders, merged into the supergroup's chat that has 10 tasks of its
// own, in one transaction that holds SQLite's only connection. Each run
// starts from a copy of the same database.
func BenchmarkMigrateChatMerge(b *testing.B) {
	for _, open := range []int{100, 1000} {
		b.Run(fmt.Sprintf("open=%d", open), func(b *testing.B) {
			ctx := context.Background()
			dir := b.TempDir()
			template := filepath.Join(dir, "template.db")
			oldTG, newTG := prepareMergeDB(b, ctx, template, open)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				path := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
				testkit.CopyFile(b, template, path, 0o666)
				store, err := models.Open(ctx, path, mergeBenchOptions())
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				merge, err := store.MigrateChat(ctx, oldTG, newTG)
				b.StopTimer()
				if err != nil || !merge.Merged || len(merge.Renumbered) != 10 {
					b.Fatalf("merge %+v, %v", merge, err)
				}
				store.Close()
				os.Remove(path)
				b.StartTimer()
			}
		})
	}
}

// mergeBenchNow is the benchmark's clock: 2026-11-02 10:00 in Shanghai, so
// that every deadline falls in a year with a holiday calendar.
func mergeBenchNow() time.Time { return testkit.Local("2026-11-02 10:00") }

func mergeBenchOptions() models.Options {
	return models.Options{Now: mergeBenchNow, Planner: &scheduler.Planner{Cal: workday.Builtin()}}
}

// prepareMergeDB writes a group with open tasks (each assigned as the bot
// does, its reminders planned) and a supergroup chat with 10 tasks.
func prepareMergeDB(b *testing.B, ctx context.Context, path string, open int) (oldTG, newTG int64) {
	b.Helper()
	store, err := models.Open(ctx, path, mergeBenchOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	oldTG, newTG = -4001, -1004001
	boss := testkit.Who(testkit.Boss)
	leader, err := store.SeenUser(ctx, models.UserInfo{TelegramID: boss.ID, Username: boss.Username, FirstName: boss.Name})
	if err != nil {
		b.Fatal(err)
	}
	now := mergeBenchNow()
	for _, g := range []struct {
		tg    int64
		typ   string
		tasks int
	}{{oldTG, "group", open}, {newTG, "supergroup", 10}} {
		chat, err := store.EnsureChat(ctx, models.ChatInfo{TelegramID: g.tg, Type: g.typ, Title: "招商专班"}, "Asia/Shanghai")
		if err != nil {
			b.Fatal(err)
		}
		for i := range g.tasks {
			member, err := store.SeenUser(ctx, models.UserInfo{TelegramID: int64(1000 + i%50), FirstName: fmt.Sprintf("干部%d", i%50)})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := store.CreateTask(ctx, models.Change{ActorID: leader.ID}, models.NewTask{ChatID: chat.ID,
				Title: fmt.Sprintf("报送第%d项材料", i), AssignerID: leader.ID, LeadID: member.ID,
				Deadline: now.Add(time.Duration(3+i%30) * 24 * time.Hour)}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return oldTG, newTG
}
