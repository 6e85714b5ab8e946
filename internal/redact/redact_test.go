package redact

import "testing"

func TestURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://example.org/feed.xml", "https://example.org/feed.xml"},
		{"http://alice:pw@host/feed?token=abc", "http://REDACTED@host/feed?token=REDACTED"},
		{"http://alice@host:8080/f", "http://REDACTED@host:8080/f"},
		{"https://h/f?page=2&api_key=K&lang=en", "https://h/f?page=2&api_key=REDACTED&lang=en"},
		{"https://h/f?Access_Token=x#top", "https://h/f?Access_Token=REDACTED#top"},
		{"https://s3/b?X-Amz-Signature=ab&X-Amz-Credential=c&x=1", "https://s3/b?X-Amz-Signature=REDACTED&X-Amz-Credential=c&x=1"},
		{"https://h/f?Authorization=Bearer+x&PASSWORD=y&client_secret=z", "https://h/f?Authorization=REDACTED&PASSWORD=REDACTED&client_secret=REDACTED"},
		{"https://h/a@b/feed?q=1", "https://h/a@b/feed?q=1"}, // @ in the path is no user
		{"https://h/f?token", "https://h/f?token"},           // a bare name holds nothing
		{"", ""},
	}
	for _, c := range cases {
		if got := URL(c.in); got != c.want {
			t.Errorf("URL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	in := `fetcher: Get "http://bob:hunter2@feeds.example/x?sig=S3CR3T&p=1": dial tcp: refused; header Bearer wire-secret-value`
	want := `fetcher: Get "http://REDACTED@feeds.example/x?sig=REDACTED&p=1": dial tcp: refused; header Bearer REDACTED`
	if got := Text(in, "wire-secret-value", ""); got != want {
		t.Errorf("Text:\n got %s\nwant %s", got, want)
	}
	if got := Text("plain message"); got != "plain message" {
		t.Errorf("Text changed a message without URLs: %q", got)
	}
}
