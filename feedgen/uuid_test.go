package feedgen

import (
	"testing"

	"github.com/feedcurator/feedcurator/db"
)

var namespaceDNS = uuid{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// The expected values come from Python's uuid.uuid5.
func TestUUIDV5(t *testing.T) {
	tests := []struct {
		ns   uuid
		name string
		want string
	}{
		{namespaceDNS, "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"},
		{namespaceURL, "http://www.example.com/", "fcde3c85-2270-590f-9e7c-ee003d65e0e2"},
		{namespaceURL, "https://github.com/feedcurator/feedcurator", "f5e0a71c-d267-559d-8f19-6ebf95a669e5"},
		{itemNamespace, "yonhap\x00AEN20240302000100315", "47fcc50f-fc4a-51dc-a244-5074b169b993"},
	}
	for _, tt := range tests {
		if got := uuidV5(tt.ns, tt.name).String(); got != tt.want {
			t.Errorf("uuidV5(%s, %q) = %s, want %s", tt.ns, tt.name, got, tt.want)
		}
	}
}

// TestEntryIDs pins the ids of entries: the guid where the format takes it
// and no other entry has it, else a urn:uuid named after the item.
func TestEntryIDs(t *testing.T) {
	uuidOf := func(name string) string { return "urn:uuid:" + uuidV5(itemNamespace, name).String() }
	tests := []struct {
		name  string
		items []db.Item
		atom  []string // Atom: IRIs only
		other []string // RSS guid and JSON id: any guid
	}{
		{
			name: "IRI guids are kept",
			items: []db.Item{
				{SourceID: "a", ID: "1", GUID: "https://example.com/1"},
				{SourceID: "a", ID: "2", GUID: "tag:example.com,2024:2"},
				{SourceID: "a", ID: "3", GUID: "urn:isbn:0451450523"},
			},
			atom:  []string{"https://example.com/1", "tag:example.com,2024:2", "urn:isbn:0451450523"},
			other: []string{"https://example.com/1", "tag:example.com,2024:2", "urn:isbn:0451450523"},
		},
		{
			name:  "no guid: the item id, mapped where it is no IRI",
			items: []db.Item{{SourceID: "yonhap", ID: "AEN20240302000100315"}},
			atom:  []string{"urn:uuid:47fcc50f-fc4a-51dc-a244-5074b169b993"},
			other: []string{"AEN20240302000100315"},
		},
		{
			name: "a guid two sources use: the second is mapped",
			items: []db.Item{
				{SourceID: "a", ID: "1", GUID: "https://example.com/1"},
				{SourceID: "b", ID: "1", GUID: "https://example.com/1"},
			},
			atom:  []string{"https://example.com/1", uuidOf("b\x00https://example.com/1")},
			other: []string{"https://example.com/1", uuidOf("b\x00https://example.com/1")},
		},
		{
			name: "a guid its source reused: the renumbered item is mapped, wherever it stands",
			items: []db.Item{
				{SourceID: "a", ID: "https://example.com/1#2", GUID: "https://example.com/1"},
				{SourceID: "a", ID: "https://example.com/1", GUID: "https://example.com/1"},
				{SourceID: "a", ID: "g#3", GUID: "g"},
				{SourceID: "a", ID: "g#x", GUID: "g"}, // not the fetcher's numbering
			},
			atom: []string{
				uuidOf("a\x00https://example.com/1#2"), "https://example.com/1",
				uuidOf("a\x00g#3"), uuidOf("a\x00g"),
			},
			other: []string{uuidOf("a\x00https://example.com/1#2"), "https://example.com/1", uuidOf("a\x00g#3"), "g"},
		},
		{
			name: "the same item twice: copies numbered",
			items: []db.Item{
				{SourceID: "a", ID: "x", GUID: "x"},
				{SourceID: "a", ID: "x", GUID: "x"},
			},
			atom:  []string{uuidOf("a\x00x"), uuidOf("a\x00x\x001")},
			other: []string{"x", uuidOf("a\x00x")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			atom, other := newEntryIDs(0, isAbsoluteIRI), newEntryIDs(0, nonEmpty)
			for i := range tt.items {
				it := &tt.items[i]
				if got := atom.next(it, itemGUID(it)); got != tt.atom[i] {
					t.Errorf("item %d: Atom id %q, want %q", i, got, tt.atom[i])
				}
				if got := other.next(it, itemGUID(it)); got != tt.other[i] {
					t.Errorf("item %d: RSS/JSON id %q, want %q", i, got, tt.other[i])
				}
			}
		})
	}
}
