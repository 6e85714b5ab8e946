package topic

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/db"
)

// BenchmarkSelect selects the first and the last page of a topic of 4,000
// items, plain and clustered, at 20 and 100 items an hour (a clustered topic
// reads 48 h beyond its last entry, so density sets its cost).
//
//	go test -run '^$' -bench Select -benchtime 20x ./topic/
func BenchmarkSelect(b *testing.B) {
	// Headlines of 4–6 words from a 300-word vocabulary plus a place: as
	// varied as a news desk's, with the topic word in every one.
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 300)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%03d", i)
	}
	places := []string{"Seoul", "Pyongyang", "Busan", "Kaesong", "Incheon", "Wonsan", "Daegu", "Ulsan"}
	headline := func() string {
		h := "Korea"
		for range 4 + rng.IntN(3) {
			h += " " + vocab[rng.IntN(len(vocab))]
		}
		return h + " in " + places[rng.IntN(len(places))]
	}
	for _, perHour := range []int{20, 100} {
		s := newStore(b)
		const n = 4000
		sources := []string{"a", "b", "c", "d"}
		batches := map[string][]db.Item{}
		for i := range n {
			src := sources[i%len(sources)]
			title := headline()
			batches[src] = append(batches[src], db.Item{
				ID: fmt.Sprint(i), Title: title, Link: fmt.Sprintf("https://%s.example/%d", src, i),
				Published: base.Add(-time.Duration(i) * time.Hour / time.Duration(perHour)),
			})
		}
		for src, items := range batches {
			save(b, s, src, items...)
		}
		for _, cluster := range []bool{false, true} {
			for _, page := range []int{1, MaxPages} {
				name := fmt.Sprintf("perHour=%d/cluster=%v/page=%d", perHour, cluster, page)
				b.Run(name, func(b *testing.B) {
					t := config.Topic{ID: "t", Cluster: cluster}
					for b.Loop() {
						if _, _, err := SelectPage(s, t, 50, page); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
