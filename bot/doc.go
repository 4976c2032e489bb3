// Package bot is duban's Telegram side: it reads updates, parses commands
// (ASCII /commands and their Chinese keywords), checks who may do what,
// changes tasks through a narrow [Store] and renders answers as Telegram HTML.
//
// It never builds SQL and never imports the scheduler. Updates are written to
// the inbox before Telegram is told they arrived, and handled from there one
// at a time, in the order Telegram sent them, each as one unit of work: its
// changes, the answers it queues and its "handled" mark commit together.
// Per-chat senders then deliver each chat's answers in order, so a group sees
// answers in the order it asked, and one chat waiting for Telegram holds up
// no other. A stop finishes the update in hand and the messages in flight.
package bot
