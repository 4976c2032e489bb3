// Package bot is duban's Telegram side: it reads updates, parses commands
// (ASCII /commands and their Chinese keywords), checks who may do what,
// changes tasks through a narrow [Store] and renders answers as Telegram HTML.
//
// It never builds SQL and never imports the scheduler. Each update is handled
// to the end before the next one is taken, in the order Telegram sent them, so
// that a group sees answers in the order it asked and a stop finishes the
// update in hand.
package bot
