-- Full text: what is known of each item's article page, so that a page is
-- asked for once in the item's life, by whichever replica, and a failure is
-- retried only as often as the fetcher decides. The article itself lives in
-- the item's row (Item.Article in items.data). A record outlives its item
-- while a tombstone holds the item out (ForgetArticleAttempts).
CREATE TABLE article_attempts (
	source_id text COLLATE "C" NOT NULL,
	item_id   text COLLATE "C" NOT NULL,
	outcome   text NOT NULL,
	tries     int NOT NULL,
	last      timestamptz NOT NULL,
	retry     timestamptz, -- NULL: never again (stored, or given up)
	PRIMARY KEY (source_id, item_id)
);
