package topic

import (
	"strings"
	"unicode"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/internal/htmltext"
)

// document is an item's text prepared for matching: each field text reduced
// to what a reader sees, then put in match form (and in NFKC form where a
// regex term looks). It is built once per item, however many topics there
// are, into buffers that are reused from item to item.
type document struct {
	reduced []byte
	folded  []byte
	fmap    []int32 // per folded byte: its offset in the piece's reduced text
	nfkc    []byte
	nmap    []int32 // per NFKC byte: its offset in the piece's reduced text
	pieces  []piece
}

// piece is one field text: ranges into the document's buffers.
type piece struct {
	field        fieldID
	reduced      span
	folded, nfkc span
	hasMatchForm bool
	hasRegexForm bool
}

type span struct{ lo, hi int }

// prepare fills the document with the item's texts: in match form for the
// fields in plain, in NFKC form for the fields in regex.
func (d *document) prepare(n *normalizer, it *db.Item, plain, regex fieldMask) {
	d.reduced, d.folded, d.fmap = d.reduced[:0], d.folded[:0], d.fmap[:0]
	d.nfkc, d.nmap, d.pieces = d.nfkc[:0], d.nmap[:0], d.pieces[:0]
	eachFieldText(it, plain|regex, func(f fieldID, text string) {
		p := piece{field: f}
		p.reduced.lo = len(d.reduced)
		if f.isHTML() {
			d.reduced = htmltext.AppendText(d.reduced, text)
		} else {
			d.reduced = append(d.reduced, text...)
		}
		p.reduced.hi = len(d.reduced)
		src := d.reduced[p.reduced.lo:p.reduced.hi]
		if plain.has(f) {
			p.hasMatchForm = true
			p.folded.lo = len(d.folded)
			d.folded, d.fmap = n.appendMatchForm(d.folded, d.fmap, src)
			p.folded.hi = len(d.folded)
		}
		if regex.has(f) {
			p.hasRegexForm = true
			p.nfkc.lo = len(d.nfkc)
			d.nfkc, d.nmap = n.appendNFKC(d.nfkc, d.nmap, src)
			p.nfkc.hi = len(d.nfkc)
		}
		d.pieces = append(d.pieces, p)
	})
}

func (d *document) matchForm(p *piece) []byte { return d.folded[p.folded.lo:p.folded.hi] }
func (d *document) regexForm(p *piece) []byte { return d.nfkc[p.nfkc.lo:p.nfkc.hi] }

// shownText returns the reduced text that the bytes [start, end) of a derived
// form (match or NFKC, with its origin map) came from: what a hit looked like
// in the feed, for db.Reason.Text.
func (d *document) shownText(p *piece, origin []int32, start, end int) string {
	reduced := d.reduced[p.reduced.lo:p.reduced.hi]
	lo := origin[start]
	last := origin[end-1]
	// The hit ends where the character of its last byte ends: at the origin
	// of the first later byte that came from another character.
	j := end
	for j < len(origin) && origin[j] == last {
		j++
	}
	var text string
	if j < len(origin) {
		text = string(reduced[lo:origin[j]])
	} else {
		text = strings.TrimRightFunc(string(reduced[lo:]), isSpaceOrInvisible)
	}
	return strings.ToValidUTF8(text, "\uFFFD") // feeds are not always valid UTF-8
}

func isSpaceOrInvisible(r rune) bool { return unicode.IsSpace(r) || isInvisible(r) }
