package models

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ReminderContest opens a contest's reporting period: its 填报 tasks are
// created when it goes out. The row names its contest (Reminder.ContestID).
const ReminderContest ReminderKind = "contest"

// The audit kinds of contests (擂台赛); their detail is plain text.
const (
	EventContestAdded     = "contest_added"
	EventContestRemoved   = "contest_removed"
	EventContestIndicator = "contest_indicator"
	EventContestTargets   = "contest_targets"
	EventContestSchedule  = "contest_schedule"
	EventContestReported  = "contest_reported"
	EventContestCorrected = "contest_corrected" // a figure replaced within its period
	EventContestRound     = "contest_round"     // a period's 填报 tasks were created
)

// The labels live here, next to the kinds, so that the contest system adds
// to the trail without touching every other system's list.
func init() {
	for k, l := range map[string]string{
		EventContestAdded: "创建擂台赛", EventContestRemoved: "删除擂台赛", EventContestIndicator: "设置擂台赛指标",
		EventContestTargets: "下达任务书", EventContestSchedule: "设置填报周期", EventContestReported: "填报",
		EventContestCorrected: "更正填报", EventContestRound: "发起填报",
	} {
		eventLabels[k] = l
	}
}

// ContestByName returns a group's contest with its units and indicators,
// in their order.
func (s *Store) ContestByName(ctx context.Context, chatID uint, name string) (*Contest, error) {
	return s.contestWhere(ctx, "chat_id = ? AND name = ?", chatID, name)
}

// ContestByID is ContestByName by id.
func (s *Store) ContestByID(ctx context.Context, id uint) (*Contest, error) {
	return s.contestWhere(ctx, "id = ?", id)
}

// ContestOfReportTask returns the contest whose 填报 task a task is, or
// ErrNotFound for any other task: such a task closes when its figures are
// reported, never by /done.
func (s *Store) ContestOfReportTask(ctx context.Context, taskID uint) (*Contest, error) {
	return s.contestWhere(ctx, "id IN (SELECT contest_rounds.contest_id FROM contest_rounds"+
		" JOIN contest_round_tasks ON contest_round_tasks.round_id = contest_rounds.id WHERE contest_round_tasks.task_id = ?)", taskID)
}

// IsReportTask reports whether a task is a contest's 填报 task (one
// indexed lookup, for the buttons of its reminders).
func (s *Store) IsReportTask(ctx context.Context, taskID uint) (bool, error) {
	var n int64
	if err := s.conn(ctx).Model(&ContestRoundTask{}).Where("task_id = ?", taskID).Limit(1).Count(&n).Error; err != nil {
		return false, fmt.Errorf("report task %d: %w", taskID, err)
	}
	return n > 0, nil
}

func (s *Store) contestWhere(ctx context.Context, where string, args ...any) (*Contest, error) {
	var c Contest
	err := s.conn(ctx).Preload("Units", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Preload("Indicators", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Where(where, args...).Take(&c).Error
	if err != nil {
		return nil, fmt.Errorf("contest: %w", notFound(err))
	}
	return &c, nil
}

// Contests lists a group's contests by name, with their units and
// indicators.
func (s *Store) Contests(ctx context.Context, chatID uint) ([]Contest, error) {
	var cs []Contest
	err := s.conn(ctx).Preload("Units", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Preload("Indicators", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Where("chat_id = ?", chatID).Order("name").Find(&cs).Error
	if err != nil {
		return nil, fmt.Errorf("list contests: %w", err)
	}
	return cs, nil
}

// UnitNames returns the contest's units in order.
func (c *Contest) UnitNames() []string {
	out := make([]string, len(c.Units))
	for i, u := range c.Units {
		out[i] = u.UnitName
	}
	return out
}

// Indicator returns the contest's indicator of that name, or nil.
func (c *Contest) Indicator(name string) *ContestIndicator {
	for i := range c.Indicators {
		if c.Indicators[i].Name == name {
			return &c.Indicators[i]
		}
	}
	return nil
}

// HasUnit reports whether the unit takes part.
func (c *Contest) HasUnit(name string) bool {
	for _, u := range c.Units {
		if u.UnitName == name {
			return true
		}
	}
	return false
}

// CreateContest stores a new contest among units of the group (all of its
// units when none are named). Unknown units are ErrNotFound, a name in use
// ErrExists.
func (s *Store) CreateContest(ctx context.Context, c Change, chatID uint, name string, units []string) (*Contest, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("%w: empty contest name", ErrInvalid)
	}
	if err := CheckLength("contest", name, MaxContestNameRunes); err != nil {
		return nil, err
	}
	var out Contest
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var have []string
		if err := tx.Model(&Unit{}).Where("chat_id = ?", chatID).Order("name").Pluck("name", &have).Error; err != nil {
			return err
		}
		if len(units) == 0 {
			units = have
		}
		for _, u := range units {
			if !slices.Contains(have, u) {
				return fmt.Errorf("%w: unit %q", ErrNotFound, u)
			}
		}
		out = Contest{ChatID: chatID, Name: name, CreatedBy: c.ActorID, CreatedAt: now}
		if err := tx.Omit("Units", "Indicators").Create(&out).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrExists
			}
			return err
		}
		seen := map[string]bool{}
		for _, u := range units {
			if seen[u] {
				continue
			}
			seen[u] = true
			cu := ContestUnit{ContestID: out.ID, UnitName: u, Position: len(out.Units)}
			if err := tx.Create(&cu).Error; err != nil {
				return err
			}
			out.Units = append(out.Units, cu)
		}
		return audit(tx, chatID, nil, c, EventContestAdded, name+"："+strings.Join(out.UnitNames(), "、"), now)
	})
	if err != nil {
		return nil, fmt.Errorf("create contest %q: %w", name, err)
	}
	return &out, nil
}

// RemoveContest deletes a contest with its indicators, targets, reports and
// rounds; its 填报 tasks stay, as ordinary tasks.
func (s *Store) RemoveContest(ctx context.Context, c Change, contestID uint) error {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var ct Contest
		if err := tx.Take(&ct, contestID).Error; err != nil {
			return notFound(err)
		}
		if err := deleteContest(tx, contestID); err != nil {
			return err
		}
		return audit(tx, ct.ChatID, nil, c, EventContestRemoved, ct.Name, now)
	})
	if err != nil {
		return fmt.Errorf("remove contest %d: %w", contestID, err)
	}
	return nil
}

// deleteContest deletes a contest and every row that hangs off it, inside
// tx (SQLite's foreign keys cascade, but not every database has them on).
func deleteContest(tx *gorm.DB, id uint) error {
	var rounds []uint
	if err := tx.Model(&ContestRound{}).Where("contest_id = ?", id).Pluck("id", &rounds).Error; err != nil {
		return err
	}
	if len(rounds) > 0 {
		if err := tx.Where("round_id IN ?", rounds).Delete(&ContestRoundTask{}).Error; err != nil {
			return err
		}
	}
	for _, m := range []any{&ContestRound{}, &ContestReport{}, &ContestTarget{}, &ContestIndicator{}, &ContestUnit{}} {
		if err := tx.Where("contest_id = ?", id).Delete(m).Error; err != nil {
			return err
		}
	}
	if err := tx.Where("contest_id = ? AND "+pending, id).Delete(&Reminder{}).Error; err != nil {
		return err
	}
	return tx.Delete(&Contest{}, id).Error
}

// SetIndicator adds an indicator to a contest, or changes the one of that
// name; created tells which.
func (s *Store) SetIndicator(ctx context.Context, c Change, contestID uint, ind ContestIndicator) (created bool, err error) {
	switch {
	case strings.TrimSpace(ind.Name) == "":
		return false, fmt.Errorf("%w: empty indicator", ErrInvalid)
	case ind.Weight <= 0 || ind.Weight > 1000 || math.IsNaN(ind.Weight):
		return false, fmt.Errorf("%w: weight %v", ErrInvalid, ind.Weight)
	}
	if err := CheckLength("indicator", ind.Name, MaxIndicatorRunes); err != nil {
		return false, err
	}
	if err := CheckLength("measure", ind.Measure, MaxMeasureRunes); err != nil {
		return false, err
	}
	err = s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var ct Contest
		if err := tx.Take(&ct, contestID).Error; err != nil {
			return notFound(err)
		}
		var old ContestIndicator
		err := tx.Where("contest_id = ? AND name = ?", contestID, ind.Name).Take(&old).Error
		switch {
		case err == nil:
			ind.ID, ind.Position = old.ID, old.Position
		case errors.Is(err, gorm.ErrRecordNotFound):
			var n int64
			if err := tx.Model(&ContestIndicator{}).Where("contest_id = ?", contestID).Count(&n).Error; err != nil {
				return err
			}
			if n >= MaxIndicators {
				return fmt.Errorf("%w: more than %d indicators", ErrInvalid, MaxIndicators)
			}
			ind.Position, created = int(n), true
		default:
			return err
		}
		ind.ContestID = contestID
		if err := tx.Select("*").Save(&ind).Error; err != nil {
			return err
		}
		return audit(tx, ct.ChatID, nil, c, EventContestIndicator, ct.Name+" "+IndicatorSummary(&ind), now)
	})
	if err != nil {
		return false, fmt.Errorf("set indicator %q: %w", ind.Name, err)
	}
	return created, nil
}

// IndicatorSummary describes an indicator as the command sets it:
// 固定资产投资（亿元，权重40，累计）.
func IndicatorSummary(ind *ContestIndicator) string {
	parts := []string{}
	if ind.Measure != "" {
		parts = append(parts, ind.Measure)
	}
	parts = append(parts, "权重"+strconv.FormatFloat(ind.Weight, 'f', -1, 64))
	if ind.PerPeriod {
		parts = append(parts, "当期")
	} else {
		parts = append(parts, "累计")
	}
	if ind.LowerBetter {
		parts = append(parts, "越低越好")
	}
	return ind.Name + "（" + strings.Join(parts, "，") + "）"
}

// TargetValue is one annual target to set.
type TargetValue struct {
	Unit        string
	IndicatorID uint
	Value       float64
}

// SetTargets sets annual targets of a year, all or none: a unit or an
// indicator not in the contest, or a value below zero, is ErrInvalid.
func (s *Store) SetTargets(ctx context.Context, c Change, contestID uint, year int, values []TargetValue) error {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var ct Contest
		if err := tx.Preload("Units").Preload("Indicators").Take(&ct, contestID).Error; err != nil {
			return notFound(err)
		}
		names := map[uint]string{}
		for _, ind := range ct.Indicators {
			names[ind.ID] = ind.Name
		}
		var lines []string
		for _, v := range values {
			if !ct.HasUnit(v.Unit) || names[v.IndicatorID] == "" || !validFigure(v.Value) {
				return fmt.Errorf("%w: target %s/%d = %v", ErrInvalid, v.Unit, v.IndicatorID, v.Value)
			}
			res := tx.Model(&ContestTarget{}).Where("contest_id = ? AND year = ? AND unit_name = ? AND indicator_id = ?",
				contestID, year, v.Unit, v.IndicatorID).Updates(map[string]any{"value": v.Value, "updated_at": now})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				t := ContestTarget{ContestID: contestID, Year: year, UnitName: v.Unit, IndicatorID: v.IndicatorID,
					Value: v.Value, UpdatedAt: now}
				if err := tx.Create(&t).Error; err != nil {
					return err
				}
			}
			lines = append(lines, v.Unit+" "+names[v.IndicatorID]+" "+strconv.FormatFloat(v.Value, 'f', -1, 64))
		}
		return audit(tx, ct.ChatID, nil, c, EventContestTargets,
			truncate(fmt.Sprintf("%s %d年：%s", ct.Name, year, strings.Join(lines, "；")), 4000), now)
	})
	if err != nil {
		return fmt.Errorf("set targets: %w", err)
	}
	return nil
}

func validFigure(v float64) bool { return v >= 0 && v <= MaxReportValue && !math.IsNaN(v) }

// ContestTargets returns a contest's targets of a year.
func (s *Store) ContestTargets(ctx context.Context, contestID uint, year int) (map[TargetKey]float64, error) {
	rows, err := s.conn(ctx).Model(&ContestTarget{}).Select("unit_name", "indicator_id", "value").
		Where("contest_id = ? AND year = ?", contestID, year).Rows()
	if err != nil {
		return nil, fmt.Errorf("contest targets: %w", err)
	}
	defer rows.Close()
	out := map[TargetKey]float64{}
	for rows.Next() { // by hand: a large contest has a thousand targets
		var k TargetKey
		var v float64
		if err := rows.Scan(&k.Unit, &k.IndicatorID, &v); err != nil {
			return nil, fmt.Errorf("contest targets: %w", err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("contest targets: %w", err)
	}
	return out, nil
}

// ContestReports returns a contest's reports of the periods starting in
// [from, to), oldest first.
func (s *Store) ContestReports(ctx context.Context, contestID uint, from, to time.Time) ([]ContestReport, error) {
	var rs []ContestReport
	err := s.conn(ctx).Where("contest_id = ? AND period_from >= ? AND period_from < ?", contestID, from.UTC(), to.UTC()).
		Order("period_from, id").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("contest reports: %w", err)
	}
	return rs, nil
}

// SetContestSchedule sets when units report and plans the opening of the
// next reporting period, at 09:00 in loc the day after it ends.
func (s *Store) SetContestSchedule(ctx context.Context, c Change, contestID uint, sc Schedule, loc *time.Location) error {
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var ct Contest
		if err := tx.Take(&ct, contestID).Error; err != nil {
			return notFound(err)
		}
		if err := tx.Model(&ct).Update("schedule", sc.String()).Error; err != nil {
			return err
		}
		if err := planContestRound(tx, &ct, sc, now.In(loc), now); err != nil {
			return err
		}
		return audit(tx, ct.ChatID, nil, c, EventContestSchedule, ct.Name+" "+sc.String(), now)
	})
	if err != nil {
		return fmt.Errorf("set contest schedule: %w", err)
	}
	s.planned()
	return nil
}

// planContestRound replaces the contest's pending openings that lie ahead
// with the one of the period containing at. One already due stays: it is
// the opening being dispatched, marked sent once its message is out.
func planContestRound(tx *gorm.DB, ct *Contest, sc Schedule, at time.Time, now time.Time) error {
	if err := tx.Where("contest_id = ? AND kind = ? AND due_at > ? AND "+pending, ct.ID, ReminderContest, now).
		Delete(&Reminder{}).Error; err != nil {
		return err
	}
	_, opens := sc.OpensAt(at)
	id := ct.ID
	r := Reminder{ChatID: ct.ChatID, ContestID: &id, Kind: ReminderContest, At: opens, DueAt: opens}
	return insertReminders(tx, []Reminder{r}, now)
}

// OpenRound creates the 填报 tasks of a reporting period: one per unit of
// the contest still in the group and with members, its members assigned
// (the first leads), due at due. Opening a period twice returns the
// round made the first time (created false). The opening of the next
// period is planned in the same transaction.
func (s *Store) OpenRound(ctx context.Context, contestID uint, p Period, due time.Time) (round *ContestRound, created bool, err error) {
	err = s.Unit(ctx, func(ctx context.Context) error {
		ct, err := s.ContestByID(ctx, contestID)
		if err != nil {
			return err
		}
		var r ContestRound
		err = s.conn(ctx).Preload("Tasks").Where("contest_id = ? AND period_from = ?", contestID, p.From.UTC()).Take(&r).Error
		if err == nil {
			round = &r
			return nil
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		units, err := s.Units(ctx, ct.ChatID)
		if err != nil {
			return err
		}
		members := map[string][]User{}
		for _, u := range units {
			members[u.Name] = u.Members
		}
		r = ContestRound{ContestID: contestID, PeriodFrom: p.From.UTC(), PeriodTo: p.To.UTC(), Label: PeriodLabel(p),
			DueAt: due.UTC().Truncate(time.Second), CreatedAt: s.Now()}
		if err := s.conn(ctx).Omit("Tasks").Create(&r).Error; err != nil {
			return err
		}
		for _, unit := range ct.UnitNames() {
			people, ok := members[unit]
			if !ok || len(people) == 0 {
				continue // left the group, or nobody to report
			}
			var co []uint
			for _, u := range people[1:] {
				co = append(co, u.ID)
			}
			t, err := s.CreateTask(ctx, Change{}, NewTask{ChatID: ct.ChatID, Title: ReportTitle(ct.Name, p),
				Detail: "请用 /report " + ct.Name + " 指标名 数值 填报本单位" + PeriodLabel(p) + "的数据。", UnitName: unit,
				AssignerID: ct.CreatedBy, LeadID: people[0].ID, CooperatorIDs: co, Deadline: due})
			if err != nil {
				return err
			}
			rt := ContestRoundTask{RoundID: r.ID, UnitName: unit, TaskID: t.ID}
			if err := s.conn(ctx).Create(&rt).Error; err != nil {
				return err
			}
			r.Tasks = append(r.Tasks, rt)
			// A unit that reported everything before the round opened (in
			// the early hours after the period ended) owes nothing.
			missing, err := s.missingReports(ctx, ct, unit, p)
			if err == nil && len(missing) == 0 && len(ct.Indicators) > 0 {
				_, err = s.closeReportTask(ctx, Change{}, ct.ID, unit, p)
			}
			if err != nil {
				return err
			}
		}
		round, created = &r, true
		return s.write(ctx, Change{}, func(tx *gorm.DB, now time.Time) error {
			sc, err := ParseSchedule(ct.Schedule)
			if err == nil {
				// The next period: the one containing this period's end.
				if err := planContestRound(tx, ct, sc, p.To, now); err != nil {
					return err
				}
			}
			return audit(tx, ct.ChatID, nil, Change{}, EventContestRound, ct.Name+" "+r.Label, now)
		})
	})
	if err != nil {
		return nil, false, fmt.Errorf("open contest round: %w", err)
	}
	return round, created, nil
}

// ReportValue is one figure a unit reports.
type ReportValue struct {
	IndicatorID uint
	Value       float64
}

// ReportResult tells what a report did.
type ReportResult struct {
	Corrected map[uint]float64 // indicator id → the figure replaced
	Closed    *Task            // the unit's 填报 task, closed by this report
	Missing   []string         // indicators the unit has still to report
}

// Report stores a unit's figures for a period, replacing earlier ones of
// the same period (kept in the audit trail). When every indicator of the
// unit is reported, its open 填报 task of the period is closed (已办结).
func (s *Store) Report(ctx context.Context, c Change, contestID uint, unit string, p Period, values []ReportValue) (*ReportResult, error) {
	res := &ReportResult{Corrected: map[uint]float64{}}
	err := s.Unit(ctx, func(ctx context.Context) error {
		ct, err := s.ContestByID(ctx, contestID)
		if err != nil {
			return err
		}
		if !ct.HasUnit(unit) {
			return fmt.Errorf("%w: unit %q not in contest", ErrInvalid, unit)
		}
		err = s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
			for _, v := range values {
				ind := indicatorByID(ct, v.IndicatorID)
				if ind == nil || !validFigure(v.Value) {
					return fmt.Errorf("%w: report %d = %v", ErrInvalid, v.IndicatorID, v.Value)
				}
				var old ContestReport
				err := tx.Where("contest_id = ? AND unit_name = ? AND indicator_id = ? AND period_from = ?",
					contestID, unit, v.IndicatorID, p.From.UTC()).Take(&old).Error
				kind, detail := EventContestReported, ""
				switch {
				case err == nil:
					was := old.Value // Updates writes the new value into old
					if err := tx.Model(&old).Updates(map[string]any{"value": v.Value, "reporter_id": c.ActorID,
						"reported_at": now}).Error; err != nil {
						return err
					}
					res.Corrected[v.IndicatorID] = was
					kind = EventContestCorrected
					detail = fmt.Sprintf("%s %s %s %s：%s → %s", ct.Name, PeriodLabel(p), unit, ind.Name,
						FormatFigure(was), FormatFigure(v.Value))
				case errors.Is(err, gorm.ErrRecordNotFound):
					r := ContestReport{ContestID: contestID, UnitName: unit, IndicatorID: v.IndicatorID,
						PeriodFrom: p.From.UTC(), PeriodTo: p.To.UTC(), Value: v.Value, ReporterID: c.ActorID, ReportedAt: now}
					if err := tx.Create(&r).Error; err != nil {
						return err
					}
					detail = fmt.Sprintf("%s %s %s %s：%s", ct.Name, PeriodLabel(p), unit, ind.Name, FormatFigure(v.Value))
				default:
					return err
				}
				if err := audit(tx, ct.ChatID, nil, c, kind, detail, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if res.Missing, err = s.missingReports(ctx, ct, unit, p); err != nil || len(res.Missing) > 0 {
			return err
		}
		res.Closed, err = s.closeReportTask(ctx, c, contestID, unit, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("report %q: %w", unit, err)
	}
	return res, nil
}

func indicatorByID(ct *Contest, id uint) *ContestIndicator {
	for i := range ct.Indicators {
		if ct.Indicators[i].ID == id {
			return &ct.Indicators[i]
		}
	}
	return nil
}

// missingReports names the indicators a unit has not reported for p.
func (s *Store) missingReports(ctx context.Context, ct *Contest, unit string, p Period) ([]string, error) {
	var have []uint
	if err := s.conn(ctx).Model(&ContestReport{}).Where("contest_id = ? AND unit_name = ? AND period_from = ?",
		ct.ID, unit, p.From.UTC()).Pluck("indicator_id", &have).Error; err != nil {
		return nil, err
	}
	var missing []string
	for _, ind := range ct.Indicators {
		if !slices.Contains(have, ind.ID) {
			missing = append(missing, ind.Name)
		}
	}
	return missing, nil
}

// closeReportTask closes a unit's open 填报 task of the period, if any:
// submitted and confirmed at once, on time or late by its deadline as any
// task.
func (s *Store) closeReportTask(ctx context.Context, c Change, contestID uint, unit string, p Period) (*Task, error) {
	var rt ContestRoundTask
	err := s.conn(ctx).Joins("JOIN contest_rounds ON contest_rounds.id = contest_round_tasks.round_id").
		Where("contest_rounds.contest_id = ? AND contest_rounds.period_from = ? AND contest_round_tasks.unit_name = ?",
			contestID, p.From.UTC(), unit).Take(&rt).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := s.change(ctx, c, rt.TaskID, working, func(tx *gorm.DB, t *Task, now time.Time) error {
		cols := map[string]any{"status": StatusDone, "submitted_at": now, "done_at": now, "percent": 100, "updated_at": now}
		if err := taskRow(tx, t).Updates(cols).Error; err != nil {
			return err
		}
		if err := audit(tx, t.ChatID, &t.ID, c, EventSubmitted, "各项指标已填报", now); err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, EventDone, "填报齐全，自动办结", now)
	})
	if errors.Is(err, ErrWrongStatus) {
		return nil, nil // closed or cancelled already
	}
	return t, err
}

// ContestRounds returns a contest's rounds whose periods start in
// [from, to), with their tasks.
func (s *Store) ContestRounds(ctx context.Context, contestID uint, from, to time.Time) ([]ContestRound, error) {
	var rs []ContestRound
	err := s.conn(ctx).Preload("Tasks").Where("contest_id = ? AND period_from >= ? AND period_from < ?",
		contestID, from.UTC(), to.UTC()).Order("period_from").Find(&rs).Error
	if err != nil {
		return nil, fmt.Errorf("contest rounds: %w", err)
	}
	return rs, nil
}

// FormatFigure writes a figure as a 台账 does: up to two decimals, without
// trailing zeros, with thousands separators (12,345.6).
func FormatFigure(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// FormatPercent writes a rate (0.853) as a percentage with one decimal
// (85.3%).
func FormatPercent(rate float64) string {
	return strconv.FormatFloat(math.Round(rate*1000)/10, 'f', 1, 64) + "%"
}

// mergeContests makes room for the contests of a chat merged into another
// (see [Store.MigrateChat]): a contest of the same name under the new id
// wins, as units do, and the group's older one goes with its rows.
func mergeContests(tx *gorm.DB, oldChat, freshChat uint) error {
	var ids []uint
	err := tx.Model(&Contest{}).Where("chat_id = ? AND name IN (?)", oldChat,
		tx.Model(&Contest{}).Select("name").Where("chat_id = ?", freshChat)).Pluck("id", &ids).Error
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := deleteContest(tx, id); err != nil {
			return err
		}
	}
	return nil
}

// ContestStandings scores a contest for period p: the units still in the
// group, and any unit that left but reported in p, against the targets of
// p's year, with the year's reports up to p.
func (s *Store) ContestStandings(ctx context.Context, ct *Contest, p Period, flagCount int) (Standings, error) {
	yearStart := time.Date(p.From.Year(), 1, 1, 0, 0, 0, 0, p.From.Location())
	// Summed up by the database, and scanned by hand: a year of a large
	// contest is thousands of reports, and reading them row by row through
	// GORM's reflection costs far more than scoring them.
	rows, err := s.conn(ctx).Model(&ContestReport{}).
		Select("unit_name, indicator_id, SUM(value), COUNT(*), "+
			"SUM(CASE WHEN period_from = ? THEN value ELSE 0 END), "+
			"SUM(CASE WHEN period_from = ? THEN 1 ELSE 0 END)", p.From.UTC(), p.From.UTC()).
		Where("contest_id = ? AND period_from >= ? AND period_from <= ?", ct.ID, yearStart.UTC(), p.From.UTC()).
		Group("unit_name, indicator_id").Rows()
	if err != nil {
		return Standings{}, fmt.Errorf("contest figures: %w", err)
	}
	defer rows.Close()
	figures := map[TargetKey]Figures{}
	reported := map[string]bool{}
	for rows.Next() {
		var k TargetKey
		var f Figures
		var n int
		if err := rows.Scan(&k.Unit, &k.IndicatorID, &f.Sum, &f.N, &f.Current, &n); err != nil {
			return Standings{}, fmt.Errorf("contest figures: %w", err)
		}
		f.Reported = n > 0
		figures[k] = f
		if f.Reported {
			reported[k.Unit] = true
		}
	}
	if err := rows.Err(); err != nil {
		return Standings{}, fmt.Errorf("contest figures: %w", err)
	}
	targets, err := s.ContestTargets(ctx, ct.ID, p.From.Year())
	if err != nil {
		return Standings{}, err
	}
	var have []string
	if err := s.conn(ctx).Model(&Unit{}).Where("chat_id = ?", ct.ChatID).Pluck("name", &have).Error; err != nil {
		return Standings{}, fmt.Errorf("contest units: %w", err)
	}
	var units []string
	for _, u := range ct.UnitNames() {
		if slices.Contains(have, u) || reported[u] {
			units = append(units, u)
		}
	}
	return Score(ScoreInput{Indicators: ct.Indicators, Units: units, Targets: targets, Figures: figures,
		Period: p, FlagCount: flagCount}), nil
}

// LatestReportedPeriod returns the start of the latest period up to p with
// a report of the contest; ok is false when there is none.
func (s *Store) LatestReportedPeriod(ctx context.Context, contestID uint, upTo time.Time) (time.Time, bool, error) {
	var r ContestReport
	err := s.conn(ctx).Select("period_from").Where("contest_id = ? AND period_from <= ?", contestID, upTo.UTC()).
		Order("period_from DESC").Limit(1).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("latest contest report: %w", err)
	}
	return r.PeriodFrom, true, nil
}

// FormatScore writes a contest score with one decimal (92.0).
func FormatScore(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
