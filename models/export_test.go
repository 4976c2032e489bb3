package models

// Exported for the tests and benchmarks of package models_test, which run
// the store with the real reminder planner: package scheduler imports
// models, so only an external test package can bring the two together.
var (
	OpenStore   = openStore
	BenchNow    = benchNow
	CPUTime     = cpuTime
	ReportRates = reportRates
)
