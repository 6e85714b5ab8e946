package feedgen

import (
	"crypto/sha1"
	"encoding/hex"
)

// uuid is an RFC 9562 UUID.
type uuid [16]byte

// namespaceURL is RFC 9562's predefined namespace for names that are URLs.
var namespaceURL = uuid{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// itemNamespace is the namespace of the urn:uuid ids given to entries whose
// guid is not an IRI: the v5 UUID of the project URL in the URL namespace,
// f5e0a71c-d267-559d-8f19-6ebf95a669e5. Changing it changes every such id,
// and readers would see every entry again.
var itemNamespace = uuidV5(namespaceURL, "https://github.com/feedcurator/feedcurator")

// uuidV5 is the name-based (SHA-1) UUID of name in namespace ns.
func uuidV5(ns uuid, name string) uuid {
	buf := make([]byte, 0, len(ns)+len(name))
	buf = append(append(buf, ns[:]...), name...)
	sum := sha1.Sum(buf)
	var u uuid
	copy(u[:], sum[:])
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC variant
	return u
}

// String is the canonical 8-4-4-4-12 hex form.
func (u uuid) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}
