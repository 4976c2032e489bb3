package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCmd runs duban with args and environment, returning exit code, stdout
// and stderr.
func runCmd(t testing.TB, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpListsEverySubcommand(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, out, _ := runCmd(t, nil, "", args...)
		if code != 0 {
			t.Errorf("%v: exit %d, want 0", args, code)
		}
		for _, want := range []string{"duban console", "duban when", "duban backup", "DUBAN_WEBHOOK_SECRET", "DUBAN_LOG_FORMAT", "duban version", "duban help", "TELEGRAM_BOT_TOKEN", "DUBAN_DB", "DUBAN_TZ"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: help does not mention %q:\n%s", args, want, out)
			}
		}
	}
}

// The run line tells both ways the bot takes its updates: long polling, or
// a webhook once DUBAN_PUBLIC_URL is set.
func TestHelpRunLineNamesWebhookMode(t *testing.T) {
	_, out, _ := runCmd(t, nil, "", "help")
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "duban [flags]") {
			for _, want := range []string{"long polling", "webhook", "DUBAN_PUBLIC_URL"} {
				if !strings.Contains(l, want) {
					t.Errorf("the run line does not mention %q: %s", want, l)
				}
			}
			return
		}
	}
	t.Errorf("help has no run line:\n%s", out)
}

func TestRunWithoutTokenExits2(t *testing.T) {
	code, _, errOut := runCmd(t, nil, "")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut, "TELEGRAM_BOT_TOKEN is not set") {
		t.Errorf("stderr does not explain the missing token:\n%s", errOut)
	}
}

func TestBadConfigurationExits2WithoutLeakingTheToken(t *testing.T) {
	code, _, errOut := runCmd(t, map[string]string{"TELEGRAM_BOT_TOKEN": "123:SECRET", "DUBAN_TZ": "Nowhere/City"}, "")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if strings.Contains(errOut, "SECRET") {
		t.Errorf("stderr leaks the token:\n%s", errOut)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := runCmd(t, nil, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCmd(t, nil, "", "version")
	if code != 0 || !strings.HasPrefix(out, "duban ") {
		t.Errorf("exit %d, out %q", code, out)
	}
}

func TestWhen(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "下周五前"}, 0, "2026-12-04T18:00:00+08:00\n", ""},
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "12月1日", "下午3点"}, 0, "2026-12-01T15:00:00+08:00\n", ""},
		{[]string{"-now", "2026-11-23T02:00:00Z", "-tz", "America/New_York", "tomorrow"}, 0, "2026-11-23T18:00:00-05:00\n", ""},
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "尽快"}, 1, "", "尽快"},
		// The words of issue 11, with the convention they follow.
		{[]string{"-now", "2026-12-01T10:00:00+08:00", "11月30日前"}, 1, "", "11月30日已经过去了，请重新确认截止时间"},
		{[]string{"-now", "2026-12-01T10:00:00+08:00", "1月5日前"}, 0, "2027-01-05T18:00:00+08:00\n说明：没写年份，按最近的2027年1月5日\n", ""},
		{[]string{"-now", "2026-12-01T10:00:00+08:00", "下月初"}, 0, "2027-01-05T18:00:00+08:00\n说明：月初按5日计\n", ""},
		{[]string{"-now", "2026-12-01T10:00:00+08:00", "春节前"}, 0, "2027-02-04T18:00:00+08:00\n说明：节前按放假前最后一个工作日计；春节放假2月5日至2月8日；2027年放假调休安排尚未公布，暂按法定节假日推算\n", ""},
		{[]string{"-now", "2026-12-01T10:00:00+08:00", "明天下午3点至5点"}, 0, "2026-12-02T17:00:00+08:00\n说明：时间段以结束时间为准\n", ""},
		{[]string{"-now", "2026-12-20T10:00:00+08:00", "昨天"}, 1, "", "12月30日下午3点"}, // examples lie ahead
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "昨天"}, 1, "", "下周五前"},
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "2月30日"}, 1, "", "2月30日"},
		{[]string{"-now", "2026-11-23T10:00:00+08:00"}, 1, "", "例如"},
		{[]string{"-now", "not-a-time", "明天"}, 2, "", "RFC3339"},
		{[]string{"-tz", "Mars/Base", "明天"}, 2, "", "时区"},
		// Recurring phrases (issue 14): the rule and its next three occurrences.
		{[]string{"-now", "2026-09-21T10:00:00+08:00", "每周五下班前"}, 0, "周期：每周五 18:00\n" +
			"说明：遇周末或节假日提前到本周前一个工作日，整周放假则当周没有\n接下来3次：\n" +
			"2026-09-24 18:00 周四（原为2026-09-25 周五，不是工作日）\n" +
			"2026-09-30 18:00 周三（原为2026-10-02 周五，不是工作日）\n2026-10-09 18:00 周五\n", ""},
		{[]string{"-now", "2026-11-23T10:00:00-05:00", "-tz", "America/New_York", "每月底"}, 0, "周期：每月底 18:00\n" +
			"说明：遇周末或节假日提前到前一个工作日\n接下来3次：\n2026-11-30 18:00 周一\n" +
			"2026-12-31 18:00 周四\n2027-01-29 18:00 周五（原为2027-01-31 周日，不是工作日）\n", ""},
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "每两周五"}, 1, "", "暂不支持"},
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "每周"}, 1, "", "没有说每周几，例如「每周五下班前」"},
		{[]string{"-now", "2026-11-23T10:00:00+08:00", "每月32日"}, 1, "", "可以这样写，例如：「每周五下班前」"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, nil, "", append([]string{"when"}, tt.args...)...)
		if code != tt.code || out != tt.out || !strings.Contains(errOut, tt.err) {
			t.Errorf("when %v: exit %d, out %q, err %q; want exit %d, out %q, err containing %q",
				tt.args, code, out, errOut, tt.code, tt.out, tt.err)
		}
	}
}

func TestConsoleScript(t *testing.T) {
	script := strings.Join([]string{
		"/assign @zhangwei @赵敏 完成项目申报材料 下周五前 单位：投资促进局",
		":as 张伟",
		":press 1",
		"/done 1 已报送",
		":as 刘书记",
		":press 1",
		"/assign @wangfang 写总结",
		"3个工作日内",
		":dm",
	}, "\n")
	code, out, errOut := runCmd(t, map[string]string{"DUBAN_TZ": "Asia/Shanghai"}, script, "console")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"✅ 已交办", "#1 完成项目申报材料", "主办：张伟", "协办：赵敏", "[1 收到]",
		"🔔 已签收", "[1 确认办结] [2 退回]", "已由 刘书记 确认办结",
		"请回复截止时间", "#2 写总结", "我是督办机器人",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}
