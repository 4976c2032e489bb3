package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban-bot/duban/models"
)

// duban backup copies a SQLite database into a file that opens with what
// was stored, refuses to overwrite, and sends PostgreSQL users to pg_dump.
func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "duban.db")
	store, err := models.Open(context.Background(), db, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.TryLead(context.Background(), "backup-test"); err != nil { // a row to find in the copy
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		code     int
		wantErr  string
		wantCopy bool
	}{
		{"copy while open", map[string]string{"DUBAN_DB": db}, []string{"backup", copyPath}, exitOK, "", true},
		{"never overwrites", map[string]string{"DUBAN_DB": db}, []string{"backup", copyPath}, exitFail, "exists already", true},
		{"postgres", map[string]string{"DUBAN_DB": "postgres://u:pw@db/duban"}, []string{"backup", filepath.Join(dir, "pg.db")}, exitFail, "pg_dump", false},
		{"no file", map[string]string{"DUBAN_DB": db}, []string{"backup"}, exitUsage, "name the file", false},
		{"flag for the database", nil, []string{"backup", "-db", db, filepath.Join(dir, "flag.db")}, exitOK, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, tt.env, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.wantErr)
			}
			if strings.Contains(errOut, "pw@") {
				t.Errorf("stderr shows the password: %s", errOut)
			}
		})
	}
	copied, err := models.Open(context.Background(), copyPath, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	terms, err := copied.LeaderTerms(context.Background())
	if err != nil || len(terms) != 1 || terms[0].Holder != "backup-test" {
		t.Errorf("the copy holds %+v, %v", terms, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pg.db")); err == nil {
		t.Error("a file was written for PostgreSQL")
	}
}
