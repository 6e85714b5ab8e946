//go:build race

package parser

// raceEnabled: the race detector multiplies memory and time, so the tests
// that measure peak memory do not run under it.
const raceEnabled = true
