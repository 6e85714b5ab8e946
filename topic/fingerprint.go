package topic

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"

	"github.com/feedcurator/feedcurator/config"
)

// matchingVersion changes whenever this package starts to match differently
// (normalisation, boundaries, HTML reduction), so that a store that keys
// memberships on Fingerprint reclassifies after an upgrade too.
const matchingVersion = "topic-matching-2"

// fingerprint hashes what decides memberships and their reasons: per topic,
// in config order, its id, terms (raw spelling included, since reasons
// quote it), effective fields and sources. Titles, descriptions,
// per_source_max and cluster only shape the output feeds, so editing them
// does not force a reclassification.
func fingerprint(topics []compiledTopic) string {
	h := sha256.New()
	writeString(h, matchingVersion+"; "+textDataVersion)
	writeUint(h, uint64(len(topics)))
	for _, t := range topics {
		writeString(h, t.cfg.ID)
		writeUint(h, uint64(t.fields))
		for _, list := range [][]config.Term{t.cfg.Any, t.cfg.All, t.cfg.None} {
			writeUint(h, uint64(len(list)))
			for _, term := range list {
				writeUint(h, uint64(term.Kind))
				writeString(h, term.Text)
				writeString(h, term.Raw)
				writeUint(h, uint64(len(term.Fields)))
				for _, f := range term.Fields {
					writeString(h, f)
				}
				writeUint(h, uint64(len(term.Langs)))
				for _, l := range term.Langs {
					writeString(h, l)
				}
				writeUint(h, math.Float64bits(term.Weight))
			}
		}
		writeUint(h, math.Float64bits(t.minScore))
		writeUint(h, uint64(len(t.cfg.Sources)))
		for _, src := range t.cfg.Sources {
			writeString(h, src)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeString writes s length-prefixed, so that no two different sequences
// of strings hash alike.
func writeString(h hash.Hash, s string) {
	writeUint(h, uint64(len(s)))
	h.Write([]byte(s))
}

func writeUint(h hash.Hash, v uint64) {
	h.Write(binary.AppendUvarint(nil, v))
}
