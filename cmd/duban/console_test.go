package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/workday"
)

// shanghai reads the console's times: Asia/Shanghai is the console's zone
// when none is given.
var shanghai = testkit.Shanghai

// shown is one bot message as the console printed it.
type shown struct {
	num  int
	edit bool   // 已更新 (or 已删除)
	chat string // 群, or 私聊 → 张伟
	at   string // 12-07 周一 09:00
	rest string // the rest of the header (图片：path…)
	text string // the indented lines under it, unindented
}

var headRE = regexp.MustCompile(`^🤖 #(\d+)( 已更新| 已删除)? \[([^\]]+)\] (\d\d-\d\d \S+ \d\d:\d\d)(.*)$`)

// parseShown reads the bot messages out of the console's output.
func parseShown(out string) []shown {
	var msgs []shown
	cur := -1
	for _, line := range strings.Split(out, "\n") {
		if m := headRE.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			msgs = append(msgs, shown{num: n, edit: m[2] != "", chat: m[3], at: m[4], rest: m[5]})
			cur = len(msgs) - 1
			continue
		}
		if cur >= 0 && strings.HasPrefix(line, "   ") {
			msgs[cur].text += strings.TrimPrefix(line, "   ") + "\n"
			continue
		}
		cur = -1
	}
	return msgs
}

// find returns the first message in chat whose text contains every want.
func find(msgs []shown, chat string, wants ...string) (shown, bool) {
next:
	for _, m := range msgs {
		if m.chat != chat {
			continue
		}
		for _, w := range wants {
			if !strings.Contains(m.text, w) {
				continue next
			}
		}
		return m, true
	}
	return shown{}, false
}

// mustFind is find that fails the test when nothing matches.
func mustFind(t *testing.T, out string, msgs []shown, chat string, wants ...string) shown {
	t.Helper()
	m, ok := find(msgs, chat, wants...)
	if !ok {
		t.Fatalf("no message in [%s] with %q; the console showed:\n%s", chat, wants, out)
	}
	return m
}

// trialTime reads a console time (12-07 周一 09:00) of a trial that runs
// from December 2026 into January 2027, and checks the weekday shown.
func trialTime(t *testing.T, at string) time.Time {
	t.Helper()
	year := 2026
	if !strings.HasPrefix(at, "12-") {
		year = 2027
	}
	date, rest, _ := strings.Cut(at, " ")
	week, clock, _ := strings.Cut(rest, " ")
	tm, err := time.ParseInLocation("2006-01-02 15:04", strconv.Itoa(year)+"-"+date+" "+clock, shanghai)
	if err != nil {
		t.Fatalf("time %q: %v", at, err)
	}
	if weekdays[tm.Weekday()] != week {
		t.Errorf("time %q: %s is a %s", at, tm.Format("2006-01-02"), weekdays[tm.Weekday()])
	}
	return tm
}

// readmeMonth returns the console arguments and the script of the README's
// scripted month.
func readmeMonth(t testing.TB) (args []string, script string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		before, ok := strings.CutSuffix(line, " <<'EOF'")
		_, flags, isConsole := strings.Cut(before, "./cmd/duban console ")
		if !ok || !isConsole {
			continue
		}
		var body []string
		for _, l := range lines[i+1:] {
			if l == "EOF" {
				return strings.Fields(flags), strings.Join(body, "\n") + "\n"
			}
			body = append(body, l)
		}
	}
	t.Fatal("README.md has no scripted console month (a `go run ./cmd/duban console … <<'EOF'` block)")
	return nil, ""
}

// The README's scripted month, run as written (its pictures and files go to
// a test folder): what a user would see, at the times they would see it.
func TestConsoleREADMEMonth(t *testing.T) {
	args, script := readmeMonth(t)
	if n := strings.Count(script, "\n"); n > 10 {
		t.Errorf("the README promises a month in ten lines; its script has %d", n)
	}
	files := t.TempDir()
	for i := range args {
		if args[i] == "-files" && i+1 < len(args) {
			args[i+1] = files
		}
	}
	code, out, errOut := runCmd(t, nil, script, append([]string{"console"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	msgs := parseShown(out)

	// Messages come in the order of their times, numbered from 1.
	var last time.Time
	for i, m := range msgs {
		at := trialTime(t, m.at)
		if at.Before(last) {
			t.Errorf("#%d at %s is shown after a message of %s", m.num, m.at, last.Format("01-02 15:04"))
		}
		last = at
		if !m.edit && m.num != msgs[0].num && m.num <= msgs[i-1].num {
			t.Errorf("message numbers go back: #%d after #%d", m.num, msgs[i-1].num)
		}
	}
	if len(msgs) == 0 || msgs[0].num != 1 {
		t.Fatalf("the first bot message is not #1:\n%s", out)
	}

	// The assignment, at once.
	if m := mustFind(t, out, msgs, "群", "已交办", "#1 报送营商环境自查报告"); m.at != "12-01 周二 09:00" {
		t.Errorf("the assignment is shown at %s", m.at)
	}
	// A reminder the day before the deadline (Friday 18:00), at its time,
	// in the group and privately to 张伟, who started the bot.
	if m := mustFind(t, out, msgs, "群", "截止提醒：#1", "还有1天"); m.at != "12-03 周四 18:00" {
		t.Errorf("the reminder a day before is shown at %s", m.at)
	}
	if m := mustFind(t, out, msgs, "私聊 → 张伟", "截止提醒：#1"); m.at != "12-03 周四 18:00" {
		t.Errorf("张伟's private reminder is shown at %s", m.at)
	}
	// The overdue 催办 on the next working day, Monday 09:00, with the
	// weekly digest; every 催办 of the month falls on a working day.
	if m := mustFind(t, out, msgs, "群", "催办：#1", "逾期"); m.at != "12-07 周一 09:00" {
		t.Errorf("the first 催办 of #1 is shown at %s", m.at)
	}
	if m := mustFind(t, out, msgs, "群", "每周调度", "#1 报送营商环境自查报告"); m.at != "12-07 周一 09:00" {
		t.Errorf("the weekly digest is shown at %s", m.at)
	}
	cal := workday.Builtin()
	urges := 0
	for _, m := range msgs {
		if m.chat == "群" && strings.Contains(m.text, "🔴 催办") {
			urges++
			if at := trialTime(t, m.at); !cal.IsWorkday(at) || at.Hour() != 9 {
				t.Errorf("a 催办 on %s, not 09:00 of a working day:\n%s", m.at, m.text)
			}
		}
	}
	if urges < 2 {
		t.Errorf("%d 催办 in the group, want those of #1 and #2", urges)
	}
	// The confirmation pressed by 刘书记.
	mustFind(t, out, msgs, "群", "#1 报送营商环境自查报告", "已办结")

	// December's publication at 09:00 on January's first working day,
	// with its picture written to the folder.
	firstWorkday := time.Date(2027, 1, 1, 9, 0, 0, 0, shanghai)
	for !cal.IsWorkday(firstWorkday) {
		firstWorkday = firstWorkday.AddDate(0, 0, 1)
	}
	pub := mustFind(t, out, msgs, "群", "晾晒成绩单", "2026年12月", "张伟", "王芳")
	if at := trialTime(t, pub.at); !at.Equal(firstWorkday) {
		t.Errorf("December's publication is shown at %s, want %s", pub.at, firstWorkday.Format("01-02 15:04"))
	}
	checkFile(t, out, msgs, files, "图片：", ".png", "\x89PNG")
	// The ledger asked for on 4 January, as a workbook in the folder.
	checkFile(t, out, msgs, files, "文件：", ".xlsx", "PK")
}

// checkFile finds a message announcing a file of that kind and checks that
// the file is in the folder with the content's signature.
func checkFile(t *testing.T, out string, msgs []shown, folder, kind, ext, magic string) {
	t.Helper()
	for _, m := range msgs {
		_, rest, ok := strings.Cut(m.rest, kind)
		if !ok {
			continue
		}
		path, _, _ := strings.Cut(rest, "（")
		if !strings.HasSuffix(path, ext) {
			continue
		}
		if filepath.Dir(path) != folder {
			t.Errorf("#%d was written to %s, not to the -files folder %s", m.num, path, folder)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("#%d: the console names %s, which cannot be read: %v", m.num, path, err)
		}
		if !strings.HasPrefix(string(data), magic) {
			t.Errorf("#%d: %s is not a %s file", m.num, path, ext)
		}
		return
	}
	t.Errorf("no %s file shown; the console showed:\n%s", ext, out)
}

// testConsole drives a console line by line, as a user at the terminal.
type testConsole struct {
	t   *testing.T
	c   *console
	out *bytes.Buffer
}

func startTestConsole(t *testing.T, now string) *testConsole {
	t.Helper()
	start, err := time.Parse(time.RFC3339, now)
	if err != nil {
		t.Fatal(err)
	}
	files, err := openFilesDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var out, logs bytes.Buffer
	c, err := startConsole(context.Background(), sandbox.Options{DB: filepath.Join(t.TempDir(), "duban.db")},
		start, files, &out, &logs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	return &testConsole{t: t, c: c, out: &out}
}

// do handles one line and returns what the console printed for it.
func (tc *testConsole) do(line string) string {
	tc.t.Helper()
	tc.out.Reset()
	tc.c.handle(context.Background(), line)
	return tc.out.String()
}

// Bot messages carry numbers; :reply and :press reach a message by its
// number, :press also by a label on the latest message; private messages
// say to whom; a private message of someone else cannot be reached.
func TestConsoleRepliesAndPresses(t *testing.T) {
	tc := startTestConsole(t, "2026-12-01T09:00:00+08:00")
	out := tc.do("/assign @zhangwei 完成项目申报材料 12月4日前")
	card, ok := find(parseShown(out), "群", "已交办", "#1 完成项目申报材料")
	if !ok || card.at != "12-01 周二 09:00" {
		t.Fatalf("the assignment is not shown with its number and time:\n%s", out)
	}
	num := strconv.Itoa(card.num)

	// A prompt answered with :reply. (The next line typed in the group
	// would answer it too: so a line is typed elsewhere first.)
	out = tc.do("/assign @wangfang 写年度总结")
	prompt, ok := find(parseShown(out), "群", "请回复截止时间")
	if !ok {
		t.Fatalf("no prompt for the deadline:\n%s", out)
	}
	tc.do(":dm")
	tc.do("/my")
	tc.do(":group")
	out = tc.do(":reply " + strconv.Itoa(prompt.num) + " 3个工作日内")
	testkit.MustContain(t, out, "已交办", "#2 写年度总结")

	tc.do(":as 张伟")
	out = tc.do(":press 99 收到")
	testkit.MustContain(t, out, "用法")
	out = tc.do(":press " + num + " 收") // part of the label 收到
	testkit.MustContain(t, out, "签收")
	out = tc.do(":reply " + num + " /progress 1 50% 初稿已完成")
	testkit.MustContain(t, out, "50%")

	// In private, the bot's messages say to whom.
	out = tc.do(":dm")
	private, ok := find(parseShown(out), "私聊 → 张伟")
	if !ok {
		t.Fatalf("the private answer does not say to whom:\n%s", out)
	}
	tc.do(":group")
	out = tc.do("/done 1 材料已报送")
	testkit.MustContain(t, out, "确认办结")

	// 刘书记 cannot answer in 张伟's private chat; he confirms by label on
	// the latest message with buttons.
	tc.do(":as 刘书记")
	out = tc.do(":reply " + strconv.Itoa(private.num) + " 你好")
	testkit.MustContain(t, out, "张伟的私聊消息", ":as 张伟")
	out = tc.do(":press 确认办结")
	testkit.MustContain(t, out, "已办结")
	out = tc.do(":press " + num + " 不存在的按钮")
	testkit.MustContain(t, out, "没有")

	// An /urge goes through the reminder queue, and is shown at once.
	tc.do("/assign @zhangwei 对接华鑫科技 12月10日前")
	out = tc.do("/urge 3 请今天报送")
	msgs := parseShown(out)
	mustFind(t, out, msgs, "群", "催办", "#3 对接华鑫科技")
	mustFind(t, out, msgs, "私聊 → 张伟", "催办", "#3 对接华鑫科技")
}

// :wait and :at move the clock forward through every due moment, showing
// each message at its time; the clock never goes back.
func TestConsoleClock(t *testing.T) {
	tc := startTestConsole(t, "2026-12-01T09:00:00+08:00")
	tc.do("/assign @zhangwei 报送统计报表 明天下午3点") // 12-02 15:00; reminders 1天 and 2小时 before
	tc.do(":as 张伟")
	tc.do("/ack 1") // acknowledged: no 签收提醒 two working hours later
	tc.do(":as 刘书记")
	out := tc.do(":wait 3h")
	testkit.MustContain(t, out, "现在是 2026-12-01 周二 12:00", "途中没有消息")
	if len(parseShown(out)) != 0 {
		t.Errorf("messages before any was due:\n%s", out)
	}
	if p := tc.c.prompt(); !strings.Contains(p, "[12-01 12:00] 刘书记@群") {
		t.Errorf("the prompt does not show the time: %q", p)
	}

	out = tc.do(":wait 1d")
	var got []string
	for _, m := range parseShown(out) {
		if m.chat == "群" {
			got = append(got, m.at+" "+strings.SplitN(m.text, "\n", 2)[0])
		}
	}
	want := []string{
		"12-01 周二 15:00 ⏰ 截止提醒：#1 报送统计报表",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf(":wait 1d showed\n%s\nwant\n%s\nin:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
	testkit.MustContain(t, out, "现在是 2026-12-02 周三 12:00")

	out = tc.do(":at 2026-12-02 16:00")
	got = nil
	for _, m := range parseShown(out) {
		if m.chat == "群" {
			got = append(got, m.at+" "+strings.SplitN(m.text, "\n", 2)[0])
		}
	}
	want = []string{
		"12-02 周三 13:00 ⏰ 截止提醒：#1 报送统计报表",
		"12-02 周三 15:00 ⏰ 已到截止时间：#1 报送统计报表",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf(":at showed\n%s\nwant\n%s\nin:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}

	for _, c := range []struct{ line, want string }{
		{":at 2026-12-01 08:00", "时钟只能向前拨"},
		{":at 明天", "不是一个时刻"},
		{":wait 3x", "用法：:wait"},
		{":wait", "用法：:wait"},
		{":tick", ":wait 1d"}, // unknown: the list of commands
	} {
		if out := tc.do(c.line); !strings.Contains(out, c.want) {
			t.Errorf("%s: %q lacks %q", c.line, out, c.want)
		}
	}
	if now := tc.c.clk.Now(); !now.Equal(time.Date(2026, 12, 2, 16, 0, 0, 0, shanghai)) {
		t.Errorf("the refused moves moved the clock to %v", now)
	}
}

func TestConsoleFlags(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-now", "12月1日"}, "-now \"12月1日\" 不是一个时刻"},
		{[]string{"-files", filepath.Join(notDir, "sub")}, "-files"},
		{[]string{"-nonsense"}, "flag provided but not defined"},
	} {
		code, _, errOut := runCmd(t, nil, "", append([]string{"console"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("console %v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

func TestParseWait(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
	}{
		{"1d", 24 * time.Hour}, {"3h", 3 * time.Hour}, {"30m", 30 * time.Minute}, {"2w", 14 * 24 * time.Hour},
		{"1d12h", 36 * time.Hour}, {"1天", 24 * time.Hour}, {"3小时", 3 * time.Hour}, {"1d 2h", 26 * time.Hour},
		{"", 0}, {"d", 0}, {"3", 0}, {"3x", 0}, {"-1d", 0}, {"0d", 0}, {"99999d", 0},
	} {
		got, err := parseWait(c.in)
		if c.want == 0 && err == nil || c.want != 0 && (err != nil || got != c.want) {
			t.Errorf("parseWait(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParseMoment(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"2026-12-01T09:00:00+08:00", time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai)},
		{"2026-12-01T01:00:00Z", time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai)},
		{"2026-12-31 08:00", time.Date(2026, 12, 31, 8, 0, 0, 0, shanghai)},
		{"2026-12-31T08:00", time.Date(2026, 12, 31, 8, 0, 0, 0, shanghai)},
		{"2027-01-04", time.Date(2027, 1, 4, 0, 0, 0, 0, shanghai)},
		{"明天", time.Time{}}, {"2026-13-01 08:00", time.Time{}}, {"", time.Time{}},
	} {
		got, err := parseMoment(c.in, shanghai)
		if c.want.IsZero() && err == nil || !c.want.IsZero() && (err != nil || !got.Equal(c.want)) {
			t.Errorf("parseMoment(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// Ctrl-C (the context ending) ends the console even while it waits for a
// line that never comes.
func TestConsoleStopsOnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, typing := io.Pipe()
	defer typing.Close()
	var out, errOut bytes.Buffer // read once run has returned
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"console", "-files", t.TempDir()}, func(string) string { return "" }, in, &out, &errOut)
	}()
	if _, err := io.WriteString(typing, "/tasks\n"); err != nil { // taken once the console reads
		t.Fatal(err)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d:\n%s", code, errOut.String())
		}
	case <-time.After(testkit.WaitLimit):
		t.Fatal("the console did not stop on Ctrl-C")
	}
}
