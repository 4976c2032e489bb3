// Package bot is duban's Telegram side: it reads updates, parses commands
// (ASCII /commands and their Chinese keywords), checks who may do what,
// changes tasks through the store and renders answers as Telegram HTML.
//
// It never builds SQL and never imports the scheduler. Updates are written to
// the inbox before Telegram is told they arrived, and handled from there one
// at a time, in the order Telegram sent them, each as one unit of work: its
// changes, the answers it queues and its "handled" mark commit together.
// Per-chat senders then deliver each chat's answers in order, so a group sees
// answers in the order it asked, and one chat waiting for Telegram holds up
// no other. A stop finishes the update in hand and the messages in flight.
//
// # Language
//
// What the bot says to one person about what they just did — a refusal, a
// usage hint, a toast — is in that person's language: English for a client
// set to English, Chinese otherwise ([request.say], [request.fail]). What
// the group reads — task cards, lists, reminders, digests, publications,
// rankings — is in Chinese whoever asked, because the group is Chinese
// and one message serves everyone in it.
//
// # Where things are
//
// router.go holds the command table (one entry per command: name, keyword,
// scope, menu text, example, handler) that parsing, /help and the command
// menus read; settings.go the settings table. request.go has what every
// handler uses: the request, its answers, the task-argument parser and the
// refusals of store errors. Handlers are cut by family: assign.go (交办,
// 揭榜), loop.go (progress, submission, confirmation, extension, cancel),
// ack.go (签收 and the task card), chase.go (/urge, /remind), query.go
// (/tasks, /my, /task), buttons.go and callback.go (presses and their
// data), notify.go (reminders), digest.go and publish.go (scheduled group
// posts), rank.go (/rank, /stats), private.go (work from the private chat),
// attach.go (附件: files attached to tasks, /files), download.go (reading a
// file sent to the bot), importflow.go (an import's preview → 确认导入 / 取消)
// and import.go with import_people.go (/import of a 台账).
// The 问题清单 of enterprises' problems (P1, P2, …) is in problem.go
// (recording, answering, solving, and the Pn forms of the task commands),
// problem_view.go (cards, lists, /my), problem_notify.go (its reminders) and
// problem_stats.go (statistics, publication, ledger sheet).
package bot
