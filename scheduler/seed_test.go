package scheduler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// seedUrges registers n groups in the fake, from Telegram id firstChat
// down, each of 刘书记 and one cadre (干部i), and writes a database at path
// in which each group has a task due at deadline and an /urge due at due(i)
// that says note(i). The groups' digests are planned (weeks away) now
// rather than at the program's first start. It returns each group's note
// by Telegram chat id.
func seedUrges(tb testing.TB, fake *tgfake.Server, path string, n int, firstChat int64, deadline time.Time,
	due func(i int) time.Time, note func(i int) string) map[int64]string {
	tb.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, path, models.Options{Planner: &scheduler.Planner{Cal: workday.Builtin()}})
	if err != nil {
		tb.Fatal(err)
	}
	defer store.Close()
	boss := testkit.Who(testkit.Boss)
	fake.AddUser(boss.User())
	leader, err := store.SeenUser(ctx, models.UserInfo{TelegramID: boss.ID, FirstName: boss.Name, Username: boss.Username})
	if err != nil {
		tb.Fatal(err)
	}
	notes := make(map[int64]string, n)
	for i := range n {
		chatID, userID := firstChat-int64(i), int64(1000+i)
		title, name := fmt.Sprintf("专班%d", i), fmt.Sprintf("干部%d", i)
		fake.AddUser(tgfake.User{ID: userID, FirstName: name})
		fake.AddGroup(tgfake.Group{ID: chatID, Title: title, Members: []int64{boss.ID, userID}})
		chat, err := store.EnsureChat(ctx, models.ChatInfo{TelegramID: chatID, Type: "supergroup", Title: title}, "Asia/Shanghai")
		if err != nil {
			tb.Fatal(err)
		}
		member, err := store.SeenUser(ctx, models.UserInfo{TelegramID: userID, FirstName: name})
		if err != nil {
			tb.Fatal(err)
		}
		task, err := store.CreateTask(ctx, models.Change{ActorID: leader.ID}, models.NewTask{ChatID: chat.ID,
			Title: fmt.Sprintf("报送第%d项材料", i), AssignerID: leader.ID, LeadID: member.ID, Deadline: deadline})
		if err != nil {
			tb.Fatal(err)
		}
		at := due(i)
		if _, err := store.AddReminder(ctx, models.Change{ActorID: leader.ID}, models.Reminder{ChatID: chat.ID, TaskID: &task.ID,
			Kind: models.ReminderUrge, At: at, DueAt: at, IgnoreQuiet: true, Note: note(i)}); err != nil {
			tb.Fatal(err)
		}
		notes[chatID] = note(i)
	}
	if err := store.PlanMissingDigests(ctx); err != nil {
		tb.Fatal(err)
	}
	return notes
}
