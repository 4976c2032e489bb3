package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/sheet"
	"github.com/duban-bot/duban/models"
)

// importPeople matches the people a sheet names to the group's: by
// @username, by the Telegram name of someone the group knows (a task of
// theirs, a unit's member list, or Telegram saying they are a member), or a
// unit of the group, which makes the task the unit's, waiting to be
// claimed. Each name is looked up once per import.
type importPeople struct {
	b      *Bot
	r      *request
	units  map[string]string        // normalised unit name → the group's spelling
	named  map[string][]models.User // display name → people of that name
	member map[uint]bool            // whether a person is of the group
	byUser map[string]*models.User  // @username → the person
}

// importResolved is who a task goes to.
type importResolved struct {
	lead  uint
	co    []uint
	unit  string // a unit named instead of a person
	shown string // 主办 X，协办 Y
}

// newPeople prepares the lookups of a table: every name in its people
// columns at once.
func (b *Bot) newPeople(ctx context.Context, r *request, table *sheet.Table) (*importPeople, error) {
	pp := &importPeople{b: b, r: r, units: map[string]string{}, member: map[uint]bool{}, byUser: map[string]*models.User{}}
	units, err := b.store.Units(ctx, r.chat.ID)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		pp.units[sheet.HeaderName(u.Name)] = u.Name
		for _, m := range u.Members {
			pp.member[m.ID] = true // a unit's member list makes a person known
		}
	}
	seen := map[string]bool{}
	var names []string
	for _, rec := range table.Rows {
		for _, cell := range []string{rec.Text("lead"), rec.Text("co")} {
			for _, n := range splitPeople(cell) {
				if !seen[n] && !strings.HasPrefix(n, "@") {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
	}
	if pp.named, err = b.store.UsersNamed(ctx, names); err != nil {
		return nil, err
	}
	return pp, nil
}

// splitPeople splits a cell naming people: 张伟、王芳 / 张伟,王芳 / one per line.
func splitPeople(cell string) []string {
	parts := strings.FieldsFunc(cell, func(r rune) bool {
		return strings.ContainsRune("、,，;；/\n\u3000", r)
	})
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && p != "—" && p != "-" && p != "无" {
			out = append(out, p)
		}
	}
	return out
}

// assignees reads a row's 主办 and 协办 cells (and its unit, which a 主办
// cell may name instead of a person). zh and en say why they cannot be
// used: a name nobody in the group has, or that several share.
func (pp *importPeople) assignees(ctx context.Context, leadCell, coCell, unit string) (who importResolved, zh, en string, err error) {
	leads, cos := splitPeople(leadCell), splitPeople(coCell)
	if len(leads) == 1 && len(cos) == 0 {
		if u, ok := pp.units[sheet.HeaderName(leads[0])]; ok {
			return importResolved{unit: u}, "", "", nil // the unit's, to be claimed
		}
		if unit != "" && sheet.HeaderName(leads[0]) == sheet.HeaderName(unit) {
			return importResolved{unit: unit}, "", "", nil // 主办 repeats the row's unit
		}
	}
	names := append(append([]string(nil), leads...), cos...)
	switch {
	case len(leads) == 0 && len(cos) > 0:
		return who, "有协办而没有主办", "cooperators but no lead", nil
	case len(names) == 0:
		return who, "", "", nil // nobody named: to be claimed
	}
	var lead string
	var co []string
	for i, n := range names {
		u, zh, en, err := pp.person(ctx, n)
		if err != nil || zh != "" {
			return importResolved{}, zh, en, err
		}
		if i == 0 {
			who.lead, lead = u.ID, u.DisplayName()
			continue
		}
		// A second name under 主办 cooperates, as those under 协办; a
		// person named twice is one assignee (the store keeps them once).
		if u.ID == who.lead || slices.Contains(who.co, u.ID) {
			continue
		}
		who.co = append(who.co, u.ID)
		co = append(co, u.DisplayName())
	}
	who.shown = "主办 " + lead
	if len(co) > 0 {
		who.shown += "，协办 " + strings.Join(co, "、")
	}
	return who, "", "", nil
}

// person finds the one person of the group a name means.
func (pp *importPeople) person(ctx context.Context, name string) (*models.User, string, string, error) {
	if handle, ok := strings.CutPrefix(name, "@"); ok {
		u, err := pp.byUsername(ctx, handle)
		if err != nil || u != nil {
			return u, "", "", err
		}
		return nil, fmt.Sprintf("不认识「%s」（机器人还没见过此人）", name), fmt.Sprintf("“%s” is not known to the bot yet", name), nil
	}
	var found []*models.User
	for i := range pp.named[name] {
		u := &pp.named[name][i]
		ok, err := pp.isMember(ctx, u)
		if err != nil {
			return nil, "", "", err
		}
		if ok {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Sprintf("「%s」不是本群已知的成员，也不是本群的单位", name),
			fmt.Sprintf("“%s” is no known member or unit of this group", name), nil
	case 1:
		return found[0], "", "", nil
	}
	return nil, fmt.Sprintf("本群有 %d 人叫「%s」，请写 @用户名", len(found), name),
		fmt.Sprintf("%d members are called “%s”: write their @username", len(found), name), nil
}

func (pp *importPeople) byUsername(ctx context.Context, handle string) (*models.User, error) {
	key := models.NormalizeUsername(handle)
	if u, ok := pp.byUser[key]; ok {
		return u, nil
	}
	u, err := pp.b.store.UserByUsername(ctx, handle)
	switch {
	case errors.Is(err, models.ErrNotFound):
		u = nil
	case err != nil:
		return nil, err
	case u.TelegramID == nil:
		u = nil // named before, never seen: nobody to assign to yet
	}
	pp.byUser[key] = u
	return u, nil
}

// isMember reports whether a person is of the group: the store knows them
// there, or Telegram says they are a member.
func (pp *importPeople) isMember(ctx context.Context, u *models.User) (bool, error) {
	if ok, seen := pp.member[u.ID]; seen {
		return ok, nil
	}
	_, err := pp.b.store.UserInChat(ctx, pp.r.chat.ID, u.ID)
	ok := err == nil
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return false, err
	}
	if !ok && u.TelegramID != nil {
		m, err := pp.b.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: pp.r.tgChatID, UserID: *u.TelegramID})
		switch {
		case errors.Is(err, tgbot.ErrorBadRequest):
		case err != nil:
			return false, fmt.Errorf("is %d a member: %w", *u.TelegramID, err)
		default:
			ok = isMemberStatus(m)
		}
	}
	pp.member[u.ID] = ok
	return ok, nil
}

// isMemberStatus reports whether a chat member is in the group.
func isMemberStatus(m *tgmodels.ChatMember) bool {
	switch m.Type {
	case tgmodels.ChatMemberTypeOwner, tgmodels.ChatMemberTypeAdministrator, tgmodels.ChatMemberTypeMember:
		return true
	case tgmodels.ChatMemberTypeRestricted:
		return m.Restricted != nil && m.Restricted.IsMember
	}
	return false
}
