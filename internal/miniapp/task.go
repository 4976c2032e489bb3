package miniapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

// taskDetail is everything about one task, as /task N shows it: fields,
// then sections (进展, 延期, 记录, …) of dated entries. The page renders any
// section it is given, so a new kind of history is one more section builder.
type taskDetail struct {
	Number   int       `json:"n"`
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	Label    string    `json:"statusLabel"`
	Overdue  string    `json:"overdue"` // 逾期3天, or ""
	Fields   []field   `json:"fields"`
	Detail   string    `json:"detail"` // the task's longer text, if any
	Sections []section `json:"sections"`
}

type field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

type section struct {
	Title   string  `json:"title"`
	Entries []entry `json:"entries"`
}

type entry struct {
	At   string `json:"at"`  // 11-23 10:05, in the group's zone
	Who  string `json:"who"` // the person, or 机器人
	Text string `json:"text"`
}

// taskFacts is what the section builders read.
type taskFacts struct {
	task    *models.Task
	history *models.History
	loc     *time.Location
	now     time.Time
}

// detailSections build the sections of a task's detail, in order. Issue 14's
// milestones (节点) and attachments join here.
var detailSections = []func(*taskFacts) section{nodeSection, progressSection, extensionSection, auditSection}

func (h *Handler) taskView(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	a, err := h.groupOf(ctx, v, r)
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n <= 0 {
		return nil, errNoTask
	}
	t, err := h.cfg.Store.TaskByNumber(ctx, a.chat.ID, n)
	if errors.Is(err, models.ErrNotFound) {
		return nil, errNoTask
	}
	if err != nil {
		return nil, err
	}
	hist, err := h.cfg.Store.TaskHistory(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	name := func(id *uint) (string, error) {
		if id == nil {
			return "", nil
		}
		u, err := h.cfg.Store.UserByID(ctx, *id)
		if err != nil {
			return "", err
		}
		return u.DisplayName(), nil
	}
	assigner, err := name(&t.AssignerID)
	if err != nil {
		return nil, err
	}
	responsible, err := name(t.ResponsibleID)
	if err != nil {
		return nil, err
	}
	now, loc := h.cfg.Clock.Now(), a.chat.Location()
	d := &taskDetail{Number: t.Number, Title: t.Title, Status: string(t.Status), Label: t.Status.Label(), Detail: t.Detail}
	d.Overdue = t.OverdueLabel(now, loc)
	d.Fields = taskFields(t, assigner, responsible, loc)
	facts := &taskFacts{task: t, history: hist, loc: loc, now: now}
	d.Sections = []section{}
	for _, build := range detailSections {
		if s := build(facts); len(s.Entries) > 0 {
			d.Sections = append(d.Sections, s)
		}
	}
	return d, nil
}

// taskFields are the task's own fields, those without a value left out.
func taskFields(t *models.Task, assigner, responsible string, loc *time.Location) []field {
	at := func(tm *time.Time) string {
		if tm == nil {
			return ""
		}
		return deadline.Format(tm.In(loc))
	}
	lead := "（待认领）"
	if l := t.Lead(); l != nil {
		lead = l.User.DisplayName()
	}
	var co, acks []string
	for _, a := range t.Cooperators() {
		co = append(co, a.User.DisplayName())
	}
	for _, a := range t.Assignees {
		if a.AckAt != nil {
			acks = append(acks, a.User.DisplayName()+" "+a.AckAt.In(loc).Format("01-02 15:04"))
		} else {
			acks = append(acks, a.User.DisplayName()+" 未签收")
		}
	}
	original := ""
	if !t.OriginalDeadline.Equal(t.Deadline) {
		original = at(&t.OriginalDeadline)
	}
	percent := ""
	if t.Percent > 0 {
		percent = strconv.Itoa(t.Percent) + "%"
	}
	extensions := ""
	if t.Extensions > 0 {
		extensions = strconv.Itoa(t.Extensions) + "次"
	}
	all := []field{
		{"状态", t.Status.Label()},
		{"截止时间", at(&t.Deadline)},
		{"原截止时间", original},
		{"牵头单位", t.UnitName},
		{"清单", t.ListName},
		{"主办", lead},
		{"协办", strings.Join(co, "、")},
		{"包保领导", responsible},
		{"交办人", assigner},
		{"交办时间", at(&t.CreatedAt)},
		{"进度", percent},
		{"签收", strings.Join(acks, "；")},
		{"延期次数", extensions},
		{"提交时间", at(t.SubmittedAt)},
		{"办结时间", at(t.DoneAt)},
		{"取消时间", at(t.CancelledAt)},
		{"取消原因", t.CancelReason},
	}
	out := all[:0]
	for _, f := range all {
		if f.Value != "" {
			out = append(out, f)
		}
	}
	return out
}

func stamp(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04") }

func progressSection(f *taskFacts) section {
	s := section{Title: "进展"}
	for _, p := range f.history.Progress {
		text := p.Text
		if p.Percent != nil {
			text = strings.TrimSpace(fmt.Sprintf("%d%% %s", *p.Percent, p.Text))
		}
		s.Entries = append(s.Entries, entry{At: stamp(p.CreatedAt, f.loc), Who: p.User.DisplayName(), Text: text})
	}
	return s
}

func extensionSection(f *taskFacts) section {
	s := section{Title: "延期"}
	for _, x := range f.history.Extensions {
		text := fmt.Sprintf("申请 %s → %s（%s）", deadline.Format(x.OldDeadline.In(f.loc)),
			deadline.Format(x.NewDeadline.In(f.loc)), x.Status.Label())
		if x.Reason != "" {
			text += "：" + x.Reason
		}
		s.Entries = append(s.Entries, entry{At: stamp(x.CreatedAt, f.loc), Who: x.Requester.DisplayName(), Text: text})
	}
	return s
}

// auditTexts are the kinds whose detail is worth showing beside the label:
// what people wrote.
var auditTexts = map[string]bool{"progress": true, "returned": true, "cancelled": true, "submitted": true}

func auditSection(f *taskFacts) section {
	s := section{Title: "记录"}
	for _, e := range f.history.Events {
		who := "机器人"
		if e.Actor != nil {
			who = e.Actor.DisplayName()
		}
		text := models.EventLabel(e.Kind)
		if auditTexts[e.Kind] && e.Detail != "" {
			text += "：" + e.Detail
		}
		s.Entries = append(s.Entries, entry{At: stamp(e.CreatedAt, f.loc), Who: who, Text: text})
	}
	return s
}
