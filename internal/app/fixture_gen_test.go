//go:build fixture

package app_test

// This file makes the upgrade fixtures in testdata/ with the code of the
// release being frozen. It is not part of the ordinary test run: a fixture
// must stay the database an older release made, so it is only rebuilt when
// a new release is frozen (then under a new name), never after a schema
// change. Run, on the release's commit:
//
//	go test -tags fixture -run TestMakeUpgradeFixture ./internal/app
//
// With DUBAN_TEST_POSTGRES set it also writes the PostgreSQL dump (needs
// pg_dump on PATH).

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

const fixtureName = "release1"

func TestMakeUpgradeFixture(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	fillFixture(t, db)
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", fixtureName+".db"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	base := os.Getenv("DUBAN_TEST_POSTGRES")
	if base == "" {
		t.Log("DUBAN_TEST_POSTGRES unset: no PostgreSQL dump written")
		return
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	const schema = "duban_fixture_make"
	admin.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	fillFixture(t, base+sep+"search_path="+schema)
	out, err := exec.Command("pg_dump", "--dbname="+base, "--schema="+schema, "--no-owner", "--no-privileges",
		"--inserts", "--no-comments").Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	dump := strings.ReplaceAll(string(out), schema, schemaPlaceholder)
	var kept []string
	for _, line := range strings.Split(dump, "\n") {
		// Server-specific settings and meta-commands stay out: the test runs
		// the dump through database/sql on whatever server it is given.
		if strings.HasPrefix(line, "\\") || strings.HasPrefix(line, "SET ") ||
			strings.HasPrefix(line, "SELECT pg_catalog.set_config") || strings.HasPrefix(line, "CREATE SCHEMA") {
			continue
		}
		kept = append(kept, line)
	}
	if err := os.WriteFile(filepath.Join("testdata", fixtureName+".postgres.sql"), []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fillFixture drives the real program through the fake Bot API the way a
// group would use it, then stops it cleanly (which checkpoints SQLite's WAL).
func fillFixture(t *testing.T, db string) {
	const (
		group int64 = -1001234567890
		boss  int64 = 101 // 刘书记
		zhang int64 = 102 // 张伟
		wang  int64 = 103 // 王芳
		li    int64 = 104 // 李局
		zhao  int64 = 105 // 赵敏
	)
	clk := clock.NewFake(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)) // Monday 10:00 in Shanghai
	ctx := context.Background()
	sb, err := sandbox.Start(ctx, sandbox.Options{DB: db, Clock: clk, NoReminders: true,
		Limits: outbox.Limits{PerSecond: 10000, ChatPerSecond: 10000, GroupPerMinute: 600000}})
	if err != nil {
		t.Fatal(err)
	}
	f := sb.Fake
	for _, u := range []tgfake.User{
		{ID: boss, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"},
		{ID: zhang, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"},
		{ID: wang, FirstName: "王芳", Username: "wangfang", LanguageCode: "zh-hans"},
		{ID: li, FirstName: "李局", Username: "lijv", LanguageCode: "zh-hans"},
		{ID: zhao, FirstName: "赵敏", LanguageCode: "zh-hans"},
	} {
		f.AddUser(u)
	}
	f.AddGroup(tgfake.Group{ID: group, Title: "营商环境工作群", Type: "supergroup",
		Members: []int64{boss, zhang, wang, li, zhao}, Admins: []int64{boss}, Creator: boss})
	settle := func() {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := sb.Settle(c); err != nil {
			t.Fatal(err)
		}
	}
	say := func(from int64, text string) []tgfake.Sent {
		t.Helper()
		mark := f.Mark()
		f.SendText(group, from, text)
		settle()
		return f.Sent()[mark:]
	}
	press := func(msg tgfake.Sent, from int64, label string) {
		t.Helper()
		if _, err := f.PressButton(group, msg.MessageID, from, label); err != nil {
			t.Fatal(err)
		}
		settle()
	}
	for _, id := range []int64{boss, zhang, wang, li, zhao} {
		say(id, "大家好")
	}
	f.StartBot(zhang)
	settle()
	say(boss, "/unit add 投资促进局 @zhangwei")
	say(boss, "/unit add 住建局 @wangfang")
	say(boss, "/leader add @lijv")
	say(boss, "/settings 提醒 1天,3小时")
	say(boss, "/assign @zhangwei @wangfang 完成项目申报材料 下周五前")    // #1
	say(boss, "/assign @wangfang 报送道路硬化方案 明天下午3点 单位：住建局")     // #2
	say(boss, "/assign @zhangwei 对接华鑫科技落地事宜 11月25日 包保：@lijv") // #3
	say(boss, "/post 牵头招引一个亿元项目 月底前")                         // #4
	say(boss, "/assign @zhao 整理企业诉求台账 3个工作日内")                // #5 (赵敏 has no username: asked)
	say(boss, "/assign @wangfang 起草调度会通知 今天下班前")              // #6
	say(zhang, "/progress 1 60% 已完成初稿")
	say(zhang, "/claim 4")
	say(boss, "/remind 1 明天上午9点")
	if out := say(wang, "/done 2 方案已报送"); len(out) > 0 {
		press(out[len(out)-1], boss, "确认办结")
	}
	if out := say(zhang, "/extend 3 下周三前 等待企业董事会决议"); len(out) > 0 {
		press(out[len(out)-1], boss, "同意")
	}
	say(boss, "/cancel 6 会议改期")
	clk.Set(time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)) // Thursday: #2 done, others open
	say(wang, "/progress 1 80% 已提交局长审核")
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
}
