package bot

import (
	"strconv"
	"strings"
)

// Button actions. Callback data is "<action>:<id>" (or, for list pages,
// "tl:<page>:<filter>"), always well under Telegram's 64 bytes, and checked
// when pressed: a stale or forged button gets an alert, never a crash.
const (
	actAck       = "ack" // 收到: an assignee acknowledges
	actConfirm   = "ok"  // 确认办结
	actSendBack  = "rb"  // 退回
	actApprove   = "xa"  // 同意 an extension
	actReject    = "xr"  // 不同意
	actTasksPage = "tl"  // ◀ ▶ of /tasks
	actView      = "v"   // 查看 on a reminder
	actSubmit    = "sub" // 提交办结 on a reminder
	actSetting   = "set" // a /settings switch: set:<name>:<on|off>
	actProgress  = "prg" // 进展 on a reminder: asks for the report
	actPick      = "pk"  // which group a private command meant
	// attach (issue 14): files and imports
	actFile         = "fs" // a file of /task or /files: sent again
	actImportOK     = "im" // 确认导入
	actImportCancel = "ic" // 取消 an import
	// 擂台赛 (contest.go): confirm or keep a contest's removal.
	actContestRemove = "crm"
	actContestKeep   = "ckp"
)

// maxCallbackData is Telegram's limit on callback data, in bytes.
const maxCallbackData = 64

// callbackData builds "<action>:<id>".
func callbackData(action string, id uint) string {
	return action + ":" + strconv.FormatUint(uint64(id), 10)
}

// parsedCallback is a pressed button's data, validated.
type parsedCallback struct {
	action string
	id     uint   // task or extension id
	page   int    // for actTasksPage; for actSetting 1 to switch on, 0 off
	filter string // for actTasksPage
}

// parseCallback validates callback data; ok is false for anything the bot
// could not have sent.
func parseCallback(data string) (parsedCallback, bool) {
	if len(data) > maxCallbackData {
		return parsedCallback{}, false
	}
	parts := strings.Split(data, ":")
	switch {
	case len(parts) == 2 && (parts[0] == actAck || parts[0] == actConfirm || parts[0] == actSendBack ||
		parts[0] == actApprove || parts[0] == actReject || parts[0] == actView || parts[0] == actSubmit ||
		parts[0] == actProgress || parts[0] == actPick ||
		parts[0] == actFile || parts[0] == actImportOK || parts[0] == actImportCancel ||
		parts[0] == actContestRemove || parts[0] == actContestKeep):
		id, err := strconv.ParseUint(parts[1], 10, 32)
		if err != nil || id == 0 {
			return parsedCallback{}, false
		}
		return parsedCallback{action: parts[0], id: uint(id)}, true
	case len(parts) == 3 && parts[0] == actSetting:
		if _, ok := settingSwitches[parts[1]]; ok && (parts[2] == "on" || parts[2] == "off") {
			return parsedCallback{action: actSetting, filter: parts[1], page: map[string]int{"off": 0, "on": 1}[parts[2]]}, true
		}
		return parsedCallback{}, false
	case len(parts) == 3 && parts[0] == actTasksPage:
		page, err := strconv.Atoi(parts[1])
		if err != nil || page < 0 || page > 100000 || !validFilterCode(parts[2]) {
			return parsedCallback{}, false
		}
		return parsedCallback{action: actTasksPage, page: page, filter: parts[2]}, true
	}
	return parsedCallback{}, false
}

// validFilterCode accepts the list filters pagination carries: a (all),
// o (overdue), w (this week), c (closed), s (submitted), u<unit id>, p<user id>.
func validFilterCode(s string) bool {
	switch s {
	case "a", "o", "w", "c", "s":
		return true
	}
	if len(s) < 2 || (s[0] != 'u' && s[0] != 'p') {
		return false
	}
	id, err := strconv.ParseUint(s[1:], 10, 32)
	return err == nil && id > 0
}
