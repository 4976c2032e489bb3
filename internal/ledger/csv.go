package ledger

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
)

// bom is the UTF-8 byte-order mark, by which Excel knows the CSV is UTF-8.
const bom = "\uFEFF"

// CSV writes sheet 1 as UTF-8 CSV with a byte-order mark (so Excel opens it
// as UTF-8), CRLF line ends, quoted where needed, with the columns and
// header of the xlsx. Times are "2006-01-02 15:04" in l.Zone.
//
// Text that Excel would take for a formula (starting with = + - or @, or a
// tab or carriage return) is prefixed with an apostrophe, so that a task
// title cannot run anything on the reader's machine.
func CSV(l Ledger) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(bom) + 64*(len(l.Tasks)+1))
	buf.WriteString(bom)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(TaskHeader); err != nil {
		return nil, fmt.Errorf("ledger: csv: %w", err)
	}
	zone := l.zone()
	rec := make([]string, len(TaskHeader))
	cells := make([]cell, len(taskColumns))
	for i := range l.Tasks {
		taskCells(&l.Tasks[i], zone, cells)
		for j := range cells {
			rec[j] = csvField(cells[j])
		}
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("ledger: csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("ledger: csv: %w", err)
	}
	return buf.Bytes(), nil
}

// csvText is s with its line ends normalised and, when a spreadsheet would
// read it as a formula, an apostrophe in front.
func csvText(s string) string {
	s = cleanText(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
