package workday

import (
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
)

// The statutory holidays of the national regulation (《全国年节及纪念日放假办法》,
// as amended in 2024): the days off every citizen has, whatever the year's
// notice adds. Their names are the ones holiday-cn uses, so a name found in
// a notice and one computed here compare equal.
const (
	NewYear      = "元旦"
	SpringFest   = "春节"
	Qingming     = "清明节"
	LabourDay    = "劳动节"
	DragonBoat   = "端午节"
	MidAutumn    = "中秋节"
	NationalDay  = "国庆节"
	lunarMinYear = 1901 // lunar-go is exact far beyond these bounds; beyond them
	lunarMaxYear = 2199 // a typo is more likely than a real date
)

// Festivals lists the statutory holidays in the order they fall in a year.
var Festivals = []string{NewYear, SpringFest, Qingming, LabourDay, DragonBoat, MidAutumn, NationalDay}

// festivalDays is how many days off the regulation gives each holiday:
// 春节 is 除夕 and 正月初一至初三, 劳动节 5月1日–2日, 国庆节 10月1日–3日.
var festivalDays = map[string]int{NewYear: 1, SpringFest: 4, Qingming: 1, LabourDay: 2,
	DragonBoat: 1, MidAutumn: 1, NationalDay: 3}

// statutoryYear is one year's statutory days off.
type statutoryYear struct {
	first map[string]time.Time // festival → its first day off (civil date, UTC)
	off   map[int]string       // yyyymmdd → festival
}

// Festival returns the first statutory day off of the named holiday in the
// Gregorian year (a civil date at midnight UTC) and how many days off the
// regulation gives it: 春节 2027 is (2027-02-05, 4), 除夕 to 初三. The dates
// come from the lunar calendar and the solar terms, not from a notice: a
// notice may add bridging days and 调休 around them. ok is false for a name
// that is not a statutory holiday.
func (c *Calendar) Festival(name string, year int) (first time.Time, days int, ok bool) {
	first, ok = c.statutory(year).first[name]
	return first, festivalDays[name], ok
}

// statutory returns the year's statutory days off, computing them once.
func (c *Calendar) statutory(year int) *statutoryYear {
	if s, ok := c.lunar.Load(year); ok {
		return s.(*statutoryYear)
	}
	s := computeStatutory(year)
	c.lunar.Store(year, s)
	return s
}

// computeStatutory works out a year's statutory days off: 元旦, 劳动节 and
// 国庆节 by the Gregorian calendar, 清明节 by its solar term, 春节, 端午节
// and 中秋节 by the lunar calendar (github.com/6tail/lunar-go). Outside the
// years the lunar tables are trusted for, only the Gregorian ones are known.
func computeStatutory(year int) *statutoryYear {
	s := &statutoryYear{first: map[string]time.Time{}, off: map[int]string{}}
	s.first[NewYear] = civil(year, time.January, 1)
	s.first[LabourDay] = civil(year, time.May, 1)
	s.first[NationalDay] = civil(year, time.October, 1)
	if lunarMinYear <= year && year <= lunarMaxYear {
		ly := lunar.NewLunarYear(year)
		newMoon := func(month, day int) time.Time {
			return fromJulian(ly.GetMonth(month).GetFirstJulianDay() + float64(day-1))
		}
		s.first[SpringFest] = newMoon(1, 1).AddDate(0, 0, -1) // 除夕, the eve of 正月初一
		s.first[DragonBoat] = newMoon(5, 5)
		s.first[MidAutumn] = newMoon(8, 15)
		for i, name := range lunar.JIE_QI_IN_USE {
			if name == "清明" {
				s.first[Qingming] = fromJulian(ly.GetJieQiJulianDays()[i])
				break
			}
		}
	}
	for name, first := range s.first {
		for i := range festivalDays[name] {
			s.off[key(first.AddDate(0, 0, i))] = name
		}
	}
	return s
}

// fromJulian is the civil date (Beijing time, as the lunar calendar is
// reckoned) of a Julian day.
func fromJulian(jd float64) time.Time {
	d := lunar.NewSolarFromJulianDay(jd)
	return civil(d.GetYear(), time.Month(d.GetMonth()), d.GetDay())
}

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
