package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/duban-bot/duban/internal/clock"
	"github.com/duban-bot/duban/internal/config"
	"github.com/duban-bot/duban/internal/sandbox"
	"github.com/duban-bot/duban/internal/tgfake"
)

// The demo group of `duban console`.
const demoGroup int64 = -1001000000001

type demoUser struct {
	tgfake.User
	admin   bool
	started bool // has started the bot in private, so private reminders reach them
}

var demoUsers = []demoUser{
	{tgfake.User{ID: 1, FirstName: "刘书记", Username: "liushuji", LanguageCode: "zh-hans"}, true, false},
	{tgfake.User{ID: 2, FirstName: "张伟", Username: "zhangwei", LanguageCode: "zh-hans"}, false, true},
	{tgfake.User{ID: 3, FirstName: "王芳", Username: "wangfang", LanguageCode: "zh-hans"}, false, false},
	{tgfake.User{ID: 4, FirstName: "李局", Username: "lijv", LanguageCode: "zh-hans"}, false, false},
	{tgfake.User{ID: 5, FirstName: "赵敏", LanguageCode: "zh-hans"}, false, false}, // no username
}

// Real-time bounds of the console's waits: they only matter if the program
// hangs, since the clock the bot lives by is the console's own.
const (
	answerLimit = 30 * time.Second // for the answers to one line typed
	moveLimit   = 5 * time.Minute  // for one :wait or :at, however far
)

// runConsole is an offline trial: the real bot against an in-process fake
// Telegram, with a demo group, driven from the terminal or a pipe, on a
// clock that moves only when told (:wait, :at).
func runConsole(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("duban console", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	nowFlag := fs.String("now", "", "the moment the trial starts (RFC3339, or 2006-01-02 15:04 in -tz; default: now)")
	filesFlag := fs.String("files", "", "folder for the pictures and files the bot sends (default: a new temporary folder)")
	cfg, err := config.LoadFlags(fs, args, e.getenv, false)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "duban console: %v\n", err)
		return exitUsage
	}
	start := time.Now().Truncate(time.Minute)
	if *nowFlag != "" {
		if start, err = parseMoment(*nowFlag, cfg.Zone); err != nil {
			fmt.Fprintf(e.stderr, "duban console: -now %v\n", err)
			return exitUsage
		}
	}
	opts := sandbox.Options{Zone: cfg.Zone}
	if e.getenv("DUBAN_DB") != "" || hasFlag(args, "db") {
		opts.DB = cfg.DB
	}
	files, err := openFilesDir(*filesFlag)
	if err != nil {
		fmt.Fprintf(e.stderr, "duban console: -files: %v\n", err)
		return exitUsage
	}
	c, err := startConsole(ctx, opts, start, files, e.stdout, e.stderr)
	if err != nil {
		files.close()
		fmt.Fprintf(e.stderr, "duban console: %v\n", err)
		return exitFail
	}
	defer c.close()
	c.interactive = isTerminal(e.stdin)
	c.banner()
	c.loop(ctx, e.stdin)
	return exitOK
}

// startConsole starts the program on a fake clock reading start, with the
// demo group in opts.Zone (default Asia/Shanghai), writing files to files
// (which close closes).
func startConsole(ctx context.Context, opts sandbox.Options, start time.Time, files *filesDir, out, logs io.Writer) (*console, error) {
	if opts.Zone == nil {
		zone, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			return nil, err
		}
		opts.Zone = zone
	}
	clk := clock.NewFake(start)
	opts.Clock, opts.Limits, opts.Logger = clk, sandbox.Unpaced, newLogger(logs, "error", "text")
	sb, err := sandbox.Start(ctx, opts)
	if err != nil {
		return nil, err
	}
	c := &console{sb: sb, clk: clk, zone: opts.Zone, files: files, out: out, chat: demoGroup, user: demoUsers[0],
		numbers: map[msgKey]int{}, withButtons: map[int64]int{}}
	c.setUp(ctx)
	return c, nil
}

// close stops the program and removes an unused temporary files folder.
func (c *console) close() {
	c.sb.Close()
	c.files.close()
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
	clk         *clock.Fake
	zone        *time.Location
	files       *filesDir
	out         io.Writer
	chat        int64 // demoGroup, or the user's id in private
	user        demoUser
	interactive bool
	seenAnswers int // callback answers already printed
	printed     int // Sent records already printed

	// Bot messages are numbered in the order they are shown, across chats.
	shown       []msgKey       // number-1 → message
	numbers     map[msgKey]int // message → number
	withButtons map[int64]int  // chat → number of its latest message with buttons
	forceReply  int            // number of a prompt waiting for an answer (0: none)
}

// msgKey names a message in the fake Telegram.
type msgKey struct {
	chat int64
	id   int
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
	for _, u := range demoUsers {
		if u.started {
			c.sb.Fake.StartBot(u.ID)
		}
	}
	c.settle(ctx)
	c.seenAnswers = len(c.sb.Fake.CallbackAnswers())
	c.printed = c.sb.Fake.Mark()
}

func (c *console) banner() {
	fmt.Fprintln(c.out, "督办 console — 离线试用（机器人与一个模拟的 Telegram 对话）")
	fmt.Fprintln(c.out, "群：招商引资工作群；成员：刘书记 @liushuji（群主，领导）、张伟 @zhangwei（已私聊过机器人）、王芳 @wangfang、李局 @lijv、赵敏（无用户名，写 @赵敏）")
	fmt.Fprintf(c.out, "时钟：%s（%s），不会自己走；用 :wait 或 :at 拨动，途中到期的提醒、催办、周报和晾晒按时间顺序送达\n",
		c.longTime(c.clk.Now()), c.zone)
	fmt.Fprintf(c.out, "机器人发的图片和文件保存在：%s\n", c.files.path)
	fmt.Fprintln(c.out, "输入消息即以当前身份发到群里，例如：/assign @zhangwei 完成项目申报材料 下周五前")
	c.usage()
	fmt.Fprintln(c.out)
}

func (c *console) usage() {
	fmt.Fprintln(c.out, "  :as 张伟          切换身份             :dm / :group         与机器人私聊 / 回到群里")
	fmt.Fprintln(c.out, "  :reply 3 收到     回复第3条消息        :press 3 确认办结    按第3条消息上的按钮")
	fmt.Fprintln(c.out, "  :press 2          按最近一条带按钮的消息的第2个按钮")
	fmt.Fprintln(c.out, "  :wait 1d / 3h     时钟向前拨1天 / 3小时  :at 2026-12-31 08:00  拨到某一时刻")
	fmt.Fprintln(c.out, "  :quit             退出")
}

// loop handles lines until the input ends, :quit, or ctx ends (Ctrl-C).
func (c *console) loop(ctx context.Context, in io.Reader) {
	lines := make(chan string)
	go func() { // a read cannot be interrupted: it is left behind on Ctrl-C
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		if c.interactive {
			fmt.Fprint(c.out, c.prompt())
		}
		var line string
		select {
		case <-ctx.Done():
			fmt.Fprintln(c.out)
			return
		case l, ok := <-lines:
			if !ok {
				c.settle(ctx) // at end of input: wait for pending replies, print them
				c.printNew()
				return
			}
			line = strings.TrimSpace(l)
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue // blank lines and comments of a script
		}
		if !c.interactive {
			fmt.Fprintf(c.out, "%s%s\n", c.prompt(), line)
		}
		if line == ":quit" || line == ":q" {
			return
		}
		c.handle(ctx, line)
	}
}

// prompt names the time, the speaker and the chat.
func (c *console) prompt() string {
	where := "群"
	if c.chat != demoGroup {
		where = "私聊"
	}
	return fmt.Sprintf("[%s] %s@%s> ", c.clk.Now().In(c.zone).Format("01-02 15:04"), c.user.FirstName, where)
}

func (c *console) handle(ctx context.Context, line string) {
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	if !strings.HasPrefix(cmd, ":") {
		c.send(c.chat, line, 0)
		c.answers(ctx)
		return
	}
	switch cmd {
	case ":as":
		c.switchUser(arg)
	case ":dm":
		c.chat = c.user.ID
		c.sb.Fake.StartBot(c.user.ID) // opens the chat with /start, as Telegram does
		c.answers(ctx)
	case ":group":
		c.chat = demoGroup
		fmt.Fprintln(c.out, "（回到群里）")
	case ":press":
		if c.press(arg) {
			c.answers(ctx)
		}
	case ":reply":
		if c.reply(arg) {
			c.answers(ctx)
		}
	case ":wait":
		d, err := parseWait(arg)
		if err != nil {
			fmt.Fprintf(c.out, "（%v）\n", err)
			return
		}
		c.moveTo(ctx, c.clk.Now().Add(d))
	case ":at":
		t, err := parseMoment(arg, c.zone)
		if err != nil {
			fmt.Fprintf(c.out, "（:at %v）\n", err)
			return
		}
		if t.Before(c.clk.Now()) {
			fmt.Fprintf(c.out, "（时钟只能向前拨：现在已经是 %s）\n", c.longTime(c.clk.Now()))
			return
		}
		c.moveTo(ctx, t)
	default:
		fmt.Fprintln(c.out, "（控制命令有：）")
		c.usage()
	}
}

func (c *console) switchUser(name string) {
	name = strings.TrimPrefix(name, "@")
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
}

// send writes a message as the current user, as a reply to message replyTo
// of the chat when it is not 0 (or else to a prompt waiting in the chat).
// "@赵敏" (a member without a username) becomes a text mention, as
// Telegram's mention picker makes it.
func (c *console) send(chat int64, text string, replyTo int) {
	var opts []tgfake.MsgOption
	for _, u := range demoUsers {
		if u.Username == "" && strings.Contains(text, "@"+u.FirstName) {
			text = strings.ReplaceAll(text, "@"+u.FirstName, u.FirstName)
			opts = append(opts, tgfake.WithTextMention(u.ID))
		}
	}
	if replyTo == 0 && c.forceReply != 0 {
		if k := c.shown[c.forceReply-1]; k.chat == chat && c.alive(k) {
			replyTo = k.id
		}
	}
	c.forceReply = 0
	if replyTo != 0 {
		opts = append(opts, tgfake.ReplyTo(replyTo))
	}
	c.sb.Fake.SendText(chat, c.user.ID, text, opts...)
}

// reply handles ":reply N 文字".
func (c *console) reply(arg string) bool {
	num, text, _ := strings.Cut(arg, " ")
	text = strings.TrimSpace(text)
	k, ok := c.message(num)
	if !ok || text == "" {
		fmt.Fprintln(c.out, "（用法：:reply 编号 文字，回复机器人的第几条消息，例如 :reply 3 收到）")
		return false
	}
	if !c.mayAct(k) || !c.exists(k) {
		return false
	}
	c.send(k.chat, text, k.id)
	return true
}

// press handles ":press 2" (the second button of the latest message with
// buttons in the current chat), ":press 确认办结" (the button so labelled
// there) and ":press N 确认办结" (the button so labelled on message N). A
// unique part of a label is enough.
func (c *console) press(arg string) bool {
	num, label, twoArgs := strings.Cut(arg, " ")
	label = strings.TrimSpace(label)
	if !twoArgs {
		latest := c.withButtons[c.chat]
		if num == "" || latest == 0 {
			fmt.Fprintln(c.out, "（用法：:press 2 按最近一条带按钮的消息的第2个按钮；:press 3 确认办结 按第3条消息上的按钮）")
			return false
		}
		k := c.shown[latest-1]
		if n, err := strconv.Atoi(num); err == nil {
			return c.pressOn(k, func(i int, _ string) bool { return i == n }, fmt.Sprintf("第 %d 个按钮", n))
		}
		return c.pressLabel(k, num)
	}
	k, ok := c.message(num)
	if !ok || label == "" {
		fmt.Fprintln(c.out, "（用法：:press 消息编号 按钮名，例如 :press 3 确认办结）")
		return false
	}
	if !c.mayAct(k) {
		return false
	}
	return c.pressLabel(k, label)
}

// pressLabel presses the button of message k labelled label, or else the
// only one whose label contains it.
func (c *console) pressLabel(k msgKey, label string) bool {
	want := label
	var matches []string
	for _, l := range c.buttons(k) {
		if l == label {
			matches = []string{l}
			break
		}
		if strings.Contains(l, label) {
			matches = append(matches, l)
		}
	}
	if len(matches) == 1 {
		want = matches[0]
	}
	return c.pressOn(k, func(_ int, l string) bool { return l == want }, "按钮「"+label+"」")
}

// pressOn presses the first button of message k that match accepts (by
// position from 1, counting across rows, and label).
func (c *console) pressOn(k msgKey, match func(i int, label string) bool, what string) bool {
	m, ok := c.sb.Fake.Message(k.chat, k.id)
	if !ok {
		fmt.Fprintf(c.out, "（第 %d 条消息已经不在了）\n", c.numbers[k])
		return false
	}
	var labels []string
	if m.ReplyMarkup != nil {
		i := 0
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				i++
				labels = append(labels, b.Text)
				if !match(i, b.Text) {
					continue
				}
				if b.CallbackData == "" {
					fmt.Fprintf(c.out, "（「%s」是链接：%s）\n", b.Text, b.URL)
					return false
				}
				c.sb.Fake.Press(k.chat, k.id, c.user.ID, b.CallbackData)
				return true
			}
		}
	}
	if len(labels) == 0 {
		fmt.Fprintf(c.out, "（第 %d 条消息没有按钮）\n", c.numbers[k])
	} else {
		fmt.Fprintf(c.out, "（第 %d 条消息上没有%s；它的按钮：%s）\n", c.numbers[k], what, strings.Join(labels, "、"))
	}
	return false
}

// buttons returns the labels of message k's buttons as it is now.
func (c *console) buttons(k msgKey) []string {
	m, ok := c.sb.Fake.Message(k.chat, k.id)
	if !ok || m.ReplyMarkup == nil {
		return nil
	}
	var out []string
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

// message reads a message number as shown.
func (c *console) message(num string) (msgKey, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(num, "#"))
	if err != nil || n < 1 || n > len(c.shown) {
		return msgKey{}, false
	}
	return c.shown[n-1], true
}

// mayAct reports whether the current user can reach message k: anyone in
// the group, only its owner in a private chat.
func (c *console) mayAct(k msgKey) bool {
	if k.chat == demoGroup || k.chat == c.user.ID {
		return true
	}
	fmt.Fprintf(c.out, "（第 %d 条是发给%s的私聊消息；先 :as %s）\n", c.numbers[k], c.name(k.chat), c.name(k.chat))
	return false
}

func (c *console) exists(k msgKey) bool {
	if c.alive(k) {
		return true
	}
	fmt.Fprintf(c.out, "（第 %d 条消息已经不在了）\n", c.numbers[k])
	return false
}

func (c *console) alive(k msgKey) bool {
	_, ok := c.sb.Fake.Message(k.chat, k.id)
	return ok
}

// answers waits for the bot to handle what was typed and prints what it
// sent.
func (c *console) answers(ctx context.Context) {
	c.settle(ctx)
	c.printNew()
}

// settle waits until the bot has handled everything typed, and until the
// reminder queue has sent what that made due at once (an /urge goes
// through it). Nothing waits for time to pass: the clock stands still.
func (c *console) settle(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, answerLimit)
	defer cancel()
	err := c.sb.Settle(ctx)
	if err == nil {
		err = c.sb.CatchUp(ctx)
	}
	if err != nil {
		fmt.Fprintf(c.out, "（机器人没有及时回应：%v）\n", err)
	}
}

// moveTo moves the clock forward to t, showing what falls due on the way
// at its time, in order.
func (c *console) moveTo(ctx context.Context, t time.Time) {
	ctx, cancel := context.WithTimeout(ctx, moveLimit)
	defer cancel()
	n := 0
	err := c.sb.AdvanceTo(ctx, t, func(time.Time) { n += c.printNew() })
	n += c.printNew()
	if err != nil {
		fmt.Fprintf(c.out, "（时钟没能拨到 %s：%v）\n", c.longTime(t), err)
		return
	}
	quiet := "途中没有消息"
	if n > 0 {
		quiet = fmt.Sprintf("途中机器人发了 %d 条消息", n)
	}
	fmt.Fprintf(c.out, "🕘 现在是 %s（%s）\n", c.longTime(c.clk.Now()), quiet)
}
