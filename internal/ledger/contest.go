package ledger

import "strings"

// ContestSheet is a contest's (擂台赛) sheet: a row per unit and indicator
// with its annual target, figure to date, completion against 序时进度, then
// the figures reported in each period of the year.
type ContestSheet struct {
	Name    string   // the contest
	Periods []string // labels of the period columns: 2026年10月, 2026年11月
	Rows    []ContestRow
}

// ContestRow is one unit's line on one indicator.
type ContestRow struct {
	Unit, Indicator, Measure string
	Target                   float64
	HasTarget                bool
	YearToDate               float64
	Completion               float64 // 0..1.5
	Progress                 float64 // 序时进度
	Behind                   bool
	Figures                  []*float64 // per period; nil: not reported
}

// ContestHeader is the sheet's fixed columns; one column per period
// follows.
var ContestHeader = []string{"单位", "指标", "计量单位", "年度目标", "本年累计", "完成率", "序时进度", "是否落后"}

// figureFmt shows figures as a 台账 does: thousands separators, two
// decimals.
const figureFmt = "#,##0.00"

// contestColumns are the columns of a contest's sheet.
func contestColumns(cs *ContestSheet) []column {
	cols := []column{
		{head: ContestHeader[0], kind: kText, wrap: true, maxW: 24},
		{head: ContestHeader[1], kind: kText, wrap: true, maxW: 24},
		{head: ContestHeader[2], kind: kText, center: true, maxW: 10},
		{head: ContestHeader[3], kind: kNumber, numFmt: figureFmt, maxW: 16},
		{head: ContestHeader[4], kind: kNumber, numFmt: figureFmt, maxW: 16},
		{head: ContestHeader[5], kind: kPercent, numFmt: "0.0%", center: true, maxW: 10},
		{head: ContestHeader[6], kind: kPercent, numFmt: "0.0%", center: true, maxW: 10},
		{head: ContestHeader[7], kind: kText, center: true, maxW: 10},
	}
	for _, p := range cs.Periods {
		cols = append(cols, column{head: p, kind: kNumber, numFmt: figureFmt, maxW: 16})
	}
	return cols
}

// contestCells renders a row into dst.
func contestCells(r *ContestRow, dst []cell) tone {
	num := func(v float64) cell { return cell{kind: kNumber, n: v} }
	dst[0], dst[1], dst[2] = textCell(r.Unit), textCell(r.Indicator), textCell(r.Measure)
	dst[3] = cell{}
	if r.HasTarget {
		dst[3] = num(r.Target)
	}
	dst[4] = num(r.YearToDate)
	dst[5] = cell{kind: kPercent, n: r.Completion}
	dst[6] = cell{kind: kPercent, n: r.Progress}
	dst[7] = cell{}
	if r.Behind {
		dst[7] = cell{kind: kText, s: "是", tone: toneRed}
	}
	for i := range dst[8:] {
		dst[8+i] = cell{}
		if i < len(r.Figures) && r.Figures[i] != nil {
			dst[8+i] = num(*r.Figures[i])
		}
	}
	return toneNone
}

// contestSheets are the sheets of l's contests.
func contestSheets(cs []ContestSheet) []sheet {
	var out []sheet
	used := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		out = append(out, sheet{name: sheetName(c.Name, used), cols: contestColumns(c), rows: len(c.Rows), filter: true,
			fill: func(j int, dst []cell) tone { return contestCells(&c.Rows[j], dst) }})
	}
	return out
}

// sheetName is a legal, unused Excel sheet name for a contest: at most 31
// characters, none of []:*?/\.
func sheetName(name string, used map[string]bool) string {
	base := []rune(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return -1
		}
		return r
	}, "擂台赛-"+name))
	if len(base) > 28 {
		base = base[:28]
	}
	s := string(base)
	for n := 2; used[s]; n++ {
		s = string(base) + "(" + string(rune('0'+n%10)) + ")"
	}
	used[s] = true
	return s
}

// ContestXLSX writes a contest's sheet alone as a workbook.
func ContestXLSX(cs ContestSheet, title string) ([]byte, error) {
	return workbook(title, "擂台赛", contestSheets([]ContestSheet{cs}))
}

// ContestFileName is the file name of a contest's workbook:
// 擂台赛-项目建设擂台赛-2026年.xlsx.
func ContestFileName(cs ContestSheet, year string) string {
	return "擂台赛-" + safeName(cs.Name, 40) + "-" + safeName(year, 10) + ".xlsx"
}
