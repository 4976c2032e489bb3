package miniapp

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/duban-bot/duban/internal/deadline"
)

// personalPage is the personal view: the viewer's open tasks from every
// group, overdue first (the most overdue first), then by deadline. Nobody
// else's tasks appear.
type personalPage struct {
	Name  string     `json:"name"`
	Tasks []myTask   `json:"tasks"`
	Known bool       `json:"known"` // the bot has seen this person in a group
	Home  *groupLink `json:"home"`  // the group of the link it was opened with, if any
}

type myTask struct {
	Group       string `json:"group"`
	GroupID     uint   `json:"groupId"`
	Number      int    `json:"n"`
	Title       string `json:"title"`
	Role        string `json:"role"` // 主办 or 协办
	Status      string `json:"status"`
	StatusLabel string `json:"statusLabel"`
	Deadline    string `json:"deadline"` // in the group's zone
	Overdue     bool   `json:"overdue"`
	OverdueDays int    `json:"overdueDays"`
	due         int64
}

type groupLink struct {
	ID    uint   `json:"id"`
	Title string `json:"title"`
}

func (h *Handler) personalView(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	name := v.data.User.FirstName
	if v.data.User.LastName != "" {
		name += " " + v.data.User.LastName
	}
	p := &personalPage{Name: name, Tasks: []myTask{}}
	if v.user == nil {
		return p, nil
	}
	p.Known, p.Name = true, v.user.DisplayName()
	groups, err := h.cfg.Store.TasksOf(ctx, v.user.ID, 0)
	if err != nil {
		return nil, err
	}
	now := h.cfg.Clock.Now()
	for _, g := range groups {
		loc := g.Chat.Location()
		for i := range g.Tasks {
			t := &g.Tasks[i]
			role := "协办"
			if l := t.Lead(); l != nil && l.UserID == v.user.ID {
				role = "主办"
			}
			p.Tasks = append(p.Tasks, myTask{Group: g.Chat.Title, GroupID: g.Chat.ID, Number: t.Number, Title: t.Title,
				Role: role, Status: string(t.Status), StatusLabel: t.Status.Label(),
				Deadline: deadline.Format(t.Deadline.In(loc)), Overdue: t.Overdue(now),
				OverdueDays: t.DaysOverdue(now, loc), due: t.Deadline.Unix()})
		}
	}
	slices.SortStableFunc(p.Tasks, func(a, b myTask) int {
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		switch {
		case a.due < b.due:
			return -1
		case a.due > b.due:
			return 1
		}
		return 0
	})
	if v.data.StartParam != "" {
		if c, err := h.cfg.Store.ChatByDashboardToken(ctx, v.data.StartParam); err == nil {
			p.Home = &groupLink{ID: c.ID, Title: c.Title}
		}
	}
	return p, nil
}

// groupsView lists the groups the viewer leads, for switching between them:
// those the store links them to and Telegram says they administer, or where
// a leader named them. Members of one group get only that group.
func (h *Handler) groupsView(ctx context.Context, v *viewer, r *http.Request) (any, error) {
	out := []groupLink{}
	if v.user == nil {
		return out, nil
	}
	chats, err := h.cfg.Store.GroupsOfUser(ctx, v.user.ID)
	if err != nil {
		return nil, err
	}
	for i := range chats {
		c := &chats[i]
		m, err := h.membership(ctx, c, v.data.User.ID)
		if err != nil {
			continue // that group cannot be asked about now: leave it out
		}
		leader := m.member && m.admin
		if m.member && !leader {
			if leader, err = h.cfg.Store.IsNamedLeader(ctx, c.ID, v.user.ID); err != nil {
				return nil, fmt.Errorf("leader of %d: %w", c.ID, err)
			}
		}
		if leader {
			out = append(out, groupLink{ID: c.ID, Title: c.Title})
		}
	}
	return out, nil
}
