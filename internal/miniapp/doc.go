// Package miniapp is duban's dashboard inside Telegram (看板): a Mini App
// served by the bot's own HTTP server under /app/.
//
// The page (HTML, script, styles, the vendored Chart.js) is embedded in the
// binary and served to anyone; it holds no data. Every API call that returns
// data carries the init data Telegram signed when it opened the app
// (header X-Telegram-Init-Data). The handler checks the signature with the
// bot token as Telegram documents it, refuses data older than a day, and
// then asks Telegram (getChatMember, cached for a few minutes) whether the
// user belongs to the group. The group comes only from the start parameter
// inside the signed data: the group's dashboard token (models.DashboardLink).
// Anything else is answered 401 or 403 with a reason and no data; there are
// no cookies and no passwords.
//
// Views:
//   - the group view: counts, the 台账 table with filters, a task's detail,
//     charts (monthly on-time rate, open and overdue per unit, the current
//     ranking), the .xlsx ledger (leaders, the same file as /export);
//   - the personal view: the user's open tasks from every group.
//
// The handler reads through a narrow Store (methods of *models.Store) and
// never builds SQL; it asks Telegram through [Telegram], implemented by the
// bot, and gets the ledger file from the bot's /export code. internal/app
// wires them.
package miniapp
