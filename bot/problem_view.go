package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// problemState is a problem's status with its lateness: 待答复（答复逾期2天）.
func problemState(p *models.Problem, now time.Time, loc *time.Location) string {
	if !p.Overdue(now) {
		return p.Status.Label()
	}
	return fmt.Sprintf("%s（%s）", p.Status.Label(), overdueWords(p, now, loc))
}

// overdueWords is 答复逾期2天 or 解决逾期5天.
func overdueWords(p *models.Problem, now time.Time, loc *time.Location) string {
	what := "解决"
	if p.Status == models.ProblemAwaitReply {
		what = "答复"
	}
	return fmt.Sprintf("%s逾期%d天", what, p.DaysOverdue(now, loc))
}

// problemOwner is 责任人 and 责任单位 as one line.
func problemOwner(p *models.Problem) string {
	var parts []string
	if p.Owner != nil {
		parts = append(parts, "责任人："+userLink(p.Owner))
	}
	if p.UnitName != "" {
		parts = append(parts, "责任单位："+escape(p.UnitName))
	}
	return strings.Join(parts, "　")
}

// problemHeader is "P3 华鑫科技有限公司：描述…".
func problemHeader(p *models.Problem) string {
	return fmt.Sprintf("<b>%s</b> %s：%s", p.Ref(), escape(p.Enterprise), escape(truncateRunes(p.Description, 80)))
}

// problemCard shows a problem's fields after a change.
func problemCard(p *models.Problem, now time.Time, loc *time.Location) string {
	var s strings.Builder
	s.WriteString(problemHeader(p))
	s.WriteString("\n" + problemOwner(p))
	fmt.Fprintf(&s, "\n状态：%s", problemState(p, now, loc))
	fmt.Fprintf(&s, "\n答复时限：%s", formatTime(p.ReplyDeadline, loc, false))
	if p.AnsweredAt != nil {
		// /solve without a note answers with no text: say what it was.
		answer := escape(p.Answer)
		if answer == "" {
			answer = "报告已解决"
		}
		fmt.Fprintf(&s, "\n答复：%s（%s）", answer, formatTime(*p.AnsweredAt, loc, false))
	}
	if p.SolveDeadline != nil {
		fmt.Fprintf(&s, "\n解决时限：%s", formatTime(*p.SolveDeadline, loc, false))
		if p.Extensions > 0 {
			fmt.Fprintf(&s, "（原定 %s，延长%d次）", formatTime(*p.OriginalSolveDeadline, loc, false), p.Extensions)
		}
	}
	return s.String()
}

// problemLine is one line of a list.
func problemLine(p *models.Problem, now time.Time, loc *time.Location) string {
	line := fmt.Sprintf("%s %s：%s · %s", p.Ref(), escape(p.Enterprise), escape(truncateRunes(p.Description, 30)), problemState(p, now, loc))
	if who := ownerName(p); who != "" {
		line += " · " + escape(who)
	}
	if p.DueAt != nil && !p.Overdue(now) {
		line += " · " + map[bool]string{true: "答复", false: "解决"}[p.Status == models.ProblemAwaitReply] +
			"时限 " + formatTime(*p.DueAt, loc, false)
	}
	if p.Overdue(now) {
		return "🔴 " + line
	}
	return "• " + line
}

// ownerName is the person's name, else the unit's.
func ownerName(p *models.Problem) string {
	if p.Owner != nil {
		return p.Owner.DisplayName()
	}
	return p.UnitName
}

// showProblem is /problem Pn: its fields, history and audit trail.
func (b *Bot) showProblem(ctx context.Context, r *request, p *models.Problem) error {
	h, err := b.store.ProblemTrail(ctx, p.ID)
	if err != nil {
		return err
	}
	var s strings.Builder
	s.WriteString("📋 " + problemCard(p, r.now, r.loc))
	s.WriteString("\n问题：" + escape(p.Description))
	fmt.Fprintf(&s, "\n登记：%s", formatTime(p.CreatedAt, r.loc, false))
	if p.SubmittedAt != nil {
		fmt.Fprintf(&s, "\n报告解决：%s", formatTime(*p.SubmittedAt, r.loc, false))
		if p.SolveNote != "" {
			s.WriteString("（" + escape(p.SolveNote) + "）")
		}
	}
	if p.SolvedAt != nil {
		fmt.Fprintf(&s, "\n确认解决：%s", formatTime(*p.SolvedAt, r.loc, false))
	}
	if p.CancelledAt != nil {
		fmt.Fprintf(&s, "\n撤销：%s，原因：%s", formatTime(*p.CancelledAt, r.loc, false), escape(p.CancelReason))
	}
	for _, x := range h.Extensions {
		fmt.Fprintf(&s, "\n延长申请：%s → %s（%s）%s", formatTime(x.OldDeadline, r.loc, false), formatTime(x.NewDeadline, r.loc, false),
			escape(x.Reason), map[models.ExtensionStatus]string{models.ExtensionPending: "待审批",
				models.ExtensionApproved: "已同意", models.ExtensionRejected: "不同意"}[x.Status])
	}
	s.WriteString("\n\n<b>全过程记录</b>")
	for _, e := range h.Events {
		who := "机器人"
		if e.Actor != nil {
			who = e.Actor.DisplayName()
		}
		fmt.Fprintf(&s, "\n%s %s %s", e.CreatedAt.In(r.loc).Format("01-02 15:04"), escape(who), models.EventLabel(e.Kind))
		if d := eventDetail(e, r.loc); d != "" {
			s.WriteString("：" + d)
		}
	}
	return r.reply(ctx, s.String())
}

// problemFilter is a list's filter as callback data carries it:
// "<view>[u<unit id>][e<enterprise>]".
type problemFilter struct {
	view       models.ProblemView
	unitID     uint
	unit       string
	enterprise string
}

func (f problemFilter) code() string {
	s := string(f.view)
	if s == "" {
		s = "-"
	}
	if f.unitID != 0 {
		s += "u" + strconv.FormatUint(uint64(f.unitID), 10)
	}
	if f.enterprise != "" {
		s += "e" + f.enterprise
	}
	return s
}

// problemViews maps /problems' words to views.
var problemViews = map[string]models.ProblemView{"未答复": models.ProblemsUnanswered, "待答复": models.ProblemsUnanswered,
	"待解决": models.ProblemsUnsolved, "逾期": models.ProblemsOverdue, "已解决": models.ProblemsSolved}

// cmdProblems is /problems [未答复|待解决|逾期|已解决] [单位名] [企业名], or
// /problems 统计 [期间], or /problems 导出.
func (b *Bot) cmdProblems(ctx context.Context, r *request) error {
	words := strings.Fields(r.args)
	if len(words) > 0 && words[0] == "统计" {
		return b.problemStats(ctx, r, words[1:])
	}
	if len(words) > 0 && words[0] == "导出" {
		return b.exportProblems(ctx, r)
	}
	var f problemFilter
	for _, w := range words {
		if v, ok := problemViews[w]; ok {
			f.view = v
			continue
		}
		u, err := b.store.UnitByName(ctx, r.chat.ID, w)
		switch {
		case err == nil && f.unitID == 0:
			f.unitID, f.unit = u.ID, u.Name
		case err != nil && !errors.Is(err, models.ErrNotFound):
			return err
		default:
			f.enterprise = strings.TrimSpace(f.enterprise + " " + w)
		}
	}
	text, kb, err := b.problemList(ctx, r, f, 0)
	if err != nil {
		return err
	}
	_, err = r.replyMarkup(ctx, text, kb)
	return err
}

// pageProblems is ◀ ▶ on a list: "<page>:<filter>".
func (b *Bot) pageProblems(ctx context.Context, r *request, data string) error {
	pageText, code, _ := strings.Cut(data, ":")
	page, err := strconv.Atoi(pageText)
	if err != nil || page < 0 || code == "" {
		return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	var f problemFilter
	if code[0] != '-' {
		f.view = models.ProblemView(code[:1])
	}
	code = code[1:]
	if strings.HasPrefix(code, "u") {
		end := 1
		for end < len(code) && code[end] >= '0' && code[end] <= '9' {
			end++
		}
		id, _ := strconv.ParseUint(code[1:end], 10, 32)
		u, err := b.store.UnitByID(ctx, r.chat.ID, uint(id))
		if err != nil {
			return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
		}
		f.unitID, f.unit, code = u.ID, u.Name, code[end:]
	}
	f.enterprise = strings.TrimPrefix(code, "e")
	text, kb, err := b.problemList(ctx, r, f, page)
	if err != nil {
		return err
	}
	r.toast(ctx, "")
	return r.editPressed(ctx, text, kb)
}

// problemPageSize is how many problems a page lists.
const problemPageSize = 10

// problemList renders one page of a list with its ◀ ▶ buttons.
func (b *Bot) problemList(ctx context.Context, r *request, f problemFilter, page int) (string, *tgmodels.InlineKeyboardMarkup, error) {
	res, err := b.store.Problems(ctx, models.ProblemFilter{ChatID: r.chat.ID, View: f.view, Unit: f.unit,
		Enterprise: f.enterprise, Now: r.now, Page: page, PageSize: problemPageSize})
	if err != nil {
		return "", nil, err
	}
	title := map[models.ProblemView]string{models.ProblemsOpen: "未办结问题", models.ProblemsUnanswered: "未答复问题",
		models.ProblemsUnsolved: "待解决问题", models.ProblemsOverdue: "逾期问题", models.ProblemsSolved: "已解决问题"}[f.view]
	var s strings.Builder
	fmt.Fprintf(&s, "📋 <b>问题清单 · %s</b>", title)
	if f.unit != "" {
		s.WriteString(" · " + escape(f.unit))
	}
	if f.enterprise != "" {
		s.WriteString(" · " + escape(f.enterprise))
	}
	fmt.Fprintf(&s, "（共 %d 个）", res.Total)
	if res.Total == 0 {
		s.WriteString("\n暂无。")
	}
	for i := range res.Problems {
		s.WriteString("\n" + problemLine(&res.Problems[i], r.now, r.loc))
	}
	pages := (res.Total + problemPageSize - 1) / problemPageSize
	if pages <= 1 {
		return s.String(), nil, nil
	}
	fmt.Fprintf(&s, "\n第 %d/%d 页", page+1, pages)
	code := f.code()
	data := func(p int) string {
		d := actProblemsPage + ":" + strconv.Itoa(p) + ":" + code
		if len(d) > maxCallbackData { // a long enterprise name: a shorter part of it still matches
			d = truncateBytes(d, maxCallbackData)
		}
		return d
	}
	var row []tgmodels.InlineKeyboardButton
	if page > 0 {
		row = append(row, tgmodels.InlineKeyboardButton{Text: "◀", CallbackData: data(page - 1)})
	}
	if page+1 < pages {
		row = append(row, tgmodels.InlineKeyboardButton{Text: "▶", CallbackData: data(page + 1)})
	}
	return s.String(), &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{row}}, nil
}

// truncateBytes cuts s to at most n bytes, between runes.
func truncateBytes(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:min(n, len(s))]
}

// myProblems is the part of /my that lists the user's open problems;
// empty when there are none.
func (b *Bot) myProblems(ctx context.Context, r *request, chatID uint) (string, error) {
	groups, err := b.store.ProblemsOf(ctx, r.user.ID, chatID)
	if err != nil || len(groups) == 0 {
		return "", err
	}
	var s strings.Builder
	total := 0
	for _, g := range groups {
		total += len(g.Problems)
	}
	fmt.Fprintf(&s, "\n\n📋 我负责的未办结问题（共 %d 个）", total)
	for _, g := range groups {
		if !r.chat.IsGroup() {
			fmt.Fprintf(&s, "\n<b>%s</b>", escape(g.Chat.Title))
		}
		for i := range g.Problems {
			s.WriteString("\n" + problemLine(&g.Problems[i], r.now, g.Chat.Location()))
		}
	}
	return s.String(), nil
}

// showReplyDays is the /settings line of the 答复时限.
func showReplyDays(c *models.Chat, _ models.Settings) string {
	return fmt.Sprintf("登记后 %d 个工作日内（18:00 前）答复企业", replyDays(c))
}

// parseReplyDays reads /settings 答复时限 N (working days, 1 to 30).
func parseReplyDays(set *models.Settings, _ *string, value string) string {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(value), "天"))
	if err != nil || n < 1 || n > 30 {
		return "「答复时限」写工作日数，1 到 30，例如：/settings 答复时限 3。"
	}
	set.ProblemReplyDays = n
	return ""
}

func init() {
	// The fields /edit Pn changes, as the trail names them.
	for k, v := range map[string]string{"enterprise": "企业", "description": "问题", "owner": "责任人", "problem_unit": "责任单位"} {
		editFieldNames[k] = v
	}
}
