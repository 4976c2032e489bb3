package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/duban-bot/duban/internal/chart"
	"github.com/duban-bot/duban/internal/outbox"
	"github.com/duban-bot/duban/models"
)

// publicationTitles name what each publication is, as cadres call it.
var publicationTitles = map[models.ReminderKind]string{
	models.PublishMonth:   "每月亮成绩",
	models.PublishQuarter: "每季抢红旗",
	models.PublishHalf:    "半年一总结",
	models.PublishYear:    "全年列榜单",
}

// pubSection is one period of a publication: its people's and units'
// rankings (nil when not published: empty, or a single entry).
type pubSection struct {
	kind          models.ReminderKind
	period        models.Period
	people, units []models.RankEntry
	sameAs        int // index of an earlier section with the same rankings, or -1
}

func (p *pubSection) title() string {
	return publicationTitles[p.kind] + " · " + periodLabel(p.period)
}

// notifyPublication publishes the rankings of the periods that just ended,
// all of one morning in one message (in January the month, the quarter,
// the half-year and the year), people and units, with the formula once;
// then one picture per period whose rankings differ from an earlier one's.
// A ranking of fewer than two entries is not published; a publication with
// nothing to show sends nothing. What it showed is kept: /rank and the
// ledger give these figures for those periods from now on.
func (b *Bot) notifyPublication(ctx context.Context, chat *models.Chat, n models.Notice) (int, error) {
	loc := chat.Location()
	rules := chat.RankRules()
	var sections []pubSection
	for _, r := range n.Reminders {
		period, ok := r.Kind.Period(r.At.In(loc))
		if !ok {
			continue
		}
		sec := pubSection{kind: r.Kind, period: period, sameAs: -1}
		for _, byUnit := range []bool{false, true} {
			entries, err := b.store.Ranking(ctx, models.RankingQuery{ChatID: chat.ID, From: period.From, To: period.To,
				ByUnit: byUnit, Rules: &rules})
			if err != nil {
				return 0, err
			}
			if len(entries) < 2 {
				continue // one entry is no ranking
			}
			if byUnit {
				sec.units = entries
			} else {
				sec.people = entries
			}
		}
		if sec.people == nil && sec.units == nil {
			continue
		}
		for i := range sections {
			if sameRanking(sections[i].people, sec.people) && sameRanking(sections[i].units, sec.units) {
				sec.sameAs = i
				break
			}
		}
		sections = append(sections, sec)
	}
	if len(sections) == 0 {
		return 0, nil
	}
	msg, err := b.send(ctx, outgoing{chatID: chat.TelegramID, text: publicationText(chat.Title, sections, rules), class: outbox.Automatic})
	if err != nil {
		return 0, err
	}
	pub := models.Publication{ChatID: chat.ID, Rules: rules}
	for _, sec := range sections {
		pub.Periods = append(pub.Periods, models.PublishedPeriod{Period: sec.period, Label: periodLabel(sec.period),
			People: sec.people, Units: sec.units})
	}
	if err := b.store.SavePublication(ctx, pub); err != nil {
		// Published all the same: /rank will compute the period afresh.
		b.log.Error("keep what a publication showed", slog.Uint64("chat", uint64(chat.ID)), slog.String("err", err.Error()))
	}
	for _, sec := range sections {
		if sec.sameAs >= 0 {
			continue
		}
		var boards []chart.Leaderboard
		if sec.people != nil {
			boards = append(boards, board(chat.Title, sec.period, false, sec.people, ""))
		}
		if sec.units != nil {
			boards = append(boards, board(chat.Title, sec.period, true, sec.units, ""))
		}
		boards[len(boards)-1].Footer = rankFormula(rules)
		png, err := chart.RenderLeaderboards(boards...)
		if err != nil {
			b.log.Error("draw publication", slog.String("err", err.Error()))
			continue
		}
		caption := fmt.Sprintf("🏆 %s · %s", escape(chat.Title), sec.title())
		if _, err := b.sendPhoto(ctx, chat.TelegramID, 0, "rank.png", png, caption, outbox.Automatic); err != nil {
			b.log.Warn("publication picture not delivered", slog.Int64("chat", chat.TelegramID), slog.String("err", err.Error()))
		}
	}
	return msg.ID, nil
}

// publicationText is the one message of a publication: each period's
// rankings (or a note that they equal an earlier period's), then the
// formula.
func publicationText(chatTitle string, sections []pubSection, rules models.RankRules) string {
	var s strings.Builder
	fmt.Fprintf(&s, "📣 <b>晾晒成绩单 · %s</b>", escape(chatTitle))
	for _, sec := range sections {
		fmt.Fprintf(&s, "\n\n<b>【%s】</b>", sec.title())
		if sec.sameAs >= 0 {
			fmt.Fprintf(&s, "\n与【%s】相同。", sections[sec.sameAs].title())
			continue
		}
		for _, r := range []struct {
			who     string
			entries []models.RankEntry
			byUnit  bool
		}{{"个人排名", sec.people, false}, {"单位排名", sec.units, true}} {
			if r.entries == nil {
				continue
			}
			s.WriteString("\n" + r.who)
			s.WriteString(rankLines(r.entries, r.byUnit))
		}
	}
	s.WriteString("\n\n" + rankFormula(rules))
	return s.String()
}

// sameRanking reports whether two rankings show the same lines.
func sameRanking(a, b []models.RankEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.UserID != y.UserID || x.Unit != y.Unit || x.Due != y.Due || x.OnTime != y.OnTime || x.Late != y.Late ||
			x.Overdue != y.Overdue || x.Score != y.Score || x.Rank != y.Rank || x.Flag != y.Flag {
			return false
		}
	}
	return true
}
