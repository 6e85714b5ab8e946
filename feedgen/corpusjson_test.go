package feedgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The JSON checks of the corpus test: the shape JSON Feed 1.1 requires.

// checkJSONOutput checks a JSON Feed of n items.
func checkJSONOutput(p *problems, src *sourceText, out []byte, n int) {
	var feed map[string]any
	d := json.NewDecoder(bytes.NewReader(out))
	d.UseNumber()
	if err := d.Decode(&feed); err != nil {
		p.addf("not valid JSON: %v", err)
		return
	}
	if d.More() {
		p.addf("more than one JSON value")
	}
	checkJSONTexts(p, src, "feed", feed)
	if v, _ := feed["version"].(string); v != jsonFeedVersion {
		p.addf("version = %q", v)
	}
	if title, _ := feed["title"].(string); strings.TrimSpace(title) == "" {
		p.addf("feed: no title")
	}
	items, ok := feed["items"].([]any)
	if !ok {
		p.addf("no items array")
		return
	}
	if len(items) != n {
		p.addf("%d items, want %d", len(items), n)
	}
	ids := map[string]bool{}
	for i, raw := range items {
		where := fmt.Sprintf("item %d", i)
		item, ok := raw.(map[string]any)
		if !ok {
			p.addf("%s: not an object", where)
			continue
		}
		id, _ := item["id"].(string)
		uniqueID(p, ids, where, id, false)
		for _, key := range []string{"date_published", "date_modified"} {
			if v, present := item[key]; present {
				s, _ := v.(string)
				checkRFC3339(p, where+" "+key, s, true)
			}
		}
		_, html := item["content_html"].(string)
		_, text := item["content_text"].(string)
		if !html && !text {
			p.addf("%s: neither content_html nor content_text", where)
		}
		if u, present := item["url"]; present {
			if s, _ := u.(string); !isAbsoluteIRIRef(s) {
				p.addf("%s: url %q is not absolute", where, s)
			}
		}
	}
}

// checkJSONTexts checks every string below v; content_html holds HTML,
// every other string is plain text.
func checkJSONTexts(p *problems, src *sourceText, path string, v any) {
	switch v := v.(type) {
	case string:
		kind := textPlain
		if strings.HasSuffix(path, "/content_html") {
			kind = textHTML
		}
		checkText(p, src, path, v, kind)
	case []any:
		for _, e := range v {
			checkJSONTexts(p, src, path+"[]", e)
		}
	case map[string]any:
		for k, e := range v {
			checkText(p, src, path+" key", k, textPlain)
			checkJSONTexts(p, src, path+"/"+k, e)
		}
	}
}
