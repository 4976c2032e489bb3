package bot

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// CommandNames lists the command table's names for the package's outside
// tests: every command, or (private) those offered in private chats.
func CommandNames(private bool) []string {
	var names []string
	for _, c := range (&Bot{}).commands() {
		if !private || c.scope&groupOnly == 0 {
			names = append(names, c.name)
		}
	}
	return names
}

// GroupMenuNames lists the commands the groups' menu offers: all but the
// private-menu ones (/start).
func GroupMenuNames() []string {
	var names []string
	for _, c := range (&Bot{}).commands() {
		if c.scope&privateMenu == 0 {
			names = append(names, c.name)
		}
	}
	return names
}

// TestCommandTable: the table is well formed, as /help and the menus need.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	brief := 0
	for _, c := range (&Bot{}).commands() {
		for _, k := range []string{"/" + c.name, c.keyword} {
			if k != "" && seen[k] {
				t.Errorf("%s is in the table twice", k)
			}
			seen[k] = true
		}
		if c.name != strings.ToLower(c.name) || strings.ContainsAny(c.name, " /@") {
			t.Errorf("/%s: a name is lower-case ASCII without a slash", c.name)
		}
		if c.menu == "" || c.run == nil {
			t.Errorf("/%s has no menu text or no handler", c.name)
		}
		if !strings.HasPrefix(c.example, "/"+c.name) {
			t.Errorf("/%s: the example %q does not start with the command", c.name, c.example)
		}
		if c.brief {
			brief++
		}
	}
	if brief > 19 { // the short /help's title and one line each: at most 20
		t.Errorf("%d commands in the short /help, want at most 19", brief)
	}
}

// TestREADMECommandTable: the README's table of commands names every
// command of the table, none other, each with its keyword.
func TestREADMECommandTable(t *testing.T) {
	text, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]command{}
	for _, c := range (&Bot{}).commands() {
		table[c.name] = c
	}
	slash := regexp.MustCompile("`/([a-z]+)")
	documented := map[string]bool{}
	in := false
	for _, line := range strings.Split(string(text), "\n") {
		if strings.HasPrefix(line, "| command | keyword |") {
			in = true
			continue
		}
		if !in || strings.HasPrefix(line, "|---") {
			continue
		}
		if !strings.HasPrefix(line, "|") {
			break // the end of the table
		}
		cells := strings.Split(strings.ReplaceAll(line, `\|`, "/"), "|")
		if len(cells) < 4 {
			t.Fatalf("README row %q has too few cells", line)
		}
		keywords := strings.Fields(strings.ReplaceAll(cells[2], ",", " "))
		for _, m := range slash.FindAllStringSubmatch(cells[1], -1) {
			name := m[1]
			c, ok := table[name]
			if !ok {
				t.Errorf("the README documents /%s, which is not in the command table", name)
				continue
			}
			documented[name] = true
			if c.keyword != "" && !slices.Contains(keywords, c.keyword) {
				t.Errorf("the README gives /%s the keyword %q, the table %q", name, cells[2], c.keyword)
			}
		}
		for _, k := range keywords {
			if !strings.ContainsFunc(k, func(r rune) bool { return r > 0x2e80 }) {
				continue // 任务 N: the N
			}
			found := false
			for _, c := range table {
				found = found || c.keyword == k
			}
			if !found {
				t.Errorf("the README's keyword %q is in no command of the table", k)
			}
		}
	}
	for name := range table {
		if !documented[name] {
			t.Errorf("/%s is missing from the README's command table", name)
		}
	}
}

// TestSettingsTable: every key names one setting, every setting has its
// usage line, and the settings sharing a /settings line stand together.
func TestSettingsTable(t *testing.T) {
	keys := map[string]bool{}
	labels := map[string]int{}
	for i, st := range settingsTable {
		for _, k := range st.keys {
			if keys[k] || k != strings.ToLower(k) {
				t.Errorf("key %q is taken twice or not lower-case", k)
			}
			keys[k] = true
		}
		if st.show == nil || st.parse == nil || st.usage == "" {
			t.Errorf("setting %s lacks a renderer, a parser or its usage", st.keys[0])
		}
		if !strings.Contains(settingsUsage, "\n/settings "+st.keys[0]+" "+st.usage) {
			t.Errorf("the usage lacks %s", st.keys[0])
		}
		if j, ok := labels[st.label]; ok && j != i-1 {
			t.Errorf("the settings of the line %s do not stand together", st.label)
		}
		labels[st.label] = i
	}
}
