package models

import (
	"errors"
	"testing"
	"time"
)

func TestAttachFile(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		clk := e.clk
		task := e.assign("报送项目申报材料", e.wang, sh(3, 9, 18, 0))
		other := e.assign("另一项", e.wang, sh(3, 9, 18, 0))
		a, err := e.s.AttachFile(e.ctx, by(e.wang), NewAttachment{TaskID: task.ID, Kind: AttachDocument,
			FileID: "doc-1", FileUniqueID: "u1", FileName: "材料.pdf", FileSize: 2048})
		e.must(err)
		if a.ChatID != e.chat.ID || a.UserID != e.wang.ID || a.FileName != "材料.pdf" || !a.CreatedAt.Equal(t0) {
			t.Errorf("attachment = %+v", a)
		}
		clk.Advance(time.Hour)
		p, err := e.s.AttachFile(e.ctx, by(e.zhang), NewAttachment{TaskID: task.ID, Kind: AttachPhoto, FileID: "photo-1"})
		e.must(err)
		if p.FileName != "图片-"+t0.Add(time.Hour).UTC().Format("20060102-150405")+".jpg" {
			t.Errorf("a photo is named %q", p.FileName)
		}
		list, err := e.s.Attachments(e.ctx, task.ID, 0)
		e.must(err)
		if len(list) != 2 || list[0].ID != p.ID || list[1].ID != a.ID || list[0].User.ID != e.zhang.ID {
			t.Errorf("attachments newest first with their senders: %+v", list)
		}
		if one, err := e.s.Attachments(e.ctx, task.ID, 1); err != nil || len(one) != 1 || one[0].ID != p.ID {
			t.Errorf("limit 1: %+v, %v", one, err)
		}
		counts, err := e.s.AttachmentCounts(e.ctx, []uint{task.ID, other.ID})
		e.must(err)
		if counts[task.ID] != 2 || counts[other.ID] != 0 {
			t.Errorf("counts = %v", counts)
		}
		h, err := e.s.TaskHistory(e.ctx, task.ID)
		e.must(err)
		last := h.Events[len(h.Events)-1]
		if last.Kind != EventAttached || last.Actor == nil || last.Actor.ID != e.zhang.ID || EventLabel(last.Kind) != "上传附件" {
			t.Errorf("audit = %+v", last)
		}
		// Bad input stores nothing.
		for _, bad := range []NewAttachment{
			{TaskID: task.ID, Kind: AttachDocument},
			{TaskID: task.ID, Kind: "video", FileID: "x"},
		} {
			if _, err := e.s.AttachFile(e.ctx, by(e.wang), bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("AttachFile(%+v) = %v, want ErrInvalid", bad, err)
			}
		}
		if _, err := e.s.AttachFile(e.ctx, by(e.wang), NewAttachment{TaskID: 99999, Kind: AttachDocument, FileID: "x"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("a missing task: %v", err)
		}
		if _, err := e.s.AttachmentByID(e.ctx, 99999); !errors.Is(err, ErrNotFound) {
			t.Errorf("a missing attachment: %v", err)
		}
		if list, _ := e.s.Attachments(e.ctx, task.ID, 0); len(list) != 2 {
			t.Errorf("after bad input, %d attachments", len(list))
		}
	})
}

func TestCreateTasksAllOrNothing(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		e.assign("已有任务", e.wang, sh(3, 9, 18, 0))
		n := func(title string, lead *User) NewTask {
			nt := NewTask{ChatID: e.chat.ID, Title: title, AssignerID: e.boss.ID, Deadline: sh(3, 20, 18, 0), UnitName: "住建局"}
			if lead != nil {
				nt.LeadID = lead.ID
			}
			return nt
		}
		tasks, err := e.s.CreateTasks(e.ctx, by(e.boss), []NewTask{n("第一项", e.wang), n("第二项", nil), n("第三项", e.zhang)})
		e.must(err)
		if len(tasks) != 3 || tasks[0].Number != 2 || tasks[1].Number != 3 || tasks[2].Number != 4 ||
			tasks[1].Status != StatusPosted || tasks[2].Lead() == nil || tasks[2].Lead().User.ID != e.zhang.ID {
			t.Errorf("created %+v", tasks)
		}
		// A bad task among good ones: nothing is stored, no number used.
		bad := n("", e.wang)
		if _, err := e.s.CreateTasks(e.ctx, by(e.boss), []NewTask{n("第四项", e.wang), bad}); !errors.Is(err, ErrInvalid) {
			t.Errorf("with an empty title: %v", err)
		}
		// A failure inside the transaction (a chat that is gone) undoes the
		// tasks before it.
		gone := n("第五项", e.wang)
		gone.ChatID = 99999
		if _, err := e.s.CreateTasks(e.ctx, by(e.boss), []NewTask{n("第四项", e.wang), gone}); !errors.Is(err, ErrNotFound) {
			t.Errorf("in a missing chat: %v", err)
		}
		if got := e.assign("之后的任务", e.wang, sh(3, 9, 18, 0)); got.Number != 5 {
			t.Errorf("the next task is #%d, want #5: a failed import left something behind", got.Number)
		}
	})
}

func TestPendingImportIsTakenOnce(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		p, err := e.s.SavePendingImport(e.ctx, PendingImport{ChatID: e.chat.ID, UserID: e.boss.ID, Kind: "tasks",
			FileName: "台账.xlsx", Payload: `{"rows":[]}`})
		e.must(err)
		got, err := e.s.PendingImportByID(e.ctx, p.ID)
		e.must(err)
		if got.Payload != `{"rows":[]}` || got.UserID != e.boss.ID {
			t.Errorf("read back %+v", got)
		}
		taken, err := e.s.TakePendingImport(e.ctx, p.ID)
		e.must(err)
		again, err := e.s.TakePendingImport(e.ctx, p.ID)
		e.must(err)
		if !taken || again {
			t.Errorf("taken %v, then %v; want true, false", taken, again)
		}
		if _, err := e.s.PendingImportByID(e.ctx, p.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("after it was taken: %v", err)
		}
		// A newer preview of the same leader replaces the older one.
		first, err := e.s.SavePendingImport(e.ctx, PendingImport{ChatID: e.chat.ID, UserID: e.boss.ID, Kind: "tasks"})
		e.must(err)
		other, err := e.s.SavePendingImport(e.ctx, PendingImport{ChatID: e.chat.ID, UserID: e.wang.ID, Kind: "tasks"})
		e.must(err)
		second, err := e.s.SavePendingImport(e.ctx, PendingImport{ChatID: e.chat.ID, UserID: e.boss.ID, Kind: "tasks"})
		e.must(err)
		if _, err := e.s.PendingImportByID(e.ctx, first.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("the replaced preview: %v", err)
		}
		for _, id := range []uint{other.ID, second.ID} {
			if _, err := e.s.PendingImportByID(e.ctx, id); err != nil {
				t.Errorf("pending import %d: %v", id, err)
			}
		}
	})
}

func TestUsersNamed(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		twin := e.user("zhangwei2", "张伟")
		e.seen(UserInfo{TelegramID: 20001, FirstName: "Wang", LastName: "Fang"})
		e.must(func() error { _, _, err := e.s.UsernamePlaceholder(e.ctx, "ghost"); return err }())
		got, err := e.s.UsersNamed(e.ctx, []string{"张伟", "王芳", "Wang Fang", "@ghost", "无名"})
		e.must(err)
		if len(got["张伟"]) != 2 || got["张伟"][1].ID != twin.ID || len(got["王芳"]) != 1 || len(got["Wang Fang"]) != 1 ||
			len(got["@ghost"]) != 0 || len(got["无名"]) != 0 {
			t.Errorf("UsersNamed = %v", got)
		}
	})
}
