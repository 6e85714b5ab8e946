package config

import "testing"

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"1048576", 1 << 20},
		{"100B", 100},
		{"512KiB", 512 << 10},
		{"16MiB", 16 << 20},
		{"1GiB", 1 << 30},
		{"2TiB", 2 << 40},
		{"10KB", 10_000},
		{"10MB", 10_000_000},
		{"1GB", 1_000_000_000},
		{"16 MiB", 16 << 20},
		{"16mib", 16 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSize(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseSizeErrors(t *testing.T) {
	tests := []struct {
		in       string
		tooLarge bool
	}{
		{in: ""},
		{in: "MiB"},
		{in: "16M"},
		{in: "16 megabytes"},
		{in: "1.5GiB"},
		{in: "-1"},
		{in: "0x10"},
		{in: "16iB"},
		{in: "99999999999999999999", tooLarge: true},
		{in: "9000000TiB", tooLarge: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSize(tt.in)
			switch {
			case err == nil:
				t.Errorf("parseSize(%q) = %d, want an error", tt.in, got)
			case tt.tooLarge && err.Error() != "is too large":
				t.Errorf("parseSize(%q) error = %q, want \"is too large\"", tt.in, err)
			case !tt.tooLarge && err != errSizeSyntax:
				t.Errorf("parseSize(%q) error = %q, want %q", tt.in, err, errSizeSyntax)
			}
		})
	}
}
