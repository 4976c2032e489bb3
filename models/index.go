package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// index is a multi-column index.
type index struct {
	name    string
	table   string
	columns []string // in order: the leading ones are what a query must fix
	unique  bool
	where   string // a partial index's rows; "" for every row
}

// indexes are the multi-column indexes, declared here in one place rather
// than spread over the structs' tags, so that the columns a query can use are
// read side by side (single-column indexes stay in the tags). The names are
// those GORM gave them from the tags in earlier releases, so existing
// databases keep theirs; migrate creates any that is missing.
var indexes = []index{
	{name: "idx_task_chat_number", table: "tasks", columns: []string{"chat_id", "number"}, unique: true},
	{name: "idx_task_chat_deadline", table: "tasks", columns: []string{"chat_id", "deadline"}},
	// The rankings read per person and per unit from these alone: every
	// column they judge a task by is in them.
	{name: "idx_task_rank", table: "tasks",
		columns: []string{"chat_id", "lead_id", "deadline", "status", "submitted_at", "original_deadline", "unit_name"}},
	{name: "idx_task_unit_rank", table: "tasks",
		columns: []string{"chat_id", "unit_name", "deadline", "status", "submitted_at", "original_deadline", "lead_id"}},
	// One round of a 周期任务 per occurrence: a replayed or repeated "next
	// round" cannot make a second task for the same date.
	{name: "idx_task_series", table: "tasks", columns: []string{"series_id", "original_deadline"}, unique: true, where: "series_id IS NOT NULL"},
	{name: "idx_assignee_task_user", table: "assignees", columns: []string{"task_id", "user_id"}, unique: true},
	{name: "idx_unit_chat_name", table: "units", columns: []string{"chat_id", "name"}, unique: true},
	{name: "idx_prompt_chat_message", table: "prompts", columns: []string{"chat_id", "message_id"}, unique: true},
	{name: "idx_holiday_overrides_chat_day", table: "holiday_overrides", columns: []string{"chat_id", "day"}, unique: true},
	{name: "idx_published_ranking", table: "published_rankings",
		columns: []string{"chat_id", "period_from", "period_to", "by_unit"}, unique: true},
	// A group's unsent digests and publications (Reminder.ChatID's own
	// index serves the rest).
	{name: "idx_reminders_group_pending", table: "reminders", columns: []string{"chat_id", "kind"}, where: groupPending},
	// 清单 and 节点: a list's 进度 reads idx_task_list alone (every column it
	// counts a task by is in it); a task's nodes come in their order.
	{name: "idx_list_chat_name", table: "task_lists", columns: []string{"chat_id", "name"}, unique: true},
	{name: "idx_task_list", table: "tasks",
		columns: []string{"list_id", "status", "unit_name", "deadline", "missed_deadline", "number"}},
	{name: "idx_node_task", table: "nodes", columns: []string{"task_id", "seq"}},
	{name: "idx_inbox_update", table: "inbox_updates", columns: []string{"bot_id", "update_id"}, unique: true},
	{name: "idx_inbox_unhandled", table: "inbox_updates", columns: []string{"bot_id", "id"}, where: "handled_at IS NULL"},
	{name: "idx_outgoing_pending", table: "outgoing_messages", columns: []string{"chat_id", "id"}, where: "done_at IS NULL"},
	// 擂台赛 (contest.go).
	{name: "idx_contest_chat_name", table: "contests", columns: []string{"chat_id", "name"}, unique: true},
	{name: "idx_contest_unit", table: "contest_units", columns: []string{"contest_id", "unit_name"}, unique: true},
	{name: "idx_contest_indicator", table: "contest_indicators", columns: []string{"contest_id", "name"}, unique: true},
	{name: "idx_contest_target", table: "contest_targets", columns: []string{"contest_id", "year", "unit_name", "indicator_id"}, unique: true},
	{name: "idx_contest_report", table: "contest_reports",
		columns: []string{"contest_id", "unit_name", "indicator_id", "period_from"}, unique: true},
	// The standings' sums read the figures from this one alone, already in
	// the order of their GROUP BY (unit, indicator).
	{name: "idx_contest_report_sum", table: "contest_reports",
		columns: []string{"contest_id", "unit_name", "indicator_id", "period_from", "value"}},
	{name: "idx_contest_round", table: "contest_rounds", columns: []string{"contest_id", "period_from"}, unique: true},
	{name: "idx_contest_round_task", table: "contest_round_tasks", columns: []string{"round_id", "unit_name"}, unique: true},
	// 问题清单 (problem.go): P1, P2, … per group; a list's page sorted inside
	// idx_problem_chat_open (it holds every column of the order); the
	// statistics of a period read idx_problem_chat_created.
	{name: "idx_problem_chat_number", table: "problems", columns: []string{"chat_id", "number"}, unique: true},
	{name: "idx_problem_chat_open", table: "problems", columns: []string{"chat_id", "status", "due_at", "number"}},
	{name: "idx_problem_chat_created", table: "problems", columns: []string{"chat_id", "created_at"}},
}

// createIndexes creates the indexes a database lacks. It looks first, so that
// a start on a database that has them all takes no lock on any table.
func createIndexes(db *gorm.DB) error {
	for _, ix := range indexes {
		if db.Migrator().HasIndex(ix.table, ix.name) {
			continue
		}
		sql := "CREATE INDEX "
		if ix.unique {
			sql = "CREATE UNIQUE INDEX "
		}
		sql += ix.name + " ON " + ix.table + " (" + strings.Join(ix.columns, ", ") + ")"
		if ix.where != "" {
			sql += " WHERE " + ix.where
		}
		if err := db.Exec(sql).Error; err != nil {
			return fmt.Errorf("create index %s: %w", ix.name, err)
		}
	}
	return nil
}
