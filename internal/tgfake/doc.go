// Package tgfake is a fake Telegram Bot API server for end-to-end tests and
// for the offline demo (duban console).
//
// It is a real HTTP server (127.0.0.1, random port) that serves
// /bot<TOKEN>/<method> like api.telegram.org, so the bot under test talks
// to it through the unmodified go-telegram/bot client:
//
//	fake := tgfake.New()
//	defer fake.Close()
//	b, _ := bot.New(fake.Token(), bot.WithServerURL(fake.URL()),
//		bot.WithDefaultHandler(handler))
//	ctx, cancel := context.WithCancel(context.Background())
//	defer cancel()
//	go b.Start(ctx) // long polling against the fake
//
// The test then plays the users. It registers them and their groups, makes
// them write or press buttons, and waits for what the bot sends:
//
//	fake.AddUser(tgfake.User{ID: 11, FirstName: "张三", Username: "zhangsan"})
//	fake.AddGroup(tgfake.Group{ID: -100, Title: "办公室", Members: []int64{11}})
//	mark := fake.Mark()
//	fake.SendText(-100, 11, "/task@duban_bot 周五前交材料")
//	sent, err := fake.WaitSentAfter(ctx, mark, 1) // ctx with a deadline
//	// sent[0].PlainText, sent[0].Markup ...
//	id, err := fake.PressButton(-100, sent[0].MessageID, 11, "收到")
//	ans, err := fake.WaitCallbackAnswer(ctx, id)
//
// Every user action queues an Update (with increasing update_id) that the
// bot receives through getUpdates; messages get per-chat message ids shared
// by users and the bot, and entities computed like Telegram (bot_command,
// mention, text_mention; offsets in UTF-16 code units).
//
// Besides plain text from users, it sends Telegram's other shapes: an
// anonymous administrator (AsAnonymousAdmin: from GroupAnonymousBot,
// sender_chat the group), messages on behalf of a channel and automatic
// forwards (AsChannel, AutoForwardedFrom), photos with or without a
// caption (AsPhoto), bots among the users (User.IsBot), edits (EditText),
// channel posts (ChannelPost), pins (Pin), button presses on messages the
// bot can no longer see (MakeInaccessible: an InaccessibleMessage with
// date 0), administrator changes and upgrades the bot is not told of
// (SetAdminUnseen, MigrateUnseen).
//
// The fake answers with Telegram's own errors where Telegram would:
// unparsable HTML, texts over 4096 UTF-16 units (captions over 1024),
// empty texts, callback_data over 64 bytes, unknown chats, 403 for users
// who never started the bot, blocked it, or groups that kicked it,
// migration of a group to a supergroup, "message is not modified", and
// more. FailNext injects faults: Telegram's errors (429 with retry_after,
// 502, ...), HTML error pages that echo the request path, answers of 200
// that do not decode, reset connections and requests that hang
// (WaitHanging tells when one is held). WithRateLimits enforces Telegram's
// flood limits, the per-group ones included. Redeliver hands an
// update to the bot a second time with the same update_id, as Telegram does
// after a bot crashed before confirming it.
//
// Users send files too: AsDocument and AsPhoto keep the file under its
// file_id, which the bot may send again (sendDocument, sendPhoto), look up
// with getFile and download from /file/bot<TOKEN>/<file_path> as from
// Telegram (files.go); ForgetFile makes a file unreachable.
//
// Webhooks work as Telegram's do (webhook.go): after setWebhook, getUpdates
// answers 409 and each update is POSTed to the URL with the secret in
// SecretHeader, retried until a 2xx; SetWebhookTargets stands in for a load
// balancer in front of several programs, delivering to each in turn and
// skipping those that refuse or time out. Each call's InstanceHeader is kept
// in Sent.Instance, so a test of several programs sees which one sent what.
//
// What the bot did is available through Sent (accepted calls, with the
// plain text a user sees), Rejected (calls answered with an error),
// Message (current state of a message after edits), CallbackAnswers and
// Commands. Tests synchronise with the asynchronous bot through Mark,
// WaitSentAfter, WaitForAfter, WaitCallbackAnswer and WaitIdle, never with
// sleeps. OnSent lets the console print the bot's messages as they come.
//
// This package must not import "testing": the console uses it too.
package tgfake
