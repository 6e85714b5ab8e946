package db

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketTopicDates maps a topic id to the fingerprint of its definition and
// the moment that definition was first seen: when the topic last changed.
var bucketTopicDates = []byte("topicdates")

// TopicChanged returns when the topic id last changed: the time stored with
// fingerprint when it is the one stored for id, else now, which it stores.
// An empty feed is dated by it (never 1970), and it does not move across
// restarts, so neither do the feed's date and Last-Modified. The
// fingerprint is the caller's digest of whatever defines the topic.
func (s *Store) TopicChanged(id, fingerprint string) (time.Time, error) {
	var at time.Time
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		at, found = topicDate(tx, id, fingerprint)
		return nil
	})
	if err != nil || found {
		return at, err
	}
	now := s.now().UTC()
	err = s.update(func(tx *bolt.Tx) error {
		if at, found = topicDate(tx, id, fingerprint); found {
			return nil // another caller stored it first
		}
		b, err := tx.CreateBucketIfNotExists(bucketTopicDates)
		if err != nil {
			return err
		}
		at = now
		return b.Put([]byte(id), append(timeKey(now), fingerprint...))
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("db: topic %s change time: %w", id, err)
	}
	return at, nil
}

// topicDate reads the stored change time of topic id, found only when it
// was stored with fingerprint.
func topicDate(tx *bolt.Tx, id, fingerprint string) (time.Time, bool) {
	b := tx.Bucket(bucketTopicDates)
	if b == nil {
		return time.Time{}, false
	}
	v := b.Get([]byte(id))
	if len(v) < 8 || string(v[8:]) != fingerprint {
		return time.Time{}, false
	}
	return timeFromKey(v), true
}
