package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/models"
)

// cmdList is /list (清单): the group's lists, or
//
//	/list add 名称            a leader creates a list
//	/list remove 名称 [强制]  a leader removes one (强制: though it holds open tasks)
//	/list bind 名称           a leader binds one to the forum topic it is sent in
//	/list 名称                the list's 进度
func (b *Bot) cmdList(ctx context.Context, r *request) error {
	word, rest, _ := strings.Cut(strings.TrimSpace(r.args), " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "":
		return b.showLists(ctx, r)
	case "add", "添加", "新建":
		return b.addList(ctx, r, rest)
	case "remove", "删除":
		return b.removeList(ctx, r, rest)
	case "bind", "绑定":
		return b.bindList(ctx, r, rest)
	}
	return b.showListProgress(ctx, r, strings.TrimSpace(r.args))
}

// listNameBreaks are the characters that end 清单：名称 in an assignment
// (listMarker): a name holding one could never be given there.
const listNameBreaks = " \t\n\r\f\v，,。；;"

// listUsage is the refusal for a /list without the name it needs.
func (r *request) listUsage(ctx context.Context) error {
	return r.fail(ctx, "用法：/list 查看清单；/list 清单名 查看进度；/list add 清单名、/list remove 清单名 [强制]、/list bind 清单名（领导）。\n例如：/list add 2026年重点项目清单",
		"Usage: /list; /list name (progress); /list add name, /list remove name [force], /list bind name (leaders).")
}

func (b *Bot) addList(ctx context.Context, r *request, name string) error {
	if err := r.requireLeader(ctx, "添加清单", "add lists"); err != nil {
		return err
	}
	if name == "" {
		return r.listUsage(ctx)
	}
	if strings.ContainsAny(name, listNameBreaks) {
		return r.fail(ctx, fmt.Sprintf("清单名称不能含空格或标点（，。；）：交办时写的「清单：%s」会在那里断开。", name),
			fmt.Sprintf("A list name may not contain spaces or the punctuation ，。； — 清单：%s in /assign would end there.", name))
	}
	l, err := b.store.AddList(ctx, r.change(), r.chat.ID, name)
	switch {
	case errors.Is(err, models.ErrExists):
		return r.fail(ctx, fmt.Sprintf("本群已有清单「%s」。", name), fmt.Sprintf("This group has a list %q already.", name))
	case err != nil:
		return r.refuseListError(ctx, err, name)
	}
	return r.reply(ctx, fmt.Sprintf("📚 已添加清单「%s」。\n交办时写「清单：%s」即可纳入，/list %s 查看进度。",
		escape(l.Name), escape(l.Name), escape(l.Name)))
}

func (b *Bot) removeList(ctx context.Context, r *request, args string) error {
	if err := r.requireLeader(ctx, "删除清单", "remove lists"); err != nil {
		return err
	}
	name, force := strings.TrimSpace(args), false
	for _, w := range []string{" 强制", " force", "\u3000强制"} { // \u3000: the full-width space of Chinese input
		if strings.HasSuffix(name, w) {
			name, force = strings.TrimSpace(strings.TrimSuffix(name, w)), true
		}
	}
	if name == "" {
		return r.listUsage(ctx)
	}
	open, err := b.store.RemoveList(ctx, r.change(), r.chat.ID, name, force)
	switch {
	case errors.Is(err, models.ErrListBusy):
		return r.fail(ctx, fmt.Sprintf("清单「%s」还有 %d 项未办结任务，不能删除。确需删除请发送 /list remove %s 强制（任务保留，只是不再属于该清单）。", name, open, name),
			fmt.Sprintf("List %q still holds %d open tasks. To remove it anyway: /list remove %s force (the tasks stay).", name, open, name))
	case err != nil:
		return r.refuseListError(ctx, err, name)
	}
	return r.reply(ctx, fmt.Sprintf("🗑 已删除清单「%s」，其中的任务保留。", escape(name)))
}

func (b *Bot) bindList(ctx context.Context, r *request, name string) error {
	if err := r.requireLeader(ctx, "绑定清单", "bind lists"); err != nil {
		return err
	}
	if name == "" {
		return r.listUsage(ctx)
	}
	if r.thread == 0 {
		return r.fail(ctx, "请在论坛话题（Topic）中发送 /list bind 清单名：此后在该话题中交办的任务自动纳入清单，清单的提醒也发到该话题。",
			"Send /list bind name inside a forum topic: tasks assigned there then join the list, and its notices go there.")
	}
	l, err := b.store.BindList(ctx, r.change(), r.chat.ID, name, r.thread)
	if err != nil {
		return r.refuseListError(ctx, err, name)
	}
	return r.reply(ctx, fmt.Sprintf("🔗 清单「%s」已绑定本话题：在这里交办的任务自动纳入该清单，清单任务的提醒发到这里。", escape(l.Name)))
}

// refuseListError explains the store's refusals about lists.
func (r *request) refuseListError(ctx context.Context, err error, name string) error {
	switch {
	case errors.Is(err, models.ErrNoList):
		return r.fail(ctx, fmt.Sprintf("本群没有名为「%s」的清单。/list 查看本群清单，领导可用 /list add %s 添加。", name, name),
			fmt.Sprintf("This group has no list %q. /list shows the lists; leaders add one with /list add %s.", name, name))
	case errors.Is(err, models.ErrInvalid):
		var tl *models.TooLongError
		if errors.As(err, &tl) {
			return r.refuseTooLong(ctx, err)
		}
		return r.listUsage(ctx)
	}
	return r.refuseStoreError(ctx, err)
}

// showLists is /list: every list of the group with its counts.
func (b *Bot) showLists(ctx context.Context, r *request) error {
	ls, err := b.store.Lists(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(ls) == 0 {
		return r.reply(ctx, escape(r.say("本群还没有清单。领导可用 /list add 清单名 添加，例如：/list add 2026年重点项目清单",
			"This group has no lists yet. Leaders add one with /list add name.")))
	}
	var s strings.Builder
	fmt.Fprintf(&s, "📚 <b>本群清单</b>（共 %d 个）", len(ls))
	for _, l := range ls {
		fmt.Fprintf(&s, "\n• %s", listLine(l))
	}
	s.WriteString("\n\n/list 清单名 查看进度；/tasks 清单名 查看任务。")
	return r.reply(ctx, s.String())
}

// listLine is one list with its counts: the line of /list and of the
// weekly digest.
func listLine(l models.ListSummary) string {
	line := fmt.Sprintf("「%s」共 %d 项，已办结 %d，未办结 %d", escape(l.Name), l.Total, l.Done, l.Open)
	if l.Overdue > 0 {
		line += fmt.Sprintf("，逾期 %d", l.Overdue)
	}
	if l.Total > 0 {
		line += fmt.Sprintf("（%d%%）", l.Done*100/l.Total)
	}
	return line
}

// showListProgress is /list 名称: the list's 进度.
func (b *Bot) showListProgress(ctx context.Context, r *request, name string) error {
	l, err := b.store.ListByName(ctx, r.chat.ID, name)
	if err != nil {
		return r.refuseListError(ctx, err, name)
	}
	p, err := b.store.ListProgress(ctx, l)
	if err != nil {
		return err
	}
	return r.reply(ctx, listProgressText(p))
}

// listProgressText renders a list's 进度: a bar, the counts, each unit's
// done of total, and the overdue tasks by number.
func listProgressText(p *models.ListProgress) string {
	var s strings.Builder
	fmt.Fprintf(&s, "📊 <b>清单「%s」进度</b>\n%s\n", escape(p.List.Name), progressBar(p.Percent()))
	fmt.Fprintf(&s, "共 %d 项：已办结 %d，未办结 %d，逾期 %d", p.Total, p.Done, p.Open, p.Overdue)
	if p.OverdueNodes > 0 {
		fmt.Fprintf(&s, "\n逾期节点：%d 个", p.OverdueNodes)
	}
	if len(p.Units) > 0 {
		s.WriteString("\n\n各单位（已办结/总数）：")
		for _, u := range p.Units {
			name := u.Unit
			if name == "" {
				name = "未定单位"
			}
			fmt.Fprintf(&s, "\n  %s %d/%d", escape(name), u.Done, u.Total)
		}
	}
	if len(p.OverdueNumbers) > 0 {
		nums := make([]string, len(p.OverdueNumbers))
		for i, n := range p.OverdueNumbers {
			nums[i] = fmt.Sprintf("#%d", n)
		}
		fmt.Fprintf(&s, "\n\n🔴 逾期任务：%s", strings.Join(nums, " "))
		if p.Overdue > len(p.OverdueNumbers) {
			fmt.Fprintf(&s, " 等 %d 项", p.Overdue)
		}
	}
	if p.Total == 0 {
		fmt.Fprintf(&s, "\n\n清单中还没有任务：交办时写「清单：%s」即可纳入。", escape(p.List.Name))
	}
	return s.String()
}

// progressBar is a text bar of ten cells and the percentage:
// ▓▓▓▓▓░░░░░ 50%.
func progressBar(percent int) string {
	percent = min(max(percent, 0), 100)
	full := percent / 10
	return strings.Repeat("▓", full) + strings.Repeat("░", 10-full) + fmt.Sprintf(" %d%%", percent)
}

// isList reports whether word names a list of the group, and sets *l to it:
// how /export and /tasks tell a list's name from their other words. A
// failure to look is taken as no list (the word is then read otherwise).
func (b *Bot) isList(ctx context.Context, r *request, word string, l **models.TaskList) bool {
	found, err := b.store.ListByName(ctx, r.chat.ID, word)
	if err != nil {
		return false
	}
	*l = found
	return true
}

// digestLists is the weekly digest's part on the group's lists: one line
// per list with its counts ("" for a group without lists).
func (b *Bot) digestLists(ctx context.Context, chat *models.Chat) (string, error) {
	ls, err := b.store.Lists(ctx, chat.ID)
	if err != nil || len(ls) == 0 {
		return "", err
	}
	var s strings.Builder
	fmt.Fprintf(&s, "\n\n<b>清单进度（%d）</b>", len(ls))
	for _, l := range ls {
		s.WriteString("\n" + listLine(l))
	}
	return s.String(), nil
}
