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
//
// Version 2 appends authors, enclosures, image, content hash and modified
// time to version 1's fields; version 1 records (written before) still
// decode, with those fields empty.
//
// Version 3 appends the extracted article (full text). Version 1 and 2
// records decode with it empty; they are rewritten as version 3 when their
// item next changes, so no migration pass over the store is needed.

const itemCodecVersion = 3

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
	for _, p := range it.Authors {
		n += 3*binary.MaxVarintLen64 + len(p.Name) + len(p.Email) + len(p.URI)
	}
	for _, e := range it.Enclosures {
		n += 3*binary.MaxVarintLen64 + len(e.URL) + len(e.Type)
	}
	n += 7*binary.MaxVarintLen64 + len(it.Image) + len(it.ContentHash) + len(it.Lang) + len(it.Article)
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
	// Version 2 from here on.
	b = binary.AppendUvarint(b, uint64(len(it.Authors)))
	for _, p := range it.Authors {
		b = appendString(appendString(appendString(b, p.Name), p.Email), p.URI)
	}
	b = binary.AppendUvarint(b, uint64(len(it.Enclosures)))
	for _, e := range it.Enclosures {
		b = appendString(appendString(b, e.URL), e.Type)
		b = binary.AppendVarint(b, e.Length)
	}
	b = appendString(appendString(b, it.Image), it.ContentHash)
	b = binary.AppendVarint(b, timeToInt(it.Modified))
	// Fields added within version 2 trail it: a record written before them
	// simply ends here.
	b = appendString(b, it.Lang)
	// Version 3.
	b = appendString(b, it.Article)
	return b
}

func decodeItem(b []byte, it *Item) error {
	if len(b) == 0 || b[0] < 1 || b[0] > itemCodecVersion {
		return errCorruptItem
	}
	version := b[0]
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
	it.Authors, it.Enclosures, it.Image, it.ContentHash, it.Modified, it.Lang, it.Article = nil, nil, "", "", time.Time{}, "", ""
	if version >= 2 {
		na := d.uvarint()
		if na > uint64(len(d.b)) {
			return errCorruptItem
		}
		for range na {
			it.Authors = append(it.Authors, Person{Name: d.string(), Email: d.string(), URI: d.string()})
		}
		ne := d.uvarint()
		if ne > uint64(len(d.b)) {
			return errCorruptItem
		}
		for range ne {
			it.Enclosures = append(it.Enclosures, Enclosure{URL: d.string(), Type: d.string(), Length: d.varint()})
		}
		it.Image, it.ContentHash = d.string(), d.string()
		it.Modified = intToTime(d.varint())
		if len(d.b) > 0 || version >= 3 {
			it.Lang = d.string()
		}
	}
	if version >= 3 {
		it.Article = d.string()
	}
	if d.err {
		return errCorruptItem
	}
	return nil
}

// itemTimes checks that b decodes as an item, without copying its text, and
// returns the times its index entries are keyed by: what verifying a store
// needs of every item.
func itemTimes(b []byte) (sortTime, firstSeen time.Time, err error) {
	if len(b) == 0 || b[0] < 1 || b[0] > itemCodecVersion {
		return time.Time{}, time.Time{}, errCorruptItem
	}
	version := b[0]
	d := decoder{b: b[1:]}
	skipList := func(strs int, varints int) {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.err = true
			return
		}
		for i := uint64(0); i < n && !d.err; i++ {
			for range strs {
				d.skip()
			}
			for range varints {
				d.varint()
			}
		}
	}
	for range 8 { // SourceID … Author
		d.skip()
	}
	skipList(1, 0) // categories
	it := Item{Published: intToTime(d.varint()), Updated: intToTime(d.varint()), FirstSeen: intToTime(d.varint())}
	if version >= 2 {
		skipList(3, 0) // authors
		skipList(2, 1) // enclosures
		d.skip()       // image
		d.skip()       // content hash
		d.varint()     // modified
		if len(d.b) > 0 || version >= 3 {
			d.skip() // lang
		}
	}
	if version >= 3 {
		d.skip() // article
	}
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
	// Scores came after the first release: they trail the record, one per
	// membership in the same order, so older records decode with score 0.
	for _, m := range ms {
		b = binary.AppendUvarint(b, math.Float64bits(m.Score))
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
	// Where each membership went in out, -1 when skipped. An item in
	// thousands of topics has a record of thousands of memberships, and a
	// feed reads one: the others are skipped without allocating.
	var keptBuf [8]int
	keptAt := keptBuf[:0]
	for i := uint64(0); i < n && !d.err; i++ {
		name := d.bytes()
		nr := d.uvarint()
		if nr > uint64(len(d.b)) {
			return nil, errCorruptItem
		}
		if topic != "" && string(name) != topic {
			for j := uint64(0); j < 3*nr && !d.err; j++ {
				d.bytes()
			}
			keptAt = append(keptAt, -1)
			continue
		}
		m := Membership{Topic: string(name)}
		for j := uint64(0); j < nr && !d.err; j++ {
			m.Reasons = append(m.Reasons, Reason{Term: d.string(), Field: d.string(), Text: d.string()})
		}
		keptAt = append(keptAt, len(out))
		out = append(out, m)
	}
	if len(d.b) > 0 && !d.err {
		for _, at := range keptAt {
			bits := d.uvarint()
			if at >= 0 {
				out[at].Score = math.Float64frombits(bits)
			}
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

// bytes is the next string field, not copied: valid only as long as the
// record (inside its transaction).
func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err || n > uint64(len(d.b)) {
		d.err = true
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
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
