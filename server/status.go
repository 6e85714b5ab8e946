package server

import (
	"net/http"
	"time"

	"github.com/feedcurator/feedcurator/render"
)

// Status is the daemon's config state, shown at /api/status.
type Status struct {
	ConfigPath      string
	LoadedAt        time.Time // when the config now in force was loaded
	LastReload      time.Time // the last reload attempt, zero if none
	LastReloadError string    // empty when the last reload succeeded
}

type statusInfo struct {
	ConfigPath      string      `json:"config_path"`
	LoadedAt        jsonTime    `json:"loaded_at"`
	LastReload      jsonTime    `json:"last_reload"`
	LastReloadError string      `json:"last_reload_error"`
	StoreBytes      int64       `json:"store_bytes"`
	Topics          []topicInfo `json:"topics"`
}

type topicInfo struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Items   int      `json:"items"`
	Updated jsonTime `json:"updated"`
}

// serveStatus answers /api/status.
func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	rt := s.runtime(w)
	if rt == nil {
		return
	}
	st := Status{ConfigPath: rt.Config.Path}
	if s.status != nil {
		st = s.status()
	}
	info := statusInfo{
		ConfigPath: st.ConfigPath, LoadedAt: jsonTime(st.LoadedAt), LastReload: jsonTime(st.LastReload),
		LastReloadError: redactText(rt.Config, st.LastReloadError), StoreBytes: storeBytes(s.store), Topics: []topicInfo{},
	}
	for _, t := range rt.Config.Topics {
		n, updated, err := s.store.TopicCount(t.ID)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		info.Topics = append(info.Topics, topicInfo{ID: t.ID, Title: render.TopicTitle(t), Items: n, Updated: jsonTime(updated)})
	}
	s.writeJSON(w, r, info)
}
