package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

// 问题清单: the commands of enterprises' problems (/problem, /answer, /solve,
// /problems) and the Pn branches of the task commands that take them.

// promptProblem asks for a missing part of /problem; promptProblemReturn
// for the reason of 退回.
const (
	promptProblem       = "problem"
	promptProblemReturn = "problem_return"
)

// problemDraft is a problem being put together from /problem and the
// answers to the bot's questions.
type problemDraft struct {
	Enterprise  string    `json:"ent,omitempty"`
	Description string    `json:"desc,omitempty"`
	Unit        string    `json:"unit,omitempty"`
	OwnerID     uint      `json:"owner,omitempty"`
	Reply       time.Time `json:"reply,omitempty"`
	Phrase      string    `json:"phrase,omitempty"`
	Thread      int       `json:"thread,omitempty"`
	Missing     string    `json:"missing,omitempty"`
}

// Markers inside /problem: 企业：名称 and 答复：时限 (full- or half-width colon).
var (
	enterpriseMarker = regexp.MustCompile(`(?:^|[\s，,。；;])(企业[：:]\s*([^\s，,。；;]+))`)
	replyMarker      = regexp.MustCompile(`(?:^|[\s，,。；;])(答复(?:时限)?[：:]\s*([^\s，,。；;]+))`)
	// The P, the digits and the space after them may be full-width (Ｐ３),
	// as an input method types them.
	problemRefRe = regexp.MustCompile(`^[PpＰｐ]([0-9０-９]{1,9})(?:[\s　]+|$)`)
)

// problemRef reads "P3" at the start of args; rest is what follows. P0
// is a reference too (to no problem), not an enterprise's name.
func problemRef(args string) (n int, rest string, ok bool) {
	args = strings.TrimSpace(args)
	m := problemRefRe.FindStringSubmatch(args)
	if m == nil {
		return 0, args, false
	}
	n, _, _ = taskNumber(m[1]) // 0 for P0
	return n, strings.TrimSpace(args[len(m[0]):]), true
}

// problemArg loads problem Pn named at the start of r.args, refusing
// clearly when there is none; rest is what follows the number.
func (r *request) problemArg(ctx context.Context, usage string) (*models.Problem, string, error) {
	if !r.chat.IsGroup() {
		return nil, "", r.fail(ctx, "问题清单的命令请在工作群里使用。", "Please use problem commands in the work group.")
	}
	n, rest, ok := problemRef(r.args)
	if !ok {
		return nil, "", r.fail(ctx, "请写明问题编号，例如："+usage, "Please give a problem number, e.g. "+usage)
	}
	p, err := r.b.store.ProblemByNumber(ctx, r.chat.ID, n)
	if errors.Is(err, models.ErrNotFound) {
		return nil, "", r.fail(ctx, fmt.Sprintf("本群没有 P%d 号问题。用 /problems 查看问题清单。", n),
			fmt.Sprintf("There is no problem P%d here. /problems lists them.", n))
	}
	return p, rest, err
}

// cmdProblem is /problem 企业 问题描述 [@责任人] [单位：…] [答复：…] (诉求), or
// /problem Pn to show one.
func (b *Bot) cmdProblem(ctx context.Context, r *request) error {
	if _, _, ok := problemRef(r.args); ok {
		p, _, err := r.problemArg(ctx, "/problem P1")
		if err != nil {
			return err
		}
		return b.showProblem(ctx, r, p)
	}
	d := problemDraft{Thread: r.thread}
	if err := b.parseProblem(ctx, r, &d); err != nil {
		return err
	}
	return b.finishProblem(ctx, r, &d)
}

// parseProblem fills d from the command's text.
func (b *Bot) parseProblem(ctx context.Context, r *request, d *problemDraft) error {
	text := r.text[r.argsAt:]
	var remove [][2]int
	ms := mentions(r.text, r.entities, r.argsAt)
	if who := b.botMentioned(r.text, ms); who != "" {
		return r.fail(ctx, r.botRefusal(who), r.botRefusal(who))
	}
	for _, m := range ms {
		remove = append(remove, [2]int{m.start - r.argsAt, m.end - r.argsAt})
		if b.isMe(m) || d.OwnerID != 0 {
			continue
		}
		res, err := b.resolve(ctx, m)
		if err != nil {
			return err
		}
		d.OwnerID = res.user.ID
	}
	if loc := unitMarker.FindStringSubmatchIndex(text); loc != nil {
		d.Unit = text[loc[4]:loc[5]]
		remove = append(remove, [2]int{loc[2], loc[3]})
	}
	if loc := enterpriseMarker.FindStringSubmatchIndex(text); loc != nil {
		d.Enterprise = text[loc[4]:loc[5]]
		remove = append(remove, [2]int{loc[2], loc[3]})
	}
	if loc := replyMarker.FindStringSubmatchIndex(text); loc != nil {
		dl, err := r.parseDeadline(ctx, text[loc[4]:loc[5]])
		if err != nil {
			return r.refuseDeadline(ctx, err)
		}
		d.Reply, d.Phrase = dl.At, dl.Phrase
		remove = append(remove, [2]int{loc[2], loc[3]})
	}
	rest := strings.TrimSpace(dropStrayAt(cut(text, remove)))
	if d.Enterprise == "" {
		first, more, _ := strings.Cut(rest, " ")
		d.Enterprise, rest = strings.TrimSpace(first), strings.TrimSpace(more)
	}
	d.Description = rest
	if r.msg != nil && r.msg.ReplyToMessage != nil && d.Description == "" {
		quoted := r.msg.ReplyToMessage.Text
		if quoted == "" {
			quoted = r.msg.ReplyToMessage.Caption
		}
		d.Description = strings.TrimSpace(quoted)
	}
	if d.Enterprise == "" {
		return r.fail(ctx, "用法：/problem 企业名称 问题描述 @责任人 单位：责任单位，例如：\n"+
			"/problem 华鑫科技有限公司 厂区门前道路未硬化 @zhangwei 单位：住建局",
			"Usage: /problem ENTERPRISE DESCRIPTION @owner 单位：UNIT")
	}
	return nil
}

// finishProblem asks for what is missing (a description, an owner), or
// records the problem. It never records an ownerless one.
func (b *Bot) finishProblem(ctx context.Context, r *request, d *problemDraft) error {
	switch {
	case d.Description == "":
		d.Missing = "desc"
		return r.ask(ctx, escape(r.say("请回复「"+d.Enterprise+"」反映的问题内容。",
			"What is the problem "+d.Enterprise+" raised? Reply with it.")), promptProblem, d)
	case d.OwnerID == 0 && d.Unit == "":
		d.Missing = "owner"
		return r.ask(ctx, escape(r.say("这个问题由谁负责？请回复责任人（@用户名）或责任单位（单位：住建局），问题不能没有责任人。",
			"Who answers for it? Reply with @username or 单位：UNIT.")), promptProblem, d)
	}
	n := models.NewProblem{ChatID: r.chat.ID, Enterprise: d.Enterprise, Description: d.Description, UnitName: d.Unit,
		RecorderID: r.user.ID, ReplyDeadline: d.Reply, ReplyPhrase: d.Phrase, ThreadID: d.Thread}
	if d.OwnerID != 0 {
		id := d.OwnerID
		n.OwnerID = &id
		if n.UnitName == "" {
			unit, err := b.store.UnitOf(ctx, r.chat.ID, id)
			if err != nil {
				return err
			}
			n.UnitName = unit
		}
	}
	if n.ReplyDeadline.IsZero() {
		at, err := b.replyDeadline(ctx, r)
		if err != nil {
			return err
		}
		n.ReplyDeadline = at
		n.ReplyPhrase = fmt.Sprintf("%d个工作日内", replyDays(r.chat))
	}
	p, err := b.store.CreateProblem(ctx, r.change(), n)
	if err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return r.reply(ctx, "📝 已登记问题 "+problemCard(p, r.now, r.loc))
}

// replyDays is the group's 答复时限 in working days.
func replyDays(c *models.Chat) int {
	if c.ProblemReplyDays <= 0 {
		return models.DefaultProblemReplyDays
	}
	return c.ProblemReplyDays
}

// replyDeadline is 18:00 of the group's Nth working day after today.
func (b *Bot) replyDeadline(ctx context.Context, r *request) (time.Time, error) {
	cal, err := r.calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	day := cal.AddWorkdays(r.localNow(), replyDays(r.chat))
	return time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, r.loc), nil
}

// continueProblem merges the answer to a question into the draft.
func (b *Bot) continueProblem(ctx context.Context, r *request, d *problemDraft) error {
	switch d.Missing {
	case "desc":
		d.Description = strings.TrimSpace(r.args)
	case "owner":
		for _, m := range mentions(r.text, r.entities, 0) {
			if b.isMe(m) {
				continue
			}
			res, err := b.resolve(ctx, m)
			if err != nil {
				return err
			}
			d.OwnerID = res.user.ID
			break
		}
		if loc := unitMarker.FindStringSubmatch(r.text); loc != nil {
			d.Unit = loc[2]
		} else if d.OwnerID == 0 {
			// A bare unit name is the unit when the group knows it.
			if _, err := b.store.UnitByName(ctx, r.chat.ID, strings.TrimSpace(r.args)); err == nil {
				d.Unit = strings.TrimSpace(r.args)
			}
		}
	}
	return b.finishProblem(ctx, r, d)
}

// answerProblemPrompt runs the answer to one of the problem questions.
func (b *Bot) answerProblemPrompt(p *models.Prompt) handler {
	return func(ctx context.Context, r *request) error {
		if p.Kind == promptProblemReturn {
			var id uint
			if err := json.Unmarshal([]byte(p.Payload), &id); err != nil {
				return fmt.Errorf("decode prompt %d: %w", p.ID, err)
			}
			return b.returnProblem(ctx, r, id, r.args)
		}
		var d problemDraft
		if err := json.Unmarshal([]byte(p.Payload), &d); err != nil {
			return fmt.Errorf("decode prompt %d: %w", p.ID, err)
		}
		return b.continueProblem(ctx, r, &d)
	}
}

// mayActOnProblem reports whether the user answers for a problem: its
// responsible person, a member of its unit, or a leader.
func (r *request) mayActOnProblem(ctx context.Context, p *models.Problem) (bool, error) {
	if p.OwnerID != nil && *p.OwnerID == r.user.ID {
		return true, nil
	}
	if p.UnitName != "" {
		unit, err := r.b.store.UnitOf(ctx, r.chat.ID, r.user.ID)
		if err != nil {
			return false, err
		}
		if unit == p.UnitName {
			return true, nil
		}
	}
	return r.b.isLeader(ctx, r.chat, r.user)
}

// requireProblemOwner refuses unless the user answers for the problem,
// saying who may.
func (r *request) requireProblemOwner(ctx context.Context, p *models.Problem, what string) error {
	ok, err := r.mayActOnProblem(ctx, p)
	if err != nil || ok {
		return err
	}
	return r.fail(ctx, fmt.Sprintf("只有 %s 的%s或领导可以%s。", p.Ref(), ownerWords(p), what),
		fmt.Sprintf("Only the people responsible for %s, or a leader, can do that.", p.Ref()))
}

// ownerWords names who answers for a problem: 责任人张伟、住建局成员.
func ownerWords(p *models.Problem) string {
	var parts []string
	if p.Owner != nil {
		parts = append(parts, "责任人"+p.Owner.DisplayName())
	}
	if p.UnitName != "" {
		parts = append(parts, p.UnitName+"成员")
	}
	return strings.Join(parts, "、")
}

// cmdAnswer is /answer Pn 答复内容 已解决|解决时限 (答复).
func (b *Bot) cmdAnswer(ctx context.Context, r *request) error {
	const usage = "/answer P3 已协调住建局列入年度道路计划 6月底前"
	p, rest, err := r.problemArg(ctx, usage)
	if err != nil {
		return err
	}
	if err := r.requireProblemOwner(ctx, p, "答复"); err != nil {
		return err
	}
	if p.Status != models.ProblemAwaitReply {
		return r.fail(ctx, fmt.Sprintf("%s 当前为「%s」，不需要再答复。", p.Ref(), p.Status.Label()), "It has been answered already.")
	}
	a := models.Answer{}
	if solved, text := cutSolved(rest); solved {
		a.Solved, rest = true, text
	} else {
		dl, text, err := r.findDeadline(ctx, rest)
		switch {
		case errors.Is(err, deadline.ErrNoDeadline):
			return r.fail(ctx, "一时解决不了的也要明确时限：请在答复后写明解决时限（例如 6月底前），能立即解决的写「已解决」。\n例如："+usage,
				"An answer must say when it will be solved (e.g. 6月底前), or 已解决.")
		case err != nil:
			return r.refuseDeadline(ctx, err)
		}
		a.SolveDeadline, a.Phrase, rest = dl.At, dl.Phrase, strings.TrimSpace(text)
	}
	a.Text = strings.TrimRight(rest, "，,。 ")
	if a.Text == "" {
		return r.fail(ctx, "请写明答复内容，例如："+usage, "Please write the answer, e.g. "+usage)
	}
	if a.Solved {
		a.NeedConfirm, err = b.problemNeedsConfirm(ctx, r)
		if err != nil {
			return err
		}
	}
	p, err = b.store.AnswerProblem(ctx, r.change(), p.ID, a)
	if err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return b.replySolved(ctx, r, p, "💬 已答复 ")
}

// cutSolved finds 已解决 as a word of its own or at the end of an answer,
// and returns the answer without it.
func cutSolved(s string) (bool, string) {
	if t, ok := strings.CutSuffix(strings.TrimRight(s, "。！! "), "已解决"); ok {
		return true, strings.TrimSpace(t)
	}
	words := strings.Fields(s)
	if i := slices.Index(words, "已解决"); i >= 0 {
		return true, strings.Join(slices.Delete(words, i, i+1), " ")
	}
	return false, s
}

// problemNeedsConfirm: a solution reported needs confirmation when the
// group confirms, unless a leader reported it.
func (b *Bot) problemNeedsConfirm(ctx context.Context, r *request) (bool, error) {
	if !r.chat.NeedConfirm {
		return false, nil
	}
	leader, err := b.isLeader(ctx, r.chat, r.user)
	return !leader, err
}

// replySolved answers a change with the problem's card, and the 确认解决 /
// 退回 buttons when it waits for confirmation.
func (b *Bot) replySolved(ctx context.Context, r *request, p *models.Problem, head string) error {
	text := head + problemCard(p, r.now, r.loc)
	if p.Status != models.ProblemSubmitted {
		return r.reply(ctx, text)
	}
	text += "\n请交办人或领导确认解决，或退回。"
	_, err := r.replyMarkup(ctx, text, problemButtons(p.ID, [2]string{"确认解决", actProblemConfirm}, [2]string{"退回", actProblemReturn}))
	return err
}

// cmdSolve is /solve Pn 说明: the problem is solved.
func (b *Bot) cmdSolve(ctx context.Context, r *request) error {
	p, note, err := r.problemArg(ctx, "/solve P3 道路已硬化")
	if err != nil {
		return err
	}
	if err := r.requireProblemOwner(ctx, p, "报告解决"); err != nil {
		return err
	}
	need, err := b.problemNeedsConfirm(ctx, r)
	if err != nil {
		return err
	}
	if p, err = b.store.SolveProblem(ctx, r.change(), p.ID, note, need); err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return b.replySolved(ctx, r, p, "✅ 已报告解决 ")
}

// requireProblemConfirmer refuses unless the user is the problem's
// recorder (when not also its responsible person) or a leader: who
// answers for a problem does not confirm their own solution.
func (r *request) requireProblemConfirmer(ctx context.Context, p *models.Problem, what string) error {
	if p.RecorderID == r.user.ID && (p.OwnerID == nil || *p.OwnerID != r.user.ID) {
		return nil
	}
	leader, err := r.b.isLeader(ctx, r.chat, r.user)
	if err != nil || leader {
		return err
	}
	who := "领导"
	if u, err := r.b.store.UserByID(ctx, p.RecorderID); err == nil && (p.OwnerID == nil || *p.OwnerID != p.RecorderID) {
		who = "登记人" + u.DisplayName() + "或领导"
	}
	return r.fail(ctx, fmt.Sprintf("只有 %s 的%s可以%s。", p.Ref(), who, what),
		fmt.Sprintf("Only the person who recorded %s, or a leader, can do that.", p.Ref()))
}

// confirmProblem is the 确认解决 button.
func (b *Bot) confirmProblem(ctx context.Context, r *request, p *models.Problem) error {
	if err := r.requireProblemConfirmer(ctx, p, "确认解决"); err != nil {
		return err
	}
	p, err := b.store.ConfirmProblem(ctx, r.change(), p.ID)
	if err != nil {
		return r.refuseProblemError(ctx, err)
	}
	r.toast(ctx, "已确认解决")
	b.removeButtons(ctx, r.tgChatID, r.pressedID())
	return r.reply(ctx, "🎉 已确认解决 "+problemCard(p, r.now, r.loc))
}

// askProblemReturn is the 退回 button: it asks for the reason.
func (b *Bot) askProblemReturn(ctx context.Context, r *request, p *models.Problem) error {
	if err := r.requireProblemConfirmer(ctx, p, "退回"); err != nil {
		return err
	}
	if p.Status != models.ProblemSubmitted {
		return r.alert(ctx, fmt.Sprintf("%s 当前为「%s」。", p.Ref(), p.Status.Label()))
	}
	r.toast(ctx, "")
	return r.ask(ctx, escape(fmt.Sprintf("请回复退回 %s（%s）的原因。", p.Ref(), p.Enterprise)), promptProblemReturn, p.ID)
}

// returnProblem sends a reported solution back with a reason.
func (b *Bot) returnProblem(ctx context.Context, r *request, id uint, reason string) error {
	p, err := b.store.ProblemByID(ctx, id)
	if err != nil {
		return err
	}
	if err := r.requireProblemConfirmer(ctx, p, "退回"); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return r.ask(ctx, escape("退回需要说明原因，请回复原因。"), promptProblemReturn, id)
	}
	if p, err = b.store.ReturnProblem(ctx, r.change(), id, reason); err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return r.reply(ctx, "↩️ 已退回 "+problemCard(p, r.now, r.loc)+"\n原因："+escape(reason))
}

// refuseProblemError explains the store's refusals of a problem change.
func (r *request) refuseProblemError(ctx context.Context, err error) error {
	var st *models.ProblemStatusError
	switch {
	case errors.As(err, &st):
		return r.fail(ctx, fmt.Sprintf("问题当前为「%s」，不能这样操作。", st.Status.Label()), "That is not possible in its current state.")
	case errors.Is(err, models.ErrNoOwner):
		return r.fail(ctx, "问题不能没有责任人：请写明责任人（@用户名）或责任单位（单位：住建局）。", "A problem needs an owner or a unit.")
	case errors.Is(err, models.ErrNoSolveDeadline):
		return r.fail(ctx, "一时解决不了的也要明确时限。", "An answer needs a solve deadline.")
	case errors.Is(err, models.ErrDecided):
		return r.fail(ctx, "这个申请已经处理过了。", "That request has been decided already.")
	}
	var tl *models.TooLongError
	if errors.As(err, &tl) && tl.Field == "enterprise" {
		return r.fail(ctx, fmt.Sprintf("企业名称太长：%d 个字，最多 %d 个字。", tl.Runes, tl.Max),
			fmt.Sprintf("The enterprise's name is too long: %d characters, at most %d.", tl.Runes, tl.Max))
	}
	return r.refuseStoreError(ctx, err)
}

// Problem button actions: "<action>:<id>", with a capital P so that they
// never meet a task's.
const (
	actProblemConfirm = "Pok" // 确认解决
	actProblemReturn  = "Prb" // 退回
	actProblemApprove = "Pxa" // 同意 a later solve deadline
	actProblemReject  = "Pxr" // 不同意
	actProblemsPage   = "Pl"  // ◀ ▶ of /problems: Pl:<page>:<filter>
)

// problemButtons is a row of buttons on one id.
func problemButtons(id uint, buttons ...[2]string) *tgmodels.InlineKeyboardMarkup {
	row := make([]tgmodels.InlineKeyboardButton, len(buttons))
	for i, bt := range buttons {
		row[i] = tgmodels.InlineKeyboardButton{Text: bt[0], CallbackData: callbackData(bt[1], id)}
	}
	return &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{row}}
}

// problemCallback handles a problem button; ok is false for other buttons.
func (b *Bot) problemCallback(data string) (handler, bool) {
	if !strings.HasPrefix(data, "P") || len(data) > maxCallbackData {
		return nil, false
	}
	action, rest, _ := strings.Cut(data, ":")
	if action == actProblemsPage {
		return func(ctx context.Context, r *request) error { return b.pageProblems(ctx, r, rest) }, true
	}
	id, err := strconv.ParseUint(rest, 10, 32)
	if err != nil || id == 0 {
		return nil, false
	}
	switch action {
	case actProblemConfirm, actProblemReturn:
		return func(ctx context.Context, r *request) error {
			p, err := b.store.ProblemByID(ctx, uint(id))
			if errors.Is(err, models.ErrNotFound) || (err == nil && p.ChatID != r.chat.ID) {
				return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
			}
			if err != nil {
				return err
			}
			if action == actProblemConfirm {
				return b.confirmProblem(ctx, r, p)
			}
			return b.askProblemReturn(ctx, r, p)
		}, true
	case actProblemApprove, actProblemReject:
		return func(ctx context.Context, r *request) error {
			return b.decideProblemExtension(ctx, r, uint(id), action == actProblemApprove)
		}, true
	}
	return nil, false
}

// extendProblem is /extend Pn 新时限 原因: ask for a later solve deadline.
func (b *Bot) extendProblem(ctx context.Context, r *request) error {
	const usage = "/extend P3 7月底前 等待资金批复"
	p, rest, err := r.problemArg(ctx, usage)
	if err != nil {
		return err
	}
	if err := r.requireProblemOwner(ctx, p, "申请延长解决时限"); err != nil {
		return err
	}
	if p.Status != models.ProblemAwaitSolve {
		return r.fail(ctx, fmt.Sprintf("%s 当前为「%s」，只有待解决的问题可以申请延长解决时限。", p.Ref(), p.Status.Label()),
			"Only a problem waiting to be solved can have its date moved.")
	}
	dl, reason, err := r.findDeadline(ctx, rest)
	if errors.Is(err, deadline.ErrNoDeadline) {
		return r.fail(ctx, "请写明新的解决时限和原因，例如："+usage, "Give the new date and a reason, e.g. "+usage)
	}
	if err != nil {
		return r.refuseDeadline(ctx, err)
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return r.fail(ctx, "申请延长解决时限需要说明原因，例如："+usage, "A reason is required, e.g. "+usage)
	}
	if !dl.At.After(*p.SolveDeadline) {
		return r.fail(ctx, "新的解决时限应晚于现在的时限 "+formatTime(*p.SolveDeadline, r.loc, false)+"。", "The new date must be later.")
	}
	x, err := b.store.RequestProblemExtension(ctx, r.change(), p.ID, dl.At, dl.Phrase, reason)
	if err != nil {
		return r.refuseProblemError(ctx, err)
	}
	text := fmt.Sprintf("⏳ %s（%s）申请延长解决时限\n原时限：%s\n新时限：%s\n原因：%s\n请领导审批。", p.Ref(), escape(p.Enterprise),
		formatTime(*p.SolveDeadline, r.loc, false), formatTime(x.NewDeadline, r.loc, false), escape(reason))
	_, err = r.replyMarkup(ctx, text, problemButtons(x.ID, [2]string{"同意", actProblemApprove}, [2]string{"不同意", actProblemReject}))
	return err
}

// decideProblemExtension is the 同意 / 不同意 button (leaders).
func (b *Bot) decideProblemExtension(ctx context.Context, r *request, id uint, approve bool) error {
	x, err := b.store.ProblemExtensionByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && x.ChatID != r.chat.ID) {
		return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err != nil {
		return err
	}
	if err := r.requireLeader(ctx, "审批延长解决时限", "decide extensions"); err != nil {
		return err
	}
	_, p, err := b.store.DecideProblemExtension(ctx, r.change(), id, approve)
	if err != nil {
		return r.refuseProblemError(ctx, err)
	}
	b.removeButtons(ctx, r.tgChatID, r.pressedID())
	r.toast(ctx, "")
	if !approve {
		return r.reply(ctx, fmt.Sprintf("❌ 不同意延长 %s（%s）的解决时限，仍为 %s。", p.Ref(), escape(p.Enterprise),
			formatTime(*p.SolveDeadline, r.loc, false)))
	}
	return r.reply(ctx, fmt.Sprintf("✅ 同意延长 %s（%s）的解决时限：%s（原定 %s）。", p.Ref(), escape(p.Enterprise),
		formatTime(*p.SolveDeadline, r.loc, false), formatTime(*p.OriginalSolveDeadline, r.loc, false)))
}

// problemText is a Pn command that stores one required text (a reason, a
// report): /cancel and /progress differ only in who may, what they say
// and what they store.
type problemText struct {
	command, example   string // "/cancel", "企业已撤回诉求"
	allow              func(ctx context.Context, r *request, p *models.Problem) error
	missing, missingEn string // said when the text is empty, before the example
	store              func(ctx context.Context, c models.Change, id uint, text string) (*models.Problem, error)
	done               string // the answer: P number, enterprise, text
}

func (b *Bot) runProblemText(ctx context.Context, r *request, x problemText) error {
	p, text, err := r.problemArg(ctx, x.command+" P3 "+x.example)
	if err != nil {
		return err
	}
	if err := x.allow(ctx, r, p); err != nil {
		return err
	}
	if text == "" {
		return r.fail(ctx, fmt.Sprintf("%s，例如：%s %s %s", x.missing, x.command, p.Ref(), x.example), x.missingEn)
	}
	if p, err = x.store(ctx, r.change(), p.ID, text); err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return r.reply(ctx, fmt.Sprintf(x.done, p.Ref(), escape(p.Enterprise), escape(text)))
}

// cancelProblem is /cancel Pn 原因 (leaders).
func (b *Bot) cancelProblem(ctx context.Context, r *request) error {
	return b.runProblemText(ctx, r, problemText{command: "/cancel", example: "企业已撤回诉求",
		allow: func(ctx context.Context, r *request, _ *models.Problem) error {
			return r.requireLeader(ctx, "撤销问题", "withdraw problems")
		},
		missing: "撤销需要说明原因", missingEn: "A reason is required.",
		store: b.store.CancelProblem, done: "🗑 已撤销 %s（%s）。原因：%s"})
}

// progressProblem is /progress Pn 文字.
func (b *Bot) progressProblem(ctx context.Context, r *request) error {
	return b.runProblemText(ctx, r, problemText{command: "/progress", example: "已完成道路测量",
		allow: func(ctx context.Context, r *request, p *models.Problem) error {
			return r.requireProblemOwner(ctx, p, "报告进展")
		},
		missing: "请写明进展", missingEn: "Please write the report.",
		store: b.store.ProblemProgress, done: "📈 %s（%s）进展：%s"})
}

// urgeProblem is /urge Pn [文字] (leaders): a 催办 now.
func (b *Bot) urgeProblem(ctx context.Context, r *request) error {
	p, note, err := r.problemArg(ctx, "/urge P3 请抓紧答复企业")
	if err != nil {
		return err
	}
	if err := r.requireLeader(ctx, "催办", "chase problems"); err != nil {
		return err
	}
	if !p.Status.Waiting() {
		return r.fail(ctx, fmt.Sprintf("%s 当前为「%s」，无需催办。", p.Ref(), p.Status.Label()), "It needs no chasing.")
	}
	return b.store.AddProblemReminder(ctx, r.change(), p, models.Reminder{Kind: models.ReminderUrge, At: r.now, DueAt: r.now,
		IgnoreQuiet: true, Note: note})
}

// remindProblem is /remind Pn 时间: an extra reminder.
func (b *Bot) remindProblem(ctx context.Context, r *request) error {
	p, when, err := r.problemArg(ctx, "/remind P3 明天上午9点")
	if err != nil {
		return err
	}
	if err := r.requireProblemOwner(ctx, p, "设置提醒"); err != nil {
		return err
	}
	if !p.Status.Waiting() {
		return r.fail(ctx, fmt.Sprintf("%s 当前为「%s」，无需提醒。", p.Ref(), p.Status.Label()), "It needs no reminder.")
	}
	dl, note, err := r.findDeadline(ctx, when)
	if errors.Is(err, deadline.ErrNoDeadline) {
		return r.fail(ctx, fmt.Sprintf("请写明提醒时间，例如：/remind %s 明天上午9点", p.Ref()), "When?")
	}
	if err != nil {
		return r.refuseDeadline(ctx, err)
	}
	set := r.chat.Settings()
	err = b.store.AddProblemReminder(ctx, r.change(), p, models.Reminder{Kind: models.ReminderExtra, At: dl.At,
		DueAt: set.OutOfQuiet(dl.At, r.loc), Note: strings.TrimSpace(note)})
	if err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return r.reply(ctx, fmt.Sprintf("⏰ 将于 %s 提醒 %s（%s）。", formatTime(dl.At, r.loc, false), p.Ref(), escape(p.Enterprise)))
}

// problemEditFields maps /edit Pn's field words.
var problemEditFields = map[string]string{"责任人": "owner", "单位": "unit", "责任单位": "unit", "企业": "enterprise",
	"描述": "description", "问题": "description"}

// editProblem is /edit Pn 责任人|单位|企业|描述 新值 (the recorder or leaders).
func (b *Bot) editProblem(ctx context.Context, r *request) error {
	const usage = "/edit P3 责任人|单位|企业|描述 新内容，例如：/edit P3 单位 住建局"
	p, rest, err := r.problemArg(ctx, usage)
	if err != nil {
		return err
	}
	word, value, _ := strings.Cut(rest, " ")
	field, ok := problemEditFields[strings.TrimSpace(word)]
	value = strings.TrimSpace(value)
	if !ok || (value == "" && field != "unit") {
		return r.fail(ctx, "用法："+usage, "Usage: /edit Pn 责任人|单位|企业|描述 VALUE")
	}
	if p.RecorderID != r.user.ID {
		if err := r.requireLeader(ctx, "修改问题", "edit problems"); err != nil {
			return err
		}
	}
	var e models.ProblemEdit
	switch field {
	case "owner":
		ms := mentions(r.text, r.entities, r.argsAt)
		if len(ms) == 0 || b.isMe(ms[0]) {
			return r.fail(ctx, fmt.Sprintf("请 @ 新的责任人，例如：/edit %s 责任人 @zhangwei", p.Ref()), "Mention the new owner.")
		}
		res, err := b.resolve(ctx, ms[0])
		if err != nil {
			return err
		}
		e.OwnerID, e.OwnerName = &res.user.ID, res.user.DisplayName()
	case "unit":
		e.Unit = &value
	case "enterprise":
		e.Enterprise = &value
	default:
		e.Description = &value
	}
	if p, err = b.store.EditProblem(ctx, r.change(), p.ID, e); err != nil {
		return r.refuseProblemError(ctx, err)
	}
	return r.reply(ctx, "✏️ 已修改 "+problemCard(p, r.now, r.loc))
}

// taskOrProblemArg starts a command that takes a task number or a problem
// (Pn): a problem runs the problem's command and reports done; a task is
// read with taskArg, done on error.
func (b *Bot) taskOrProblemArg(ctx context.Context, r *request, command string) (t *models.Task, rest string, done bool, err error) {
	if ok, err := b.problemBranch(ctx, r, command); ok {
		return nil, "", true, err
	}
	t, rest, err = r.taskArg(ctx)
	return t, rest, err != nil, err
}

// problemBranch runs the Pn form of a task command: /progress, /urge,
// /remind, /cancel, /edit and /extend take a problem number where they take
// a task number; ok is false when the arguments name no problem.
func (b *Bot) problemBranch(ctx context.Context, r *request, command string) (ok bool, err error) {
	if _, _, isProblem := problemRef(r.args); !isProblem {
		return false, nil
	}
	run := map[string]handler{"progress": b.progressProblem, "urge": b.urgeProblem, "remind": b.remindProblem,
		"cancel": b.cancelProblem, "edit": b.editProblem, "extend": b.extendProblem}[command]
	if run == nil {
		return false, nil
	}
	return true, run(ctx, r)
}
