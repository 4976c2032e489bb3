package models

import (
	"reflect"
	"testing"

	"gorm.io/gorm"
)

// TestInsertRowsAsGORM: rows inserted by insertRows and createRow read back
// exactly as the same rows inserted by GORM's Create, on both databases:
// defaults, automatic times, NULLs and all.
func TestInsertRowsAsGORM(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		task := e.assign("甲", e.wang, sh(3, 6, 18, 0))
		now := e.s.Now()
		due := sh(3, 5, 18, 0).UTC()
		actor := e.boss.ID
		check := func(name string, viaGORM, viaStore func(tx *gorm.DB) (uint, error), load func(id uint) any) {
			t.Helper()
			var a, b uint
			err := e.s.db.Transaction(func(tx *gorm.DB) error {
				var err error
				if a, err = viaGORM(tx); err != nil {
					return err
				}
				b, err = viaStore(tx)
				return err
			})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if a == 0 || b == 0 || a == b {
				t.Fatalf("%s: ids %d and %d", name, a, b)
			}
			ra, rb := reflect.ValueOf(load(a)).Elem(), reflect.ValueOf(load(b)).Elem()
			rb.FieldByName("ID").Set(ra.FieldByName("ID"))
			if !reflect.DeepEqual(ra.Interface(), rb.Interface()) {
				t.Errorf("%s: stored\n%+v\nwant (as GORM stores it)\n%+v", name, rb.Interface(), ra.Interface())
			}
		}
		// load reads a row of model's table back, with the fields named in
		// ignore zeroed (those the two rows of a check differ in on purpose).
		load := func(model any, ignore ...string) func(uint) any {
			return func(id uint) any {
				row := reflect.New(reflect.TypeOf(model))
				if err := e.s.db.Take(row.Interface(), id).Error; err != nil {
					t.Fatal(err)
				}
				for _, f := range ignore {
					v := row.Elem().FieldByName(f)
					v.Set(reflect.Zero(v.Type()))
				}
				return row.Interface()
			}
		}

		reminder := func() Reminder {
			return Reminder{ChatID: e.chat.ID, TaskID: &task.ID, Kind: ReminderBefore, DueAt: due, At: due, Offset: 86400, CreatedAt: now}
		}
		check("reminder", func(tx *gorm.DB) (uint, error) {
			r := reminder()
			return r.ID, tx.Create(&r).Error
		}, func(tx *gorm.DB) (uint, error) {
			rs := []Reminder{reminder(), reminder()}
			if err := insertRows(tx, rs, 1); err != nil {
				return 0, err
			}
			var last Reminder
			return last.ID, tx.Order("id DESC").Take(&last).Error
		}, load(Reminder{}))

		event := func() AuditEvent { // no time: GORM fills it in
			return AuditEvent{ChatID: e.chat.ID, TaskID: &task.ID, ActorID: &actor, Kind: "edited", Detail: "标题"}
		}
		check("audit event", func(tx *gorm.DB) (uint, error) {
			ev := event()
			return ev.ID, tx.Create(&ev).Error
		}, func(tx *gorm.DB) (uint, error) {
			ev := event()
			return ev.ID, createRow(tx, &ev)
		}, load(AuditEvent{}))

		newTask := func(number int) Task { // Percent and Extensions left to their defaults
			return Task{ChatID: e.chat.ID, Number: number, Title: "乙", AssignerID: e.boss.ID, Status: StatusPosted,
				Deadline: due, OriginalDeadline: due, CreatedAt: now, UpdatedAt: now}
		}
		var ids [2]uint
		check("task", func(tx *gorm.DB) (uint, error) {
			tk := newTask(100)
			err := tx.Omit("Assignees").Create(&tk).Error
			ids[0] = tk.ID
			return tk.ID, err
		}, func(tx *gorm.DB) (uint, error) {
			tk := newTask(101)
			err := createRow(tx, &tk)
			ids[1] = tk.ID
			return tk.ID, err
		}, load(Task{}, "Number"))
		check("assignee", func(tx *gorm.DB) (uint, error) {
			a := Assignee{TaskID: ids[0], UserID: e.zhang.ID, Role: RoleLead}
			return a.ID, tx.Omit("User").Create(&a).Error
		}, func(tx *gorm.DB) (uint, error) {
			a := Assignee{TaskID: ids[0], UserID: e.chen.ID, Role: RoleLead}
			if err := createRow(tx, &a); err != nil {
				return 0, err
			}
			return a.ID, nil
		}, load(Assignee{}, "UserID"))

		// A row that has its key already is inserted with it, by GORM.
		r := reminder()
		r.ID = 999_000
		e.must(e.s.db.Transaction(func(tx *gorm.DB) error { return insertRows(tx, []Reminder{r}, 10) }))
		var got Reminder
		e.must(e.s.db.Take(&got, r.ID).Error)
		if !got.DueAt.Equal(due) {
			t.Errorf("the reminder with its own key was stored as %+v", got)
		}

	})
}
