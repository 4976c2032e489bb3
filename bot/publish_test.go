package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
	"github.com/duban-bot/duban/internal/workday"
	"github.com/duban-bot/duban/models"
	"github.com/duban-bot/duban/scheduler"
)

// checkPNG fails unless s is a sendPhoto of a PNG 1080 pixels wide with
// something drawn on it: many colours, and plenty of pixels that are not
// the background.
func checkPNG(t *testing.T, s tgfake.Sent) image.Image {
	t.Helper()
	if s.Method != "sendPhoto" {
		t.Fatalf("want a picture (sendPhoto), got %s:\n%s", s.Method, s.PlainText)
	}
	img, err := png.Decode(bytes.NewReader(s.FileBytes))
	if err != nil {
		t.Fatalf("%s is no PNG: %v", s.FileName, err)
	}
	b := img.Bounds()
	if b.Dx() != 1080 || b.Dy() < 300 {
		t.Fatalf("%s is %d×%d, want 1080 wide and a few rows tall", s.FileName, b.Dx(), b.Dy())
	}
	counts := map[color.RGBA]int{}
	total := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
			total++
		}
	}
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	if len(counts) < 32 || total-most < total/20 {
		t.Fatalf("%s looks blank: %d colours, %d of %d sampled pixels off the background", s.FileName, len(counts), total-most, total)
	}
	return img
}

func TestRankSendsTextThenPicture(t *testing.T) {
	h := rankScenario(t)
	for _, tc := range []struct {
		cmd, golden, caption string
	}{
		{"/rank", "rank_people_month", "🏆 招商引资工作群 · 个人排名 · 2026年11月"},
		{"排名", "rank_people_month", "🏆 招商引资工作群 · 个人排名 · 2026年11月"},
		{"/rank 单位", "rank_units_month", "🏆 招商引资工作群 · 单位排名 · 2026年11月"},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			out := h.Say(group, li, tc.cmd)
			if len(out) != 2 || out[0].Method != "sendMessage" || out[1].Method != "sendPhoto" {
				t.Fatalf("%s: want the text, then one picture:\n%s", tc.cmd, testkit.Dump(out))
			}
			// The text is what it was before pictures came: the golden
			// files of the ranking still hold.
			testkit.Golden(t, tc.golden, out[0].PlainText)
			pic := out[1]
			if pic.ChatID != group || pic.FileName != "rank.png" || pic.PlainText != tc.caption {
				t.Errorf("picture to %d named %q with caption %q, want to the group, rank.png, %q",
					pic.ChatID, pic.FileName, pic.PlainText, tc.caption)
			}
			checkPNG(t, pic)
		})
	}
	people := h.Say(group, li, "/rank")[1].FileBytes
	units := h.Say(group, li, "/rank 单位")[1].FileBytes
	if bytes.Equal(people, units) {
		t.Error("the people's and the units' pictures are the same")
	}
	// The group's rules change the picture too (its footer and scores).
	h.Reply(group, boss, "/settings 计分 5,2,3")
	if again := h.Say(group, li, "/rank")[1].FileBytes; bytes.Equal(again, people) {
		t.Error("the picture did not change with the group's weights")
	}

	// An empty period: the text says so, and no picture follows.
	for _, cmd := range []string{"/rank 2026-01-01 2026-03-31", "/rank 单位 2026-01-01 2026-03-31"} {
		out := h.Say(group, li, cmd)
		if len(out) != 1 || out[0].Method != "sendMessage" {
			t.Fatalf("%s: want only the text:\n%s", cmd, testkit.Dump(out))
		}
		testkit.MustContain(t, out[0].PlainText, "本期没有到期的任务。")
	}
}

// TestRankPictureFailureKeepsText: when Telegram refuses the picture, the
// group still has the ranking and hears of no error.
func TestRankPictureFailureKeepsText(t *testing.T) {
	h := rankScenario(t)
	want := rankText(h, group, li, "/rank").PlainText
	h.Fake.FailNext("sendPhoto", group, tgfake.Fault{Code: 400, Description: "Bad Request: PHOTO_INVALID_DIMENSIONS"})
	out := h.Say(group, li, "/rank")
	if len(out) != 1 || out[0].Method != "sendMessage" || out[0].PlainText != want {
		t.Fatalf("want the same text alone:\n%s", testkit.Dump(out))
	}
	testkit.MustNotContain(t, out[0].PlainText, "出了点问题")
	// The next /rank has its picture again.
	if out := h.Say(group, li, "/rank"); len(out) != 2 {
		t.Fatalf("want text and picture again:\n%s", testkit.Dump(out))
	}
}

// TestRankRulesFromSettings: a leader sets the group's weights, flags,
// extension rule and scope; /rank applies them and its footer states them.
// rankScenario's November, by 5 on time, 2 late, −3 overdue:
//
//	张伟 2 on time 10; 王芳 1 on time 1 late 7; 陈晨 1 on time (extended) 5;
//	李局 1 late 2; 赵敏 1 late 1 overdue −1; Tom 1 overdue −3.
func TestRankRulesFromSettings(t *testing.T) {
	h := rankScenario(t)
	before := rankText(h, group, li, "/rank").PlainText

	refusals := []struct {
		name string
		from int64
		text string
		want string
	}{
		{"member", zhang, "/settings 计分 1,1,1", "只有领导可以修改设置"},
		{"two weights", boss, "/settings 计分 5,2", "「计分」写三个分值：按期办结,逾期办结,逾期未办，例如 10,4,5。"},
		{"weight over 100", boss, "/settings 计分 5,2,101", "分值应为 0 到 100 的整数"},
		{"weights not numbers", boss, "/settings 计分 五,二,三", "分值应为 0 到 100 的整数"},
		{"negative weight", boss, "/settings 计分 5,-2,3", "分值应为 0 到 100 的整数"},
		{"too many flags", boss, "/settings 红旗 11", "「红旗」写前后各几名，0 到 10。"},
		{"flags not a number", boss, "/settings 红旗 三", "「红旗」写前后各几名"},
		{"extensions", boss, "/settings 延期算按期 也许", "「延期算按期」只能是 开 或 关。"},
		{"scope", boss, "/settings 排名范围 部分", "「排名范围」只能是 全部 或 有单位。"},
		{"publish", boss, "/settings 晾晒 也许", "「晾晒」只能是 开 或 关。"},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			testkit.MustContain(t, h.Reply(group, c.from, c.text).PlainText, c.want)
		})
	}
	if got := rankText(h, group, li, "/rank").PlainText; got != before {
		t.Fatalf("a refused setting changed the ranking:\n%s", got)
	}

	steps := []struct {
		setting  string
		shown    string   // in the /settings answer
		entries  []string // in /rank, in this order
		footer   string   // the whole formula under the ranking
		notShown []string
	}{
		{
			"/settings 计分 5，2，3", "排名计分：按期办结5、逾期办结2、逾期未办−3；红旗/黄旗各3名",
			[]string{
				"1. 🚩张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分10",
				"2. 🚩王芳（投资促进局）\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分7",
				"3. 🚩陈晨（发改局）\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分5",
				"4. 🟨李局（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
				"5. 🟨赵敏\n   到期2 按期0 逾期办结1 逾期未办1 按期率0% 得分-1",
				"6. 🟨Tom\n   到期1 按期0 逾期办结0 逾期未办1 按期率0% 得分-3",
			},
			"计分：按期办结×5 + 逾期办结×2 − 逾期未办×3；同分看按期率，再看姓名。\n按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。\n" +
				"满6名时前3名🚩红旗、后3名🟨黄旗。",
			nil,
		},
		{
			"/settings 红旗 2", "红旗/黄旗各2名",
			[]string{
				"1. 🚩张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分10",
				"2. 🚩王芳（投资促进局）\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分7",
				"3. 陈晨（发改局）\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分5",
				"4. 李局（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
				"5. 🟨赵敏\n   到期2 按期0 逾期办结1 逾期未办1 按期率0% 得分-1",
				"6. 🟨Tom\n   到期1 按期0 逾期办结0 逾期未办1 按期率0% 得分-3",
			},
			"计分：按期办结×5 + 逾期办结×2 − 逾期未办×3；同分看按期率，再看姓名。\n按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。\n" +
				"满4名时前2名🚩红旗、后2名🟨黄旗。",
			nil,
		},
		{
			// 陈晨's #5 came in after its original deadline: late now, tied
			// with 李局 (2, 0%) for third, 李 (U+674E) before 陈 (U+9648).
			"/settings 延期算按期 关", "延期算按期：关",
			[]string{
				"1. 🚩张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分10",
				"2. 🚩王芳（投资促进局）\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分7",
				"3. 李局（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
				"3. 陈晨（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
				"5. 🟨赵敏\n   到期2 按期0 逾期办结1 逾期未办1 按期率0% 得分-1",
				"6. 🟨Tom\n   到期1 按期0 逾期办结0 逾期未办1 按期率0% 得分-3",
			},
			"计分：按期办结×5 + 逾期办结×2 − 逾期未办×3；同分看按期率，再看姓名。\n按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。\n" +
				"满4名时前2名🚩红旗、后2名🟨黄旗。按原截止时间判断是否按期（批准的延期不计）。",
			nil,
		},
		{
			// Only tasks with a unit: 赵敏 and Tom drop out. Four entries;
			// 李局 and 陈晨 share the last place and the yellow flag.
			"/settings 排名范围 有单位", "范围：有牵头单位的任务",
			[]string{
				"1. 🚩张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分10",
				"2. 🚩王芳（投资促进局）\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分7",
				"3. 🟨李局（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
				"3. 🟨陈晨（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
			},
			"计分：按期办结×5 + 逾期办结×2 − 逾期未办×3；同分看按期率，再看姓名。\n按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。\n" +
				"满4名时前2名🚩红旗、后2名🟨黄旗。按原截止时间判断是否按期（批准的延期不计）。只计有牵头单位的任务。",
			[]string{"赵敏", "Tom"},
		},
		{
			"/settings 红旗 0", "红旗/黄旗各0名",
			[]string{
				"1. 张伟（投资促进局）\n   到期2 按期2 逾期办结0 逾期未办0 按期率100% 得分10",
				"2. 王芳（投资促进局）\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分7",
				"3. 李局（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
				"3. 陈晨（发改局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2",
			},
			"计分：按期办结×5 + 逾期办结×2 − 逾期未办×3；同分看按期率，再看姓名。\n按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。\n" +
				"按原截止时间判断是否按期（批准的延期不计）。只计有牵头单位的任务。",
			[]string{"🚩", "🟨", "红旗"},
		},
	}
	for _, st := range steps {
		testkit.MustContain(t, h.Reply(group, boss, st.setting).PlainText, "已更新", st.shown)
		rank := rankText(h, group, li, "/rank").PlainText
		pos := 0
		for _, e := range st.entries {
			i := strings.Index(rank[pos:], e)
			if i < 0 {
				t.Fatalf("after %q, missing (or out of order) %q in:\n%s", st.setting, e, rank)
			}
			pos += i + len(e)
		}
		if got := rank[strings.LastIndex(rank, "\n\n")+2:]; got != st.footer {
			t.Errorf("after %q, the footer is\n%s\nwant\n%s", st.setting, got, st.footer)
		}
		testkit.MustNotContain(t, rank, st.notShown...)
	}
	// The unit ranking follows the same rules: 投资促进局 3 on time, 1 late
	// (17); 发改局 2 late (4).
	testkit.MustContain(t, rankText(h, group, li, "/rank 单位").PlainText,
		"1. 投资促进局\n   到期4 按期3 逾期办结1 逾期未办0 按期率75% 得分17",
		"2. 发改局\n   到期2 按期0 逾期办结2 逾期未办0 按期率0% 得分4")
	testkit.MustContain(t, h.Reply(group, zhang, "/settings").PlainText,
		"排名计分：按期办结5、逾期办结2、逾期未办−3；红旗/黄旗各0名；延期算按期：关；范围：有牵头单位的任务")
	// The rules are the group's own.
	testkit.MustContain(t, h.Reply(otherGrp, zhang, "/settings").PlainText,
		"排名计分：按期办结10、逾期办结4、逾期未办−5；红旗/黄旗各3名；延期算按期：开；范围：全部任务")
	// Back to the defaults: the ranking is the one of the golden file again.
	for _, s := range []string{"/settings 计分 10,4,5", "/settings 红旗 3", "/settings 延期算按期 开", "/settings 排名范围 全部"} {
		h.Reply(group, boss, s)
	}
	testkit.Golden(t, "rank_people_month", rankText(h, group, li, "/rank").PlainText)
}

// TestStats: /stats always answers with a PNG trend chart; its caption
// lists the months that have settled tasks, counted by the group's rules.
func TestStats(t *testing.T) {
	h := rankScenario(t)
	// December: 张伟 submits #10 on time.
	h.Clock.Set(at(12, 15, 10, 0))
	h.Reply(group, zhang, "/done 10")
	out := h.Say(group, li, "/stats")
	if len(out) != 1 {
		t.Fatalf("/stats: want one picture:\n%s", testkit.Dump(out))
	}
	stats := out[0]
	checkPNG(t, stats)
	if stats.ChatID != group || stats.FileName != "stats.png" {
		t.Errorf("stats picture to %d named %q", stats.ChatID, stats.FileName)
	}
	// November: 4 on time of 9 settled (5 on time counting 陈晨's extension:
	// 张伟 2, 王芳 1, 陈晨 1; late 王芳, 李局, 赵敏; overdue 赵敏, Tom).
	// The group's first task came in November: the chart starts there, not
	// eleven empty months earlier.
	want := "📈 招商引资工作群 · 按期办结率（自2026年11月首个任务起）\n2026年11月 44%（4/9）\n2026年12月 100%（1/1）"
	if stats.PlainText != want {
		t.Errorf("caption:\n%s\nwant:\n%s", stats.PlainText, want)
	}
	// Without extensions 陈晨's task is late.
	h.Reply(group, boss, "/settings 延期算按期 关")
	out = h.Say(group, li, "/stats")
	if len(out) != 1 {
		t.Fatalf("/stats: want one picture:\n%s", testkit.Dump(out))
	}
	checkPNG(t, out[0])
	testkit.MustContain(t, out[0].PlainText, "2026年11月 33%（3/9）", "2026年12月 100%（1/1）")
	if bytes.Equal(out[0].FileBytes, stats.FileBytes) {
		t.Error("the chart did not change with the rates")
	}

	// A group with nothing due still gets a picture.
	empty := h.Say(otherGrp, zhang, "/stats")
	if len(empty) != 1 {
		t.Fatalf("/stats in an empty group: want one picture:\n%s", testkit.Dump(empty))
	}
	checkPNG(t, empty[0])
	if want := "📈 另一个群 · 按期办结率\n本群还没有任务。"; empty[0].PlainText != want {
		t.Errorf("empty caption:\n%s\nwant:\n%s", empty[0].PlainText, want)
	}
	if bytes.Equal(empty[0].FileBytes, stats.FileBytes) {
		t.Error("an empty chart looks like a full one")
	}
}

// --- Publication (晾晒成绩单): the real program with its reminder dispatcher.

// newPubHarness runs the program with the reminder dispatcher on, as in
// production, from now.
func newPubHarness(t *testing.T, now time.Time) *e2e.Harness {
	t.Helper()
	return e2e.Start(t, e2e.Options{Now: now, Reminders: true})
}

// publications keeps the publication texts to a chat.
func publications(sent []tgfake.Sent, chat int64) []tgfake.Sent {
	return testkit.Keep(testkit.To(sent, chat), func(s tgfake.Sent) bool { return strings.HasPrefix(s.PlainText, "📣 晾晒成绩单") })
}

// pictures keeps the pictures sent to a chat.
func pictures(sent []tgfake.Sent, chat int64) []tgfake.Sent {
	return testkit.Keep(sent, func(s tgfake.Sent) bool { return s.ChatID == chat && s.Method == "sendPhoto" })
}

// pendingKinds lists a group's unsent publications as "kind 2006-01-02 15:04"
// in zone loc.
func pendingKinds(h *e2e.Harness, chat int64, loc *time.Location) []string {
	h.T.Helper()
	rs, err := h.Store.PendingReminders(context.Background(), h.Chat(chat).ID)
	if err != nil {
		h.T.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		if strings.HasPrefix(string(r.Kind), "pub_") {
			out = append(out, string(r.Kind)+" "+r.At.In(loc).Format("2006-01-02 15:04"))
		}
	}
	return out
}

// calendar is the built-in working-day calendar, quiet about years it has
// no file for.
func calendar() *workday.Calendar {
	cal, err := workday.Load("", slog.New(slog.DiscardHandler))
	if err != nil {
		panic(err)
	}
	return cal
}

// firstWorkday is 09:00 on the first working day of a month in loc, by the
// built-in calendar.
func firstWorkday(year int, month time.Month, loc *time.Location) time.Time {
	cal := calendar()
	d := time.Date(year, month, 1, 9, 0, 0, 0, loc)
	for !cal.IsWorkday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// TestPublicationMonthly: November's 成绩单 goes out once, at 09:00 on
// Tuesday 1 December in each group's own zone, as one message with the
// people's and the units' rankings and one picture of both; not again
// later, nor after a restart; in January the quarter, the half-year and the
// year come together in one message, and December, with nothing due,
// publishes nothing. A group whose ranking has a single entry publishes
// nothing either.
func TestPublicationMonthly(t *testing.T) {
	h := newPubHarness(t, at(11, 23, 10, 0)) // Monday
	h.Answer(group, boss, "/settings 确认 关", "已更新")
	h.Answer(group, boss, "/settings 计分 5,2,3", "已更新")
	h.Reply(group, boss, "/unit add 投资促进局 @zhangwei @wangfang")
	h.Reply(group, boss, "/unit add 发改局 @lijv")
	h.Answer(group, boss, "/assign @zhangwei 项目申报 明天", "已交办") // #1 on time
	h.Answer(group, boss, "/assign @wangfang 招商台账 明天", "已交办") // #2 late
	h.Answer(group, boss, "/assign @lijv 政策兑现 11月25日", "已交办") // #3 on time
	h.Answer(otherGrp, boss, "/settings 时区 America/New_York", "已更新")
	h.Answer(otherGrp, boss, "/settings 确认 关", "已更新")
	h.Answer(otherGrp, boss, "/assign @zhangwei 海外推介 11月26日", "已交办")
	h.Answer(otherGrp, boss, "/assign @wangfang 外资对接 11月26日", "已交办")

	h.Advance(at(11, 24, 9, 0))
	h.Reply(group, zhang, "/done 1")
	h.Reply(group, li, "/done 3")
	h.Reply(otherGrp, zhang, "/done 1")
	h.Advance(at(11, 24, 20, 0))
	h.Reply(group, wang, "/done 2")
	h.Advance(at(11, 28, 10, 0))
	people := h.Say(group, boss, "/rank")[0].PlainText
	units := h.Say(group, boss, "/rank 单位")[0].PlainText
	testkit.MustContain(t, people, "1. 张伟（投资促进局）\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分5",
		"1. 李局（发改局）\n   到期1 按期1", "3. 王芳（投资促进局）\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分2", "按期办结×5")
	testkit.MustContain(t, units, "1. 投资促进局\n   到期2 按期1 逾期办结1 逾期未办0 按期率50% 得分7",
		"2. 发改局\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分5")
	testkit.MustContain(t, strings.Join(pendingKinds(h, group, testkit.Shanghai), "\n"), "pub_month 2026-12-01 09:00")
	testkit.MustContain(t, strings.Join(pendingKinds(h, otherGrp, testkit.NewYork), "\n"), "pub_month 2026-12-01 09:00")

	// Nothing before 09:00.
	if got := publications(h.Advance(at(12, 1, 8, 59)), group); len(got) != 0 {
		t.Fatalf("published before 09:00:\n%s", testkit.Dump(got))
	}
	mark := h.Fake.Mark()
	h.Clock.Set(at(12, 1, 9, 0))
	first := h.WaitFor(mark, "November's 成绩单", func(s tgfake.Sent) bool {
		return s.ChatID == group && strings.HasPrefix(s.PlainText, "📣 晾晒成绩单")
	})
	h.CatchUp()
	sent := h.Fake.Sent()[mark:]
	pubs, pics := publications(sent, group), pictures(sent, group)
	if len(pubs) != 1 || len(pics) != 1 {
		t.Fatalf("want one message with both rankings, and one picture:\n%s", testkit.Dump(sent))
	}
	if pubs[0].Seq != first.Seq || pubs[0].Seq > pics[0].Seq {
		t.Errorf("want the text, then the picture:\n%s", testkit.Dump(sent))
	}
	// The text holds November's /rank, people and units, the formula once.
	want := "📣 晾晒成绩单 · 招商引资工作群\n\n【每月亮成绩 · 2026年11月】\n个人排名" + ranked(people) + "\n单位排名" + ranked(units) +
		"\n\n" + formula(people)
	if pubs[0].PlainText != want {
		t.Errorf("published:\n%s\nwant:\n%s", pubs[0].PlainText, want)
	}
	if n := strings.Count(pubs[0].PlainText, "计分："); n != 1 {
		t.Errorf("the formula appears %d times", n)
	}
	checkPNG(t, pics[0])
	if want := "🏆 招商引资工作群 · 每月亮成绩 · 2026年11月"; pics[0].PlainText != want {
		t.Errorf("picture caption %q, want %q", pics[0].PlainText, want)
	}
	if !pubs[0].At.Equal(at(12, 1, 9, 0)) || !pics[0].At.Equal(at(12, 1, 9, 0)) {
		t.Errorf("sent at %v and %v, want 09:00 on 1 December", pubs[0].At, pics[0].At)
	}
	// The picture shows both rankings: taller than the people's alone.
	if pic := checkPNG(t, pics[0]); pic.Bounds().Dy() <= checkPNG(t, h.Say(group, boss, "/rank 上月")[1]).Bounds().Dy() {
		t.Errorf("the publication's picture is no taller than one ranking's")
	}
	// 09:00 in Shanghai is 20:00 the evening before in New York.
	if got := publications(sent, otherGrp); len(got) != 0 {
		t.Fatalf("another zone's group published at 09:00 Shanghai:\n%s", testkit.Dump(got))
	}
	if got := publications(h.Advance(time.Date(2026, 12, 1, 8, 59, 0, 0, testkit.NewYork)), otherGrp); len(got) != 0 {
		t.Fatalf("published before 09:00 New York:\n%s", testkit.Dump(got))
	}
	mark = h.Fake.Mark()
	h.Clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, testkit.NewYork))
	ny := h.WaitFor(mark, "New York's 成绩单", func(s tgfake.Sent) bool {
		return s.ChatID == otherGrp && strings.HasPrefix(s.PlainText, "📣 晾晒成绩单")
	})
	testkit.MustContain(t, ny.PlainText, "📣 晾晒成绩单 · 另一个群\n\n【每月亮成绩 · 2026年11月】\n个人排名\n",
		"1. 张伟\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分10", "按期办结×10")
	testkit.MustNotContain(t, ny.PlainText, "单位排名") // no units there
	h.CatchUp()

	// Once: a week later nothing more, in either group.
	later := h.Advance(at(12, 8, 12, 0))
	if got := append(publications(later, group), publications(later, otherGrp)...); len(got) != 0 {
		t.Fatalf("published again:\n%s", testkit.Dump(got))
	}
	// A restart does not publish November again.
	restarted := h.Fake.Mark()
	h.Restart()
	h.Advance(at(12, 9, 12, 0))
	for _, chat := range []int64{group, otherGrp} {
		n := 0
		for _, s := range publications(h.Fake.Sent(), chat) {
			if strings.Contains(s.PlainText, "每月亮成绩") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("chat %d: November published %d times across the restart, want once", chat, n)
		}
	}
	if got := publications(h.Fake.Sent()[restarted:], group); len(got) != 0 {
		t.Fatalf("the restarted program published:\n%s", testkit.Dump(got))
	}

	// January: December had nothing due (no 成绩单); the fourth quarter,
	// the second half and the year are one publication: one message, and
	// one picture, since the three periods rank the same.
	jan := firstWorkday(2027, time.January, testkit.Shanghai)
	testkit.MustContain(t, strings.Join(pendingKinds(h, group, testkit.Shanghai), "\n"), "pub_month "+jan.Format("2006-01-02 15:04"),
		"pub_quarter "+jan.Format("2006-01-02 15:04"), "pub_half "+jan.Format("2006-01-02 15:04"), "pub_year "+jan.Format("2006-01-02 15:04"))
	sent = h.Advance(jan.Add(time.Hour))
	pubs = publications(sent, group)
	if len(pubs) != 1 {
		t.Fatalf("January: %d publications, want one:\n%s", len(pubs), testkit.Dump(sent))
	}
	if !pubs[0].At.Equal(jan) {
		t.Errorf("sent at %v, want %v", pubs[0].At, jan)
	}
	testkit.MustContain(t, pubs[0].PlainText, "【每季抢红旗 · 2026年第4季度】\n个人排名\n1. 张伟",
		"【半年一总结 · 2026年下半年】\n与【每季抢红旗 · 2026年第4季度】相同。",
		"【全年列榜单 · 2026年】\n与【每季抢红旗 · 2026年第4季度】相同。")
	testkit.MustNotContain(t, testkit.Dump(sent), "每月亮成绩")
	if n := len(pictures(sent, group)); n != 1 {
		t.Errorf("%d pictures for three periods that rank the same, want 1", n)
	}
}

// ranked is the entries of a /rank text: the lines between its heading and
// its formula.
func ranked(rank string) string {
	parts := strings.Split(rank, "\n\n")
	return "\n" + parts[1]
}

// formula is the formula under a /rank text.
func formula(rank string) string {
	parts := strings.Split(rank, "\n\n")
	return parts[len(parts)-1]
}

// TestPublicationAfterDowntime: the bot was down over 09:00 on 1 December;
// November's 成绩单 goes out late, once, when it is back, and not again
// after a further restart.
func TestPublicationAfterDowntime(t *testing.T) {
	h := newPubHarness(t, at(11, 23, 10, 0))
	h.Answer(group, boss, "/settings 确认 关", "已更新")
	h.Answer(group, boss, "/assign @zhangwei 项目申报 明天", "已交办")
	h.Answer(group, boss, "/assign @wangfang 招商台账 明天", "已交办")
	h.Reply(group, zhang, "/done 1")
	h.Advance(at(11, 30, 20, 0))
	h.RestartAt(at(12, 1, 11, 30))
	pub := h.WaitFor(0, "November's 成绩单 after the downtime", func(s tgfake.Sent) bool {
		return s.ChatID == group && strings.HasPrefix(s.PlainText, "📣 晾晒成绩单")
	})
	testkit.MustContain(t, pub.PlainText, "📣 晾晒成绩单 · 招商引资工作群\n\n【每月亮成绩 · 2026年11月】\n个人排名\n",
		"1. 张伟\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分10", "2. 王芳\n   到期1 按期0 逾期办结0 逾期未办1")
	if !pub.At.Equal(at(12, 1, 11, 30)) {
		t.Errorf("sent at %v", pub.At)
	}
	h.CatchUp()
	checkPNG(t, h.WaitFor(pub.Seq+1, "its picture", func(s tgfake.Sent) bool { return s.ChatID == group && s.Method == "sendPhoto" }))
	h.RestartAt(at(12, 1, 12, 0))
	h.Advance(at(12, 2, 12, 0))
	if n := len(publications(h.Fake.Sent(), group)); n != 1 {
		t.Errorf("November published %d times, want once:\n%s", n, testkit.Dump(publications(h.Fake.Sent(), group)))
	}
}

// TestPublicationQuarterAfterHoliday: September's 成绩单 and the third
// quarter's 红旗/黄旗 wait for the first working day after 国庆: Thursday
// 8 October 2026, 09:00.
func TestPublicationQuarterAfterHoliday(t *testing.T) {
	h := newPubHarness(t, at(9, 21, 10, 0)) // Monday
	h.Answer(group, boss, "/settings 确认 关", "已更新")
	h.Answer(group, boss, "/settings 红旗 1", "已更新")
	h.Answer(group, boss, "/settings 周报 关", "已更新")
	h.Answer(group, boss, "/assign @zhangwei 项目申报 明天", "已交办") // #1 on time
	h.Answer(group, boss, "/assign @wangfang 招商台账 明天", "已交办") // #2 late
	h.Answer(group, boss, "/assign @lijv 政策兑现 明天", "已交办")     // #3 overdue
	h.Advance(at(9, 22, 9, 0))
	h.Reply(group, zhang, "/done 1")
	h.Advance(at(9, 23, 10, 0))
	h.Reply(group, wang, "/done 2")

	var early []tgfake.Sent
	for _, t0 := range []time.Time{at(10, 1, 9, 0), at(10, 2, 9, 0), at(10, 7, 23, 59), at(10, 8, 8, 59)} {
		early = append(early, h.Advance(t0)...)
	}
	if got := publications(early, group); len(got) != 0 {
		t.Fatalf("published during the holiday:\n%s", testkit.Dump(got))
	}
	mark := h.Fake.Mark()
	h.Clock.Set(at(10, 8, 9, 0))
	h.WaitFor(mark, "the month's and the quarter's 红旗/黄旗", func(s tgfake.Sent) bool {
		return s.ChatID == group && strings.HasPrefix(s.PlainText, "📣 晾晒成绩单")
	})
	h.CatchUp()
	sent := h.Fake.Sent()[mark:]
	pubs := publications(sent, group)
	// One message for both periods; September and the quarter rank the
	// same, so one picture.
	if len(pubs) != 1 || len(pictures(sent, group)) != 1 {
		t.Fatalf("want the month and the quarter in one message, with one picture:\n%s", testkit.Dump(sent))
	}
	want := "📣 晾晒成绩单 · 招商引资工作群\n\n【每月亮成绩 · 2026年9月】\n个人排名" +
		"\n1. 🚩张伟\n   到期1 按期1 逾期办结0 逾期未办0 按期率100% 得分10" +
		"\n2. 王芳\n   到期1 按期0 逾期办结1 逾期未办0 按期率0% 得分4" +
		"\n3. 🟨李局\n   到期1 按期0 逾期办结0 逾期未办1 按期率0% 得分-5" +
		"\n\n【每季抢红旗 · 2026年第3季度】\n与【每月亮成绩 · 2026年9月】相同。" +
		"\n\n计分：按期办结×10 + 逾期办结×4 − 逾期未办×5；同分看按期率，再看姓名。\n按期率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办），只计已到期的任务。\n" +
		"满2名时前1名🚩红旗、后1名🟨黄旗。"
	if pubs[0].PlainText != want {
		t.Errorf("published:\n%s\nwant:\n%s", pubs[0].PlainText, want)
	}
	if !pubs[0].At.Equal(at(10, 8, 9, 0)) {
		t.Errorf("sent at %v", pubs[0].At)
	}
	// Both once: the next ones wait for November and January.
	testkit.MustContain(t, strings.Join(pendingKinds(h, group, testkit.Shanghai), "\n"), "pub_month 2026-11-02 09:00",
		"pub_quarter "+firstWorkday(2027, time.January, testkit.Shanghai).Format("2006-01-02 15:04"))
	if got := publications(h.Advance(at(10, 12, 10, 0)), group); len(got) != 0 {
		t.Fatalf("published again:\n%s", testkit.Dump(got))
	}
}

// TestPublicationOffOrEmpty: a group that turned 晾晒 off publishes nothing,
// nor does a group with nothing due last month; turning it back on plans
// the next one, not the missed one.
func TestPublicationOffOrEmpty(t *testing.T) {
	h := newPubHarness(t, at(11, 23, 10, 0))
	h.Answer(group, boss, "/settings 确认 关", "已更新")
	h.Answer(group, boss, "/assign @zhangwei 项目申报 明天", "已交办")
	h.Reply(group, zhang, "/done 1")
	h.Answer(group, boss, "/settings 晾晒 关", "自动晾晒排名：关")
	if got := pendingKinds(h, group, testkit.Shanghai); len(got) != 0 {
		t.Errorf("publications planned while off: %v", got)
	}
	// The other group's only task is due in December.
	h.Answer(otherGrp, boss, "/assign @zhangwei 年终总结 12月20日", "已交办")
	testkit.MustContain(t, strings.Join(pendingKinds(h, otherGrp, testkit.Shanghai), "\n"), "pub_month 2026-12-01 09:00")

	sent := h.Advance(at(12, 1, 12, 0))
	for _, chat := range []int64{group, otherGrp} {
		if got := append(publications(sent, chat), pictures(sent, chat)...); len(got) != 0 {
			t.Errorf("chat %d published:\n%s", chat, testkit.Dump(got))
		}
	}
	// The other group's December publication was done with (nothing to
	// say), not left pending.
	testkit.MustNotContain(t, strings.Join(pendingKinds(h, otherGrp, testkit.Shanghai), "\n"), "pub_month 2026-12-01")
	testkit.MustContain(t, strings.Join(pendingKinds(h, otherGrp, testkit.Shanghai), "\n"),
		"pub_month "+firstWorkday(2027, time.January, testkit.Shanghai).Format("2006-01-02 15:04"))
	// Back on: November is not published late; January's is planned.
	h.Answer(group, boss, "/settings 晾晒 开", "自动晾晒排名：开")
	if got := publications(h.Advance(at(12, 2, 12, 0)), group); len(got) != 0 {
		t.Errorf("published after switching back on:\n%s", testkit.Dump(got))
	}
	testkit.MustContain(t, strings.Join(pendingKinds(h, group, testkit.Shanghai), "\n"),
		"pub_month "+firstWorkday(2027, time.January, testkit.Shanghai).Format("2006-01-02 15:04"))
}

// TestPublicationCalendar asks the planner directly when each publication
// of a group goes out: 09:00 on the first working day of its month, in the
// group's zone, holidays skipped and 调休 working weekends included.
func TestPublicationCalendar(t *testing.T) {
	p := &scheduler.Planner{Cal: calendar()}
	chat := func(zone string, with ...func(*models.Chat)) *models.Chat {
		c := &models.Chat{ID: 7, TelegramID: group, Type: "supergroup", Title: "招商引资工作群", Zone: zone,
			QuietStart: 22 * 60, QuietEnd: 8 * 60, Publish: true}
		for _, f := range with {
			f(c)
		}
		return c
	}
	sh := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, testkit.Shanghai)
		if err != nil {
			panic(err)
		}
		return t
	}
	cases := []struct {
		name string
		chat *models.Chat
		now  time.Time
		want []string // "kind at (due)" in the group's zone, for 2026 dates only
	}{
		{"December: Tuesday the 1st", chat("Asia/Shanghai"), sh("2026-11-23 10:00"),
			[]string{"pub_month 2026-12-01 09:00 (09:00)"}},
		{"still owed at 08:59", chat("Asia/Shanghai"), sh("2026-12-01 08:59"),
			[]string{"pub_month 2026-12-01 09:00 (09:00)"}},
		{"国庆: 1–7 October off, so the 8th", chat("Asia/Shanghai"), sh("2026-09-21 10:00"),
			[]string{"pub_month 2026-10-08 09:00 (09:00)", "pub_quarter 2026-10-08 09:00 (09:00)"}},
		{"once it went out, the next month's: 1 November is a Sunday", chat("Asia/Shanghai"), sh("2026-10-08 09:00"),
			[]string{"pub_month 2026-11-02 09:00 (09:00)"}},
		{"元旦 2026: the 4th, a Sunday worked (调休)", chat("Asia/Shanghai"), sh("2025-12-31 10:00"),
			[]string{"pub_month 2026-01-04 09:00 (09:00)", "pub_quarter 2026-01-04 09:00 (09:00)",
				"pub_half 2026-01-04 09:00 (09:00)", "pub_year 2026-01-04 09:00 (09:00)"}},
		{"劳动节: 1–5 May off", chat("Asia/Shanghai"), sh("2026-04-30 10:00"),
			[]string{"pub_month 2026-05-06 09:00 (09:00)", "pub_quarter 2026-07-01 09:00 (09:00)", "pub_half 2026-07-01 09:00 (09:00)"}},
		{"July: month, quarter and half-year", chat("Asia/Shanghai"), sh("2026-06-15 10:00"),
			[]string{"pub_month 2026-07-01 09:00 (09:00)", "pub_quarter 2026-07-01 09:00 (09:00)", "pub_half 2026-07-01 09:00 (09:00)"}},
		{"New York: 09:00 there", chat("America/New_York"), sh("2026-12-01 09:00"), // 30 Nov 20:00 in New York
			[]string{"pub_month 2026-12-01 09:00 (09:00)"}},
		{"quiet hours until 10:00 put it off, the period stays", chat("Asia/Shanghai", func(c *models.Chat) { c.QuietEnd = 10 * 60 }),
			sh("2026-11-23 10:00"), []string{"pub_month 2026-12-01 09:00 (10:00)"}},
		{"晾晒 关", chat("Asia/Shanghai", func(c *models.Chat) { c.Publish = false }), sh("2026-11-23 10:00"), nil},
	}
	for _, c := range cases {
		loc := c.chat.Location()
		var got []string
		for _, r := range p.PlanDigests(c.chat, c.now) {
			if !strings.HasPrefix(string(r.Kind), "pub_") || r.At.In(loc).Year() > 2026 {
				continue // 2027 has no holiday file yet
			}
			got = append(got, fmt.Sprintf("%s %s (%s)", r.Kind, r.At.In(loc).Format("2006-01-02 15:04"), r.DueAt.In(loc).Format("15:04")))
			if period, ok := r.Kind.Period(r.At.In(loc)); !ok || !period.To.Equal(time.Date(r.At.In(loc).Year(), r.At.In(loc).Month(), 1, 0, 0, 0, 0, loc)) {
				t.Errorf("%s: %s covers %v–%v, want the period that ended on the 1st", c.name, r.Kind, period.From, period.To)
			}
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestPublicationSurvivesTransientFailure: on Monday 1 June 2026 the weekly
// 调度 and May's 成绩单 are both due at 09:00. Telegram fails the
// publication once (502); the weekly digest goes out, and the publication
// must follow on its retry (replanning after the digest must not drop it).
func TestPublicationSurvivesTransientFailure(t *testing.T) {
	h := newPubHarness(t, at(5, 25, 10, 0)) // Monday
	h.Answer(group, boss, "/settings 确认 关", "已更新")
	h.Answer(group, boss, "/assign @zhangwei 项目申报 明天", "已交办")
	h.Answer(group, boss, "/assign @wangfang 招商台账 明天", "已交办")
	h.Reply(group, zhang, "/done 1")
	h.Reply(group, wang, "/done 2")
	h.Advance(at(6, 1, 8, 59))
	mark := h.Fake.Mark()
	h.Fake.FailNext("sendMessage", group, tgfake.Fault{Code: 502})
	h.Advance(at(6, 2, 12, 0))
	sent := h.Fake.Sent()[mark:]
	if got := publications(sent, group); len(got) != 1 || !strings.Contains(got[0].PlainText, "2026年5月") {
		t.Fatalf("May's 成绩单 after a failed first attempt: %d sent, want 1:\n%s", len(got), testkit.Dump(sent))
	}
	if n := strings.Count(testkit.Dump(sent), "每周调度"); n != 1 {
		t.Errorf("%d weekly digests, want 1", n)
	}
}
