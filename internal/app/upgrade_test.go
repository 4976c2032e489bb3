package app_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/models"
)

// schemaPlaceholder stands for the schema name in the PostgreSQL fixture.
const schemaPlaceholder = "__duban_schema__"

// A database made by an earlier release must open with this code (the schema
// is brought up to date at start) and keep every task as it was. The
// fixtures in testdata/ were made by fixture_gen_test.go on the release
// named in their file name; they are never rebuilt by later code.
func TestUpgradeFromRelease1(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "release1.db"))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "duban.db")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkRelease1(t, path)
	})
	t.Run("postgres", func(t *testing.T) {
		dump, err := os.ReadFile(filepath.Join("testdata", "release1.postgres.sql"))
		if err != nil {
			t.Fatal(err)
		}
		checkRelease1(t, loadPostgresDump(t, string(dump)))
	})
}

// release1Tasks is what the fixture's group holds, by number.
var release1Tasks = []struct {
	number int
	title  string
	status models.Status
	lead   string
	unit   string
}{
	{1, "完成项目申报材料", models.StatusDoing, "张伟", "投资促进局"},
	{2, "报送道路硬化方案", models.StatusDone, "王芳", "住建局"},
	{3, "对接华鑫科技落地事宜", models.StatusTodo, "张伟", "投资促进局"},
	{4, "牵头招引一个亿元项目", models.StatusTodo, "张伟", ""},  // release 1 gave a claimed task no unit
	{5, "整理企业诉求台账", models.StatusTodo, "@zhao", ""}, // a @username never seen: a placeholder
	{6, "起草调度会通知", models.StatusCancelled, "王芳", "住建局"},
}

func checkRelease1(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
	s, err := models.Open(ctx, dsn, models.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("open the release-1 database: %v", err)
	}
	defer s.Close()
	chat, err := s.ChatByTelegramID(ctx, -1001234567890)
	if err != nil {
		t.Fatalf("the group is gone: %v", err)
	}
	if chat.Title != "营商环境工作群" {
		t.Errorf("group title %q", chat.Title)
	}
	// Settings added later take their defaults.
	if set := chat.Settings(); set.AckRemindAfter != 2*time.Hour || set.ConfirmRemindAfter != 1 || set.LateExtension || set.LeadersNamedOnly {
		t.Errorf("newer settings of an upgraded group: %+v", set)
	}
	for _, want := range release1Tasks {
		task, err := s.TaskByNumber(ctx, chat.ID, want.number)
		if err != nil {
			t.Errorf("#%d: %v", want.number, err)
			continue
		}
		lead := ""
		if l := task.Lead(); l != nil {
			lead = l.User.DisplayName()
		}
		if task.Title != want.title || task.Status != want.status || lead != want.lead || task.UnitName != want.unit {
			t.Errorf("#%d = %q %s lead %q unit %q; want %q %s lead %q unit %q", want.number,
				task.Title, task.Status, lead, task.UnitName, want.title, want.status, want.lead, want.unit)
		}
	}
	t1, err := s.TaskByNumber(ctx, chat.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	// 周期任务 came later: the old tasks belong to none, and the table is there.
	if series, err := s.SeriesOfChat(ctx, chat.ID); err != nil || len(series) != 0 || t1.SeriesID != nil {
		t.Errorf("series of an upgraded group: %v, %v; #1's %v", series, err, t1.SeriesID)
	}
	if t1.Percent != 80 || len(t1.Assignees) != 2 {
		t.Errorf("#1: %d%%, %d assignees; want 80%%, 2", t1.Percent, len(t1.Assignees))
	}
	t3, err := s.TaskByNumber(ctx, chat.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if t3.Extensions != 1 || !t3.Deadline.After(t3.OriginalDeadline) {
		t.Errorf("#3: %d extensions, deadline %v, original %v; want the approved extension kept", t3.Extensions, t3.Deadline, t3.OriginalDeadline)
	}
	h, err := s.TaskHistory(ctx, t1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Progress) != 2 {
		t.Errorf("#1 has %d progress reports, want 2", len(h.Progress))
	}
	// The upgraded database takes new work.
	boss, err := s.UserByTelegramID(ctx, 101)
	if err != nil {
		t.Fatal(err)
	}
	task, err := s.CreateTask(ctx, models.Change{ActorID: boss.ID}, models.NewTask{ChatID: chat.ID, Title: "升级后的新任务",
		AssignerID: boss.ID, LeadID: boss.ID, Deadline: now.Add(72 * time.Hour)})
	if err != nil {
		t.Fatalf("create a task after the upgrade: %v", err)
	}
	if task.Number != 7 {
		t.Errorf("new task numbered #%d, want #7", task.Number)
	}
	// Lists and nodes (newer tables and columns) work on the upgraded
	// database, and its older tasks are in no list.
	if _, err := s.AddList(ctx, models.Change{ActorID: boss.ID}, chat.ID, "重点项目清单"); err != nil {
		t.Fatalf("add a list after the upgrade: %v", err)
	}
	listed, err := s.CreateTask(ctx, models.Change{ActorID: boss.ID}, models.NewTask{ChatID: chat.ID, Title: "清单里的任务",
		AssignerID: boss.ID, LeadID: boss.ID, Deadline: now.Add(72 * time.Hour), ListName: "重点项目清单",
		Nodes: []models.NewNode{{Name: "立项", Deadline: now.Add(24 * time.Hour)}}})
	if err != nil {
		t.Fatalf("create a task with a list and a node after the upgrade: %v", err)
	}
	if listed.ListName != "重点项目清单" || len(listed.Nodes) != 1 || t1.ListID != nil {
		t.Errorf("after the upgrade: list %q, %d nodes, #1 in list %v", listed.ListName, len(listed.Nodes), t1.ListID)
	}
	// Tables added since (attachments) take rows too.
	if _, err := s.AttachFile(ctx, models.Change{ActorID: boss.ID}, models.NewAttachment{TaskID: t1.ID,
		Kind: models.AttachDocument, FileID: "f1", FileName: "材料.pdf"}); err != nil {
		t.Errorf("attach a file to an old task: %v", err)
	}
	if n, err := s.AttachmentCounts(ctx, []uint{t1.ID}); err != nil || n[t1.ID] != 1 {
		t.Errorf("attachments of #1 after the upgrade: %v, %v", n, err)
	}
	// Contests (擂台赛, issue 15) are new tables: one among the group's units.
	if ct, err := s.CreateContest(ctx, models.Change{ActorID: boss.ID}, chat.ID, "升级后的擂台赛", nil); err != nil || len(ct.Units) != 2 {
		t.Errorf("a contest after the upgrade: %v, %+v", err, ct)
	}
	// Leader terms (several instances, issue 17) begin on an upgraded database.
	if lead, err := s.TryLead(ctx, "upgrade"); err != nil || lead == nil || lead.Epoch != 1 {
		t.Errorf("the first term after the upgrade: %+v, %v", lead, err)
	} else {
		lead.Release()
	}
	// 问题清单 came later: the group takes problems, numbered from P1, with
	// the default 答复时限.
	if chat.ProblemReplyDays != models.DefaultProblemReplyDays {
		t.Errorf("upgraded group's 答复时限 %d, want %d", chat.ProblemReplyDays, models.DefaultProblemReplyDays)
	}
	p, err := s.CreateProblem(ctx, models.Change{ActorID: boss.ID}, models.NewProblem{ChatID: chat.ID, Enterprise: "华鑫科技",
		Description: "厂区门前道路未硬化", UnitName: "住建局", RecorderID: boss.ID, ReplyDeadline: now.Add(72 * time.Hour)})
	if err != nil || p.Ref() != "P1" {
		t.Fatalf("record a problem after the upgrade: %v", err)
	}
}

// loadPostgresDump restores the fixture into a schema of its own and returns
// a DSN that uses it; the schema is dropped when the test ends.
func loadPostgresDump(t *testing.T, dump string) string {
	t.Helper()
	dsn, schema := testkit.PostgresSchema(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(strings.ReplaceAll(dump, schemaPlaceholder, schema)); err != nil {
		t.Fatalf("restore the release-1 dump: %v", err)
	}
	return dsn
}
