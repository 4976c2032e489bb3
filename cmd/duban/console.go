package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/config"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The demo group of `duban console`.
const demoGroup int64 = -1001000000001

type demoUser struct {
	tgfake.User
	admin bool
}

var demoUsers = []demoUser{
	{tgfake.User{ID: 1, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"}, true},
	{tgfake.User{ID: 2, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"}, false},
	{tgfake.User{ID: 3, FirstName: "王芳", Username: "wangfang", LanguageCode: "zh-hans"}, false},
	{tgfake.User{ID: 4, FirstName: "李局", Username: "lijv", LanguageCode: "zh-hans"}, false},
	{tgfake.User{ID: 5, FirstName: "赵敏", LanguageCode: "zh-hans"}, false}, // no username
}

// runConsole is an offline trial: the real bot against an in-process fake
// Telegram, with a demo group, driven from the terminal or a pipe.
func runConsole(ctx context.Context, e *env, args []string) int {
	cfg, err := config.Load(args, e.getenv, e.stderr, false)
	if err != nil {
		fmt.Fprintf(e.stderr, "duban console: %v\n", err)
		return exitUsage
	}
	opts := sandbox.Options{Zone: cfg.Zone, Logger: newLogger(e.stderr, "error")}
	if e.getenv("DUBAN_DB") != "" || hasFlag(args, "db") {
		opts.DB = cfg.DB
	}
	sb, err := sandbox.Start(ctx, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "duban console: %v\n", err)
		return exitFail
	}
	defer sb.Close()
	c := &console{sb: sb, out: e.stdout, chat: demoGroup, user: demoUsers[0], interactive: isTerminal(e.stdin)}
	c.setUp(ctx)
	c.banner()
	c.loop(ctx, e.stdin)
	return exitOK
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// console is the state of one trial session.
type console struct {
	sb          *sandbox.Sandbox
	out         io.Writer
	chat        int64 // demoGroup, or the user's id in private
	user        demoUser
	interactive bool
	seenAnswers int // callback answers already printed
	printed     int // Sent records already printed
	lastMarkup  *tgfake.Sent
	forceReply  *tgfake.Sent
}

func (c *console) setUp(ctx context.Context) {
	var members, admins []int64
	for _, u := range demoUsers {
		c.sb.Fake.AddUser(u.User)
		members = append(members, u.ID)
		if u.admin {
			admins = append(admins, u.ID)
		}
	}
	c.sb.Fake.AddGroup(tgfake.Group{ID: demoGroup, Title: "招商引资工作群", Type: "supergroup",
		Members: members, Admins: admins, Creator: demoUsers[0].ID})
	// Everyone has said hello once, so the bot knows who @zhangwei is.
	for _, u := range demoUsers {
		c.sb.Fake.SendText(demoGroup, u.ID, "大家好")
	}
	c.settle(ctx)
	c.seenAnswers = len(c.sb.Fake.CallbackAnswers())
	c.printed = c.sb.Fake.Mark()
}

func (c *console) banner() {
	fmt.Fprintln(c.out, "督办 console — 离线试用（机器人与一个模拟的 Telegram 对话）")
	fmt.Fprintln(c.out, "群：招商引资工作群；成员：刘书记 @liushuji（群主，领导）、张伟 @zhangwei、王芳 @wangfang、李局 @lijv、赵敏（无用户名，写 @赵敏）")
	fmt.Fprintln(c.out, "输入消息即以当前身份发到群里，例如：/assign @zhangwei 完成项目申报材料 下周五前")
	fmt.Fprintln(c.out, "  :as 张伟   切换身份      :dm   与机器人私聊     :group  回到群里")
	fmt.Fprintln(c.out, "  :press 2   按最近一条机器人消息的第2个按钮       :quit   退出")
	fmt.Fprintln(c.out)
}

func (c *console) loop(ctx context.Context, in io.Reader) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for {
		if c.interactive {
			fmt.Fprintf(c.out, "%s> ", c.where())
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !c.interactive {
			fmt.Fprintf(c.out, "%s> %s\n", c.where(), line)
		}
		if line == ":quit" || line == ":q" {
			break
		}
		c.handle(ctx, line)
	}
	c.settle(ctx) // at end of input: wait for pending replies, print them
	c.printNew(ctx)
}

// where names the current speaker and chat for the prompt.
func (c *console) where() string {
	if c.chat == demoGroup {
		return c.user.FirstName + "@群"
	}
	return c.user.FirstName + "@私聊"
}

func (c *console) handle(ctx context.Context, line string) {
	switch {
	case strings.HasPrefix(line, ":as "):
		name := strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(line, ":as ")), "@")
		for _, u := range demoUsers {
			if u.FirstName == name || strings.EqualFold(u.Username, name) {
				c.user = u
				if c.chat != demoGroup {
					c.chat = u.ID
				}
				fmt.Fprintf(c.out, "（现在的身份：%s）\n", u.FirstName)
				return
			}
		}
		fmt.Fprintf(c.out, "（没有成员叫 %s）\n", name)
		return
	case line == ":dm":
		c.chat = c.user.ID
		c.sb.Fake.StartBot(c.user.ID) // opens the chat with /start, as Telegram does
	case line == ":group":
		c.chat = demoGroup
		fmt.Fprintln(c.out, "（回到群里）")
		return
	case strings.HasPrefix(line, ":press"):
		if !c.press(strings.TrimSpace(strings.TrimPrefix(line, ":press"))) {
			return
		}
	case strings.HasPrefix(line, ":"):
		fmt.Fprintln(c.out, "（命令有 :as 名字、:dm、:group、:press 编号、:quit）")
		return
	default:
		c.send(line)
	}
	c.settle(ctx)
	c.printNew(ctx)
}

// send writes a message as the current user. "@赵敏" (a member without a
// username) becomes a text mention, as Telegram's mention picker makes it.
func (c *console) send(text string) {
	var opts []tgfake.MsgOption
	for _, u := range demoUsers {
		if u.Username == "" && strings.Contains(text, "@"+u.FirstName) {
			text = strings.ReplaceAll(text, "@"+u.FirstName, u.FirstName)
			opts = append(opts, tgfake.WithTextMention(u.ID))
		}
	}
	if c.forceReply != nil && c.forceReply.ChatID == c.chat {
		opts = append(opts, tgfake.ReplyTo(c.forceReply.MessageID))
		c.forceReply = nil
	}
	c.sb.Fake.SendText(c.chat, c.user.ID, text, opts...)
}

// press presses the n-th button (counting across rows) of the latest bot
// message with buttons in the current chat.
func (c *console) press(arg string) bool {
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || c.lastMarkup == nil || c.lastMarkup.ChatID != c.chat {
		fmt.Fprintln(c.out, "（用法：:press 编号，按最近一条带按钮的机器人消息上的按钮）")
		return false
	}
	i := 0
	for _, row := range c.lastMarkup.Markup.InlineKeyboard {
		for _, b := range row {
			if i++; i == n {
				c.sb.Fake.Press(c.chat, c.lastMarkup.MessageID, c.user.ID, b.CallbackData)
				return true
			}
		}
	}
	fmt.Fprintf(c.out, "（没有第 %d 个按钮）\n", n)
	return false
}

// settle waits until the bot has handled everything typed, and briefly for
// what it sends on its own right after (an /urge goes through the reminder
// queue).
func (c *console) settle(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := c.sb.Settle(ctx); err != nil {
		fmt.Fprintf(c.out, "（机器人没有及时回应：%v）\n", err)
	}
	_ = c.sb.Fake.WaitIdle(ctx, 150*time.Millisecond)
}

// printNew prints what the bot sent that was not printed yet (reminders
// included), and button answers not printed yet.
func (c *console) printNew(ctx context.Context) {
	sent := c.sb.Fake.Sent()
	for _, s := range sent[c.printed:] {
		c.print(s)
	}
	c.printed = len(sent)
	answers := c.sb.Fake.CallbackAnswers()
	for _, a := range answers[c.seenAnswers:] {
		if a.Text != "" {
			fmt.Fprintf(c.out, "  🔔 %s\n", a.Text)
		}
	}
	c.seenAnswers = len(answers)
}

func (c *console) print(s tgfake.Sent) {
	where := "群"
	if s.ChatID > 0 {
		where = "私聊"
	}
	switch s.Method {
	case "sendMessage":
		fmt.Fprintf(c.out, "🤖 [%s]\n%s\n", where, indent(s.PlainText))
	case "editMessageText", "editMessageReplyMarkup":
		fmt.Fprintf(c.out, "🤖 [%s·更新了第%d条消息]\n%s\n", where, s.MessageID, indent(s.PlainText))
	case "sendPhoto", "sendDocument":
		kind := map[string]string{"sendPhoto": "图片", "sendDocument": "文件"}[s.Method]
		fmt.Fprintf(c.out, "🤖 [%s] （%s %s，%d KB）\n%s\n", where, kind, s.FileName, (len(s.FileBytes)+1023)/1024, indent(s.PlainText))
		return
	default:
		return // deletions and the like
	}
	if s.Markup != nil && len(s.Markup.InlineKeyboard) > 0 {
		var labels []string
		i := 0
		for _, row := range s.Markup.InlineKeyboard {
			for _, b := range row {
				i++
				labels = append(labels, fmt.Sprintf("[%d %s]", i, b.Text))
			}
		}
		fmt.Fprintf(c.out, "   %s  （:press 编号）\n", strings.Join(labels, " "))
		cp := s
		c.lastMarkup = &cp
	}
	if s.ForceReply {
		fmt.Fprintln(c.out, "   （机器人在等你回答：直接输入下一行）")
		cp := s
		c.forceReply = &cp
	}
}

func indent(s string) string {
	return "   " + strings.ReplaceAll(s, "\n", "\n   ")
}
