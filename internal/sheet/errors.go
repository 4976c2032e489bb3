package sheet

import "fmt"

// ErrorKind classifies an *Error.
type ErrorKind uint8

// The kinds of *Error. The zero kind is not used.
const (
	// TooLarge: the file, or what it unpacks to, is over the limit.
	TooLarge ErrorKind = iota + 1
	// TooManyRows: more rows with content below the header than the limit.
	TooManyRows
	// BadFormat: not an .xlsx or a .csv (an old .xls, a password, a PDF).
	BadFormat
	// Unreadable: an .xlsx that does not open, or a CSV in no known
	// encoding.
	Unreadable
	// NoHeader: no header row with the columns asked for among the first
	// rows.
	NoHeader
	// NoData: a header and nothing below it.
	NoData
)

// errorKindNames are the kinds' lower-case English names, for logs.
var errorKindNames = [...]string{
	TooLarge:    "too large",
	TooManyRows: "too many rows",
	BadFormat:   "bad format",
	Unreadable:  "unreadable",
	NoHeader:    "no header",
	NoData:      "no data",
}

func (k ErrorKind) String() string { return enumName(errorKindNames[:], int(k), "ErrorKind") }

// enumName is names[i], or typ(i) for a value without a name, the way
// stringer words it.
func enumName(names []string, i int, typ string) string {
	if i >= 0 && i < len(names) && names[i] != "" {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

// Error is a file that cannot be read as a sheet. Reason (Chinese) and
// English say why in words for the person who sent it; Err is the
// underlying cause, if any, for logs.
type Error struct {
	Kind    ErrorKind
	Reason  string
	English string
	Err     error
}

// Error returns the kind, the English reason and the cause, for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("sheet: %s: %s: %v", e.Kind, e.English, e.Err)
	}
	return fmt.Sprintf("sheet: %s: %s", e.Kind, e.English)
}

func (e *Error) Unwrap() error { return e.Err }

// sizeText shows a number of bytes as people say it: 5 MB, 1.5 MB, 300 KB.
func sizeText(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n >= mb && n%mb == 0:
		return fmt.Sprintf("%d MB", n/mb)
	case n >= mb:
		return fmt.Sprintf("%.1f MB", float64(n)/mb)
	case n >= kb:
		return fmt.Sprintf("%d KB", n/kb)
	}
	return fmt.Sprintf("%d B", n)
}
