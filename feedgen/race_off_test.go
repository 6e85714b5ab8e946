//go:build !race

package feedgen

const raceEnabled = false
