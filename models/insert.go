package models

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// Inserts on the hot paths (an assignment, a re-plan) do not go through
// GORM's create callbacks. Building an INSERT there takes GORM about 45 µs,
// more than SQLite takes to run it, and GORM ends every INSERT of a model
// with an auto-increment key with RETURNING, which on SQLite costs more
// than the insert itself (a temporary table per statement: 150 against
// 66 µs for five reminders). The statements are built here from GORM's own
// parse of the model, once per model, row count and database, and run
// through the transaction's connection. A model this cannot insert exactly
// as GORM would (a database-side default, a serializer, an automatic time
// that is not a time.Time) goes through GORM.

// inserter inserts new rows of one model.
type inserter struct {
	fields   []*schema.Field // the columns, in order
	key      *schema.Field   // the auto-increment key, left to the database
	head     string          // INSERT INTO "t" ("a","b") VALUES
	postgres bool            // $n placeholders, and RETURNING for an id
	sqls     sync.Map        // row count → statement
}

type inserterKey struct {
	model   reflect.Type
	dialect string
}

var inserters sync.Map // inserterKey → *inserter, nil when GORM must insert

// inserterFor returns the inserter of model T, or nil.
func inserterFor[T any](tx *gorm.DB) *inserter {
	key := inserterKey{reflect.TypeFor[T](), tx.Dialector.Name()}
	if in, ok := inserters.Load(key); ok {
		return in.(*inserter)
	}
	in := newInserter(tx, new(T))
	inserters.Store(key, in)
	return in
}

func newInserter(tx *gorm.DB, model any) *inserter {
	stmt := &gorm.Statement{DB: tx}
	if err := stmt.Parse(model); err != nil {
		return nil
	}
	in := &inserter{postgres: tx.Dialector.Name() == "postgres"}
	var cols []string
	for _, name := range stmt.Schema.DBNames {
		f := stmt.Schema.FieldsByDBName[name]
		switch {
		case f.PrimaryKey && f.AutoIncrement:
			in.key = f
			continue
		case !f.Creatable:
			continue
		case f.Serializer != nil, f.HasDefaultValue && f.DefaultValueInterface == nil,
			(f.AutoCreateTime > 0 || f.AutoUpdateTime > 0) && f.DataType != schema.Time:
			return nil
		}
		in.fields = append(in.fields, f)
		cols = append(cols, stmt.Quote(name))
	}
	if in.key == nil || len(in.fields) == 0 {
		return nil
	}
	in.head = "INSERT INTO " + stmt.Quote(stmt.Schema.Table) + " (" + strings.Join(cols, ",") + ") VALUES "
	return in
}

// statement returns the INSERT of n rows.
func (in *inserter) statement(n int) string {
	if q, ok := in.sqls.Load(n); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString(in.head)
	arg := 0
	for row := range n {
		if row > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for col := range in.fields {
			if col > 0 {
				b.WriteByte(',')
			}
			if arg++; in.postgres {
				b.WriteString("$" + strconv.Itoa(arg))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	q := b.String()
	in.sqls.Store(n, q)
	return q
}

// values appends a new row's values to args, filling defaults and automatic
// times as GORM would; ok is false if the row already has a key.
func (in *inserter) values(ctx context.Context, tx *gorm.DB, row reflect.Value, args []any) (_ []any, ok bool) {
	if _, zero := in.key.ValueOf(ctx, row); !zero {
		return args, false
	}
	for _, f := range in.fields {
		v, zero := f.ValueOf(ctx, row)
		if zero {
			switch {
			case f.DefaultValueInterface != nil:
				v = f.DefaultValueInterface
			case f.AutoCreateTime > 0 || f.AutoUpdateTime > 0:
				v = tx.NowFunc()
				if err := f.Set(ctx, row, v); err != nil {
					return args, false
				}
			}
		}
		args = append(args, v)
	}
	return args, true
}

// insertRows inserts new rows of one model, at most batch to a statement,
// without reading their ids back.
func insertRows[T any](tx *gorm.DB, rows []T, batch int) error {
	in := inserterFor[T](tx)
	ctx := tx.Statement.Context
	var args []any
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		if in == nil {
			if err := tx.Omit(clause.Associations).Create(&chunk).Error; err != nil {
				return err
			}
			continue
		}
		args = args[:0]
		for i := range chunk {
			var ok bool
			if args, ok = in.values(ctx, tx, reflect.ValueOf(&chunk[i]).Elem(), args); !ok {
				return tx.Omit(clause.Associations).Create(&chunk).Error
			}
		}
		if _, err := tx.Statement.ConnPool.ExecContext(ctx, in.statement(len(chunk)), args...); err != nil {
			return translate(tx, err)
		}
	}
	return nil
}

// createRow inserts one new row (without its associations) and sets its id.
func createRow[T any](tx *gorm.DB, row *T) error {
	in := inserterFor[T](tx)
	ctx := tx.Statement.Context
	rv := reflect.ValueOf(row).Elem()
	var args []any
	ok := in != nil
	if ok {
		args, ok = in.values(ctx, tx, rv, nil)
	}
	if !ok {
		return tx.Omit(clause.Associations).Create(row).Error
	}
	q := in.statement(1)
	var id int64
	if in.postgres {
		err := tx.Statement.ConnPool.QueryRowContext(ctx, q+" RETURNING "+tx.Statement.Quote(in.key.DBName), args...).Scan(&id)
		if err != nil {
			return translate(tx, err)
		}
	} else {
		res, err := tx.Statement.ConnPool.ExecContext(ctx, q, args...)
		if err != nil {
			return translate(tx, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return in.key.Set(ctx, rv, id)
}

// translate turns a driver error into GORM's (ErrDuplicatedKey…), as GORM
// does for its own statements.
func translate(tx *gorm.DB, err error) error {
	if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok {
		return t.Translate(err)
	}
	return err
}
