package bot_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/duban-bot/duban/internal/testkit"
	"github.com/duban-bot/duban/internal/testkit/e2e"
	"github.com/duban-bot/duban/internal/tgfake"
)

// A document replying to a task's card is attached, listed by /task and
// /files, and sent again by its button; so are a photo and the file of a
// /progress whose caption is the command. A file Telegram has lost gives
// a clear message.
func TestAttachByReplyAndResend(t *testing.T) {
	e2e.ForEachBackend(t, e2e.Options{}, testAttachByReplyAndResend)
}

func testAttachByReplyAndResend(t *testing.T, h *e2e.Harness) {
	card := h.Assign(group, "/assign @wangfang 报送项目申报材料 下周五前")
	pdf := []byte("%PDF-1.7 申报材料")
	got := h.Reply(group, wang, "", tgfake.ReplyTo(card.MessageID), tgfake.AsDocument("材料.pdf", pdf))
	testkit.MustContain(t, got.PlainText, "已附加到 #1：材料.pdf")

	h.Clock.Advance(time30m)
	got = h.Reply(group, zhang, "现场照片", tgfake.ReplyTo(card.MessageID), tgfake.AsPhoto())
	testkit.MustContain(t, got.PlainText, "已附加到 #1：图片-20261123-103000.jpg")

	// The caption is the command, the file its 材料: both are stored.
	h.Clock.Advance(time30m)
	out := h.Say(group, wang, "/progress 1 50% 初稿已完成", tgfake.AsDocument("初稿.docx", []byte("PK docx")))
	texts := testkit.Dump(out)
	if !strings.Contains(texts, "50%") || !strings.Contains(texts, "已附加到 #1：初稿.docx") {
		t.Fatalf("progress with a file:\n%s", texts)
	}

	detail := h.Reply(group, boss, "/task 1")
	testkit.MustContain(t, detail.PlainText, "附件（3）", "1. 初稿.docx — 王芳，2026-11-23 11:00", "2. 图片-20261123-103000.jpg — 张伟",
		"3. 材料.pdf — 王芳，2026-11-23 10:00")
	if b := detail.Buttons(); len(b) != 3 || b[0][0] != "📄 初稿.docx" || b[1][0] != "🖼 图片-20261123-103000.jpg" || b[2][0] != "📄 材料.pdf" {
		t.Fatalf("buttons newest first: %v", b)
	}
	sent, ans := h.Press(group, detail.MessageID, zhao, "📄 材料.pdf")
	if ans.ShowAlert || len(sent) != 1 || sent[0].Method != "sendDocument" || sent[0].FileName != "材料.pdf" ||
		!bytes.Equal(sent[0].FileBytes, pdf) {
		t.Fatalf("the file sent again: %+v\n%s", ans, testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "#1 材料.pdf")
	sent, _ = h.Press(group, detail.MessageID, zhao, "🖼 图片-20261123-103000.jpg")
	if len(sent) != 1 || sent[0].Method != "sendPhoto" {
		t.Fatalf("the photo sent again:\n%s", testkit.Dump(sent))
	}

	files := h.Reply(group, zhao, "/files 1")
	testkit.Golden(t, "files", files.PlainText)
	testkit.MustContain(t, files.PlainText, "#1 报送项目申报材料", "附件（3）")
	testkit.MustNotContain(t, files.PlainText, "状态")
	if len(files.Buttons()) != 3 {
		t.Errorf("/files buttons: %v", files.Buttons())
	}

	// The ledger counts each task's files (附件数, its last column).
	_, sheets := workbook(t, export(h, group, "/export"))
	tasks := sheets["任务台账"]
	if last := len(tasks[0]) - 1; tasks[0][last] != "附件数" || taskRow(t, tasks, "1")[last] != "3" {
		t.Errorf("附件数: header %q, #1 %q", tasks[0], taskRow(t, tasks, "1"))
	}

	// In private, an assignee lists a task's files and gets one.
	mine := h.Reply(wang, wang, "/files 1")
	testkit.MustContain(t, mine.PlainText, "#1 报送项目申报材料", "附件（3）")
	sent, _ = h.Press(wang, mine.MessageID, wang, "📄 初稿.docx")
	if len(sent) != 1 || sent[0].Method != "sendDocument" || sent[0].ChatID != wang || sent[0].FileName != "初稿.docx" {
		t.Fatalf("a file in private:\n%s", testkit.Dump(sent))
	}
	// Someone else's task's button, forged in private: refused.
	_, ans = h.PressData(zhao, h.Reply(zhao, zhao, "/my").MessageID, zhao, mine.Markup.InlineKeyboard[0][0].CallbackData)
	if !ans.ShowAlert || !strings.Contains(ans.Text, "已失效") {
		t.Errorf("a forged file button: %+v", ans)
	}

	// Telegram no longer has the file: the press is answered, and the chat
	// hears why no file came.
	h.Fake.ForgetFile(fileIDOf(t, h, "材料.pdf"))
	sent, _ = h.Press(group, files.MessageID, zhao, "📄 材料.pdf")
	if len(sent) != 1 || sent[0].Method != "sendMessage" {
		t.Fatalf("a lost file:\n%s", testkit.Dump(sent))
	}
	testkit.MustContain(t, sent[0].PlainText, "无法发送附件「材料.pdf」")

	// A file replying to someone's ordinary message is no attachment; a
	// task without files says how to attach one.
	chat := h.Say(group, li, "", tgfake.ReplyTo(got.MessageID-1), tgfake.AsDocument("别的.pdf", []byte("x")))
	if len(chat) != 0 {
		t.Errorf("a file replying to a person's message was answered:\n%s", testkit.Dump(chat))
	}
	// /assign and /done with a file: the file is the new task's, the
	// submission's 材料.
	out = h.Say(group, boss, "/assign @zhangwei 审核合同文本 周五前", tgfake.AsDocument("合同.docx", []byte("PK 合同")))
	if texts := testkit.Dump(out); !strings.Contains(texts, "#2 审核合同文本") || !strings.Contains(texts, "已附加到 #2：合同.docx") {
		t.Fatalf("/assign with a file:\n%s", texts)
	}
	out = h.Say(group, zhang, "/done 2 已审核", tgfake.AsDocument("审核意见.pdf", []byte("%PDF 意见")))
	if texts := testkit.Dump(out); !strings.Contains(texts, "已附加到 #2：审核意见.pdf") {
		t.Fatalf("/done with a file:\n%s", texts)
	}
	testkit.MustContain(t, h.Reply(group, boss, "/files 2").PlainText, "附件（2）", "1. 审核意见.pdf — 张伟", "2. 合同.docx — 刘书记")
	// A refused command attaches nothing.
	testkit.MustContain(t, h.Reply(group, li, "/done 2 不是我的", tgfake.AsDocument("别人的.pdf", []byte("x"))).PlainText, "只有 #2 的主办或协办可以提交办结")
	testkit.MustNotContain(t, h.Reply(group, boss, "/files 2").PlainText, "别人的.pdf")
	// A file with a command that first asks a question: not attached, and
	// said so. The answer to the question, with a file: the task it
	// completes gets the file.
	out = h.Say(group, boss, "/assign 编制推进计划 明天", tgfake.AsDocument("草稿.docx", []byte("PK")))
	if texts := testkit.Dump(out); len(out) != 2 || !strings.Contains(texts, "「草稿.docx」没有附加：任务还没有建立") {
		t.Fatalf("/assign asking a question, with a file:\n%s", texts)
	}
	ask := out[0]
	out = h.Say(group, boss, "@wangfang", tgfake.ReplyTo(ask.MessageID), tgfake.AsDocument("计划.docx", []byte("PK 计划")))
	if texts := testkit.Dump(out); !strings.Contains(texts, "#3 编制推进计划") || !strings.Contains(texts, "已附加到 #3：计划.docx") {
		t.Fatalf("the answer to a question, with a file:\n%s", texts)
	}
	h.Assign(group, "/assign @zhangwei 第四项 周五前")
	testkit.MustContain(t, h.Reply(group, zhang, "/files 4").PlainText, "还没有附件")
}

const time30m = 30 * time.Minute

// fileIDOf finds the Telegram file id of an attachment by its name.
func fileIDOf(t *testing.T, h *e2e.Harness, name string) string {
	t.Helper()
	for _, s := range h.Fake.Sent() {
		if s.FileName == name && s.Method == "sendDocument" {
			if m, ok := h.Fake.Message(s.ChatID, s.MessageID); ok && m.Document != nil {
				return m.Document.FileID
			}
		}
	}
	t.Fatalf("no file %q was sent", name)
	return ""
}
