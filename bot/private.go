package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// Work from the private chat: /task, /progress, /done and /ack name a task
// by its number, and by its group when the user has tasks numbered so in
// several groups (/done 招商#3). An ambiguous number gets buttons, one per
// group; the choice completes the command. Buttons on private copies of
// assignments and reminders act on their task as in the group.

// groupRef is "群名#3": part of a group's title, then the task number.
// The number and the space after it may be full-width (招商#３　说明),
// as taskNumber reads them.
var groupRef = regexp.MustCompile(`^(\S*?)\s*[#＃]\s*([0-9０-９]{1,9})(?:[\s　]+|$)`)

// actIn makes the request act on a group's task from another chat (the
// private chat): permissions and settings are the group's, answers still go
// where the user asked.
func (r *request) actIn(chat *models.Chat) {
	r.chat, r.loc = chat, chat.Location()
}

// fromPrivate reports whether the request acts on a group's task from the
// private chat.
func (r *request) fromPrivate() bool { return r.chat.TelegramID != r.tgChatID }

// privatePick is the payload of the question "which group?".
type privatePick struct {
	Command string `json:"cmd"`
	Args    string `json:"args"` // what followed the task reference
}

// privateTaskArg resolves a task reference given in the private chat among
// the tasks the user leads, cooperates on or assigned, in every group. On
// success the request acts in the task's group; rest follows the reference.
func (r *request) privateTaskArg(ctx context.Context, command string) (*models.Task, string, error) {
	group, n, rest, ok := parsePrivateRef(r.args)
	if !ok {
		return nil, "", r.fail(ctx, "请写明任务编号，例如 /"+command+" 3；在多个群都有 3 号任务时写群名，例如 /"+command+" 招商#3。",
			"Please give a task number, e.g. /"+command+" 3, or with the group: /"+command+" group#3.")
	}
	all, err := r.b.store.TasksNumbered(ctx, r.user.ID, n)
	if err != nil {
		return nil, "", err
	}
	var found []models.ChatTask
	for _, ct := range all {
		if ct.Chat.IsGroup() && (group == "" || strings.Contains(strings.ToLower(ct.Chat.Title), strings.ToLower(group))) {
			found = append(found, ct)
		}
	}
	switch len(found) {
	case 0:
		where := "各群"
		if group != "" {
			where = "名称含「" + group + "」的群"
		}
		return nil, "", r.fail(ctx, fmt.Sprintf("您在%s都没有 #%d 号任务。发送 /my 查看您的任务。", where, n),
			fmt.Sprintf("You have no task #%d there. /my lists your tasks.", n))
	case 1:
		r.actIn(&found[0].Chat)
		return &found[0].Task, rest, nil
	}
	var rows [][]tgmodels.InlineKeyboardButton
	for _, ct := range found {
		rows = append(rows, []tgmodels.InlineKeyboardButton{{
			Text:         truncateRunes(ct.Chat.Title, 40) + " #" + strconv.Itoa(n),
			CallbackData: callbackData(actPick, ct.Task.ID)}})
	}
	text := escape(fmt.Sprintf("您在 %d 个群都有 #%d 号任务，请选择是哪个群的（也可以写 /%s 群名#%d）：", len(found), n, command, n))
	data, err := json.Marshal(privatePick{Command: command, Args: rest})
	if err != nil {
		return nil, "", err
	}
	// The buttons' message is remembered as a question once Telegram has
	// it: a press finds the command it goes on with.
	_, err = r.b.send(ctx, outgoing{chatID: r.tgChatID, text: text, markup: &tgmodels.InlineKeyboardMarkup{InlineKeyboard: rows},
		prompt: &models.Prompt{ChatID: r.chat.ID, UserID: r.user.ID, Kind: promptPick, Payload: string(data)}})
	if err != nil {
		return nil, "", err
	}
	return nil, "", errHandled
}

// parsePrivateRef reads "3", "#3", "招商#3" or "招商 #3" and what follows.
func parsePrivateRef(args string) (group string, n int, rest string, ok bool) {
	args = strings.TrimSpace(args)
	if m := groupRef.FindStringSubmatch(args); m != nil {
		n, _, ok := taskNumber(m[2])
		if !ok {
			return "", 0, "", false
		}
		return m[1], n, strings.TrimSpace(args[len(m[0]):]), true
	}
	n, rest, ok = taskNumber(args)
	return "", n, rest, ok
}

// pickTask is a press of a "which group?" button: the command the user gave
// goes on with the task of the chosen group.
func (b *Bot) pickTask(ctx context.Context, r *request, messageID int, taskID uint) error {
	p, err := b.store.PromptFor(ctx, r.chat.ID, messageID)
	if errors.Is(err, models.ErrNotFound) || err == nil && p.UserID != r.user.ID {
		return r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err != nil {
		return err
	}
	var pick privatePick
	if err := json.Unmarshal([]byte(p.Payload), &pick); err != nil {
		return fmt.Errorf("decode prompt %d: %w", p.ID, err)
	}
	t, chat, err := b.buttonTask(ctx, r, taskID)
	if err != nil {
		return err
	}
	if err := b.store.DeletePrompt(ctx, p.ID); err != nil {
		return err
	}
	r.toast(ctx, "")
	b.removeButtons(ctx, r.tgChatID, messageID)
	r.actIn(chat)
	r.args = strings.TrimSpace(strconv.Itoa(t.Number) + " " + pick.Args)
	switch pick.Command {
	case "progress":
		return b.cmdProgress(ctx, r)
	case "done":
		return b.cmdDone(ctx, r)
	case "ack":
		return b.acknowledge(ctx, r, t)
	case "files":
		return b.showFiles(ctx, r, t)
	case "node":
		return b.cmdNode(ctx, r)
	}
	return b.showTask(ctx, r, t)
}

// buttonTask loads the task a button names and its group. In a group the
// task must be the group's (taskPressed); in the private chat the presser
// must lead, cooperate on or have assigned it. Anything else is a stale or
// forged button and gets an alert.
func (b *Bot) buttonTask(ctx context.Context, r *request, id uint) (*models.Task, *models.Chat, error) {
	if r.chat.IsGroup() {
		t, err := b.taskPressed(ctx, r, id)
		return t, r.chat, err
	}
	t, err := b.store.TaskByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) || err == nil && !t.IsAssignee(r.user.ID) && t.AssignerID != r.user.ID {
		return nil, nil, r.alert(ctx, r.say("这个按钮已失效。", "This button is no longer valid."))
	}
	if err != nil {
		return nil, nil, err
	}
	chat, err := b.store.ChatByID(ctx, t.ChatID)
	if err != nil {
		return nil, nil, err
	}
	return t, chat, nil
}

// tellGroup posts, in the task's group, what a user did from the private
// chat (a submission with its 确认办结 and 退回, a progress report), so that
// the group sees it as if it had been done there.
func (b *Bot) tellGroup(ctx context.Context, r *request, t *models.Task, text string, markup tgmodels.ReplyMarkup) error {
	_, err := b.send(ctx, outgoing{chatID: r.chat.TelegramID, thread: t.ThreadID, text: text, markup: markup, about: t.ID})
	return err
}
