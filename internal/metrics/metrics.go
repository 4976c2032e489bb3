// Package metrics is what duban tells Prometheus (served at /metrics on
// DUBAN_HTTP). The names are a promise to operators who build dashboards
// and alerts on them; change them only with a release note:
//
//	duban_updates_total{kind,stage}        updates received (stage="received", stored in the inbox)
//	                                       and handled (stage="handled", their unit of work committed)
//	duban_update_duration_seconds          histogram: how long handling one update took
//	duban_messages_sent_total{class,result} Bot API calls that show users something; class is
//	                                       answer, reminder, digest or publication; result is ok,
//	                                       429, 403, 5xx or other
//	duban_reminder_lateness_seconds        histogram: how late a reminder went out after it fell due
//	duban_outbox_queue                     messages queued and not yet sent
//	duban_inbox_backlog                    updates received and not yet handled
//	duban_leader                           1 on the instance that leads, else 0
//	duban_build_info{version}              always 1
//
// Every method of a nil *Metrics does nothing, so that the packages that
// count (bot, scheduler, botapi) need no checks, and tests without an HTTP
// server count nothing. Each program has its own registry: two programs
// in one test process do not share counters.
package metrics

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Classes of messages sent.
const (
	Answer      = "answer"
	Reminder    = "reminder"
	Digest      = "digest"
	Publication = "publication"
)

// Metrics holds one program's collectors.
type Metrics struct {
	reg            *prometheus.Registry
	updates        *prometheus.CounterVec
	updateDuration prometheus.Histogram
	sent           *prometheus.CounterVec
	lateness       prometheus.Histogram
	leader         prometheus.Gauge

	mu     sync.Mutex
	queues func(ctx context.Context) (outbox, inbox int64, err error)
}

// New returns the collectors of a program of the given version, registered
// with a registry of their own (with Go's and the process's collectors).
func New(version string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.updates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "duban_updates_total", Help: "Telegram updates received into the inbox and handled from it.",
	}, []string{"kind", "stage"})
	m.updateDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "duban_update_duration_seconds", Help: "Time to handle one update, its unit of work committed.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
	m.sent = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "duban_messages_sent_total", Help: "Bot API calls that show users something, by class and result.",
	}, []string{"class", "result"})
	m.lateness = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "duban_reminder_lateness_seconds", Help: "How long after it fell due a reminder was sent.",
		Buckets: []float64{.1, .5, 1, 2, 5, 10, 30, 60, 300, 900, 3600},
	})
	m.leader = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "duban_leader", Help: "1 on the instance that leads (handles updates, sends), else 0.",
	})
	info := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "duban_build_info", Help: "The running version of duban; always 1.",
	}, []string{"version"})
	info.WithLabelValues(version).Set(1)
	m.reg.MustRegister(m.updates, m.updateDuration, m.sent, m.lateness, m.leader, info, queueCollector{m},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, Timeout: 10 * time.Second})
}

// Gatherer is the registry, for tests that read the values.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }

// UpdateReceived counts an update stored in the inbox.
func (m *Metrics) UpdateReceived(kind string) {
	if m != nil {
		m.updates.WithLabelValues(kind, "received").Inc()
	}
}

// UpdateHandled counts an update handled in d.
func (m *Metrics) UpdateHandled(kind string, d time.Duration) {
	if m != nil {
		m.updates.WithLabelValues(kind, "handled").Inc()
		m.updateDuration.Observe(d.Seconds())
	}
}

// Sent counts a call that shows users something.
func (m *Metrics) Sent(class, result string) {
	if m != nil {
		m.sent.WithLabelValues(class, result).Inc()
	}
}

// ReminderLate records how late a reminder went out.
func (m *Metrics) ReminderLate(d time.Duration) {
	if m != nil {
		m.lateness.Observe(max(d, 0).Seconds())
	}
}

// SetLeader says whether this instance leads.
func (m *Metrics) SetLeader(leads bool) {
	if m != nil {
		v := 0.0
		if leads {
			v = 1
		}
		m.leader.Set(v)
	}
}

// CountQueues sets how duban_outbox_queue and duban_inbox_backlog are
// counted at each scrape.
func (m *Metrics) CountQueues(f func(ctx context.Context) (outbox, inbox int64, err error)) {
	if m != nil {
		m.mu.Lock()
		m.queues = f
		m.mu.Unlock()
	}
}

// queueCollector counts the queues in the database when scraped (a
// partial index each): a gauge kept in memory would be wrong on every
// instance but the one that changed it.
type queueCollector struct{ m *Metrics }

var (
	outboxDesc = prometheus.NewDesc("duban_outbox_queue", "Messages queued and not yet sent.", nil, nil)
	inboxDesc  = prometheus.NewDesc("duban_inbox_backlog", "Updates received and not yet handled.", nil, nil)
)

func (c queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDesc
	ch <- inboxDesc
}

func (c queueCollector) Collect(ch chan<- prometheus.Metric) {
	c.m.mu.Lock()
	f := c.m.queues
	c.m.mu.Unlock()
	if f == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	outbox, inbox, err := f(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(outbox))
	ch <- prometheus.MustNewConstMetric(inboxDesc, prometheus.GaugeValue, float64(inbox))
}

type classKey struct{}

// WithClass marks the Bot API calls made with ctx as sending class.
func WithClass(ctx context.Context, class string) context.Context {
	return context.WithValue(ctx, classKey{}, class)
}

// ClassOf is the class of what a call made with ctx sends (default Answer).
func ClassOf(ctx context.Context) string {
	if c, ok := ctx.Value(classKey{}).(string); ok {
		return c
	}
	return Answer
}

// Result is the result label of a call answered with HTTP status (0: no
// answer).
func Result(status int) string {
	switch {
	case status >= 200 && status < 300:
		return "ok"
	case status == http.StatusTooManyRequests:
		return "429"
	case status == http.StatusForbidden:
		return "403"
	case status >= 500:
		return "5xx"
	}
	return "other"
}
