-- The store's first schema. Text that orders items compares byte-wise
-- (COLLATE "C"), as bbolt's keys do, so both engines list ties alike.

CREATE TABLE meta (
	key   text PRIMARY KEY,
	value text NOT NULL
);
INSERT INTO meta (key, value) VALUES ('gen', '0'), ('fingerprint', '');

-- Every item once. data is the whole db.Item as JSON; the columns beside it
-- are what queries select and order by.
CREATE TABLE items (
	source_id  text COLLATE "C" NOT NULL,
	item_id    text COLLATE "C" NOT NULL,
	sort_time  timestamptz NOT NULL,
	first_seen timestamptz NOT NULL,
	link_norm  text NOT NULL DEFAULT '',
	data       json NOT NULL,
	PRIMARY KEY (source_id, item_id)
);
CREATE INDEX items_by_time   ON items (sort_time DESC, source_id DESC, item_id DESC);
CREATE INDEX items_by_source ON items (source_id, sort_time DESC);
CREATE INDEX items_by_seen   ON items (first_seen);
CREATE INDEX items_by_link   ON items (link_norm) WHERE link_norm <> '';

-- Topic memberships, one row per item and topic, in a generation: Reclassify
-- builds generation meta.gen+1 beside the served one and swaps meta.gen.
CREATE TABLE memberships (
	gen       bigint NOT NULL,
	topic     text COLLATE "C" NOT NULL,
	source_id text COLLATE "C" NOT NULL,
	item_id   text COLLATE "C" NOT NULL,
	sort_time timestamptz NOT NULL,
	score     double precision NOT NULL,
	reasons   json NOT NULL,
	PRIMARY KEY (gen, topic, source_id, item_id),
	FOREIGN KEY (source_id, item_id) REFERENCES items ON DELETE CASCADE
);
CREATE INDEX memberships_by_topic ON memberships (gen, topic, sort_time DESC, source_id DESC, item_id DESC);
CREATE INDEX memberships_by_item  ON memberships (source_id, item_id);

-- Items pruned by retention, not to be stored again while their source lists them.
CREATE TABLE tombs (
	source_id text COLLATE "C" NOT NULL,
	item_id   text COLLATE "C" NOT NULL,
	at        timestamptz NOT NULL,
	PRIMARY KEY (source_id, item_id)
);

CREATE TABLE sources (
	id    text PRIMARY KEY,
	state json NOT NULL
);

-- When each topic's definition last changed (TopicChanged).
CREATE TABLE topic_dates (
	id          text PRIMARY KEY,
	fingerprint text NOT NULL,
	at          timestamptz NOT NULL
);

-- A change counter in slots: every commit that changes what a feed shows
-- bumps one slot (chosen by source), so that concurrent polls rarely wait on
-- one row, and the sum only ever grows: replicas that missed a notification
-- see it move.
CREATE TABLE changes (
	slot    int PRIMARY KEY,
	version bigint NOT NULL
);
INSERT INTO changes (slot, version) SELECT g, 0 FROM generate_series(0, 15) AS g;

-- Leases: which replica polls a source (or owns a host) until when.
CREATE TABLE leases (
	name       text PRIMARY KEY,
	owner      text NOT NULL,
	expires_at timestamptz NOT NULL
);
