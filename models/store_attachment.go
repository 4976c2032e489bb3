package models

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// AttachFile attaches a file to a task, with its audit event (who, when,
// the file's name), in one transaction. A photo without a name is named
// for the time it came. The task must exist; who may attach is the
// caller's rule (anyone in the task's group).
func (s *Store) AttachFile(ctx context.Context, c Change, n NewAttachment) (*Attachment, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var a Attachment
	err := s.write(ctx, c, func(tx *gorm.DB, now time.Time) error {
		var t Task
		if err := tx.Select("id", "chat_id").Take(&t, n.TaskID).Error; err != nil {
			return notFound(err)
		}
		a = Attachment{ChatID: t.ChatID, TaskID: t.ID, Kind: n.Kind, FileID: n.FileID, FileUniqueID: n.FileUniqueID,
			FileName: attachmentName(n, now), FileSize: n.FileSize, UserID: c.ActorID, CreatedAt: now}
		if err := createRow(tx, &a); err != nil {
			return err
		}
		return audit(tx, t.ChatID, &t.ID, c, EventAttached, a.FileName, now)
	})
	if err != nil {
		return nil, fmt.Errorf("attach a file to task %d: %w", n.TaskID, err)
	}
	return &a, nil
}

// attachmentName is the name a file is listed under: its own, cut to
// MaxFileNameRunes, or for a photo 图片-<date time>.jpg.
func attachmentName(n NewAttachment, now time.Time) string {
	name := n.FileName
	if name == "" {
		return "图片-" + now.Format("20060102-150405") + ".jpg"
	}
	if utf8.RuneCountInString(name) > MaxFileNameRunes {
		name = string([]rune(name)[:MaxFileNameRunes])
	}
	return name
}

// Attachments returns up to limit of a task's files, newest first, with
// who attached them; limit ≤ 0 returns all.
func (s *Store) Attachments(ctx context.Context, taskID uint, limit int) ([]Attachment, error) {
	q := s.conn(ctx).Preload("User").Where("task_id = ?", taskID).Order("created_at DESC, id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	var out []Attachment
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("attachments of task %d: %w", taskID, err)
	}
	return out, nil
}

// AttachmentByID returns one attachment, or ErrNotFound.
func (s *Store) AttachmentByID(ctx context.Context, id uint) (*Attachment, error) {
	return takeByID[Attachment](s.conn(ctx), id, "attachment")
}

// AttachmentCounts returns how many files each of the tasks has (tasks
// without any are left out).
func (s *Store) AttachmentCounts(ctx context.Context, taskIDs []uint) (map[uint]int, error) {
	return attachmentCounts(s.conn(ctx), taskIDs)
}

// attachmentCounts is AttachmentCounts on db (a ledger's, a sheet's).
func attachmentCounts(db *gorm.DB, taskIDs []uint) (map[uint]int, error) {
	out := map[uint]int{}
	// Chunks keep the IN lists within every database's parameter limit.
	for start := 0; start < len(taskIDs); start += 500 {
		var rows []struct {
			TaskID uint
			N      int
		}
		err := db.Model(&Attachment{}).Select("task_id, COUNT(*) AS n").
			Where("task_id IN ?", taskIDs[start:min(start+500, len(taskIDs))]).Group("task_id").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("count attachments: %w", err)
		}
		for _, r := range rows {
			out[r.TaskID] = r.N
		}
	}
	return out, nil
}
