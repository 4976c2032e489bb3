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
	"/settings 时区 Asia/Shanghai"

// cmdSettings is /settings: show the group's settings with buttons, or change
// one by its text form. Any change replans the group's reminders at once.
func (b *Bot) cmdSettings(ctx context.Context, r *request) error {
	key, value, _ := strings.Cut(strings.TrimSpace(r.args), " ")
	value = strings.TrimSpace(value)
	if key == "" {
		_, err := r.replyMarkup(ctx, settingsText(r.chat)+"\n\n"+escape(settingsUsage), settingsButtons(r.chat))
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
		switch strings.ToLower(value) {
		case "开", "on", "是":
			set.NeedConfirm = true
		case "关", "off", "否":
			set.NeedConfirm = false
		default:
			return "「确认」只能是 开 或 关。"
		}
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
	onOff := func(on bool, yes, no string) string {
		if on {
			return yes
		}
		return no
	}
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
	return fmt.Sprintf("⚙️ <b>本群设置</b>\n时区：%s\n办结确认：%s\n提醒：%s，到期时、逾期后每个工作日9:00催办\n"+
		"免打扰：%s\n升级督办：%s\n每周调度：%s\n每日逾期清单：%s",
		escape(c.Zone), onOff(set.NeedConfirm, "开（提交后需交办人或领导确认）", "关（提交即办结）"),
		remind, quiet, escalate, onOff(set.WeeklyDigest != "", escape(set.WeeklyDigest), "关"),
		onOff(set.DailyDigest != "", escape(set.DailyDigest), "关"))
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
	}}
}

// toggleSetting is a /settings button: leaders flip a switch and the message
// shows the new state.
func (b *Bot) toggleSetting(ctx context.Context, r *request, name string, messageID int) error {
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
	}
	chat, err := b.store.UpdateSettings(ctx, r.change(), r.chat.ID, r.chat.Zone, set)
	if err != nil {
		return err
	}
	r.toast(ctx, r.say("已更新", "Updated"))
	return b.edit(ctx, r.tgChatID, messageID, settingsText(chat)+"\n\n"+escape(settingsUsage), settingsButtons(chat))
}

// toggle switches a schedule off, or on with its default.
func toggle(spec, def string) string {
	if spec != "" {
		return ""
	}
	return def
}
