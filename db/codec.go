package db

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// Items are stored in a small binary encoding rather than JSON: rendering a feed
// decodes every item it shows, and JSON decoding costs far more than the B+tree
// walk that finds them. The first byte is a format version.

const itemCodecVersion = 1

var errCorruptItem = errors.New("db: corrupt item record")

func encodeItem(it *Item) []byte {
	n := 1 + 3*binary.MaxVarintLen64 + binary.MaxVarintLen64
	strs := [...]string{it.SourceID, it.ID, it.GUID, it.Link, it.Title, it.Summary, it.Content, it.Author}
	for _, s := range strs {
		n += binary.MaxVarintLen64 + len(s)
	}
	for _, c := range it.Categories {
		n += binary.MaxVarintLen64 + len(c)
	}
	b := make([]byte, 0, n)
	b = append(b, itemCodecVersion)
	for _, s := range strs {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(it.Categories)))
	for _, c := range it.Categories {
		b = appendString(b, c)
	}
	b = binary.AppendVarint(b, timeToInt(it.Published))
	b = binary.AppendVarint(b, timeToInt(it.Updated))
	b = binary.AppendVarint(b, timeToInt(it.FirstSeen))
	return b
}

func decodeItem(b []byte, it *Item) error {
	if len(b) == 0 || b[0] != itemCodecVersion {
		return errCorruptItem
	}
	d := decoder{b: b[1:]}
	for _, p := range [...]*string{&it.SourceID, &it.ID, &it.GUID, &it.Link, &it.Title, &it.Summary, &it.Content, &it.Author} {
		*p = d.string()
	}
	nc := d.uvarint()
	if nc > uint64(len(d.b)) {
		return errCorruptItem
	}
	it.Categories = nil
	if nc > 0 {
		it.Categories = make([]string, nc)
		for i := range it.Categories {
			it.Categories[i] = d.string()
		}
	}
	it.Published = intToTime(d.varint())
	it.Updated = intToTime(d.varint())
	it.FirstSeen = intToTime(d.varint())
	if d.err {
		return errCorruptItem
	}
	return nil
}

// itemTimes checks that b decodes as an item, without copying its text, and
// returns the times its index entries are keyed by: what verifying a store
// needs of every item.
func itemTimes(b []byte) (sortTime, firstSeen time.Time, err error) {
	if len(b) == 0 || b[0] != itemCodecVersion {
		return time.Time{}, time.Time{}, errCorruptItem
	}
	d := decoder{b: b[1:]}
	for range 8 { // SourceID … Author
		d.skip()
	}
	nc := d.uvarint()
	if nc > uint64(len(d.b)) {
		return time.Time{}, time.Time{}, errCorruptItem
	}
	for i := uint64(0); i < nc && !d.err; i++ {
		d.skip()
	}
	it := Item{Published: intToTime(d.varint()), Updated: intToTime(d.varint()), FirstSeen: intToTime(d.varint())}
	if d.err {
		return time.Time{}, time.Time{}, errCorruptItem
	}
	return it.SortTime(), it.FirstSeen, nil
}

func encodeReasons(ms []Membership) []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(ms)))
	for _, m := range ms {
		b = appendString(b, m.Topic)
		b = binary.AppendUvarint(b, uint64(len(m.Reasons)))
		for _, r := range m.Reasons {
			b = appendString(b, r.Term)
			b = appendString(b, r.Field)
			b = appendString(b, r.Text)
		}
	}
	return b
}

// decodeMemberships decodes a membership record. With topic non-empty only that
// topic's entry is materialised, which is what rendering one feed needs.
func decodeMemberships(b []byte, topic string) ([]Membership, error) {
	d := decoder{b: b}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return nil, errCorruptItem
	}
	var out []Membership
	for i := uint64(0); i < n && !d.err; i++ {
		name := d.string()
		nr := d.uvarint()
		if nr > uint64(len(d.b)) {
			return nil, errCorruptItem
		}
		keep := topic == "" || name == topic
		m := Membership{Topic: name}
		for j := uint64(0); j < nr && !d.err; j++ {
			r := Reason{Term: d.string(), Field: d.string(), Text: d.string()}
			if keep {
				m.Reasons = append(m.Reasons, r)
			}
		}
		if keep {
			out = append(out, m)
		}
	}
	if d.err {
		return nil, errCorruptItem
	}
	return out, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

type decoder struct {
	b   []byte
	err bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

// skip passes over a string.
func (d *decoder) skip() {
	n := d.uvarint()
	if d.err || n > uint64(len(d.b)) {
		d.err = true
		return
	}
	d.b = d.b[n:]
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err || n > uint64(len(d.b)) {
		d.err = true
		return ""
	}
	s := string(d.b[:n]) // copies: bbolt's bytes die with the transaction
	d.b = d.b[n:]
	return s
}

// timeToInt stores a time as Unix nanoseconds, 0 for the zero time. Times beyond
// what int64 nanoseconds hold are clamped.
func timeToInt(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	if t.Year() < 1678 {
		return math.MinInt64 + 1
	}
	if t.Year() > 2261 {
		return math.MaxInt64
	}
	return t.UnixNano()
}

func intToTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

// timeKey is an 8-byte big-endian key that sorts like the time it encodes.
func timeKey(t time.Time) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(timeToInt(t))^(1<<63))
	return k[:]
}

func timeFromKey(k []byte) time.Time {
	if len(k) < 8 {
		return time.Time{}
	}
	return intToTime(int64(binary.BigEndian.Uint64(k[:8]) ^ (1 << 63)))
}
