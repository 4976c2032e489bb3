package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/models"
)

// contestSheet is a contest's ledger sheet: its standings' figures per unit
// and indicator, then what was reported in each period of that year.
func (b *Bot) contestSheet(ctx context.Context, chat *models.Chat, ct *models.Contest, now time.Time) (ledger.ContestSheet, error) {
	loc := chat.Location()
	p, err := b.standingsPeriod(ctx, ct, loc, now)
	if err != nil {
		return ledger.ContestSheet{}, err
	}
	st, err := b.store.ContestStandings(ctx, ct, p, 0)
	if err != nil {
		return ledger.ContestSheet{}, err
	}
	var periods []models.Period
	for q := contestSchedule(ct).OpenPeriod(now.In(loc)); q.From.Year() == p.From.Year() || q.From.After(p.From); q = q.Previous() {
		if q.From.Year() == p.From.Year() {
			periods = append([]models.Period{q}, periods...)
		}
	}
	yearStart := time.Date(p.From.Year(), 1, 1, 0, 0, 0, 0, loc)
	reports, err := b.store.ContestReports(ctx, ct.ID, yearStart, yearStart.AddDate(1, 0, 0))
	if err != nil {
		return ledger.ContestSheet{}, err
	}
	type key struct {
		unit string
		ind  uint
		from int64
	}
	figures := map[key]float64{}
	for _, r := range reports {
		figures[key{r.UnitName, r.IndicatorID, r.PeriodFrom.Unix()}] = r.Value
	}
	cs := ledger.ContestSheet{Name: ct.Name}
	for _, q := range periods {
		cs.Periods = append(cs.Periods, models.PeriodLabel(q))
	}
	for _, row := range st.Rows {
		for j, cell := range row.Cells {
			ind := &st.Indicators[j]
			lr := ledger.ContestRow{Unit: row.Unit, Indicator: ind.Name, Measure: ind.Measure, Target: cell.Target,
				HasTarget: cell.HasTarget, YearToDate: cell.YearToDate, Completion: cell.Completion, Progress: st.Progress,
				Behind: cell.Behind, Figures: make([]*float64, len(periods))}
			for i, q := range periods {
				if v, ok := figures[key{row.Unit, ind.ID, q.From.UTC().Unix()}]; ok {
					lr.Figures[i] = &v
				}
			}
			cs.Rows = append(cs.Rows, lr)
		}
	}
	return cs, nil
}

// contestSheets are the sheets of every contest of the group, for /export.
func (b *Bot) contestSheets(ctx context.Context, chat *models.Chat, now time.Time) ([]ledger.ContestSheet, error) {
	cs, err := b.store.Contests(ctx, chat.ID)
	if err != nil {
		return nil, err
	}
	var out []ledger.ContestSheet
	for i := range cs {
		if len(cs[i].Indicators) == 0 {
			continue
		}
		sh, err := b.contestSheet(ctx, chat, &cs[i], now)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// exportContest is /contest 名称 导出 (leaders): the contest's sheet alone,
// as .xlsx.
func (b *Bot) exportContest(ctx context.Context, r *request, ct *models.Contest) error {
	if err := r.requireLeader(ctx, "导出擂台赛台账", "export the contest"); err != nil {
		return err
	}
	if len(ct.Indicators) == 0 {
		return r.fail(ctx, fmt.Sprintf("擂台赛「%s」还没有指标，没有可导出的数据。", ct.Name), "The contest has no indicators yet.")
	}
	sh, err := b.contestSheet(ctx, r.chat, ct, r.now)
	if err != nil {
		return err
	}
	year := fmt.Sprintf("%d年", contestSchedule(ct).OpenPeriod(r.localNow()).From.Year())
	file, err := ledger.ContestXLSX(sh, ct.Name+" "+year)
	if err != nil {
		return err
	}
	_, err = b.sendDocument(ctx, r.tgChatID, r.thread, ledger.ContestFileName(sh, year), file,
		fmt.Sprintf("📒 %s %s台账（%d个单位）", escape(ct.Name), year, len(sh.Rows)/max(1, len(ct.Indicators))))
	return err
}
