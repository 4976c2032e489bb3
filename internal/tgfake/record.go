package tgfake

import (
	"time"

	"github.com/go-telegram/bot/models"
)

// Sent is one accepted outbound call of the bot that changes what users
// see: sendMessage, sendPhoto, sendDocument, editMessageText,
// editMessageReplyMarkup and deleteMessage.
type Sent struct {
	// Seq is the position in Sent() (0-based); Seq+1 is a cursor for
	// the calls after this one (see Mark).
	Seq       int
	Method    string // canonical method name, e.g. "sendMessage"
	ChatID    int64
	ThreadID  int
	MessageID int // the message created, edited or deleted
	// Text is the text parameter exactly as sent (HTML included).
	Text string
	// PlainText is what the user sees: the text (or caption) with HTML
	// tags removed and entities decoded. For editMessageReplyMarkup it is
	// the message's current text.
	PlainText string
	Entities  []models.MessageEntity
	ParseMode string
	// Markup is the inline keyboard attached (nil if none; for edits nil
	// means the keyboard was removed).
	Markup              *models.InlineKeyboardMarkup
	ForceReply          bool
	ReplyKeyboard       *models.ReplyKeyboardMarkup
	RemoveKeyboard      bool
	ReplyToMessageID    int
	DisableNotification bool
	LinkPreviewDisabled bool
	Caption             string // raw caption (sendPhoto/sendDocument)
	FileName            string
	FileBytes           []byte
	At                  time.Time // when the call was received (fake clock)
	// Instance is the call's InstanceHeader: which of several programs
	// sharing the token made it ("" when the caller did not say).
	Instance string
}

// Buttons returns the labels of the inline keyboard, row by row.
func (s Sent) Buttons() [][]string {
	if s.Markup == nil {
		return nil
	}
	out := make([][]string, len(s.Markup.InlineKeyboard))
	for i, row := range s.Markup.InlineKeyboard {
		for _, b := range row {
			out[i] = append(out[i], b.Text)
		}
	}
	return out
}

// Call is a call answered with an error.
type Call struct {
	Method      string
	ChatID      int64 // chat_id parameter, 0 if absent or not numeric
	Code        int
	Description string
	RetryAfter  int
	MigrateTo   int64
	At          time.Time
}

// CallbackAnswer is a recorded answerCallbackQuery.
type CallbackAnswer struct {
	ID        string
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
	At        time.Time
}

// CommandScope identifies a BotCommandScope ("default",
// "all_private_chats", "all_group_chats", "all_chat_administrators",
// "chat", "chat_administrators", "chat_member").
type CommandScope struct {
	Type   string
	ChatID int64
	UserID int64
}

// CommandsCall is a recorded setMyCommands (or deleteMyCommands, with
// Commands nil).
type CommandsCall struct {
	Scope        CommandScope
	LanguageCode string
	Commands     []models.BotCommand
}

// Stats counts what the fake did.
type Stats struct {
	Requests         int // API requests, including getUpdates
	Sent             int // len(Sent())
	Rejected         int // len(Rejected())
	RateLimited      int // 429s produced by WithRateLimits
	Faults           int // errors injected with FailNext
	Hung             int // requests held by a Hang fault
	ChatActions      int // accepted sendChatAction calls
	UpdatesQueued    int
	UpdatesDelivered int // distinct updates returned by getUpdates
}

// recordSentLocked appends a Sent record of the call p came with.
func (s *Server) recordSentLocked(p *params, rec Sent) {
	rec.Seq = len(s.sent)
	rec.Instance = p.instance
	if rec.Entities != nil {
		rec.Entities = append([]models.MessageEntity(nil), rec.Entities...)
	}
	rec.At = s.now()
	s.sent = append(s.sent, rec)
	s.stats.Sent++
	s.notifyLocked()
}

// Sent returns every accepted outbound call so far, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// SentTo returns the Sent records for one chat.
func (s *Server) SentTo(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, r := range s.sent {
		if r.ChatID == chatID {
			out = append(out, r)
		}
	}
	return out
}

// Rejected returns the calls answered with an error, in order.
func (s *Server) Rejected() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.rejected...)
}

// CallbackAnswers returns the recorded answerCallbackQuery calls.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CallbackAnswer(nil), s.answers...)
}

// PendingCallbacks returns the ids of callback queries not answered yet.
func (s *Server) PendingCallbacks() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id, st := range s.callbacks {
		if !st.answered {
			out = append(out, id)
		}
	}
	return out
}

// Commands returns the recorded setMyCommands/deleteMyCommands calls.
func (s *Server) Commands() []CommandsCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CommandsCall(nil), s.cmdCalls...)
}

// MyCommands returns the commands currently set for a scope and language
// (what getMyCommands answers).
func (s *Server) MyCommands(scope CommandScope, languageCode string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.myCommands[commandsKey(scope, languageCode)]...)
}

// Message returns the current state of a message (after edits); false if
// it does not exist or was deleted.
func (s *Server) Message(chatID int64, messageID int) (*models.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil, false
	}
	st := c.liveMsg(messageID)
	if st == nil {
		return nil, false
	}
	return copyMessage(st.m), true
}

// LastBotMessage returns the latest message the bot sent to a chat that
// still exists.
func (s *Server) LastBotMessage(chatID int64) (*models.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil, false
	}
	for id := c.lastMsgID; id > 0; id-- {
		if st := c.liveMsg(id); st != nil && st.fromBot {
			return copyMessage(st.m), true
		}
	}
	return nil, false
}

// Chat returns the chat object for a registered chat id.
func (s *Server) Chat(chatID int64) (models.Chat, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return models.Chat{}, false
	}
	return s.chatModelLocked(c), true
}

// Stats returns counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}
