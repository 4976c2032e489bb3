package deadline

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Rules written as literals in the tables.
var (
	workdays18 = Rule{Cadence: Daily, Hour: 18}
	friday18   = Rule{Cadence: Weekly, Weekday: time.Friday, Hour: 18}
)

func weekly(wd time.Weekday, h, m int) Rule {
	return Rule{Cadence: Weekly, Weekday: wd, Hour: h, Minute: m}
}
func monthly(d, h int) Rule      { return Rule{Cadence: Monthly, Day: d, Hour: h} }
func quarterly(m, d, h int) Rule { return Rule{Cadence: Quarterly, Month: m, Day: d, Hour: h} }
func yearly(m, d, h int) Rule    { return Rule{Cadence: Yearly, Month: m, Day: d, Hour: h} }

type ruleCase struct {
	in   string
	want Rule // zero when an error is expected
	kind Kind // the error expected
}

var ruleCases = []ruleCase{
	// Every working day: 每天 means working days too.
	{"每天", workdays18, 0},
	{"每日", workdays18, 0},
	{"每一天", workdays18, 0},
	{"每个工作日", workdays18, 0},
	{"每工作日", workdays18, 0},
	{"每一个工作日", workdays18, 0},
	{"每天下班前", workdays18, 0},
	{"每个工作日上午9点", Rule{Cadence: Daily, Hour: 9}, 0},
	{"每天上午9点前", Rule{Cadence: Daily, Hour: 9}, 0},
	{"每天8点半", Rule{Cadence: Daily, Hour: 8, Minute: 30}, 0},
	{"每天 17:30", Rule{Cadence: Daily, Hour: 17, Minute: 30}, 0},
	{"每天上午", Rule{Cadence: Daily, Hour: 12}, 0},
	{"每天晚上12点前", Rule{Cadence: Daily, Hour: 24}, 0},
	{"每天24:00", Rule{Cadence: Daily, Hour: 24}, 0},
	{"每天3点", Rule{Cadence: Daily, Hour: 15}, 0}, // a bare 3点 is 15:00, as in deadlines

	// Weekly.
	{"每周五", friday18, 0},
	{"每周五下班前", friday18, 0},
	{"每周五前", friday18, 0},
	{"每周五 下班前", friday18, 0},
	{"每周一上午10点", weekly(time.Monday, 10, 0), 0},
	{"每周一上午10点前", weekly(time.Monday, 10, 0), 0},
	{"每星期三下午3点半", weekly(time.Wednesday, 15, 30), 0},
	{"每个星期四", weekly(time.Thursday, 18, 0), 0},
	{"每礼拜二", weekly(time.Tuesday, 18, 0), 0},
	{"每周的周五", friday18, 0},
	{"每周周五", friday18, 0},
	{"每周五的下午4点", weekly(time.Friday, 16, 0), 0},
	{"每逢周五", friday18, 0},
	{"每週五下班前", friday18, 0}, // traditional
	{"每周五 18:00", friday18, 0},

	// Monthly.
	{"每月5日前", monthly(5, 18), 0},
	{"每月5日", monthly(5, 18), 0},
	{"每月5号", monthly(5, 18), 0},
	{"每月５日前", monthly(5, 18), 0}, // full-width digit
	{"每个月5日", monthly(5, 18), 0},
	{"每月的5日前", monthly(5, 18), 0},
	{"每月 5 日前", monthly(5, 18), 0},
	{"每月十五日", monthly(15, 18), 0},
	{"每月25日上午10点前", monthly(25, 10), 0},
	{"每月底", monthly(0, 18), 0},
	{"每月末", monthly(0, 18), 0},
	{"每个月底前", monthly(0, 18), 0},
	{"每月最后一天", monthly(0, 18), 0},
	{"每月最后一个工作日", monthly(0, 18), 0},
	{"每月31日", monthly(31, 18), 0},
	{"每月初", monthly(5, 18), 0},
	{"每月中", monthly(15, 18), 0},
	{"每月上旬", monthly(10, 18), 0},
	{"每月中旬", monthly(20, 18), 0},
	{"每月下旬", monthly(0, 18), 0},

	// Quarterly.
	{"每季度末", quarterly(3, 0, 18), 0},
	{"每季末", quarterly(3, 0, 18), 0},
	{"每个季度末", quarterly(3, 0, 18), 0},
	{"每季度最后一天前", quarterly(3, 0, 18), 0},
	{"每季度首月10日", quarterly(1, 10, 18), 0},
	{"每季度第一个月10日前", quarterly(1, 10, 18), 0},
	{"每季度第二个月5号", quarterly(2, 5, 18), 0},
	{"每季度末月20日", quarterly(3, 20, 18), 0},
	{"每季度最后一个月底", quarterly(3, 0, 18), 0},

	// Yearly.
	{"每年12月20日前", yearly(12, 20, 18), 0},
	{"每年的12月20日", yearly(12, 20, 18), 0},
	{"每年十二月二十日", yearly(12, 20, 18), 0},
	{"每年年底", yearly(12, 31, 18), 0},
	{"每年底", yearly(12, 31, 18), 0},
	{"每年2月29日", yearly(2, 29, 18), 0},
	{"每年2月底", yearly(2, 0, 18), 0},
	{"每年6月中旬", yearly(6, 20, 18), 0},

	// Prefixes that say "by".
	{"请于每月5日前", monthly(5, 18), 0},
	{"须在每周五下班前", friday18, 0},

	// English.
	{"every day", workdays18, 0},
	{"every working day at 9am", Rule{Cadence: Daily, Hour: 9}, 0},
	{"every weekday", workdays18, 0},
	{"Every Friday", friday18, 0},
	{"every friday 5pm", weekly(time.Friday, 17, 0), 0},
	{"every monday at 10:00", weekly(time.Monday, 10, 0), 0},
	{"every month on the 5th", monthly(5, 18), 0},
	{"end of every month", monthly(0, 18), 0},
	{"at the end of every quarter", quarterly(3, 0, 18), 0},
	{"every year on dec 20", yearly(12, 20, 18), 0},

	// Dates and times that do not exist.
	{"每月32日", Rule{}, Impossible},
	{"每月0日", Rule{}, Impossible},
	{"每年2月30日", Rule{}, Impossible},
	{"每年4月31日", Rule{}, Impossible},
	{"每年13月1日", Rule{}, Impossible},
	{"每周五25点", Rule{}, Impossible},
	{"每天18:60", Rule{}, Impossible},
	{"every month on the 40th", Rule{}, Impossible},

	// Cadences duban does not keep.
	{"每两周五", Rule{}, Unsupported},
	{"每两周的周五", Rule{}, Unsupported},
	{"每隔一周的周一", Rule{}, Unsupported},
	{"每双周五", Rule{}, Unsupported},
	{"每两个月5日", Rule{}, Unsupported},
	{"每半月底", Rule{}, Unsupported},
	{"每两天上午9点", Rule{}, Unsupported},
	{"每周一、三、五", Rule{}, Unsupported},
	{"每周一和周四", Rule{}, Unsupported},
	{"每周一至周五", Rule{}, Unsupported},
	{"每月5日、20日", Rule{}, Unsupported},
	{"每周末", Rule{}, Unsupported},
	{"每周六", Rule{}, Unsupported},
	{"每周日上午10点", Rule{}, Unsupported},
	{"每天晚上12点半", Rule{}, Unsupported},
	{"every other friday", Rule{}, Unsupported},
	{"every 2 weeks on monday", Rule{}, Unsupported},
	{"every sunday", Rule{}, Unsupported},

	// Incomplete: ParseRule says what is missing.
	{"每周", Rule{}, Unrecognized},
	{"每月", Rule{}, Unrecognized},
	{"每季度", Rule{}, Unrecognized},
	{"每年", Rule{}, Unrecognized},
	{"每季度首月", Rule{}, Unrecognized},
	{"每周五 报送进展", Rule{}, Unrecognized},
	{"every month", Rule{}, Unrecognized},
}

func TestParseRule(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRule(tc.in)
			if tc.kind != 0 {
				checkRuleError(t, tc.in, err, tc.kind)
				return
			}
			if err != nil {
				t.Fatalf("ParseRule(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Fatalf("ParseRule(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
			// The text a card shows and a store keeps reads back the same.
			back, err := ParseRule(got.String())
			if err != nil || back != got {
				t.Errorf("ParseRule(%q) = %+v, %v; want %+v", got.String(), back, err, got)
			}
		})
	}
}

// checkRuleError asserts that err is an *Error of the kind with a reason in
// Chinese and in English.
func checkRuleError(t *testing.T, in string, err error, kind Kind) {
	t.Helper()
	checkError(t, in, err, kind)
	var e *Error
	if errors.As(err, &e) && (e.English == "" || hasHan(unquoted(e.English)) || !strings.Contains(in, e.Phrase)) {
		t.Errorf("%q: English reason %q, phrase %q: want English words and a part of the input", in, e.English, e.Phrase)
	}
}

// unquoted is s without its "quoted" parts (the phrases an English reason
// quotes may be Chinese).
func unquoted(s string) string {
	parts := strings.Split(s, `"`)
	var b strings.Builder
	for i := 0; i < len(parts); i += 2 {
		b.WriteString(parts[i])
	}
	return b.String()
}

func TestParseRuleNoPhrase(t *testing.T) {
	for _, in := range []string{"", "  ", "下周五前", "12月5日", "报送进展", "every", "everyday tasks"} {
		if _, err := ParseRule(in); !errors.Is(err, ErrNoRule) {
			t.Errorf("ParseRule(%q) = %v, want ErrNoRule", in, err)
		}
	}
}

func TestRuleErrorReasons(t *testing.T) {
	for in, want := range map[string]string{
		"每周":      "「每周」没有说每周几，例如「每周五下班前」",
		"每月":      "「每月」没有说每月几日，例如「每月5日前」「每月底」",
		"每月32日":   "「每月32日」没有这一天",
		"每两周五":    "「每两周五」是隔几天（几周、几月）一次的周期，暂不支持；请用每周几、每月几日、每季度末或每年几月几日",
		"每周六":     "「每周六」落在周末，不是工作日；请写明每周几，例如「每周五下班前」",
		"每周五 报送":  "看不懂「报送」：周期只写一个，例如「每周五下班前」",
		"每周一、三、五": "「每周一、三、五」每周不止一天：一项周期任务每周只能有一天，每天都要报请写「每个工作日」",
	} {
		_, err := ParseRule(in)
		var e *Error
		if !errors.As(err, &e) || e.Reason != want {
			t.Errorf("ParseRule(%q): %v, want reason %q", in, err, want)
		}
	}
}

type findRuleCase struct {
	name, in string
	phrase   string // "" when there is none
	rest     string
	want     Rule
	kind     Kind
}

var findRuleCases = []findRuleCase{
	{"issue example", "/assign @zhangwei 报送本周项目进展 每周五下班前", "每周五下班前",
		"/assign @zhangwei 报送本周项目进展", friday18, 0},
	{"in the middle", "请各单位每月5日前报送统计数据", "每月5日前", "请各单位报送统计数据", monthly(5, 18), 0},
	{"with its prefix", "请于每月5日前报送统计数据", "请于每月5日前", "报送统计数据", monthly(5, 18), 0},
	{"at the start", "每季度末报送重点项目进度 @lisi", "每季度末", "报送重点项目进度 @lisi", quarterly(3, 0, 18), 0},
	{"after 每一项", "每一项重点工作都要每季度末报送进展", "每季度末", "每一项重点工作都要报送进展", quarterly(3, 0, 18), 0},
	{"spaces kept once", "报送进展 每周一上午10点 @wangfang", "每周一上午10点", "报送进展 @wangfang", weekly(time.Monday, 10, 0), 0},
	{"yearly", "/assign @a 报送年度总结 每年12月20日前", "每年12月20日前", "/assign @a 报送年度总结", yearly(12, 20, 18), 0},
	{"English", "/assign @bob send the weekly report every friday 5pm", "every friday 5pm",
		"/assign @bob send the weekly report", weekly(time.Friday, 17, 0), 0},

	// No phrase: a cadence without its day may be part of the task.
	{"cadence in the name", "整理每周例会纪要 下周五前", "", "整理每周例会纪要 下周五前", Rule{}, 0},
	{"每一项", "每一项重点工作都要明确节点", "", "每一项重点工作都要明确节点", Rule{}, 0},
	{"interval without a day", "落实每两周一次的调度制度 12月底前", "", "落实每两周一次的调度制度 12月底前", Rule{}, 0},
	{"once a week", "每周一次调度会 下周五前", "", "每周一次调度会 下周五前", Rule{}, 0},
	{"deadline only", "完成报告 下周五前", "", "完成报告 下周五前", Rule{}, 0},
	{"everyday is a word", "everyday tasks by friday", "", "everyday tasks by friday", Rule{}, 0},

	// Unusable.
	{"two cadences", "每周五报送进展，每月5日前报送数据", "每周五", "报送进展，每月5日前报送数据", Rule{}, Unsupported},
	{"interval with a day", "报送进展 每两周五", "每两周五", "报送进展", Rule{}, Unsupported},
	{"impossible", "报送数据 每月32日前", "每月32日前", "报送数据", Rule{}, Impossible},
}

func TestFindRule(t *testing.T) {
	for _, tc := range findRuleCases {
		t.Run(tc.name, func(t *testing.T) {
			rec, rest, err := FindRule(tc.in)
			if rest != tc.rest {
				t.Errorf("FindRule(%q) rest = %q, want %q", tc.in, rest, tc.rest)
			}
			switch {
			case tc.phrase == "":
				if !errors.Is(err, ErrNoRule) {
					t.Fatalf("FindRule(%q) = %+v, %v; want ErrNoRule", tc.in, rec, err)
				}
				return
			case tc.kind != 0:
				checkRuleError(t, tc.in, err, tc.kind)
			case err != nil:
				t.Fatalf("FindRule(%q): %v", tc.in, err)
			case rec.Rule != tc.want:
				t.Errorf("FindRule(%q) rule = %+v, want %+v", tc.in, rec.Rule, tc.want)
			}
			if rec.Phrase != tc.phrase {
				t.Errorf("FindRule(%q) phrase = %q, want %q", tc.in, rec.Phrase, tc.phrase)
			}
			if tc.in[rec.Start:rec.End] != rec.Phrase {
				t.Errorf("FindRule(%q): span [%d, %d) is %q, not the phrase %q", tc.in, rec.Start, rec.End, tc.in[rec.Start:rec.End], rec.Phrase)
			}
		})
	}
}

// Every phrase of the parse table is found alone and inside a command.
func TestFindRuleAgreesWithParseRule(t *testing.T) {
	for _, tc := range ruleCases {
		if tc.kind != 0 {
			continue
		}
		rec, rest, err := FindRule("/assign @a 报送进展 " + tc.in + " 附件见群文件")
		if err != nil || rec.Rule != tc.want || rest != "/assign @a 报送进展 附件见群文件" {
			t.Errorf("FindRule around %q = %+v, %q, %v; want %+v", tc.in, rec, rest, err, tc.want)
		}
	}
}

func TestRuleText(t *testing.T) {
	for _, tc := range []struct {
		rule         Rule
		zh, en, note string
	}{
		{workdays18, "每个工作日 18:00", "every working day at 18:00", "只在工作日（含调休上班日），周末和节假日没有"},
		{friday18, "每周五 18:00", "every Friday at 18:00", "遇周末或节假日提前到本周前一个工作日，整周放假则当周没有"},
		{weekly(time.Monday, 9, 30), "每周一 9:30", "every Monday at 9:30", ""},
		{monthly(5, 18), "每月5日 18:00", "monthly on day 5 at 18:00", "遇周末或节假日提前到前一个工作日"},
		{monthly(0, 18), "每月底 18:00", "monthly on the last day at 18:00", ""},
		{monthly(31, 18), "每月31日 18:00", "monthly on day 31 at 18:00", "遇周末或节假日提前到前一个工作日；没有31日的月份按月底计"},
		{quarterly(3, 0, 18), "每季度末 18:00", "quarterly on the last day at 18:00", ""},
		{quarterly(1, 10, 18), "每季度首月10日 18:00", "quarterly on day 10 of the first month at 18:00", ""},
		{quarterly(2, 0, 18), "每季度第二个月底 18:00", "quarterly on the last day of the second month at 18:00", ""},
		{yearly(12, 20, 18), "每年12月20日 18:00", "yearly on 20 December at 18:00", ""},
		{yearly(2, 29, 18), "每年2月29日 18:00", "yearly on 29 February at 18:00", "遇周末或节假日提前到前一个工作日；平年按2月28日计"},
		{yearly(2, 0, 18), "每年2月底 18:00", "yearly on the last day of February at 18:00", ""},
		{Rule{Cadence: Daily, Hour: 24}, "每个工作日 24:00", "every working day at 24:00", ""},
		{Rule{}, "无效周期", "invalid rule", ""},
		{Rule{Cadence: Weekly, Weekday: time.Sunday, Hour: 18}, "无效周期", "invalid rule", ""},
	} {
		if got := tc.rule.String(); got != tc.zh {
			t.Errorf("%+v.String() = %q, want %q", tc.rule, got, tc.zh)
		}
		if got := tc.rule.English(); got != tc.en {
			t.Errorf("%+v.English() = %q, want %q", tc.rule, got, tc.en)
		}
		if got := tc.rule.Note(); tc.note != "" && got != tc.note {
			t.Errorf("%+v.Note() = %q, want %q", tc.rule, got, tc.note)
		}
		if tc.rule.Validate() == nil {
			b, err := tc.rule.MarshalText()
			var back Rule
			if err != nil || back.UnmarshalText(b) != nil || back != tc.rule {
				t.Errorf("%+v: text %q reads back as %+v (%v)", tc.rule, b, back, err)
			}
			if tc.rule.EnglishNote() == "" {
				t.Errorf("%+v: no English note", tc.rule)
			}
		} else if _, err := tc.rule.MarshalText(); err == nil {
			t.Errorf("%+v: an invalid rule was marshalled", tc.rule)
		}
	}
}

func TestRuleExamplesParse(t *testing.T) {
	for _, ex := range append(RuleExamples(), EnglishRuleExamples()...) {
		if _, err := ParseRule(ex); err != nil {
			t.Errorf("example %q: %v", ex, err)
		}
	}
}

func TestUnsupportedKind(t *testing.T) {
	if got := Unsupported.String(); got != "unsupported" {
		t.Errorf("Unsupported.String() = %q", got)
	}
}
