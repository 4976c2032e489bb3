// Package models is duban's domain and its persistence: plain GORM structs
// for groups, people, units and tasks, and a [Store] whose named methods are
// the only way the rest of duban reads or changes them. Handlers never build
// SQL.
//
// # The task loop
//
// A leader assigns (交办) a task: [StatusTodo]. The first progress report (进展)
// makes it [StatusDoing]. An assignee submits it (提交): [StatusSubmitted]. The
// assigner or a leader confirms it (办结): [StatusDone], or sends it back (退回)
// with a reason: [StatusDoing] again. A leader may cancel it with a reason:
// [StatusCancelled]. A listed task (揭榜挂帅) waits in [StatusPosted] until a
// member claims it. Overdue (逾期) is not a status: it is "deadline passed and
// not yet submitted", derived from the clock.
//
// # Time
//
// Every time is stored in UTC, truncated to the second: the SQLite driver
// stores times as text and compares them as strings, so one zone and one
// precision keep comparisons right. Convert to a group's zone only to show a
// time or to do calendar arithmetic. The store never reads the wall clock: it
// takes a now function.
//
// # Changes
//
// Every change is one transaction together with its audit event. A change
// that comes from a Telegram update joins the update's unit of work
// ([Store.Unit]), which also marks the update handled in the inbox
// ([InboxUpdate]) and queues its answers ([OutgoingMessage]): a replayed
// update finds its row handled ([ErrDuplicateUpdate]) and changes nothing.
package models
