package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The kinds of audit events. Each has a Chinese label ([EventLabel]); the
// store refuses to write any other kind, so no internal name can reach a
// user through a task's trail.
const (
	EventAssigned           = "assigned"
	EventPosted             = "posted"
	EventClaimed            = "claimed"
	EventAcknowledged       = "acknowledged"
	EventProgress           = "progress"
	EventSubmitted          = "submitted"
	EventDone               = "done"
	EventReturned           = "returned"
	EventCancelled          = "cancelled"
	EventEdited             = "edited"
	EventDeadlineMoved      = "deadline_moved" // /edit 截止 on an overdue task: an extension
	EventExtensionRequested = "extension_requested"
	EventExtensionApproved  = "extension_approved"
	EventExtensionRejected  = "extension_rejected"
	EventUrge               = "reminder_urge"  // a leader's /urge
	EventExtraReminder      = "reminder_extra" // /remind
	EventChased             = "chased"         // the automatic daily 催办 went out
	EventEscalated          = "escalated"      // 升级督办 went out
	EventAckReminded        = "ack_reminded"   // 签收提醒 went out
	EventConfirmReminded    = "confirm_reminded"
	EventPublished          = "published" // counted in a published ranking
	EventSettings           = "settings"
	EventUnitAdded          = "unit_added"
	EventUnitRemoved        = "unit_removed"
	EventLeaderAdded        = "leader_added"
	EventLeaderRemoved      = "leader_removed"
	EventHolidaySet         = "holiday_set"     // /holiday add
	EventHolidayRemoved     = "holiday_removed" // /holiday remove
	EventListAdded          = "list_added"      // /list add
	EventListRemoved        = "list_removed"    // /list remove
	EventListBound          = "list_bound"      // /list bind in a forum topic
	EventNodeAdded          = "node_added"      // /node N add, or 节点： at assignment
	EventNodeDone           = "node_done"       // /node N done K
	EventNodeRemoved        = "node_removed"    // /node N remove K
)

// eventLabels names every audit kind in Chinese.
var eventLabels = map[string]string{
	EventAssigned:           "交办",
	EventPosted:             "发布揭榜",
	EventClaimed:            "认领",
	EventAcknowledged:       "签收",
	EventProgress:           "报告进展",
	EventSubmitted:          "提交办结",
	EventDone:               "确认办结",
	EventReturned:           "退回",
	EventCancelled:          "取消",
	EventEdited:             "修改",
	EventDeadlineMoved:      "逾期后修改截止（记为延期）",
	EventExtensionRequested: "申请延期",
	EventExtensionApproved:  "同意延期",
	EventExtensionRejected:  "不同意延期",
	EventUrge:               "催办",
	EventExtraReminder:      "设置提醒",
	EventChased:             "自动催办",
	EventEscalated:          "升级督办",
	EventAckReminded:        "签收提醒",
	EventConfirmReminded:    "待确认提醒",
	EventPublished:          "晾晒",
	EventSettings:           "修改群设置",
	EventUnitAdded:          "添加单位",
	EventUnitRemoved:        "删除单位",
	EventLeaderAdded:        "指定领导",
	EventLeaderRemoved:      "取消指定领导",
	EventHolidaySet:         "设置本群节假日",
	EventHolidayRemoved:     "取消本群节假日",
	EventDashboardReset:     "重置看板链接",
	EventListAdded:          "添加清单",
	EventListRemoved:        "删除清单",
	EventListBound:          "清单绑定话题",
	EventNodeAdded:          "添加节点",
	EventNodeDone:           "完成节点",
	EventNodeRemoved:        "删除节点",
	EventAttached:           "上传附件",
}

// EventKinds lists every audit kind, for tests that walk them.
func EventKinds() []string {
	out := make([]string, 0, len(eventLabels))
	for k := range eventLabels {
		out = append(out, k)
	}
	return out
}

// EventLabel names an audit kind in Chinese; an unknown kind (from a newer
// release, say) is shown as 其他操作, never by its internal name.
func EventLabel(kind string) string {
	if l, ok := eventLabels[kind]; ok {
		return l
	}
	return "其他操作"
}

// FieldChange is one field an edit changed: deadlines as RFC 3339 in UTC
// (shown in the group's zone), people as their names joined with 、.
type FieldChange struct {
	Field string `json:"f"` // title, deadline, lead, co, unit
	Old   string `json:"o"`
	New   string `json:"n"`
}

// EventDetail is the structured detail of an event that changed fields.
type EventDetail struct {
	Changes []FieldChange `json:"changes,omitempty"`
	Note    string        `json:"note,omitempty"` // a reason, or what else was said
}

// String encodes the detail for the trail.
func (d EventDetail) String() string {
	b, err := json.Marshal(d)
	if err != nil { // cannot happen: strings only
		return d.Note
	}
	return string(b)
}

// ParseEventDetail decodes a structured detail; ok is false for the plain
// text most events carry, and for the details of older releases.
func ParseEventDetail(s string) (d EventDetail, ok bool) {
	if !strings.HasPrefix(s, "{") {
		return d, false
	}
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return EventDetail{}, false
	}
	return d, true
}

// audit appends an event to the trail inside tx. A kind without a Chinese
// label is a programming error and fails the change.
func audit(tx *gorm.DB, chatID uint, taskID *uint, c Change, kind, detail string, now time.Time) error {
	if _, ok := eventLabels[kind]; !ok {
		return fmt.Errorf("audit kind %q has no label", kind)
	}
	e := AuditEvent{ChatID: chatID, TaskID: taskID, Kind: kind, Detail: detail, CreatedAt: now}
	if c.ActorID != 0 {
		id := c.ActorID
		e.ActorID = &id
	}
	return insertRows(tx, []AuditEvent{e}, 1)
}
