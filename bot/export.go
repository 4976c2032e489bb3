package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/models"
)

// exportStatuses maps the status words of /export to what they select.
var exportStatuses = map[string][]models.Status{
	"待办": {models.StatusTodo}, "进行中": {models.StatusDoing}, "已提交": {models.StatusSubmitted},
	"已办结": {models.StatusDone}, "办结": {models.StatusDone}, "已取消": {models.StatusCancelled},
	"待认领": {models.StatusPosted},
	"未办结": {models.StatusPosted, models.StatusTodo, models.StatusDoing, models.StatusSubmitted},
}

// cmdExport is /export [期间] [状态] [csv] (leaders): the group's 台账 as an
// .xlsx workbook (tasks, ranking, progress history), or a CSV of the tasks,
// sent to the chat that asked. Without arguments: every task in every status.
func (b *Bot) cmdExport(ctx context.Context, r *request) error {
	if err := r.requireLeader(ctx, "导出台账", "export the ledger"); err != nil {
		return err
	}
	q := models.LedgerQuery{ChatID: r.chat.ID}
	periodLabelText := "全部"
	csv := false
	var periodArgs []string
	var list *models.TaskList
	for _, a := range strings.Fields(r.args) {
		switch {
		case strings.EqualFold(a, "csv"):
			csv = true
		case a == "逾期":
			q.Overdue = true
		case exportStatuses[a] != nil:
			q.Statuses = append(q.Statuses, exportStatuses[a]...)
		case list == nil && b.isList(ctx, r, a, &list):
			q.ListID = list.ID
		default:
			periodArgs = append(periodArgs, a)
		}
	}
	rankPeriod := allTime()
	if len(periodArgs) > 0 {
		byUnit, p, ok := parseRankArgs(periodArgs, r.localNow())
		if !ok || byUnit {
			return r.fail(ctx, "用法：/export [月|季|半年|年|开始日期 结束日期] [待办|进行中|已提交|已办结|已取消|逾期] [csv]；只导出一个清单：/export 清单名",
				"Usage: /export [list] [period] [status] [csv]")
		}
		q.From, q.To, rankPeriod = p.From, p.To, p
		periodLabelText = periodLabel(p)
	}
	l, err := b.exportLedger(ctx, r.chat, q, rankPeriod, periodLabelText, r.now)
	if err != nil {
		return err
	}
	if len(l.Tasks) == 0 {
		return r.fail(ctx, fmt.Sprintf("没有符合条件的任务（%s）。", periodLabelText), "No task matches.")
	}
	if list != nil {
		l.Title = r.chat.Title + " " + list.Name + " 任务台账"
	}
	name, file, err := ledgerFile(l, csv)
	if err != nil {
		return err
	}
	caption := fmt.Sprintf("📒 %s（%s，%d 项任务）", escape(l.Title), escape(periodLabelText), len(l.Tasks))
	_, err = b.sendDocument(ctx, r.tgChatID, r.thread, name, file, caption)
	return err
}

// allTime is the ranking period of a ledger without one: every deadline.
func allTime() models.Period {
	return models.Period{Kind: models.Custom, From: time.Unix(0, 0), To: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// exportLedger loads the tasks q selects and the ranking of rankPeriod and
// renders them as the ledger, with the group's 问题清单: /export and the
// dashboard's download.
func (b *Bot) exportLedger(ctx context.Context, chat *models.Chat, q models.LedgerQuery, rankPeriod models.Period,
	label string, now time.Time) (ledger.Ledger, error) {
	data, err := b.store.Ledger(ctx, q)
	if err != nil {
		return ledger.Ledger{}, err
	}
	rules := chat.RankRules()
	// A published period's ranking sheet gives the published figures.
	entries, _, err := b.rankingOf(ctx, chat, rankPeriod, false, rules, now)
	if err != nil {
		return ledger.Ledger{}, err
	}
	l := buildLedger(chat, data, entries, rules, label, now)
	if l.Nodes, err = b.ledgerNodes(ctx, chat, data.Tasks, now); err != nil {
		return ledger.Ledger{}, err
	}
	if l.Contests, err = b.contestSheets(ctx, chat, now); err != nil {
		return ledger.Ledger{}, err
	}
	return l, b.addProblemSheet(ctx, chat, &l, now) // 问题清单 (bot/problem_stats.go)
}

// ledgerFile writes the ledger as .xlsx, or as CSV, with its file name.
func ledgerFile(l ledger.Ledger, csv bool) (string, []byte, error) {
	if csv {
		file, err := ledger.CSV(l)
		return ledger.FileName(l, "csv"), file, err
	}
	file, err := ledger.XLSX(l)
	return ledger.FileName(l, "xlsx"), file, err
}

// buildLedger renders stored tasks into the ledger's rows.
func buildLedger(chat *models.Chat, d *models.LedgerData, entries []models.RankEntry, rules models.RankRules,
	period string, now time.Time) ledger.Ledger {
	l := ledger.Ledger{Title: chat.Title + " 任务台账", Period: period, Zone: chat.Location()}
	titles := map[uint]*models.Task{}
	for i := range d.Tasks {
		t := &d.Tasks[i]
		assigner := d.Assigners[t.AssignerID]
		titles[t.ID] = t
		loc := chat.Location()
		row := ledger.TaskRow{Number: t.Number, Title: t.Title, Unit: t.UnitName, Lead: plainLead(t),
			Assigner: assigner.DisplayName(), AssignedAt: t.CreatedAt, OriginalDeadline: t.OriginalDeadline,
			Deadline: t.Deadline, Acks: t.Acks(loc), Status: t.Status.Label(), DoneAt: t.DoneAt,
			Extensions: t.Extensions, LateDays: t.LateDays(now, loc, rules), Overdue: t.Overdue(now),
			Attachments: d.Attachments[t.ID]}
		if t.ResponsibleID != nil {
			u := d.Responsibles[*t.ResponsibleID]
			row.Responsible = u.DisplayName()
		}
		if t.Lead() == nil {
			row.Lead = ""
		}
		var co []string
		for _, a := range t.Cooperators() {
			co = append(co, a.User.DisplayName())
		}
		row.Cooperators = strings.Join(co, "、")
		// Judged like the ranking, by the submission: only submitted and
		// completed tasks (a task cancelled after it was submitted keeps
		// its submission time).
		if t.SubmittedAt != nil && (t.Status == models.StatusSubmitted || t.Status == models.StatusDone) {
			row.SubmittedAt = t.SubmittedAt
			row.OnTime = map[bool]string{true: "是", false: "否"}[t.Outcome(now, rules) == models.OnTime]
		}
		// 最新进展: the latest report, or the 办结说明 when it came later.
		p, hasReport := d.Latest[t.ID]
		if hasReport {
			row.LatestProgress = progressText(p)
		}
		if n, ok := d.Notes[t.ID]; ok && (!hasReport || n.CreatedAt.After(p.CreatedAt)) {
			row.LatestProgress = "办结说明：" + n.Detail
		}
		l.Tasks = append(l.Tasks, row)
	}
	for _, e := range entries {
		rate, has := e.Rate()
		row := ledger.RankRow{Rank: e.Rank, Name: e.Name(), Unit: e.Unit, Due: e.Due, OnTime: e.OnTime,
			Late: e.Late, Overdue: e.Overdue, Rate: rate, HasRate: has, Score: e.Score, Flag: flagWord(e.Flag)}
		l.Ranking = append(l.Ranking, row)
	}
	for _, p := range d.Progress {
		t := titles[p.TaskID]
		if t == nil {
			continue
		}
		l.Progress = append(l.Progress, ledger.ProgressRow{Number: t.Number, Title: t.Title, At: p.CreatedAt,
			Person: p.User.DisplayName(), Percent: p.Percent, Text: p.Text})
	}
	return l
}

func progressText(p models.ProgressReport) string {
	if p.Percent != nil {
		return strings.TrimSpace(fmt.Sprintf("%d%% %s", *p.Percent, p.Text))
	}
	return p.Text
}
