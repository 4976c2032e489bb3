package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/models"
)

// cmdUnit is /unit add 名称 [@成员…] | list | remove 名称.
func (b *Bot) cmdUnit(ctx context.Context, r *request) error {
	verb, rest, _ := strings.Cut(r.args, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(verb) {
	case "list", "列表", "":
		return b.listUnits(ctx, r)
	case "add", "添加":
		if err := r.requireLeader(ctx, "管理单位", "manage units"); err != nil {
			return err
		}
		name := firstWord(rest)
		if name == "" || strings.HasPrefix(name, "@") {
			return r.fail(ctx, "用法：/unit add 单位名称 [@成员…]，例如：/unit add 投资促进局 @zhangwei",
				"Usage: /unit add NAME [@member…]")
		}
		ids, err := b.mentionedUsers(ctx, r)
		if err != nil {
			return err
		}
		_, err = b.store.UnitByName(ctx, r.chat.ID, name)
		existed := err == nil
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		_, err = b.store.AddUnit(ctx, r.change(), r.chat.ID, name, ids)
		switch {
		case errors.Is(err, models.ErrExists):
			return r.fail(ctx, fmt.Sprintf("单位「%s」已存在。要加入成员：/unit add %s @成员", name, name),
				fmt.Sprintf("Unit %q exists already.", name))
		case err != nil:
			return r.refuseStoreError(ctx, err)
		}
		if existed { // the unit was there: only members were added
			return r.reply(ctx, fmt.Sprintf("🏢 单位「%s」新加入成员 %d 人。", escape(name), len(ids)))
		}
		msg := fmt.Sprintf("🏢 已添加单位「%s」", escape(name))
		if len(ids) > 0 {
			msg += fmt.Sprintf("，成员 %d 人", len(ids))
		}
		return r.reply(ctx, msg+"。")
	case "remove", "删除":
		if err := r.requireLeader(ctx, "管理单位", "manage units"); err != nil {
			return err
		}
		if rest == "" {
			return r.fail(ctx, "用法：/unit remove 单位名称", "Usage: /unit remove NAME")
		}
		err := b.store.RemoveUnit(ctx, r.change(), r.chat.ID, rest)
		if errors.Is(err, models.ErrNotFound) {
			return r.fail(ctx, fmt.Sprintf("没有名为「%s」的单位。", rest), fmt.Sprintf("There is no unit %q.", rest))
		}
		if err != nil {
			return err
		}
		return r.reply(ctx, fmt.Sprintf("🏢 已删除单位「%s」。已有任务保留原单位名称。", escape(rest)))
	}
	return r.fail(ctx, "用法：/unit add 名称 [@成员…]、/unit list、/unit remove 名称", "Usage: /unit add|list|remove")
}

func (b *Bot) listUnits(ctx context.Context, r *request) error {
	units, err := b.store.Units(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(units) == 0 {
		return r.reply(ctx, escape("本群还没有单位。领导可用 /unit add 投资促进局 @成员 添加。"))
	}
	var s strings.Builder
	s.WriteString("🏢 本群单位")
	for _, u := range units {
		fmt.Fprintf(&s, "\n<b>%s</b>", escape(u.Name))
		if len(u.Members) > 0 {
			links := make([]string, len(u.Members))
			for i := range u.Members {
				links[i] = userLink(&u.Members[i])
			}
			s.WriteString("：" + strings.Join(links, "、"))
		}
	}
	return r.reply(ctx, s.String())
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// cmdLeader is /leader add|remove|list @x.
func (b *Bot) cmdLeader(ctx context.Context, r *request) error {
	verb, _, _ := strings.Cut(r.args, " ")
	switch strings.ToLower(verb) {
	case "list", "列表", "":
		return b.listLeaders(ctx, r)
	case "add", "添加", "remove", "删除":
		if err := r.requireLeader(ctx, "指定领导", "name leaders"); err != nil {
			return err
		}
		ids, err := b.mentionedUsers(ctx, r)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return r.fail(ctx, "请 @ 要指定的成员，例如：/leader add @lijv", "Mention the member, e.g. /leader add @someone")
		}
		add := verb == "add" || verb == "添加"
		if !add && r.chat.LeadersNamedOnly {
			if err := b.keepOneNamedLeader(ctx, r, ids); err != nil {
				return err
			}
		}
		var names []string
		for _, id := range ids {
			if err := b.store.SetNamedLeader(ctx, r.change(), r.chat.ID, id, add); err != nil {
				return err
			}
			u, err := b.store.UserByID(ctx, id)
			if err != nil {
				return err
			}
			names = append(names, userLink(u))
		}
		if add {
			return r.reply(ctx, "👤 "+strings.Join(names, "、")+" 已被指定为领导，可交办、确认、审批。")
		}
		return r.reply(ctx, "👤 "+strings.Join(names, "、")+" 不再是指定领导（群管理员始终是领导）。")
	}
	return r.fail(ctx, "用法：/leader add|remove|list @成员", "Usage: /leader add|remove|list @member")
}
