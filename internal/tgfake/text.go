package tgfake

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// UTF16Len returns the length of s in UTF-16 code units, the unit Telegram
// uses for message length limits and for entity offsets and lengths.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeUTF16Len(r)
	}
	return n
}

func runeUTF16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// EntityText returns the part of text covered by e, interpreting
// e.Offset and e.Length as UTF-16 code units like Telegram does. It returns
// "" if the entity does not fit in the text or splits a surrogate pair.
func EntityText(text string, e models.MessageEntity) string {
	start, ok1 := utf16ToByte(text, e.Offset)
	end, ok2 := utf16ToByte(text, e.Offset+e.Length)
	if !ok1 || !ok2 || end < start {
		return ""
	}
	return text[start:end]
}

// utf16ToByte converts a UTF-16 offset into a byte offset of s.
func utf16ToByte(s string, off int) (int, bool) {
	if off < 0 {
		return 0, false
	}
	u := 0
	for i, r := range s {
		if u == off {
			return i, true
		}
		if u > off {
			return 0, false
		}
		u += runeUTF16Len(r)
	}
	if u == off {
		return len(s), true
	}
	return 0, false
}

// byteToUTF16 converts a byte offset of s into a UTF-16 offset.
func byteToUTF16(s string, b int) int {
	return UTF16Len(s[:b])
}

// isWordChar mirrors Telegram's notion of a word character (letters,
// numbers and underscore). Chinese characters are letters, so "请@zhang"
// contains no mention and "请/help" contains no command.
func isWordChar(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

func isASCIIWordByte(c byte) bool {
	return c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func prevRune(s string, i int) (rune, bool) {
	if i == 0 {
		return 0, false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r, true
}

func nextRune(s string, i int) (rune, bool) {
	if i >= len(s) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r, true
}

type byteSpan struct{ start, end int }

// findBotCommands finds bot commands the way Telegram does:
// /[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})? not preceded or followed by a
// word character, '/', '<' or '>'.
func findBotCommands(s string) []byteSpan {
	var out []byteSpan
	for i := 0; i < len(s); i++ {
		if s[i] != '/' {
			continue
		}
		if p, ok := prevRune(s, i); ok && (isWordChar(p) || p == '/' || p == '<' || p == '>') {
			continue
		}
		j := i + 1
		for j < len(s) && isASCIIWordByte(s[j]) {
			j++
		}
		if n := j - i - 1; n < 1 || n > 64 {
			continue
		}
		end := j
		if j < len(s) && s[j] == '@' {
			k := j + 1
			for k < len(s) && isASCIIWordByte(s[k]) {
				k++
			}
			if n := k - j - 1; n < 3 || n > 32 {
				continue
			}
			end = k
		}
		if r, ok := nextRune(s, end); ok && (isWordChar(r) || r == '/' || r == '<' || r == '>') {
			continue
		}
		out = append(out, byteSpan{i, end})
		i = end - 1
	}
	return out
}

// findMentions finds @username mentions the way Telegram does:
// @[A-Za-z0-9_]{2,32} not preceded or followed by a word character.
func findMentions(s string) []byteSpan {
	var out []byteSpan
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		if p, ok := prevRune(s, i); ok && isWordChar(p) {
			continue
		}
		j := i + 1
		for j < len(s) && isASCIIWordByte(s[j]) {
			j++
		}
		if n := j - i - 1; n < 2 || n > 32 {
			continue
		}
		if r, ok := nextRune(s, j); ok && isWordChar(r) {
			continue
		}
		out = append(out, byteSpan{i, j})
		i = j - 1
	}
	return out
}

// detectEntities computes the entities Telegram attaches to a plain text
// message written by a user: bot_command and mention.
func detectEntities(text string) []models.MessageEntity {
	var ents []models.MessageEntity
	cmds := findBotCommands(text)
	for _, sp := range cmds {
		ents = append(ents, spanEntity(text, sp, models.MessageEntityTypeBotCommand))
	}
	for _, sp := range findMentions(text) {
		inside := false
		for _, c := range cmds {
			if sp.start >= c.start && sp.end <= c.end {
				inside = true
				break
			}
		}
		if !inside {
			ents = append(ents, spanEntity(text, sp, models.MessageEntityTypeMention))
		}
	}
	return ents
}

func spanEntity(text string, sp byteSpan, typ models.MessageEntityType) models.MessageEntity {
	off := byteToUTF16(text, sp.start)
	return models.MessageEntity{Type: typ, Offset: off, Length: UTF16Len(text[sp.start:sp.end])}
}

// sortEntities orders entities like Telegram: by offset, longer first.
func sortEntities(ents []models.MessageEntity) {
	sort.SliceStable(ents, func(i, j int) bool {
		if ents[i].Offset != ents[j].Offset {
			return ents[i].Offset < ents[j].Offset
		}
		return ents[i].Length > ents[j].Length
	})
}
