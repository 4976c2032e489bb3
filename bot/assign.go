package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duban-bot/duban/internal/deadline"
	"github.com/duban-bot/duban/models"
)

// assignDraft is an assignment being put together: from the command, and
// from the answers to the bot's questions when parts were missing.
type assignDraft struct {
	Title         string    `json:"title,omitempty"`
	Detail        string    `json:"detail,omitempty"`
	Unit          string    `json:"unit,omitempty"`
	LeadID        uint      `json:"lead,omitempty"`
	CoIDs         []uint    `json:"co,omitempty"`
	ResponsibleID uint      `json:"resp,omitempty"`
	Unknown       []string  `json:"unknown,omitempty"` // @usernames not met yet
	Deadline      time.Time `json:"deadline,omitempty"`
	Phrase        string    `json:"phrase,omitempty"`
	Thread        int       `json:"thread,omitempty"`
	Posted        bool      `json:"posted,omitempty"`  // /post: no lead, members claim it
	Missing       string    `json:"missing,omitempty"` // what the last question asked for
	// Why the deadline given was not taken (尽快 sets no date; the
	// notice's date has passed), said before asking for one.
	Why   string `json:"why,omitempty"`
	WhyEn string `json:"why_en,omitempty"`
	// 清单：名称 and 节点：… (list.go, node.go)
	List  string           `json:"list,omitempty"`
	Nodes []models.NewNode `json:"nodes,omitempty"`
	// Rule is a recurring phrase's rule (周期任务, series.go): the task is
	// a series, and the rule sets each instance's deadline.
	Rule       string `json:"rule,omitempty"`
	RulePhrase string `json:"rule_phrase,omitempty"`
}

// Markers inside /assign: 单位：投资促进局 and 包保：@李局 (full- or half-width colon).
// 单位： must start a word, so that the 各单位： of a notice is not one.
var (
	unitMarker = regexp.MustCompile(`(?:^|[\s，,。；;])((?:牵头)?单位[：:]\s*([^\s，,。；;]+))`)
	respMarker = regexp.MustCompile(`包保(?:领导)?[：:]\s*`)
)

// cmdAssign is /assign @主办 [@协办…] 标题 截止 [单位：…] [包保：@…].
func (b *Bot) cmdAssign(ctx context.Context, r *request) error {
	if err := r.requireLeader(ctx, "交办任务", "assign tasks"); err != nil {
		return err
	}
	d := assignDraft{Thread: r.thread}
	if err := b.parseAssignment(ctx, r, &d, true); err != nil {
		return err
	}
	return b.finishAssign(ctx, r, &d)
}

// cmdPost is /post 标题 截止: a task listed for members to claim (揭榜挂帅).
func (b *Bot) cmdPost(ctx context.Context, r *request) error {
	if err := r.requireLeader(ctx, "发布揭榜任务", "post tasks"); err != nil {
		return err
	}
	d := assignDraft{Thread: r.thread, Posted: true}
	if err := b.parseAssignment(ctx, r, &d, false); err != nil {
		return err
	}
	return b.finishAssign(ctx, r, &d)
}

// parseAssignment fills d from the command's text: people, unit, 包保,
// deadline and title. A deadline phrase that is past or impossible stops
// the command with the parser's reason.
func (b *Bot) parseAssignment(ctx context.Context, r *request, d *assignDraft, people bool) error {
	var remove [][2]int
	text := r.text
	if err := b.takeListAndNodes(ctx, r, d, &remove); err != nil {
		return err
	}
	if people {
		respAt := -1
		if loc := respMarker.FindStringIndex(text[r.argsAt:]); loc != nil {
			respAt = r.argsAt + loc[1]
			remove = append(remove, [2]int{r.argsAt + loc[0], respAt})
		}
		ms := mentions(text, r.entities, r.argsAt)
		if who := b.botMentioned(text, ms); who != "" {
			return r.fail(ctx, r.botRefusal(who), r.botRefusal(who))
		}
		for _, m := range ms {
			remove = append(remove, [2]int{m.start, m.end})
			if b.isMe(m) {
				continue // the bot does no tasks
			}
			res, err := b.resolve(ctx, m)
			if err != nil {
				return err
			}
			if res.unknown {
				d.Unknown = appendUnique(d.Unknown, "@"+res.user.Username)
			}
			switch {
			case m.start == respAt:
				d.ResponsibleID = res.user.ID
			case d.LeadID == 0:
				d.LeadID = res.user.ID
			case res.user.ID != d.LeadID:
				d.CoIDs = appendUniqueID(d.CoIDs, res.user.ID)
			}
		}
	}
	if loc := unitMarker.FindStringSubmatchIndex(text[r.argsAt:]); loc != nil {
		d.Unit = text[r.argsAt+loc[4] : r.argsAt+loc[5]]
		remove = append(remove, [2]int{r.argsAt + loc[2], r.argsAt + loc[3]})
	}
	rest := cut(text[r.argsAt:], shift(remove, -r.argsAt))
	if err := b.takeRule(ctx, r, d, &rest, people); err != nil {
		return err
	}
	if d.Rule == "" {
		if err := b.takeDeadline(ctx, r, d, &rest); err != nil {
			return err
		}
	}
	d.Title = dropStrayAt(rest)
	if r.msg != nil && r.msg.ReplyToMessage != nil {
		return b.passOnNotice(ctx, r, d)
	}
	return nil
}

// passOnNotice completes an assignment made in reply to a notice: the
// notice's deadline (请于12月15日前报送) when the command gives none, and the
// notice as the task when the command gives no title.
func (b *Bot) passOnNotice(ctx context.Context, r *request, d *assignDraft) error {
	quoted := r.msg.ReplyToMessage.Text
	if quoted == "" {
		quoted = r.msg.ReplyToMessage.Caption
	}
	titleFrom := quoted
	if d.Deadline.IsZero() && d.Rule == "" {
		dl, rest, err := r.findDeadline(ctx, quoted)
		var de *deadline.Error
		switch {
		case err == nil:
			d.Deadline, d.Phrase, d.Why, d.WhyEn, titleFrom = dl.At, dl.Phrase, "", "", rest
		case errors.As(err, &de):
			d.Why, d.WhyEn = "通知中的截止时间："+de.Reason, "The notice's deadline: "+englishReason(de)
		case !errors.Is(err, deadline.ErrNoDeadline):
			return err
		}
	}
	if d.Title == "" {
		d.Title, d.Detail = titleOf(titleFrom), strings.TrimSpace(quoted)
		if d.Detail == d.Title {
			d.Detail = ""
		}
	}
	return nil
}

// takeDeadline finds a deadline phrase in *text, removes it and stores it
// in d. No phrase at all is not an error here: finishAssign asks for one.
func (b *Bot) takeDeadline(ctx context.Context, r *request, d *assignDraft, text *string) error {
	dl, rest, err := r.findDeadline(ctx, *text)
	if errors.Is(err, deadline.ErrNoDeadline) {
		return nil
	}
	if err != nil {
		if d.Missing != "" {
			return r.askDeadlineAgain(ctx, err, d)
		}
		var de *deadline.Error
		if errors.As(err, &de) && de.Kind == deadline.Vague {
			// 尽快 sets no date: finishAssign asks for one, the rest stands.
			d.Why, d.WhyEn, *text = de.Reason, englishReason(de), rest
			return nil
		}
		return r.refuseDeadline(ctx, err)
	}
	d.Deadline, d.Phrase, *text = dl.At, dl.Phrase, rest
	return nil
}

// askDeadlineAgain answers an unusable deadline given in reply to one of the
// bot's questions: it says why and asks again, so that the draft is not lost.
func (r *request) askDeadlineAgain(ctx context.Context, err error, d *assignDraft) error {
	if !isDeadlineError(err) {
		return err
	}
	reason, reasonEn := deadlineReasons(err)
	if err := r.ask(ctx, escape(r.say(reason+"\n请重新回复，例如："+r.examples(),
		reasonEn+"\nPlease reply again, e.g. "+r.englishExamples())), promptAssign, d); err != nil {
		return err
	}
	return errHandled
}

// dropStrayAt removes a lone "@" (a mention started and not finished: it
// names nobody) so that it does not end up in the title.
func dropStrayAt(s string) string {
	words := strings.Fields(s)
	kept := words[:0]
	for _, w := range words {
		if w != "@" && w != "＠" {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// titleOf takes a task title from a longer notice: its first non-empty line,
// cut to the title limit.
func titleOf(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if utf8.RuneCountInString(line) > models.MaxTitleRunes {
				line = truncateRunes(line, models.MaxTitleRunes-1) + "…"
			}
			return line
		}
	}
	return ""
}

// finishAssign asks for what is still missing, or stores the task.
func (b *Bot) finishAssign(ctx context.Context, r *request, d *assignDraft) error {
	switch {
	case !d.Posted && d.LeadID == 0:
		d.Missing = "lead"
		return r.ask(ctx, escape(r.say("请回复主办人（@用户名，可再加协办人），例如：@zhangwei @wangfang",
			"Who leads this task? Reply with @username (add more for cooperators).")), promptAssign, d)
	case d.Title == "":
		d.Missing = "title"
		return r.ask(ctx, escape(r.say("请回复任务内容（标题），例如：完成项目申报材料",
			"What is the task? Reply with its title.")), promptAssign, d)
	case d.Deadline.IsZero() && d.Rule == "":
		d.Missing = "deadline"
		why, whyEn := "", ""
		if d.Why != "" {
			why, whyEn = d.Why+"\n", d.WhyEn+"\n"
		}
		return r.ask(ctx, escape(r.say(why+"请回复截止时间，例如："+r.examples(),
			whyEn+"When is it due? Reply with a deadline, e.g. "+r.englishExamples())), promptAssign, d)
	}
	if err := models.CheckLength("title", d.Title, models.MaxTitleRunes); err != nil {
		return r.refuseTooLong(ctx, err)
	}
	if err := models.CheckLength("detail", d.Detail, models.MaxDetailRunes); err != nil {
		return r.refuseTooLong(ctx, err)
	}
	if d.Rule == "" && !d.Deadline.After(r.now) {
		// Time passed while the bot waited for an answer.
		return r.fail(ctx, "截止时间已经过去，请重新交办。", "That deadline has passed; please assign again.")
	}
	if d.Unit == "" && d.LeadID != 0 {
		unit, err := b.store.UnitOf(ctx, r.chat.ID, d.LeadID)
		if err != nil {
			return err
		}
		d.Unit = unit
	}
	n := models.NewTask{ChatID: r.chat.ID, Title: d.Title, Detail: d.Detail, UnitName: d.Unit,
		AssignerID: r.user.ID, LeadID: d.LeadID, CooperatorIDs: d.CoIDs,
		Deadline: d.Deadline, DeadlinePhrase: d.Phrase, ThreadID: d.Thread, ListName: d.List, Nodes: d.Nodes}
	if d.ResponsibleID != 0 {
		id := d.ResponsibleID
		n.ResponsibleID = &id
	}
	if d.Rule != "" && len(d.Nodes) > 0 {
		return r.fail(ctx, "周期任务每一期的截止时间不同，不能在交办时设节点；可以先交办，再用 /node 任务号 add 为某一期添加节点。",
			"A recurring task's instances have different deadlines: give no nodes with it; add them to one instance with /node N add.")
	}
	if d.Rule != "" {
		return b.startSeries(ctx, r, d, n)
	}
	t, err := b.store.CreateTask(ctx, r.change(), n)
	if err != nil {
		return r.refuseAssignError(ctx, err, &n)
	}
	return b.announceTask(ctx, r, t, d.Unknown)
}

// announceTask posts the new task's card with its 收到 button, and sends
// it privately, with its buttons, to the assignees who started the bot.
func (b *Bot) announceTask(ctx context.Context, r *request, t *models.Task, unknown []string) error {
	responsible, err := b.responsibleOf(ctx, t)
	if err != nil {
		return err
	}
	if t.Status != models.StatusPosted {
		text, markup := assignmentCard(t, responsible, r.now, r.loc)
		if err := r.replyCard(ctx, t.ID, text, markup); err != nil {
			return err
		}
		b.copyNewTask(ctx, r.chat, t, responsible, r.now, r.loc)
		return nil
	}
	var text strings.Builder
	text.WriteString("🏁 揭榜挂帅\n")
	text.WriteString(taskCard(t, responsible, r.now, r.loc))
	fmt.Fprintf(&text, "\n\n谁愿意承担，请发送 /claim %d 认领（先到先得）。", t.Number)
	if len(unknown) > 0 {
		fmt.Fprintf(&text, "\n\n提示：%s 还没有在群里出现过，机器人已记下，待其首次发言或使用机器人时自动关联。",
			escape(strings.Join(unknown, "、")))
	}
	return r.replyCard(ctx, t.ID, text.String(), nil)
}

// responsibleOf loads a task's 包保领导 (nil: none).
func (b *Bot) responsibleOf(ctx context.Context, t *models.Task) (*models.User, error) {
	if t.ResponsibleID == nil {
		return nil, nil
	}
	return b.store.UserByID(ctx, *t.ResponsibleID)
}

// copyNewTask sends a new task, with its 收到 button, privately to its
// assignees who started the bot.
func (b *Bot) copyNewTask(ctx context.Context, chat *models.Chat, t *models.Task, responsible *models.User, now time.Time, loc *time.Location) {
	users := make([]*models.User, len(t.Assignees))
	for i := range t.Assignees {
		users[i] = &t.Assignees[i].User
	}
	b.sendPrivateCopies(ctx, chat, t, users, "📌 新任务\n"+taskCard(t, responsible, now, loc)+
		"\n\n点「收到」或回复「收到」签收。", taskButtons(t, actAck, actView))
}

// cmdClaim is /claim N: the first member to claim a listed task leads it.
func (b *Bot) cmdClaim(ctx context.Context, r *request) error {
	t, _, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	claimed, err := b.store.ClaimTask(ctx, r.change(), t.ID, r.user.ID)
	switch {
	case errors.Is(err, models.ErrAlreadyClaimed):
		return b.refuseClaim(ctx, r, t.ID)
	case err != nil:
		return r.refuseStoreError(ctx, err)
	}
	t = claimed
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("🙋 %s 认领了 %s，担任主办。\n截止：%s", userLink(r.user), taskHeader(t),
		formatTime(t.Deadline, r.loc, false)), nil)
}

// refuseClaim names who leads a task that cannot be claimed: one claimed
// already, or one that was assigned rather than listed.
func (b *Bot) refuseClaim(ctx context.Context, r *request, taskID uint) error {
	t, err := b.store.TaskByID(ctx, taskID) // as it is now, with its lead
	if err != nil {
		return err
	}
	h, err := b.store.TaskHistory(ctx, taskID)
	if err != nil {
		return err
	}
	if len(h.Events) > 0 && h.Events[0].Kind == "posted" {
		return r.fail(ctx, fmt.Sprintf("#%d 已经有人认领了，主办是 %s。", t.Number, plainLead(t)),
			fmt.Sprintf("#%d has been claimed already; %s leads it.", t.Number, plainLead(t)))
	}
	return r.fail(ctx, fmt.Sprintf("#%d 不是揭榜任务，已交办给 %s，不能认领。", t.Number, plainLead(t)),
		fmt.Sprintf("#%d is not a listed task; %s leads it.", t.Number, plainLead(t)))
}

func plainLead(t *models.Task) string {
	if l := t.Lead(); l != nil {
		return l.User.DisplayName()
	}
	return "—"
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func appendUniqueID(list []uint, id uint) []uint {
	for _, x := range list {
		if x == id {
			return list
		}
	}
	return append(list, id)
}

func shift(ranges [][2]int, by int) [][2]int {
	out := make([][2]int, len(ranges))
	for i, r := range ranges {
		out[i] = [2]int{r[0] + by, r[1] + by}
	}
	return out
}
