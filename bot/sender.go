package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	tgmodels "github.com/go-telegram/bot/models"

	"github.com/duban-bot/duban/internal/botapi"
	"github.com/duban-bot/duban/internal/metrics"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// The senders deliver the queue of outgoing messages (models.OutgoingMessage):
// one goroutine per chat that has something waiting, which sends that chat's
// messages in order, each in its turn in the outbox, and marks each done
// once Telegram has taken it. A chat held by a 429, a failing or a hung
// call waits on its own: the other chats' senders go on.

// Retry is how a message that Telegram failed to take (a 5xx, a proxy's
// page, a reset, a timeout) is tried again: after First, then twice as long
// each time up to Max, with jitter, Attempts times in all. Zero fields take
// the defaults.
type Retry struct {
	First    time.Duration // default 1 s
	Max      time.Duration // default 30 s
	Attempts int           // default 6 (about half a minute of waiting in all)
}

func (r Retry) withDefaults() Retry {
	if r.First <= 0 {
		r.First = time.Second
	}
	if r.Max <= 0 {
		r.Max = 30 * time.Second
	}
	if r.Attempts <= 0 {
		r.Attempts = 6
	}
	return r
}

// maxFloodWaits bounds how often one message waits out a 429 before it is
// given up.
const maxFloodWaits = 10

type senders struct {
	b *Bot

	mu      sync.Mutex
	ctx     context.Context // nil until start
	stopped bool            // wait has begun: nothing new starts
	chats   map[int64]*chatQueue
	early   []int64       // chats kicked before run
	calls   int           // answers to buttons in flight
	changed chan struct{} // closed and replaced when a message or an answer is done
	wg      sync.WaitGroup
}

// chatQueue is a chat whose sender runs.
type chatQueue struct {
	again bool // kicked while running: read the queue once more
}

func newSenders(b *Bot) *senders {
	return &senders{b: b, chats: map[int64]*chatQueue{}, changed: make(chan struct{})}
}

// start starts a sender for every chat with messages waiting from before
// (a crash, a stop) and for those kicked since; they deliver until ctx ends.
func (s *senders) start(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.stopped = false // a new term after one that ended
	early := s.early
	s.early = nil
	s.mu.Unlock()
	for _, chatID := range early {
		s.kick(chatID)
	}
	s.mu.Lock()
	s.wg.Add(1) // before wait can begin: start runs before the worker does
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		s.resume(ctx)
	}()
}

// wait returns when the senders have stopped (their ctx ended) and the
// messages and answers in flight are done.
func (s *senders) wait() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.wg.Wait()
}

// resume starts the senders of the chats that had messages waiting at the
// start, once the database answers.
//
// With QueueRescan set it looks again at that interval until ctx ends:
// another instance that led before may have queued messages this one's
// senders were not told of.
func (s *senders) resume(ctx context.Context) {
	for failures := 1; ; failures++ {
		chats, err := s.b.store.OutgoingChats(ctx)
		if err == nil {
			for chatID := range chats {
				s.kick(chatID)
			}
			if s.b.queueRescan <= 0 || !sleep(ctx, s.b.queueRescan) {
				return
			}
			failures = 0
			continue
		}
		if failures == 1 {
			s.b.log.Error("read the queue of messages", slog.String("err", err.Error()))
		}
		if !sleep(ctx, backoff(failures, 200*time.Millisecond, 5*time.Second)) {
			return
		}
	}
}

// kick makes sure the chat's sender runs and reads its queue again.
func (s *senders) kick(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		s.early = append(s.early, chatID)
		return
	}
	if s.stopped || s.ctx.Err() != nil {
		return // what waits is sent after the next start
	}
	if q := s.chats[chatID]; q != nil {
		q.again = true
		return
	}
	q := &chatQueue{}
	s.chats[chatID] = q
	s.wg.Add(1)
	ctx := s.ctx
	go func() {
		defer s.wg.Done()
		s.drain(ctx, chatID, q)
	}()
}

// drain sends a chat's waiting messages until none is left or ctx ends.
func (s *senders) drain(ctx context.Context, chatID int64, q *chatQueue) {
	defer func() {
		s.mu.Lock()
		if s.chats[chatID] == q {
			delete(s.chats, chatID)
		}
		s.mu.Unlock()
	}()
	failures := 0
	for ctx.Err() == nil {
		s.mu.Lock()
		q.again = false
		s.mu.Unlock()
		rows, err := s.b.store.PendingOutgoing(ctx, chatID, 20)
		if err != nil {
			failures++
			if failures == 1 {
				s.b.log.Error("read a chat's messages", slog.Int64("chat", chatID), slog.String("err", err.Error()))
			}
			sleep(ctx, backoff(failures, 200*time.Millisecond, 5*time.Second))
			continue
		}
		failures = 0
		if len(rows) == 0 {
			s.mu.Lock()
			again := q.again
			if !again {
				delete(s.chats, chatID)
			}
			s.mu.Unlock()
			if !again {
				return
			}
			continue
		}
		for i := range rows {
			if !s.deliver(ctx, &rows[i]) {
				break // the chat's queue changed (gone, moved) or a stop: read it again
			}
		}
	}
}

// deliver sends one message until Telegram takes it or it is given up, and
// records the outcome. It reports false when the rest of the chat's rows
// read with it may no longer be current.
func (s *senders) deliver(ctx context.Context, row *models.OutgoingMessage) bool {
	b := s.b
	class := outbox.Answer
	if row.Automatic {
		class = outbox.Automatic
	}
	failures, floods := 0, 0
	for {
		if err := b.outbox.Wait(ctx, row.ChatID, row.ChatID < 0, class); err != nil {
			return false // stopping: the row waits for the next start
		}
		if b.fence != nil {
			if err := b.fence(ctx); err != nil {
				b.log.Warn("a message is left to the leader", slog.Int64("chat", row.ChatID), slog.String("err", err.Error()))
				sleep(ctx, time.Second) // the lead is being given up: ctx ends soon
				return false
			}
		}
		// The call in hand finishes even when a stop is asked for; the
		// transport bounds it.
		callCtx, outcome := botapi.WithOutcome(context.WithoutCancel(ctx))
		if row.Automatic {
			callCtx = metrics.WithClass(callCtx, metrics.Reminder)
		}
		msgID, err := b.deliverCall(callCtx, row)
		if err == nil {
			s.sent(ctx, row, msgID)
			return true
		}
		v := botapi.Classify(err, outcome)
		switch v.Kind {
		case botapi.Accepted:
			// Users see the message; only its id is unknown. Repeating it
			// would show it twice.
			b.log.Warn("Telegram took a message but its answer could not be read; counted as sent",
				slog.Int64("chat", row.ChatID), slog.String("kind", row.Kind), slog.String("err", err.Error()))
			s.sent(ctx, row, 0)
			return true
		case botapi.NotModified:
			s.sent(ctx, row, row.MessageID)
			return true
		case botapi.RetryAfter:
			floods++
			b.slowDown(row.ChatID, v.RetryAfter)
			if floods >= maxFloodWaits {
				s.fail(ctx, row, err)
				return true
			}
		case botapi.Migrated:
			s.moved(ctx, row.ChatID, v.MigrateTo)
			return false
		case botapi.Gone:
			s.gone(ctx, row.ChatID, err)
			return false
		case botapi.Refused:
			if row.Kind == models.OutEdit && row.EditFallback {
				// The message can no longer be edited: say it anew.
				row.Kind, row.MessageID = models.OutMessage, 0
				continue
			}
			s.fail(ctx, row, err)
			return true
		default: // Transient
			failures++
			if failures >= b.retry.Attempts {
				s.fail(ctx, row, err)
				return true
			}
			wait := backoff(failures, b.retry.First, b.retry.Max)
			b.log.Warn("message not delivered; will retry", slog.Int64("chat", row.ChatID), slog.String("kind", row.Kind),
				slog.Int("attempt", failures), slog.Duration("in", wait), slog.String("err", err.Error()))
			if !sleep(ctx, wait) {
				return false
			}
		}
	}
}

// deliverCall makes the Bot API call a queued row stands for and returns
// the id of the message sent or changed.
func (b *Bot) deliverCall(ctx context.Context, row *models.OutgoingMessage) (int, error) {
	var markup tgmodels.ReplyMarkup
	if row.Markup != "" {
		markup = json.RawMessage(row.Markup)
	}
	noPreview := &tgmodels.LinkPreviewOptions{IsDisabled: tgbot.True()}
	var msg *tgmodels.Message
	var err error
	switch row.Kind {
	case models.OutMessage:
		p := &tgbot.SendMessageParams{ChatID: row.ChatID, MessageThreadID: row.ThreadID, Text: row.Text,
			ParseMode: tgmodels.ParseModeHTML, LinkPreviewOptions: noPreview, ReplyMarkup: markup}
		if row.ReplyTo != 0 {
			p.ReplyParameters = &tgmodels.ReplyParameters{MessageID: row.ReplyTo, AllowSendingWithoutReply: true}
		}
		msg, err = b.api.SendMessage(ctx, p)
	case models.OutEdit:
		msg, err = b.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: row.ChatID, MessageID: row.MessageID,
			Text: row.Text, ParseMode: tgmodels.ParseModeHTML, LinkPreviewOptions: noPreview, ReplyMarkup: markup})
	case models.OutMarkup:
		msg, err = b.api.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: row.ChatID,
			MessageID: row.MessageID, ReplyMarkup: markup})
	case models.OutPhoto:
		msg, err = b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: row.ChatID, MessageThreadID: row.ThreadID,
			Photo:   &tgmodels.InputFileUpload{Filename: row.FileName, Data: bytes.NewReader(row.File)},
			Caption: row.Text, ParseMode: tgmodels.ParseModeHTML})
	case models.OutDocument:
		msg, err = b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: row.ChatID, MessageThreadID: row.ThreadID,
			Document: &tgmodels.InputFileUpload{Filename: row.FileName, Data: bytes.NewReader(row.File)},
			Caption:  row.Text, ParseMode: tgmodels.ParseModeHTML})
	case models.OutDocumentID:
		msg, err = b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: row.ChatID, MessageThreadID: row.ThreadID,
			Document: &tgmodels.InputFileString{Data: row.FileID}, Caption: row.Text, ParseMode: tgmodels.ParseModeHTML,
			ReplyParameters: replyTo(row.ReplyTo)})
	case models.OutPhotoID:
		msg, err = b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: row.ChatID, MessageThreadID: row.ThreadID,
			Photo: &tgmodels.InputFileString{Data: row.FileID}, Caption: row.Text, ParseMode: tgmodels.ParseModeHTML,
			ReplyParameters: replyTo(row.ReplyTo)})
	default:
		return 0, fmt.Errorf("%w: unknown kind %q", tgbot.ErrorBadRequest, row.Kind)
	}
	if err != nil {
		return 0, err
	}
	if msg == nil { // an edit of a message the bot did not send answers true
		return row.MessageID, nil
	}
	return msg.ID, nil
}

// sent records that Telegram took a row (with what waited for its id).
func (s *senders) sent(ctx context.Context, row *models.OutgoingMessage, msgID int) {
	s.persist(ctx, "mark a message sent", func(ctx context.Context) error {
		return s.b.store.OutgoingSent(ctx, row.ID, msgID)
	})
}

// fail gives a row up, and queues its update's apology if it carries one.
func (s *senders) fail(ctx context.Context, row *models.OutgoingMessage, cause error) {
	s.b.log.Warn("message not delivered", slog.Int64("chat", row.ChatID), slog.String("kind", row.Kind),
		slog.Int64("update_id", row.UpdateID), slog.String("err", cause.Error()))
	var apology *models.OutgoingMessage
	if row.Apology != "" {
		apology = &models.OutgoingMessage{ChatID: row.ChatID, Kind: models.OutMessage, ThreadID: row.ThreadID,
			ReplyTo: row.ReplyTo, Text: row.Apology, UpdateID: row.UpdateID}
	}
	s.persist(ctx, "give a message up", func(ctx context.Context) error {
		return s.b.store.OutgoingFailed(ctx, row.ID, cause.Error(), apology)
	})
}

// gone stops writing to a chat the bot can no longer reach: a group is
// recorded as lost (its reminders stop), a person as no longer reachable in
// private; then the chat's waiting messages are dropped.
func (s *senders) gone(ctx context.Context, chatID int64, cause error) {
	b := s.b
	if chatID > 0 {
		if u, err := b.store.UserByTelegramID(ctx, chatID); err == nil && u.StartedBot {
			if err := b.store.SetStartedBot(ctx, u.ID, false); err != nil {
				b.log.Warn("forget private chat", slog.String("err", err.Error()))
			}
			b.log.Info("a user blocked the bot; private messages stop", slog.Int64("user", chatID))
		}
	} else if chat, err := b.store.ChatByTelegramID(ctx, chatID); err == nil {
		first, err := b.store.BlockChat(ctx, chat.ID, cause.Error())
		if first {
			b.log.Warn("the bot can no longer write to a group; its messages and reminders stop",
				slog.Int64("chat", chatID), slog.String("err", cause.Error()))
		}
		if err != nil {
			b.log.Warn("record a lost group", slog.Int64("chat", chatID), slog.String("err", err.Error()))
		}
	} else if !errors.Is(err, models.ErrNotFound) {
		b.log.Warn("a lost group", slog.Int64("chat", chatID), slog.String("err", err.Error()))
	}
	s.persist(ctx, "drop a lost chat's messages", func(ctx context.Context) error {
		_, err := b.store.DropOutgoing(ctx, chatID, cause.Error())
		return err
	})
}

// moved follows a group that became a supergroup: the group's records and
// its waiting messages go to the new id, whose sender takes over.
func (s *senders) moved(ctx context.Context, oldID, newID int64) {
	s.persist(ctx, "follow a migrated group", func(ctx context.Context) error {
		if err := s.b.migrate(ctx, oldID, newID); err != nil {
			return err
		}
		return s.b.store.MoveOutgoing(ctx, oldID, newID)
	})
	s.kick(newID)
}

// persist runs a database write the queue depends on until it succeeds:
// while the bot runs, with back-off as long as the database is down; once a
// stop is asked for, a few more times (a row not marked sent is sent again
// after the restart).
func (s *senders) persist(ctx context.Context, what string, fn func(ctx context.Context) error) {
	write := context.WithoutCancel(ctx)
	for failures := 0; ; failures++ {
		err := fn(write)
		if err == nil {
			s.notify()
			return
		}
		if failures == 0 || failures%20 == 0 {
			s.b.log.Error(what, slog.String("err", err.Error()), slog.Int("failures", failures+1))
		}
		if ctx.Err() != nil && failures >= 5 {
			return
		}
		time.Sleep(backoff(failures+1, 100*time.Millisecond, 5*time.Second))
	}
}

// answerCallback answers a button press (after its update's commit), with
// a few retries of its own: Telegram takes an answer only for a while.
func (s *senders) answerCallback(p *tgbot.AnswerCallbackQueryParams) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.calls++
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			s.calls--
			s.mu.Unlock()
			s.notify()
		}()
		for attempt := 1; ; attempt++ {
			ctx, outcome := botapi.WithOutcome(context.Background())
			_, err := s.b.api.AnswerCallbackQuery(ctx, p)
			if err == nil {
				return
			}
			v := botapi.Classify(err, outcome)
			wait := backoff(attempt, 500*time.Millisecond, 4*time.Second)
			switch {
			case v.Kind == botapi.Accepted:
				return
			case v.Kind == botapi.RetryAfter && v.RetryAfter <= 30*time.Second:
				wait = v.RetryAfter
			case v.Kind != botapi.Transient:
				attempt = 3
			}
			if attempt >= 3 {
				s.b.log.Warn("answer callback", slog.String("err", err.Error()))
				return
			}
			time.Sleep(wait)
		}
	}()
}

// notify wakes WaitSent.
func (s *senders) notify() {
	s.mu.Lock()
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// WaitSent waits until nothing the bot queued is waiting to be sent and no
// answer to a button is in flight: what the bot said is then with Telegram.
// Tests and the console call it after the updates they sent were handled.
func (b *Bot) WaitSent(ctx context.Context) error {
	s := b.senders
	for {
		s.mu.Lock()
		calls, changed := s.calls, s.changed
		s.mu.Unlock()
		if calls == 0 {
			chats, err := b.store.OutgoingChats(ctx)
			if err == nil && len(chats) == 0 {
				return nil
			}
		}
		t := time.NewTimer(50 * time.Millisecond) // a row done by a sender still starting
		select {
		case <-changed:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("messages still waiting to be sent: %w", ctx.Err())
		}
		t.Stop()
	}
}
