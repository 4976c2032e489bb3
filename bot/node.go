package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/internal/ledger"
	"github.com/duban-bot/duban/models"
)

// cmdNode is /node (节点):
//
//	/node N                 the task's nodes
//	/node N add 名称 截止    a node (the assigner or a leader)
//	/node N done K [说明]    the K-th node is done (the assignees)
//	/node N remove K        (the assigner or a leader)
func (b *Bot) cmdNode(ctx context.Context, r *request) error {
	t, rest, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	word, rest, _ := strings.Cut(rest, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "":
		return r.replyAbout(ctx, t.ID, nodesText(t, r.now, r.loc), nil)
	case "add", "添加":
		return b.addNode(ctx, r, t, rest)
	case "done", "完成":
		return b.completeNode(ctx, r, t, rest)
	case "remove", "删除":
		return b.removeNode(ctx, r, t, rest)
	}
	return r.nodeUsage(ctx)
}

func (r *request) nodeUsage(ctx context.Context) error {
	return r.fail(ctx, "用法：/node 任务号 查看节点；/node 任务号 add 节点名称 截止时间；/node 任务号 done 节点序号 [说明]；/node 任务号 remove 节点序号。\n例如：/node 3 add 完成用地预审 3月底前",
		"Usage: /node N; /node N add name deadline; /node N done K [note]; /node N remove K.")
}

func (b *Bot) addNode(ctx context.Context, r *request, t *models.Task, args string) error {
	if err := r.requireManager(ctx, t, "添加节点", "add nodes"); err != nil {
		return err
	}
	if args == "" {
		return r.nodeUsage(ctx)
	}
	n, err := r.parseNode(ctx, args)
	if err != nil {
		return r.refuseNode(ctx, err, t)
	}
	got, err := b.store.AddNode(ctx, r.change(), t.ID, n)
	if err != nil {
		var ne *models.NodeError
		if !errors.As(err, &ne) { // the refusal names the node
			err = &models.NodeError{Index: len(t.Nodes) + 1, Name: n.Name, Err: err}
		}
		return r.refuseNode(ctx, err, t)
	}
	return r.replyAbout(ctx, got.ID, fmt.Sprintf("📍 %s 为 #%d 添加了节点「%s」\n%s", userLink(r.user), got.Number,
		escape(n.Name), nodesText(got, r.now, r.loc)), nil)
}

func (b *Bot) completeNode(ctx context.Context, r *request, t *models.Task, args string) error {
	k, note, ok := taskNumber(args)
	if !ok {
		return r.nodeUsage(ctx)
	}
	got, err := b.store.CompleteNode(ctx, r.change(), t.ID, r.user.ID, k, note)
	if errors.Is(err, models.ErrNotAssignee) {
		return r.refuseNotAssignee(ctx, t, "完成节点", "complete nodes")
	}
	if err != nil {
		return r.refuseNode(ctx, err, t)
	}
	n := got.Nodes[k-1]
	text := fmt.Sprintf("✅ %s 完成了 #%d 的节点「%s」\n%s", userLink(r.user), got.Number,
		escape(n.Name), nodesText(got, r.now, r.loc))
	if r.fromPrivate() { // as sent in a node reminder's private copy: the group sees it too
		if err := b.tellGroup(ctx, r, got, text, nil); err != nil {
			return err
		}
	}
	return r.replyAbout(ctx, got.ID, text, nil)
}

func (b *Bot) removeNode(ctx context.Context, r *request, t *models.Task, args string) error {
	if err := r.requireManager(ctx, t, "删除节点", "remove nodes"); err != nil {
		return err
	}
	k, _, ok := taskNumber(args)
	if !ok {
		return r.nodeUsage(ctx)
	}
	got, removed, err := b.store.RemoveNode(ctx, r.change(), t.ID, k)
	if err != nil {
		return r.refuseNode(ctx, err, t)
	}
	return r.replyAbout(ctx, got.ID, fmt.Sprintf("🗑 %s 删除了 #%d 的节点「%s」\n%s", userLink(r.user), got.Number,
		escape(removed.Name), nodesText(got, r.now, r.loc)), nil)
}

// parseNode reads "名称 截止" into a node: the deadline phrase found in the
// text, and the rest as its name.
func (r *request) parseNode(ctx context.Context, text string) (models.NewNode, error) {
	cal, err := r.calendar(ctx)
	if err != nil {
		return models.NewNode{}, err
	}
	return nodeFrom(text, r.localNow(), cal)
}

// nodeFrom reads "名称 截止" at now on cal.
func nodeFrom(text string, now time.Time, cal deadline.Calendar) (models.NewNode, error) {
	d, rest, err := deadline.Find(text, now, cal)
	if err != nil {
		return models.NewNode{}, &nodeParseError{part: text, err: err}
	}
	name := strings.Trim(strings.TrimSpace(rest), "，,、；;：:")
	if name == "" {
		return models.NewNode{}, &nodeParseError{part: text, err: errNodeNoName}
	}
	return models.NewNode{Name: name, Deadline: d.At, Phrase: d.Phrase}, nil
}

var errNodeNoName = errors.New("a node without a name")

// nodeParseError says which part of a node list could not be read.
type nodeParseError struct {
	part string
	err  error
}

func (e *nodeParseError) Error() string { return fmt.Sprintf("node %q: %v", e.part, e.err) }
func (e *nodeParseError) Unwrap() error { return e.err }

// nodeSeparators split the parts of 节点：… (comma, 、 or semicolon; in an
// imported cell, lines too).
var nodeSeparators = regexp.MustCompile(`[,，、;；\n]`)

// parseNodes reads 节点：立项 1月15日, 用地预审 3月底, 开工 5月底: any bad part
// refuses the whole list.
func (r *request) parseNodes(ctx context.Context, list string) ([]models.NewNode, error) {
	cal, err := r.calendar(ctx)
	if err != nil {
		return nil, err
	}
	return nodesFrom(list, r.localNow(), cal)
}

// nodesFrom reads a list of nodes at now on cal.
func nodesFrom(list string, now time.Time, cal deadline.Calendar) ([]models.NewNode, error) {
	var out []models.NewNode
	for _, part := range nodeSeparators.Split(list, -1) {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := nodeFrom(part, now, cal)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if len(out) > models.MaxNodes {
		return nil, models.ErrTooManyNodes
	}
	return out, nil
}

// refuseNode explains why a node (or a list of them) was not taken; t is
// the task, or nil at assignment.
func (r *request) refuseNode(ctx context.Context, err error, t *models.Task) error {
	var pe *nodeParseError
	var ne *models.NodeError
	switch {
	case errors.As(err, &pe) && errors.Is(err, errNodeNoName):
		return r.fail(ctx, fmt.Sprintf("节点「%s」没有名称：每个节点写「名称 截止时间」，例如：用地预审 3月底。", pe.part),
			fmt.Sprintf("Node %q has no name: write each node as name and deadline.", pe.part))
	case errors.As(err, &pe) && isDeadlineError(err):
		reason, reasonEn := "没有写截止时间", "it has no deadline"
		var de *deadline.Error
		if errors.As(err, &de) {
			reason, reasonEn = de.Reason, englishReason(de)
		}
		return r.fail(ctx, fmt.Sprintf("节点「%s」：%s。每个节点写「名称 截止时间」，例如：用地预审 3月底。", pe.part, strings.TrimSuffix(reason, "。")),
			fmt.Sprintf("Node %q: %s Write each node as name and deadline.", pe.part, reasonEn))
	case errors.As(err, &pe):
		return err
	case errors.Is(err, models.ErrTooManyNodes):
		return r.fail(ctx, fmt.Sprintf("一项任务最多 %d 个节点。", models.MaxNodes), fmt.Sprintf("A task has at most %d nodes.", models.MaxNodes))
	case errors.Is(err, models.ErrNodeAfterDeadline):
		name, nameEn := "", ""
		if errors.As(err, &ne) {
			name, nameEn = "「"+ne.Name+"」", fmt.Sprintf(" %q", ne.Name)
		}
		due := ""
		if t != nil {
			due = "（" + plainTime(t.Deadline, r.loc) + "）"
		}
		return r.fail(ctx, fmt.Sprintf("节点%s的截止时间晚于任务截止时间%s。节点要倒排工期，不能晚于任务截止。", name, due),
			fmt.Sprintf("Node%s is due after the task's deadline; nodes are worked backwards from it.", nameEn))
	case errors.Is(err, models.ErrNoNode):
		n := 0
		if t != nil {
			n = len(t.Nodes)
		}
		return r.fail(ctx, fmt.Sprintf("没有这个节点：该任务共有 %d 个节点，/node %d 查看。", n, taskNumberOf(t)),
			fmt.Sprintf("No such node: the task has %d.", n))
	case errors.Is(err, models.ErrNodeDone):
		return r.fail(ctx, "这个节点已经完成了。", "That node is done already.")
	case errors.Is(err, models.ErrInvalid):
		if errors.As(err, &ne) && strings.TrimSpace(ne.Name) == "" {
			return r.fail(ctx, "节点要有名称。", "A node needs a name.")
		}
	}
	return r.refuseStoreError(ctx, err)
}

func taskNumberOf(t *models.Task) int {
	if t == nil {
		return 0
	}
	return t.Number
}

// plainTime is formatTime without markup, for refusals (sent as text).
func plainTime(t time.Time, loc *time.Location) string { return formatTime(t, loc, false) }

// nodesText is /node N: the task and its nodes as a checklist.
func nodesText(t *models.Task, now time.Time, loc *time.Location) string {
	if len(t.Nodes) == 0 {
		return fmt.Sprintf("%s 还没有节点。交办人或领导可用 /node %d add 节点名称 截止时间 添加。", taskHeader(t), t.Number)
	}
	return taskHeader(t) + " " + nodeChecklist(t, now, loc)
}

// nodeChecklist is "节点 2/5" and one line per node: ✅ done (date),
// ⏳ open (deadline), 🔴 overdue (逾期N天).
func nodeChecklist(t *models.Task, now time.Time, loc *time.Location) string {
	done, total := models.NodeCount(t.Nodes)
	var s strings.Builder
	fmt.Fprintf(&s, "节点 %d/%d", done, total)
	late := 0
	for i := range t.Nodes {
		if waiting(t) && t.Nodes[i].Overdue(now) {
			late++
		}
	}
	if late > 0 {
		fmt.Fprintf(&s, "（逾期 %d 个）", late)
	}
	for i := range t.Nodes {
		s.WriteString("\n" + nodeLine(&t.Nodes[i], i+1, waiting(t), now, loc))
	}
	return s.String()
}

// waiting reports whether a task waits for work: only then are its open
// nodes chased and shown overdue.
func waiting(t *models.Task) bool {
	return t.Status == models.StatusTodo || t.Status == models.StatusDoing
}

// nodeLine is one node of a checklist; late says whether an open node past
// its deadline counts as overdue (its task still waits for work).
func nodeLine(n *models.Node, k int, late bool, now time.Time, loc *time.Location) string {
	due := n.Deadline.In(loc).Format("01-02 15:04")
	switch {
	case n.Done():
		return fmt.Sprintf("✅ %d. %s（%s 完成）", k, escape(n.Name), n.DoneAt.In(loc).Format("01-02"))
	case late && n.Overdue(now):
		state := "已过截止时间"
		if d := n.DaysOverdue(now, loc); d > 0 {
			state = fmt.Sprintf("逾期%d天", d)
		}
		return fmt.Sprintf("🔴 %d. %s（截止 %s，%s）", k, escape(n.Name), due, state)
	}
	return fmt.Sprintf("⏳ %d. %s（截止 %s）", k, escape(n.Name), due)
}

// nodeMarker finds 节点：… in /assign: the list runs to the end of its line
// or to the next marker (单位：, 清单：, 包保：).
var (
	nodeMarker  = regexp.MustCompile(`节点[：:]\s*`)
	nodeListEnd = regexp.MustCompile(`\n|(?:牵头)?单位[：:]|清单[：:]|包保(?:领导)?[：:]`)
	listMarker  = regexp.MustCompile(`(?:^|[\s，,。；;])(清单[：:]\s*([^\s，,。；;]+))`)
)

// takeListAndNodes reads 清单：名称 and 节点：… from an assignment into d and
// adds their spans to remove. An unknown list or any bad node refuses the
// whole command.
func (b *Bot) takeListAndNodes(ctx context.Context, r *request, d *assignDraft, remove *[][2]int) error {
	args := r.text[r.argsAt:]
	if loc := nodeMarker.FindStringIndex(args); loc != nil {
		end := len(args)
		if e := nodeListEnd.FindStringIndex(args[loc[1]:]); e != nil {
			end = loc[1] + e[0]
		}
		nodes, err := r.parseNodes(ctx, args[loc[1]:end])
		if err != nil {
			return r.refuseNode(ctx, err, nil)
		}
		if len(nodes) == 0 {
			return r.fail(ctx, "「节点：」后请写节点，例如：节点：立项 1月15日, 用地预审 3月底, 开工 5月底",
				"After 节点： list the nodes, e.g. 节点：立项 1月15日, 用地预审 3月底")
		}
		d.Nodes = nodes
		*remove = append(*remove, [2]int{r.argsAt + loc[0], r.argsAt + end})
	}
	if loc := listMarker.FindStringSubmatchIndex(args); loc != nil {
		name := args[loc[4]:loc[5]]
		if _, err := b.store.ListByName(ctx, r.chat.ID, name); err != nil {
			return r.refuseListError(ctx, err, name)
		}
		d.List = name
		*remove = append(*remove, [2]int{r.argsAt + loc[2], r.argsAt + loc[3]})
	}
	return nil
}

// refuseAssignError explains why a new task was refused: its list or its
// nodes, or what the store says of tasks.
func (r *request) refuseAssignError(ctx context.Context, err error, n *models.NewTask) error {
	switch {
	case errors.Is(err, models.ErrNoList):
		return r.refuseListError(ctx, err, n.ListName)
	case errors.Is(err, models.ErrNodeAfterDeadline), errors.Is(err, models.ErrTooManyNodes):
		return r.refuseNode(ctx, err, &models.Task{Deadline: n.Deadline})
	}
	var ne *models.NodeError
	if errors.As(err, &ne) {
		return r.refuseNode(ctx, err, nil)
	}
	return r.refuseStoreError(ctx, err)
}

// ledgerNodes renders the nodes of a ledger's tasks into its 节点 sheet.
func (b *Bot) ledgerNodes(ctx context.Context, chat *models.Chat, tasks []models.Task, now time.Time) ([]ledger.NodeRow, error) {
	ids := make([]uint, len(tasks))
	for i := range tasks {
		ids[i] = tasks[i].ID
	}
	nodes, err := b.store.NodesOf(ctx, ids)
	if err != nil || len(nodes) == 0 {
		return nil, err
	}
	loc := chat.Location()
	var out []ledger.NodeRow
	for i := range tasks {
		t := &tasks[i]
		for _, n := range nodes[t.ID] {
			row := ledger.NodeRow{Number: t.Number, Title: t.Title, Name: n.Name, Deadline: n.Deadline, DoneAt: n.DoneAt, Status: "未完成"}
			switch {
			case n.Done():
				row.Status = "已完成"
			case n.Overdue(now) && waiting(t):
				row.Overdue, row.Status = true, "已逾期"
				if d := n.DaysOverdue(now, loc); d > 0 {
					row.Status = fmt.Sprintf("逾期%d天", d)
				}
			}
			out = append(out, row)
		}
	}
	return out, nil
}

// noticeNodes are the nodes a node reminder is about that are still open,
// in their order (t carries its nodes).
func noticeNodes(t *models.Task, n models.Notice) []int {
	ids := map[uint]bool{}
	for _, r := range n.Reminders {
		if r.NodeID != nil {
			ids[*r.NodeID] = true
		}
	}
	var out []int // indexes into t.Nodes
	for i := range t.Nodes {
		if ids[t.Nodes[i].ID] && !t.Nodes[i].Done() {
			out = append(out, i)
		}
	}
	return out
}

// nodeReminderText is the head of a node reminder: before, at, or the
// daily 催办 of one or more of the task's nodes, each named with its K.
func nodeReminderText(t *models.Task, n models.Notice, now time.Time, loc *time.Location) string {
	var s strings.Builder
	idx := noticeNodes(t, n)
	done, total := models.NodeCount(t.Nodes)
	switch n.Kind {
	case models.ReminderNodeBefore:
		fmt.Fprintf(&s, "⏰ 节点提醒：%s（节点 %d/%d）", taskHeader(t), done, total)
		for _, i := range idx {
			node := &t.Nodes[i]
			fmt.Fprintf(&s, "\n节点「%s」将于 %s 截止（还有%s）。", escape(node.Name), formatTime(node.Deadline, loc, false),
				chineseDuration(node.Deadline.Sub(now).Truncate(time.Minute)))
		}
	case models.ReminderNodeDue:
		fmt.Fprintf(&s, "⏰ 节点到期：%s（节点 %d/%d）", taskHeader(t), done, total)
		for _, i := range idx {
			fmt.Fprintf(&s, "\n节点「%s」已到截止时间 %s。", escape(t.Nodes[i].Name), formatTime(t.Nodes[i].Deadline, loc, false))
		}
	default:
		fmt.Fprintf(&s, "🔴 节点催办：%s（节点 %d/%d）", taskHeader(t), done, total)
		for _, i := range idx {
			fmt.Fprintf(&s, "\n%s", nodeLine(&t.Nodes[i], i+1, true, now, loc))
		}
		s.WriteString("\n请抓紧推进。")
	}
	if len(idx) > 0 {
		fmt.Fprintf(&s, "完成后发送 /node %d done %d。", t.Number, idx[0]+1)
	}
	return s.String()
}

// taskThread is the forum topic a task's notices go to: that of its list
// when a leader bound the list to one, else the topic it was assigned in.
func (b *Bot) taskThread(ctx context.Context, t *models.Task) (int, error) {
	if t.ListID == nil {
		return t.ThreadID, nil
	}
	l, err := b.store.ListByID(ctx, t.ChatID, *t.ListID)
	if errors.Is(err, models.ErrNoList) {
		return t.ThreadID, nil
	}
	if err != nil {
		return 0, err
	}
	if l.ThreadID != 0 {
		return l.ThreadID, nil
	}
	return t.ThreadID, nil
}
