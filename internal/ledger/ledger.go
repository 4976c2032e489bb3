// Package ledger writes a group's 任务台账: an .xlsx workbook (tasks, ranking
// and progress history) and a CSV of the task sheet.
//
// The package knows nothing of the database or of Telegram: the caller
// renders its tasks into TaskRow, RankRow and ProgressRow values, and gets
// back the bytes of a file to send.
package ledger

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// TaskRow is one task of the ledger, already rendered to text where it is text.
type TaskRow struct {
	Number           int
	Title            string
	Unit             string // 牵头单位
	Lead             string // 主办
	Cooperators      string // 协办, joined with 、
	Responsible      string // 包保领导
	Assigner         string // 交办人
	AssignedAt       time.Time
	OriginalDeadline time.Time  // 原截止: as assigned
	Deadline         time.Time  // 截止时间: in force
	Acks             string     // 签收: who acknowledged when, e.g. "张伟 11-23 10:05；王芳 未签收"
	Status           string     // 待办 / 进行中 / 已提交 / 已办结 / 已取消 / 待认领
	SubmittedAt      *time.Time // 提交时间: when /done came
	DoneAt           *time.Time // 办结时间: the confirmation
	OnTime           string     // 是否按期, judged by the submission: 是 / 否 / "" (not submitted)
	LateDays         int        // 逾期天数: calendar days late (to the submission, or till now); 0 shows empty
	Extensions       int        // 延期次数
	LatestProgress   string     // 最新进展: the latest report, or the 办结说明
	Attachments      int        // 附件数: files attached to the task
	Overdue          bool       // highlight the row
}

// RankRow is one entry of the ranking sheet. Rate is a fraction (0.75 is
// 75%), shown as "—" when HasRate is false.
type RankRow struct {
	Rank                       int
	Name, Unit                 string
	Due, OnTime, Late, Overdue int
	Rate                       float64
	HasRate                    bool
	Score                      int
	Flag                       string // "红旗" / "黄旗" / ""
}

// ProgressRow is one progress report. Percent is 0–100, nil when the report
// gave none.
type ProgressRow struct {
	Number  int
	Title   string
	At      time.Time
	Person  string
	Percent *int
	Text    string
}

// Ledger is the content of one export.
type Ledger struct {
	Title    string         // e.g. "招商引资工作群 任务台账"
	Period   string         // e.g. "2026年11月" or "全部"
	Zone     *time.Location // times are shown in it, "2006-01-02 15:04"; nil: UTC
	Tasks    []TaskRow
	Ranking  []RankRow
	Progress []ProgressRow
	Problems []ProblemRow   // 问题清单: a sheet of its own when there are any
	Nodes    []NodeRow      // sheet 节点, only when some task has nodes (node.go)
	Contests []ContestSheet // a sheet per contest (擂台赛), after the others
}

// Sheet names and headers, in the order they appear in the workbook.
const (
	SheetTasks    = "任务台账"
	SheetRanking  = "排名"
	SheetProgress = "进展记录"
)

// TaskHeader is the customary column order of a 台账 (sheet 1 and the CSV).
var TaskHeader = []string{"序号", "任务", "牵头单位", "主办", "协办", "包保领导", "交办人", "交办时间", "原截止", "截止时间",
	"签收", "状态", "提交时间", "办结时间", "是否按期", "逾期天数", "延期次数", "最新进展",
	"附件数"}

// RankingHeader is the header of sheet 2, in the ranking's own words.
var RankingHeader = []string{"名次", "姓名/单位", "单位", "到期", "按期", "逾期办结", "逾期未办", "按期率", "得分", "红黄旗"}

// ProgressHeader is the header of sheet 3.
var ProgressHeader = []string{"序号", "任务", "时间", "报告人", "进度", "内容"}

// TimeLayout is how times are written where they are text (the CSV).
const TimeLayout = "2006-01-02 15:04"

// noRate is shown for an on-time rate when nothing is settled yet.
const noRate = "—"

// fullTitle is the title with the period: the workbook's and its print header.
func (l *Ledger) fullTitle() string {
	return strings.TrimSpace(strings.TrimSpace(l.Title) + " " + strings.TrimSpace(l.Period))
}

func (l *Ledger) zone() *time.Location {
	if l.Zone == nil {
		return time.UTC
	}
	return l.Zone
}

// cleanText normalises line ends to \n.
func cleanText(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// FileName returns a safe file name for the ledger, e.g.
// "台账-招商引资工作群-2026年11月.xlsx" for the title "招商引资工作群 任务台账", the
// period "2026年11月" and the extension "xlsx" (given with or without its
// dot). Characters that are illegal in file names on common systems
// (/ \ : * ? " < > |), control and formatting characters (such as
// right-to-left overrides) are dropped, runs of white space become one
// space, and the title is cut to a sensible length.
func FileName(l Ledger, ext string) string {
	title := strings.TrimSpace(l.Title)
	for _, suffix := range []string{"任务台账", "台账"} {
		if t, ok := strings.CutSuffix(title, suffix); ok {
			title = t
			break
		}
	}
	parts := []string{"台账"}
	if t := safeName(title, 60); t != "" {
		parts = append(parts, t)
	}
	if p := safeName(l.Period, 30); p != "" {
		parts = append(parts, p)
	}
	name := strings.Join(parts, "-")
	if ext = safeName(strings.TrimLeft(ext, "."), 10); ext != "" {
		name += "." + ext
	}
	return name
}

// safeName keeps the characters of s that are safe in a file name, at most
// max of them, without leading or trailing spaces, dots and dashes.
func safeName(s string, max int) string {
	var b strings.Builder
	n, space := 0, false
loop:
	for _, r := range s {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), r == unicode.ReplacementChar,
			unicode.IsControl(r) && !unicode.IsSpace(r), unicode.Is(unicode.Cf, r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if n >= max {
			break loop
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return strings.Trim(b.String(), " .-")
}

// cell is one value of a sheet, typed for the spreadsheet.
type cell struct {
	kind kind
	s    string    // text
	n    float64   // number, or fraction for percentages
	t    time.Time // date
	tone tone      // overrides the row's tone
}

type kind uint8

const (
	kEmpty kind = iota
	kText
	kNumber
	kDate
	kPercent
)

type tone uint8

const (
	toneNone tone = iota
	toneRed
	toneYellow
)

func textCell(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: kText, s: cleanText(s)}
}

func intCell(n int) cell { return cell{kind: kNumber, n: float64(n)} }

// dateCell is t in zone (shown as its wall clock there), or an empty cell
// for the zero time.
func dateCell(t time.Time, zone *time.Location) cell {
	if t.IsZero() {
		return cell{}
	}
	return cell{kind: kDate, t: t.In(zone)}
}

// optDateCell is dateCell of *at, or an empty cell for nil.
func optDateCell(at *time.Time, zone *time.Location) cell {
	if at == nil {
		return cell{}
	}
	return dateCell(*at, zone)
}

// overdueTone is the tint of a row: red when its subject is overdue.
func overdueTone(overdue bool) tone {
	if overdue {
		return toneRed
	}
	return toneNone
}

// column describes one column of a sheet.
type column struct {
	head   string
	kind   kind    // the kind of its values (text columns may hold numbers' text too)
	numFmt string  // for dates and percentages
	center bool    // centred horizontally
	wrap   bool    // wraps long text (and makes the row taller)
	maxW   float64 // widest the column gets, in character widths
}

const dateFmt = "yyyy-mm-dd hh:mm"

var taskColumns = []column{
	{head: "序号", kind: kNumber, center: true, maxW: 8},
	{head: "任务", kind: kText, wrap: true, maxW: 40},
	{head: "牵头单位", kind: kText, wrap: true, maxW: 20},
	{head: "主办", kind: kText, wrap: true, maxW: 16},
	{head: "协办", kind: kText, wrap: true, maxW: 24},
	{head: "包保领导", kind: kText, wrap: true, maxW: 14},
	{head: "交办人", kind: kText, wrap: true, maxW: 14},
	{head: "交办时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "原截止", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "截止时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "签收", kind: kText, wrap: true, maxW: 30},
	{head: "状态", kind: kText, center: true, maxW: 10},
	{head: "提交时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "办结时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "是否按期", kind: kText, center: true, maxW: 10},
	{head: "逾期天数", kind: kNumber, center: true, maxW: 10},
	{head: "延期次数", kind: kNumber, center: true, maxW: 10},
	{head: "最新进展", kind: kText, wrap: true, maxW: 50},
	{head: "附件数", kind: kNumber, center: true, maxW: 8},
}

var rankingColumns = []column{
	{head: "名次", kind: kNumber, center: true, maxW: 8},
	{head: "姓名/单位", kind: kText, wrap: true, maxW: 24},
	{head: "单位", kind: kText, wrap: true, maxW: 24},
	{head: "到期", kind: kNumber, center: true, maxW: 10},
	{head: "按期", kind: kNumber, center: true, maxW: 10},
	{head: "逾期办结", kind: kNumber, center: true, maxW: 10},
	{head: "逾期未办", kind: kNumber, center: true, maxW: 10},
	{head: "按期率", kind: kPercent, numFmt: "0%", center: true, maxW: 10},
	{head: "得分", kind: kNumber, center: true, maxW: 10},
	{head: "红黄旗", kind: kText, center: true, maxW: 10},
}

var progressColumns = []column{
	{head: "序号", kind: kNumber, center: true, maxW: 8},
	{head: "任务", kind: kText, wrap: true, maxW: 30},
	{head: "时间", kind: kDate, numFmt: dateFmt, center: true, maxW: 20},
	{head: "报告人", kind: kText, wrap: true, maxW: 14},
	{head: "进度", kind: kPercent, numFmt: "0%", center: true, maxW: 8},
	{head: "内容", kind: kText, wrap: true, maxW: 60},
}

// taskCells renders a task into dst (len(taskColumns) cells).
func taskCells(t *TaskRow, zone *time.Location, dst []cell) {
	optDate := func(at *time.Time) cell { return optDateCell(at, zone) }
	late := cell{}
	if t.LateDays > 0 {
		late = intCell(t.LateDays)
	}
	dst[0] = intCell(t.Number)
	dst[1] = textCell(t.Title)
	dst[2] = textCell(t.Unit)
	dst[3] = textCell(t.Lead)
	dst[4] = textCell(t.Cooperators)
	dst[5] = textCell(t.Responsible)
	dst[6] = textCell(t.Assigner)
	dst[7] = dateCell(t.AssignedAt, zone)
	dst[8] = dateCell(t.OriginalDeadline, zone)
	dst[9] = dateCell(t.Deadline, zone)
	dst[10] = textCell(t.Acks)
	dst[11] = textCell(t.Status)
	dst[12] = optDate(t.SubmittedAt)
	dst[13] = optDate(t.DoneAt)
	dst[14] = textCell(t.OnTime)
	dst[15] = late
	dst[16] = intCell(t.Extensions)
	dst[17] = textCell(t.LatestProgress)
	dst[18] = intCell(t.Attachments)
}

func rankCells(r *RankRow, dst []cell) {
	dst[0] = intCell(r.Rank)
	dst[1] = textCell(r.Name)
	dst[2] = textCell(r.Unit)
	dst[3] = intCell(r.Due)
	dst[4] = intCell(r.OnTime)
	dst[5] = intCell(r.Late)
	dst[6] = intCell(r.Overdue)
	if r.HasRate {
		dst[7] = cell{kind: kPercent, n: r.Rate}
	} else {
		dst[7] = textCell(noRate)
	}
	dst[8] = intCell(r.Score)
	dst[9] = textCell(r.Flag)
	switch strings.TrimSpace(r.Flag) {
	case "红旗":
		dst[9].tone = toneRed
	case "黄旗":
		dst[9].tone = toneYellow
	}
}

func progressCells(p *ProgressRow, zone *time.Location, dst []cell) {
	dst[0] = intCell(p.Number)
	dst[1] = textCell(p.Title)
	dst[2] = dateCell(p.At, zone)
	dst[3] = textCell(p.Person)
	dst[4] = cell{}
	if p.Percent != nil {
		dst[4] = cell{kind: kPercent, n: float64(*p.Percent) / 100}
	}
	dst[5] = textCell(p.Text)
}

// csvField is c as a CSV field: what the xlsx cell shows, as text.
func csvField(c cell) string {
	switch c.kind {
	case kText:
		return csvText(c.s)
	case kNumber:
		return strconv.Itoa(int(c.n))
	case kDate:
		return c.t.Format(TimeLayout)
	case kPercent:
		return strconv.Itoa(int(math.Round(c.n*100))) + "%"
	}
	return ""
}
