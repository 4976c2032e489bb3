package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/cronspec"
	"github.com/duban-bot/duban/models"
)

// defaultDailyDigest is the schedule the 日报 button switches on.
const defaultDailyDigest = "0 9 * * *"

// settingsUsage lists the text forms of /settings.
const settingsUsage = "修改方式（领导）：\n" +
	"/settings 确认 开|关 — 办结是否需要交办人或领导确认\n" +
	"/settings 提醒 1天,2小时 — 截止前提醒（关：不提醒）\n" +
	"/settings 免打扰 22:00-08:00 — 免打扰时段（关：不设）\n" +
	"/settings 周报 每周一9点 — 每周调度（cron 表达式亦可；关：不发）\n" +
	"/settings 日报 每天9点 — 每日逾期清单（关：不发）\n" +
	"/settings 升级 2 — 逾期几个工作日后升级督办（0：不升级）\n" +
	"/settings 时区 Asia/Shanghai\n" +
	"/settings 计分 10,4,5 — 按期、超期、逾期未办的分值\n" +
	"/settings 红旗 3 — 前后各几名发红旗、黄旗（0：不发）\n" +
	"/settings 延期算按期 开|关 — 批准延期后按新截止判断是否按期\n" +
	"/settings 排名范围 全部|有单位 — 哪些任务计入排名\n" +
	"/settings 晾晒 开|关 — 每月、每季、半年、全年自动公布排名"

// cmdSettings is /settings: show the group's settings with buttons, or change
// one by its text form. Any change replans the group's reminders at once.
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
	set, zone := r.chat.Settings(), r.chat.Zone
	if msg := applySetting(&set, &zone, strings.ToLower(key), value); msg != "" {
		return r.fail(ctx, msg+"\n"+settingsUsage, msg)
	}
	chat, err := b.store.UpdateSettings(ctx, r.change(), r.chat.ID, zone, set)
	if err != nil {
		return err
	}
	return r.reply(ctx, "⚙️ 已更新，待发提醒已按新设置重新安排。\n"+settingsText(chat))
}

// applySetting changes one setting from its text form; it returns a reason
// in Chinese when the value is not usable.
func applySetting(set *models.Settings, zone *string, key, value string) string {
	off := value == "关" || strings.EqualFold(value, "off") || value == "无"
	switch key {
	case "确认", "confirm":
		on, ok := onOff(value)
		if !ok {
			return "「确认」只能是 开 或 关。"
		}
		set.NeedConfirm = on
	case "提醒", "remind":
		if off {
			set.RemindBefore = nil
			return ""
		}
		ds, msg := parseOffsets(value)
		if msg != "" {
			return msg
		}
		set.RemindBefore = ds
	case "免打扰", "quiet":
		if off {
			set.QuietStart, set.QuietEnd = 0, 0
			return ""
		}
		start, end, ok := parseClockRange(value)
		if !ok {
			return "免打扰时段写作 22:00-08:00。"
		}
		set.QuietStart, set.QuietEnd = start, end
	case "周报", "weekly", "日报", "daily":
		spec := ""
		if !off {
			expr, _, err := cronspec.Parse(value)
			if err != nil {
				return err.Error()
			}
			spec = expr
		}
		if key == "周报" || key == "weekly" {
			set.WeeklyDigest = spec
		} else {
			set.DailyDigest = spec
		}
	case "升级", "escalate":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > 30 {
			return "「升级」写逾期的工作日数，0 到 30（0 表示不升级）。"
		}
		set.EscalateAfter = n
	case "计分", "weights":
		parts := strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' })
		var n [3]int
		for i := range n {
			if len(parts) != 3 {
				return "「计分」写三个分值：按期,超期,逾期未办，例如 10,4,5。"
			}
			v, err := strconv.Atoi(parts[i])
			if err != nil || v < 0 || v > 100 {
				return "分值应为 0 到 100 的整数，例如 10,4,5。"
			}
			n[i] = v
		}
		set.Rank.OnTime, set.Rank.Late, set.Rank.Overdue = n[0], n[1], n[2]
	case "红旗", "flags":
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > 10 {
			return "「红旗」写前后各几名，0 到 10。"
		}
		set.Rank.Flags = n
	case "延期算按期", "extensions":
		on, ok := onOff(value)
		if !ok {
			return "「延期算按期」只能是 开 或 关。"
		}
		set.Rank.ExtensionsCount = on
	case "排名范围", "scope":
		switch value {
		case "全部", "all":
			set.Rank.UnitOnly = false
		case "有单位", "unit":
			set.Rank.UnitOnly = true
		default:
			return "「排名范围」只能是 全部 或 有单位。"
		}
	case "晾晒", "publish":
		on, ok := onOff(value)
		if !ok {
			return "「晾晒」只能是 开 或 关。"
		}
		set.Publish = on
	case "时区", "zone", "tz":
		if _, err := time.LoadLocation(value); err != nil || value == "" {
			return fmt.Sprintf("时区「%s」无法识别，请用 IANA 时区名，例如 Asia/Shanghai。", value)
		}
		*zone = value
	default:
		return fmt.Sprintf("没有「%s」这项设置。", key)
	}
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

// settingsText shows a group's settings.
func settingsText(c *models.Chat) string {
	set := c.Settings()
	var offsets []string
	for _, d := range set.RemindBefore {
		offsets = append(offsets, chineseDuration(d))
	}
	remind := "不提醒"
	if len(offsets) > 0 {
		remind = "截止前 " + strings.Join(offsets, "、")
	}
	quiet := "无"
	if set.QuietStart != set.QuietEnd {
		quiet = models.FormatClock(set.QuietStart) + "-" + models.FormatClock(set.QuietEnd)
	}
	escalate := "不升级"
	if set.EscalateAfter > 0 {
		escalate = fmt.Sprintf("逾期%d个工作日后", set.EscalateAfter)
	}
	scope := "全部任务"
	if set.Rank.UnitOnly {
		scope = "有牵头单位的任务"
	}
	return fmt.Sprintf("⚙️ <b>本群设置</b>\n时区：%s\n办结确认：%s\n提醒：%s，到期时、逾期后每个工作日9:00催办\n"+
		"免打扰：%s\n升级督办：%s\n每周调度：%s\n每日逾期清单：%s\n"+
		"排名计分：按期%d、超期%d、逾期未办−%d；红旗/黄旗各%d名；延期算按期：%s；范围：%s\n自动晾晒排名：%s",
		escape(c.Zone), choose(set.NeedConfirm, "开（提交后需交办人或领导确认）", "关（提交即办结）"),
		remind, quiet, escalate, choose(set.WeeklyDigest != "", escape(set.WeeklyDigest), "关"),
		choose(set.DailyDigest != "", escape(set.DailyDigest), "关"),
		set.Rank.OnTime, set.Rank.Late, set.Rank.Overdue, set.Rank.Flags, choose(set.Rank.ExtensionsCount, "开", "关"),
		scope, choose(set.Publish, "开（每月、每季、半年、全年首个工作日9:00）", "关"))
}

// settingsButtons toggle the switches of /settings.
func settingsButtons(c *models.Chat) *tgmodels.InlineKeyboardMarkup {
	set := c.Settings()
	label := func(name string, on bool) string {
		if on {
			return name + "：开"
		}
		return name + "：关"
	}
	return &tgmodels.InlineKeyboardMarkup{InlineKeyboard: [][]tgmodels.InlineKeyboardButton{
		{{Text: label("办结确认", set.NeedConfirm), CallbackData: actSetting + ":confirm"}},
		{{Text: label("每周调度", set.WeeklyDigest != ""), CallbackData: actSetting + ":weekly"},
			{Text: label("每日逾期清单", set.DailyDigest != ""), CallbackData: actSetting + ":daily"}},
		{{Text: label("自动晾晒排名", set.Publish), CallbackData: actSetting + ":publish"}},
	}}
}

// toggleSetting is a /settings button: leaders flip a switch and the message
// shows the new state.
func (b *Bot) toggleSetting(ctx context.Context, r *request, name string) error {
	if err := r.requireLeader(ctx, "修改设置", "change settings"); err != nil {
		return err
	}
	set := r.chat.Settings()
	switch name {
	case "confirm":
		set.NeedConfirm = !set.NeedConfirm
	case "weekly":
		set.WeeklyDigest = toggle(set.WeeklyDigest, models.DefaultWeeklyDigest)
	case "daily":
		set.DailyDigest = toggle(set.DailyDigest, defaultDailyDigest)
	case "publish":
		set.Publish = !set.Publish
	}
	chat, err := b.store.UpdateSettings(ctx, r.change(), r.chat.ID, r.chat.Zone, set)
	if err != nil {
		return err
	}
	r.toast(ctx, r.say("已更新", "Updated"))
	return r.editPressed(ctx, settingsText(chat)+"\n\n"+escape(settingsUsage), settingsButtons(chat))
}

// toggle switches a schedule off, or on with its default.
func toggle(spec, def string) string {
	if spec != "" {
		return ""
	}
	return def
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
