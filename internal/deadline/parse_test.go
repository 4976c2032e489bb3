package deadline

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "time/tzdata" // the tests must not depend on the host's zoneinfo

	"github.com/duban-bot/duban/internal/workday"
)

// The calendar used by every test: the real one, so that 春节, 国庆 and the
// 调休 Saturdays are the ones users will meet.
var cal = workday.Builtin()

// Zones.
const (
	sh = "Asia/Shanghai"
	ny = "America/New_York"
)

// Fixed instants the table is built on (weekdays in comments).
const (
	tue10      = "2026-12-01T10:00:00+08:00"   // Tue; the base case
	tue10s     = "2026-12-01T10:00:45.5+08:00" // Tue, with seconds to drop
	fri1759    = "2026-12-04T17:59:00+08:00"   // Fri, a minute before 18:00
	fri1800    = "2026-12-04T18:00:00+08:00"   // Fri, exactly 18:00
	fri1801    = "2026-12-04T18:01:00+08:00"   // Fri, a minute after 18:00
	sun20      = "2026-11-29T20:00:00+08:00"   // Sun evening
	nov30am    = "2026-11-30T10:00:00+08:00"   // Mon, last day of the month
	nov30pm    = "2026-11-30T18:30:00+08:00"   // Mon, the month's end has passed
	jan31      = "2026-01-31T10:00:00+08:00"   // Sat, a 31st before a short month
	jan10      = "2026-01-10T10:00:00+08:00"   // Sat, before 月中
	jan15pm    = "2026-01-15T19:00:00+08:00"   // Thu, 月中 has passed
	feb10      = "2026-02-10T10:00:00+08:00"   // Tue, in a 28-day month
	feb13      = "2026-02-13T10:00:00+08:00"   // Fri before 春节 (14th is a working Saturday)
	feb13pm    = "2026-02-13T19:00:00+08:00"   // Fri evening before 春节
	jun30      = "2026-06-30T10:00:00+08:00"   // Tue, end of Q2
	sep30am    = "2026-09-30T10:00:00+08:00"   // Wed, the day before 国庆, end of Q3
	sep30pm    = "2026-09-30T19:00:00+08:00"   // Wed evening before 国庆
	dec31am    = "2026-12-31T10:00:00+08:00"   // Thu, the last day of the year
	dec31pm    = "2026-12-31T20:00:00+08:00"   // Thu evening, the year is over
	nySat20    = "2026-03-07T20:00:00-05:00"   // Sat before the spring-forward night
	nySun0130  = "2026-03-08T01:30:00-05:00"   // Sun, 30 minutes before 2:00 EST → 3:00 EDT
	nyOct31    = "2026-10-31T20:00:00-04:00"   // Sat before the fall-back night
	nyNov1EDT  = "2026-11-01T01:30:00-04:00"   // Sun, the first 1:30 (EDT)
	nyLateTue  = "2026-12-01T23:00:00-05:00"   // Tue 23:00 in New York (Wed noon in Beijing)
	londonSat  = "2026-03-28T12:00:00Z"        // Sat before BST starts
	sydneySat  = "2026-04-04T12:00:00+11:00"   // Sat before AEDT ends
	kolkataTue = "2026-12-01T10:00:00+05:30"   // half-hour offset
	kathmandu  = "2026-12-01T10:00:20+05:45"   // quarter-hour offset, with seconds
	utcLate    = "2026-12-01T23:30:00Z"
)

type parseCase struct {
	name string
	now  string // RFC 3339
	zone string
	in   string
	want string // RFC 3339; empty when an error is expected
	kind Kind   // the error expected, when want is empty
}

var parseCases = []parseCase{
	// Days said by name: 18:00 that day.
	{"today", tue10, sh, "今天", "2026-12-01T18:00:00+08:00", 0},
	{"today 今日", tue10, sh, "今日", "2026-12-01T18:00:00+08:00", 0},
	{"tomorrow", tue10, sh, "明天", "2026-12-02T18:00:00+08:00", 0},
	{"tomorrow 明日", tue10, sh, "明日", "2026-12-02T18:00:00+08:00", 0},
	{"day after tomorrow", tue10, sh, "后天", "2026-12-03T18:00:00+08:00", 0},
	{"three days on", tue10, sh, "大后天", "2026-12-04T18:00:00+08:00", 0},
	{"yesterday is past", tue10, sh, "昨天", "", Past},
	{"day before yesterday is past", tue10, sh, "前天", "", Past},

	// Prefixes and suffixes change nothing.
	{"suffix 前", tue10, sh, "今天前", "2026-12-01T18:00:00+08:00", 0},
	{"在…之前", tue10, sh, "在明天之前", "2026-12-02T18:00:00+08:00", 0},
	{"suffix 以前", tue10, sh, "明天以前", "2026-12-02T18:00:00+08:00", 0},
	{"suffix 为止", tue10, sh, "明天为止", "2026-12-02T18:00:00+08:00", 0},
	{"prefix 截止", tue10, sh, "截止明天", "2026-12-02T18:00:00+08:00", 0},
	{"prefix 截至", tue10, sh, "截至明天", "2026-12-02T18:00:00+08:00", 0},
	{"prefix 截止到", tue10, sh, "截止到明天", "2026-12-02T18:00:00+08:00", 0},
	{"prefix 请于", tue10, sh, "请于明天前", "2026-12-02T18:00:00+08:00", 0},
	{"prefix 请在", tue10, sh, "请在明天前", "2026-12-02T18:00:00+08:00", 0},
	{"prefix 于", tue10, sh, "于明天", "2026-12-02T18:00:00+08:00", 0},
	{"截止时间为", tue10, sh, "截止时间为12月5日", "2026-12-05T18:00:00+08:00", 0},
	{"surrounding spaces", tue10, sh, "  下周五前 ", "2026-12-11T18:00:00+08:00", 0},
	{"ideographic spaces", tue10, sh, "\u3000下周五前\u3000", "2026-12-11T18:00:00+08:00", 0},
	{"trailing full stop", tue10, sh, "下周五前。", "2026-12-11T18:00:00+08:00", 0},

	// Times of day.
	{"morning", tue10, sh, "明天上午9点", "2026-12-02T09:00:00+08:00", 0},
	{"早上", tue10, sh, "明天早上8点", "2026-12-02T08:00:00+08:00", 0},
	{"afternoon", tue10, sh, "明天下午3点", "2026-12-02T15:00:00+08:00", 0},
	{"evening", tue10, sh, "明天晚上8点", "2026-12-02T20:00:00+08:00", 0},
	{"bare hour over 12", tue10, sh, "明天15点", "2026-12-02T15:00:00+08:00", 0},
	{"noon", tue10, sh, "明天中午", "2026-12-02T12:00:00+08:00", 0},
	{"noon 12点", tue10, sh, "明天中午12点", "2026-12-02T12:00:00+08:00", 0},
	{"中午1点 is 13:00", tue10, sh, "明天中午1点", "2026-12-02T13:00:00+08:00", 0},
	{"half past", tue10, sh, "明天下午3点半", "2026-12-02T15:30:00+08:00", 0},
	{"minutes", tue10, sh, "明天下午3点15分", "2026-12-02T15:15:00+08:00", 0},
	{"minutes 零5分", tue10, sh, "明天下午3点零5分", "2026-12-02T15:05:00+08:00", 0},
	{"quarter", tue10, sh, "明天3点一刻", "2026-12-02T15:15:00+08:00", 0},
	{"HH:MM", tue10, sh, "明天15:30", "2026-12-02T15:30:00+08:00", 0},
	{"space HH:MM", tue10, sh, "明天 15:30", "2026-12-02T15:30:00+08:00", 0},
	{"zero-padded", tue10, sh, "明天 09:05", "2026-12-02T09:05:00+08:00", 0},
	{"HH:MM is 24-hour", tue10, sh, "明天 3:00", "2026-12-02T03:00:00+08:00", 0},
	{"afternoon HH:MM", tue10, sh, "明天下午3:30", "2026-12-02T15:30:00+08:00", 0},
	{"时", tue10, sh, "明天15时", "2026-12-02T15:00:00+08:00", 0},
	{"时分", tue10, sh, "明天15时30分", "2026-12-02T15:30:00+08:00", 0},
	{"end of work", tue10, sh, "明天下班前", "2026-12-02T18:00:00+08:00", 0},
	{"morning alone ends at noon", tue10, sh, "明天上午", "2026-12-02T12:00:00+08:00", 0},
	{"afternoon alone ends at 18:00", tue10, sh, "明天下午", "2026-12-02T18:00:00+08:00", 0},
	{"tonight 8", tue10, sh, "今晚8点", "2026-12-01T20:00:00+08:00", 0},
	{"tonight alone ends at midnight", tue10, sh, "今晚前", "2026-12-02T00:00:00+08:00", 0},
	{"evening alone ends at midnight", tue10, sh, "周五晚上", "2026-12-05T00:00:00+08:00", 0},
	{"明晚", tue10, sh, "明晚之前", "2026-12-03T00:00:00+08:00", 0},
	{"tomorrow morning 9", tue10, sh, "明早9点", "2026-12-02T09:00:00+08:00", 0},
	{"bare 3点 is 15:00", tue10, sh, "明天3点", "2026-12-02T15:00:00+08:00", 0},
	{"bare 6点半 is 18:30", tue10, sh, "明天6点半", "2026-12-02T18:30:00+08:00", 0},
	{"bare 9点 is 09:00", tue10, sh, "明天9点", "2026-12-02T09:00:00+08:00", 0},
	{"bare 12点 is noon", tue10, sh, "明天12点", "2026-12-02T12:00:00+08:00", 0},
	{"0点 is midnight starting the day", tue10, sh, "明天0点", "2026-12-02T00:00:00+08:00", 0},
	{"Chinese hour", tue10, sh, "明天十点", "2026-12-02T10:00:00+08:00", 0},
	{"两点半", tue10, sh, "明天两点半", "2026-12-02T14:30:00+08:00", 0},
	{"三点半", tue10, sh, "明天三点半", "2026-12-02T15:30:00+08:00", 0},
	{"下午两点", tue10, sh, "明天下午两点", "2026-12-02T14:00:00+08:00", 0},
	{"下午12点 is noon", tue10, sh, "下午12点", "2026-12-01T12:00:00+08:00", 0},
	{"上午12点 is noon", tue10, sh, "明天上午12点", "2026-12-02T12:00:00+08:00", 0},
	{"晚上12点 ends the day", tue10, sh, "晚上12点", "2026-12-02T00:00:00+08:00", 0},
	{"今天晚上12点前", tue10, sh, "今天晚上12点前", "2026-12-02T00:00:00+08:00", 0},
	{"晚上12点半", tue10, sh, "明天晚上12点半", "2026-12-03T00:30:00+08:00", 0},
	{"24点 ends the day", tue10, sh, "明天24点", "2026-12-03T00:00:00+08:00", 0},
	{"24:00 ends the day", tue10, sh, "明天24:00", "2026-12-03T00:00:00+08:00", 0},
	{"凌晨", tue10, sh, "明天凌晨2点", "2026-12-02T02:00:00+08:00", 0},
	{"time alone is today", tue10, sh, "下午3点", "2026-12-01T15:00:00+08:00", 0},
	{"time alone with 前", tue10, sh, "下午3点前", "2026-12-01T15:00:00+08:00", 0},
	{"下班前 alone", tue10, sh, "下班前", "2026-12-01T18:00:00+08:00", 0},
	{"中午 alone", tue10, sh, "中午", "2026-12-01T12:00:00+08:00", 0},
	{"HH:MM alone", tue10, sh, "15:00", "2026-12-01T15:00:00+08:00", 0},
	{"3点 alone", tue10, sh, "3点", "2026-12-01T15:00:00+08:00", 0},
	{"HH:MM:SS", tue10, sh, "2026-12-01 15:00:00", "2026-12-01T15:00:00+08:00", 0},
	{"time passed today", tue10, sh, "今天上午9点", "", Past},
	{"time alone passed", tue10, sh, "7:30", "", Past},
	{"time alone passed 上午", tue10, sh, "上午9点前", "", Past},
	{"25:00", tue10, sh, "25:00", "", Impossible},
	{"25点", tue10, sh, "明天25点", "", Impossible},
	{"18:60", tue10, sh, "18:60", "", Impossible},
	{"3点70分", tue10, sh, "明天3点70分", "", Impossible},
	{"上午15点", tue10, sh, "明天上午15点", "", Impossible},
	{"24:30", tue10, sh, "明天24:30", "", Impossible},
	{"下午0点", tue10, sh, "明天下午0点", "", Impossible},

	// Weekdays, from Tuesday 10:00.
	{"周五", tue10, sh, "周五", "2026-12-04T18:00:00+08:00", 0},
	{"星期五", tue10, sh, "星期五", "2026-12-04T18:00:00+08:00", 0},
	{"礼拜五", tue10, sh, "礼拜五", "2026-12-04T18:00:00+08:00", 0},
	{"today's weekday still ahead", tue10, sh, "周二", "2026-12-01T18:00:00+08:00", 0},
	{"today's weekday, time passed", tue10, sh, "周二上午9点", "2026-12-08T09:00:00+08:00", 0},
	{"周一 is next week's", tue10, sh, "周一", "2026-12-07T18:00:00+08:00", 0},
	{"周日", tue10, sh, "周日", "2026-12-06T18:00:00+08:00", 0},
	{"周天", tue10, sh, "周天", "2026-12-06T18:00:00+08:00", 0},
	{"星期天", tue10, sh, "星期天", "2026-12-06T18:00:00+08:00", 0},
	{"礼拜日", tue10, sh, "礼拜日", "2026-12-06T18:00:00+08:00", 0},
	{"本周五", tue10, sh, "本周五", "2026-12-04T18:00:00+08:00", 0},
	{"这周五", tue10, sh, "这周五", "2026-12-04T18:00:00+08:00", 0},
	{"这个星期五", tue10, sh, "这个星期五", "2026-12-04T18:00:00+08:00", 0},
	{"本周一 passed", tue10, sh, "本周一", "", Past},
	{"本周天", tue10, sh, "本周天", "2026-12-06T18:00:00+08:00", 0},
	{"下周五", tue10, sh, "下周五", "2026-12-11T18:00:00+08:00", 0},
	{"下周一", tue10, sh, "下周一", "2026-12-07T18:00:00+08:00", 0},
	{"下个星期五", tue10, sh, "下个星期五", "2026-12-11T18:00:00+08:00", 0},
	{"下星期五", tue10, sh, "下星期五", "2026-12-11T18:00:00+08:00", 0},
	{"下礼拜五", tue10, sh, "下礼拜五", "2026-12-11T18:00:00+08:00", 0},
	{"下个礼拜天", tue10, sh, "下个礼拜天", "2026-12-13T18:00:00+08:00", 0},
	{"下周天", tue10, sh, "下周天", "2026-12-13T18:00:00+08:00", 0},
	{"下周日", tue10, sh, "下周日", "2026-12-13T18:00:00+08:00", 0},
	{"下下周五", tue10, sh, "下下周五", "2026-12-18T18:00:00+08:00", 0},
	{"下下个星期一", tue10, sh, "下下个星期一", "2026-12-14T18:00:00+08:00", 0},
	{"上周五", tue10, sh, "上周五", "", Past},
	{"上个星期一", tue10, sh, "上个星期一", "", Past},
	{"上礼拜天", tue10, sh, "上礼拜天", "", Past},
	{"下周五下午3点", tue10, sh, "下周五下午3点", "2026-12-11T15:00:00+08:00", 0},
	{"下周五前", tue10, sh, "下周五前", "2026-12-11T18:00:00+08:00", 0},
	{"周五下午5点前", tue10, sh, "周五下午5点前", "2026-12-04T17:00:00+08:00", 0},
	{"周末", tue10, sh, "周末", "2026-12-06T18:00:00+08:00", 0},
	{"本周末", tue10, sh, "本周末", "2026-12-06T18:00:00+08:00", 0},
	{"下周末", tue10, sh, "下周末", "2026-12-13T18:00:00+08:00", 0},

	// Friday around 18:00.
	{"17:59 周五 is today", fri1759, sh, "周五", "2026-12-04T18:00:00+08:00", 0},
	{"18:01 周五 is next week", fri1801, sh, "周五", "2026-12-11T18:00:00+08:00", 0},
	{"18:00 周五 is next week", fri1800, sh, "周五", "2026-12-11T18:00:00+08:00", 0},
	{"17:59 今天", fri1759, sh, "今天", "2026-12-04T18:00:00+08:00", 0},
	{"18:00 今天 is past", fri1800, sh, "今天", "", Past},
	{"18:01 今天 is past", fri1801, sh, "今天", "", Past},
	{"18:01 本周五 is past", fri1801, sh, "本周五", "", Past},
	{"18:01 下周五", fri1801, sh, "下周五", "2026-12-11T18:00:00+08:00", 0},
	{"17:59 下班前", fri1759, sh, "下班前", "2026-12-04T18:00:00+08:00", 0},
	{"18:01 下班前 is past", fri1801, sh, "下班前", "", Past},
	{"18:00 明天", fri1800, sh, "明天", "2026-12-05T18:00:00+08:00", 0},
	{"18:01 周六", fri1801, sh, "周六", "2026-12-05T18:00:00+08:00", 0},
	{"18:01 周末", fri1801, sh, "周末", "2026-12-06T18:00:00+08:00", 0},
	{"18:01 12月4日 is past, not next year", fri1801, sh, "12月4日", "", Past},

	// Sunday evening: the week is nearly over.
	{"Sun 周日 rolls a week", sun20, sh, "周日", "2026-12-06T18:00:00+08:00", 0},
	{"Sun 本周日 is past", sun20, sh, "本周日", "", Past},
	{"Sun 周末 is past", sun20, sh, "周末", "", Past},
	{"Sun 本周末 is past", sun20, sh, "本周末", "", Past},
	{"Sun 下周末", sun20, sh, "下周末", "2026-12-06T18:00:00+08:00", 0},
	{"Sun 下周一 is tomorrow", sun20, sh, "下周一", "2026-11-30T18:00:00+08:00", 0},
	{"Sun 周一", sun20, sh, "周一", "2026-11-30T18:00:00+08:00", 0},
	{"Sun 下周五", sun20, sh, "下周五", "2026-12-04T18:00:00+08:00", 0},
	{"Sun 下下周五", sun20, sh, "下下周五", "2026-12-11T18:00:00+08:00", 0},
	{"Sun 明天", sun20, sh, "明天", "2026-11-30T18:00:00+08:00", 0},
	{"Sun 月底", sun20, sh, "月底", "2026-11-30T18:00:00+08:00", 0},
	{"Sun 3个工作日内", sun20, sh, "3个工作日内", "2026-12-02T18:00:00+08:00", 0},
	{"Sun 晚上9点", sun20, sh, "今天晚上9点", "2026-11-29T21:00:00+08:00", 0},
	{"Sun 晚上8点 is now", sun20, sh, "晚上8点", "", Past},

	// The last day of a month.
	{"月底 on the day", nov30am, sh, "月底", "2026-11-30T18:00:00+08:00", 0},
	{"本月底", nov30am, sh, "本月底", "2026-11-30T18:00:00+08:00", 0},
	{"这个月底", nov30am, sh, "这个月底", "2026-11-30T18:00:00+08:00", 0},
	{"月底前", nov30am, sh, "月底前", "2026-11-30T18:00:00+08:00", 0},
	{"月末", nov30am, sh, "月末", "2026-11-30T18:00:00+08:00", 0},
	{"下月底", nov30am, sh, "下月底", "2026-12-31T18:00:00+08:00", 0},
	{"下个月底", nov30am, sh, "下个月底", "2026-12-31T18:00:00+08:00", 0},
	{"月中 rolls", nov30am, sh, "月中", "2026-12-15T18:00:00+08:00", 0},
	{"12月底", nov30am, sh, "12月底", "2026-12-31T18:00:00+08:00", 0},
	{"11月底 today", nov30am, sh, "11月底", "2026-11-30T18:00:00+08:00", 0},
	{"10月底 is last month's, past", nov30am, sh, "10月底", "", Past},
	{"1个月内 from the 30th", nov30am, sh, "1个月内", "2026-12-30T18:00:00+08:00", 0},
	{"上月底", nov30am, sh, "上月底", "", Past},
	{"月底 passed", nov30pm, sh, "月底", "", Past},
	{"本月底 passed", nov30pm, sh, "本月底", "", Past},
	{"11月底 passed does not roll", nov30pm, sh, "11月底", "", Past},
	{"下月底 after month end", nov30pm, sh, "下月底", "2026-12-31T18:00:00+08:00", 0},
	{"1个月内 clamps", jan31, sh, "1个月内", "2026-02-28T18:00:00+08:00", 0},
	{"下月底 February", jan31, sh, "下月底", "2026-02-28T18:00:00+08:00", 0},
	{"月中 on the 31st", jan31, sh, "月中", "2026-02-15T18:00:00+08:00", 0},
	{"2月29日 in 2026", jan31, sh, "2月29日", "", Impossible},
	{"2月28日", jan31, sh, "2月28日", "2026-02-28T18:00:00+08:00", 0},
	{"月中 ahead", jan10, sh, "月中", "2026-01-15T18:00:00+08:00", 0},
	{"本月中", jan10, sh, "本月中", "2026-01-15T18:00:00+08:00", 0},
	{"下月中", jan10, sh, "下月中", "2026-02-15T18:00:00+08:00", 0},
	{"月中 passed rolls", jan15pm, sh, "月中", "2026-02-15T18:00:00+08:00", 0},
	{"本月中 passed", jan15pm, sh, "本月中", "", Past},
	{"30号 in February", feb10, sh, "30号", "", Impossible},
	{"3月1号", feb10, sh, "3月1号", "2026-03-01T18:00:00+08:00", 0},

	// Quarter ends.
	{"季度末 on the day", sep30am, sh, "季度末", "2026-09-30T18:00:00+08:00", 0},
	{"本季度末", sep30am, sh, "本季度末", "2026-09-30T18:00:00+08:00", 0},
	{"这个季度末", sep30am, sh, "这个季度末", "2026-09-30T18:00:00+08:00", 0},
	{"下季度末", sep30am, sh, "下季度末", "2026-12-31T18:00:00+08:00", 0},
	{"季度末 passed", sep30pm, sh, "季度末", "", Past},
	{"下季度末 after the end", sep30pm, sh, "下季度末", "2026-12-31T18:00:00+08:00", 0},
	{"Q2 季度末", jun30, sh, "季度末", "2026-06-30T18:00:00+08:00", 0},
	{"Q2 下个季度末", jun30, sh, "下个季度末", "2026-09-30T18:00:00+08:00", 0},
	{"季末", jun30, sh, "季末", "2026-06-30T18:00:00+08:00", 0},
	{"Q4 下季度末 is next year", nov30am, sh, "下季度末", "2027-03-31T18:00:00+08:00", 0},

	// 国庆: 10-01..10-07 off, 10-10 (Sat) a working day.
	{"国庆 3个工作日内", sep30am, sh, "3个工作日内", "2026-10-10T18:00:00+08:00", 0},
	{"国庆 1个工作日内", sep30am, sh, "1个工作日内", "2026-10-08T18:00:00+08:00", 0},
	{"国庆 evening 1个工作日", sep30pm, sh, "1个工作日", "2026-10-08T18:00:00+08:00", 0},
	{"国庆 evening 2个工作日", sep30pm, sh, "2个工作日", "2026-10-09T18:00:00+08:00", 0},
	{"国庆 明天 is a holiday, still the date", sep30am, sh, "明天", "2026-10-01T18:00:00+08:00", 0},
	{"国庆 5天内 are calendar days", sep30am, sh, "5天内", "2026-10-05T18:00:00+08:00", 0},
	{"国庆 下周一", sep30am, sh, "下周一", "2026-10-05T18:00:00+08:00", 0},
	{"国庆 月底", sep30am, sh, "月底", "2026-09-30T18:00:00+08:00", 0},

	// 春节: 02-14 (Sat) working, 02-15..02-23 off.
	{"春节 1个工作日 is the working Saturday", feb13, sh, "1个工作日内", "2026-02-14T18:00:00+08:00", 0},
	{"春节 2个工作日", feb13, sh, "2个工作日内", "2026-02-24T18:00:00+08:00", 0},
	{"春节 3个工作日", feb13, sh, "3个工作日内", "2026-02-25T18:00:00+08:00", 0},
	{"春节 evening 1个工作日", feb13pm, sh, "1个工作日", "2026-02-14T18:00:00+08:00", 0},
	{"春节 下周一", feb13, sh, "下周一", "2026-02-16T18:00:00+08:00", 0},
	{"春节 7天内", feb13, sh, "7天内", "2026-02-20T18:00:00+08:00", 0},

	// The last day of the year.
	{"年底 on the day", dec31am, sh, "年底", "2026-12-31T18:00:00+08:00", 0},
	{"今年底", dec31am, sh, "今年底", "2026-12-31T18:00:00+08:00", 0},
	{"年末", dec31am, sh, "年末", "2026-12-31T18:00:00+08:00", 0},
	{"今年年底", dec31am, sh, "今年年底", "2026-12-31T18:00:00+08:00", 0},
	{"明年底", dec31am, sh, "明年底", "2027-12-31T18:00:00+08:00", 0},
	{"Dec 31 明天", dec31am, sh, "明天", "2027-01-01T18:00:00+08:00", 0},
	{"Dec 31 1月1日", dec31am, sh, "1月1日", "2027-01-01T18:00:00+08:00", 0},
	{"Dec 31 12月31日", dec31am, sh, "12月31日", "2026-12-31T18:00:00+08:00", 0},
	{"Dec 31 12月30日 is yesterday, past", dec31am, sh, "12月30日", "", Past},
	{"Dec 31 absolute yesterday", dec31am, sh, "2026-12-30", "", Past},
	{"Dec 31 下周五", dec31am, sh, "下周五", "2027-01-08T18:00:00+08:00", 0},
	{"Dec 31 季度末", dec31am, sh, "季度末", "2026-12-31T18:00:00+08:00", 0},
	{"Dec 31 下月底", dec31am, sh, "下月底", "2027-01-31T18:00:00+08:00", 0},
	// 2027 has no notice: 元旦 (Friday 2027-01-01) is still a statutory day
	// off, so the three working days are the 4th, 5th and 6th.
	{"Dec 31 3个工作日 into 2027", dec31am, sh, "3个工作日内", "2027-01-06T18:00:00+08:00", 0},
	{"年底 passed", dec31pm, sh, "年底", "", Past},
	{"今年底 passed", dec31pm, sh, "今年底", "", Past},
	{"年底前 passed", dec31pm, sh, "年底前", "", Past},
	{"12月31日 passed does not roll", dec31pm, sh, "12月31日", "", Past},
	{"明年底 after year end", dec31pm, sh, "明年底", "2027-12-31T18:00:00+08:00", 0},
	{"1个月内 over the year", dec31pm, sh, "1个月内", "2027-01-31T18:00:00+08:00", 0},
	{"月中 over the year", dec31pm, sh, "月中", "2027-01-15T18:00:00+08:00", 0},

	// Dates, from 2026-12-01 10:00.
	{"M月D日", tue10, sh, "12月5日", "2026-12-05T18:00:00+08:00", 0},
	{"M月D号", tue10, sh, "12月5号", "2026-12-05T18:00:00+08:00", 0},
	{"M.D", tue10, sh, "12.5", "2026-12-05T18:00:00+08:00", 0},
	{"M-D", tue10, sh, "12-5", "2026-12-05T18:00:00+08:00", 0},
	{"M/D", tue10, sh, "12/5", "2026-12-05T18:00:00+08:00", 0},
	{"date today", tue10, sh, "12月1日", "2026-12-01T18:00:00+08:00", 0},
	{"date yesterday is past, not next year's", tue10, sh, "11月30日", "", Past},
	{"date yesterday with 前", tue10, sh, "11月30日前", "", Past},
	{"January is next year's", tue10, sh, "1月5日", "2027-01-05T18:00:00+08:00", 0},
	{"YYYY年M月D日", tue10, sh, "2026年12月5日", "2026-12-05T18:00:00+08:00", 0},
	{"YYYY-MM-DD", tue10, sh, "2026-12-05", "2026-12-05T18:00:00+08:00", 0},
	{"YYYY/M/D", tue10, sh, "2026/12/5", "2026-12-05T18:00:00+08:00", 0},
	{"YYYY.M.D", tue10, sh, "2026.12.5", "2026-12-05T18:00:00+08:00", 0},
	{"absolute past", tue10, sh, "2026年11月30日", "", Past},
	{"absolute past ISO", tue10, sh, "2026-11-30", "", Past},
	{"2027年2月29日", tue10, sh, "2027年2月29日", "", Impossible},
	{"2月30日", tue10, sh, "2月30日", "", Impossible},
	{"13月1日", tue10, sh, "13月1日", "", Impossible},
	{"4月31日", tue10, sh, "4月31日", "", Impossible},
	{"12月32日", tue10, sh, "12月32日", "", Impossible},
	{"month 13 ISO", tue10, sh, "2026-13-01", "", Impossible},
	{"2028年2月29日 exists", tue10, sh, "2028年2月29日", "2028-02-29T18:00:00+08:00", 0},
	{"date today with time", tue10, sh, "12月1日下午3点", "2026-12-01T15:00:00+08:00", 0},
	{"date with time", tue10, sh, "12月5日下午3点", "2026-12-05T15:00:00+08:00", 0},
	{"ISO with time", tue10, sh, "2026-12-01 15:00", "2026-12-01T15:00:00+08:00", 0},
	{"ISO with T", tue10, sh, "2026-12-01T15:00", "2026-12-01T15:00:00+08:00", 0},
	{"ISO time passed", tue10, sh, "2026-12-01 09:00", "", Past},
	{"date today, time passed, no roll", tue10, sh, "12月1日上午9点", "", Past},
	{"请于…前", tue10, sh, "请于12月5日前", "2026-12-05T18:00:00+08:00", 0},
	{"截止 date", tue10, sh, "截止12月5日", "2026-12-05T18:00:00+08:00", 0},
	{"截至 date", tue10, sh, "截至12月5日", "2026-12-05T18:00:00+08:00", 0},
	{"之前 date", tue10, sh, "12月5日之前", "2026-12-05T18:00:00+08:00", 0},
	{"date 截止 suffix", tue10, sh, "12月5日截止", "2026-12-05T18:00:00+08:00", 0},
	{"Chinese date", tue10, sh, "十二月五日", "2026-12-05T18:00:00+08:00", 0},
	{"Chinese year", tue10, sh, "二〇二六年十二月五日", "2026-12-05T18:00:00+08:00", 0},
	{"今年 date", tue10, sh, "今年12月5日", "2026-12-05T18:00:00+08:00", 0},
	{"今年 past date does not roll", tue10, sh, "今年11月5日", "", Past},
	{"明年 date", tue10, sh, "明年1月5日", "2027-01-05T18:00:00+08:00", 0},
	{"date with weekday note", tue10, sh, "12月5日（周六）", "2026-12-05T18:00:00+08:00", 0},
	{"M.D with time", tue10, sh, "12.5 15:00", "2026-12-05T15:00:00+08:00", 0},
	{"15号", tue10, sh, "15号", "2026-12-15T18:00:00+08:00", 0},
	{"15号前", tue10, sh, "15号前", "2026-12-15T18:00:00+08:00", 0},
	{"1号 today", tue10, sh, "1号", "2026-12-01T18:00:00+08:00", 0},
	{"本月15号", tue10, sh, "本月15号", "2026-12-15T18:00:00+08:00", 0},
	{"下个月1号", tue10, sh, "下个月1号", "2027-01-01T18:00:00+08:00", 0},
	{"2026年底", tue10, sh, "2026年底", "2026-12-31T18:00:00+08:00", 0},
	{"2027年3月底", tue10, sh, "2027年3月底", "2027-03-31T18:00:00+08:00", 0},
	{"12月中", tue10, sh, "12月中", "2026-12-15T18:00:00+08:00", 0},
	{"range: its end", tue10, sh, "12月5日至12月10日", "2026-12-10T18:00:00+08:00", 0},
	{"range with dash", tue10, sh, "12.5-12.10", "2026-12-10T18:00:00+08:00", 0},
	{"range 起至…止", tue10, sh, "12月5日起至12月10日止", "2026-12-10T18:00:00+08:00", 0},
	{"range of weekdays", tue10, sh, "周一到周五", "2026-12-04T18:00:00+08:00", 0},
	{"range of hours", tue10, sh, "下午3点至5点", "2026-12-01T17:00:00+08:00", 0},
	{"range ending in the past", tue10, sh, "2026年11月1日至2026年11月30日", "", Past},
	{"a start is no deadline", tue10, sh, "12月5日起", "", Unrecognized},
	{"after is no deadline", tue10, sh, "周五以后", "", Unrecognized},
	{"suffix 内", tue10, sh, "今天内", "2026-12-01T18:00:00+08:00", 0},
	{"suffix 之内", tue10, sh, "本周五之内", "2026-12-04T18:00:00+08:00", 0},

	// Durations, from 2026-12-01 10:00.
	{"N天内", tue10, sh, "3天内", "2026-12-04T18:00:00+08:00", 0},
	{"N天后", tue10, sh, "3天后", "2026-12-04T18:00:00+08:00", 0},
	{"N日内", tue10, sh, "3日内", "2026-12-04T18:00:00+08:00", 0},
	{"N天之内", tue10, sh, "3天之内", "2026-12-04T18:00:00+08:00", 0},
	{"三天内", tue10, sh, "三天内", "2026-12-04T18:00:00+08:00", 0},
	{"十天内", tue10, sh, "十天内", "2026-12-11T18:00:00+08:00", 0},
	{"二十天内", tue10, sh, "二十天内", "2026-12-21T18:00:00+08:00", 0},
	{"十一天后", tue10, sh, "十一天后", "2026-12-12T18:00:00+08:00", 0},
	{"三十一天内", tue10, sh, "三十一天内", "2027-01-01T18:00:00+08:00", 0},
	{"0天内", tue10, sh, "0天内", "", Impossible},
	{"too far", tue10, sh, "99999天内", "", Impossible},
	{"N小时后", tue10, sh, "2小时后", "2026-12-01T12:00:00+08:00", 0},
	{"N小时内", tue10, sh, "2小时内", "2026-12-01T12:00:00+08:00", 0},
	{"N个小时后", tue10, sh, "2个小时后", "2026-12-01T12:00:00+08:00", 0},
	{"一个半小时后", tue10, sh, "一个半小时后", "2026-12-01T11:30:00+08:00", 0},
	{"N分钟后", tue10, sh, "30分钟后", "2026-12-01T10:30:00+08:00", 0},
	{"N分钟内", tue10, sh, "30分钟内", "2026-12-01T10:30:00+08:00", 0},
	{"半小时内", tue10, sh, "半小时内", "2026-12-01T10:30:00+08:00", 0},
	{"半个小时后", tue10, sh, "半个小时后", "2026-12-01T10:30:00+08:00", 0},
	{"hours drop seconds", tue10s, sh, "2小时后", "2026-12-01T12:00:00+08:00", 0},
	{"minutes drop seconds", tue10s, sh, "10分钟后", "2026-12-01T10:10:00+08:00", 0},
	{"half hour drops seconds", tue10s, sh, "半小时后", "2026-12-01T10:30:00+08:00", 0},
	{"一周内", tue10, sh, "一周内", "2026-12-08T18:00:00+08:00", 0},
	{"1周内", tue10, sh, "1周内", "2026-12-08T18:00:00+08:00", 0},
	{"一个星期内", tue10, sh, "一个星期内", "2026-12-08T18:00:00+08:00", 0},
	{"两周内", tue10, sh, "两周内", "2026-12-15T18:00:00+08:00", 0},
	{"2周内", tue10, sh, "2周内", "2026-12-15T18:00:00+08:00", 0},
	{"3周内", tue10, sh, "3周内", "2026-12-22T18:00:00+08:00", 0},
	{"N个月内", tue10, sh, "3个月内", "2027-03-01T18:00:00+08:00", 0},
	{"N个工作日内", tue10, sh, "3个工作日内", "2026-12-04T18:00:00+08:00", 0},
	{"N个工作日", tue10, sh, "3个工作日", "2026-12-04T18:00:00+08:00", 0},
	{"5个工作日 over a weekend", tue10, sh, "5个工作日内", "2026-12-08T18:00:00+08:00", 0},
	{"十个工作日内", tue10, sh, "十个工作日内", "2026-12-15T18:00:00+08:00", 0},
	{"0个工作日", tue10, sh, "0个工作日", "", Impossible},

	// Full-width digits and punctuation.
	{"full-width days", tue10, sh, "３天内", "2026-12-04T18:00:00+08:00", 0},
	{"full-width date", tue10, sh, "１２月５日", "2026-12-05T18:00:00+08:00", 0},
	{"full-width time", tue10, sh, "明天１５：３０", "2026-12-02T15:30:00+08:00", 0},
	{"traditional", tue10, sh, "下週五前", "2026-12-11T18:00:00+08:00", 0},

	// English.
	{"en today", tue10, sh, "today", "2026-12-01T18:00:00+08:00", 0},
	{"en tomorrow", tue10, sh, "Tomorrow", "2026-12-02T18:00:00+08:00", 0},
	{"en tomorrow 3pm", tue10, sh, "TOMORROW 3pm", "2026-12-02T15:00:00+08:00", 0},
	{"en tomorrow at 9:30 am", tue10, sh, "tomorrow at 9:30 am", "2026-12-02T09:30:00+08:00", 0},
	{"en in N days", tue10, sh, "in 3 days", "2026-12-04T18:00:00+08:00", 0},
	{"en in one day", tue10, sh, "in one day", "2026-12-02T18:00:00+08:00", 0},
	{"en in N hours", tue10, sh, "in 2 hours", "2026-12-01T12:00:00+08:00", 0},
	{"en in half an hour", tue10, sh, "in half an hour", "2026-12-01T10:30:00+08:00", 0},
	{"en friday", tue10, sh, "friday", "2026-12-04T18:00:00+08:00", 0},
	{"en Friday 15:00", tue10, sh, "Friday 15:00", "2026-12-04T15:00:00+08:00", 0},
	{"en tuesday today", tue10, sh, "tuesday", "2026-12-01T18:00:00+08:00", 0},
	{"en next friday", tue10, sh, "next friday", "2026-12-11T18:00:00+08:00", 0},
	{"en this friday", tue10, sh, "this friday", "2026-12-04T18:00:00+08:00", 0},
	{"en last friday", tue10, sh, "last friday", "", Past},
	{"en ISO", tue10, sh, "2026-12-05", "2026-12-05T18:00:00+08:00", 0},
	{"en ISO time", tue10, sh, "2026-12-05 15:00", "2026-12-05T15:00:00+08:00", 0},
	{"en dec 5", tue10, sh, "dec 5", "2026-12-05T18:00:00+08:00", 0},
	{"en 5 dec", tue10, sh, "5 dec", "2026-12-05T18:00:00+08:00", 0},
	{"en December 5", tue10, sh, "December 5", "2026-12-05T18:00:00+08:00", 0},
	{"en 5 December", tue10, sh, "5 December", "2026-12-05T18:00:00+08:00", 0},
	{"en december 5th", tue10, sh, "december 5th", "2026-12-05T18:00:00+08:00", 0},
	{"en 1st of january", tue10, sh, "1st of january", "2027-01-01T18:00:00+08:00", 0},
	{"en dec 5, 2026", tue10, sh, "dec 5, 2026", "2026-12-05T18:00:00+08:00", 0},
	{"en Dec. 5", tue10, sh, "Dec. 5", "2026-12-05T18:00:00+08:00", 0},
	{"en time first", tue10, sh, "at 3pm tomorrow", "2026-12-02T15:00:00+08:00", 0},
	{"en time first, weekday", tue10, sh, "5:30 pm friday", "2026-12-04T17:30:00+08:00", 0},
	{"en noon", tue10, sh, "tomorrow noon", "2026-12-02T12:00:00+08:00", 0},
	{"en midnight", tue10, sh, "friday midnight", "2026-12-05T00:00:00+08:00", 0},
	{"en 12am", tue10, sh, "friday 12am", "2026-12-04T00:00:00+08:00", 0},
	{"en 12pm", tue10, sh, "friday 12pm", "2026-12-04T12:00:00+08:00", 0},
	{"en in 2 weeks", tue10, sh, "in 2 weeks", "2026-12-15T18:00:00+08:00", 0},
	{"en within 1 month", tue10, sh, "within 1 month", "2027-01-01T18:00:00+08:00", 0},
	{"en in 45 minutes", tue10, sh, "in 45 minutes", "2026-12-01T10:45:00+08:00", 0},
	{"en due", tue10, sh, "due: dec 5", "2026-12-05T18:00:00+08:00", 0},
	{"en no later than", tue10, sh, "no later than friday", "2026-12-04T18:00:00+08:00", 0},
	{"en end of quarter", tue10, sh, "end of the quarter", "2026-12-31T18:00:00+08:00", 0},
	{"en dec 1 is today", tue10, sh, "dec 1", "2026-12-01T18:00:00+08:00", 0},
	{"en nov 30 is past", tue10, sh, "nov 30", "", Past},
	{"en feb 30", tue10, sh, "feb 30", "", Impossible},
	{"en end of month", tue10, sh, "end of month", "2026-12-31T18:00:00+08:00", 0},
	{"en end of the month", tue10, sh, "end of the month", "2026-12-31T18:00:00+08:00", 0},
	{"en end of year", tue10, sh, "end of year", "2026-12-31T18:00:00+08:00", 0},
	{"en end of next month", tue10, sh, "end of next month", "2027-01-31T18:00:00+08:00", 0},
	{"en by friday", tue10, sh, "by friday", "2026-12-04T18:00:00+08:00", 0},
	{"en before dec 5", tue10, sh, "before dec 5", "2026-12-05T18:00:00+08:00", 0},
	{"en by eod", tue10, sh, "by eod", "2026-12-01T18:00:00+08:00", 0},
	{"en in 3 working days", tue10, sh, "in 3 working days", "2026-12-04T18:00:00+08:00", 0},
	{"en next weekend", tue10, sh, "next weekend", "2026-12-13T18:00:00+08:00", 0},
	{"en 9am passed", tue10, sh, "9am", "", Past},
	{"en 13pm", tue10, sh, "tomorrow 13pm", "", Impossible},
	{"en asap", tue10, sh, "ASAP", "", Vague},
	{"en whenever", tue10, sh, "whenever you like, mate", "", Vague},
	{"en unknown", tue10, sh, "next week", "", Unrecognized},

	// Errors.
	{"尽快", tue10, sh, "尽快", "", Vague},
	{"马上", tue10, sh, "马上", "", Vague},
	{"待定", tue10, sh, "待定", "", Vague},
	{"随时", tue10, sh, "随时", "", Vague},
	{"vague inside", tue10, sh, "请尽快完成", "", Vague},
	{"empty", tue10, sh, "", "", Empty},
	{"spaces", tue10, sh, "   ", "", Empty},
	{"ideographic spaces only", tue10, sh, "\u3000\u3000", "", Empty},
	{"tabs and newlines", tue10, sh, "\t\n", "", Empty},
	{"gibberish", tue10, sh, "随便写写", "", Unrecognized},
	{"latin gibberish", tue10, sh, "asdfgh", "", Unrecognized},
	{"phrase and more", tue10, sh, "下周五前完成报告", "", Unrecognized},
	{"week without day", tue10, sh, "下周", "", Unrecognized},
	{"days without 内", tue10, sh, "3天", "", Unrecognized},
	{"no such weekday", tue10, sh, "周八", "", Unrecognized},
	{"version number", tue10, sh, "v1.2.3", "", Unrecognized},
	{"明早 alone names no hour", tue10, sh, "明早", "", Unrecognized},
	{"明天早上 alone", tue10, sh, "明天早上", "", Unrecognized},

	// A month-day without a year is its nearest occurrence (said on
	// Tuesday 1 December 2026).
	{"nearest: next January", tue10, sh, "1月5日前", "2027-01-05T18:00:00+08:00", 0},
	{"nearest: June 1st is 182 days ahead", tue10, sh, "6月1日", "2027-06-01T18:00:00+08:00", 0},
	{"nearest: June 3rd was 181 days ago", tue10, sh, "6月3日", "", Past},
	{"nearest: 2月29日 of 2027 does not exist", "2027-02-01T10:00:00+08:00", sh, "2月29日", "", Impossible},
	{"nearest: 2月29日 of 2028", "2028-01-31T10:00:00+08:00", sh, "2月29日", "2028-02-29T18:00:00+08:00", 0},
	{"nearest: last December, said in January", "2027-01-02T10:00:00+08:00", sh, "12月28日前", "", Past},
	{"nearest: 12月底 said on 2 January", "2027-01-02T10:00:00+08:00", sh, "12月底", "", Past},
	{"nearest: 1月底 said in December", tue10, sh, "1月底", "2027-01-31T18:00:00+08:00", 0},
	{"nearest: M.D", tue10, sh, "11.30", "", Past},
	{"nearest: M/D next year", tue10, sh, "1/5", "2027-01-05T18:00:00+08:00", 0},

	// Periods of a week, a month, a year.
	{"本周内", tue10, sh, "本周内", "2026-12-06T18:00:00+08:00", 0},
	{"这周内", tue10, sh, "这周内", "2026-12-06T18:00:00+08:00", 0},
	{"本周之内", tue10, sh, "本周之内", "2026-12-06T18:00:00+08:00", 0},
	{"下周内", tue10, sh, "下周内", "2026-12-13T18:00:00+08:00", 0},
	{"本周内 on Sunday evening", sun20, sh, "本周内", "", Past},
	{"本月内", tue10, sh, "本月内", "2026-12-31T18:00:00+08:00", 0},
	{"这个月内", tue10, sh, "这个月内", "2026-12-31T18:00:00+08:00", 0},
	{"下月内", tue10, sh, "下个月内", "2027-01-31T18:00:00+08:00", 0},
	{"12月内", tue10, sh, "12月内", "2026-12-31T18:00:00+08:00", 0},
	{"年内", tue10, sh, "年内", "2026-12-31T18:00:00+08:00", 0},
	{"今年内", tue10, sh, "今年内", "2026-12-31T18:00:00+08:00", 0},
	{"2027年内 is a year, not a count", tue10, sh, "2027年内", "2027-12-31T18:00:00+08:00", 0},
	{"上旬", tue10, sh, "上旬", "2026-12-10T18:00:00+08:00", 0},
	{"中旬", tue10, sh, "中旬", "2026-12-20T18:00:00+08:00", 0},
	{"下旬", tue10, sh, "下旬", "2026-12-31T18:00:00+08:00", 0},
	{"上旬 passed rolls", jan15pm, sh, "上旬", "2026-02-10T18:00:00+08:00", 0},
	{"中旬前 ahead", jan15pm, sh, "中旬前", "2026-01-20T18:00:00+08:00", 0},
	{"本月上旬 passed", jan15pm, sh, "本月上旬", "", Past},
	{"下月中旬", tue10, sh, "下月中旬", "2027-01-20T18:00:00+08:00", 0},
	{"下个月下旬", jan31, sh, "下个月下旬", "2026-02-28T18:00:00+08:00", 0},
	{"12月中旬", tue10, sh, "12月中旬", "2026-12-20T18:00:00+08:00", 0},
	{"12月上旬", tue10, sh, "12月上旬", "2026-12-10T18:00:00+08:00", 0},
	{"12月下旬前", tue10, sh, "12月下旬前", "2026-12-31T18:00:00+08:00", 0},
	{"2027年1月上旬", tue10, sh, "2027年1月上旬", "2027-01-10T18:00:00+08:00", 0},
	{"1月中旬 next year", tue10, sh, "1月中旬", "2027-01-20T18:00:00+08:00", 0},
	{"下月初", tue10, sh, "下月初", "2027-01-05T18:00:00+08:00", 0},
	{"下个月初", tue10, sh, "下个月初", "2027-01-05T18:00:00+08:00", 0},
	{"月初 ahead", tue10, sh, "月初", "2026-12-05T18:00:00+08:00", 0},
	{"月初 passed rolls", jan10, sh, "月初", "2026-02-05T18:00:00+08:00", 0},
	{"本月初 passed", jan10, sh, "本月初", "", Past},
	{"1月初", tue10, sh, "1月初", "2027-01-05T18:00:00+08:00", 0},
	{"半个月内", tue10, sh, "半个月内", "2026-12-16T18:00:00+08:00", 0},
	{"半月内", tue10, sh, "半月内", "2026-12-16T18:00:00+08:00", 0},
	{"一年内", tue10, sh, "一年内", "2027-12-01T18:00:00+08:00", 0},
	{"1年内", tue10, sh, "1年内", "2027-12-01T18:00:00+08:00", 0},
	{"两年内", tue10, sh, "两年内", "2028-12-01T18:00:00+08:00", 0},
	{"半年内", tue10, sh, "半年内", "2027-06-01T18:00:00+08:00", 0},
	{"半年内 clamps", "2026-08-31T10:00:00+08:00", sh, "半年内", "2027-02-28T18:00:00+08:00", 0},
	{"100年内 is too far", tue10, sh, "100年内", "", Unrecognized},
	{"20年内 is too far", tue10, sh, "20年内", "", Impossible},

	// Holidays: the last working day before their days off, or the first
	// after. 2026 has its notice; 2027 has none, so its statutory days off
	// (and the weekends next to them) count.
	{"元旦前", tue10, sh, "元旦前", "2026-12-31T18:00:00+08:00", 0},
	{"元旦节前", tue10, sh, "元旦节前", "2026-12-31T18:00:00+08:00", 0},
	{"元旦前 on its evening is past", dec31pm, sh, "元旦前", "", Past},
	{"春节前 2027: 除夕 is Friday 5 February", tue10, sh, "春节前", "2027-02-04T18:00:00+08:00", 0},
	{"春节前 2026: the 调休 Saturday", feb10, sh, "春节前", "2026-02-14T18:00:00+08:00", 0},
	{"春节前 during its days off", "2026-02-17T10:00:00+08:00", sh, "春节前", "", Past},
	{"春节后 2026", feb13, sh, "春节后", "2026-02-24T18:00:00+08:00", 0},
	{"清明前 2027: Saturday to Monday off", tue10, sh, "清明前", "2027-04-02T18:00:00+08:00", 0},
	{"清明节前", tue10, sh, "清明节前", "2027-04-02T18:00:00+08:00", 0},
	{"五一前 2027: a weekend", tue10, sh, "五一前", "2027-04-30T18:00:00+08:00", 0},
	{"劳动节前", tue10, sh, "劳动节前", "2027-04-30T18:00:00+08:00", 0},
	{"五一劳动节前", tue10, sh, "五一劳动节前", "2027-04-30T18:00:00+08:00", 0},
	{"端午前 2027", tue10, sh, "端午前", "2027-06-08T18:00:00+08:00", 0},
	{"中秋前 2027", tue10, sh, "中秋节前", "2027-09-14T18:00:00+08:00", 0},
	{"国庆前 2027", tue10, sh, "国庆前", "2027-09-30T18:00:00+08:00", 0},
	{"国庆前 2026", sep30am, sh, "国庆前", "2026-09-30T18:00:00+08:00", 0},
	{"国庆假期前", sep30am, sh, "国庆假期前", "2026-09-30T18:00:00+08:00", 0},
	{"十一前", sep30am, sh, "十一前", "2026-09-30T18:00:00+08:00", 0},
	{"国庆前 on its evening is past", sep30pm, sh, "国庆前", "", Past},
	{"国庆节后 2026: after seven days off", sep30am, sh, "国庆节后", "2026-10-08T18:00:00+08:00", 0},
	{"国庆后", sep30pm, sh, "国庆后", "2026-10-08T18:00:00+08:00", 0},
	{"国庆节后 on its day", "2026-10-08T10:00:00+08:00", sh, "国庆节后", "2026-10-08T18:00:00+08:00", 0},
	{"国庆节后 on its evening is past", "2026-10-08T19:00:00+08:00", sh, "国庆节后", "", Past},
	{"国庆节后 the day after is next year's", "2026-10-09T10:00:00+08:00", sh, "国庆节后", "2027-10-04T18:00:00+08:00", 0},
	{"国庆前后 is no deadline", tue10, sh, "国庆前后", "", Unrecognized},

	// Spaces inside phrases.
	{"space after the part of the day", tue10, sh, "下午 3:30", "2026-12-01T15:30:00+08:00", 0},
	{"spaces around the hour", tue10, sh, "明天 下午 3 点", "2026-12-02T15:00:00+08:00", 0},
	{"space after 月", tue10, sh, "4月 2日", "2027-04-02T18:00:00+08:00", 0},
	{"spaces around the numbers", tue10, sh, "12 月 5 日", "2026-12-05T18:00:00+08:00", 0},
	{"space after 年", tue10, sh, "2026年 12月 5日", "2026-12-05T18:00:00+08:00", 0},
	{"space in a count", tue10, sh, "3 个工作日内", "2026-12-04T18:00:00+08:00", 0},
	{"space in days", tue10, sh, "3 天内", "2026-12-04T18:00:00+08:00", 0},
	{"space before 前", tue10, sh, "下周五 前", "2026-12-11T18:00:00+08:00", 0},
	{"space in 下月 day", tue10, sh, "下个月 15号", "2027-01-15T18:00:00+08:00", 0},

	// Periods: the end takes what it leaves out from the start.
	{"range: the end keeps the day and the afternoon", tue10, sh, "明天下午3点至5点", "2026-12-02T17:00:00+08:00", 0},
	{"range: morning hours", tue10, sh, "明天上午9点到11点", "2026-12-02T11:00:00+08:00", 0},
	{"range: evening hours", tue10, sh, "今晚7点到9点", "2026-12-01T21:00:00+08:00", 0},
	{"range: 下午3点至7点 is 19:00", tue10, sh, "下午3点至7点", "2026-12-01T19:00:00+08:00", 0},
	{"range: 下午3点至5:30", tue10, sh, "下午3点至5:30", "2026-12-01T17:30:00+08:00", 0},
	{"range: the end's own part of the day", tue10, sh, "明天上午9点至下午5点", "2026-12-02T17:00:00+08:00", 0},
	{"range: the end keeps the year, then past", tue10, sh, "2017年8月11日至8月22日", "", Past},
	{"range: the end keeps the month", tue10, sh, "12月5日至10日", "2026-12-10T18:00:00+08:00", 0},
	{"range: into next year", tue10, sh, "12月25日至1月5日", "2027-01-05T18:00:00+08:00", 0},
	{"range: a year, into the next", tue10, sh, "2026年12月25日至1月5日", "2027-01-05T18:00:00+08:00", 0},
	{"range with 从", tue10, sh, "从12月5日至12月10日", "2026-12-10T18:00:00+08:00", 0},
	{"range with 自…起至…止", tue10, sh, "自12月1日起至12月31日止", "2026-12-31T18:00:00+08:00", 0},
	{"range with 从…到", tue10, sh, "从明天到下周五", "2026-12-11T18:00:00+08:00", 0},
	{"range with 从…开始到", tue10, sh, "从明天开始到周五", "2026-12-04T18:00:00+08:00", 0},
	{"从 without an end is a start", tue10, sh, "从12月5日", "", Unrecognized},

	// More words that set no time.
	{"近期", tue10, sh, "近期", "", Vague},
	{"择期", tue10, sh, "择期", "", Vague},
	{"另行通知", tue10, sh, "另行通知", "", Vague},

	// Other zones, and daylight saving time in New York.
	{"NY spring 明天 keeps 18:00", nySat20, ny, "明天", "2026-03-08T18:00:00-04:00", 0},
	{"NY spring tomorrow", nySat20, ny, "tomorrow", "2026-03-08T18:00:00-04:00", 0},
	{"NY spring 明天上午9点", nySat20, ny, "明天上午9点", "2026-03-08T09:00:00-04:00", 0},
	{"NY spring 24小时后 is real time", nySat20, ny, "24小时后", "2026-03-08T21:00:00-04:00", 0},
	{"NY spring 3小时后", nySat20, ny, "3小时后", "2026-03-07T23:00:00-05:00", 0},
	{"NY spring 周一", nySat20, ny, "周一", "2026-03-09T18:00:00-04:00", 0},
	{"NY spring 2小时后 over the gap", nySun0130, ny, "2小时后", "2026-03-08T04:30:00-04:00", 0},
	{"NY spring 今天", nySun0130, ny, "今天", "2026-03-08T18:00:00-04:00", 0},
	{"NY fall 明天", nyOct31, ny, "明天", "2026-11-01T18:00:00-05:00", 0},
	{"NY fall 24小时后", nyOct31, ny, "24小时后", "2026-11-01T19:00:00-05:00", 0},
	{"NY fall 一周内", nyOct31, ny, "一周内", "2026-11-07T18:00:00-05:00", 0},
	{"NY fall 1小时后 repeats 1:30", nyNov1EDT, ny, "1小时后", "2026-11-01T01:30:00-05:00", 0},
	{"NY fall 今天", nyNov1EDT, ny, "今天", "2026-11-01T18:00:00-05:00", 0},
	{"NY fall 下班前", nyNov1EDT, ny, "下班前", "2026-11-01T18:00:00-05:00", 0},
	{"NY late evening 今天 is past", nyLateTue, ny, "今天", "", Past},
	{"NY late evening 明天 is its own tomorrow", nyLateTue, ny, "明天", "2026-12-02T18:00:00-05:00", 0},
	{"London BST starts", londonSat, "Europe/London", "明天", "2026-03-29T18:00:00+01:00", 0},
	{"Sydney DST ends", sydneySat, "Australia/Sydney", "明天", "2026-04-05T18:00:00+10:00", 0},
	{"Kolkata", kolkataTue, "Asia/Kolkata", "周五", "2026-12-04T18:00:00+05:30", 0},
	{"Kathmandu minutes", kathmandu, "Asia/Kathmandu", "半小时后", "2026-12-01T10:30:00+05:45", 0},
	{"UTC late", utcLate, "UTC", "明天", "2026-12-02T18:00:00Z", 0},
}

func TestParseTable(t *testing.T) {
	if n := len(parseCases); n < 200 {
		t.Fatalf("only %d table cases; the spec asks for at least 200", n)
	}
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			now := mustNow(t, tc.now, tc.zone)
			d, err := Parse(tc.in, now, cal)
			if tc.want == "" {
				checkError(t, tc.in, err, tc.kind)
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q) at %s: %v", tc.in, tc.now, err)
			}
			checkInstant(t, tc.in, d.At, tc.want, now)
			if want := trimmedPhrase(tc.in); d.Phrase != want {
				t.Errorf("Parse(%q).Phrase = %q, want %q", tc.in, d.Phrase, want)
			}
		})
	}
}

// trimmedPhrase is what Parse reports as the phrase: the input without the
// white space and sentence mark around it.
func trimmedPhrase(in string) string {
	t := newText(in)
	lo, hi := t.trim(true)
	return t.slice(lo, hi)
}

// mustNow parses an RFC 3339 instant into the zone.
func mustNow(t testing.TB, now, zone string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatalf("zone %s: %v", zone, err)
	}
	n, err := time.Parse(time.RFC3339Nano, now)
	if err != nil {
		t.Fatalf("now %q: %v", now, err)
	}
	return n.In(loc)
}

// checkInstant asserts that got is exactly want, in now's location, and
// after now.
func checkInstant(t *testing.T, in string, got time.Time, want string, now time.Time) {
	t.Helper()
	w, err := time.Parse(time.RFC3339, want)
	if err != nil {
		t.Fatalf("want %q: %v", want, err)
	}
	if !got.Equal(w) {
		t.Errorf("%q at %s = %s, want %s", in, now.Format(time.RFC3339), got.Format(time.RFC3339), want)
	}
	if _, off := got.Zone(); got.Location() != now.Location() || off != zoneOffset(w) {
		t.Errorf("%q: result %s is not in now's zone %s", in, got.Format(time.RFC3339), now.Location())
	}
	if !got.After(now) {
		t.Errorf("%q: result %s is not after now %s", in, got, now)
	}
}

func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// checkError asserts that err is an *Error of the kind, with a phrase and a
// Chinese reason.
func checkError(t *testing.T, in string, err error, kind Kind) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: error %v (%T), want *Error of kind %s", in, err, err, kind)
	}
	if e.Kind != kind {
		t.Errorf("%q: kind %s, want %s (%v)", in, e.Kind, kind, e)
	}
	if !hasHan(e.Reason) {
		t.Errorf("%q: reason %q is not Chinese text", in, e.Reason)
	}
	if e.Phrase == "" && kind != Empty {
		t.Errorf("%q: error without a phrase: %v", in, e)
	}
	if errors.Is(err, ErrNoDeadline) {
		t.Errorf("%q: Parse errors are *Error, not ErrNoDeadline", in)
	}
}

func hasHan(s string) bool {
	for _, c := range s {
		if unicode.Is(unicode.Han, c) {
			return true
		}
	}
	return false
}

// The examples shown after an error parse, in Chinese and in English, at
// any time of the year: their date is computed from now, so it is never
// past (a fixed 12月1日 was refused after the first of December).
func TestExamplesParse(t *testing.T) {
	start := mustNow(t, "2026-01-01T00:00:00+08:00", sh)
	for h := 0; h < 366*24; h += 7 { // every 7 hours of a year, all times of day
		now := start.Add(time.Duration(h) * time.Hour)
		for _, ex := range append(Examples(now), EnglishExamples(now)...) {
			if _, err := Parse(ex, now, cal); err != nil {
				t.Fatalf("example %q at %s: %v", ex, now, err)
			}
		}
	}
	now := mustNow(t, dec31pm, sh)
	if got := Examples(now)[1]; got != "1月10日下午3点" {
		t.Errorf("Examples at %s: the date example is %q, want 1月10日下午3点", dec31pm, got)
	}
	if got := EnglishExamples(now)[1]; got != "jan 10 3pm" {
		t.Errorf("EnglishExamples at %s: %q, want jan 10 3pm", dec31pm, got)
	}
}

func TestErrorReasons(t *testing.T) {
	now := mustNow(t, tue10, sh)
	for in, want := range map[string]string{
		"上周五":              "「上周五」（2026-11-27 18:00 周五）已经过去了",
		"2月30日":            "「2月30日」不是一个存在的日期（2027年2月只有28天）",
		"明天25:00":          "「25:00」不是一个存在的时间",
		"尽快":               "「尽快」不是明确的时限，请写明日期",
		"下周五前完成":           "看不懂「完成」，请写明日期",
		"11月30日前":          "11月30日已经过去了，请重新确认截止时间",
		"2026年11月30日":      "11月30日已经过去了，请重新确认截止时间",
		"2017年8月11日至8月22日": "2017年8月22日已经过去了，请重新确认截止时间",
		"12月1日上午9点":        "12月1日 09:00已经过去了，请重新确认截止时间",
	} {
		_, err := Parse(in, now, cal)
		var e *Error
		if !errors.As(err, &e) || e.Reason != want {
			t.Errorf("Parse(%q): %v, want reason %q", in, err, want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Past: "past", Impossible: "impossible", Vague: "vague",
		Unrecognized: "unrecognized", Empty: "empty", 0: "Kind(0)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
	e := &Error{Kind: Past, Phrase: "上周五", Reason: "「上周五」已经过去了"}
	if got, want := e.Error(), `deadline: past "上周五": 「上周五」已经过去了`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	at := mustNow(t, "2026-12-04T18:00:00+08:00", sh)
	if got, want := Format(at), "2026-12-04 18:00 周五"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	if got, want := FormatEnglish(at), "2026-12-04 18:00 Fri"; got != want {
		t.Errorf("FormatEnglish = %q, want %q", got, want)
	}
	sunday := mustNow(t, "2026-12-06T09:05:00+08:00", sh)
	if got, want := Format(sunday), "2026-12-06 09:05 周日"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	// Format shows t's own location, not the machine's.
	if got, want := Format(at.In(time.UTC)), "2026-12-04 10:00 周五"; got != want {
		t.Errorf("Format(UTC) = %q, want %q", got, want)
	}
}

// A nil calendar means Monday to Friday.
func TestNilCalendar(t *testing.T) {
	now := mustNow(t, feb13, sh)
	d, err := Parse("3个工作日内", now, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Without the 春节 notice: Mon 16, Tue 17, Wed 18.
	checkInstant(t, "3个工作日内", d.At, "2026-02-18T18:00:00+08:00", now)
}

// Without a calendar the lunar holidays are unknown, the Gregorian ones not.
func TestNilCalendarHolidays(t *testing.T) {
	now := mustNow(t, tue10, sh)
	_, err := Parse("春节前", now, nil)
	checkError(t, "春节前", err, Unrecognized)
	d, err := Parse("国庆前", now, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Monday to Friday only: 1 October 2027 is a Friday, the 30th a Thursday.
	checkInstant(t, "国庆前", d.At, "2027-09-30T18:00:00+08:00", now)
}

// Every holiday word starts with a character festival looks for, and names
// a holiday the calendar knows.
func TestFestivalWords(t *testing.T) {
	known := map[string]bool{}
	for _, name := range workday.Festivals {
		known[name] = true
	}
	for _, f := range festivalWords {
		if first := []rune(f.word)[0]; !strings.ContainsRune(festivalStarts, first) || !canStart(first) {
			t.Errorf("%s: %c is not a start character", f.word, first)
		}
		if !known[f.name] {
			t.Errorf("%s names %s, which the calendar does not know", f.word, f.name)
		}
	}
}
