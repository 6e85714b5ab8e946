package server

import (
	"strings"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/render"
)

// cacheName names a cache entry: a feed ("t.atom") or one of its pages, a
// topic page ("t") or the index. Feeds and topic pages are named after their
// topic, so that a reload that removes a topic can drop them. A struct, not a
// joined string, so that looking a feed up allocates nothing.
type cacheName struct {
	kind cacheKind
	id   string
	page int // a feed's ?page= (0: the plain URL); bounded by topic.MaxPages
}

type cacheKind uint8

const (
	kindFeed cacheKind = iota
	kindTopicPage
	kindIndex
)

func feedCacheName(file string) cacheName { return feedPageCacheName(file, 0) }

// feedPageCacheName names "file?page=page": each page has its own bytes,
// validators and gzip copy.
func feedPageCacheName(file string, page int) cacheName {
	return cacheName{kind: kindFeed, id: file, page: page}
}

func topicPageCacheName(topicID string) cacheName { return topicPagePageCacheName(topicID, 0) }

// topicPagePageCacheName names "/topics/ID?page=page", cached apart as feed pages are.
func topicPagePageCacheName(topicID string, page int) cacheName {
	return cacheName{kind: kindTopicPage, id: topicID, page: page}
}

var (
	indexCacheName        = cacheName{kind: kindIndex}
	indexPrivateCacheName = cacheName{kind: kindIndex, id: "with private topics"}
)

// cachedNameValid reports whether a cache entry can still be asked for under cfg.
func cachedNameValid(cfg *config.Config, name cacheName) bool {
	id := name.id
	switch name.kind {
	case kindFeed:
		id = id[:max(strings.LastIndexByte(id, '.'), 0)]
	case kindTopicPage:
	default:
		return true
	}
	_, ok := render.Find(cfg, id)
	return ok
}
