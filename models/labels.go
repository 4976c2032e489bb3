package models

// eventLabels names the audit kinds in Chinese.
var eventLabels = map[string]string{
	"assigned": "交办", "posted": "发布揭榜", "claimed": "认领", "acknowledged": "签收",
	"progress": "报告进展", "submitted": "提交办结", "done": "确认办结", "returned": "退回",
	"extension_requested": "申请延期", "extension_approved": "同意延期", "extension_rejected": "不同意延期",
	"edited": "修改", "cancelled": "取消", EventDashboardReset: "重置看板链接",
}

// EventLabel names an audit kind in Chinese; an unknown kind (from a newer
// release, say) is shown as 其他操作, never by its internal name.
func EventLabel(kind string) string {
	if l, ok := eventLabels[kind]; ok {
		return l
	}
	return "其他操作"
}

// Label is where an extension request stands, in Chinese.
func (s ExtensionStatus) Label() string {
	switch s {
	case ExtensionApproved:
		return "已同意"
	case ExtensionRejected:
		return "未同意"
	}
	return "待审批"
}
