package tgfake

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// HTMLError is returned by ParseHTML for markup Telegram refuses. Its
// Error() text is what follows "Bad Request: " in the API answer.
type HTMLError struct {
	// Reason is the part after "can't parse entities: ", e.g.
	// `Unsupported start tag "br" at byte offset 5`.
	Reason string
}

func (e *HTMLError) Error() string { return "can't parse entities: " + e.Reason }

func htmlErrorf(format string, args ...any) error {
	return &HTMLError{Reason: fmt.Sprintf(format, args...)}
}

var supportedTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true,
	"s": true, "strike": true, "del": true, "u": true, "ins": true,
	"tg-spoiler": true, "tg-emoji": true, "span": true, "pre": true,
	"code": true, "blockquote": true,
}

// ParseHTML parses text written for parse_mode=HTML the way the Bot API
// does and returns the text the user sees plus its entities (offsets in
// UTF-16 code units). It rejects what Telegram rejects: unsupported tags
// (<br>, <p>, <div>...), unclosed or mismatched tags, a bare '<', and
// <span> without class="tg-spoiler".
//
// It is deliberately stricter than Telegram in one respect: a bare '&' in
// text that does not start one of &lt; &gt; &amp; &quot; &#NNN; &#xHH; is an
// error (Telegram keeps it literally, but its documentation requires
// escaping, and html.EscapeString produces the accepted form). Attribute
// values are decoded leniently, as Telegram does.
func ParseHTML(s string) (string, []models.MessageEntity, error) {
	type openTag struct {
		name, arg  string
		start      int // byte offset in out
		expandable bool
	}
	type rawEntity struct {
		models.MessageEntity
		start, end int // byte offsets in out
	}
	var (
		out   strings.Builder
		stack []openTag
		ents  []rawEntity
	)
	n := len(s)
	i := 0
	for i < n {
		c := s[i]
		if c == '&' {
			r, size, ok := decodeHTMLEntity(s, i)
			if !ok {
				return "", nil, htmlErrorf("Unescaped \"&\" or unsupported character entity at byte offset %d (write &amp;)", i)
			}
			out.WriteRune(r)
			i += size
			continue
		}
		if c != '<' {
			out.WriteByte(c)
			i++
			continue
		}

		begin := i
		i++
		if i >= n {
			return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
		}
		if s[i] != '/' {
			// Start tag.
			j := i
			for j < n && !isHTMLSpace(s[j]) && s[j] != '>' {
				j++
			}
			if j >= n {
				return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
			}
			name := strings.ToLower(s[i:j])
			if !supportedTags[name] {
				return "", nil, htmlErrorf("Unsupported start tag %q at byte offset %d", name, begin)
			}
			i = j
			tag := openTag{name: name}
			for s[i] != '>' {
				for i < n && isHTMLSpace(s[i]) {
					i++
				}
				if i >= n {
					return "", nil, htmlErrorf("Unclosed start tag %q at byte offset %d", name, begin)
				}
				if s[i] == '>' {
					break
				}
				attrBegin := i
				for i < n && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' {
					i++
				}
				attr := strings.ToLower(s[attrBegin:i])
				if attr == "" {
					return "", nil, htmlErrorf("Empty attribute name in the tag %q at byte offset %d", name, begin)
				}
				for i < n && isHTMLSpace(s[i]) {
					i++
				}
				if i >= n {
					return "", nil, htmlErrorf("Unclosed start tag %q at byte offset %d", name, begin)
				}
				if s[i] != '=' {
					if name == "blockquote" && attr == "expandable" {
						tag.expandable = true
						continue
					}
					return "", nil, htmlErrorf("Expected equal sign in declaration of an attribute of the tag %q at byte offset %d", name, begin)
				}
				i++
				for i < n && isHTMLSpace(s[i]) {
					i++
				}
				if i >= n {
					return "", nil, htmlErrorf("Unclosed start tag %q at byte offset %d", name, begin)
				}
				var value string
				if q := s[i]; q == '"' || q == '\'' {
					i++
					var v strings.Builder
					for i < n && s[i] != q {
						if s[i] == '&' {
							if r, size, ok := decodeHTMLEntity(s, i); ok {
								v.WriteRune(r)
								i += size
								continue
							}
						}
						v.WriteByte(s[i])
						i++
					}
					if i >= n {
						return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
					}
					i++ // closing quote
					value = v.String()
				} else {
					tokenBegin := i
					for i < n && (isASCIIAlnum(s[i]) || s[i] == '.' || s[i] == '-') {
						i++
					}
					if i >= n || (!isHTMLSpace(s[i]) && s[i] != '>') {
						return "", nil, htmlErrorf("Unexpected end of name token at byte offset %d", tokenBegin)
					}
					value = strings.ToLower(s[tokenBegin:i])
				}
				if i >= n {
					return "", nil, htmlErrorf("Unclosed start tag at byte offset %d", begin)
				}
				switch {
				case name == "a" && attr == "href":
					tag.arg = value
				case name == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
					tag.arg = value[len("language-"):]
				case name == "span" && attr == "class" && strings.HasPrefix(value, "tg-"):
					tag.arg = value[len("tg-"):]
				case name == "tg-emoji" && attr == "emoji-id":
					tag.arg = value
				}
			}
			i++ // '>'
			if name == "span" && tag.arg != "spoiler" {
				return "", nil, htmlErrorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			tag.start = out.Len()
			stack = append(stack, tag)
			continue
		}

		// End tag.
		if len(stack) == 0 {
			return "", nil, htmlErrorf("Unexpected end tag at byte offset %d", begin)
		}
		j := i + 1
		for j < n && !isHTMLSpace(s[j]) && s[j] != '>' {
			j++
		}
		endName := strings.ToLower(s[i+1 : j])
		for j < n && isHTMLSpace(s[j]) {
			j++
		}
		if j >= n || s[j] != '>' {
			return "", nil, htmlErrorf("Unclosed end tag at byte offset %d", begin)
		}
		top := stack[len(stack)-1]
		if endName != "" && endName != top.name {
			return "", nil, htmlErrorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.name, endName)
		}
		i = j + 1
		stack = stack[:len(stack)-1]
		start, end := top.start, out.Len()
		if end <= start {
			continue
		}
		e := rawEntity{start: start, end: end}
		last := func() *rawEntity {
			if len(ents) == 0 {
				return nil
			}
			l := &ents[len(ents)-1]
			if l.start == start && l.end == end {
				return l
			}
			return nil
		}
		switch top.name {
		case "b", "strong":
			e.Type = models.MessageEntityTypeBold
		case "i", "em":
			e.Type = models.MessageEntityTypeItalic
		case "u", "ins":
			e.Type = models.MessageEntityTypeUnderline
		case "s", "strike", "del":
			e.Type = models.MessageEntityTypeStrikethrough
		case "tg-spoiler", "span":
			e.Type = models.MessageEntityTypeSpoiler
		case "tg-emoji":
			id, err := strconv.ParseInt(top.arg, 10, 64)
			if err != nil || id == 0 {
				return "", nil, htmlErrorf("Invalid custom emoji identifier specified")
			}
			e.Type = models.MessageEntityTypeCustomEmoji
			e.CustomEmojiID = top.arg
		case "a":
			url := top.arg
			if url == "" {
				url = out.String()[start:end]
			}
			if id, ok := tgUserLink(url); ok {
				e.Type = models.MessageEntityTypeTextMention
				e.User = &models.User{ID: id}
			} else if u, ok := checkedLink(url); ok {
				e.Type = models.MessageEntityTypeTextLink
				e.URL = u
			} else {
				continue
			}
		case "pre":
			if l := last(); l != nil && l.Type == models.MessageEntityTypeCode && l.Language != "" {
				l.Type = models.MessageEntityTypePre
				continue
			}
			e.Type = models.MessageEntityTypePre
		case "code":
			if l := last(); l != nil && l.Type == models.MessageEntityTypePre && top.arg != "" {
				l.Language = top.arg
				continue
			}
			e.Type = models.MessageEntityTypeCode
			e.Language = top.arg // cleared below unless merged into pre
		case "blockquote":
			e.Type = models.MessageEntityTypeBlockquote
			if top.expandable {
				e.Type = models.MessageEntityTypeExpandableBlockquote
			}
		}
		ents = append(ents, e)
	}
	if len(stack) > 0 {
		return "", nil, htmlErrorf("Can't find end tag corresponding to start tag %s", stack[len(stack)-1].name)
	}
	text := out.String()
	if !utf8.ValidString(text) {
		return "", nil, htmlErrorf("Text contains invalid Unicode characters after decoding HTML entities")
	}
	result := make([]models.MessageEntity, 0, len(ents))
	for _, e := range ents {
		me := e.MessageEntity
		if me.Type == models.MessageEntityTypeCode {
			me.Language = ""
		}
		me.Offset = byteToUTF16(text, e.start)
		me.Length = UTF16Len(text[e.start:e.end])
		result = append(result, me)
	}
	sortEntities(result)
	if len(result) == 0 {
		result = nil
	}
	return text, result, nil
}

// PlainText returns the text a user sees for an HTML-formatted message, or
// the input unchanged if it cannot be parsed.
func PlainText(html string) string {
	t, _, err := ParseHTML(html)
	if err != nil {
		return html
	}
	return t
}

// decodeHTMLEntity decodes the character entity starting at s[i] == '&'.
// Only &lt; &gt; &amp; &quot; and numeric entities with a terminating ';'
// are accepted.
func decodeHTMLEntity(s string, i int) (rune, int, bool) {
	j := i + 1
	if j < len(s) && s[j] == '#' {
		j++
		base := 10
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			base = 16
			j++
		}
		digitsBegin := j
		for j < len(s) && isDigitOfBase(s[j], base) {
			j++
		}
		if j == digitsBegin || j-digitsBegin > 8 || j >= len(s) || s[j] != ';' {
			return 0, 0, false
		}
		v, err := strconv.ParseUint(s[digitsBegin:j], base, 32)
		if err != nil || v == 0 || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
			return 0, 0, false
		}
		return rune(v), j + 1 - i, true
	}
	for j < len(s) && isASCIIAlpha(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != ';' {
		return 0, 0, false
	}
	var r rune
	switch s[i+1 : j] {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "quot":
		r = '"'
	default:
		return 0, 0, false
	}
	return r, j + 1 - i, true
}

// tgUserLink recognises tg://user?id=123, which HTML turns into a
// text_mention entity.
func tgUserLink(u string) (int64, bool) {
	const prefix = "tg://user?id="
	if len(u) <= len(prefix) || !strings.EqualFold(u[:len(prefix)], prefix) {
		return 0, false
	}
	id, err := strconv.ParseInt(u[len(prefix):], 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// checkedLink approximates Telegram's link normalisation: schemeless links
// get "http://", links with spaces are dropped.
func checkedLink(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsAny(u, " \n\t") {
		return "", false
	}
	if !strings.Contains(u, "://") && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
		u = "http://" + u
	}
	return u, true
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0
}

func isASCIIAlpha(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }
func isASCIIAlnum(c byte) bool { return isASCIIAlpha(c) || ('0' <= c && c <= '9') }

func isDigitOfBase(c byte, base int) bool {
	if '0' <= c && c <= '9' {
		return true
	}
	if base == 16 {
		return ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
	}
	return false
}
