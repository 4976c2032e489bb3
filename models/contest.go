package models

import (
	"fmt"
	"strings"
	"time"
)

// A contest (擂台赛) ranks a group's units by numbers rather than by tasks:
// each unit has annual targets per indicator (the 任务书), reports its
// figures every reporting period (填报), and is scored against its targets
// and against the share of the year elapsed (序时进度).

// Contest is one 擂台赛 of a group.
type Contest struct {
	ID     uint   `gorm:"primaryKey"`
	ChatID uint   `gorm:"not null"`
	Name   string `gorm:"size:100;not null"`
	// Schedule is the reporting rule as people write it (每月5日,
	// 每季度首月10日, 每周一); "" while none is set.
	Schedule  string `gorm:"size:32;not null;default:''"`
	CreatedBy uint   `gorm:"not null"` // assigner of the 填报 tasks
	CreatedAt time.Time

	Units      []ContestUnit      `gorm:"constraint:OnDelete:CASCADE"`
	Indicators []ContestIndicator `gorm:"constraint:OnDelete:CASCADE"`
}

// ContestUnit is a unit taking part, by its name in the group (as tasks
// name their unit). A unit removed from the group keeps its history and
// gets no more 填报 tasks.
type ContestUnit struct {
	ID        uint   `gorm:"primaryKey"`
	ContestID uint   `gorm:"not null"`
	UnitName  string `gorm:"size:100;not null"`
	Position  int    `gorm:"not null"`
}

// ContestIndicator is one measured figure of a contest.
type ContestIndicator struct {
	ID        uint    `gorm:"primaryKey"`
	ContestID uint    `gorm:"not null"`
	Name      string  `gorm:"size:100;not null"`
	Measure   string  `gorm:"size:20;not null;default:''"` // 计量单位: 亿元, 个, 吨标煤
	Weight    float64 `gorm:"not null"`
	// PerPeriod (当期): each report is the figure of that period alone;
	// otherwise (累计, the default) the year-to-date total.
	PerPeriod bool `gorm:"not null;default:false"`
	// LowerBetter (越低越好): completion is target ÷ reported.
	LowerBetter bool `gorm:"not null;default:false"`
	Position    int  `gorm:"not null"`
}

// ContestTarget is a unit's annual target on an indicator (任务书).
type ContestTarget struct {
	ID          uint    `gorm:"primaryKey"`
	ContestID   uint    `gorm:"not null"`
	Year        int     `gorm:"not null"`
	UnitName    string  `gorm:"size:100;not null"`
	IndicatorID uint    `gorm:"not null"`
	Value       float64 `gorm:"not null"`
	UpdatedAt   time.Time
}

// ContestReport is a unit's figure for an indicator in one reporting
// period. A correction replaces Value; the old one stays in the audit
// trail.
// Its indexes are in index.go.
type ContestReport struct {
	ID          uint      `gorm:"primaryKey"`
	ContestID   uint      `gorm:"not null"`
	UnitName    string    `gorm:"size:100;not null"`
	IndicatorID uint      `gorm:"not null"`
	PeriodFrom  time.Time `gorm:"not null"` // UTC of the local midnight
	PeriodTo    time.Time `gorm:"not null"`
	Value       float64   `gorm:"not null"`
	ReporterID  uint      `gorm:"not null"`
	ReportedAt  time.Time `gorm:"not null"` // the latest report or correction
}

// ContestRound is one reporting period opened for a contest: its 填报
// tasks, one per unit, are in ContestRoundTask.
type ContestRound struct {
	ID         uint      `gorm:"primaryKey"`
	ContestID  uint      `gorm:"not null"`
	PeriodFrom time.Time `gorm:"not null"`
	PeriodTo   time.Time `gorm:"not null"`
	Label      string    `gorm:"size:40;not null"`
	DueAt      time.Time `gorm:"not null"`
	CreatedAt  time.Time

	Tasks []ContestRoundTask `gorm:"foreignKey:RoundID;constraint:OnDelete:CASCADE"`
}

// ContestRoundTask is the 填报 task of one unit in a round.
type ContestRoundTask struct {
	ID       uint   `gorm:"primaryKey"`
	RoundID  uint   `gorm:"not null"`
	UnitName string `gorm:"size:100;not null"`
	TaskID   uint   `gorm:"not null;index"`
}

// Limits of a contest's fields.
const (
	MaxContestNameRunes = 40
	MaxIndicatorRunes   = 40
	MaxMeasureRunes     = 10
	MaxIndicators       = 20
	// MaxReportValue keeps figures within what a 台账 shows exactly.
	MaxReportValue = 1e12
)

// Schedule is a contest's reporting rule.
type Schedule struct {
	Kind PeriodKind // Week, Month or Quarter
	Day  int        // day of the month the report is due (Month, Quarter)
}

// ParseSchedule reads 每月5日, 每季度首月10日 or 每周一. A month's report
// is due on that day of the next month; a quarter's on that day of the
// next quarter's first month; a week's on the Monday after it.
func ParseSchedule(s string) (Schedule, error) {
	s = strings.TrimSpace(s)
	day := func(rest string) (int, error) {
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
		var d int
		if _, err := fmt.Sscanf(rest, "%d", &d); err != nil || fmt.Sprint(d) != rest || d < 1 || d > 28 {
			return 0, fmt.Errorf("%w: schedule day %q", ErrInvalid, rest)
		}
		return d, nil
	}
	switch {
	case s == "每周一":
		return Schedule{Kind: Week}, nil
	case strings.HasPrefix(s, "每季度首月"):
		d, err := day(strings.TrimPrefix(s, "每季度首月"))
		return Schedule{Kind: Quarter, Day: d}, err
	case strings.HasPrefix(s, "每月"):
		d, err := day(strings.TrimPrefix(s, "每月"))
		return Schedule{Kind: Month, Day: d}, err
	}
	return Schedule{}, fmt.Errorf("%w: schedule %q", ErrInvalid, s)
}

// String writes the schedule as people do.
func (sc Schedule) String() string {
	switch sc.Kind {
	case Week:
		return "每周一"
	case Quarter:
		return fmt.Sprintf("每季度首月%d日", sc.Day)
	}
	return fmt.Sprintf("每月%d日", sc.Day)
}

// OpenPeriod is the reporting period open at now (in now's location): the
// latest that has ended. Reports and corrections go to it until the next
// one ends.
func (sc Schedule) OpenPeriod(now time.Time) Period {
	return PeriodContaining(sc.Kind, now).Previous()
}

// ReportDay is the calendar day p's report is due, at 18:00 in p's
// location, before any move for holidays.
func (sc Schedule) ReportDay(p Period) time.Time {
	y, m, d := p.To.Date()
	if sc.Kind != Week {
		d = sc.Day
	}
	return time.Date(y, m, d, 18, 0, 0, 0, p.To.Location())
}

// OpensAt is when the 填报 tasks of the period after now's open one are
// created: 09:00 on the day after that period ends.
func (sc Schedule) OpensAt(now time.Time) (Period, time.Time) {
	p := PeriodContaining(sc.Kind, now)
	at := p.To.Add(9 * time.Hour)
	if p.To.Hour() != 0 { // a zone's midnight that moved: count from the day
		at = time.Date(p.To.Year(), p.To.Month(), p.To.Day(), 9, 0, 0, 0, p.To.Location())
	}
	return p, at
}

// PeriodLabel names a reporting period: 2026年11月, 2026年第4季度,
// 2026年第48周.
func PeriodLabel(p Period) string {
	switch p.Kind {
	case Quarter:
		return fmt.Sprintf("%d年第%d季度", p.From.Year(), (int(p.From.Month())+2)/3)
	case Week:
		y, w := p.From.ISOWeek()
		return fmt.Sprintf("%d年第%d周", y, w)
	}
	return fmt.Sprintf("%d年%d月", p.From.Year(), p.From.Month())
}

// ReportTitle is the title of a unit's 填报 task.
func ReportTitle(contest string, p Period) string {
	return "【填报】" + contest + " " + PeriodLabel(p)
}
