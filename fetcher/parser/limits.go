package parser

import "github.com/feedcurator/feedcurator/fetcher/sanitize"

// Field and item caps, in bytes after UTF-8 conversion. Caps bound what one
// feed can make us store and republish; each is far above what real feeds
// carry (summaries are a paragraph, full articles rarely pass 100 KiB).
const (
	maxItems        = 1000                     // newest items kept per poll
	maxTitleBytes   = 1 << 10                  // 1 KiB
	maxAuthorBytes  = 1 << 10                  // 1 KiB
	maxSummaryBytes = 64 << 10                 // 64 KiB
	maxContentBytes = sanitize.MaxContentBytes // 256 KiB, shared with article pages
	maxCategoryLen  = 256
	maxCategories   = 64
	maxGUIDBytes    = 2 << 10 // longer guids are treated as absent
)
