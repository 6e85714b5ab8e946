package fetcher

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/json"
)

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
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("fetcher: parsing %s: parser panicked: %v", feedURL, r)
		}
	}()
	text, _ := decodeCharset(body, contentType)
	var gf *gofeed.Feed
	switch kind, detail := sniffBody(text, contentType); kind {
	case kindHTML:
		return nil, &HTMLPageError{PageURL: feedURL, FeedURL: discoverFeed(text, feedURL)}
	case kindJSON:
		gf, err = parseJSONFeed(text)
	case kindXML:
		gf, err = parseXMLFeed(text)
	default:
		err = fmt.Errorf("%w: %s", ErrNotAFeed, detail)
	}
	if err != nil {
		if errors.Is(err, ErrNotAFeed) {
			return nil, fmt.Errorf("%w (%s)", err, feedURL)
		}
		return nil, fmt.Errorf("fetcher: parsing %s: %w", feedURL, err)
	}
	return normalizeFeed(gf, sourceID, feedURL, limit), nil
}

// parseXMLFeed checks the nesting depth cheaply, then lets gofeed parse RSS
// or Atom from text, which decodeCharset has made UTF-8.
func parseXMLFeed(text []byte) (*gofeed.Feed, error) {
	if err := checkDepth(text); err != nil {
		return nil, err
	}
	gf, err := feedParser.Parse(withoutXMLEncoding(text))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		root, _ := rootElement(text)
		return nil, fmt.Errorf("%w: root element <%s> is not rss, rdf:RDF or feed", ErrNotAFeed, truncateUTF8(string(root), 64))
	}
	return gf, err
}

// parseJSONFeed parses a JSON Feed. JSON that does not declare a JSON Feed
// version is some other API's answer, not an empty feed.
func parseJSONFeed(text []byte) (*gofeed.Feed, error) {
	gf, err := feedParser.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%w: invalid JSON Feed: %v", ErrNotAFeed, err)
	}
	jf, _ := gf.OriginalFeed().(*json.Feed)
	if jf == nil || !strings.HasPrefix(strings.TrimSpace(jf.Version), jsonFeedVersionPrefix) {
		return nil, fmt.Errorf("%w: JSON without a %q version", ErrNotAFeed, jsonFeedVersionPrefix+"…")
	}
	return gf, nil
}
