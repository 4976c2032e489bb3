package miniapp

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/models"
)

// groupPage is the group view's answer: the header counts and the 台账.
type groupPage struct {
	Group   groupInfo `json:"group"`
	Leader  bool      `json:"leader"` // the viewer leads the group: may download the ledger, switch groups
	Now     string    `json:"now"`    // the moment the counts are for, in the group's zone
	Counts  counts    `json:"counts"`
	Columns []string  `json:"columns"` // the ledger's columns (ledger.TaskHeader)
	Rows    []taskRow `json:"rows"`
	Units   []unitBar `json:"units"` // open and overdue per unit
	Filters filters   `json:"filters"`
}

type groupInfo struct {
	ID    uint   `json:"id"`
	Title string `json:"title"`
	Zone  string `json:"zone"`
}

// counts are the header of the group view, all in the group's zone:
// open = 待办 + 进行中 + 已提交; overdue = past the deadline and not
// submitted; due this week = open with the deadline in this Monday–Sunday
// week; done = confirmed (已办结) this calendar month; the on-time rate is
// this month's, by the group's ranking rules.
type counts struct {
	Open        int      `json:"open"`
	Overdue     int      `json:"overdue"`
	DueThisWeek int      `json:"dueThisWeek"`
	DoneMonth   int      `json:"doneThisMonth"`
	OnTime      int      `json:"onTime"`
	Settled     int      `json:"settled"`
	OnTimeRate  *float64 `json:"onTimeRate"` // nil while nothing of the month is settled
	Month       string   `json:"month"`      // e.g. 2026年11月
}

// taskRow is one row of the table: the ledger's cells as text, and what the
// page filters and sorts by.
type taskRow struct {
	Number      int      `json:"n"`
	Cells       []string `json:"cells"`
	Status      string   `json:"status"` // models.Status
	Unit        string   `json:"unit"`
	People      []string `json:"people"`   // 主办 and 协办
	Deadline    int64    `json:"deadline"` // Unix milliseconds
	Overdue     bool     `json:"overdue"`
	OverdueDays int      `json:"overdueDays"`
}

type unitBar struct {
	Unit    string `json:"unit"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
}

type filters struct {
	Statuses []option `json:"statuses"`
	Units    []string `json:"units"`
	People   []string `json:"people"`
	Periods  []period `json:"periods"`
}

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// period is a span of the deadline filter, computed in the group's zone.
type period struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	From  int64  `json:"from"` // Unix milliseconds
	To    int64  `json:"to"`
}

// tableColumns are the columns of the table: those of the ledger's first
// sheet (ledger.TaskHeader), so the page and the .xlsx agree.
var tableColumns = []string{"序号", "任务", "牵头单位", "主办", "协办", "交办人", "交办时间", "截止时间", "状态",
	"办结时间", "是否按期", "延期次数", "最新进展"}

// statusOptions are the status filter's choices; "overdue" and "open" are
// not statuses but the page knows them.
var statusOptions = []option{
	{"", "全部状态"}, {"open", "未办结"}, {"overdue", "逾期"},
	{string(models.StatusTodo), "待办"}, {string(models.StatusDoing), "进行中"},
	{string(models.StatusSubmitted), "已提交"}, {string(models.StatusDone), "已办结"},
	{string(models.StatusCancelled), "已取消"}, {string(models.StatusPosted), "待认领"},
}

func (h *Handler) groupView(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	a, err := h.groupOf(ctx, v, r)
	if err != nil {
		return nil, err
	}
	sheet, err := h.cfg.Store.TaskSheet(ctx, a.chat.ID)
	if err != nil {
		return nil, err
	}
	now := h.cfg.Clock.Now()
	loc := a.chat.Location()
	local := now.In(loc)
	rules := a.chat.RankRules()
	month := models.PeriodContaining(models.Month, local)
	trend, err := h.cfg.Store.OnTimeTrend(ctx, a.chat.ID, []models.Period{month}, &rules)
	if err != nil {
		return nil, err
	}
	p := &groupPage{
		Group:   groupInfo{ID: a.chat.ID, Title: a.chat.Title, Zone: loc.String()},
		Leader:  a.leader,
		Now:     local.Format(ledger.TimeLayout),
		Counts:  countTasks(sheet.Tasks, now, loc),
		Columns: tableColumns,
		Rows:    make([]taskRow, 0, len(sheet.Tasks)),
	}
	p.Counts.Month = fmt.Sprintf("%d年%d月", month.From.Year(), month.From.Month())
	p.Counts.OnTime, p.Counts.Settled = trend[0].OnTime, trend[0].Settled
	if trend[0].Settled > 0 {
		rate := float64(trend[0].OnTime) / float64(trend[0].Settled)
		p.Counts.OnTimeRate = &rate
	}
	units := map[string]*unitBar{}
	people := map[string]bool{}
	for i := range sheet.Tasks {
		row := tableRow(&sheet.Tasks[i], sheet, rules, now, loc)
		p.Rows = append(p.Rows, row)
		for _, name := range row.People {
			people[name] = true
		}
		t := &sheet.Tasks[i]
		if !openStatus(t.Status) {
			continue
		}
		name := t.UnitName
		if name == "" {
			name = "（未定单位）"
		}
		u := units[name]
		if u == nil {
			u = &unitBar{Unit: name}
			units[name] = u
		}
		u.Open++
		if row.Overdue {
			u.Overdue++
		}
	}
	for _, u := range units {
		p.Units = append(p.Units, *u)
	}
	slices.SortFunc(p.Units, func(a, b unitBar) int {
		return cmp.Or(b.Open-a.Open, b.Overdue-a.Overdue, strings.Compare(a.Unit, b.Unit))
	})
	p.Filters = filters{Statuses: statusOptions, Units: unitNames(sheet.Tasks), People: sortedKeys(people),
		Periods: periodsAround(local)}
	return p, nil
}

// openStatus: 待办, 进行中 or 已提交, the "open" of the header.
func openStatus(s models.Status) bool {
	return s == models.StatusTodo || s == models.StatusDoing || s == models.StatusSubmitted
}

// countTasks computes the header's counts at now in loc.
func countTasks(tasks []models.Task, now time.Time, loc *time.Location) counts {
	local := now.In(loc)
	week := models.PeriodContaining(models.Week, local)
	month := models.PeriodContaining(models.Month, local)
	var c counts
	for i := range tasks {
		t := &tasks[i]
		if openStatus(t.Status) {
			c.Open++
			if !t.Deadline.Before(week.From) && t.Deadline.Before(week.To) {
				c.DueThisWeek++
			}
		}
		if t.Overdue(now) {
			c.Overdue++
		}
		if t.Status == models.StatusDone && t.DoneAt != nil && !t.DoneAt.Before(month.From) && t.DoneAt.Before(month.To) {
			c.DoneMonth++
		}
	}
	return c
}

// tableRow renders a task as the ledger renders it.
func tableRow(t *models.Task, sheet *models.TaskSheet, rules models.RankRules, now time.Time, loc *time.Location) taskRow {
	at := func(tm *time.Time) string {
		if tm == nil || tm.IsZero() {
			return ""
		}
		return tm.In(loc).Format(ledger.TimeLayout)
	}
	lead := ""
	var people, co []string
	if l := t.Lead(); l != nil {
		lead = l.User.DisplayName()
		people = append(people, lead)
	}
	for _, a := range t.Cooperators() {
		co = append(co, a.User.DisplayName())
	}
	people = append(people, co...)
	assigner := sheet.Users[t.AssignerID]
	latest := ""
	if p, ok := sheet.Latest[t.ID]; ok {
		latest = p.Text
		if p.Percent != nil {
			latest = strings.TrimSpace(fmt.Sprintf("%d%% %s", *p.Percent, p.Text))
		}
	}
	row := taskRow{
		Number: t.Number, Status: string(t.Status), Unit: t.UnitName, People: people,
		Deadline: t.Deadline.UnixMilli(), Overdue: t.Overdue(now), OverdueDays: t.DaysOverdue(now, loc),
	}
	row.Cells = []string{
		strconv.Itoa(t.Number), t.Title, t.UnitName, lead, strings.Join(co, "、"), assigner.DisplayName(),
		at(&t.CreatedAt), at(&t.Deadline), t.Status.Label(), at(t.DoneAt), onTimeText(t, rules),
		strconv.Itoa(t.Extensions), latest,
	}
	if row.People == nil {
		row.People = []string{}
	}
	return row
}

// onTimeText is the ledger's 是否按期: judged like the ranking, for submitted
// and completed tasks only.
func onTimeText(t *models.Task, rules models.RankRules) string {
	if t.SubmittedAt == nil || (t.Status != models.StatusSubmitted && t.Status != models.StatusDone) {
		return ""
	}
	judge := t.Deadline
	if !rules.ExtensionsCount {
		judge = t.OriginalDeadline
	}
	if t.SubmittedAt.After(judge) {
		return "否"
	}
	return "是"
}

func unitNames(tasks []models.Task) []string {
	seen := map[string]bool{}
	for i := range tasks {
		if tasks[i].UnitName != "" {
			seen[tasks[i].UnitName] = true
		}
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// periodsAround are the deadline filter's spans around local's date.
func periodsAround(local time.Time) []period {
	span := func(key, label string, kind models.PeriodKind) period {
		p := models.PeriodContaining(kind, local)
		return period{Key: key, Label: label, From: p.From.UnixMilli(), To: p.To.UnixMilli()}
	}
	return []period{
		span("week", "本周", models.Week), span("month", "本月", models.Month),
		span("quarter", "本季度", models.Quarter), span("year", "本年", models.Year),
	}
}
