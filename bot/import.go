package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/sheet"
	"github.com/duban-bot/duban/models"
)

// /import (导入): a leader sends the group's 台账 as an .xlsx or .csv with
// the caption /import (or replies /import to it). The bot reads the first
// sheet, shows what it would create and every row it cannot use, and on
// 确认导入 creates all usable rows as tasks in one transaction
// (importflow.go), assigned by that leader, numbered in sheet order.

// maxImportRows bounds the rows of an import.
const maxImportRows = 2000

// previewTasks is how many tasks the preview shows as they will be stored.
const previewTasks = 5

// maxBadLines bounds the unusable rows the preview lists one by one.
const maxBadLines = 100

// importColumns are the columns /import reads, by the names offices give
// them; other columns are ignored. 状态 lets a ledger /export made come
// back: its closed tasks are skipped.
var importColumns = []sheet.Column{
	{Key: "title", Names: []string{"任务", "事项", "工作任务", "任务名称", "任务内容", "工作事项"}, Required: true},
	{Key: "unit", Names: []string{"牵头单位", "责任单位"}},
	{Key: "lead", Names: []string{"主办", "责任人", "主办人"}},
	{Key: "co", Names: []string{"协办", "配合人", "协办人"}},
	{Key: "deadline", Names: []string{"截止时间", "完成时限", "时限", "截止日期"}},
	{Key: "list", Names: []string{"清单"}},
	{Key: "nodes", Names: []string{"节点"}},
	{Key: "note", Names: []string{"备注"}},
	{Key: "status", Names: []string{"状态"}},
}

// importRow is one task of a previewed import, as it will be stored: the
// pending import's payload, so nothing is read again at the confirmation.
type importRow struct {
	Line     int       `json:"line"`
	Title    string    `json:"title"`
	Detail   string    `json:"detail,omitempty"`
	Unit     string    `json:"unit,omitempty"`
	Lead     uint      `json:"lead,omitempty"` // 0: 待认领
	Co       []uint    `json:"co,omitempty"`
	Deadline time.Time `json:"deadline"`
	Phrase   string    `json:"phrase,omitempty"`
	List     string    `json:"list,omitempty"`  // 清单 column
	Nodes    string    `json:"nodes,omitempty"` // 节点 column
	// NodeList is the 节点 column read (import_list.go).
	NodeList []models.NewNode `json:"node_list,omitempty"`

	people string // for the preview: 主办 and 协办 as shown
}

// taskImport is the payload of an /import waiting for 确认导入.
type taskImport struct {
	Rows []importRow `json:"rows"`
}

// badRow is a row that cannot be imported, and why.
type badRow struct {
	line   int
	zh, en string
}

// cmdImport is /import: read the file, preview, offer 确认导入 / 取消.
func (b *Bot) cmdImport(ctx context.Context, r *request) error {
	if err := r.requireLeader(ctx, "导入台账", "import a ledger"); err != nil {
		return err
	}
	f := documentOf(r.msg)
	if f == nil {
		return r.fail(ctx, "请发送 .xlsx 或 .csv 文件，文件说明写 /import；或回复该文件 /import。",
			"Send an .xlsx or .csv file with the caption /import, or reply /import to it.")
	}
	data, err := b.download(ctx, r, f, maxDownload)
	if err != nil {
		return err
	}
	table, err := sheet.ReadTable(bytes.NewReader(data), f.Name,
		sheet.Limits{MaxBytes: maxDownload, MaxRows: maxImportRows}, importColumns)
	if se := (*sheet.Error)(nil); errors.As(err, &se) {
		return r.fail(ctx, fmt.Sprintf("无法导入「%s」：%s", f.Name, se.Reason),
			fmt.Sprintf("Cannot import “%s”: %s", f.Name, se.English))
	}
	if err != nil {
		return fmt.Errorf("read %q: %w", f.Name, err)
	}
	rows, bad, skipped, err := b.importRows(ctx, r, table)
	if err != nil {
		return err
	}
	preview := importPreview(r, f.Name, table, rows, bad, skipped)
	if len(rows) == 0 {
		if err := r.reply(ctx, preview+"\n\n没有可以导入的任务，什么也没有保存。"); err != nil {
			return err
		}
		return errHandled
	}
	return r.offerImport(ctx, importTasks, f.Name, taskImport{Rows: rows}, preview)
}

// importRows turns a sheet's records into tasks to create, and the rows it
// cannot use with the reason; skipped counts closed tasks of an exported
// ledger.
func (b *Bot) importRows(ctx context.Context, r *request, table *sheet.Table) ([]importRow, []badRow, int, error) {
	cal, err := r.calendar(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	pp, err := b.newPeople(ctx, r, table)
	if err != nil {
		return nil, nil, 0, err
	}
	var rows []importRow
	var bad []badRow
	skipped := 0
	for _, rec := range table.Rows {
		if st := rec.Text("status"); st == models.StatusDone.Label() || st == models.StatusCancelled.Label() {
			skipped++
			continue
		}
		row, why, err := b.importRow(ctx, r, pp, cal, rec)
		if err != nil {
			return nil, nil, 0, err
		}
		if why != nil {
			bad = append(bad, *why)
			continue
		}
		rows = append(rows, row)
	}
	return rows, bad, skipped, nil
}

// importRow reads one record; why says what makes it unusable.
func (b *Bot) importRow(ctx context.Context, r *request, pp *importPeople, cal deadline.Calendar, rec sheet.Record) (importRow, *badRow, error) {
	refuse := func(zh, en string) (importRow, *badRow, error) {
		return importRow{}, &badRow{line: rec.Line, zh: zh, en: en}, nil
	}
	row := importRow{Line: rec.Line, Title: oneLine(rec.Text("title")), Detail: rec.Text("note"),
		Unit: oneLine(rec.Text("unit")), List: oneLine(rec.Text("list")), Nodes: rec.Text("nodes")}
	switch {
	case row.Title == "":
		return refuse("没有任务内容", "no task text")
	case utf8.RuneCountInString(row.Title) > models.MaxTitleRunes:
		return refuse(fmt.Sprintf("任务内容超过 %d 字", models.MaxTitleRunes), fmt.Sprintf("task text over %d characters", models.MaxTitleRunes))
	case utf8.RuneCountInString(row.Detail) > models.MaxDetailRunes:
		return refuse(fmt.Sprintf("备注超过 %d 字", models.MaxDetailRunes), fmt.Sprintf("note over %d characters", models.MaxDetailRunes))
	case utf8.RuneCountInString(row.Unit) > models.MaxUnitRunes:
		return refuse(fmt.Sprintf("单位名称超过 %d 字", models.MaxUnitRunes), fmt.Sprintf("unit name over %d characters", models.MaxUnitRunes))
	}
	at, phrase, zh, en := readDeadline(rec.Get("deadline"), r.localNow(), cal)
	if zh != "" {
		return refuse(zh, en)
	}
	row.Deadline, row.Phrase = at.UTC(), phrase
	who, zh, en, err := pp.assignees(ctx, rec.Text("lead"), rec.Text("co"), row.Unit)
	if err != nil || zh != "" {
		if err != nil {
			return importRow{}, nil, err
		}
		return refuse(zh, en)
	}
	row.Lead, row.Co, row.people = who.lead, who.co, who.shown
	if who.unit != "" {
		row.Unit = who.unit
	}
	if zh, en, err := b.readListColumns(ctx, r, cal, &row); err != nil || zh != "" {
		if err != nil {
			return importRow{}, nil, err
		}
		return refuse(zh, en)
	}
	return row, nil, nil
}

// oneLine joins a cell's lines with spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// readDeadline reads a deadline cell: a real date (a date alone means
// 18:00), or a text date or phrase read at now. zh and en say why it is
// unusable (none, unreadable, past).
func readDeadline(c sheet.Cell, now time.Time, cal deadline.Calendar) (at time.Time, phrase, zh, en string) {
	if c.IsEmpty() {
		return time.Time{}, "", "没有截止时间", "no deadline"
	}
	if t, hasClock, ok := c.DateIn(now.Location()); ok {
		if !hasClock {
			t = time.Date(t.Year(), t.Month(), t.Day(), 18, 0, 0, 0, now.Location())
		}
		if !t.After(now) {
			return time.Time{}, "", fmt.Sprintf("截止时间 %s 已过", formatTime(t, now.Location(), false)),
				fmt.Sprintf("the deadline %s has passed", formatTime(t, now.Location(), true))
		}
		return t, "", "", ""
	}
	d, err := deadline.Parse(c.Text, now, cal)
	if rec, _, rerr := deadline.FindRule(c.Text); err != nil && rerr == nil {
		return time.Time{}, "", fmt.Sprintf("「%s」是周期，导入只建单次任务：请写具体截止时间，周期任务请用 /assign 交办", rec.Phrase),
			fmt.Sprintf("“%s” recurs; an import makes one-off tasks: give a date, and assign recurring work with /assign", rec.Phrase)
	}
	if de := (*deadline.Error)(nil); errors.As(err, &de) {
		if de.Kind == deadline.Past {
			return time.Time{}, "", "截止时间已过：" + de.Reason, fmt.Sprintf("the deadline “%s” has passed", c.Text)
		}
		return time.Time{}, "", "截止时间看不懂：" + de.Reason, fmt.Sprintf("the deadline “%s” cannot be read", c.Text)
	}
	if err != nil {
		return time.Time{}, "", "截止时间看不懂", fmt.Sprintf("the deadline “%s” cannot be read", c.Text)
	}
	return d.At, d.Phrase, "", ""
}

// importPreview is the preview: how many tasks, the first few as they will
// be stored, every row that cannot be used and why, what was left out. The
// group reads it, so it is in Chinese whoever imports (doc.go).
func importPreview(r *request, name string, table *sheet.Table, rows []importRow, bad []badRow, skipped int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "📥 <b>导入预览：%s</b>", escape(name))
	fmt.Fprintf(&s, "\n表头在第 %d 行。将创建 %d 项任务，由 %s 交办：", table.HeaderLine, len(rows), escape(r.user.DisplayName()))
	for i, row := range rows[:min(previewTasks, len(rows))] {
		fmt.Fprintf(&s, "\n%d. %s", i+1, escape(previewLine(r, row)))
	}
	if len(rows) > previewTasks {
		fmt.Fprintf(&s, "\n…… 另有 %d 项", len(rows)-previewTasks)
	}
	if len(bad) > 0 {
		fmt.Fprintf(&s, "\n\n⚠️ <b>%d 行不能导入：</b>", len(bad))
		for _, b := range bad[:min(maxBadLines, len(bad))] {
			fmt.Fprintf(&s, "\n第 %d 行：%s", b.line, escape(b.zh))
		}
		if len(bad) > maxBadLines {
			fmt.Fprintf(&s, "\n…… 另有 %d 行", len(bad)-maxBadLines)
		}
	}
	if skipped > 0 {
		fmt.Fprintf(&s, "\n跳过已办结、已取消的 %d 行。", skipped)
	}
	if len(table.Ignored) > 0 {
		fmt.Fprintf(&s, "\n未读取的列：%s", escape(strings.Join(table.Ignored, "、")))
	}
	if len(rows) > 0 {
		fmt.Fprintf(&s, "\n\n按「确认导入」创建这 %d 项任务（不能导入的行不创建），「取消」什么也不保存。", len(rows))
	}
	return s.String()
}

// previewLine shows one task as it will be stored.
func previewLine(r *request, row importRow) string {
	parts := []string{row.Title}
	if row.people != "" {
		parts = append(parts, row.people)
	} else {
		parts = append(parts, "待认领")
	}
	if row.Unit != "" {
		parts = append(parts, row.Unit)
	}
	parts = append(parts, "截止 "+formatTime(row.Deadline, r.loc, false))
	return fmt.Sprintf("（第 %d 行）", row.Line) + strings.Join(parts, "｜")
}

// confirmTaskImport creates the tasks of a confirmed /import, all or none,
// and tells the group in one message.
func (b *Bot) confirmTaskImport(ctx context.Context, r *request, p *models.PendingImport) error {
	var ti taskImport
	if err := json.Unmarshal([]byte(p.Payload), &ti); err != nil {
		return fmt.Errorf("decode import %d: %w", p.ID, err)
	}
	ns := make([]models.NewTask, len(ti.Rows))
	for i, row := range ti.Rows {
		if !row.Deadline.After(r.now) {
			// Said in the chat, not in a pop-up: the preview's buttons are gone.
			return r.reply(ctx, escape(fmt.Sprintf("「%s」第 %d 行的截止时间在预览之后已经过去，什么也没有导入。请重新发送文件导入。", p.FileName, row.Line)))
		}
		ns[i] = models.NewTask{ChatID: r.chat.ID, Title: row.Title, Detail: row.Detail, UnitName: row.Unit,
			AssignerID: p.UserID, LeadID: row.Lead, CooperatorIDs: row.Co, Deadline: row.Deadline,
			DeadlinePhrase: row.Phrase, ThreadID: r.thread}
		applyListColumns(&ns[i], row)
	}
	tasks, err := b.store.CreateTasks(ctx, r.change(), ns)
	if err != nil {
		return err
	}
	open := 0
	for _, t := range tasks {
		if t.Status == models.StatusPosted {
			open++
		}
	}
	numbers := fmt.Sprintf("#%d", tasks[0].Number)
	if len(tasks) > 1 {
		numbers += fmt.Sprintf("–#%d", tasks[len(tasks)-1].Number)
	}
	text := fmt.Sprintf("✅ 已导入「%s」：%d 项任务 %s，由 %s 交办，按时提醒。", p.FileName, len(tasks), numbers, r.user.DisplayName())
	if open > 0 {
		text += fmt.Sprintf("其中 %d 项待认领（/claim 任务号）。", open)
	}
	return r.reply(ctx, escape(text+"用 /tasks 查看。"))
}

// applyListColumns is the one place the 清单 and 节点 columns of a row
// reach the task, as readListColumns (import_list.go) read them.
func applyListColumns(n *models.NewTask, row importRow) {
	n.ListName, n.Nodes = row.List, row.NodeList
}
