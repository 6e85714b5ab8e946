// Package sanitize makes what a feed or a page says safe to store and
// republish: HTML through one bluemonday policy with its URLs made
// absolute, plain-text fields reduced to one clean line, links kept only
// when they are absolute http(s). Feed items and extracted articles go
// through the same rules.
package sanitize

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// htmlPolicy is bluemonday's UGC policy: common formatting, links, images,
// lists and tables; no script, style, iframe, object, embed or form, no
// event-handler attributes, and only http, https and mailto URLs (so no
// javascript:). It does not add rel="nofollow": the links are the
// publisher's own, not a stranger's comment. A built policy is read-only and
// safe for concurrent use.
//
// Audio and video stay, with their <source>s, controls and poster: podcast
// and video sources would lose their payload otherwise. Their URLs must be
// http(s) or relative (made absolute after sanitising); bluemonday does not
// check poster on its own.
var htmlPolicy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy().RequireNoFollowOnLinks(false)
	p.AllowElements("audio", "video", "source")
	p.AllowAttrs("controls", "preload", "loop", "muted", "playsinline").OnElements("audio", "video")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("video")
	p.AllowAttrs("src").Matching(mediaURL).OnElements("audio", "video", "source")
	p.AllowAttrs("poster").Matching(mediaURL).OnElements("video")
	p.AllowAttrs("type").Matching(mediaType).OnElements("source")
	return p
}()

// mediaURL accepts an absolute http(s) URL or a relative one (no scheme
// before the first "/", "?" or "#").
var mediaURL = regexp.MustCompile(`^(?i:https?://\S+|[^:/?#\s]*(?:[/?#]\S*)?)$`)

// mediaType is a MIME type, optionally with parameters (codecs).
var mediaType = regexp.MustCompile(`^[\w.+-]+/[\w.+-]+(?:;[^<>"]*)?$`)

// MaxContentBytes caps an item's content, after UTF-8 conversion: far above
// what real articles carry (they rarely pass 100 KiB), it bounds what one
// feed or page can make us store and republish.
const MaxContentBytes = 256 << 10 // 256 KiB

// Content is HTML with the content cap: the sanitiser that feed content
// goes through, for HTML the fetcher gets by other roads, such as an
// article extracted from an item's page, to be held to the same rules.
func Content(s string, base *url.URL) string {
	return HTML(s, base, MaxContentBytes)
}

// HTML makes an HTML field safe to republish: control characters
// dropped, input capped at limit bytes (which bounds the sanitizer's work),
// sanitised, relative URLs made absolute against base, and the result capped
// at limit again without cutting a tag or an entity in half.
func HTML(s string, base *url.URL, limit int) string {
	s = strings.TrimSpace(StripControl(s))
	if s == "" {
		return ""
	}
	s = sanitizePolicy(truncateHTML(s, limit))
	s = absolutizeHTML(s, base)
	return truncateHTML(strings.TrimSpace(s), limit)
}

// sanitizeBuffers hold bluemonday's output between calls. Policy.Sanitize
// writes into a new bytes.Buffer that grows from nothing and is then copied
// into a string: a fifth of everything a first ingest allocates, and the GC
// work that follows. A pooled buffer grown to the input's size is written
// once and copied once.
var sanitizeBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps one huge field from pinning its buffer in the pool.
const maxPooledBuffer = 256 << 10

// sanitizePolicy is htmlPolicy.Sanitize(s) through a pooled buffer: the
// same output, "" when bluemonday fails as Sanitize has it.
func sanitizePolicy(s string) string {
	buf := sanitizeBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	buf.Grow(len(s) + len(s)/8)
	out := ""
	if err := htmlPolicy.SanitizeReaderToWriter(strings.NewReader(s), buf); err == nil {
		out = buf.String()
	}
	if buf.Cap() <= maxPooledBuffer {
		sanitizeBuffers.Put(buf)
	}
	return out
}

// TextAsHTML turns a plain-text field (JSON Feed content_text, Atom
// type="text") into HTML by escaping it, so that "<" in prose stays prose.
func TextAsHTML(s string, limit int) string {
	s = strings.TrimSpace(StripControl(s))
	return truncateHTML(html.EscapeString(s), limit)
}

// truncateHTML cuts s to at most limit bytes, backing off so that the cut
// does not fall inside a tag or a character reference. Elements left open
// by the cut are harmless: feed output escapes HTML as text.
func truncateHTML(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	s = TruncateUTF8(s, limit)
	if lt := strings.LastIndexByte(s, '<'); lt > strings.LastIndexByte(s, '>') {
		s = s[:lt]
	}
	if amp := strings.LastIndexByte(s, '&'); amp >= 0 && amp > strings.LastIndexByte(s, ';') && len(s)-amp <= maxEntityLen {
		s = s[:amp]
	}
	return s
}

// maxEntityLen is longer than any HTML character reference.
const maxEntityLen = 40
