package miniapp

import (
	"fmt"

	"github.com/duban-bot/duban/models"
)

// nodeSection is a task's milestones (节点) as a checklist, in their order:
// ✅ done (the day), ⏳ open (the deadline), 🔴 overdue (逾期N天) while the
// task waits for work. Its title carries the count done, 节点 2/5.
func nodeSection(f *taskFacts) section {
	t := f.task
	done, total := models.NodeCount(t.Nodes)
	s := section{Title: fmt.Sprintf("节点 %d/%d", done, total)}
	waiting := t.Status.Working()
	for i := range t.Nodes {
		n := &t.Nodes[i]
		e := entry{At: n.Deadline.In(f.loc).Format("01-02 15:04")}
		switch {
		case n.Done():
			e.Text = fmt.Sprintf("✅ %d. %s（%s 完成）", i+1, n.Name, n.DoneAt.In(f.loc).Format("01-02"))
			if n.DoneBy != nil {
				e.Who = n.DoneBy.DisplayName()
			}
			if n.Note != "" {
				e.Text += "：" + n.Note
			}
		case waiting && n.Overdue(f.now):
			late := "已过截止时间"
			if d := n.DaysOverdue(f.now, f.loc); d > 0 {
				late = fmt.Sprintf("逾期%d天", d)
			}
			e.Text = fmt.Sprintf("🔴 %d. %s（%s）", i+1, n.Name, late)
		default:
			e.Text = fmt.Sprintf("⏳ %d. %s", i+1, n.Name)
		}
		s.Entries = append(s.Entries, e)
	}
	return s
}
