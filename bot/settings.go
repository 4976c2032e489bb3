package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/cronspec"
	"github.com/duban-bot/duban/models"
)

// defaultDailyDigest is the schedule the 每日逾期清单 button switches on.
const defaultDailyDigest = "0 9 * * *"

// zoneNames are the Chinese names of the zones groups use.
var zoneNames = map[string]string{
	"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "Asia/Harbin": "北京时间", "PRC": "北京时间",
	"Etc/GMT-8": "北京时间", "Asia/Urumqi": "乌鲁木齐时间", "Asia/Hong_Kong": "香港时间", "Asia/Macau": "澳门时间",
	"Asia/Taipei": "台北时间", "Asia/Tokyo": "东京时间", "Asia/Seoul": "首尔时间", "Asia/Singapore": "新加坡时间",
	"Europe/London": "伦敦时间", "Europe/Paris": "巴黎时间", "Europe/Berlin": "柏林时间", "Europe/Moscow": "莫斯科时间",
	"America/New_York": "纽约时间", "America/Los_Angeles": "洛杉矶时间", "UTC": "协调世界时", "Etc/UTC": "协调世界时",
}

// zoneName names a zone in Chinese when there is a name for it.
func zoneName(zone string) string {
	if n, ok := zoneNames[zone]; ok {
		return n
	}
	return zone
}

// setting is one entry of the settings table: the key /settings accepts,
// how its value is read (parse), how the group's /settings line shows it
// (show), and who besides a leader is needed to change it (guard). Adding a
// group setting is one entry here.
type setting struct {
	keys  []string // what /settings KEY accepts: the Chinese name first
	usage string   // the rest of its line in the usage: value forms — meaning
	label string   // its line in /settings; neighbours with one label share a line
	show  func(c *models.Chat, set models.Settings) string
	// parse changes set (or zone) to value; it returns a reason in Chinese
	// when the value is not usable.
	parse func(set *models.Settings, zone *string, value string) string
	// guard, if set, refuses a change that would leave the group worse off;
	// set holds the change.
	guard func(ctx context.Context, b *Bot, r *request, set models.Settings) error
}

// settingsTable lists the settings in the order /settings shows them.
var settingsTable = []setting{
	{keys: []string{"时区", "zone", "tz"}, usage: "Asia/Shanghai", label: "时区",
		show:  func(c *models.Chat, _ models.Settings) string { return escape(zoneName(c.Zone)) },
		parse: parseZone},
	{keys: []string{"确认", "confirm"}, usage: "开|关 — 办结是否需要交办人或领导确认", label: "办结确认",
		show: func(_ *models.Chat, set models.Settings) string {
			return choose(set.NeedConfirm, "开（提交后需交办人或领导确认）", "关（提交即办结）")
		},
		parse: onOffSetting("确认", func(set *models.Settings, on bool) { set.NeedConfirm = on })},
	{keys: []string{"提醒", "remind"}, usage: "1天,2小时 — 截止前提醒（关：不提醒）", label: "提醒",
		show: showRemind, parse: parseRemind},
	{keys: []string{"免打扰", "quiet"}, usage: "22:00-08:00 — 免打扰时段（关：不设）", label: "免打扰",
		show: func(_ *models.Chat, set models.Settings) string {
			if set.QuietStart == set.QuietEnd {
				return "无"
			}
			return models.FormatClock(set.QuietStart) + "-" + models.FormatClock(set.QuietEnd) + "（其间的自动消息顺延到结束时）"
		},
		parse: parseQuiet},
	{keys: []string{"签收提醒", "ack"}, usage: "2小时 — 交办后几个工作小时未签收提醒一次（关：不提醒）", label: "签收提醒",
		show: func(_ *models.Chat, set models.Settings) string {
			if set.AckRemindAfter <= 0 {
				return "关"
			}
			return "交办后 " + chineseDuration(set.AckRemindAfter) + "（工作时间）仍未签收，提醒一次"
		},
		parse: parseAckRemind},
	{keys: []string{"待确认提醒", "confirm-remind"}, usage: "1 — 提交后几个工作日未确认提醒交办人（0：不提醒）", label: "待确认提醒",
		show: func(_ *models.Chat, set models.Settings) string {
			if set.ConfirmRemindAfter <= 0 {
				return "关"
			}
			return fmt.Sprintf("提交后 %d 个工作日未确认，提醒交办人，之后每个工作日一次", set.ConfirmRemindAfter)
		},
		parse: parseConfirmRemind},
	{keys: []string{"升级", "escalate"}, usage: "2 — 逾期几个工作日后升级督办（0：不升级）", label: "升级督办",
		show: func(_ *models.Chat, set models.Settings) string {
			if set.EscalateAfter <= 0 {
				return "不升级"
			}
			return fmt.Sprintf("逾期 %d 个工作日后", set.EscalateAfter)
		},
		parse: parseEscalate},
	{keys: []string{"周报", "weekly"}, usage: "每周一9点 — 每周调度（关：不发）", label: "每周调度",
		show:  func(_ *models.Chat, set models.Settings) string { return schedule(set.WeeklyDigest) },
		parse: digestSetting(func(set *models.Settings, spec string) { set.WeeklyDigest = spec })},
	{keys: []string{"日报", "daily"}, usage: "每天9点 — 每日逾期清单（关：不发）", label: "每日逾期清单",
		show:  func(_ *models.Chat, set models.Settings) string { return schedule(set.DailyDigest) },
		parse: digestSetting(func(set *models.Settings, spec string) { set.DailyDigest = spec })},
	{keys: []string{"逾期后延期", "late-extension"}, usage: "允许|不允许 — 截止后能否申请延期（允许时仍计为逾期）", label: "逾期后延期",
		show: func(_ *models.Chat, set models.Settings) string {
			return choose(set.LateExtension, "允许（仍计为逾期，不算按期）", "不允许（截止前才能申请）")
		},
		parse: choiceSetting("「逾期后延期」只能是 允许 或 不允许。", func(set *models.Settings, on bool) { set.LateExtension = on },
			[]string{"允许", "开", "on"}, []string{"不允许", "关", "off"})},
	{keys: []string{"领导", "leaders"}, usage: "管理员+指定|仅指定 — 谁算领导", label: "领导",
		show: func(_ *models.Chat, set models.Settings) string {
			return choose(set.LeadersNamedOnly, "仅指定的领导（/leader list 查看）", "群管理员和指定的领导（/leader list 查看）")
		},
		parse: choiceSetting("「领导」只能是 管理员+指定 或 仅指定。", func(set *models.Settings, on bool) { set.LeadersNamedOnly = on },
			[]string{"仅指定", "指定", "named"}, []string{"管理员+指定", "管理员和指定", "全部", "all"}),
		guard: requireNamedLeader},
	{keys: []string{"计分", "weights"}, usage: "10,4,5 — 按期办结、逾期办结、逾期未办的分值", label: "排名计分",
		show: showRank, parse: parseWeights},
	{keys: []string{"红旗", "flags"}, usage: "3 — 前后各几名发红旗、黄旗（0：不发）", label: "排名计分",
		show: showRank, parse: parseFlags},
	{keys: []string{"延期算按期", "extensions"}, usage: "开|关 — 批准延期后按新截止判断是否按期", label: "排名计分",
		show: showRank, parse: onOffSetting("延期算按期", func(set *models.Settings, on bool) { set.Rank.ExtensionsCount = on })},
	{keys: []string{"排名范围", "scope"}, usage: "全部|有单位 — 哪些任务计入排名", label: "排名计分",
		show: showRank,
		parse: choiceSetting("「排名范围」只能是 全部 或 有单位。", func(set *models.Settings, on bool) { set.Rank.UnitOnly = on },
			[]string{"有单位", "unit"}, []string{"全部", "all"})},
	{keys: []string{"晾晒", "publish"}, usage: "开|关 — 每月、每季、半年、全年自动公布排名", label: "自动晾晒排名",
		show: func(_ *models.Chat, set models.Settings) string {
			return choose(set.Publish, "开（每月、每季、半年、全年首个工作日 09:00）", "关")
		},
		parse: onOffSetting("晾晒", func(set *models.Settings, on bool) { set.Publish = on })},
	{keys: []string{"答复时限", "reply-days"}, usage: "3 — 问题清单：登记后几个工作日内（18:00 前）答复企业", label: "答复时限（问题清单）",
		show: showReplyDays, parse: parseReplyDays},
}

// settingsUsage lists the text forms of /settings.
var settingsUsage = func() string {
	var s strings.Builder
	s.WriteString("修改方式（领导）：")
	for _, st := range settingsTable {
		s.WriteString("\n/settings " + st.keys[0] + " " + st.usage)
	}
	return s.String()
}()

// settingByKey finds the setting a /settings key names.
func settingByKey(key string) (setting, bool) {
	for _, st := range settingsTable {
		if slices.Contains(st.keys, key) {
			return st, true
		}
	}
	return setting{}, false
}

func showRemind(_ *models.Chat, set models.Settings) string {
	var offsets []string
	for _, d := range set.RemindBefore {
		offsets = append(offsets, chineseDuration(d))
	}
	before := "截止前不提醒"
	if len(offsets) > 0 {
		before = "截止前 " + strings.Join(offsets, "、")
	}
	return before + "；到期时提醒，逾期后每个工作日 09:00 催办"
}

func showRank(_ *models.Chat, set models.Settings) string {
	scope := choose(set.Rank.UnitOnly, "有牵头单位的任务", "全部任务")
	return fmt.Sprintf("按期办结%d、逾期办结%d、逾期未办−%d；红旗/黄旗各%d名；延期算按期：%s；范围：%s",
		set.Rank.OnTime, set.Rank.Late, set.Rank.Overdue, set.Rank.Flags, choose(set.Rank.ExtensionsCount, "开", "关"), scope)
}

// schedule shows a digest schedule in words, or 关.
func schedule(spec string) string {
	if spec == "" {
		return "关"
	}
	return cronspec.Describe(spec) + "（节假日不发）"
}

// cmdSettings is /settings: show the group's settings with buttons, or change
// one by its text form, answered with that setting's line. Any change
// replans the group's reminders at once.
func (b *Bot) cmdSettings(ctx context.Context, r *request) error {
	key, value, _ := strings.Cut(strings.TrimSpace(r.args), " ")
	value = strings.TrimSpace(value)
	if key == "" {
		_, err := r.replyMarkup(ctx, settingsText(r.chat)+b.noticeWarning(r.localNow())+"\n\n"+escape(settingsUsage), settingsButtons(r.chat))
		return err
	}
	if err := r.requireLeader(ctx, "修改设置", "change settings"); err != nil {
		return err
	}
	key = strings.ToLower(key)
	st, ok := settingByKey(key)
	if !ok {
		msg := fmt.Sprintf("没有「%s」这项设置。", key)
		return r.fail(ctx, msg+"\n"+settingsUsage, msg)
	}
	set, zone := r.chat.Settings(), r.chat.Zone
	if msg := st.parse(&set, &zone, value); msg != "" {
		return r.fail(ctx, msg+"\n"+settingsUsage, msg)
	}
	if st.guard != nil {
		if err := st.guard(ctx, b, r, set); err != nil {
			return err
		}
	}
	chat, err := b.store.UpdateSettings(ctx, r.change(), r.chat.ID, zone, set)
	if err != nil {
		return err
	}
	return r.reply(ctx, "⚙️ 已更新 "+lineOf(chat, key)+"。")
}

// requireNamedLeader refuses to count only named leaders in a group that
// has none: nobody could lead it any more.
func requireNamedLeader(ctx context.Context, b *Bot, r *request, set models.Settings) error {
	if !set.LeadersNamedOnly || r.chat.LeadersNamedOnly {
		return nil
	}
	named, err := b.store.NamedLeaders(ctx, r.chat.ID)
	if err != nil {
		return err
	}
	if len(named) == 0 {
		return r.fail(ctx, "本群还没有指定的领导。请先用 /leader add @某人 指定，再设为「领导 仅指定」。",
			"Name leaders with /leader add first.")
	}
	return nil
}

// lineOf is the line of the setting that key names, as the group now has
// it: 「每日逾期清单：每天 09:00（节假日不发）」.
func lineOf(c *models.Chat, key string) string {
	st, ok := settingByKey(key)
	if !ok {
		return ""
	}
	return st.label + "：" + st.show(c, c.Settings())
}

// isOff says whether a value switches a setting off.
func isOff(value string) bool {
	return value == "关" || strings.EqualFold(value, "off") || value == "无"
}

// onOffSetting reads 开 or 关 into a switch.
func onOffSetting(name string, apply func(set *models.Settings, on bool)) func(*models.Settings, *string, string) string {
	return func(set *models.Settings, _ *string, value string) string {
		on, ok := onOff(value)
		if !ok {
			return "「" + name + "」只能是 开 或 关。"
		}
		apply(set, on)
		return ""
	}
}

// choiceSetting reads one of two sets of words into a switch.
func choiceSetting(refusal string, apply func(set *models.Settings, on bool), on, off []string) func(*models.Settings, *string, string) string {
	return func(set *models.Settings, _ *string, value string) string {
		switch {
		case slices.Contains(on, value):
			apply(set, true)
		case slices.Contains(off, value):
			apply(set, false)
		default:
			return refusal
		}
		return ""
	}
}

// digestSetting reads a digest's schedule: a phrase, a cron expression or 关.
func digestSetting(apply func(set *models.Settings, spec string)) func(*models.Settings, *string, string) string {
	return func(set *models.Settings, _ *string, value string) string {
		spec := ""
		if !isOff(value) {
			expr, _, err := cronspec.Parse(value)
			if err != nil {
				return err.Error()
			}
			spec = expr
		}
		apply(set, spec)
		return ""
	}
}

func parseZone(_ *models.Settings, zone *string, value string) string {
	if _, err := time.LoadLocation(value); err != nil || value == "" {
		return fmt.Sprintf("时区「%s」无法识别，请用 IANA 时区名，例如 Asia/Shanghai。", value)
	}
	*zone = value
	return ""
}

func parseRemind(set *models.Settings, _ *string, value string) string {
	if isOff(value) {
		set.RemindBefore = nil
		return ""
	}
	ds, msg := parseOffsets(value)
	if msg != "" {
		return msg
	}
	set.RemindBefore = ds
	return ""
}

func parseQuiet(set *models.Settings, _ *string, value string) string {
	if isOff(value) {
		set.QuietStart, set.QuietEnd = 0, 0
		return ""
	}
	start, end, ok := parseClockRange(value)
	if !ok {
		return "免打扰时段写作 22:00-08:00。"
	}
	set.QuietStart, set.QuietEnd = start, end
	return ""
}

func parseAckRemind(set *models.Settings, _ *string, value string) string {
	if isOff(value) || value == "0" {
		set.AckRemindAfter = 0
		return ""
	}
	ds, msg := parseOffsets(value)
	if msg != "" || len(ds) != 1 || ds[0] > 5*24*time.Hour {
		return "「签收提醒」写一个工作时长，例如 2小时、30分钟（关：不提醒）。"
	}
	set.AckRemindAfter = ds[0]
	return ""
}

func parseConfirmRemind(set *models.Settings, _ *string, value string) string {
	n, err := strconv.Atoi(strings.TrimSuffix(value, "天"))
	if isOff(value) {
		n, err = 0, nil
	}
	if err != nil || n < 0 || n > 30 {
		return "「待确认提醒」写工作日数，0 到 30（0 表示不提醒）。"
	}
	set.ConfirmRemindAfter = n
	return ""
}

func parseEscalate(set *models.Settings, _ *string, value string) string {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 || n > 30 {
		return "「升级」写逾期的工作日数，0 到 30（0 表示不升级）。"
	}
	set.EscalateAfter = n
	return ""
}

func parseWeights(set *models.Settings, _ *string, value string) string {
	parts := strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' })
	var n [3]int
	for i := range n {
		if len(parts) != 3 {
			return "「计分」写三个分值：按期办结,逾期办结,逾期未办，例如 10,4,5。"
		}
		v, err := strconv.Atoi(parts[i])
		if err != nil || v < 0 || v > 100 {
			return "分值应为 0 到 100 的整数，例如 10,4,5。"
		}
		n[i] = v
	}
	set.Rank.OnTime, set.Rank.Late, set.Rank.Overdue = n[0], n[1], n[2]
	return ""
}

func parseFlags(set *models.Settings, _ *string, value string) string {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 || n > 10 {
		return "「红旗」写前后各几名，0 到 10。"
	}
	set.Rank.Flags = n
	return ""
}

var offsetPart = regexp.MustCompile(`^(\d{1,3})\s*(天|日|小时|个小时|分钟|d|h|m)$`)

// parseOffsets reads "1天,2小时,30分钟" (up to five, each at most 30 days).
func parseOffsets(s string) ([]time.Duration, string) {
	var out []time.Duration
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
		m := offsetPart.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Sprintf("看不懂「%s」，提醒时间写作 1天,2小时,30分钟。", part)
		}
		n, _ := strconv.Atoi(m[1])
		unit := map[string]time.Duration{"天": 24 * time.Hour, "日": 24 * time.Hour, "d": 24 * time.Hour,
			"小时": time.Hour, "个小时": time.Hour, "h": time.Hour, "分钟": time.Minute, "m": time.Minute}[m[2]]
		d := time.Duration(n) * unit
		if d <= 0 || d > 30*24*time.Hour {
			return nil, fmt.Sprintf("「%s」超出范围：提醒最早在截止前30天。", part)
		}
		out = append(out, d)
	}
	if len(out) == 0 || len(out) > 5 {
		return nil, "请写 1 到 5 个提醒时间，例如 1天,2小时。"
	}
	return out, ""
}

var clockRange = regexp.MustCompile(`^(\d{1,2}):(\d{2})\s*[-~－—至到]\s*(\d{1,2}):(\d{2})$`)

func parseClockRange(s string) (start, end int, ok bool) {
	m := clockRange.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, false
	}
	n := make([]int, 4)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	if n[0] > 23 || n[2] > 23 || n[1] > 59 || n[3] > 59 {
		return 0, 0, false
	}
	return n[0]*60 + n[1], n[2]*60 + n[3], true
}

// settingsText shows a group's settings, one line each.
func settingsText(c *models.Chat) string {
	set := c.Settings()
	var s strings.Builder
	s.WriteString("⚙️ <b>本群设置</b>")
	for i, st := range settingsTable {
		if i > 0 && settingsTable[i-1].label == st.label {
			continue // shown on the line above
		}
		fmt.Fprintf(&s, "\n%s：%s", st.label, st.show(c, set))
	}
	return s.String()
}

// settingSwitch is a setting the /settings buttons turn on and off.
type settingSwitch struct {
	name string // as the buttons say it: 每日逾期清单
	is   func(models.Settings) bool
	set  func(s *models.Settings, on bool)
	key  string // its /settings key, for the line shown after a change
}

// settingSwitches are the switches, by their name in callback data.
var settingSwitches = map[string]settingSwitch{
	"confirm": {"办结确认", func(s models.Settings) bool { return s.NeedConfirm },
		func(s *models.Settings, on bool) { s.NeedConfirm = on }, "确认"},
	"weekly": {"每周调度", func(s models.Settings) bool { return s.WeeklyDigest != "" },
		func(s *models.Settings, on bool) { s.WeeklyDigest = choose(on, models.DefaultWeeklyDigest, "") }, "周报"},
	"daily": {"每日逾期清单", func(s models.Settings) bool { return s.DailyDigest != "" },
		func(s *models.Settings, on bool) { s.DailyDigest = choose(on, defaultDailyDigest, "") }, "日报"},
	"publish": {"自动晾晒排名", func(s models.Settings) bool { return s.Publish },
		func(s *models.Settings, on bool) { s.Publish = on }, "晾晒"},
}

// switchOrder is the order of the buttons, one row each but the digests.
var switchOrder = [][]string{{"confirm"}, {"weekly", "daily"}, {"publish"}}

// settingsButtons say what pressing them does in the group's current state:
// 开启每日逾期清单 when it is off, 关闭每日逾期清单 when it is on. Each carries
// the state it sets, so a stale button cannot flip a setting the wrong way.
func settingsButtons(c *models.Chat) *tgmodels.InlineKeyboardMarkup {
	set := c.Settings()
	kb := &tgmodels.InlineKeyboardMarkup{}
	for _, names := range switchOrder {
		var row []tgmodels.InlineKeyboardButton
		for _, name := range names {
			sw := settingSwitches[name]
			verb, to := "开启", "on"
			if sw.is(set) {
				verb, to = "关闭", "off"
			}
			row = append(row, tgmodels.InlineKeyboardButton{Text: verb + sw.name, CallbackData: actSetting + ":" + name + ":" + to})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, row)
	}
	return kb
}

// switchSetting is a /settings button: a leader sets a switch to the state
// the button names. If it is in that state already (the button was stale),
// nothing changes and the buttons are brought up to date.
func (b *Bot) switchSetting(ctx context.Context, r *request, name string, on bool) error {
	if err := r.requireLeader(ctx, "修改设置", "change settings"); err != nil {
		return err
	}
	sw := settingSwitches[name]
	set := r.chat.Settings()
	chat := r.chat
	if sw.is(set) == on {
		r.toast(ctx, sw.name+"已是"+choose(on, "开启", "关闭")+"状态，未作改动。")
	} else {
		sw.set(&set, on)
		var err error
		if chat, err = b.store.UpdateSettings(ctx, r.change(), r.chat.ID, r.chat.Zone, set); err != nil {
			return err
		}
		r.toast(ctx, "已更新 "+lineOf(chat, sw.key))
	}
	return r.editPressed(ctx, settingsText(chat)+"\n\n"+escape(settingsUsage), settingsButtons(chat))
}

func onOff(v string) (on, ok bool) {
	switch strings.ToLower(v) {
	case "开", "on", "是":
		return true, true
	case "关", "off", "否":
		return false, true
	}
	return false, false
}

func choose(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
