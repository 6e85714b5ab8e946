package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Error is one problem in a config file, at the place a person has to edit.
// Parse and Load report every problem they find, each as an *Error joined with
// errors.Join, so that one run of `feedcurator check` shows them all.
type Error struct {
	File string // as given to Parse or Load; "<built-in>" for Default
	Line int    // 1-based
	Col  int    // 1-based, in characters (not bytes)
	Msg  string // an actionable sentence, without the position
}

// Error formats the problem as "file:line:col: msg", the form editors and
// terminals turn into a jump to the place.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Errors returns every *Error inside err (as returned by Parse or Load), in
// the order they were reported: by position in the file.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, inner := range joined.Unwrap() {
				walk(inner)
			}
			return
		}
		if wrapped, ok := err.(interface{ Unwrap() error }); ok {
			walk(wrapped.Unwrap())
			return
		}
		var e *Error
		if errors.As(err, &e) {
			out = append(out, e)
		}
	}
	walk(err)
	return out
}

// joinErrors sorts errs by position (then message, so that repeats are
// neighbours), drops exact repeats (an alias used twice
// repeats the problems of its anchor) and joins them; nil when there are none.
func joinErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	sorted := slices.Clone(errs)
	slices.SortStableFunc(sorted, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Msg, b.Msg))
	})
	sorted = slices.CompactFunc(sorted, func(a, b *Error) bool { return *a == *b })
	joined := make([]error, len(sorted))
	for i, e := range sorted {
		joined[i] = e
	}
	return errors.Join(joined...)
}
