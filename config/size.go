package config

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

var errSizeSyntax = errors.New("use bytes or a unit like 512KiB, 16MiB, 1GiB or 10MB")

// sizeUnits are the suffixes a size may carry, binary (KiB = 1024) and
// decimal (KB = 1000), matched case-insensitively, longest first.
var sizeUnits = []struct {
	suffix string
	factor int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"B", 1},
}

// parseSize reads a byte count: plain bytes ("1048576") or a whole number
// with a unit ("16MiB", "512KiB", "10MB"; a space before the unit is fine).
func parseSize(s string) (int64, error) {
	number, factor := strings.TrimSpace(s), int64(1)
	for _, u := range sizeUnits {
		if len(number) >= len(u.suffix) && strings.EqualFold(number[len(number)-len(u.suffix):], u.suffix) {
			number, factor = strings.TrimSpace(number[:len(number)-len(u.suffix)]), u.factor
			break
		}
	}
	if number == "" || strings.TrimLeft(number, "0123456789") != "" {
		return 0, errSizeSyntax
	}
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil || n > math.MaxInt64/factor {
		return 0, errors.New("is too large")
	}
	return n * factor, nil
}
