package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"

	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/models"
)

// mention is a person named in a message: "@username", or a text mention of
// someone without a username.
type mention struct {
	start, end int // byte range in the message text
	username   string
	tgUser     *tgmodels.User // text mentions carry the user
}

// mentions lists the mentions of a message from byte offset from on, in
// order. Telegram gives entity offsets in UTF-16 code units.
func mentions(text string, entities []tgmodels.MessageEntity, from int) []mention {
	idx := utf16Index(text)
	var out []mention
	for _, e := range entities {
		if e.Type != tgmodels.MessageEntityTypeMention && e.Type != tgmodels.MessageEntityTypeTextMention {
			continue
		}
		start, ok1 := idx.byteAt(e.Offset)
		end, ok2 := idx.byteAt(e.Offset + e.Length)
		if !ok1 || !ok2 || start < from || end <= start {
			continue
		}
		m := mention{start: start, end: end}
		if e.Type == tgmodels.MessageEntityTypeTextMention {
			if e.User == nil {
				continue
			}
			m.tgUser = e.User
		} else {
			m.username = strings.TrimPrefix(text[start:end], "@")
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// utf16Offsets maps UTF-16 offsets to byte offsets of one text.
type utf16Offsets []int // utf16Offsets[k] is the byte offset of UTF-16 unit k

func utf16Index(s string) utf16Offsets {
	idx := make(utf16Offsets, 0, len(s)+1)
	for i, r := range s {
		idx = append(idx, i)
		if utf16.RuneLen(r) == 2 {
			idx = append(idx, i) // the low surrogate points into the same rune
		}
	}
	return append(idx, len(s))
}

func (idx utf16Offsets) byteAt(units int) (int, bool) {
	if units < 0 || units >= len(idx) {
		return 0, false
	}
	return idx[units], true
}

// isMe reports whether a mention names the bot itself.
func (b *Bot) isMe(m mention) bool {
	if m.tgUser != nil {
		return m.tgUser.ID == b.me.ID
	}
	return strings.EqualFold(m.username, b.me.Username)
}

// botMentioned returns, as typed, the first mention of another bot: a text
// mention carries the account, and Telegram marks bots. Bots do no tasks.
// It returns "" when every mention names a person (or the bot itself, which
// callers skip).
func (b *Bot) botMentioned(text string, ms []mention) string {
	for _, m := range ms {
		if m.tgUser != nil && m.tgUser.IsBot && !b.isMe(m) {
			return text[m.start:m.end]
		}
	}
	return ""
}

// botRefusal says why a bot cannot lead, cooperate on or oversee a task.
func (r *request) botRefusal(who string) string {
	return r.say(fmt.Sprintf("「%s」是机器人，不能担任主办、协办或包保领导。请 @ 具体承办的人。", who),
		fmt.Sprintf("%s is a bot: bots cannot lead, cooperate on or oversee tasks. Please mention a person.", who))
}

// resolved is a mention matched to a stored user.
type resolved struct {
	user *models.User
	// unknown is true for a @username the bot has never seen: the user is a
	// placeholder, bound when they first appear.
	unknown bool
}

// resolve turns a mention into a stored user, remembering a @username the bot
// has not met yet.
func (b *Bot) resolve(ctx context.Context, m mention) (resolved, error) {
	if m.tgUser != nil {
		u, err := b.store.SeenUser(ctx, userInfo(m.tgUser))
		return resolved{user: u}, err
	}
	u, created, err := b.store.UsernamePlaceholder(ctx, m.username)
	if err != nil {
		return resolved{}, err
	}
	return resolved{user: u, unknown: created || !u.Bound()}, nil
}

// cut removes byte ranges from s (sorted, not overlapping) and tidies the
// spaces left behind.
func cut(s string, ranges [][2]int) string {
	sort.Slice(ranges, func(i, j int) bool { return ranges[i][0] < ranges[j][0] })
	var b strings.Builder
	at := 0
	for _, r := range ranges {
		if r[0] < at {
			continue
		}
		b.WriteString(s[at:r[0]])
		b.WriteByte(' ')
		at = r[1]
	}
	b.WriteString(s[at:])
	return strings.Join(strings.Fields(b.String()), " ")
}
