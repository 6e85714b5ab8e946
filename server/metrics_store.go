package server

import (
	"log/slog"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/feedcurator/feedcurator/db"
)

// storeCollector reports the store's size and each topic's item count at
// scrape time: they change with every poll and prune, and reading them
// costs one short read transaction per topic, so keeping gauges up to date
// between scrapes would be wasted work.
type storeCollector struct {
	store db.Engine
	rt    *atomic.Pointer[Runtime]
	log   *slog.Logger

	size    *prometheus.Desc
	items   *prometheus.Desc
	writeOK *prometheus.Desc
	damaged *prometheus.Desc
	records *prometheus.Desc
	up      *prometheus.Desc
}

func newStoreCollector(store db.Engine, rt *atomic.Pointer[Runtime], log *slog.Logger) *storeCollector {
	return &storeCollector{
		store: store, rt: rt, log: log,
		size:  prometheus.NewDesc("feedcurator_store_size_bytes", "Size of the store file in bytes.", nil, nil),
		items: prometheus.NewDesc("feedcurator_topic_items", "Items stored in each topic.", []string{"topic"}, nil),
		writeOK: prometheus.NewDesc("feedcurator_store_write_ok",
			"1 while the store's last commit succeeded, 0 while writes fail (a full disk, say).", nil, nil),
		damaged: prometheus.NewDesc("feedcurator_store_damaged",
			"1 once reading the store has met damage (records or the file's structure; see /healthz), else 0: run feedcurator verify.", nil, nil),
		records: prometheus.NewDesc("feedcurator_store_damaged_records",
			"Store records found undecodable and skipped; each costs its item or source state until a poll rewrites it.", nil, nil),
		up: prometheus.NewDesc("feedcurator_store_up",
			"1 while the store answers a read (with database_url: PostgreSQL is reachable), else 0.", nil, nil),
	}
}

func registerStoreCollector(reg prometheus.Registerer, store db.Engine, rt *atomic.Pointer[Runtime], log *slog.Logger) {
	if err := register(reg, newStoreCollector(store, rt, log)); err != nil {
		log.Error("metrics: register store collector", "error", err)
	}
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.size
	ch <- c.items
	ch <- c.writeOK
	ch <- c.damaged
	ch <- c.records
	ch <- c.up
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(storeBytes(c.store)))
	up := 1.0
	if c.store.Ping() != nil {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
	if up == 0 {
		// The rest reads the store too: its errors would fail the whole
		// scrape, and feedcurator_store_up 0 would never be seen.
		return
	}
	writeOK := 1.0
	if c.store.WriteError() != nil {
		writeOK = 0
	}
	ch <- prometheus.MustNewConstMetric(c.writeOK, prometheus.GaugeValue, writeOK)
	damage := c.store.Damage()
	damaged := 0.0
	if damage.Err(c.store.Location()) != nil {
		damaged = 1
	}
	ch <- prometheus.MustNewConstMetric(c.damaged, prometheus.GaugeValue, damaged)
	ch <- prometheus.MustNewConstMetric(c.records, prometheus.GaugeValue, float64(damage.Records))
	rt := c.rt.Load()
	if rt == nil || rt.Config == nil {
		return
	}
	for _, t := range rt.Config.Topics {
		n, _, err := c.store.TopicCount(t.ID)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(c.items, err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.items, prometheus.GaugeValue, float64(n), t.ID)
	}
}

// storeBytes is the store's size in bytes for engines that can tell it
// (bbolt's file), else 0.
func storeBytes(e db.Engine) int64 {
	if s, ok := e.(interface{ Size() int64 }); ok {
		return s.Size()
	}
	return 0
}
