package server

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

// TestTopicPagePaging: /topics/ID?page=N holds the Nth output.items items,
// as the feeds do, linked newer/older; a page past the last is a 404.
func TestTopicPagePaging(t *testing.T) {
	f := newPagedFixture(t) // topic t: 26 items, pages of 10
	titles := regexp.MustCompile(`<li class="headline">\s*<a href="[^"]*" rel="noopener">([^<]*)</a>`)
	seen := map[string]int{}
	pages := []struct {
		path, prev, next string
		items            int
	}{
		{"/topics/t", "", "t?page=2", 10},
		{"/topics/t?page=2", "t", "t?page=3", 10},
		{"/topics/t?page=3", "t?page=2", "", 6},
	}
	for _, p := range pages {
		_, body := f.get(p.path)
		got := titles.FindAllSubmatch(body, -1)
		if len(got) != p.items {
			t.Errorf("%s lists %d items, want %d", p.path, len(got), p.items)
		}
		for _, m := range got {
			seen[string(m[1])]++
		}
		for rel, href := range map[string]string{"prev": p.prev, "next": p.next} {
			link := fmt.Sprintf(`<a rel="%s" href="%s">`, rel, href)
			if has := bytes.Contains(body, []byte(fmt.Sprintf(`<a rel="%s"`, rel))); has != (href != "") || (href != "" && !bytes.Contains(body, []byte(link))) {
				t.Errorf("%s: rel=%s link, want %q", p.path, rel, href)
			}
		}
	}
	for title, n := range seen {
		if n != 1 {
			t.Errorf("%q is on %d pages", title, n)
		}
	}
	if len(seen) != 26 {
		t.Errorf("the pages hold %d items together, want 26", len(seen))
	}
	for _, path := range []string{"/topics/t?page=4", "/topics/t?page=0", "/topics/t?page=x"} {
		if resp, _ := f.do(http.MethodGet, path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, resp.StatusCode)
		}
	}
}
