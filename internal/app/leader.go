package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/duban-bot/duban/models"
)

// Every instance serves HTTP (webhook deliveries, metrics, health, the
// dashboard); only the leader handles the inbox, polls, sends and runs the
// reminder dispatcher (models/leader.go says how the lead is held). An
// instance that is not leading asks for the lead every tryLeadEvery, so
// that after a leader dies another takes over well within two seconds.

const (
	// tryLeadEvery is how often a standby asks for the lead.
	tryLeadEvery = 200 * time.Millisecond
	// checkLeadEvery is how often the leader checks that its session (and
	// so its lock) is still there.
	checkLeadEvery = 250 * time.Millisecond
)

// leadership is this instance's part in the election.
type leadership struct {
	instance string
	elected  atomic.Bool   // Run runs the election (the sandbox may run the bot alone)
	epoch    atomic.Uint64 // the term this instance leads (0: none)
}

// defaultInstance names an instance by its host and process.
func defaultInstance() string {
	host, err := os.Hostname()
	if err != nil {
		host = "duban"
	}
	return host + "-" + strconv.Itoa(os.Getpid())
}

// marker is what this instance writes into each Bot API call's
// X-Duban-Instance: its name and its term ("name#0" while standing by).
func (l *leadership) marker() string {
	return l.instance + "#" + strconv.FormatUint(l.epoch.Load(), 10)
}

// fence fails unless this instance leads the latest term: asked before
// each message and reminder is sent.
func (a *App) fence(ctx context.Context) error {
	if !a.lead.elected.Load() {
		return nil // the bot runs without an election (tests of the bot alone)
	}
	epoch := a.lead.epoch.Load()
	if epoch == 0 {
		return models.ErrDeposed
	}
	return a.Store.CheckTerm(ctx, uint(epoch))
}

// runElected runs work whenever this instance leads, until ctx ends: it
// takes the lead when it can, runs work with a context that ends when the
// lead is lost, and stands by again afterwards.
func (a *App) runElected(ctx context.Context, work func(ctx context.Context) error) {
	a.lead.elected.Store(true)
	log := a.log
	failures := 0
	for ctx.Err() == nil {
		lead, err := a.Store.TryLead(ctx, a.lead.instance)
		if err != nil {
			failures++
			if failures == 1 || failures%50 == 0 {
				log.Warn("ask for the lead", slog.String("err", err.Error()), slog.Int("failures", failures))
			}
			sleepCtx(ctx, min(tryLeadEvery*time.Duration(failures), 5*time.Second))
			continue
		}
		failures = 0
		if lead == nil {
			sleepCtx(ctx, tryLeadEvery)
			continue
		}
		a.leadTerm(ctx, lead, work)
	}
}

// leadTerm runs work for one term and gives the lead up when it ends.
func (a *App) leadTerm(ctx context.Context, lead *models.Lead, work func(ctx context.Context) error) {
	defer lead.Release()
	// What other instances changed while this one stood by is read afresh.
	a.Store.ForgetCaches()
	a.Bot.ForgetCaches()
	a.lead.epoch.Store(uint64(lead.Epoch))
	a.metrics.SetLeader(true)
	a.log.Info("leading", slog.String("instance", a.lead.instance), slog.Uint64("term", uint64(lead.Epoch)))
	termCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var workErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer cancel()
		workErr = work(termCtx)
	}()
	var lost error
	t := time.NewTicker(checkLeadEvery)
	for termCtx.Err() == nil {
		select {
		case <-termCtx.Done():
		case <-t.C:
			check, stop := context.WithTimeout(termCtx, 2*time.Second)
			err := lead.Check(check)
			if err == nil {
				err = a.Store.CheckTerm(check, lead.Epoch)
				if err != nil && !errors.Is(err, models.ErrDeposed) {
					err = nil // the database did not answer: the lock decides
				}
			}
			stop()
			if err != nil && termCtx.Err() == nil {
				lost = err
				cancel()
			}
		}
	}
	t.Stop()
	// Nothing is sent from here on: the fence sees no term.
	a.lead.epoch.Store(0)
	wg.Wait()
	a.metrics.SetLeader(false)
	if lost != nil {
		a.log.Warn("lost the lead; standing by", slog.Uint64("term", uint64(lead.Epoch)), slog.String("err", lost.Error()))
		return
	}
	if ctx.Err() == nil && workErr != nil {
		// The database failed the term's start (say): stand by, and ask
		// for the lead again after a pause, rather than end the process.
		a.log.Error("the term ended early; standing by", slog.Uint64("term", uint64(lead.Epoch)),
			slog.String("err", workErr.Error()))
		sleepCtx(ctx, time.Second)
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
