package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Exported for the tests and benchmarks of package models_test, which run
// the store with the real reminder planner: package scheduler imports
// models, so only an external test package can bring the two together.
var (
	OpenStore   = openOn
	BenchGroup  = benchGroup
	BenchNow    = benchNow
	CPUTime     = cpuTime
	ReportRates = reportRates
	ReplanBatch = replanBatch
)

var (
	ResetPeakRSS    = resetPeakRSS
	ProcStatusBytes = procStatusBytes
)

// AddOpenTasks adds n open tasks led by leadID to a chat, due at deadline,
// in one transaction of batched inserts and without planning them: a large
// group for the re-plan benchmark, built in a second.
func AddOpenTasks(s *Store, chatID, assignerID, leadID uint, n int, deadline time.Time) error {
	var chat Chat
	if err := s.db.Take(&chat, chatID).Error; err != nil {
		return err
	}
	now := s.Now()
	deadline = deadline.UTC()
	return s.db.Transaction(func(tx *gorm.DB) error {
		tasks := make([]Task, n)
		for i := range tasks {
			tasks[i] = Task{ChatID: chatID, Number: chat.LastTaskNumber + i + 1, Title: fmt.Sprintf("任务 %d", i+1),
				AssignerID: assignerID, LeadID: &leadID, Status: []Status{StatusTodo, StatusDoing}[i%2],
				Deadline: deadline, OriginalDeadline: deadline, CreatedAt: now, UpdatedAt: now}
		}
		if err := tx.Omit(clause.Associations).CreateInBatches(&tasks, 500).Error; err != nil {
			return err
		}
		leads := make([]Assignee, n)
		for i, t := range tasks {
			leads[i] = Assignee{TaskID: t.ID, UserID: leadID, Role: RoleLead}
		}
		if err := tx.Omit(clause.Associations).CreateInBatches(&leads, 1000).Error; err != nil {
			return err
		}
		return tx.Model(&Chat{}).Where("id = ?", chatID).Update("last_task_number", chat.LastTaskNumber+n).Error
	})
}
