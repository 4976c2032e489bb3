package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// pageSize is how many tasks one /tasks page shows.
const pageSize = 10

// cmdTasks is /tasks [@人|逾期|本周|已办结|单位名] (任务); "任务 N" shows task N.
func (b *Bot) cmdTasks(ctx context.Context, r *request) error {
	// A list's name may start with digits (2026年重点项目清单): it is not a
	// task number.
	// Only a word of digits alone ("任务 3", "/tasks #3") names a task.
	var list *models.TaskList
	if words := strings.Fields(r.args); len(words) > 0 {
		if _, rest, ok := taskNumber(words[0]); ok && rest == "" && !b.isList(ctx, r, strings.TrimSpace(r.args), &list) {
			return b.cmdTask(ctx, r)
		}
	}
	code, err := b.filterCode(ctx, r)
	if err != nil {
		return err
	}
	text, kb, err := b.taskList(ctx, r, code, 0)
	if err != nil {
		return err
	}
	_, err = r.replyMarkup(ctx, text, kb)
	return err
}

// filterCode turns /tasks arguments into the compact filter code that the
// ◀ ▶ buttons carry.
func (b *Bot) filterCode(ctx context.Context, r *request) (string, error) {
	arg := strings.TrimSpace(r.args)
	if ms := mentions(r.text, r.entities, r.argsAt); len(ms) > 0 {
		// A query must not create anyone: look the person up, never
		// remember a new @username here.
		var u *models.User
		var err error
		if ms[0].tgUser != nil {
			u, err = b.store.SeenUser(ctx, userInfo(ms[0].tgUser))
		} else {
			u, err = b.store.UserByUsername(ctx, ms[0].username)
		}
		if errors.Is(err, models.ErrNotFound) {
			return "", r.fail(ctx, fmt.Sprintf("还不认识 @%s：此人还没有在群里出现过，也没有任务。", ms[0].username),
				fmt.Sprintf("@%s has not appeared here and has no tasks.", ms[0].username))
		}
		if err != nil {
			return "", err
		}
		// Someone the bot met only in other groups is not shown here.
		if _, err := b.store.UserInChat(ctx, r.chat.ID, u.ID); errors.Is(err, models.ErrNotFound) {
			who := r.text[ms[0].start:ms[0].end]
			return "", r.fail(ctx, fmt.Sprintf("%s 在本群没有任务。", who), fmt.Sprintf("%s has no tasks in this group.", who))
		} else if err != nil {
			return "", err
		}
		return "p" + strconv.FormatUint(uint64(u.ID), 10), nil
	}
	switch strings.ToLower(arg) {
	case "", "全部", "all":
		return "a", nil
	case "逾期", "overdue":
		return "o", nil
	case "本周", "this week", "week":
		return "w", nil
	case "已办结", "办结", "done", "closed":
		return "c", nil
	case "已提交", "待确认", "submitted":
		return "s", nil
	}
	var list *models.TaskList
	if b.isList(ctx, r, arg, &list) {
		return "l" + strconv.FormatUint(uint64(list.ID), 10), nil
	}
	u, err := b.store.UnitByName(ctx, r.chat.ID, arg)
	if errors.Is(err, models.ErrNotFound) {
		return "", r.fail(ctx, fmt.Sprintf("没有名为「%s」的单位或清单。可用：/tasks @某人、/tasks 逾期、/tasks 本周、/tasks 已提交、/tasks 已办结、/tasks 单位名（/unit list 查看单位）、/tasks 清单名（/list 查看清单）。", arg),
			fmt.Sprintf("There is no unit %q. Try /tasks @someone, overdue, week, done, or a unit name (/unit list).", arg))
	}
	if err != nil {
		return "", err
	}
	return "u" + strconv.FormatUint(uint64(u.ID), 10), nil
}

// taskList renders one page of a filtered task list with its ◀ ▶ buttons.
func (b *Bot) taskList(ctx context.Context, r *request, code string, page int) (string, *tgmodels.InlineKeyboardMarkup, error) {
	f := models.TaskFilter{Offset: page * pageSize, Limit: pageSize}
	title := "本群未办结任务"
	id64, _ := strconv.ParseUint(code[1:], 10, 32)
	switch code[0] {
	case 'o':
		f.Overdue, title = true, "本群逾期任务"
	case 'w':
		f.DueBefore, title = models.PeriodContaining(models.Week, r.localNow()).To, "本周到期任务"
	case 'c':
		f.Closed, title = true, "本群已办结任务"
	case 's':
		f.Submitted, title = true, "已提交、待确认的任务"
	case 'u':
		u, err := b.store.UnitByID(ctx, r.chat.ID, uint(id64))
		if err != nil {
			return "", nil, err
		}
		f.UnitName, title = u.Name, "「"+escape(u.Name)+"」的任务"
	case 'l':
		l, err := b.store.ListByID(ctx, r.chat.ID, uint(id64))
		if errors.Is(err, models.ErrNoList) {
			return "", nil, fmt.Errorf("%w: %w", models.ErrNotFound, err) // removed since: a stale button
		}
		if err != nil {
			return "", nil, err
		}
		f.ListID, title = l.ID, "清单「"+escape(l.Name)+"」的未办结任务"
	case 'p':
		// Button data may be forged: only someone with a place in this
		// chat is looked up, so no other group's member is ever named.
		u, err := b.store.UserInChat(ctx, r.chat.ID, uint(id64))
		if err != nil {
			return "", nil, err
		}
		f.AssigneeID, title = u.ID, userLink(u)+" 的任务"
	}
	res, err := b.store.FindTasks(ctx, r.chat.ID, f)
	if err != nil {
		return "", nil, err
	}
	pages := int((res.Total + pageSize - 1) / pageSize)
	if page > 0 && page >= pages {
		// A stale ▶: the list has shrunk since. Show its last page.
		return b.taskList(ctx, r, code, max(pages-1, 0))
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📋 %s（共 %d 项", title, res.Total)
	if pages > 1 {
		fmt.Fprintf(&s, "，第 %d/%d 页", page+1, pages)
	}
	s.WriteString("）\n")
	if len(res.Tasks) == 0 {
		s.WriteString("暂无。")
	}
	for i := range res.Tasks {
		s.WriteString("\n" + taskLine(&res.Tasks[i], r.now, r.loc))
	}
	var row []tgmodels.InlineKeyboardButton
	if page > 0 {
		row = append(row, tgmodels.InlineKeyboardButton{Text: "◀", CallbackData: fmt.Sprintf("%s:%d:%s", actTasksPage, page-1, code)})
	}
	if page+1 < pages {
		row = append(row, tgmodels.InlineKeyboardButton{Text: "▶", CallbackData: fmt.Sprintf("%s:%d:%s", actTasksPage, page+1, code)})
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{}}
	if len(row) > 0 {
		kb.InlineKeyboard = append(kb.InlineKeyboard, row)
	}
	return s.String(), kb, nil
}

// pageTasks is a ◀ ▶ press: it edits the list in place.
func (b *Bot) pageTasks(ctx context.Context, r *request, data parsedCallback) error {
	text, kb, err := b.taskList(ctx, r, data.filter, data.page)
	if errors.Is(err, models.ErrNotFound) {
		return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err != nil {
		return err
	}
	r.toast(ctx, "")
	return r.editPressed(ctx, text, kb)
}

// cmdMy is /my (我的任务): in a group, my open tasks there; in private, my
// open tasks in every group, grouped by group. Nobody else's tasks appear.
func (b *Bot) cmdMy(ctx context.Context, r *request) error {
	chatID := r.chat.ID
	if !r.chat.IsGroup() {
		chatID = 0
	}
	groups, err := b.store.TasksOf(ctx, r.user.ID, chatID)
	if err != nil {
		return err
	}
	problems, err := b.myProblems(ctx, r, chatID)
	if err != nil {
		return err
	}
	return r.reply(ctx, myTasks(r, groups)+problems)
}

func myTasks(r *request, groups []models.ChatTasks) string {
	var s strings.Builder
	total := 0
	for _, g := range groups {
		total += len(g.Tasks)
	}
	fmt.Fprintf(&s, "🗂 %s 的未办结任务（共 %d 项）", userLink(r.user), total)
	if total == 0 {
		s.WriteString("\n暂无，辛苦了！")
	}
	for _, g := range groups {
		loc := g.Chat.Location()
		if !r.chat.IsGroup() {
			fmt.Fprintf(&s, "\n\n<b>%s</b>", escape(g.Chat.Title))
		} else {
			s.WriteString("\n")
		}
		for i := range g.Tasks {
			t := &g.Tasks[i]
			role := "主办"
			if l := t.Lead(); l == nil || l.UserID != r.user.ID {
				role = "协办"
			}
			fmt.Fprintf(&s, "\n%s（%s）", taskLine(t, r.now, loc), role)
		}
	}
	return s.String()
}

// cmdTask is /task N: every field, history and audit trail of one task.
func (b *Bot) cmdTask(ctx context.Context, r *request) error { return r.onTask(ctx, b.showTask) }

// showTask answers with every field, the history and the audit trail of a
// task (/task N, and 查看 on a reminder).
func (b *Bot) showTask(ctx context.Context, r *request, t *models.Task) error {
	h, err := b.store.TaskHistory(ctx, t.ID)
	if err != nil {
		return err
	}
	var responsible *models.User
	if t.ResponsibleID != nil {
		if responsible, err = b.store.UserByID(ctx, *t.ResponsibleID); err != nil {
			return err
		}
	}
	assigner, err := b.store.UserByID(ctx, t.AssignerID)
	if err != nil {
		return err
	}
	text := taskDetail(t, h, assigner, responsible, r)
	files, kb, err := b.attachmentsPart(ctx, r, t) // attach (issue 14)
	if err != nil {
		return err
	}
	if files != "" {
		return r.replyAbout(ctx, t.ID, text+"\n\n"+files, kb)
	}
	return r.replyAbout(ctx, t.ID, text, nil)
}

func taskDetail(t *models.Task, h *models.History, assigner, responsible *models.User, r *request) string {
	var s strings.Builder
	s.WriteString(taskCard(t, responsible, r.now, r.loc))
	fmt.Fprintf(&s, "\n交办人：%s，%s", userLink(assigner), formatTime(t.CreatedAt, r.loc, false))
	if t.Deadline.Equal(t.OriginalDeadline) {
		// (taskCard shows 原截止 itself once the deadline has changed.)
		fmt.Fprintf(&s, "\n原截止：%s（未变更）", formatTime(t.OriginalDeadline, r.loc, false))
	}
	if t.SubmittedAt != nil {
		fmt.Fprintf(&s, "\n提交时间：%s", formatTime(*t.SubmittedAt, r.loc, false))
	}
	if t.DoneAt != nil {
		fmt.Fprintf(&s, "\n办结时间：%s", formatTime(*t.DoneAt, r.loc, false))
	}
	if t.CancelReason != "" {
		fmt.Fprintf(&s, "\n取消原因：%s", escape(t.CancelReason))
	}
	if len(t.Assignees) > 0 {
		fmt.Fprintf(&s, "\n签收：%s", acks(t, r.loc))
	}
	if len(h.Progress) > 0 {
		s.WriteString("\n\n<b>进展</b>")
		for _, p := range h.Progress {
			pct := ""
			if p.Percent != nil {
				pct = fmt.Sprintf("%d%% ", *p.Percent)
			}
			fmt.Fprintf(&s, "\n%s %s：%s%s", p.CreatedAt.In(r.loc).Format("01-02 15:04"), userLink(&p.User), pct, escape(p.Text))
		}
	}
	if len(h.Extensions) > 0 {
		s.WriteString("\n\n<b>延期</b>")
		for _, x := range h.Extensions {
			when := x.CreatedAt.In(r.loc).Format("01-02 15:04")
			span := formatTime(x.OldDeadline, r.loc, false) + " → " + formatTime(x.NewDeadline, r.loc, false)
			if x.Direct {
				fmt.Fprintf(&s, "\n%s %s 在逾期后修改截止 %s（计为延期，仍按逾期计）", when, userLink(&x.Requester), span)
				continue
			}
			late := ""
			if x.Late {
				late = "，逾期后申请"
			}
			fmt.Fprintf(&s, "\n%s %s 申请 %s（%s%s）：%s", when, userLink(&x.Requester), span, x.Status.Label(), late, escape(x.Reason))
		}
	}
	if len(h.Events) > 0 {
		s.WriteString("\n\n<b>记录</b>")
		for _, e := range h.Events {
			who := "机器人"
			if e.Actor != nil {
				who = userLink(e.Actor)
			}
			fmt.Fprintf(&s, "\n%s %s %s", e.CreatedAt.In(r.loc).Format("01-02 15:04"), who, models.EventLabel(e.Kind))
			if d := eventDetail(e, r.loc); d != "" && e.Kind != models.EventAssigned && e.Kind != models.EventPosted {
				fmt.Fprintf(&s, "：%s", d)
			}
		}
	}
	return s.String()
}

// editFieldNames name the fields an edit may change.
var editFieldNames = map[string]string{"title": "标题", "deadline": "截止", "lead": "主办", "co": "协办", "unit": "牵头单位", "list": "清单"}

// rfc3339 finds the instants older releases wrote into details.
var rfc3339 = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})`)

// eventDetail renders what an event of the trail says beyond its label,
// escaped: the fields an edit changed with their old and new values,
// deadlines in the group's zone, and the texts people wrote (cut short).
func eventDetail(e models.AuditEvent, loc *time.Location) string {
	if e.Detail == "" {
		return ""
	}
	d, ok := models.ParseEventDetail(e.Detail)
	if !ok {
		// Plain text, or a detail of an older release with raw instants.
		text := rfc3339.ReplaceAllStringFunc(e.Detail, func(s string) string {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return s
			}
			return formatTime(t, loc, false)
		})
		return escape(truncateRunes(text, 100))
	}
	var parts []string
	for _, c := range d.Changes {
		name, ok := editFieldNames[c.Field]
		if !ok {
			name = "内容"
		}
		old, new := orNone(c.Old), orNone(c.New)
		switch c.Field {
		case "deadline":
			old, new = instant(c.Old, loc), instant(c.New, loc)
		case "title", "unit", "list":
			old, new = quoted(old), quoted(new)
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s", name, old, new))
	}
	if d.Note != "" {
		parts = append(parts, "原因："+truncateRunes(d.Note, 100))
	}
	return escape(strings.Join(parts, "；"))
}

// instant shows an RFC 3339 instant in loc, or the text as it is.
func instant(s string, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return formatTime(t, loc, false)
}

// orNone is a value of an edit, cut short, or （无） for none.
func orNone(s string) string {
	if s == "" {
		return "（无）"
	}
	return truncateRunes(s, 40)
}

// quoted puts a text value between 「」, but not （无）.
func quoted(s string) string {
	if s == "（无）" {
		return s
	}
	return "「" + s + "」"
}
