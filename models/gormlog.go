package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// quietLogger is GORM's logger without the errors the store expects and
// handles: a duplicate key is how it learns that an update was handled
// already or that a row exists. GORM logs every failed statement at ERROR,
// so each replayed update would look like a fault to whoever watches the
// log; the store's callers still get the error.
type quietLogger struct{ logger.Interface }

func (l quietLogger) LogMode(level logger.LogLevel) logger.Interface {
	return quietLogger{l.Interface.LogMode(level)}
}

func (l quietLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		err = nil // still reported if slow
	}
	l.Interface.Trace(ctx, begin, fc, err)
}
