package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// readCSV reads a CSV in any of the encodings Excel and WPS write.
func readCSV(data []byte, lim Limits) (*Grid, error) {
	text, encoding, err := decode(data)
	if err != nil {
		return nil, err
	}
	g := &Grid{Format: CSV, Encoding: encoding}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = separator(text)
	r.FieldsPerRecord = -1 // rows of any length, as in a sheet
	r.LazyQuotes = true
	r.ReuseRecord = true
	// csv.Reader skips empty lines and counts a quoted line break as a
	// line: the row number a spreadsheet shows is the physical line less
	// the line breaks inside earlier rows' cells.
	inside := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &Error{Kind: Unreadable, Err: err,
				Reason:  "CSV 文件格式有误，请在 Excel 中重新另存为 CSV 后再发",
				English: "The CSV file is malformed; save it again as CSV in Excel and send it again."}
		}
		line, _ := r.FieldPos(0)
		cells := make([]Cell, len(rec))
		breaks := 0
		for i, v := range rec {
			breaks += strings.Count(v, "\n")
			cells[i] = textCell(unescapeFormula(v))
		}
		if !g.addRow(line-inside, cells, lim) {
			return nil, tooManyRows(lim.MaxRows)
		}
		inside += breaks
	}
	return g, nil
}

// decode turns the file's bytes into text and names their encoding: a
// byte-order mark decides; else valid UTF-8 is UTF-8, and anything else is
// read as GB18030, of which GBK (what Excel writes on a Chinese Windows)
// is a part. A file that is not valid GB18030 either is refused rather than
// read as garbage.
func decode(data []byte) (text, encoding string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		if utf8.Valid(data[3:]) {
			return string(data[3:]), "UTF-8 BOM", nil
		}
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		if b, err := dec.Bytes(data); err == nil && !bytes.ContainsRune(b, utf8.RuneError) {
			return string(b), "UTF-16", nil
		}
	case utf8.Valid(data):
		return string(data), "UTF-8", nil
	default:
		if b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil && !bytes.ContainsRune(b, utf8.RuneError) {
			return string(b), "GB18030", nil
		}
	}
	return "", "", &Error{Kind: Unreadable,
		Reason:  "无法识别 CSV 文件的编码，请在 Excel 中另存为「CSV UTF-8」后再发",
		English: "The CSV file's encoding is not one I know; save it as \"CSV UTF-8\" in Excel and send it again."}
}

// separator returns the separator the first line with content uses most:
// a comma, a tab (Excel's "Unicode text") or a semicolon (Excel where the
// comma is the decimal mark). Quoted text is not counted.
func separator(text string) rune {
	line := text
	for line != "" {
		var first string
		first, line, _ = strings.Cut(line, "\n")
		if strings.TrimSpace(first) == "" {
			continue
		}
		counts := map[rune]int{}
		quoted := false
		for _, c := range first {
			switch {
			case c == '"':
				quoted = !quoted
			case !quoted && (c == ',' || c == '\t' || c == ';'):
				counts[c]++
			}
		}
		best := ','
		for _, c := range []rune{'\t', ';'} {
			if counts[c] > counts[best] {
				best = c
			}
		}
		return best
	}
	return ','
}

// unescapeFormula removes the apostrophe that a ledger (duban's /export
// among them) puts before text a spreadsheet would take for a formula, so
// that '=A1 reads back as =A1.
func unescapeFormula(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
