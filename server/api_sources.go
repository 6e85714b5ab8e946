package server

import (
	"net/http"
	"time"

	"github.com/feedcurator/feedcurator/db"
)

// sourceInfo is one element of /api/sources. Times are RFC 3339 in UTC, null
// when the event has not happened.
type sourceInfo struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	Title      string   `json:"title"`
	LastFetch  jsonTime `json:"last_fetch"`
	LastStatus int      `json:"last_status"`
	LastError  string   `json:"last_error"`
	Items      int      `json:"items"`
	NextFetch  jsonTime `json:"next_fetch"`
	Failures   int      `json:"failures"`
	Gone       bool     `json:"gone"`
	// Full text: whether the source asks for it, and how many of its
	// items' articles were stored or could not be had.
	FullText       bool `json:"full_text"`
	FullTextOK     int  `json:"full_text_ok"`
	FullTextFailed int  `json:"full_text_failed"`
}

// serveSources answers /api/sources, one object per configured source in
// config order.
func (s *Server) serveSources(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	infos, err := s.sourceInfos(rt)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.writeJSON(w, r, infos)
}

// sourceInfos joins config, stored state and item counts; the index page
// shows the same.
func (s *Server) sourceInfos(rt *Runtime) ([]sourceInfo, error) {
	ix, err := s.render.AllSources(rt.Config)
	if err != nil {
		return nil, err
	}
	counts, err := s.store.ItemCounts()
	if err != nil {
		return nil, err
	}
	var articles map[string]db.ArticleCount
	if ae, ok := s.store.(db.ArticleEngine); ok {
		if articles, err = ae.ArticleCounts(); err != nil {
			return nil, err
		}
	}
	out := make([]sourceInfo, 0, len(rt.Config.Sources))
	for _, src := range rt.Config.Sources {
		st, _ := ix.State(src.ID)
		p := ix.Provenance(src.ID)
		out = append(out, sourceInfo{
			ID: src.ID, URL: p.FeedURL, Title: p.Title,
			LastFetch: jsonTime(st.LastFetch), LastStatus: st.LastStatus, LastError: redactText(rt.Config, st.LastError),
			Items: counts[src.ID], NextFetch: jsonTime(st.NextFetch), Failures: st.Failures, Gone: st.Gone,
			FullText: src.FullText, FullTextOK: articles[src.ID].OK, FullTextFailed: articles[src.ID].Failed,
		})
	}
	return out, nil
}

// jsonTime is a time that marshals as RFC 3339 in UTC, or null when zero.
type jsonTime time.Time

func (t jsonTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.UTC().Format(time.RFC3339) + `"`), nil
}
