package bot

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

// escape makes user text safe inside Telegram HTML.
func escape(s string) string { return html.EscapeString(s) }

// userLink shows a person by their Telegram name, linked to them so that the
// mention notifies them even without a @username. A @username the bot has
// not met yet can only be shown as typed.
func userLink(u *models.User) string {
	if u == nil {
		return "—"
	}
	if u.Anonymous {
		return escape(u.DisplayName()) // nobody to link to
	}
	if u.TelegramID == nil {
		return escape("@" + u.Username)
	}
	return fmt.Sprintf(`<a href="tg://user?id=%d">%s</a>`, *u.TelegramID, escape(u.DisplayName()))
}

// formatTime shows an instant in a zone the way the bot always does:
// "2026-12-04 18:00 周五".
func formatTime(t time.Time, loc *time.Location, english bool) string {
	if english {
		return deadline.FormatEnglish(t.In(loc))
	}
	return deadline.Format(t.In(loc))
}

// taskHeader is "#12 标题" in bold, escaped.
func taskHeader(t *models.Task) string {
	return fmt.Sprintf("<b>#%d %s</b>", t.Number, escape(t.Title))
}

// people joins user links with 、.
func people(as []models.Assignee) string {
	links := make([]string, len(as))
	for i := range as {
		links[i] = userLink(&as[i].User)
	}
	return strings.Join(links, "、")
}

// leadName links the task's 主办, or says nobody has claimed it.
func leadName(t *models.Task) string {
	if l := t.Lead(); l != nil {
		return userLink(&l.User)
	}
	return "待认领"
}

// statusLabel is the status, or 逾期N天 for an overdue task.
func statusLabel(t *models.Task, now time.Time, loc *time.Location) string {
	if l := t.OverdueLabel(now, loc); l != "" {
		return l
	}
	return t.Status.Label()
}

// taskCard renders the fields of a task as the assign reply and /task show
// them. responsible may be nil.
func taskCard(t *models.Task, responsible *models.User, now time.Time, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "📌 %s\n", taskHeader(t))
	fmt.Fprintf(&b, "主办：%s\n", leadName(t))
	if co := t.Cooperators(); len(co) > 0 {
		fmt.Fprintf(&b, "协办：%s\n", people(co))
	}
	if t.UnitName != "" {
		fmt.Fprintf(&b, "牵头单位：%s\n", escape(t.UnitName))
	}
	if responsible != nil {
		fmt.Fprintf(&b, "包保领导：%s\n", userLink(responsible))
	}
	if t.ListName != "" {
		fmt.Fprintf(&b, "清单：%s\n", escape(t.ListName))
	}
	fmt.Fprintf(&b, "截止：%s", formatTime(t.Deadline, loc, false))
	if t.DeadlinePhrase != "" {
		fmt.Fprintf(&b, "（%s）", escape(t.DeadlinePhrase))
	}
	b.WriteString("\n")
	b.WriteString(seriesLine(t))
	if !t.Deadline.Equal(t.OriginalDeadline) {
		fmt.Fprintf(&b, "原截止：%s\n", formatTime(t.OriginalDeadline, loc, false))
	}
	fmt.Fprintf(&b, "状态：%s", statusLabel(t, now, loc))
	if t.Percent > 0 && t.Status.Open() {
		fmt.Fprintf(&b, "（%d%%）", t.Percent)
	}
	b.WriteString("\n")
	if len(t.Nodes) > 0 {
		b.WriteString(nodeChecklist(t, now, loc) + "\n")
	}
	if t.Detail != "" {
		fmt.Fprintf(&b, "说明：%s\n", escape(t.Detail))
	}
	return strings.TrimRight(b.String(), "\n")
}

// taskLine is one line of a task list: number, title, lead, deadline and
// status.
func taskLine(t *models.Task, now time.Time, loc *time.Location) string {
	return fmt.Sprintf("#%d %s — %s，%s，%s", t.Number, escape(t.Title), leadName(t),
		formatTime(t.Deadline, loc, false), statusLabel(t, now, loc))
}

// acks lists who acknowledged (签收) and when.
func acks(t *models.Task, loc *time.Location) string {
	var parts []string
	for i := range t.Assignees {
		a := &t.Assignees[i]
		if a.AckAt != nil {
			parts = append(parts, fmt.Sprintf("%s %s", userLink(&a.User), a.AckAt.In(loc).Format("01-02 15:04")))
		} else {
			parts = append(parts, userLink(&a.User)+" 未签收")
		}
	}
	return strings.Join(parts, "；")
}

// entityTags are the tags of the entities that are formatting alone.
var entityTags = map[tgmodels.MessageEntityType]struct{ open, close string }{
	tgmodels.MessageEntityTypeBold: {"<b>", "</b>"}, tgmodels.MessageEntityTypeItalic: {"<i>", "</i>"},
	tgmodels.MessageEntityTypeUnderline: {"<u>", "</u>"}, tgmodels.MessageEntityTypeStrikethrough: {"<s>", "</s>"},
	tgmodels.MessageEntityTypeCode: {"<code>", "</code>"}, tgmodels.MessageEntityTypePre: {"<pre>", "</pre>"},
}

// htmlOf turns a received message's text and entities back into the HTML
// that would produce it, so the bot can edit its own message without losing
// bold text and links.
func htmlOf(text string, entities []tgmodels.MessageEntity) string {
	idx := utf16Index(text)
	type mark struct {
		at    int
		open  bool
		order int // outer entities open first and close last
		tag   string
	}
	var marks []mark
	for i, e := range entities {
		start, ok1 := idx.byteAt(e.Offset)
		end, ok2 := idx.byteAt(e.Offset + e.Length)
		if !ok1 || !ok2 || end <= start {
			continue
		}
		open, closeTag := entityTags[e.Type].open, entityTags[e.Type].close
		switch e.Type {
		case tgmodels.MessageEntityTypeTextLink:
			open, closeTag = `<a href="`+escape(e.URL)+`">`, "</a>"
		case tgmodels.MessageEntityTypeTextMention:
			if e.User == nil {
				continue
			}
			open, closeTag = fmt.Sprintf(`<a href="tg://user?id=%d">`, e.User.ID), "</a>"
		default:
			if open == "" {
				continue // an entity without formatting (a hashtag, a mention)
			}
		}
		order := e.Length*1000 + (len(entities) - i)
		marks = append(marks, mark{start, true, order, open}, mark{end, false, order, closeTag})
	}
	sort.SliceStable(marks, func(i, j int) bool {
		a, b := marks[i], marks[j]
		if a.at != b.at {
			return a.at < b.at
		}
		if a.open != b.open {
			return !a.open // close before open at the same place
		}
		if a.open {
			return a.order > b.order
		}
		return a.order < b.order
	})
	var out strings.Builder
	at := 0
	for _, m := range marks {
		out.WriteString(escape(text[at:m.at]))
		out.WriteString(m.tag)
		at = m.at
	}
	out.WriteString(escape(text[at:]))
	return out.String()
}
