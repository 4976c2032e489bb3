package models

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
