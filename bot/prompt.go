package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/duban-bot/duban/models"
)

// Kinds of questions the bot asks with ForceReply.
const (
	promptAssign   = "assign"   // a missing part of /assign or /post
	promptSendBack = "sendback" // the reason for 退回
	promptCancel   = "cancel"   // the reason for /cancel
	promptProgress = "progress" // the report asked for by a 进展 button
	promptPick     = "pick"     // which group a private command meant (answered by a button)
)

// taskPrompt is the payload of questions about one task.
type taskPrompt struct {
	TaskID uint `json:"task"`
	// MessageID is the message whose 退回 button was pressed: its buttons
	// go once the task has been sent back.
	MessageID int `json:"msg,omitempty"`
}

// answerPrompt handles a reply to one of the bot's questions. Replies to
// other bot messages, or by someone other than the person asked, are
// ordinary chat.
func (b *Bot) answerPrompt(ctx context.Context, r *request) error {
	p, err := b.store.PromptFor(ctx, r.chat.ID, r.msg.ReplyToMessage.ID)
	if errors.Is(err, models.ErrNotFound) {
		p, err = b.unboundPrompt(ctx, r)
	}
	if errors.Is(err, models.ErrNotFound) || (err == nil && (p.UserID != r.user.ID || p.Kind == promptPick)) {
		return b.replyToTaskMessage(ctx, r)
	}
	if err != nil {
		return err
	}
	if err := b.store.DeletePrompt(ctx, p.ID); err != nil {
		return err
	}
	r.args, r.argsAt = strings.TrimSpace(r.text), 0
	var run handler
	switch p.Kind {
	case promptAssign:
		var d assignDraft
		if err := json.Unmarshal([]byte(p.Payload), &d); err != nil {
			return fmt.Errorf("decode prompt %d: %w", p.ID, err)
		}
		run = func(ctx context.Context, r *request) error { return b.continueAssign(ctx, r, &d) }
	case promptSendBack, promptCancel, promptProgress:
		var tp taskPrompt
		if err := json.Unmarshal([]byte(p.Payload), &tp); err != nil {
			return fmt.Errorf("decode prompt %d: %w", p.ID, err)
		}
		run = func(ctx context.Context, r *request) error {
			switch p.Kind {
			case promptCancel:
				return b.cancelTask(ctx, r, tp.TaskID, r.args)
			case promptProgress:
				return b.answerProgress(ctx, r, tp.TaskID)
			}
			return b.sendBack(ctx, r, tp, r.args)
		}
	case promptProblem, promptProblemReturn:
		run = b.answerProblemPrompt(p)
	default:
		return nil
	}
	return b.run(ctx, r, command{name: "reply:" + p.Kind, run: run})
}

// unboundPrompt finds the question a reply answers when Telegram took the
// question but its answer could not be read, so its message id is unknown:
// the user's latest such question, if the message replied to shows exactly
// its text.
func (b *Bot) unboundPrompt(ctx context.Context, r *request) (*models.Prompt, error) {
	p, text, err := b.store.UnboundPrompt(ctx, r.chat.ID, r.user.ID)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(plainText(text)) != strings.TrimSpace(r.msg.ReplyToMessage.Text) {
		return nil, models.ErrNotFound
	}
	return p, nil
}

// continueAssign merges the answer to a question into the draft and goes on.
func (b *Bot) continueAssign(ctx context.Context, r *request, d *assignDraft) error {
	answer := r.args
	switch d.Missing {
	case "lead":
		found := false
		ms := mentions(r.text, r.entities, 0)
		if who := b.botMentioned(r.text, ms); who != "" {
			return r.ask(ctx, escape(r.botRefusal(who)), promptAssign, d) // the draft stays
		}
		for _, m := range ms {
			res, err := b.resolve(ctx, m)
			if err != nil {
				return err
			}
			if res.unknown {
				d.Unknown = appendUnique(d.Unknown, "@"+res.user.Username)
			}
			if d.LeadID == 0 {
				d.LeadID = res.user.ID
			} else if res.user.ID != d.LeadID {
				d.CoIDs = appendUniqueID(d.CoIDs, res.user.ID)
			}
			found = true
		}
		if !found {
			return r.ask(ctx, escape(r.say("没有识别到人员。请回复 @用户名 指定主办，例如：@zhangwei",
				"No one was mentioned. Reply with @username to name who leads.")), promptAssign, d)
		}
	case "title":
		if err := b.takeWhen(ctx, r, d, &answer); err != nil {
			return err
		}
		d.Title = strings.TrimSpace(answer)
	case "deadline":
		before := d.Deadline
		if err := b.takeWhen(ctx, r, d, &answer); err != nil {
			return err
		}
		if d.Deadline.Equal(before) && d.Rule == "" {
			return r.ask(ctx, escape(r.say("没有识别到截止时间。请回复例如："+r.examples(),
				"That is not a deadline I understand. Reply e.g. "+r.englishExamples())), promptAssign, d)
		}
	}
	return b.finishAssign(ctx, r, d)
}
