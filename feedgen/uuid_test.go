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

func TestAtomIDs(t *testing.T) {
	tests := []struct {
		name  string
		items []db.Item
		want  []string
	}{
		{
			name: "IRI guids are kept",
			items: []db.Item{
				{SourceID: "a", ID: "1", GUID: "https://example.com/1"},
				{SourceID: "a", ID: "2", GUID: "tag:example.com,2024:2"},
				{SourceID: "a", ID: "3", GUID: "urn:isbn:0451450523"},
			},
			want: []string{"https://example.com/1", "tag:example.com,2024:2", "urn:isbn:0451450523"},
		},
		{
			name: "no guid: the item id, mapped",
			items: []db.Item{
				{SourceID: "yonhap", ID: "AEN20240302000100315"},
			},
			want: []string{"urn:uuid:47fcc50f-fc4a-51dc-a244-5074b169b993"},
		},
		{
			name: "a guid used twice: the second is mapped",
			items: []db.Item{
				{SourceID: "a", ID: "1", GUID: "https://example.com/1"},
				{SourceID: "b", ID: "1", GUID: "https://example.com/1"},
			},
			want: []string{"https://example.com/1", "urn:uuid:" + uuidV5(itemNamespace, "b\x00https://example.com/1").String()},
		},
		{
			name: "the same item twice: copies numbered",
			items: []db.Item{
				{SourceID: "a", ID: "x", GUID: "x"},
				{SourceID: "a", ID: "x", GUID: "x"},
			},
			want: []string{
				"urn:uuid:" + uuidV5(itemNamespace, "a\x00x").String(),
				"urn:uuid:" + uuidV5(itemNamespace, "a\x00x\x001").String(),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := atomIDs{}
			for i := range tt.items {
				if got := ids.next(&tt.items[i]); got != tt.want[i] {
					t.Errorf("item %d: id %q, want %q", i, got, tt.want[i])
				}
			}
		})
	}
}
