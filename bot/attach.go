package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// Attachments (附件): a document or a photo sent as a reply to a task's card
// or to any message of the bot about a task is attached to that task, and so
// is the file of a /done, /progress or /assign whose caption is the command.
// Only Telegram's file id is kept; /task N and /files N list a task's files
// with a button each that sends the file again by its id.

// maxFileButtons is how many files /task and /files offer as buttons.
const maxFileButtons = 10

// attachCommands are the commands whose file (the message they are the
// caption of) is attached to the task they act on: /done, /progress,
// /assign, and the answers to the questions of /assign and of 进展.
var attachCommands = map[string]bool{"done": true, "progress": true, "assign": true,
	"reply:" + promptAssign: true, "reply:" + promptProgress: true}

// fileOf returns the file a message itself carries (a document, or a
// photo's largest size), as an attachment to be; nil for none.
func fileOf(m *tgmodels.Message) *models.NewAttachment {
	switch {
	case m.Document != nil:
		return &models.NewAttachment{Kind: models.AttachDocument, FileID: m.Document.FileID,
			FileUniqueID: m.Document.FileUniqueID, FileName: m.Document.FileName, FileSize: m.Document.FileSize}
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1] // Telegram lists the sizes smallest first
		return &models.NewAttachment{Kind: models.AttachPhoto, FileID: p.FileID, FileUniqueID: p.FileUniqueID,
			FileSize: int64(p.FileSize)}
	}
	return nil
}

// attachByReply attaches a file sent without a command as a reply to a
// message of the bot about a task. handled is false when the message
// replied to is about no task: then the message is ordinary chat.
func (b *Bot) attachByReply(ctx context.Context, upd *tgmodels.Update, m *tgmodels.Message, f *models.NewAttachment) (bool, error) {
	reply := m.ReplyToMessage
	if reply == nil || reply.From == nil || reply.From.ID != b.me.ID {
		return false, nil
	}
	t, err := b.store.TaskOfMessage(ctx, m.Chat.ID, reply.ID)
	if errors.Is(err, models.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	r, err := b.newRequest(ctx, upd, m)
	if err != nil {
		return true, err
	}
	r.text, r.entities = m.Caption, m.CaptionEntities
	if strings.TrimSpace(r.text) != "" {
		// A captioned file answering the bot's question to this person is
		// the answer (its file attached with it), not a bare attachment.
		p, err := b.store.PromptFor(ctx, r.chat.ID, reply.ID)
		if err == nil && p.UserID == r.user.ID {
			return false, nil
		}
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return true, err
		}
	}
	return true, b.run(ctx, r, command{name: "reply:attach", run: func(ctx context.Context, r *request) error {
		if r.chat.IsGroup() && t.ChatID != r.chat.ID {
			return nil // a message of another group: not this group's task
		}
		if !r.chat.IsGroup() && !t.IsAssignee(r.user.ID) && t.AssignerID != r.user.ID {
			return r.fail(ctx, fmt.Sprintf("只能在任务所在的群里给 #%d 添加附件。", t.Number),
				fmt.Sprintf("Attach files to #%d in its group.", t.Number))
		}
		return b.attach(ctx, r, t, f)
	}})
}

// attach stores f as a file of t and confirms it.
func (b *Bot) attach(ctx context.Context, r *request, t *models.Task, f *models.NewAttachment) error {
	n := *f
	n.TaskID = t.ID
	switch {
	case n.Kind == models.AttachPhoto:
		n.FileName = "图片-" + r.localNow().Format("20060102-150405") + ".jpg"
	case n.FileName == "": // Telegram may send a document without a name
		n.FileName = "文件-" + r.localNow().Format("20060102-150405")
	}
	a, err := b.store.AttachFile(ctx, r.change(), n)
	if err != nil {
		return err
	}
	// The group reads it: in Chinese, whoever attached (doc.go).
	return r.replyAbout(ctx, t.ID, fmt.Sprintf("📎 已附加到 #%d：%s", t.Number, escape(a.FileName)), nil)
}

// attachAfterCommand attaches the file of a /done, /progress or /assign
// whose caption the command was, to the task the command acted on: the
// task its answers are about. It runs in the command's unit of work, so
// the file and the command are stored together.
func (b *Bot) attachAfterCommand(ctx context.Context, r *request, c command) error {
	if r.file == nil || !attachCommands[c.name] {
		return nil
	}
	a := answersOf(ctx)
	if a == nil {
		return nil
	}
	var taskID uint
	for _, m := range a.msgs {
		switch {
		case m.TaskID != nil:
			taskID = *m.TaskID
		case m.AboutTask != nil:
			taskID = *m.AboutTask
		}
		if taskID != 0 {
			break
		}
	}
	if taskID == 0 {
		// The command asked a question first (who leads, by when): no
		// task yet to hold the file.
		name := r.file.FileName
		if name == "" {
			name = "图片"
		}
		return r.reply(ctx, escape(r.say(fmt.Sprintf("📎「%s」没有附加：任务还没有建立。交办后请回复任务卡片再发一次。", name),
			fmt.Sprintf("📎 “%s” was not attached: the task does not exist yet. Once it is assigned, reply to its card with the file.", name))))
	}
	t, err := b.store.TaskByID(ctx, taskID)
	if err != nil {
		return err
	}
	return b.attach(ctx, r, t, r.file)
}

// attachmentsPart renders a task's files for /task and /files: a list
// (name, who, when) and a button per file, newest first, at most
// maxFileButtons. It is "" and nil for a task without files.
func (b *Bot) attachmentsPart(ctx context.Context, r *request, t *models.Task) (string, *tgmodels.InlineKeyboardMarkup, error) {
	files, err := b.store.Attachments(ctx, t.ID, 0)
	if err != nil || len(files) == 0 {
		return "", nil, err
	}
	var s strings.Builder
	fmt.Fprintf(&s, "<b>附件（%d）</b>", len(files))
	kb := &tgmodels.InlineKeyboardMarkup{}
	for i, f := range files {
		fmt.Fprintf(&s, "\n%d. %s — %s，%s", i+1, escape(f.FileName), escape(f.User.DisplayName()),
			formatTime(f.CreatedAt, r.loc, false))
		if i < maxFileButtons {
			icon := "📄 "
			if f.Kind == models.AttachPhoto {
				icon = "🖼 "
			}
			kb.InlineKeyboard = append(kb.InlineKeyboard, []tgmodels.InlineKeyboardButton{
				{Text: truncateRunes(icon+f.FileName, 60), CallbackData: callbackData(actFile, f.ID)}})
		}
	}
	if len(files) > maxFileButtons {
		fmt.Fprintf(&s, "\n（按钮只列最新的 %d 个）", maxFileButtons)
	}
	return s.String(), kb, nil
}

// cmdFiles is /files N: the files of task N, with their buttons.
func (b *Bot) cmdFiles(ctx context.Context, r *request) error {
	t, _, err := r.taskArg(ctx)
	if err != nil {
		return err
	}
	return b.showFiles(ctx, r, t)
}

// showFiles answers with a task's files alone.
func (b *Bot) showFiles(ctx context.Context, r *request, t *models.Task) error {
	part, kb, err := b.attachmentsPart(ctx, r, t)
	if err != nil {
		return err
	}
	if part == "" {
		return r.replyAbout(ctx, t.ID, taskHeader(t)+"\n"+escape(r.say("还没有附件。回复任务卡片发送文件或图片即可附加。",
			"No files yet. Reply to the task's card with a file or a photo to attach one.")), nil)
	}
	return r.replyAbout(ctx, t.ID, taskHeader(t)+"\n"+part, kb)
}

// pressFile sends a file of a task again by its Telegram id. Telegram may
// have lost it: the row then carries its own apology, which the sender
// says instead.
func (b *Bot) pressFile(ctx context.Context, r *request, id uint) error {
	a, err := b.store.AttachmentByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) {
		return r.alert(ctx, r.say("这个附件已不存在。", "This file no longer exists."))
	}
	if err != nil {
		return err
	}
	t, _, err := b.buttonTask(ctx, r, a.TaskID)
	if err != nil {
		return err
	}
	r.toast(ctx, "")
	kind := models.OutDocumentID
	if a.Kind == models.AttachPhoto {
		kind = models.OutPhotoID
	}
	return b.queueOrSend(ctx, models.OutgoingMessage{ChatID: r.tgChatID, Kind: kind, ThreadID: r.thread, FileID: a.FileID,
		FileName: a.FileName, Text: fmt.Sprintf("📎 #%d %s", t.Number, escape(a.FileName)),
		Apology: escape(r.say(fmt.Sprintf("无法发送附件「%s」：Telegram 上的文件已被删除或已失效。请重新上传。", a.FileName),
			fmt.Sprintf("The file “%s” cannot be sent: Telegram no longer has it. Please upload it again.", a.FileName)))})
}
