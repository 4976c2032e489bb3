// Package deadline reads the deadlines cadres write in chat (下周五前, 月底前,
// 3个工作日内, 12月1日下午3点, "next friday") as the instant a person means.
//
// It is pure: no clock, no I/O. The caller passes now (whose location is the
// group's zone) and a working-day calendar. [Parse] reads a text that should
// be nothing but a deadline; [Find] picks the deadline out of a sentence and
// returns the rest (the task). Every result is in now's location and strictly
// after now; anything else is an [*Error] whose Reason can be shown to users.
//
// # Conventions
//
// A day without a time means 18:00 that day, the end of the working day,
// whatever the weekday. Civil arithmetic is done with time.Date in the zone,
// so 明天 across a change of daylight saving time is still 18:00 local;
// N小时后, N分钟后 and 半小时后 are elapsed time, with the seconds dropped.
//
//   - Prefixes 在, 于, 截止, 截至, 截止到, 请于, 请在 (and 最迟, 务必于, by,
//     before …) and suffixes 前, 之前, 以前, 为止 (and 止, 截止, 内) change
//     nothing; they are part of the phrase Find removes.
//   - A period (12月5日至12月10日, 周一到周五, 下午3点至5点, also opened by 从
//     or 自) means its end. The end takes what it leaves out from the start:
//     明天下午3点至5点 ends tomorrow at 17:00, 12月5日至10日 on 12月10日,
//     2017年8月11日至8月22日 in 2017. A date said as a start (12月1日起,
//     从12月1日, 周五以后) is no deadline.
//   - 今天, 明天, 后天, 大后天; 昨天 and 前天 are past.
//   - 周X, 星期X, 礼拜X (日 and 天 both mean Sunday): the next such day whose
//     time is still ahead, today included. 本周X/这周X: this Monday-to-Sunday
//     week's, an error once passed. 下周X: next week's. 下下周X: the week
//     after. 上周X: past. 周末 and 本周末 are this week's Sunday (never
//     rolled forward), 下周末 next week's.
//   - 本周内 (下周内): that week's Sunday. 本月内 (下月内), M月内: the month's
//     last day. 年内, 今年内, 2027年内: 31 December.
//   - 月底, 下月底, 年底, 季度末, 下季度末: the last day of that period, an
//     error once passed. 月中: the 15th; 月初 (下月初): the 5th; 上旬, 中旬,
//     下旬: the 10th, the 20th and the month's last day. Alone they are this
//     month's, next month's once this month's has passed; with 本/下 (本月上旬,
//     下月初) or a month (12月中旬) they never roll.
//   - M月D日, M.D, M-D, M/D (and M月中, M月初, M月上旬…, M月底): the nearest
//     such day, last year's, this year's or next year's: 1月5日 said in
//     December is next January's; 11月30日 said on 1 December is yesterday's
//     and an error ("11月30日已经过去了，请重新确认截止时间"), never moved a year
//     ahead. With a year (2026年12月1日, 2026-12-01) a passed date is an
//     error too. A date that does not exist (2月30日, 13月1日) is an error,
//     never rolled into the next month.
//   - 元旦前, 春节前, 清明前, 五一前, 端午前, 中秋前, 国庆前 (节前, 假期前):
//     the last working day before the holiday's days off begin; 国庆节后 (and
//     the others with 后): the first working day after they end. The days
//     off are the run of non-working days around the statutory ones on the
//     calendar given (see [Calendar]), so a notice's bridging days and 调休,
//     or a group's own days, count. The holiday is the next one not yet
//     over: 春节前 said during 春节 is an error.
//   - N天内/N天后: N calendar days after today. N周内: 7N days. 半个月内: 15
//     days. N个月内, 半年内 (6), N年内 (12N): the same day that many months
//     on, clamped to the month's end. N个工作日(内): the N-th working day after
//     today, from the calendar.
//   - Spaces may stand between numbers and words (4月 2日, 12 月 5 日,
//     下午 3:30, 3 个工作日内), as some input methods insert them.
//   - Numbers may be Arabic, full-width or Chinese (三, 十二, 两).
//   - 尽快, 尽早, 马上, 立即, 抓紧, 近期, 早日, 择期, 适时, 待定, 随时, 另行通知
//     set no time: an *Error of kind Vague, so that the caller can ask for a
//     date.
//
// # Times of day
//
// 上午/早上 N点 is N:00; 下午/晚上 N点 adds 12 for 1–11; 中午 is 12:00;
// N点半 is :30; HH:MM is a 24-hour clock; 下班前 is 18:00. A time with no
// day means today. Choices where people are ambiguous:
//
//   - A bare N点 with N from 1 to 6 means the afternoon (3点 is 15:00): no one
//     sets a deadline at three in the morning. 0点 and 7点–12点 are as
//     written. H:MM is always taken as written (3:00 is 03:00).
//   - 下午12点 and 上午12点 are noon. 晚上12点, 24点 and 24:00 are the midnight
//     that ends the day; 凌晨12点 is the one that begins it.
//   - 上午, 下午 and 晚上 after a day without an hour mean the end of that
//     part of the day: 12:00, 18:00 and 24:00. 今晚/明晚 alone likewise.
//   - An hour over 23 or a minute over 59 is an error.
//
// # Finding a phrase in a sentence
//
// See [Find] for which phrase wins when a sentence has several, and for the
// numbers (3点意见, 3号文件, 2.3节) that are deliberately not taken as dates.
//
// # Recurring phrases (周期任务)
//
// [FindRule] and [ParseRule] read a recurring deadline as a [Rule], with
// the same folding, numbers, times of day, prefixes and suffixes as a
// deadline; [Rule.Next] gives its next occurrence on a working-day
// calendar in a zone, [Rule.Explain] describes it. They need no now: a rule
// is the same whenever it is said. What is read:
//
//   - 每天, 每日, 每个工作日: every working day (每天 too: a series is work,
//     and work is done on working days), 调休 Saturdays included.
//   - 每周X, 每星期X, 每个礼拜X, 每周的周X (X 一…五): that weekday of every
//     week. 每周六, 每周日, 每周末 are refused (no working day), and so are
//     several days (每周一、三、五, 每周一至周五: write 每个工作日).
//   - 每月N日/号, 每个月N日, 每月底/末/最后一天, 每月初 (5th), 每月中 (15th),
//     每月上旬/中旬/下旬 (10th, 20th, last day). A day the month lacks (31日
//     in April) is its last day.
//   - 每季度末, 每季末, 每季度首月/第二个月/末月N日 (每季度首月10日).
//   - 每年M月D日, 每年M月底, 每年底 (12月31日). 2月29日 is 28 February in
//     common years; 2月30日 is refused.
//   - A time of day may follow (每周五下班前, 每周一上午10点, 每天8点半), as
//     in a deadline; without one the time is 18:00. A prefix (请于, 须在)
//     and a suffix (前, 之前) are part of the phrase.
//   - English: every day, every working day, every weekday, every friday
//     [5pm], every month on the 5th, (at the) end of every month / quarter
//     / year, every year on dec 20.
//   - Refused as Unsupported: a cadence of several units with its day or
//     time (每两周五, 每隔一周的周一, 每两个月5日, 每两天上午9点, every other
//     friday), since which weeks it means depends on a start nobody said.
//   - Not a phrase at all: a cadence without its day (每周报送, 每月调度,
//     每两周一次, 每周一次): it may be part of the task's name.
//
// Days off move an occurrence to the previous working day: for weekly rules
// within the same week only (a 春节 week has no Friday report), for the
// others as far back as needed, into the month before if need be (每月5日
// on 5 October falls on 30 September). See [Rule.Next].
package deadline
