package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// The preview → 确认导入 / 取消 flow every import shares. A command that
// reads a file shows what it would create and calls r.offerImport with
// its payload; the payload is stored (models.PendingImport), so a restart
// between the preview and the press loses nothing. Only the leader who
// imported may press. 确认导入 takes the pending import (once: a second
// press finds nothing) and calls the kind's confirm function in the same
// unit of work, so the deletion commits with what it creates, or not at
// all. To add an import: a kind constant, its confirm function in
// importKinds, and a call to offerImport.

// Kinds of imports.
const (
	importTasks = "tasks" // /import: a 台账's rows become tasks
	// 擂台赛 (contest_import.go): a 任务书's annual targets.
	importContestTargets = "contest_targets"
)

// importConfirm creates what a pending import holds, and tells the group.
// The preview's buttons are already taken off.
type importConfirm func(ctx context.Context, r *request, p *models.PendingImport) error

// importKinds maps each kind of import to its confirm function.
func (b *Bot) importKinds() map[string]importConfirm {
	return map[string]importConfirm{
		importTasks:          b.confirmTaskImport,
		importContestTargets: b.confirmTaskBook,
	}
}

// offerImport stores payload (JSON-encoded) as a pending import of kind
// and answers with the preview (HTML) and the buttons 确认导入 and 取消.
func (r *request) offerImport(ctx context.Context, kind, fileName string, payload any, preview string) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("encode import: %w", err)
	}
	p, err := r.b.store.SavePendingImport(ctx, models.PendingImport{ChatID: r.chat.ID, UserID: r.user.ID, Kind: kind,
		FileName: fileName, Payload: string(data)})
	if err != nil {
		return err
	}
	kb := &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{{
		{Text: "确认导入", CallbackData: callbackData(actImportOK, p.ID)},
		{Text: "取消", CallbackData: callbackData(actImportCancel, p.ID)},
	}}}
	_, err = r.replyMarkup(ctx, preview, kb)
	return err
}

// pressImport handles 确认导入 (confirm) or 取消 on a preview.
func (b *Bot) pressImport(ctx context.Context, r *request, id uint, confirm bool) error {
	p, err := b.store.PendingImportByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && p.ChatID != r.chat.ID) {
		return importGone(ctx, r)
	}
	if err != nil {
		return err
	}
	if p.UserID != r.user.ID {
		who, err := b.store.UserByID(ctx, p.UserID)
		if err != nil {
			return err
		}
		return r.alert(ctx, r.say("只有发起导入的 "+who.DisplayName()+" 可以确认或取消。",
			"Only "+who.DisplayName()+", who started the import, can confirm or cancel it."))
	}
	run, known := b.importKinds()[p.Kind]
	taken, err := b.store.TakePendingImport(ctx, id)
	if err != nil {
		return err
	}
	if !taken {
		return importGone(ctx, r)
	}
	if !confirm || !known {
		r.toast(ctx, r.say("已取消", "Cancelled"))
		return r.editPressed(ctx, escape("已取消导入「"+p.FileName+"」，什么也没有保存。"), nil)
	}
	r.toast(ctx, r.say("正在导入", "Importing"))
	b.removeButtons(ctx, r.tgChatID, r.pressedID())
	return run(ctx, r, p)
}

// importGone answers a press on a preview that is no longer pending.
func importGone(ctx context.Context, r *request) error {
	return r.alert(ctx, r.say("这个导入已确认、已取消，或已被新的预览取代。",
		"This import was confirmed, cancelled, or replaced by a newer preview."))
}
