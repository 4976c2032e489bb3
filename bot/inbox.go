package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/models"
)

// How updates flow: poll asks Telegram for updates and writes each batch to
// the inbox before the next getUpdates (whose offset confirms them) goes
// out; work handles the inbox's rows in order, each as one unit of work in
// which the update's changes, its answers (queued for the senders) and its
// "handled" mark commit together. A webhook would feed the same inbox
// through Receive.

// allowedUpdates are the update kinds the bot asks for.
var allowedUpdates = []string{"message", "callback_query", "chat_member", "my_chat_member"}

const (
	// handleAttempts is how many times an update whose handling fails while
	// the database is up is tried before it is answered with an apology.
	handleAttempts = 3
	// inboxRetention is how long handled updates and sent messages are
	// kept: Telegram redelivers an update for 24 hours at most.
	inboxRetention = 48 * time.Hour
	// pruneEvery is how often the inbox and the queue are pruned.
	pruneEvery = time.Hour
)

// poll receives updates until ctx ends. A batch that cannot be stored (the
// database is down) is held, unconfirmed, and stored again with back-off:
// nothing is asked of Telegram meanwhile, so nothing is lost.
func (b *Bot) poll(ctx context.Context) {
	var offset int64
	var lastPrune time.Time
	failures := 0
	for ctx.Err() == nil {
		ups, err := b.tg.GetUpdates(ctx, offset, allowedUpdates)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			wait := backoff(failures, 100*time.Millisecond, 5*time.Second)
			var pe *botapi.PollError
			if errors.As(err, &pe) && pe.RetryAfter > 0 {
				wait = pe.RetryAfter
			}
			if failures == 1 || failures%20 == 0 {
				b.log.Warn("get updates", slog.String("err", err.Error()), slog.Int("failures", failures))
			}
			sleep(ctx, wait)
			continue
		}
		if failures > 0 {
			b.log.Info("get updates works again", slog.Int("failures", failures))
			failures = 0
		}
		if len(ups) == 0 {
			continue
		}
		// Pruned before storing: after days without updates, a sequence
		// Telegram restarted must not meet the rows of the old one.
		if now := b.clock.Now(); now.Sub(lastPrune) >= pruneEvery {
			lastPrune = now
			b.prune(ctx, now)
		}
		if !b.storeBatch(ctx, ups) {
			return // stopped before the batch could be stored: it is not confirmed
		}
		offset = ups[len(ups)-1].ID + 1
	}
}

// storeBatch writes a batch to the inbox, retrying with back-off while the
// database is down; it reports false if ctx ended first.
func (b *Bot) storeBatch(ctx context.Context, ups []botapi.Update) bool {
	for failures := 0; ; failures++ {
		err := b.Receive(ctx, ups)
		if err == nil {
			if failures > 0 {
				b.log.Info("updates stored again", slog.Int("failures", failures))
			}
			return true
		}
		if failures == 0 || failures%20 == 0 {
			b.log.Error("store updates; they stay unconfirmed and are stored once the database answers",
				slog.String("err", err.Error()), slog.Int("updates", len(ups)))
		}
		if !sleep(ctx, backoff(failures+1, 200*time.Millisecond, 5*time.Second)) {
			return false
		}
	}
}

// Receive writes updates to the inbox and wakes the handling. Updates that
// are there already (Telegram delivered them again) are not handled again.
func (b *Bot) Receive(ctx context.Context, ups []botapi.Update) error {
	rows := make([]models.NewUpdate, len(ups))
	for i, u := range ups {
		rows[i] = models.NewUpdate{UpdateID: u.ID, ChatID: updateChat(u.Raw), Payload: u.Raw}
	}
	replays, err := b.store.ReceiveUpdates(ctx, b.me.ID, rows)
	if err != nil {
		return err
	}
	if b.metrics != nil {
		for _, u := range ups {
			b.metrics.UpdateReceived(updateKind(u.Raw))
		}
	}
	for _, id := range replays {
		b.log.Info("replayed update ignored", slog.Int64("update_id", id))
	}
	select {
	case b.wake <- struct{}{}:
	default:
	}
	return nil
}

// updateChat is the Telegram chat an update concerns, 0 if none.
func updateChat(raw json.RawMessage) int64 {
	type chat struct {
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
	}
	var u struct {
		Message       *chat `json:"message"`
		Edited        *chat `json:"edited_message"`
		ChatMember    *chat `json:"chat_member"`
		MyChatMember  *chat `json:"my_chat_member"`
		CallbackQuery *struct {
			Message *chat `json:"message"`
		} `json:"callback_query"`
	}
	if json.Unmarshal(raw, &u) != nil {
		return 0
	}
	for _, c := range []*chat{u.Message, u.Edited, u.ChatMember, u.MyChatMember} {
		if c != nil {
			return c.Chat.ID
		}
	}
	if u.CallbackQuery != nil && u.CallbackQuery.Message != nil {
		return u.CallbackQuery.Message.Chat.ID
	}
	return 0
}

// prune forgets handled updates and done messages older than Telegram's
// redelivery window (with a margin).
func (b *Bot) prune(ctx context.Context, now time.Time) {
	before := now.Add(-inboxRetention)
	if _, err := b.store.PruneInbox(ctx, before); err != nil {
		b.log.Warn("prune the inbox", slog.String("err", err.Error()))
	}
	if _, err := b.store.PruneOutgoing(ctx, before); err != nil {
		b.log.Warn("prune sent messages", slog.String("err", err.Error()))
	}
}

// errDatabaseDown: handling failed because the database does not answer;
// the update waits, unhandled, and is tried again when it does.
var errDatabaseDown = errors.New("database down")

// work handles the inbox's unhandled updates in order until ctx ends; the
// update in hand is finished first.
func (b *Bot) work(ctx context.Context) {
	failures := 0
	for ctx.Err() == nil {
		rows, err := b.store.UnhandledUpdates(ctx, b.me.ID, 100)
		if err != nil {
			err = fmt.Errorf("%w: %w", errDatabaseDown, err)
		} else if len(rows) > 0 {
			for i := range rows {
				b.progress(true)
				if err = b.handleRow(ctx, &rows[i]); err != nil || ctx.Err() != nil {
					break
				}
			}
		}
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			// The database is down (the update waits, unhandled), or an
			// update's handling failed and is tried again (logged as such).
			failures++
			if errors.Is(err, errDatabaseDown) && (failures == 1 || failures%20 == 0) {
				b.log.Error("handle updates; they wait in the inbox", slog.String("err", err.Error()), slog.Int("failures", failures))
			}
			sleep(ctx, backoff(failures, 100*time.Millisecond, 5*time.Second))
			continue
		case failures > 0:
			b.log.Info("handling updates again", slog.Int("failures", failures))
			failures = 0
		}
		b.progress(false)
		if len(rows) == 0 {
			select {
			case <-ctx.Done():
				return
			case <-b.wake:
			case <-time.After(b.inboxPoll): // another instance may have stored a webhook's update
			}
		}
	}
}

// handleRow handles one inbox row to the end. It returns an error when the
// row must be tried again later (the database is down, or the handling
// failed and has attempts left); the rows after it wait.
func (b *Bot) handleRow(ctx context.Context, row *models.InboxUpdate) error {
	var upd tgmodels.Update
	if err := json.Unmarshal([]byte(row.Payload), &upd); err != nil {
		b.log.Error("an update that does not decode is skipped", slog.Int64("update_id", row.UpdateID), slog.String("err", err.Error()))
		upd = tgmodels.Update{ID: row.UpdateID}
		return b.finishWith(ctx, row, &upd, nil)
	}
	// The update in hand finishes even when a stop is asked for.
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	if b.metrics != nil {
		defer func(start time.Time) { b.metrics.UpdateHandled(updateKind([]byte(row.Payload)), time.Since(start)) }(time.Now())
	}
	work = b.prefetch(work, &upd) // a file to read is fetched outside the unit of work (download.go)
	err := b.finishWith(work, row, &upd, func(ctx context.Context) error {
		if err := b.route(ctx, &upd); err != nil && !errors.Is(err, errHandled) {
			return err
		}
		return nil // errHandled: the user was told why nothing happened
	})
	if err == nil || errors.Is(err, models.ErrDuplicateUpdate) {
		return nil
	}
	// Asked on a context of their own: the handling's may have run out.
	check, cancelCheck := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancelCheck()
	if pingErr := b.store.Ping(check); pingErr != nil {
		return fmt.Errorf("%w: %w", errDatabaseDown, err)
	}
	attempts, aErr := b.store.UpdateFailed(check, row.ID, err.Error())
	b.log.Error("handle update", slog.Int64("update_id", row.UpdateID), slog.Int("attempt", attempts), slog.String("err", err.Error()))
	if aErr != nil {
		return fmt.Errorf("%w: %w", errDatabaseDown, aErr)
	}
	if attempts < handleAttempts {
		return fmt.Errorf("update %d: %w", row.UpdateID, err)
	}
	// A handler that keeps failing must not hold the inbox: the user hears
	// that nothing was done, and the update is done with.
	err = b.finishWith(check, row, &upd, func(ctx context.Context) error { return b.sayHandlingFailed(ctx, &upd) })
	if err != nil && !errors.Is(err, models.ErrDuplicateUpdate) {
		return fmt.Errorf("%w: %w", errDatabaseDown, err)
	}
	return nil
}

// finishWith runs handle (nil: nothing to do) as the update's unit of work:
// the row is marked handled first, so that an update someone else handled
// meanwhile stops here, and the answers handle queued are written before
// the commit. After the commit the answers go to the senders.
func (b *Bot) finishWith(ctx context.Context, row *models.InboxUpdate, upd *tgmodels.Update, handle func(ctx context.Context) error) error {
	a := &answers{updateID: row.UpdateID}
	err := b.store.Unit(ctx, func(ctx context.Context) error {
		if err := b.store.MarkUpdateHandled(ctx, row.ID); err != nil {
			return err
		}
		if handle != nil {
			if err := safely(withAnswers(ctx, a), handle); err != nil {
				return err
			}
		}
		return a.flush(ctx, b)
	})
	if err != nil {
		return err
	}
	b.afterCommit(a)
	if b.after != nil {
		b.after(upd)
	}
	return nil
}

// safely runs fn, turning a panic into an error (whose unit rolls back).
func safely(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(ctx)
}

// backoff grows from base to at most limit with ±20% jitter, so that many
// chats failing together do not retry together.
func backoff(attempt int, base, limit time.Duration) time.Duration {
	d := base << min(max(attempt-1, 0), 20)
	d = min(d, limit)
	jitter := time.Duration(rand.Int64N(int64(d)/5*2 + 1))
	return d - d/5 + jitter
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// sayHandlingFailed answers an update whose handling kept failing: its
// changes were rolled back, and the user hears that nothing was done (a
// query, that it could not be answered). Updates that are not a command, a
// reply to a question or a button press get no answer.
func (b *Bot) sayHandlingFailed(ctx context.Context, upd *tgmodels.Update) error {
	switch {
	case upd.CallbackQuery != nil:
		cq := upd.CallbackQuery
		r := &request{b: b, cq: cq, user: &models.User{LanguageCode: cq.From.LanguageCode}}
		_, err := b.answerCallback(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, ShowAlert: true,
			Text: r.say("出了点问题，操作没有完成，也没有保存任何改动。请稍后再试。", "Something went wrong; nothing was changed. Please try again later.")})
		return err
	case upd.Message != nil && upd.Message.From != nil:
		m := upd.Message
		text := m.Text
		if text == "" {
			text = m.Caption
		}
		name, _, _, isCommand := b.parseCommand(text, nil)
		isReply := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.me.ID
		if !isCommand && !isReply {
			return nil
		}
		r := &request{b: b, msg: m, tgChatID: m.Chat.ID, user: &models.User{LanguageCode: m.From.LanguageCode}}
		if m.IsTopicMessage {
			r.thread = m.MessageThreadID
		}
		zh, en := "出了点问题，操作没有完成，也没有保存任何改动。请稍后再试。", "Something went wrong; nothing was changed. Please try again later."
		if readOnlyCommands[name] {
			zh, en = "出了点问题，没能查询出结果。请稍后再试。", "Something went wrong; no answer could be given. Please try again later."
		}
		return r.reply(ctx, escape(r.say(zh, en)))
	}
	return nil
}

// readOnlyCommands change nothing: their apology says nothing of saving.
var readOnlyCommands = map[string]bool{"tasks": true, "my": true, "task": true, "rank": true, "stats": true,
	"export": true, "when": true, "help": true}
