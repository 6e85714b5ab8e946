package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

const testToken = "tok-3f9a7c1e"

// withAccess gives the fixture a token and a private topic "p" (items
// with "Korea" in the title, like "t").
func withAccess(f *fixture) {
	cfg := *testConfig()
	cfg.Access.Token = testToken
	cfg.Topics = append(cfg.Topics, config.Topic{
		ID: "p", Title: "Hidden", Private: true,
		Any: []config.Term{{Raw: "Korea", Kind: config.TermWord, Text: "Korea"}},
	})
	f.rt.Store(&Runtime{Config: &cfg})
}

func TestAPIAndMetricsNeedTheToken(t *testing.T) {
	f := newFixture(t)
	withAccess(f)
	for _, path := range []string{"/api/sources", "/api/status", "/metrics"} {
		resp, _ := f.do(http.MethodGet, path)
		if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("GET %s without token = %d (WWW-Authenticate %q), want 401 Bearer", path, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
		if resp, _ := f.do(http.MethodGet, path, "Authorization", "Bearer wrong-token"); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong token = %d, want 401", path, resp.StatusCode)
		}
		f.get(path, "Authorization", "Bearer "+testToken)
		f.get(path + "?token=" + testToken)
	}
	// Feeds and pages of public topics stay open.
	for _, path := range []string{"/", "/feeds/t.atom", "/topics/t", "/opml", "/healthz"} {
		f.get(path)
	}
}

func TestPrivateTopicHiddenWithoutToken(t *testing.T) {
	f := newFixture(t)
	withAccess(f)
	for _, path := range []string{"/feeds/p.atom", "/feeds/p.rss", "/feeds/p.json", "/topics/p", "/feeds/p.atom?page=2"} {
		resp, body := f.do(http.MethodGet, path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s without token = %d, want 404", path, resp.StatusCode)
		}
		if strings.Contains(string(body), "Hidden") {
			t.Errorf("GET %s without token shows the private topic: %s", path, body)
		}
	}
	_, index := f.get("/")
	if strings.Contains(string(index), "/feeds/p.") || strings.Contains(string(index), "Hidden") {
		t.Errorf("the index lists the private topic to a request without token:\n%s", index)
	}

	resp, body := f.get("/feeds/p.atom?token=" + testToken)
	if !strings.Contains(string(body), "<title>Hidden</title>") {
		t.Errorf("private feed with ?token= is not the topic's:\n%s", body)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "private") {
		t.Errorf("private feed Cache-Control %q, want private", cc)
	}
	if resp, _ := f.get("/topics/p", "Authorization", "Bearer "+testToken); !strings.HasPrefix(resp.Header.Get("Cache-Control"), "private") {
		t.Errorf("private page Cache-Control %q, want private", resp.Header.Get("Cache-Control"))
	}
	resp, index = f.get("/?token=" + testToken)
	if !strings.Contains(string(index), "/feeds/p.atom") || !strings.HasPrefix(resp.Header.Get("Cache-Control"), "private") {
		t.Errorf("the index with the token does not list the private topic privately (Cache-Control %q)", resp.Header.Get("Cache-Control"))
	}
	// The public view is not replaced by the private one in the cache.
	if _, index = f.get("/"); strings.Contains(string(index), "/feeds/p.") {
		t.Error("after a request with the token, the index shows the private topic to everyone")
	}
}

func TestBackupRefusesProxiedAndForeignHostRequests(t *testing.T) {
	f := newFixture(t)
	withAccess(f)
	f.get("/api/backup") // straight from loopback, Host 127.0.0.1:port
	f.get("/api/backup", "Host", "localhost")
	for _, h := range [][]string{
		{"X-Forwarded-For", "203.0.113.9"},
		{"X-Real-IP", "203.0.113.9"},
		{"Forwarded", "for=203.0.113.9"},
		{"Host", "attacker.example"}, // DNS rebinding: the browser sends the attacker's name
		{"Host", "attacker.example:8080"},
	} {
		if resp, _ := f.do(http.MethodGet, "/api/backup", h...); resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET /api/backup with %s: %s = %d, want 403", h[0], h[1], resp.StatusCode)
		}
		// The token opens it whatever the path.
		f.get("/api/backup", append(h, "Authorization", "Bearer "+testToken)...)
	}
	if resp, _ := f.do(http.MethodGet, "/api/backup?token=nope", "X-Forwarded-For", "203.0.113.9"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a wrong token opened /api/backup: %d", resp.StatusCode)
	}
}

func TestSecretsNeverShown(t *testing.T) {
	f := newFixture(t)
	cfg := *testConfig()
	cfg.Sources = append([]config.Source{}, cfg.Sources...)
	cfg.Sources[1].URL = "http://alice:pw-9931@two.test/rss?api_key=KEY-5521&lang=en"
	cfg.Access.Token = testToken
	f.rt.Store(&Runtime{Config: &cfg})
	f.save(db.SourceState{
		ID: "two", URL: "http://alice:pw-9931@two.test/rss?api_key=KEY-5521&lang=en",
		ConfiguredURL: "http://alice:pw-9931@two.test/rss?api_key=KEY-5521&lang=en",
		FeedID:        "http://two.test/rss?X-Amz-Signature=SIG-7734", SiteURL: "https://two.test/?access_token=AT-8812",
		LastFetch: t0, LastStatus: 0, Failures: 1, NextFetch: t0.Add(t0.Sub(t0)),
		LastError: `fetcher: Get "http://alice:pw-9931@two.test/rss?api_key=KEY-5521&lang=en": dial tcp: connection refused`,
	}, item("b1", "Seoul and Korea", "https://two.test/b1", 1))
	f.srv.status = func() Status {
		return Status{LastReloadError: `source "two": url "http://bob:pw-9931@x.test/?token=` + testToken + `": bad`}
	}
	secrets := []string{"pw-9931", "KEY-5521", "SIG-7734", "AT-8812", testToken, "alice"}
	auth := []string{"Authorization", "Bearer " + testToken}
	for _, path := range []string{"/", "/opml", "/api/sources", "/api/status", "/feeds/t.atom", "/feeds/t.rss", "/feeds/t.json", "/feeds/all.atom", "/topics/t", "/topics/all"} {
		_, body := f.get(path, auth...)
		for _, s := range secrets {
			if strings.Contains(string(body), s) {
				t.Errorf("GET %s shows the secret %q:\n%s", path, s, body)
			}
		}
	}
	// The redacted URL is still there, recognisable.
	if _, body := f.get("/api/sources", auth...); !strings.Contains(string(body), `http://REDACTED@two.test/rss?api_key=REDACTED\u0026lang=en`) {
		t.Errorf("/api/sources lacks the redacted URL:\n%s", body)
	}
}
