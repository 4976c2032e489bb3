package bot

import (
	"context"

	"github.com/duban-bot/duban/models"
)

// fileStore is what attachments and imports need from the database.
type fileStore interface {
	AttachFile(ctx context.Context, c models.Change, n models.NewAttachment) (*models.Attachment, error)
	Attachments(ctx context.Context, taskID uint, limit int) ([]models.Attachment, error)
	AttachmentByID(ctx context.Context, id uint) (*models.Attachment, error)
	AttachmentCounts(ctx context.Context, taskIDs []uint) (map[uint]int, error)
	CreateTasks(ctx context.Context, c models.Change, ns []models.NewTask) ([]*models.Task, error)
	SavePendingImport(ctx context.Context, p models.PendingImport) (*models.PendingImport, error)
	PendingImportByID(ctx context.Context, id uint) (*models.PendingImport, error)
	UsersNamed(ctx context.Context, names []string) (map[string][]models.User, error)
	TakePendingImport(ctx context.Context, c models.Change, id uint, detail string) (bool, error)
}
