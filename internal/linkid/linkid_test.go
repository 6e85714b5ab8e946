package linkid

import "testing"

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.wsws.org/en/a.html?utm_source=twitter&utm_medium=social#comments", "https://www.wsws.org/en/a.html"},
		{"HTTPS://WWW.Example.COM:443/Path?b=2&utm_x=1", "https://www.example.com/Path?b=2"},
		{"http://example.com", "http://example.com/"},
		{"not a url", "not a url"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
