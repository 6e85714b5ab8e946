// Package parser turns a fetched body into a Feed of normalised items: the
// body read as UTF-8 (fetcher/charset), sniffed (RSS or Atom, JSON Feed, or
// an HTML page whose feed fetcher/discover finds), parsed by gofeed a window
// of items at a time, and every item cleaned (fetcher/sanitize) and given
// its identity (fetcher/ids). It only ever sees bytes: fetching is the
// client's, so each can be tested and reused alone.
package parser

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/fetcher/charset"
	"github.com/feedcurator/feedcurator/fetcher/discover"
	"github.com/feedcurator/feedcurator/fetcher/sanitize"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/json"
)

// Feed is a parsed, normalised source feed.
type Feed struct {
	Title   string
	SiteURL string
	FeedID  string
	// TTL is the feed's own refresh hint (RSS ttl, sy:updatePeriod), zero if none.
	TTL time.Duration
	// Authors are the feed's own authors, credited on items without theirs.
	Authors []db.Person
	Items   []db.Item
}

// Parse detects the body's charset, parses it as RSS, Atom or JSON Feed and
// normalises its items for source sourceID. feedURL resolves relative links.
// An HTML page is an *HTMLPageError carrying its advertised feed URL, if any.
//
// Parse never panics: a panic inside a parser is returned as an error.
func Parse(sourceID, feedURL, contentType string, body []byte) (*Feed, error) {
	return parse(sourceID, feedURL, contentType, body)
}

// ParseAll is Parse without the cap on items per poll: `feedcurator match`
// and measuring tools read every item of a file, however many.
func ParseAll(sourceID, feedURL, contentType string, body []byte) (*Feed, error) {
	return parseLimit(sourceID, feedURL, contentType, body, -1)
}

// jsonFeedVersionPrefix starts the version of every JSON Feed (1.0, 1.1).
const jsonFeedVersionPrefix = "https://jsonfeed.org/version/1"

// feedParser is the one gofeed parser every Parse shares; gofeed's parsers
// and translators hold no state. The RSS translator's image scan (a full HTML
// parse of every item, for a field we do not use) is off, and the original
// feed is kept so that normalising can read what the universal feed drops
// (Atom id, RSS ttl, the kind of JSON content).
var feedParser = func() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	p.KeepOriginalFeed = true
	return p
}()

func parse(sourceID, feedURL, contentType string, body []byte) (feed *Feed, err error) {
	return parseLimit(sourceID, feedURL, contentType, body, maxItems)
}

// parseLimit parses with a cap on the items kept (the newest limit; -1 for
// every item).
func parseLimit(sourceID, feedURL, contentType string, body []byte, limit int) (feed *Feed, err error) {
	if limit < 0 {
		limit = math.MaxInt
	}
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("fetcher: parsing %s: parser panicked: %v", feedURL, r)
		}
	}()
	text, _ := charset.Decode(body, contentType)
	var gf *gofeed.Feed
	var items []feedItem
	switch kind, detail := sniffBody(text, contentType); kind {
	case kindHTML:
		return nil, &HTMLPageError{PageURL: feedURL, FeedURL: discover.FeedURL(text, feedURL)}
	case kindJSON:
		gf, items, err = parseJSONFeed(text, limit)
	case kindXML:
		gf, items, err = parseXMLFeed(text, limit)
	default:
		err = fmt.Errorf("%w: %s", ErrNotAFeed, detail)
	}
	if err != nil {
		if errors.Is(err, ErrNotAFeed) {
			return nil, fmt.Errorf("%w (%s)", err, feedURL)
		}
		return nil, fmt.Errorf("fetcher: parsing %s: %w", feedURL, err)
	}
	return normalizeFeed(gf, items, sourceID, feedURL), nil
}

// parseXMLFeed checks the nesting depth cheaply, then lets gofeed parse RSS
// or Atom from text, which charset.Decode has made UTF-8: whole, or a window
// of maxItems items at a time when it has more (see itemWindows). It
// returns the newest keep items.
func parseXMLFeed(text []byte, keep int) (*gofeed.Feed, []feedItem, error) {
	windows, err := scanXML(text, maxItems)
	if err != nil {
		return nil, nil, err
	}
	var gf *gofeed.Feed
	var items []feedItem
	if windows != nil {
		gf, items, err = windows.parse(feedParser.Parse, keep)
	} else if gf, err = feedParser.Parse(charset.WithoutXMLEncoding(text)); err == nil {
		items = newestItems(itemsOf(gf), keep)
	}
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		root, _ := rootElement(text)
		return nil, nil, fmt.Errorf("%w: root element <%s> is not rss, rdf:RDF or feed", ErrNotAFeed, sanitize.TruncateUTF8(string(root), 64))
	}
	return gf, items, err
}

// parseJSONFeed parses a JSON Feed, a window of items at a time when it has
// more than maxItems (see jsonItemWindows), and returns the newest keep
// items. JSON that does not declare a JSON Feed version is some other API's
// answer, not an empty feed.
func parseJSONFeed(text []byte, keep int) (*gofeed.Feed, []feedItem, error) {
	var gf *gofeed.Feed
	var items []feedItem
	windows, err := jsonItemWindows(text, maxItems)
	if err != nil {
		return nil, nil, err
	}
	if windows != nil {
		gf, items, err = windows.parse(feedParser.Parse, keep)
	} else if gf, err = feedParser.Parse(bytes.NewReader(text)); err == nil {
		items = newestItems(itemsOf(gf), keep)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: invalid JSON Feed: %v", ErrNotAFeed, err)
	}
	jf, _ := gf.OriginalFeed().(*json.Feed)
	if jf == nil || !strings.HasPrefix(strings.TrimSpace(jf.Version), jsonFeedVersionPrefix) {
		return nil, nil, fmt.Errorf("%w: JSON without a %q version", ErrNotAFeed, jsonFeedVersionPrefix+"…")
	}
	return gf, items, nil
}
