package tgfake

import (
	"errors"
	"reflect"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestParseHTML(t *testing.T) {
	type E = models.MessageEntity
	cases := []struct {
		in   string
		text string
		ents []E
	}{
		{"纯文本", "纯文本", nil},
		{"<b>督办</b>：<i>周五</i>", "督办：周五", []E{{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 3, Length: 2}}},
		{"<B>大写</B>", "大写", []E{{Type: "bold", Offset: 0, Length: 2}}},
		{"📌<u>x</u>", "📌x", []E{{Type: "underline", Offset: 2, Length: 1}}},
		{"<b>a<i>b</i></b>", "ab", []E{{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 1, Length: 1}}},
		{"<s>1</s><strike>2</strike><del>3</del><ins>4</ins><em>5</em><strong>6</strong>", "123456", []E{
			{Type: "strikethrough", Offset: 0, Length: 1}, {Type: "strikethrough", Offset: 1, Length: 1},
			{Type: "strikethrough", Offset: 2, Length: 1}, {Type: "underline", Offset: 3, Length: 1},
			{Type: "italic", Offset: 4, Length: 1}, {Type: "bold", Offset: 5, Length: 1}}},
		{"<code>x&lt;1</code>", "x<1", []E{{Type: "code", Offset: 0, Length: 3}}},
		{`<pre><code class="language-go">fmt</code></pre>`, "fmt", []E{{Type: "pre", Offset: 0, Length: 3, Language: "go"}}},
		{"<pre>p</pre>", "p", []E{{Type: "pre", Offset: 0, Length: 1}}},
		{`<a href="tg://user?id=12">李四</a>`, "李四", []E{{Type: "text_mention", Offset: 0, Length: 2, User: &models.User{ID: 12}}}},
		{`<a href='example.com'>站</a>`, "站", []E{{Type: "text_link", Offset: 0, Length: 1, URL: "http://example.com"}}},
		{`<tg-spoiler>秘</tg-spoiler><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "秘👍", []E{
			{Type: "spoiler", Offset: 0, Length: 1}, {Type: "custom_emoji", Offset: 1, Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{"<blockquote>引</blockquote>", "引", []E{{Type: "blockquote", Offset: 0, Length: 1}}},
		{"<b></b>空", "空", nil},
		{"a > b &amp;&amp; c", "a > b && c", nil},
		{"&#128204;&#x1F4CC;", "📌📌", nil},
	}
	for _, c := range cases {
		text, ents, err := ParseHTML(c.in)
		if err != nil {
			t.Errorf("ParseHTML(%q): %v", c.in, err)
			continue
		}
		if text != c.text || !reflect.DeepEqual(ents, c.ents) {
			t.Errorf("ParseHTML(%q)\n got %q %+v\nwant %q %+v", c.in, text, ents, c.text, c.ents)
		}
	}
	if text, _, err := ParseHTML("<b >x</>"); err != nil || text != "x" {
		t.Errorf("empty end tag closes the innermost tag: %q %v", text, err)
	}

	_, _, err := ParseHTML("<div>x</div>")
	var he *HTMLError
	if !errors.As(err, &he) || he.Reason != `Unsupported start tag "div" at byte offset 0` {
		t.Fatalf("error %v", err)
	}
	if PlainText("<b>好</b>&amp;") != "好&" || PlainText("<bad>") != "<bad>" {
		t.Error("PlainText")
	}
}

func TestEntityDetection(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"/start", []string{"bot_command:/start"}},
		{"/task@duban_bot 周五", []string{"bot_command:/task@duban_bot"}},
		{"请/help", nil}, // Chinese letters are word characters
		{"/help请", nil}, // so is the next character
		{"看 /help 和 /usr/bin", []string{"bot_command:/help"}},
		{"@zhangsan，请处理", []string{"mention:@zhangsan"}},
		{"请@zhangsan", nil},
		{"mail@example.com @a @ab", []string{"mention:@ab"}},
		{"/cmd@ab", nil}, // bot name too short: not a command
	}
	for _, c := range cases {
		var got []string
		for _, e := range detectEntities(c.text) {
			got = append(got, string(e.Type)+":"+EntityText(c.text, e))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %v want %v", c.text, got, c.want)
		}
	}
}

func TestUTF16(t *testing.T) {
	s := "a中📌b"
	if UTF16Len(s) != 5 {
		t.Fatal(UTF16Len(s))
	}
	if got := EntityText(s, models.MessageEntity{Offset: 2, Length: 2}); got != "📌" {
		t.Fatalf("%q", got)
	}
	if got := EntityText(s, models.MessageEntity{Offset: 3, Length: 1}); got != "" {
		t.Fatalf("half a surrogate pair: %q", got)
	}
}
