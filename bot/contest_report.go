package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// contestSchedule is a contest's reporting rule; a contest without one reports
// monthly, so that figures and standings have a period all the same.
func contestSchedule(ct *models.Contest) models.Schedule {
	if sc, err := models.ParseSchedule(ct.Schedule); err == nil {
		return sc
	}
	return models.Schedule{Kind: models.Month, Day: 5}
}

// reportDue is when a period's report is due: the reporting day at 18:00,
// moved back to the working day before when it is a day off on the group's
// calendar.
func (b *Bot) reportDue(ctx context.Context, chat *models.Chat, sc models.Schedule, p models.Period) time.Time {
	day := sc.ReportDay(models.Period{Kind: p.Kind, From: p.From.In(chat.Location()), To: p.To.In(chat.Location())})
	cal, err := b.chatCalendar(ctx, chat)
	if err != nil {
		b.log.Warn("group calendar; the national one is used", "err", err.Error())
		cal = b.cal
	}
	reportDay := day
	for i := 0; i < 31 && !cal.IsWorkday(day); i++ {
		day = day.AddDate(0, 0, -1)
	}
	if day.Before(p.To) || !cal.IsWorkday(day) {
		// Moved back into the period itself (a day off on the 1st): the
		// report cannot be due before the period ends, so the next working
		// day it is.
		next := cal.AddWorkdays(reportDay, 1)
		day = time.Date(next.Year(), next.Month(), next.Day(), 18, 0, 0, 0, reportDay.Location())
	}
	return day
}

// cmdReport is /report 名称 指标名 数值 [指标名 数值…] [单位：单位名] (填报):
// a unit's figures for the open reporting period. The unit is the
// member's own; leaders may report for any unit.
func (b *Bot) cmdReport(ctx context.Context, r *request) error {
	words := strings.Fields(r.args)
	unit, named := "", false
	var rest []string
	for i := 0; i < len(words); i++ {
		w, prefix := words[i], ""
		for _, p := range []string{"单位：", "单位:"} {
			if strings.HasPrefix(w, p) {
				prefix = p
			}
		}
		if prefix == "" {
			rest = append(rest, w)
			continue
		}
		unit, named = strings.TrimPrefix(w, prefix), true
		if unit == "" && i+1 < len(words) {
			i++
			unit = words[i]
		}
	}
	if len(rest) < 3 || len(rest)%2 != 1 {
		return r.fail(ctx, "用法：/report 擂台赛名称 指标名 数值 [指标名 数值…] [单位：单位名]，例如：/report 项目建设擂台赛 固定资产投资 8.6 新开工项目 12",
			"Usage: /report CONTEST INDICATOR VALUE [INDICATOR VALUE…] [单位：UNIT]")
	}
	if !r.chat.IsGroup() {
		if err := r.reportGroup(ctx, rest[0], named); err != nil {
			return err
		}
	}
	ct, err := r.contest(ctx, rest[0])
	if err != nil {
		return err
	}
	own, err := b.store.UnitOf(ctx, r.chat.ID, r.user.ID)
	if err != nil {
		return err
	}
	switch {
	case !named && (own == "" || !ct.HasUnit(own)):
		return r.fail(ctx, fmt.Sprintf("你不属于擂台赛「%s」的参赛单位，无法为本单位填报。领导可加 单位：单位名 代为填报。", ct.Name),
			"You belong to no unit of this contest. Leaders may add 单位：UNIT.")
	case named && unit != own:
		if err := r.requireLeader(ctx, "为其他单位填报", "report for another unit"); err != nil {
			return err
		}
	}
	if !named {
		unit = own
	}
	if !ct.HasUnit(unit) {
		return r.fail(ctx, fmt.Sprintf("「%s」不是擂台赛「%s」的参赛单位。参赛单位：%s", unit, ct.Name, strings.Join(ct.UnitNames(), "、")),
			fmt.Sprintf("%q does not take part.", unit))
	}
	var values []models.ReportValue
	inds := map[uint]*models.ContestIndicator{}
	for i := 1; i < len(rest); i += 2 {
		ind, err := r.indicator(ctx, ct, rest[i])
		if err != nil {
			return err
		}
		if inds[ind.ID] != nil {
			return r.fail(ctx, fmt.Sprintf("指标「%s」写了两次，请只写一次。", ind.Name), fmt.Sprintf("%q is given twice.", ind.Name))
		}
		v, err := r.figure(ctx, rest[i+1])
		if err != nil {
			return err
		}
		inds[ind.ID] = ind
		values = append(values, models.ReportValue{IndicatorID: ind.ID, Value: v})
	}
	p := contestSchedule(ct).OpenPeriod(r.localNow())
	res, err := b.store.Report(ctx, r.change(), ct.ID, unit, p, values)
	if err != nil {
		return err
	}
	return r.reply(ctx, reportAnswer(ct, unit, p, values, inds, res))
}

// reportAnswer confirms a report: each figure, a correction with the
// figure it replaced, and what the unit has still to report, or that its
// 填报 task is closed.
func reportAnswer(ct *models.Contest, unit string, p models.Period, values []models.ReportValue,
	inds map[uint]*models.ContestIndicator, res *models.ReportResult) string {
	var s strings.Builder
	fmt.Fprintf(&s, "✅ <b>%s</b> 已填报「%s」%s：", escape(unit), escape(ct.Name), models.PeriodLabel(p))
	for _, v := range values {
		ind := inds[v.IndicatorID]
		fmt.Fprintf(&s, "\n· %s %s", escape(ind.Name), escape(figure(v.Value, ind.Measure)))
		if old, ok := res.Corrected[v.IndicatorID]; ok {
			fmt.Fprintf(&s, "（更正，原为%s）", escape(figure(old, ind.Measure)))
		}
	}
	switch {
	case len(res.Missing) > 0:
		fmt.Fprintf(&s, "\n还需填报：%s。", escape(strings.Join(res.Missing, "、")))
	case res.Closed != nil:
		fmt.Fprintf(&s, "\n各项指标已填报齐全，填报任务 #%d 已办结。", res.Closed.Number)
	default:
		s.WriteString("\n各项指标已填报齐全。")
	}
	return s.String()
}

// notifyContestRound opens a reporting period when the dispatcher says it
// is time: the 填报 tasks are created (once, however often this runs) and
// the group is told who reports what, by when.
func (b *Bot) notifyContestRound(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	var contestID uint
	for _, r := range n.Reminders {
		if r.ContestID != nil {
			contestID = *r.ContestID
		}
	}
	ct, err := b.store.ContestByID(ctx, contestID)
	if errors.Is(err, models.ErrNotFound) {
		return 0, nil // removed meanwhile
	}
	if err != nil {
		return 0, err
	}
	sc := contestSchedule(ct)
	loc := chat.Location()
	p := sc.OpenPeriod(n.Reminders[0].At.In(loc))
	due := b.reportDue(ctx, chat, sc, p)
	round, created, err := b.store.OpenRound(ctx, ct.ID, p, due)
	if err != nil {
		return 0, err
	}
	if !created {
		return 0, nil
	}
	idle, err := b.unitsWithoutMembers(ctx, chat, ct, round)
	if err != nil {
		return 0, err
	}
	if len(round.Tasks) == 0 && len(idle) == 0 {
		return 0, nil
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📝 <b>【填报】%s %s</b>\n请各参赛单位于%s前填报：", escape(ct.Name), round.Label, formatTime(due, loc, false))
	for _, ind := range ct.Indicators {
		fmt.Fprintf(&s, "%s（%s）、", escape(ind.Name), escape(measureOrCount(ind)))
	}
	text := strings.TrimSuffix(s.String(), "、")
	s.Reset()
	s.WriteString(text)
	for _, rt := range round.Tasks {
		t, err := b.store.TaskByID(ctx, rt.TaskID)
		if err != nil {
			return 0, err
		}
		fmt.Fprintf(&s, "\n#%d %s：%s", t.Number, escape(rt.UnitName), people(t.Assignees))
	}
	if len(idle) > 0 {
		fmt.Fprintf(&s, "\n⚠️ %s没有成员，未建填报任务：领导可用 /unit add 单位名 @成员 添加成员，或加「单位：单位名」代为填报。",
			escape(strings.Join(idle, "、")))
	}
	fmt.Fprintf(&s, "\n\n填报：/report %s 指标名 数值 …，各项填齐后填报任务自动办结。", escape(ct.Name))
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, text: s.String(), class: outbox.Automatic})
	if err != nil {
		return 0, err
	}
	return msg.ID, nil
}

func measureOrCount(ind models.ContestIndicator) string {
	kind := "累计"
	if ind.PerPeriod {
		kind = "当期"
	}
	if ind.Measure == "" {
		return kind
	}
	return ind.Measure + "，" + kind
}

// unitsWithoutMembers are the contest's units still in the group that got
// no 填报 task in round, having nobody to assign it to.
func (b *Bot) unitsWithoutMembers(ctx context.Context, chat *models.Chat, ct *models.Contest, round *models.ContestRound) ([]string, error) {
	units, err := b.store.Units(ctx, chat.ID)
	if err != nil {
		return nil, err
	}
	inGroup := map[string]bool{}
	for _, u := range units {
		inGroup[u.Name] = true
	}
	withTask := map[string]bool{}
	for _, rt := range round.Tasks {
		withTask[rt.UnitName] = true
	}
	var idle []string
	for _, u := range ct.UnitNames() {
		if inGroup[u] && !withTask[u] {
			idle = append(idle, u)
		}
	}
	return idle, nil
}

// refuseReportTask stops /done and 提交办结 on a 填报 task: it closes when
// the unit's figures are in, so the refusal says how to report them.
func (r *request) refuseReportTask(ctx context.Context, t *models.Task) error {
	ct, err := r.b.store.ContestOfReportTask(ctx, t.ID)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	example := ct.Name + " 指标名 数值"
	if len(ct.Indicators) > 0 {
		example = ct.Name + " " + ct.Indicators[0].Name + " 数值"
	}
	return r.fail(ctx, fmt.Sprintf("#%d 是擂台赛填报任务，填报齐全各项指标后自动办结，不能用 /done 提交。请用 /report %s 填报。", t.Number, example),
		fmt.Sprintf("#%d is a contest reporting task: it closes once every figure is reported, not by /done. Use /report %s.", t.Number, example))
}

// reportGroup makes a /report sent in private act in the one group where
// the user reports for the contest so named: where their unit takes part
// in it (or, with 单位：, where it exists). With none or several, the
// user is asked to report in the group.
func (r *request) reportGroup(ctx context.Context, name string, named bool) error {
	groups, err := r.b.store.GroupsOfUser(ctx, r.user.ID)
	if err != nil {
		return err
	}
	var found []*models.Chat
	for i := range groups {
		ct, err := r.b.store.ContestByName(ctx, groups[i].ID, name)
		if errors.Is(err, models.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		own, err := r.b.store.UnitOf(ctx, groups[i].ID, r.user.ID)
		if err != nil {
			return err
		}
		if named || ct.HasUnit(own) {
			found = append(found, &groups[i])
		}
	}
	switch len(found) {
	case 0:
		return r.fail(ctx, fmt.Sprintf("您所在单位没有参加名为「%s」的擂台赛。请在擂台赛所在的群内填报。", name),
			fmt.Sprintf("Your unit takes part in no contest %q. Please report in the contest's group.", name))
	case 1:
		r.actIn(found[0])
		return nil
	}
	titles := make([]string, len(found))
	for i, c := range found {
		titles[i] = c.Title
	}
	return r.fail(ctx, fmt.Sprintf("您在 %d 个群都参加擂台赛「%s」（%s），请在要填报的群内发送 /report。", len(found), name, strings.Join(titles, "、")),
		fmt.Sprintf("You take part in contest %q in %d groups (%s): please send /report in the group.", name, len(found), strings.Join(titles, ", ")))
}
