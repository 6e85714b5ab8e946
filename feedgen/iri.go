package feedgen

import (
	"strings"
	"unicode/utf8"
)

// isAbsoluteIRI reports whether s can stand as an Atom id or href as it is:
// a scheme (RFC 3986: a letter, then letters, digits, "+", "-", "."), a colon,
// something after it, and no character an IRI may not hold (white space,
// controls, <>"{}|\^`, a "%" not followed by two hex digits, brackets outside
// the authority, a second "#"). It checks syntax only, which is what Atom
// processors check.
func isAbsoluteIRI(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || !validScheme(scheme) || rest == "" || !utf8.ValidString(rest) {
		return false
	}
	sc := newIRIScanner(rest)
	for i, r := range rest {
		if !sc.ok(i, r) {
			return false
		}
	}
	return true
}

// hrefIRI returns an absolute link as an IRI that Atom accepts: unchanged
// when it is one, else with the offending characters percent-encoded (a
// space in a path is a typo worth repairing, not a reason to drop the link).
// It returns "" for a link with no scheme, which cannot be made absolute here.
func hrefIRI(s string) string {
	if isAbsoluteIRI(s) {
		return s
	}
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || !validScheme(scheme) || rest == "" {
		return ""
	}
	rest = strings.ToValidUTF8(rest, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(scheme)
	b.WriteByte(':')
	sc := newIRIScanner(rest)
	for i, r := range rest {
		if sc.ok(i, r) {
			b.WriteRune(r)
			continue
		}
		var enc [utf8.UTFMax]byte
		for _, c := range enc[:utf8.EncodeRune(enc[:], r)] {
			b.WriteString(percentEncoded[c])
		}
	}
	return b.String()
}

// iriScanner judges the runes of an IRI's hier-part (what follows the
// scheme's colon) one by one, in order.
type iriScanner struct {
	rest         string
	authorityEnd int // brackets are allowed before this index (IPv6 hosts)
	hashes       int
}

func newIRIScanner(rest string) *iriScanner {
	sc := &iriScanner{rest: rest}
	if strings.HasPrefix(rest, "//") {
		sc.authorityEnd = len(rest)
		if i := strings.IndexAny(rest[2:], "/?#"); i >= 0 {
			sc.authorityEnd = 2 + i
		}
	}
	return sc
}

// ok reports whether rune r at index i may stand in the IRI as it is.
func (sc *iriScanner) ok(i int, r rune) bool {
	switch {
	case r <= 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
		return false
	case strings.ContainsRune("<>\"{}|\\^`", r):
		return false
	case r == '[' || r == ']':
		return i < sc.authorityEnd
	case r == '#':
		sc.hashes++
		return sc.hashes == 1
	case r == '%':
		return i+2 < len(sc.rest) && isHex(sc.rest[i+1]) && isHex(sc.rest[i+2])
	}
	return true
}

// percentEncoded holds "%XX" for every byte.
var percentEncoded = func() (t [256]string) {
	const digits = "0123456789ABCDEF"
	for c := range t {
		t[c] = string([]byte{'%', digits[c>>4], digits[c&15]})
	}
	return t
}()

func validScheme(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
