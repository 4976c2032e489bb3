package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/tgfake"
)

// printNew prints what the bot sent that was not printed yet (reminders
// included) and button answers not printed yet. It returns how many
// messages it showed (edits and deletions not counted).
func (c *console) printNew() int {
	sent := c.sb.Fake.Sent()
	shown := 0
	for _, s := range sent[c.printed:] {
		if c.print(s) {
			shown++
		}
	}
	c.printed = len(sent)
	answers := c.sb.Fake.CallbackAnswers()
	for _, a := range answers[c.seenAnswers:] {
		if a.Text != "" {
			fmt.Fprintf(c.out, "  🔔 %s\n", a.Text)
		}
	}
	c.seenAnswers = len(answers)
	return shown
}

// print shows one thing the bot did, headed by the message's number, the
// chat (and to whom, in private) and the time on the trial's clock. It
// reports whether it was a new message.
func (c *console) print(s tgfake.Sent) bool {
	k := msgKey{s.ChatID, s.MessageID}
	head := fmt.Sprintf("[%s] %s", c.chatLabel(s.ChatID), c.shortTime(s.At))
	switch s.Method {
	case "sendMessage":
		fmt.Fprintf(c.out, "🤖 #%d %s\n%s\n", c.number(k), head, indent(s.PlainText))
	case "editMessageText", "editMessageReplyMarkup", "editMessageCaption":
		n, known := c.numbers[k]
		if !known {
			n = c.number(k)
		}
		fmt.Fprintf(c.out, "🤖 #%d 已更新 %s\n%s\n", n, head, indent(s.PlainText))
		if s.Markup == nil && c.withButtons[k.chat] == n {
			delete(c.withButtons, k.chat) // its buttons are gone
		}
		c.showButtons(s, n)
		return false
	case "sendPhoto", "sendDocument":
		n := c.number(k)
		kind := map[string]string{"sendPhoto": "图片", "sendDocument": "文件"}[s.Method]
		where, err := c.files.write(n, s.FileName, s.FileBytes)
		if err != nil {
			where = fmt.Sprintf("没能保存：%v", err)
		}
		fmt.Fprintf(c.out, "🤖 #%d %s %s：%s（%d KB）\n", n, head, kind, where, (len(s.FileBytes)+1023)/1024)
		if s.PlainText != "" {
			fmt.Fprintln(c.out, indent(s.PlainText))
		}
		return true
	case "deleteMessage":
		if n, ok := c.numbers[k]; ok {
			fmt.Fprintf(c.out, "🤖 #%d 已删除 %s\n", n, head)
		}
		return false
	default:
		return false
	}
	n := c.numbers[k]
	c.showButtons(s, n)
	if s.ForceReply {
		fmt.Fprintln(c.out, "   （机器人在等你回答：直接输入下一行）")
		c.forceReply = n
	}
	return true
}

// showButtons lists a message's buttons, numbered for ":press 2".
func (c *console) showButtons(s tgfake.Sent, n int) {
	if s.Markup == nil || len(s.Markup.InlineKeyboard) == 0 {
		return
	}
	var labels []string
	i := 0
	for _, row := range s.Markup.InlineKeyboard {
		for _, b := range row {
			i++
			labels = append(labels, fmt.Sprintf("[%d %s]", i, b.Text))
		}
	}
	fmt.Fprintf(c.out, "   %s  （:press 编号，或 :press %d 按钮名）\n", strings.Join(labels, " "), n)
	c.withButtons[s.ChatID] = n
}

// number gives message k the next number.
func (c *console) number(k msgKey) int {
	c.shown = append(c.shown, k)
	c.numbers[k] = len(c.shown)
	return len(c.shown)
}

// chatLabel is 群, or 私聊 → the person the private chat is with.
func (c *console) chatLabel(chat int64) string {
	if chat == demoGroup {
		return "群"
	}
	return "私聊 → " + c.name(chat)
}

// name of a demo user by id (a private chat's id is the user's).
func (c *console) name(id int64) string {
	for _, u := range demoUsers {
		if u.ID == id {
			return u.FirstName
		}
	}
	return fmt.Sprint(id)
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// shortTime shows a moment on the trial's clock: 12-07 周一 09:00.
func (c *console) shortTime(t time.Time) string {
	t = t.In(c.zone)
	return t.Format("01-02 ") + weekdays[t.Weekday()] + t.Format(" 15:04")
}

// longTime is shortTime with the year.
func (c *console) longTime(t time.Time) string {
	return t.In(c.zone).Format("2006-") + c.shortTime(t)
}

func indent(s string) string {
	return "   " + strings.ReplaceAll(s, "\n", "\n   ")
}

// filesDir is where the console writes the pictures and files the bot
// sends, so that the user can open them.
type filesDir struct {
	path string
	temp bool // made by the console: removed at the end if nothing was written
	n    int  // files written
}

// openFilesDir uses dir (made if missing), or else a new temporary folder.
func openFilesDir(dir string) (*filesDir, error) {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "duban-console-")
		if err != nil {
			return nil, err
		}
		return &filesDir{path: tmp, temp: true}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return &filesDir{path: abs}, nil
}

// write saves a file sent as message n under the name the bot gave it,
// prefixed with the number (005-rank.png), and returns its path.
func (d *filesDir) write(n int, name string, data []byte) (string, error) {
	name = filepath.Base(filepath.Clean("/" + name)) // the bot's name, never a path
	if name == "/" || name == "." {
		name = "file"
	}
	path := filepath.Join(d.path, fmt.Sprintf("%03d-%s", n, name))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", err
	}
	d.n++
	return path, nil
}

// close removes a temporary folder nothing was written to.
func (d *filesDir) close() {
	if d.temp && d.n == 0 {
		os.Remove(d.path)
	}
}
