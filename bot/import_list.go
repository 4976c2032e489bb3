package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

// readListColumns reads the 清单 and 节点 columns of an imported row into
// it: the list must be one of the group's, and the nodes readable, ahead,
// at most models.MaxNodes and none after the row's deadline (倒排工期).
// zh and en say why the row cannot be used.
func (b *Bot) readListColumns(ctx context.Context, r *request, cal deadline.Calendar, row *importRow) (zh, en string, err error) {
	if row.List != "" {
		_, err := b.store.ListByName(ctx, r.chat.ID, row.List)
		if errors.Is(err, models.ErrNoList) {
			return fmt.Sprintf("本群没有清单「%s」（领导可先 /list add %s）", row.List, row.List),
				fmt.Sprintf("the group has no list “%s”", row.List), nil
		}
		if err != nil {
			return "", "", err
		}
	}
	if row.Nodes == "" {
		return "", "", nil
	}
	nodes, err := nodesFrom(row.Nodes, r.localNow(), cal)
	var pe *nodeParseError
	switch {
	case errors.As(err, &pe):
		reason, reasonEn := "没有名称", "it has no name"
		var de *deadline.Error
		switch {
		case errors.As(err, &de):
			reason, reasonEn = de.Reason, englishReason(de)
		case errors.Is(err, deadline.ErrNoDeadline):
			reason, reasonEn = "没有截止时间", "it has no deadline"
		}
		return fmt.Sprintf("节点「%s」：%s", pe.part, reason), fmt.Sprintf("node “%s”: %s", pe.part, reasonEn), nil
	case errors.Is(err, models.ErrTooManyNodes):
		return fmt.Sprintf("节点超过 %d 个", models.MaxNodes), fmt.Sprintf("more than %d nodes", models.MaxNodes), nil
	case err != nil:
		return "", "", err
	}
	for _, n := range nodes {
		if n.Deadline.After(row.Deadline) {
			return fmt.Sprintf("节点「%s」晚于任务截止时间（倒排工期）", n.Name),
				fmt.Sprintf("node “%s” is due after the task", n.Name), nil
		}
	}
	row.NodeList = nodes
	return "", "", nil
}
