package bot

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	tgmodels "github.com/go-telegram/bot/models"
	"golang.org/x/text/width"

	"github.com/duban-bot/duban/models"
)

const contestUsage = "用法：/contest 列出擂台赛；/contest add 名称 [单位…]；/contest remove 名称；" +
	"/contest 名称（成绩单）；/contest 名称 指标 指标名 计量单位 权重N [累计|当期] [越低越好]；" +
	"/contest 名称 目标 单位名 指标名 数值；/contest 名称 任务书；/contest 名称 填报 每月5日；" +
	"/contest 名称 趋势；/contest 名称 导出"

// cmdContest is /contest (擂台赛): the group's contests, and everything
// about one of them.
func (b *Bot) cmdContest(ctx context.Context, r *request) error {
	words := strings.Fields(r.args)
	if len(words) == 0 {
		return b.listContests(ctx, r)
	}
	switch strings.ToLower(words[0]) {
	case "add", "添加", "新建":
		return b.addContest(ctx, r, words[1:])
	case "remove", "删除":
		return b.askRemoveContest(ctx, r, words[1:])
	case "list", "列表":
		return b.listContests(ctx, r)
	}
	ct, err := r.contest(ctx, words[0])
	if err != nil {
		return err
	}
	if len(words) == 1 {
		return b.showStandings(ctx, r, ct)
	}
	rest := words[2:]
	switch words[1] {
	case "指标":
		return b.setIndicator(ctx, r, ct, rest)
	case "目标":
		return b.setTarget(ctx, r, ct, rest)
	case "任务书":
		if f := documentOf(r.msg); f != nil {
			return b.importTaskBook(ctx, r, ct, f)
		}
		return b.showTargets(ctx, r, ct)
	case "填报":
		return b.setSchedule(ctx, r, ct, rest)
	case "趋势":
		return b.contestTrend(ctx, r, ct)
	case "导出":
		return b.exportContest(ctx, r, ct)
	case "成绩单", "排名":
		return b.showStandings(ctx, r, ct)
	}
	return r.fail(ctx, contestUsage, "Usage: /contest [add|remove] NAME …")
}

// contest finds a contest of the group by name, or refuses naming those
// there are.
func (r *request) contest(ctx context.Context, name string) (*models.Contest, error) {
	ct, err := r.b.store.ContestByName(ctx, r.chat.ID, name)
	if errors.Is(err, models.ErrNotFound) {
		names, lerr := r.contestNames(ctx)
		if lerr != nil {
			return nil, lerr
		}
		if names == "" {
			return nil, r.fail(ctx, fmt.Sprintf("本群没有名为「%s」的擂台赛。领导可用 /contest add 名称 创建。", name),
				fmt.Sprintf("There is no contest %q here.", name))
		}
		return nil, r.fail(ctx, fmt.Sprintf("本群没有名为「%s」的擂台赛。现有：%s", name, names),
			fmt.Sprintf("There is no contest %q here. There are: %s", name, names))
	}
	return ct, err
}

func (r *request) contestNames(ctx context.Context) (string, error) {
	cs, err := r.b.store.Contests(ctx, r.chat.ID)
	if err != nil {
		return "", err
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, "、"), nil
}

func (b *Bot) listContests(ctx context.Context, r *request) error {
	cs, err := b.store.Contests(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		return r.reply(ctx, escape(r.say("本群还没有擂台赛。领导可用 /contest add 项目建设擂台赛 创建（默认全部单位参赛）。",
			"No contests here yet. Leaders create one with /contest add NAME (all units take part by default).")))
	}
	var s strings.Builder
	s.WriteString("🏟 <b>本群擂台赛</b>")
	for _, c := range cs {
		fmt.Fprintf(&s, "\n\n<b>%s</b>：%d个单位", escape(c.Name), len(c.Units))
		if c.Schedule != "" {
			fmt.Fprintf(&s, "，%s填报", escape(c.Schedule))
		} else {
			s.WriteString("，未设填报周期")
		}
		for _, ind := range c.Indicators {
			s.WriteString("\n· " + escape(models.IndicatorSummary(&ind)))
		}
		if len(c.Indicators) == 0 {
			s.WriteString("\n· 还没有指标")
		}
	}
	s.WriteString("\n\n查看成绩单：/contest 名称")
	return r.reply(ctx, s.String())
}

func (b *Bot) addContest(ctx context.Context, r *request, words []string) error {
	if err := r.requireLeader(ctx, "创建擂台赛", "create contests"); err != nil {
		return err
	}
	if len(words) == 0 {
		return r.fail(ctx, "用法：/contest add 名称 [单位…]，例如：/contest add 项目建设擂台赛（默认本群全部单位）",
			"Usage: /contest add NAME [UNIT…]")
	}
	name, units := words[0], words[1:]
	if reserved[name] {
		return r.fail(ctx, fmt.Sprintf("「%s」是命令用词，请换一个擂台赛名称。", name), fmt.Sprintf("%q is a command word; choose another name.", name))
	}
	have, err := b.store.Units(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(have) == 0 {
		return r.fail(ctx, "本群还没有单位。请先用 /unit add 单位名称 @成员 添加参赛单位。", "The group has no units yet: /unit add first.")
	}
	// Units may be listed as the bot lists them: 投资促进局、住建局.
	var listed []string
	for _, u := range units {
		if hasUnit(have, u) {
			listed = append(listed, u)
			continue
		}
		listed = append(listed, strings.FieldsFunc(u, func(c rune) bool { return strings.ContainsRune("、，,", c) })...)
	}
	units = listed
	for _, u := range units {
		if !hasUnit(have, u) {
			return r.fail(ctx, fmt.Sprintf("本群没有单位「%s」。现有单位：%s", u, unitNames(have)),
				fmt.Sprintf("There is no unit %q. Units: %s", u, unitNames(have)))
		}
	}
	ct, err := b.store.CreateContest(ctx, r.change(), r.chat.ID, name, units)
	switch {
	case errors.Is(err, models.ErrExists):
		return r.fail(ctx, fmt.Sprintf("擂台赛「%s」已存在。", name), fmt.Sprintf("Contest %q exists already.", name))
	case errors.Is(err, models.ErrInvalid):
		return r.fail(ctx, fmt.Sprintf("擂台赛名称最多%d个字。", models.MaxContestNameRunes),
			fmt.Sprintf("A contest's name has at most %d characters.", models.MaxContestNameRunes))
	case err != nil:
		return err
	}
	return r.reply(ctx, fmt.Sprintf("🏟 已创建擂台赛「%s」，参赛单位：%s。\n下一步：/contest %s 指标 固定资产投资 亿元 权重40 累计",
		escape(ct.Name), escape(strings.Join(ct.UnitNames(), "、")), escape(ct.Name)))
}

// reserved are the words /contest reads as verbs, which no contest may be
// called.
var reserved = map[string]bool{"add": true, "remove": true, "list": true, "添加": true, "新建": true, "删除": true, "列表": true}

func hasUnit(units []models.UnitWithMembers, name string) bool {
	for _, u := range units {
		if u.Name == name {
			return true
		}
	}
	return false
}

func unitNames(units []models.UnitWithMembers) string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return strings.Join(names, "、")
}

// askRemoveContest asks a leader to confirm the removal with buttons.
func (b *Bot) askRemoveContest(ctx context.Context, r *request, words []string) error {
	if err := r.requireLeader(ctx, "删除擂台赛", "remove contests"); err != nil {
		return err
	}
	if len(words) != 1 {
		return r.fail(ctx, "用法：/contest remove 名称", "Usage: /contest remove NAME")
	}
	ct, err := r.contest(ctx, words[0])
	if err != nil {
		return err
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "确认删除", CallbackData: callbackData(actContestRemove, ct.ID)},
		{Text: "取消", CallbackData: callbackData(actContestKeep, ct.ID)},
	}}}
	_, err = r.replyMarkup(ctx, fmt.Sprintf("⚠️ 确定删除擂台赛「%s」吗？它的指标、任务书和填报数据将一并删除（已建的填报任务保留）。",
		escape(ct.Name)), kb)
	return err
}

// decideRemoveContest handles 确认删除 and 取消 under that question.
func (b *Bot) decideRemoveContest(ctx context.Context, r *request, contestID uint, remove bool) error {
	if err := r.requireLeader(ctx, "删除擂台赛", "remove contests"); err != nil {
		return err
	}
	ct, err := b.store.ContestByID(ctx, contestID)
	if errors.Is(err, models.ErrNotFound) || err == nil && ct.ChatID != r.chat.ID {
		return r.alert(ctx, r.say("这个擂台赛已不存在。", "That contest no longer exists."))
	}
	if err != nil {
		return err
	}
	if !remove {
		r.toast(ctx, r.say("已取消", "Cancelled"))
		return r.editPressed(ctx, fmt.Sprintf("已取消，擂台赛「%s」保留。", escape(ct.Name)), nil)
	}
	if err := b.store.RemoveContest(ctx, r.change(), ct.ID); err != nil {
		return err
	}
	r.toast(ctx, r.say("已删除", "Removed"))
	return r.editPressed(ctx, fmt.Sprintf("🗑 已删除擂台赛「%s」（%s）。", escape(ct.Name), userLink(r.user)), nil)
}

// setIndicator is /contest 名称 指标 指标名 计量单位 权重N [累计|当期] [越低越好].
func (b *Bot) setIndicator(ctx context.Context, r *request, ct *models.Contest, words []string) error {
	if err := r.requireLeader(ctx, "设置擂台赛指标", "set indicators"); err != nil {
		return err
	}
	usage := func() error {
		return r.fail(ctx, fmt.Sprintf("用法：/contest %s 指标 指标名 计量单位 权重N [累计|当期] [越低越好]，例如：/contest %s 指标 固定资产投资 亿元 权重40 累计",
			ct.Name, ct.Name), "Usage: /contest NAME 指标 INDICATOR MEASURE 权重N [累计|当期] [越低越好]")
	}
	if len(words) < 2 {
		return usage()
	}
	ind := models.ContestIndicator{Name: words[0]}
	for _, w := range words[1:] {
		switch {
		case w == "累计":
			ind.PerPeriod = false
		case w == "当期":
			ind.PerPeriod = true
		case w == "越低越好":
			ind.LowerBetter = true
		case w == "越高越好":
			ind.LowerBetter = false
		case strings.HasPrefix(w, "权重"):
			v, err := strconv.ParseFloat(width.Narrow.String(strings.TrimPrefix(w, "权重")), 64)
			if err != nil || v <= 0 || v > 1000 || math.IsNaN(v) {
				return r.fail(ctx, "权重要写成「权重」加一个正数（不超过1000），例如 权重40。", "Write the weight as 权重40 (a positive number).")
			}
			ind.Weight = v
		case ind.Measure == "":
			ind.Measure = w
		default:
			return usage()
		}
	}
	if ind.Weight == 0 {
		return r.fail(ctx, "请写上权重，例如 权重40。权重是相对的，显示时按总和折算。", "Give a weight, e.g. 权重40.")
	}
	created, err := b.store.SetIndicator(ctx, r.change(), ct.ID, ind)
	if errors.Is(err, models.ErrInvalid) {
		return r.fail(ctx, fmt.Sprintf("指标名最多%d个字、计量单位最多%d个字，每个擂台赛最多%d个指标。",
			models.MaxIndicatorRunes, models.MaxMeasureRunes, models.MaxIndicators), "Indicator name, measure or count too long.")
	}
	if err != nil {
		return err
	}
	verb := "已修改指标"
	if created {
		verb = "已添加指标"
	}
	return r.reply(ctx, fmt.Sprintf("📏 擂台赛「%s」%s：%s", escape(ct.Name), verb, escape(models.IndicatorSummary(&ind))))
}

// setTarget is /contest 名称 目标 单位名 指标名 数值: one annual target of
// this year.
func (b *Bot) setTarget(ctx context.Context, r *request, ct *models.Contest, words []string) error {
	if err := r.requireLeader(ctx, "下达任务书", "set targets"); err != nil {
		return err
	}
	if len(words) != 3 {
		return r.fail(ctx, fmt.Sprintf("用法：/contest %s 目标 单位名 指标名 数值，例如：/contest %s 目标 投资促进局 固定资产投资 120",
			ct.Name, ct.Name), "Usage: /contest NAME 目标 UNIT INDICATOR VALUE")
	}
	unit, indName := words[0], words[1]
	if !ct.HasUnit(unit) {
		return r.fail(ctx, fmt.Sprintf("「%s」不是擂台赛「%s」的参赛单位。参赛单位：%s", unit, ct.Name, strings.Join(ct.UnitNames(), "、")),
			fmt.Sprintf("%q does not take part.", unit))
	}
	ind, err := r.indicator(ctx, ct, indName)
	if err != nil {
		return err
	}
	v, err := r.figure(ctx, words[2])
	if err != nil {
		return err
	}
	year := r.localNow().Year()
	if err := b.store.SetTargets(ctx, r.change(), ct.ID, year, []models.TargetValue{{Unit: unit, IndicatorID: ind.ID, Value: v}}); err != nil {
		return err
	}
	return r.reply(ctx, fmt.Sprintf("🎯 %d年任务书：%s %s 年度目标 %s", year, escape(unit), escape(ind.Name), escape(figure(v, ind.Measure))))
}

// indicator finds a contest's indicator, or refuses naming them.
func (r *request) indicator(ctx context.Context, ct *models.Contest, name string) (*models.ContestIndicator, error) {
	if ind := ct.Indicator(name); ind != nil {
		return ind, nil
	}
	if len(ct.Indicators) == 0 {
		return nil, r.fail(ctx, fmt.Sprintf("擂台赛「%s」还没有指标。领导可用 /contest %s 指标 指标名 计量单位 权重N 添加。", ct.Name, ct.Name),
			"The contest has no indicators yet.")
	}
	names := make([]string, len(ct.Indicators))
	for i, ind := range ct.Indicators {
		names[i] = ind.Name
	}
	return nil, r.fail(ctx, fmt.Sprintf("擂台赛「%s」没有指标「%s」。指标有：%s", ct.Name, name, strings.Join(names, "、")),
		fmt.Sprintf("No indicator %q. Indicators: %s", name, strings.Join(names, ", ")))
}

// figure reads a figure people write: 8.6, 1,200, 12个 is refused.
func (r *request) figure(ctx context.Context, s string) (float64, error) {
	v, ok := parseFigure(s)
	if !ok && v > models.MaxReportValue {
		return 0, r.fail(ctx, fmt.Sprintf("「%s」过大：数值不能超过1万亿（%s）。请检查计量单位，例如以亿元计。", s, models.FormatFigure(models.MaxReportValue)),
			fmt.Sprintf("%q is too large: figures go up to %s. Check the unit of measure.", s, models.FormatFigure(models.MaxReportValue)))
	}
	if !ok {
		return 0, r.fail(ctx, fmt.Sprintf("「%s」不是有效数值：请填写不小于0的数字，例如 8.6。", s),
			fmt.Sprintf("%q is no valid figure: write a number of at least 0, e.g. 8.6.", s))
	}
	return v, nil
}

// parseFigure reads a number ≥ 0 (thousands separators allowed). A number
// refused for being too large comes back with ok false and its value, so
// that the refusal can say why.
func parseFigure(s string) (float64, bool) {
	// Full-width digits and signs, as a Chinese input method types them, are
	// read as their ASCII forms (the 任务书's cells are too).
	v, err := strconv.ParseFloat(strings.ReplaceAll(width.Narrow.String(s), ",", ""), 64)
	if err == nil && !math.IsInf(v, 0) && v > models.MaxReportValue {
		return v, false
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, false
	}
	return v, true
}

// figure writes a figure with its 计量单位 after it: 8.6亿元.
func figure(v float64, measure string) string { return models.FormatFigure(v) + measure }

// showTargets answers /contest 名称 任务书 with this year's targets as a
// table: a line per unit, a column per indicator.
func (b *Bot) showTargets(ctx context.Context, r *request, ct *models.Contest) error {
	year := r.localNow().Year()
	targets, err := b.store.ContestTargets(ctx, ct.ID, year)
	if err != nil {
		return err
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📋 <b>%s · %d年任务书</b>", escape(ct.Name), year)
	if len(ct.Indicators) == 0 {
		s.WriteString("\n还没有指标。")
		return r.reply(ctx, s.String())
	}
	head := []string{"单位"}
	for _, ind := range ct.Indicators {
		h := ind.Name
		if ind.Measure != "" {
			h += "（" + ind.Measure + "）"
		}
		head = append(head, h)
	}
	rows := [][]string{head}
	for _, u := range ct.UnitNames() {
		row := []string{u}
		for _, ind := range ct.Indicators {
			if v, ok := targets[models.TargetKey{Unit: u, IndicatorID: ind.ID}]; ok {
				row = append(row, models.FormatFigure(v))
			} else {
				row = append(row, "—")
			}
		}
		rows = append(rows, row)
	}
	// A <pre> block cut by splitMessage would be refused by Telegram, so a
	// table too long for one message goes as several, each a whole block
	// under the header row.
	blocks := preBlocks(escape(textTable(rows)), maxMessage-visibleLen(s.String())-200)
	for i, block := range blocks {
		if i > 0 {
			s.Reset()
		} else {
			s.WriteString("\n")
		}
		s.WriteString(block)
		if i == len(blocks)-1 && len(targets) == 0 {
			fmt.Fprintf(&s, "\n还没有目标。领导可用 /contest %s 目标 单位名 指标名 数值，或发送 Excel 文件并附言 /contest %s 任务书。",
				escape(ct.Name), escape(ct.Name))
		}
		if err := r.reply(ctx, s.String()); err != nil {
			return err
		}
	}
	return nil
}

// preBlocks wraps the lines of an escaped table in <pre> blocks that each
// show at most limit characters, the first line (the header row) heading
// every block.
func preBlocks(table string, limit int) []string {
	lines := strings.Split(table, "\n")
	head := lines[0]
	var blocks []string
	cur, n := head, visibleLen(head)
	for _, line := range lines[1:] {
		if w := visibleLen(line) + 1; n+w > limit && cur != head {
			blocks = append(blocks, "<pre>"+cur+"</pre>")
			cur, n = head, visibleLen(head)
		}
		cur += "\n" + line
		n += visibleLen(line) + 1
	}
	return append(blocks, "<pre>"+cur+"</pre>")
}

// textTable lays rows out in columns for a <pre> block, counting a CJK
// character as two columns.
func textTable(rows [][]string) string {
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var s strings.Builder
	for n, row := range rows {
		if n > 0 {
			s.WriteByte('\n')
		}
		for i, c := range row {
			if i > 0 {
				s.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i == 0 {
				s.WriteString(c + pad)
			} else {
				s.WriteString(pad + c) // figures align right
			}
		}
	}
	return s.String()
}

func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// setSchedule is /contest 名称 填报 每月5日.
func (b *Bot) setSchedule(ctx context.Context, r *request, ct *models.Contest, words []string) error {
	if err := r.requireLeader(ctx, "设置填报周期", "set the reporting schedule"); err != nil {
		return err
	}
	sc, err := models.ParseSchedule(strings.Join(words, ""))
	if err != nil {
		return r.fail(ctx, fmt.Sprintf("用法：/contest %s 填报 每月5日（也可：每季度首月10日、每周一；日期为1至28日）", ct.Name),
			"Usage: /contest NAME 填报 每月5日 | 每季度首月10日 | 每周一")
	}
	if err := b.store.SetContestSchedule(ctx, r.change(), ct.ID, sc, r.loc); err != nil {
		return err
	}
	p, opens := sc.OpensAt(r.localNow())
	due := b.reportDue(ctx, r.chat, sc, p)
	return r.reply(ctx, fmt.Sprintf("🗓 擂台赛「%s」%s填报。%s的填报任务将于%s发给各单位，截止%s。",
		escape(ct.Name), sc.String(), models.PeriodLabel(p), opens.Format("1月2日 15:04"), formatTime(due, r.loc, false)))
}
