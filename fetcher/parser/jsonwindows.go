package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Later windows of a JSON Feed are parsed as a bare feed of their items.
var (
	jsonWindowPrefix = []byte(`{"version":"` + jsonFeedVersionPrefix + `.1","items":[`)
	jsonWindowSuffix = []byte(`]}`)
)

// jsonItemWindows is scanXML's item finding for a JSON Feed: the elements
// of the top-level "items" array, found with a streaming decoder that holds
// one item at a time. It returns nil when the feed has at most window
// items, or is not an object with an items array (gofeed then reports
// what is wrong with it). A second top-level "items" is an error.
func jsonItemWindows(b []byte, window int) (*itemWindows, error) {
	if bytes.Count(b, []byte("{")) <= window {
		return nil, nil // every item is an object: there cannot be more
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	w := &itemWindows{doc: b, prefix: jsonWindowPrefix, suffix: jsonWindowSuffix}
	var skip json.RawMessage
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, nil
		}
		if key == "items" && w.spans != nil {
			// encoding/json would take the last one, whole: refuse rather
			// than parse an array the windows do not cover.
			return nil, fmt.Errorf("%w: a JSON Feed with two \"items\"", ErrNotAFeed)
		}
		if key != "items" {
			if dec.Decode(&skip) != nil {
				return nil, nil
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return nil, nil
		}
		end := int(dec.InputOffset())
		for dec.More() {
			start := end + skipJSONSeparators(b[end:])
			if dec.Decode(&skip) != nil {
				return nil, nil
			}
			end = int(dec.InputOffset())
			w.startItem(start, window)
			w.spans[len(w.spans)-1].end = end
		}
		if _, err := dec.Token(); err != nil { // the closing ']'
			return nil, nil
		}
		w.tail = int(dec.InputOffset()) - 1
		if w.spans == nil {
			w.spans = []span{} // an empty array: no second "items" is read
		}
	}
	if w.count <= window {
		return nil, nil
	}
	return w, nil
}

// skipJSONSeparators is the length of the white space and commas b starts with.
func skipJSONSeparators(b []byte) int {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', ',':
		default:
			return i
		}
	}
	return len(b)
}
