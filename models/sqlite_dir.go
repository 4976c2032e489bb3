package models

import (
	"fmt"
	"os"
	"path/filepath"
)

// explainSQLiteOpen gives the reason when a SQLite database cannot be
// opened because its directory cannot be written. In WAL mode SQLite keeps
// two files beside the database (-wal and -shm) and must be able to create
// them; the driver's own error then speaks of "no such file or directory" or
// "attempt to write a readonly database" about a file that is there.
func explainSQLiteOpen(dsn string, err error) error {
	path := SQLiteFile(dsn)
	dir := filepath.Dir(path)
	if st, statErr := os.Stat(dir); statErr != nil || !st.IsDir() || dirWritable(dir) {
		return err
	}
	return fmt.Errorf("SQLite cannot create the -wal and -shm files of %s in %s: the directory is not writable "+
		"for this user (make it writable, or keep the database in a writable directory)", filepath.Base(path), dir)
}

// dirWritable reports whether a file can be created in dir, by creating
// one: permission bits alone do not tell (a read-only mount, ACLs, root).
func dirWritable(dir string) bool {
	f, err := os.CreateTemp(dir, ".duban-write-check-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
