package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/duban-bot/duban/models"
)

// editFields maps what /edit accepts to the field it changes.
var editFields = map[string]string{
	"标题": "title", "title": "title",
	"截止": "deadline", "截止时间": "deadline", "deadline": "deadline",
	"主办": "lead", "lead": "lead",
	"协办": "co", "co": "co",
	"单位": "unit", "牵头单位": "unit", "unit": "unit",
	"清单": "list", "list": "list",
}

// cmdEdit is /edit N 标题|截止|主办|协办|单位 新值 (the assigner or a leader).
func (b *Bot) cmdEdit(ctx context.Context, r *request) error {
	if ok, err := b.problemBranch(ctx, r, "edit"); ok {
		return err
	}
	usage := func() error {
		return r.fail(ctx, "用法：/edit 任务号 标题|截止|主办|协办|单位|清单 新内容，例如：/edit 3 截止 下周五前、/edit 3 清单 无",
			"Usage: /edit N title|deadline|lead|co|unit|list value, e.g. /edit 3 deadline next friday")
	}
	t, rest, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	word, value, _ := strings.Cut(rest, " ")
	field, ok := editFields[strings.ToLower(strings.TrimSpace(word))]
	value = strings.TrimSpace(value)
	if !ok {
		return usage()
	}
	if err := r.requireManager(ctx, t, "修改任务", "edit it"); err != nil {
		return err
	}
	if field == "list" {
		return b.editList(ctx, r, t, value)
	}
	var e models.TaskEdit
	switch field {
	case "title":
		if value == "" {
			return usage()
		}
		e.Title = &value
	case "unit":
		if value == "" {
			return usage()
		}
		e.UnitName = &value
	case "deadline":
		dl, err := r.parseDeadline(ctx, value)
		if err != nil {
			if value == "" {
				return usage()
			}
			return r.refuseDeadline(ctx, err)
		}
		e.Deadline, e.DeadlinePhrase = &dl.At, dl.Phrase
	case "lead", "co":
		ids, err := b.mentionedUsers(ctx, r)
		if err != nil {
			return err
		}
		if field == "lead" {
			if len(ids) != 1 {
				return r.fail(ctx, "请 @ 一位新的主办，例如：/edit 3 主办 @zhangwei", "Mention exactly one new lead, e.g. /edit 3 lead @zhangwei")
			}
			e.LeadID = &ids[0]
		} else {
			if len(ids) == 0 && value != "无" && value != "none" {
				return r.fail(ctx, "请 @ 协办人员（写「无」表示清空），例如：/edit 3 协办 @wangfang", "Mention the cooperators (or write none).")
			}
			e.CooperatorIDs = &ids
		}
	}
	before := *t
	t, err = b.store.EditTask(ctx, r.change(), t.ID, e)
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("✏️ %s 修改了 #%d 的%s\n%s", userLink(r.user), t.Number,
		editSummary(&before, t, field, r.loc), taskCard(t, nil, r.now, r.loc)), nil)
}

// editSummary says what an edit changed: the field, its old and new value.
func editSummary(before, after *models.Task, field string, loc *time.Location) string {
	switch field {
	case "title":
		return fmt.Sprintf("标题：「%s」→「%s」", escape(before.Title), escape(after.Title))
	case "unit":
		return fmt.Sprintf("牵头单位：%s → %s", escape(orNone(before.UnitName)), escape(orNone(after.UnitName)))
	case "deadline":
		s := fmt.Sprintf("截止：%s → %s", formatTime(before.Deadline, loc, false), formatTime(after.Deadline, loc, false))
		if after.Extensions > before.Extensions {
			s += fmt.Sprintf("\n已逾期的任务改截止计为延期（第%d次），仍按逾期计，逾期天数从 %s 起算。",
				after.Extensions, formatTime(after.DueSince(), loc, false))
		}
		return s
	case "lead":
		return fmt.Sprintf("主办：%s → %s", leadName(before), leadName(after))
	}
	co := func(t *models.Task) string {
		if c := t.Cooperators(); len(c) > 0 {
			return people(c)
		}
		return "（无）"
	}
	return fmt.Sprintf("协办：%s → %s", co(before), co(after))
}

// mentionedUsers resolves every mention in the command's arguments.
func (b *Bot) mentionedUsers(ctx context.Context, r *request) ([]uint, error) {
	var ids []uint
	ms := mentions(r.text, r.entities, r.argsAt)
	if who := b.botMentioned(r.text, ms); who != "" {
		return nil, r.fail(ctx, r.botRefusal(who), r.botRefusal(who))
	}
	for _, m := range ms {
		res, err := b.resolve(ctx, m)
		if err != nil {
			return nil, err
		}
		ids = appendUniqueID(ids, res.user.ID)
	}
	return ids, nil
}

// editList is /edit N 清单 名称|无: the task joins a list or leaves its own.
func (b *Bot) editList(ctx context.Context, r *request, t *models.Task, value string) error {
	if value == "" {
		return r.fail(ctx, "请写清单名称（写「无」表示移出清单），例如：/edit 3 清单 2026年重点项目清单",
			"Name the list (or none), e.g. /edit 3 list 2026年重点项目清单")
	}
	name := value
	if value == "无" || strings.EqualFold(value, "none") {
		name = ""
	}
	if err := r.requireManager(ctx, t, "修改任务", "edit it"); err != nil {
		return err
	}
	got, err := b.store.SetTaskList(ctx, r.change(), t.ID, name)
	if errors.Is(err, models.ErrNoList) {
		return r.refuseListError(ctx, err, name)
	}
	if err != nil {
		return r.refuseStoreError(ctx, err)
	}
	return r.replyAbout(ctx, got.ID, fmt.Sprintf("✏️ %s 修改了 #%d 的清单：%s → %s\n%s", userLink(r.user), got.Number,
		escape(quoted(orNone(t.ListName))), escape(quoted(orNone(got.ListName))), taskCard(got, nil, r.now, r.loc)), nil)
}
