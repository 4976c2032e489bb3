package miniapp

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/models"
)

// groupPage is the group view's answer: the header counts and one page of
// the 台账, filtered and sorted as asked.
type groupPage struct {
	Group    groupInfo `json:"group"`
	Leader   bool      `json:"leader"` // the viewer leads the group: may download the ledger, switch groups
	Now      string    `json:"now"`    // the moment the counts are for, in the group's zone
	Counts   counts    `json:"counts"`
	Columns  []string  `json:"columns"` // the ledger's columns (ledger.TaskHeader)
	Rows     []taskRow `json:"rows"`
	Matching int64     `json:"matching"` // rows the filter selects, over all pages
	Offset   int       `json:"offset"`
	PageSize int       `json:"pageSize"`
	Units    []unitBar `json:"units"` // open and overdue per unit
	Filters  filters   `json:"filters"`
}

type groupInfo struct {
	ID    uint   `json:"id"`
	Title string `json:"title"`
	Zone  string `json:"zone"`
}

// counts are the header of the group view, all in the group's zone (see
// models.DashboardCounts); the on-time rate is this month's, by the
// group's ranking rules.
type counts struct {
	All         int      `json:"all"`
	Open        int      `json:"open"`
	Overdue     int      `json:"overdue"`
	DueThisWeek int      `json:"dueThisWeek"`
	DoneMonth   int      `json:"doneThisMonth"`
	OnTime      int      `json:"onTime"`
	Settled     int      `json:"settled"`
	OnTimeRate  *float64 `json:"onTimeRate"` // nil while nothing of the month is settled
	Month       string   `json:"month"`      // e.g. 2026年11月
}

// taskRow is one row of the table: the ledger's cells as text, and how the
// page marks it.
type taskRow struct {
	Number      int      `json:"n"`
	Cells       []string `json:"cells"`
	Status      string   `json:"status"` // models.Status
	People      []string `json:"people"` // 主办 and 协办
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
	People   []option `json:"people"` // value: the person's id
	Periods  []option `json:"periods"`
	Lists    []option `json:"lists"` // 清单; value: the list's id
}

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// pageSize is how many rows one answer holds; the page asks for more.
const pageSize = 100

// tableColumns are the columns of the table: those of the ledger's first
// sheet (ledger.TaskHeader), so the page and the .xlsx agree.
var tableColumns = []string{"序号", "任务", "牵头单位", "主办", "协办", "包保领导", "交办人", "交办时间", "原截止", "截止时间",
	"签收", "状态", "提交时间", "办结时间", "是否按期", "逾期天数", "延期次数", "最新进展",
	"附件数"}

// statusFilters are the status filter's choices and what each selects;
// 未办结 is the header's open (待办 + 进行中 + 已提交).
var statusFilters = []struct {
	option
	statuses []models.Status
	overdue  bool
}{
	{option{"", "全部状态"}, nil, false},
	{option{"open", "未办结"}, []models.Status{models.StatusTodo, models.StatusDoing, models.StatusSubmitted}, false},
	{option{"overdue", "逾期"}, nil, true},
	{option{string(models.StatusTodo), "待办"}, []models.Status{models.StatusTodo}, false},
	{option{string(models.StatusDoing), "进行中"}, []models.Status{models.StatusDoing}, false},
	{option{string(models.StatusSubmitted), "已提交"}, []models.Status{models.StatusSubmitted}, false},
	{option{string(models.StatusDone), "已办结"}, []models.Status{models.StatusDone}, false},
	{option{string(models.StatusCancelled), "已取消"}, []models.Status{models.StatusCancelled}, false},
	{option{string(models.StatusPosted), "待认领"}, []models.Status{models.StatusPosted}, false},
}

// periodFilters are the deadline filter's spans, in the group's zone.
var periodFilters = []struct {
	option
	kind models.PeriodKind
}{
	{option{"week", "截止于本周"}, models.Week}, {option{"month", "截止于本月"}, models.Month},
	{option{"quarter", "截止于本季度"}, models.Quarter}, {option{"year", "截止于本年"}, models.Year},
}

// sheetQuery reads the table's filter from the request: status, unit,
// person (an id), period, q (text), sort and offset.
func sheetQuery(r *http.Request, chatID uint, local time.Time) models.SheetQuery {
	v := r.URL.Query()
	q := models.SheetQuery{ChatID: chatID, Unit: v.Get("unit"), Text: v.Get("q"), Limit: pageSize}
	for _, f := range statusFilters {
		if f.Value == v.Get("status") {
			q.Statuses, q.Overdue = f.statuses, f.overdue
		}
	}
	for _, f := range periodFilters {
		if f.Value == v.Get("period") {
			p := models.PeriodContaining(f.kind, local)
			q.From, q.To = p.From, p.To
		}
	}
	if id, err := strconv.ParseUint(v.Get("person"), 10, 32); err == nil {
		q.AssigneeID = uint(id)
	}
	// A list's id names a list of this chat only: the sheet is the chat's.
	if id, err := strconv.ParseUint(v.Get("list"), 10, 32); err == nil {
		q.ListID = uint(id)
	}
	switch v.Get("sort") {
	case "deadline":
		q.Order = models.ByDeadline
	case "-deadline":
		q.Order = models.ByDeadlineDesc
	}
	if off, err := strconv.Atoi(v.Get("offset")); err == nil && off > 0 {
		q.Offset = off
	}
	return q
}

func (h *Handler) groupView(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	a, err := h.groupOf(ctx, v, r)
	if err != nil {
		return nil, err
	}
	now := h.cfg.Clock.Now()
	loc := a.chat.Location()
	local := now.In(loc)
	rules := a.chat.RankRules()
	q := sheetQuery(r, a.chat.ID, local)
	sheet, err := h.cfg.Store.TaskSheet(ctx, q)
	if err != nil {
		return nil, err
	}
	month := models.PeriodContaining(models.Month, local)
	c, err := h.cfg.Store.DashboardCounts(ctx, a.chat.ID, models.PeriodContaining(models.Week, local), month)
	if err != nil {
		return nil, err
	}
	trend, err := h.cfg.Store.OnTimeTrend(ctx, a.chat.ID, []models.Period{month}, &rules)
	if err != nil {
		return nil, err
	}
	p := &groupPage{
		Group:  groupInfo{ID: a.chat.ID, Title: a.chat.Title, Zone: loc.String()},
		Leader: a.leader,
		Now:    local.Format(ledger.TimeLayout),
		Counts: counts{All: c.All, Open: c.Open, Overdue: c.Overdue, DueThisWeek: c.DueThisWeek, DoneMonth: c.DoneThisMonth,
			OnTime: trend[0].OnTime, Settled: trend[0].Settled, OnTimeRate: ratio(trend[0].OnTime, trend[0].Settled),
			Month: fmt.Sprintf("%d年%d月", month.From.Year(), month.From.Month())},
		Columns:  tableColumns,
		Rows:     make([]taskRow, 0, len(sheet.Tasks)),
		Matching: sheet.Total,
		Offset:   q.Offset,
		PageSize: pageSize,
		Units:    []unitBar{},
	}
	for i := range sheet.Tasks {
		p.Rows = append(p.Rows, tableRow(&sheet.Tasks[i], sheet, rules, now, loc))
	}
	loads, err := h.cfg.Store.UnitLoads(ctx, a.chat.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range loads {
		name := l.Unit
		if name == "" {
			name = "（未定单位）"
		}
		p.Units = append(p.Units, unitBar{Unit: name, Open: l.Open, Overdue: l.Overdue})
	}
	if p.Filters, err = h.filters(ctx, a.chat.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// filters are the choices of the table's filters.
func (h *Handler) filters(ctx context.Context, chatID uint) (filters, error) {
	f := filters{Units: []string{}, People: []option{}, Lists: []option{}}
	for _, s := range statusFilters {
		f.Statuses = append(f.Statuses, s.option)
	}
	for _, p := range periodFilters {
		f.Periods = append(f.Periods, p.option)
	}
	units, err := h.cfg.Store.TaskUnits(ctx, chatID)
	if err != nil {
		return f, err
	}
	f.Units = append(f.Units, units...)
	people, err := h.cfg.Store.TaskPeople(ctx, chatID)
	if err != nil {
		return f, err
	}
	for _, u := range people {
		f.People = append(f.People, option{strconv.FormatUint(uint64(u.ID), 10), u.DisplayName()})
	}
	lists, err := h.cfg.Store.Lists(ctx, chatID)
	if err != nil {
		return f, err
	}
	for _, l := range lists {
		f.Lists = append(f.Lists, option{strconv.FormatUint(uint64(l.ID), 10), l.Name})
	}
	return f, nil
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
		Number: t.Number, Status: string(t.Status), People: people,
		Overdue: t.Overdue(now), OverdueDays: t.DaysOverdue(now, loc),
	}
	responsible := ""
	if t.ResponsibleID != nil {
		u := sheet.Users[*t.ResponsibleID]
		responsible = u.DisplayName()
	}
	submitted, lateDays := "", ""
	if t.Status == models.StatusSubmitted || t.Status == models.StatusDone {
		submitted = at(t.SubmittedAt)
	}
	if n := t.LateDays(now, loc, rules); n > 0 {
		lateDays = strconv.Itoa(n)
	}
	row.Cells = []string{
		strconv.Itoa(t.Number), t.Title, t.UnitName, lead, strings.Join(co, "、"), responsible, assigner.DisplayName(),
		at(&t.CreatedAt), at(&t.OriginalDeadline), at(&t.Deadline), t.Acks(loc), t.Status.Label(),
		submitted, at(t.DoneAt), onTimeText(t, rules, now), lateDays, strconv.Itoa(t.Extensions), latest,
		strconv.Itoa(sheet.Attachments[t.ID]),
	}
	if row.People == nil {
		row.People = []string{}
	}
	return row
}

// onTimeText is the ledger's 是否按期: judged like the ranking, by the
// submission, for submitted and completed tasks only.
func onTimeText(t *models.Task, rules models.RankRules, now time.Time) string {
	switch t.Outcome(now, rules) {
	case models.OnTime:
		return "是"
	case models.Late:
		return "否"
	}
	return ""
}
