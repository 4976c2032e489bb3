// Package testkit is what the tests of every package share: one cast of
// people and groups, the time zones and moments the scenarios start at, the
// databases they run on (a SQLite file, or a PostgreSQL schema of their
// own), checks on what the bot sent, golden files and a log sink.
//
// It imports nothing of duban's but the fake Bot API and the clock, so that
// the tests inside package models can use it too. The harness that runs the
// whole program is in the e2e package below it.
package testkit
