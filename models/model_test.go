package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s             Status
		label         string
		open, working bool
	}{
		{StatusPosted, "待认领", true, false},
		{StatusTodo, "待办", true, true},
		{StatusDoing, "进行中", true, true},
		{StatusSubmitted, "已提交", true, false},
		{StatusDone, "已办结", false, false},
		{StatusCancelled, "已取消", false, false},
		{Status("weird"), "weird", false, false},
	}
	for _, c := range cases {
		if c.s.Label() != c.label || c.s.Open() != c.open || c.s.Working() != c.working {
			t.Errorf("%s: label %q open %v working %v, want %q %v %v", c.s, c.s.Label(), c.s.Open(), c.s.Working(),
				c.label, c.open, c.working)
		}
	}
}

func TestOverdue(t *testing.T) {
	t.Parallel()
	due := sh(3, 5, 18, 0)
	cases := []struct {
		name    string
		status  Status
		now     time.Time
		loc     *time.Location
		overdue bool
		days    int
		label   string
	}{
		{"before the deadline", StatusTodo, sh(3, 5, 17, 59), shanghai, false, 0, ""},
		{"at the deadline", StatusDoing, due, shanghai, false, 0, ""},
		{"later the same day", StatusDoing, sh(3, 5, 20, 0), shanghai, true, 0, "已逾期"},
		{"just after midnight", StatusTodo, sh(3, 6, 0, 30), shanghai, true, 1, "逾期1天"},
		{"a week later", StatusTodo, sh(3, 12, 9, 0), shanghai, true, 7, "逾期7天"},
		// 6 March 00:30 in Shanghai is still 5 March in New York.
		{"counted in another zone", StatusTodo, sh(3, 6, 0, 30), newYork, true, 0, "已逾期"},
		{"submitted late", StatusSubmitted, sh(3, 12, 9, 0), shanghai, false, 0, ""},
		{"done", StatusDone, sh(3, 12, 9, 0), shanghai, false, 0, ""},
		{"cancelled", StatusCancelled, sh(3, 12, 9, 0), shanghai, false, 0, ""},
		{"listed", StatusPosted, sh(3, 12, 9, 0), shanghai, false, 0, ""},
	}
	for _, c := range cases {
		task := Task{Status: c.status, Deadline: due.UTC()}
		if got := task.Overdue(c.now); got != c.overdue {
			t.Errorf("%s: Overdue = %v, want %v", c.name, got, c.overdue)
		}
		if got := task.DaysOverdue(c.now, c.loc); got != c.days {
			t.Errorf("%s: DaysOverdue = %d, want %d", c.name, got, c.days)
		}
		if got := task.OverdueLabel(c.now, c.loc); got != c.label {
			t.Errorf("%s: OverdueLabel = %q, want %q", c.name, got, c.label)
		}
	}
}

func TestTaskAssignees(t *testing.T) {
	t.Parallel()
	task := Task{Assignees: []Assignee{
		{UserID: 3, Role: RoleCooperator, Seq: 1}, {UserID: 1, Role: RoleLead}, {UserID: 2, Role: RoleCooperator, Seq: 2},
	}}
	if l := task.Lead(); l == nil || l.UserID != 1 {
		t.Errorf("Lead = %+v", l)
	}
	co := task.Cooperators()
	if len(co) != 2 || co[0].UserID != 3 || co[1].UserID != 2 {
		t.Errorf("Cooperators = %+v", co)
	}
	for id, want := range map[uint]bool{1: true, 2: true, 3: true, 4: false} {
		if task.IsAssignee(id) != want {
			t.Errorf("IsAssignee(%d) = %v", id, !want)
		}
	}
	if (&Task{}).Lead() != nil {
		t.Errorf("a listed task has a lead")
	}
}

func TestUserNames(t *testing.T) {
	t.Parallel()
	id := int64(7)
	cases := []struct {
		u       User
		display string
		bound   bool
	}{
		{User{FirstName: "李", LastName: "明", Username: "liming", TelegramID: &id}, "李 明", true},
		{User{FirstName: "李明"}, "李明", false},
		{User{FirstName: "  ", Username: "liming"}, "@liming", false},
		{User{}, "?", false},
	}
	for _, c := range cases {
		if c.u.DisplayName() != c.display || c.u.Bound() != c.bound {
			t.Errorf("%+v: %q bound=%v, want %q %v", c.u, c.u.DisplayName(), c.u.Bound(), c.display, c.bound)
		}
	}
	for in, want := range map[string]string{"@LiMing": "liming", " liming ": "liming", "LI_MING": "li_ming", "@": "", "": ""} {
		if got := NormalizeUsername(in); got != want {
			t.Errorf("NormalizeUsername(%q) = %q, want %q", in, got, want)
		}
	}
	if !(&User{LanguageCode: "en-GB"}).IsEnglish() || (&User{LanguageCode: "zh-hans"}).IsEnglish() {
		t.Errorf("IsEnglish")
	}
}

func TestChatHelpers(t *testing.T) {
	t.Parallel()
	if got := (&Chat{Zone: "America/New_York"}).Location(); got.String() != "America/New_York" {
		t.Errorf("Location = %v", got)
	}
	if got := (&Chat{Zone: "Mars/Olympus_Mons"}).Location(); got != time.UTC {
		t.Errorf("unknown zone: Location = %v, want UTC", got)
	}
	for typ, want := range map[string]bool{"group": true, "supergroup": true, "private": false, "channel": false} {
		if (&Chat{Type: typ}).IsGroup() != want {
			t.Errorf("IsGroup(%s) = %v", typ, !want)
		}
	}
}

func TestCheckLength(t *testing.T) {
	t.Parallel()
	if err := CheckLength("title", strings.Repeat("字", 200), 200); err != nil {
		t.Errorf("200 characters: %v", err)
	}
	err := CheckLength("title", strings.Repeat("字", 201), 200)
	var tl *TooLongError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &tl) || err.Error() != "title has 201 characters, at most 200" {
		t.Errorf("201 characters: %v", err)
	}
}

func TestDSNs(t *testing.T) {
	t.Parallel()
	for dsn, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://u@h/db": true, "/var/lib/duban/duban.db": false, "file:x.db": false,
	} {
		if IsPostgresDSN(dsn) != want {
			t.Errorf("IsPostgresDSN(%q) = %v", dsn, !want)
		}
	}
	const opts = "_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=on&_busy_timeout=5000&_txlock=immediate"
	cases := map[string]string{
		"duban.db":              "file:duban.db?" + opts,
		"/data/duban.db":        "file:/data/duban.db?" + opts,
		"duban.db?cache=shared": "file:duban.db?cache=shared&" + opts,
		"file:duban.db?mode=ro": "file:duban.db?mode=ro", // the operator's own options
	}
	for in, want := range cases {
		if got := sqliteDSN(in); got != want {
			t.Errorf("sqliteDSN(%q) = %q, want %q", in, got, want)
		}
	}
}
