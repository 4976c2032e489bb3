package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

// percentPrefix is the optional "60%" before a progress report.
var percentPrefix = regexp.MustCompile(`^(\d+)\s*[%％]\s*`)

// cmdProgress is /progress N [60%] 文字 (进展).
func (b *Bot) cmdProgress(ctx context.Context, r *request) error {
	t, rest, done, err := b.taskOrProblemArg(ctx, r, "progress")
	if done {
		return err
	}
	if rest == "" {
		return r.fail(ctx, fmt.Sprintf("请写明进展，例如：/progress %d 60%% 已完成初稿", t.Number),
			fmt.Sprintf("Please describe the progress, e.g. /progress %d 60%% draft done", t.Number))
	}
	return b.reportProgress(ctx, r, t, rest)
}

// reportProgress is a progress report by an assignee: "[60%] 文字". The
// group sees it; from the private chat the group is told too.
func (b *Bot) reportProgress(ctx context.Context, r *request, t *models.Task, rest string) error {
	var percent *int
	if m := percentPrefix.FindStringSubmatch(rest); m != nil {
		p, err := strconv.Atoi(m[1])
		if err != nil || p > 100 {
			return r.fail(ctx, "进度百分比应在 0% 到 100% 之间。", "Progress must be between 0% and 100%.")
		}
		percent, rest = &p, strings.TrimSpace(rest[len(m[0]):])
	}
	if rest == "" && percent == nil {
		return r.fail(ctx, fmt.Sprintf("请写明进展，例如：/progress %d 60%% 已完成初稿", t.Number),
			fmt.Sprintf("Please describe the progress, e.g. /progress %d 60%% draft done", t.Number))
	}
	if !t.IsAssignee(r.user.ID) {
		return r.refuseNotAssignee(ctx, t, "报告进展", "report progress")
	}
	if err := models.CheckLength("detail", rest, models.MaxDetailRunes); err != nil {
		return r.refuseTooLong(ctx, err)
	}
	t, err := b.store.ReportProgress(ctx, r.change(), t.ID, r.user.ID, percent, rest)
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📝 %s 进展", taskHeader(t))
	if percent != nil {
		fmt.Fprintf(&s, "（%d%%）", *percent)
	}
	fmt.Fprintf(&s, "\n%s", userLink(r.user))
	if rest != "" {
		fmt.Fprintf(&s, "：%s", escape(rest))
	}
	if r.fromPrivate() {
		if err := b.tellGroup(ctx, r, t, s.String(), nil); err != nil {
			return err
		}
		return r.replyAbout(ctx, t.ID, fmt.Sprintf("📝 已报告 %s 的进展，「%s」群内已同步。", taskHeader(t), escape(r.chat.Title)), nil)
	}
	return r.replyAbout(ctx, t.ID, s.String(), nil)
}

// askProgress is the 进展 button of a reminder: it asks the assignee for
// the report, answered by replying.
func (b *Bot) askProgress(ctx context.Context, r *request, t *models.Task) error {
	if !t.IsAssignee(r.user.ID) {
		return r.refuseNotAssignee(ctx, t, "报告进展", "report progress")
	}
	if !t.Status.Working() {
		return r.alert(ctx, r.say(fmt.Sprintf("#%d 当前为「%s」，无需报告进展。", t.Number, t.Status.Label()), "It needs no report now."))
	}
	r.toast(ctx, r.say("请回复进展", "Please reply with your progress"))
	return r.ask(ctx, fmt.Sprintf("%s 请回复 %s 的进展（可先写百分比，例如：60%% 已完成初稿）：", userLink(r.user), taskHeader(t)),
		promptProgress, taskPrompt{TaskID: t.ID})
}

// answerProgress completes the 进展 button with the report replied.
func (b *Bot) answerProgress(ctx context.Context, r *request, taskID uint) error {
	t, err := b.store.TaskByID(ctx, taskID)
	if err != nil {
		return err
	}
	if t.ChatID != r.chat.ID {
		chat, err := b.store.ChatByID(ctx, t.ChatID)
		if err != nil {
			return err
		}
		r.actIn(chat)
	}
	return b.reportProgress(ctx, r, t, strings.TrimSpace(r.args))
}

// cmdDone is /done N [说明] (办结): an assignee submits the task.
func (b *Bot) cmdDone(ctx context.Context, r *request) error {
	t, note, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	return b.submit(ctx, r, t, note)
}

// submit is /done and the 提交办结 button of a reminder: an assignee submits;
// the group sees 确认办结 and 退回 unless the group needs no confirmation.
// Submitted from the private chat, the group is told, with the buttons.
func (b *Bot) submit(ctx context.Context, r *request, t *models.Task, note string) error {
	if !t.IsAssignee(r.user.ID) {
		return r.refuseNotAssignee(ctx, t, "提交办结", "submit it")
	}
	if err := models.CheckLength("detail", note, models.MaxDetailRunes); err != nil {
		return r.refuseTooLong(ctx, err)
	}
	if err := r.refuseReportTask(ctx, t); err != nil {
		return err
	}
	t, err := b.store.Submit(ctx, r.change(), t.ID, r.user.ID, note, r.chat.NeedConfirm)
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	r.toast(ctx, r.say("已提交", "Submitted"))
	noteLine := ""
	if note != "" {
		noteLine = "\n说明：" + escape(note)
	}
	var text string
	var kb tgmodels.ReplyMarkup
	if t.Status == models.StatusDone {
		text = fmt.Sprintf("✅ %s 已办结（%s 提交）%s", taskHeader(t), userLink(r.user), noteLine)
	} else {
		text = fmt.Sprintf("📤 %s 提交了 %s，等待交办人或领导确认。%s", userLink(r.user), taskHeader(t), noteLine)
		kb = taskButtons(t, actConfirm, actSendBack)
	}
	if r.fromPrivate() {
		if err := b.tellGroup(ctx, r, t, text, kb); err != nil {
			return err
		}
		return r.replyAbout(ctx, t.ID, fmt.Sprintf("📤 已提交 %s，「%s」群内已通知。", taskHeader(t), escape(r.chat.Title)), nil)
	}
	return r.replyAbout(ctx, t.ID, text, kb)
}

// requireManager stops with an alert or message unless the user assigned the
// task or is a leader.
func (r *request) requireManager(ctx context.Context, t *models.Task, zh, en string) error {
	ok, err := r.mayManageTask(ctx, t)
	if err != nil {
		return err
	}
	if !ok {
		return r.refuseNotManager(ctx, t, zh, en)
	}
	return nil
}

// confirm is the 确认办结 button.
func (b *Bot) confirm(ctx context.Context, r *request, t *models.Task, messageID int) error {
	if err := r.requireManager(ctx, t, "确认办结", "confirm it"); err != nil {
		return err
	}
	done, err := b.store.Confirm(ctx, r.change(), t.ID)
	var st *models.StatusError
	if errors.As(err, &st) { // a stale button: done is nil, t is the task as loaded
		return r.alert(ctx, r.say(fmt.Sprintf("#%d 当前为「%s」，无需确认。", t.Number, st.Status.Label()),
			"There is nothing to confirm."))
	}
	if err != nil {
		return err
	}
	t = done
	r.toast(ctx, r.say("已确认办结", "Confirmed"))
	if err := b.closeButtons(ctx, r, messageID, fmt.Sprintf("✅ 已由 %s 确认办结", userLink(r.user))); err != nil {
		return err
	}
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("✅ %s 已办结，%s 确认。承办：%s", taskHeader(t), userLink(r.user), people(t.Assignees)), nil)
}

// closeButtons appends a verdict to a message whose buttons were answered,
// and removes the buttons so nobody presses them again. A message the bot
// can no longer see only loses its buttons: the answer that follows says
// the verdict.
func (b *Bot) closeButtons(ctx context.Context, r *request, messageID int, verdict string) error {
	m := r.cq.Message.Message
	if m == nil {
		b.removeButtons(ctx, r.tgChatID, messageID)
		return nil
	}
	text := htmlOf(m.Text, m.Entities) + "\n" + verdict
	return b.edit(ctx, r.tgChatID, messageID, text, &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{}})
}

// askSendBackReason is the 退回 button: it asks the presser for the reason.
func (b *Bot) askSendBackReason(ctx context.Context, r *request, t *models.Task) error {
	if err := r.requireManager(ctx, t, "退回", "send it back"); err != nil {
		return err
	}
	if t.Status != models.StatusSubmitted {
		return r.alert(ctx, r.say(fmt.Sprintf("#%d 当前为「%s」，不能退回。", t.Number, t.Status.Label()),
			"It cannot be sent back now."))
	}
	r.toast(ctx, r.say("请回复退回原因", "Please reply with the reason"))
	return r.ask(ctx, fmt.Sprintf("%s 请回复退回 #%d 的原因：", userLink(r.user), t.Number), promptSendBack,
		taskPrompt{TaskID: t.ID, MessageID: r.pressedID()})
}

// sendBack completes 退回 with the reason the leader replied.
func (b *Bot) sendBack(ctx context.Context, r *request, p taskPrompt, reason string) error {
	t, err := b.store.TaskByID(ctx, p.TaskID)
	if err != nil {
		return err
	}
	if err := r.requireManager(ctx, t, "退回", "send it back"); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return r.ask(ctx, escape(r.say("退回需要说明原因，请回复原因：", "A reason is needed; please reply with it:")),
			promptSendBack, p)
	}
	t, err = b.store.SendBack(ctx, r.change(), t.ID, reason)
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	if p.MessageID != 0 { // its 确认办结 and 退回 are answered
		b.removeButtons(ctx, r.tgChatID, p.MessageID)
	}
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("↩️ %s 已退回，请继续办理。\n原因：%s\n退回人：%s\n承办：%s",
		taskHeader(t), escape(reason), userLink(r.user), people(t.Assignees)), nil)
}

// cmdExtend is /extend N 新截止 原因 (延期): an assignee asks for more time.
func (b *Bot) cmdExtend(ctx context.Context, r *request) error {
	t, rest, done, err := b.taskOrProblemArg(ctx, r, "extend")
	if done {
		return err
	}
	if !t.IsAssignee(r.user.ID) {
		return r.refuseNotAssignee(ctx, t, "申请延期", "ask for an extension")
	}
	late := r.now.After(t.Deadline)
	if late && !r.chat.LateExtension {
		return r.fail(ctx, fmt.Sprintf("#%d 已于 %s 到期，逾期后不能再申请延期；请尽快办结，或请交办人、领导决定。",
			t.Number, formatTime(t.Deadline, r.loc, false)),
			fmt.Sprintf("#%d was due %s: an extension can only be asked before the deadline.", t.Number, formatTime(t.Deadline, r.loc, true)))
	}
	dl, reason, err := r.findDeadline(ctx, rest)
	if errors.Is(err, deadline.ErrNoDeadline) {
		return r.fail(ctx, fmt.Sprintf("请写明新的截止时间和原因，例如：/extend %d 下周五前 材料需补充", t.Number),
			fmt.Sprintf("Give the new deadline and a reason, e.g. /extend %d next friday waiting for data", t.Number))
	}
	if err != nil {
		return r.refuseDeadline(ctx, err)
	}
	if !dl.At.After(t.Deadline) {
		return r.fail(ctx, fmt.Sprintf("新截止时间 %s 不晚于当前截止 %s，无需延期。", formatTime(dl.At, r.loc, false), formatTime(t.Deadline, r.loc, false)),
			"The new deadline is not later than the current one.")
	}
	if strings.TrimSpace(reason) == "" {
		return r.fail(ctx, "申请延期需要说明原因，例如：/extend "+strconv.Itoa(t.Number)+" "+dl.Phrase+" 等待上级批复",
			"An extension needs a reason.")
	}
	req, err := b.store.RequestExtension(ctx, r.change(), t.ID, r.user.ID, dl.At, dl.Phrase, reason)
	switch {
	case errors.Is(err, models.ErrExists):
		return r.fail(ctx, fmt.Sprintf("#%d 已有一个延期申请在等待领导审批。", t.Number), "An extension request is already waiting.")
	case errors.Is(err, models.ErrPastDeadline): // the deadline passed meanwhile
		return r.fail(ctx, fmt.Sprintf("#%d 已到期，逾期后不能再申请延期。", t.Number), "The deadline has passed.")
	case err != nil:
		return r.refuseStoreError(ctx, err)
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "同意", CallbackData: callbackData(actApprove, req.ID)},
		{Text: "不同意", CallbackData: callbackData(actReject, req.ID)},
	}}}
	current := ""
	if !t.Deadline.Equal(t.OriginalDeadline) { // extended before: show both
		current = "\n当前截止：" + formatTime(t.Deadline, r.loc, false)
	}
	lateNote := ""
	if req.Late {
		lateNote = fmt.Sprintf("\n注意：已逾期%d天后申请，同意后仍按逾期计入 %s 的排名，不算按期。",
			t.DaysOverdue(r.now, r.loc), formatTime(t.DueSince(), r.loc, false))
	}
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("⏳ %s 申请延期 %s\n原截止：%s%s\n申请截止：%s\n原因：%s%s\n请领导审批。",
		userLink(r.user), taskHeader(t), formatTime(t.OriginalDeadline, r.loc, false), current,
		formatTime(req.NewDeadline, r.loc, false), escape(reason), lateNote), kb)
}

// decideExtension is the 同意 / 不同意 button on an extension request.
func (b *Bot) decideExtension(ctx context.Context, r *request, data parsedCallback) error {
	req, err := b.store.ExtensionByID(ctx, data.id)
	if errors.Is(err, models.ErrNotFound) {
		return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err != nil {
		return err
	}
	t, err := b.store.TaskByID(ctx, req.TaskID)
	if err != nil {
		return err
	}
	if t.ChatID != r.chat.ID {
		return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err := r.requireLeader(ctx, "审批延期", "decide extensions"); err != nil {
		return err
	}
	approve := data.action == actApprove
	_, t, err = b.store.DecideExtension(ctx, r.change(), req.ID, approve)
	var st *models.StatusError
	switch {
	case errors.Is(err, models.ErrDecided):
		return r.alert(ctx, r.say("这个延期申请已经处理过了。", "This request has been decided already."))
	case errors.As(err, &st):
		return r.alert(ctx, r.say(fmt.Sprintf("任务已「%s」，无需延期。", st.Status.Label()), "The task is closed."))
	case err != nil:
		return err
	}
	verdict := fmt.Sprintf("❌ %s 不同意延期", userLink(r.user))
	answer := fmt.Sprintf("❌ %s 的延期申请未获同意，截止时间仍为 %s。", taskHeader(t), formatTime(t.Deadline, r.loc, false))
	if approve {
		verdict = fmt.Sprintf("✅ %s 同意延期", userLink(r.user))
		answer = fmt.Sprintf("✅ %s 同意延期：新截止 %s（原截止 %s）。", taskHeader(t),
			formatTime(t.Deadline, r.loc, false), formatTime(t.OriginalDeadline, r.loc, false))
	}
	r.toast(ctx, r.say("已处理", "Done"))
	if err := b.closeButtons(ctx, r, r.pressedID(), verdict); err != nil {
		return err
	}
	return r.replyAbout(ctx, t.ID, answer+"\n承办："+people(t.Assignees), nil)
}

// cmdCancel is /cancel N 原因: the assigner or a leader cancels a task.
func (b *Bot) cmdCancel(ctx context.Context, r *request) error {
	t, reason, done, err := b.taskOrProblemArg(ctx, r, "cancel")
	if done {
		return err
	}
	return b.cancelTask(ctx, r, t.ID, reason)
}

// cancelTask cancels with a reason, or asks for one and changes nothing.
func (b *Bot) cancelTask(ctx context.Context, r *request, taskID uint, reason string) error {
	t, err := b.store.TaskByID(ctx, taskID)
	if err != nil {
		return err
	}
	if err := r.requireManager(ctx, t, "取消任务", "cancel it"); err != nil {
		return err
	}
	if !t.Status.Open() {
		return r.fail(ctx, fmt.Sprintf("#%d 当前为「%s」，不能取消。", t.Number, t.Status.Label()), "It cannot be cancelled now.")
	}
	if strings.TrimSpace(reason) == "" {
		return r.ask(ctx, escape(r.say(fmt.Sprintf("取消 #%d 需要说明原因，任务暂未改动。请回复取消原因：", t.Number),
			fmt.Sprintf("Cancelling #%d needs a reason; nothing was changed. Please reply with the reason:", t.Number))),
			promptCancel, taskPrompt{TaskID: t.ID})
	}
	t, err = b.store.CancelTask(ctx, r.change(), t.ID, reason)
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("🚫 %s 已取消。\n原因：%s\n操作人：%s\n承办：%s", taskHeader(t), escape(reason), userLink(r.user), people(t.Assignees)), nil)
}
