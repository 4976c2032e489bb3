package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/internal/sheet"
	"github.com/duban-bot/duban/models"
)

// A 任务书 sent as a file: an .xlsx (its first sheet) or .csv with the
// units down the first column and the indicators across the header row,
// the annual targets where they cross.

// taskBookSpec is how a 任务书 is read: the column naming the units, the
// columns that are neither, and the rows that sum the others up.
var taskBookSpec = sheet.MatrixSpec{
	Label:    []string{"单位", "单位名称", "参赛单位", "区县", "部门", "责任单位"},
	Skip:     []string{"序号", "备注", "说明"},
	SkipRows: []string{"合计", "总计", "小计"},
}

// taskBookLimits bound a 任务书: a few hundred units at most.
var taskBookLimits = sheet.Limits{MaxBytes: 5 << 20, MaxRows: 500}

// taskBook is a 任务书 read against a contest: the targets it sets, and
// what could not be used, each worded for the sender.
type taskBook struct {
	ContestID uint                 `json:"contest"`
	Year      int                  `json:"year"`
	Targets   []models.TargetValue `json:"targets"`
	Problems  []string             `json:"-"`
}

// readTaskBook reads a 任务书 file for ct. Columns must name the contest's
// indicators (a 计量单位 in brackets after the name is allowed), rows its
// units; a row or cell that cannot be used is a problem, and the rest
// stands. A file that cannot be read at all is a *sheet.Error.
func readTaskBook(ct *models.Contest, data []byte, name string, year int) (*taskBook, error) {
	m, err := sheet.ReadMatrix(bytes.NewReader(data), name, taskBookLimits, taskBookSpec)
	if err != nil {
		return nil, err
	}
	tb := &taskBook{Year: year}
	for _, p := range m.Problems {
		tb.Problems = append(tb.Problems, p.Reason)
	}
	cols := make([]*models.ContestIndicator, len(m.Columns))
	for i, h := range m.Columns {
		for j := range ct.Indicators {
			if sheet.HeaderName(ct.Indicators[j].Name) == h.Key {
				cols[i] = &ct.Indicators[j]
			}
		}
		if cols[i] == nil {
			tb.Problems = append(tb.Problems, fmt.Sprintf("表头「%s」不是擂台赛「%s」的指标，这一列未读取", h.Name, ct.Name))
		}
	}
	for _, row := range m.Rows {
		if !ct.HasUnit(row.Label) {
			tb.Problems = append(tb.Problems, fmt.Sprintf("第%d行：「%s」不是参赛单位，这一行未读取", row.Line, row.Label))
			continue
		}
		for i, v := range row.Values {
			if cols[i] == nil || !v.Set {
				continue
			}
			if v.Num > models.MaxReportValue {
				tb.Problems = append(tb.Problems, fmt.Sprintf("第%d行「%s」：「%s」过大，目标不能超过1万亿", row.Line, cols[i].Name, v.Text))
				continue
			}
			if _, ok := parseFigure(models.FormatFigure(v.Num)); !ok || v.Num < 0 {
				tb.Problems = append(tb.Problems, fmt.Sprintf("第%d行「%s」：「%s」不是有效目标（应为不小于0的数字）",
					row.Line, cols[i].Name, v.Text))
				continue
			}
			tb.Targets = append(tb.Targets, models.TargetValue{Unit: row.Label, IndicatorID: cols[i].ID, Value: v.Num})
		}
	}
	return tb, nil
}

// taskBookPreview shows what a 任务书 would set, and what was left out and
// why, before the leader confirms.
func taskBookPreview(ct *models.Contest, tb *taskBook, fileName string) string {
	var s strings.Builder
	fmt.Fprintf(&s, "📋 <b>%s · %d年任务书</b>（%s）\n将设置 %d 项年度目标：", escape(ct.Name), tb.Year, escape(fileName), len(tb.Targets))
	names := map[uint]*models.ContestIndicator{}
	for i := range ct.Indicators {
		names[ct.Indicators[i].ID] = &ct.Indicators[i]
	}
	const shown = 30
	for i, t := range tb.Targets {
		if i == shown {
			fmt.Fprintf(&s, "\n…另有 %d 项", len(tb.Targets)-shown)
			break
		}
		ind := names[t.IndicatorID]
		fmt.Fprintf(&s, "\n· %s %s %s", escape(t.Unit), escape(ind.Name), escape(figure(t.Value, ind.Measure)))
	}
	if len(tb.Problems) > 0 {
		fmt.Fprintf(&s, "\n\n⚠️ 以下 %d 处未导入：", len(tb.Problems))
		for i, p := range tb.Problems {
			if i == shown {
				fmt.Fprintf(&s, "\n…另有 %d 处", len(tb.Problems)-shown)
				break
			}
			s.WriteString("\n· " + escape(p))
		}
	}
	if len(tb.Targets) > 0 {
		s.WriteString("\n\n确认后一次性保存，已有的同项目标将被替换。")
	}
	return s.String()
}

// taskBookError words a file that could not be read at all.
func taskBookError(err error) (zh, en string, ok bool) {
	var se *sheet.Error
	if !errors.As(err, &se) {
		return "", "", false
	}
	return "任务书读取失败：" + se.Reason + "。请第一列写单位、表头写指标名，例如：单位 | 固定资产投资 | 新开工项目。",
		"The 任务书 could not be read: " + se.English, true
}

// importTaskBook is /contest 名称 任务书 sent as the caption of an .xlsx or
// .csv (or replying to one), by a leader: the targets it sets, shown with
// what was left out and why, then 确认导入 saves them all in one
// transaction (the shared import flow, importflow.go).
func (b *Bot) importTaskBook(ctx context.Context, r *request, ct *models.Contest, f *sentFile) error {
	if err := r.requireLeader(ctx, "下达任务书", "set targets"); err != nil {
		return err
	}
	if len(ct.Indicators) == 0 {
		return r.fail(ctx, fmt.Sprintf("擂台赛「%s」还没有指标。请先用 /contest %s 指标 指标名 计量单位 权重N 添加。", ct.Name, ct.Name),
			"The contest has no indicators yet.")
	}
	data, err := b.download(ctx, r, f, maxDownload)
	if err != nil {
		return err
	}
	tb, err := readTaskBook(ct, data, f.Name, r.localNow().Year())
	if zh, en, ok := taskBookError(err); ok {
		return r.fail(ctx, zh, en)
	}
	if err != nil {
		return fmt.Errorf("read %q: %w", f.Name, err)
	}
	tb.ContestID = ct.ID
	preview := taskBookPreview(ct, tb, f.Name)
	if len(tb.Targets) == 0 {
		if err := r.reply(ctx, preview+"\n\n"+escape(r.say("没有可以导入的目标，什么也没有保存。",
			"There is no target to import; nothing was saved."))); err != nil {
			return err
		}
		return errHandled
	}
	return r.offerImport(ctx, importContestTargets, f.Name, tb, preview)
}

// confirmTaskBook saves a previewed 任务书 when its leader presses 确认导入.
func (b *Bot) confirmTaskBook(ctx context.Context, r *request, p *models.PendingImport) error {
	var tb taskBook
	if err := json.Unmarshal([]byte(p.Payload), &tb); err != nil {
		return fmt.Errorf("decode import %d: %w", p.ID, err)
	}
	ct, err := b.store.ContestByID(ctx, tb.ContestID)
	if errors.Is(err, models.ErrNotFound) || err == nil && ct.ChatID != r.chat.ID {
		return r.fail(ctx, "这个擂台赛已被删除，什么也没有导入。", "The contest was removed; nothing was imported.")
	}
	if err != nil {
		return err
	}
	err = b.store.SetTargets(ctx, r.change(), ct.ID, tb.Year, tb.Targets)
	if errors.Is(err, models.ErrInvalid) {
		return r.fail(ctx, "预览之后擂台赛的单位或指标有变动，什么也没有导入。请重新发送任务书。",
			"The contest's units or indicators changed since the preview; nothing was imported. Please send the 任务书 again.")
	}
	if err != nil {
		return err
	}
	return r.reply(ctx, fmt.Sprintf("🎯 已导入「%s」：擂台赛「%s」%d年任务书 %d 项年度目标（%s）。查看：/contest %s 任务书",
		escape(p.FileName), escape(ct.Name), tb.Year, len(tb.Targets), userLink(r.user), escape(ct.Name)))
}
