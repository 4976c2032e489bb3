package deadline

import (
	"errors"
	"strings"
	"testing"
)

type findCase struct {
	name   string
	in     string
	phrase string // the phrase found; empty when none is
	rest   string
	want   string // RFC 3339, when the phrase is usable
	kind   Kind   // the *Error expected, when it is not (0: ErrNoDeadline if phrase is empty)
}

// All Find cases are said at tue10 (Tuesday 2026-12-01 10:00, Shanghai).
var findCases = []findCase{
	// Where the phrase is.
	{"start", "下周五前完成报告", "下周五前", "完成报告", "2026-12-11T18:00:00+08:00", 0},
	{"middle", "请于12月1日前报送材料", "请于12月1日前", "报送材料", "2026-12-01T18:00:00+08:00", 0},
	{"end", "完成报告 下周五前", "下周五前", "完成报告", "2026-12-11T18:00:00+08:00", 0},
	{"command, end", "/assign @bob 完成报告 下周五前", "下周五前", "/assign @bob 完成报告", "2026-12-11T18:00:00+08:00", 0},
	{"command, middle", "/assign @bob 下周五前 完成报告", "下周五前", "/assign @bob 完成报告", "2026-12-11T18:00:00+08:00", 0},
	{"middle without spaces", "材料请于12月5日前报送", "请于12月5日前", "材料报送", "2026-12-05T18:00:00+08:00", 0},
	{"ideographic space", "完成报告\u3000下周五前", "下周五前", "完成报告", "2026-12-11T18:00:00+08:00", 0},
	{"double spaces kept on the left only", "甲  下周五前  乙", "下周五前", "甲  乙", "2026-12-11T18:00:00+08:00", 0},
	{"one-sided space kept", "完成报告 下周五前交", "下周五前", "完成报告 交", "2026-12-11T18:00:00+08:00", 0},
	{"whole text", " 下周五前 ", "下周五前", "", "2026-12-11T18:00:00+08:00", 0},
	{"traditional kept as typed", "下週五前完成", "下週五前", "完成", "2026-12-11T18:00:00+08:00", 0},
	{"with time", "明天下午3点前提交材料", "明天下午3点前", "提交材料", "2026-12-02T15:00:00+08:00", 0},
	{"workdays", "3个工作日内反馈意见", "3个工作日内", "反馈意见", "2026-12-04T18:00:00+08:00", 0},
	{"截止 in a notice", "报名截止时间为12月5日（周六）", "截止时间为12月5日（周六）", "报名", "2026-12-05T18:00:00+08:00", 0},
	{"date 截止 suffix", "报名12月5日截止", "12月5日截止", "报名", "2026-12-05T18:00:00+08:00", 0},

	// 在 and 于 only start a phrase after a boundary, not inside a word.
	{"在 ending a word", "不存在 明天", "明天", "不存在", "2026-12-02T18:00:00+08:00", 0},
	{"在 after a space", "完成报告 在明天", "在明天", "完成报告", "2026-12-02T18:00:00+08:00", 0},

	// Numbers that are not dates.
	{"count before", "完成3个项目 下周五前", "下周五前", "完成3个项目", "2026-12-11T18:00:00+08:00", 0},
	{"points before", "提出3点意见 下周五前", "下周五前", "提出3点意见", "2026-12-11T18:00:00+08:00", 0},
	{"section number loses", "修订第2.3节 下周五前", "下周五前", "修订第2.3节", "2026-12-11T18:00:00+08:00", 0},
	{"version", "发布v1.2.3 周五前", "周五前", "发布v1.2.3", "2026-12-04T18:00:00+08:00", 0},
	{"points only", "提出3点意见", "", "提出3点意见", "", 0},
	{"document number only", "学习国办发〔2026〕3号文件", "", "学习国办发〔2026〕3号文件", "", 0},
	{"count only", "完成3个项目", "", "完成3个项目", "", 0},
	{"version only", "发布v1.2", "", "发布v1.2", "", 0},
	{"marked day number", "15号前交材料", "15号前", "交材料", "2026-12-15T18:00:00+08:00", 0},
	{"marked hour", "3点前交材料", "3点前", "交材料", "2026-12-01T15:00:00+08:00", 0},
	{"bare numeric date as last resort", "报告 12.5", "12.5", "报告", "2026-12-05T18:00:00+08:00", 0},
	{"前往 is not 前", "12月5日前往北京", "12月5日", "前往北京", "2026-12-05T18:00:00+08:00", 0},

	// The words of issue 11.
	{"a notice's deadline", "请于12月15日前报送", "请于12月15日前", "报送", "2026-12-15T18:00:00+08:00", 0},
	{"a holiday", "春节前完成年度总结", "春节前", "完成年度总结", "2027-02-04T18:00:00+08:00", 0},
	{"after a holiday", "国庆节后报送", "国庆节后", "报送", "2027-10-04T18:00:00+08:00", 0},
	{"around a holiday is none", "五一前后走访企业", "", "五一前后走访企业", "", 0},
	{"初步 is no 月初", "本月初步完成调研", "", "本月初步完成调研", "", 0},
	{"a start with 从 is none", "从12月1日起施行", "", "从12月1日起施行", "", 0},
	{"a range with 从", "从12月5日至12月10日开展检查", "从12月5日至12月10日", "开展检查", "2026-12-10T18:00:00+08:00", 0},
	{"spaces in a date", "报送材料 12 月 5 日前", "12 月 5 日前", "报送材料", "2026-12-05T18:00:00+08:00", 0},
	{"本周内 in a sentence", "本周内报送", "本周内", "报送", "2026-12-06T18:00:00+08:00", 0},
	{"past month-day", "11月30日前报送", "11月30日前", "报送", "", Past},
	{"a span looking back is no deadline", "梳理近3年内的项目 下周五前", "下周五前", "梳理近3年内的项目", "2026-12-11T18:00:00+08:00", 0},
	{"过去 too", "汇总过去两周内的舆情", "", "汇总过去两周内的舆情", "", 0},
	{"内容 is no 内", "核对3周内容", "", "核对3周内容", "", 0},

	// Several phrases.
	{"marked beats earlier plain", "整理12月5日会议纪要 下周五前", "下周五前", "整理12月5日会议纪要", "2026-12-11T18:00:00+08:00", 0},
	{"first marked wins", "下周五前完成初稿，月底前定稿", "下周五前", "完成初稿，月底前定稿", "2026-12-11T18:00:00+08:00", 0},
	{"first plain when none marked", "整理12月5日会议纪要", "12月5日", "整理会议纪要", "2026-12-05T18:00:00+08:00", 0},
	{"now is no deadline", "现在3点了 月底前", "月底前", "现在3点了", "2026-12-31T18:00:00+08:00", 0},
	{"concrete beats vague", "尽快完成报告 下周五前", "下周五前", "尽快完成报告", "2026-12-11T18:00:00+08:00", 0},
	{"于 is not a marker", "于12月5日开会 材料月底前交", "月底前", "于12月5日开会 材料交", "2026-12-31T18:00:00+08:00", 0},

	{"range in a notice", "报送时间：12月5日至12月10日", "12月5日至12月10日", "报送时间：", "2026-12-10T18:00:00+08:00", 0},
	{"a start is no deadline", "本办法自12月5日起施行", "", "本办法自12月5日起施行", "", 0},
	{"start, then deadline", "12月5日起报名，12月10日前截止", "12月10日前", "12月5日起报名，截止", "2026-12-10T18:00:00+08:00", 0},
	{"内容 is not 内", "整理今天内容", "今天", "整理内容", "2026-12-01T18:00:00+08:00", 0},
	{"notice with weekday and time", "请各单位于12月10日（星期四）17:00前将材料报送至办公室", "于12月10日（星期四）17:00前", "请各单位将材料报送至办公室", "2026-12-10T17:00:00+08:00", 0},

	// No phrase; vague; unusable.
	{"none", "完成报告", "", "完成报告", "", 0},
	{"none trimmed", "  完成报告\u3000", "", "完成报告", "", 0},
	{"empty", "", "", "", "", 0},
	{"截至目前", "截至目前已完成3项", "", "截至目前已完成3项", "", 0},
	{"vague", "尽快完成报告", "尽快", "完成报告", "", Vague},
	{"vague 待定", "时间待定", "待定", "时间", "", Vague},
	{"vague English", "finish it asap", "asap", "finish it", "", Vague},
	{"past", "上周五前完成报告", "上周五前", "完成报告", "", Past},
	{"past time", "今天上午9点前交", "今天上午9点前", "交", "", Past},
	{"impossible date", "2月30日前报送", "2月30日前", "报送", "", Impossible},
	{"impossible time", "明天25点前报送", "明天25点前", "报送", "", Impossible},

	// English.
	{"en end", "finish the report by friday", "by friday", "finish the report", "2026-12-04T18:00:00+08:00", 0},
	{"en start", "By Friday finish the report", "By Friday", "finish the report", "2026-12-04T18:00:00+08:00", 0},
	{"en middle", "finish before Dec 5 the report", "before Dec 5", "finish the report", "2026-12-05T18:00:00+08:00", 0},
	{"en duration", "reply in 3 days please", "in 3 days", "reply please", "2026-12-04T18:00:00+08:00", 0},
	{"en command", "/assign @bob write minutes tomorrow 3pm", "tomorrow 3pm", "/assign @bob write minutes", "2026-12-02T15:00:00+08:00", 0},
	{"en word inside a word", "fridays are long", "", "fridays are long", "", 0},
	{"en none", "finish the report", "", "finish the report", "", 0},
	{"en past", "finish by last friday", "by last friday", "finish", "", Past},
}

func TestFind(t *testing.T) {
	now := mustNow(t, tue10, sh)
	for _, tc := range findCases {
		t.Run(tc.name, func(t *testing.T) {
			d, rest, err := Find(tc.in, now, cal)
			if rest != tc.rest {
				t.Errorf("Find(%q) rest = %q, want %q", tc.in, rest, tc.rest)
			}
			switch {
			case tc.phrase == "":
				if !errors.Is(err, ErrNoDeadline) {
					t.Fatalf("Find(%q) = %+v, %v; want ErrNoDeadline", tc.in, d, err)
				}
			case tc.want == "":
				checkError(t, tc.in, err, tc.kind)
				var e *Error
				if errors.As(err, &e) && e.Phrase != tc.phrase {
					t.Errorf("Find(%q) error phrase %q, want %q", tc.in, e.Phrase, tc.phrase)
				}
			default:
				if err != nil {
					t.Fatalf("Find(%q): %v", tc.in, err)
				}
				if d.Phrase != tc.phrase {
					t.Errorf("Find(%q) phrase = %q, want %q", tc.in, d.Phrase, tc.phrase)
				}
				checkInstant(t, tc.in, d.At, tc.want, now)
			}
		})
	}
}

// Find agrees with Parse on every table phrase said alone.
func TestFindAgreesWithParse(t *testing.T) {
	for _, tc := range parseCases {
		now := mustNow(t, tc.now, tc.zone)
		p, perr := Parse(tc.in, now, cal)
		if perr != nil {
			continue
		}
		f, rest, ferr := Find(tc.in, now, cal)
		// Bare forms (15号, 3点) are Parse-only by design.
		if errors.Is(ferr, ErrNoDeadline) {
			continue
		}
		// Parse ignores a final sentence mark; Find leaves it in rest.
		if ferr != nil || !f.At.Equal(p.At) || f.Phrase != p.Phrase || strings.Trim(rest, "。.") != "" {
			t.Errorf("%s: Find(%q) = %v %q rest %q %v; Parse = %v %q", tc.name, tc.in, f.At, f.Phrase, rest, ferr, p.At, p.Phrase)
		}
	}
}
