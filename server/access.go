package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/render"
)

// Access control (CONTRACT.md, access.token). When the config sets a token,
// /api/*, /metrics and private topics need it, given as
// "Authorization: Bearer TOKEN" or, for feed readers that can only store a
// URL, as ?token=TOKEN. A private topic asked for without it is a 404, the
// same answer as a topic that does not exist, so that its name is not
// confirmed to whoever guesses it; the API answers 401, since its routes are
// no secret.

// requestToken is the token a request carries, "" for none.
func requestToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if scheme, tok, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(tok)
		}
	}
	if r.URL.RawQuery == "" {
		return ""
	}
	return r.URL.Query().Get("token")
}

// carriesToken reports whether r carries cfg's access token; false when
// none is configured. Digests are compared, in constant time, so that the
// answer's timing tells neither where a guess first differs nor the token's
// length.
func carriesToken(cfg *config.Config, r *http.Request) bool {
	if cfg.Access.Token == "" {
		return false
	}
	given, want := sha256.Sum256([]byte(requestToken(r))), sha256.Sum256([]byte(cfg.Access.Token))
	return subtle.ConstantTimeCompare(given[:], want[:]) == 1
}

// authorized reports whether r may see what access.token guards: always when
// no token is configured.
func authorized(cfg *config.Config, r *http.Request) bool {
	return cfg.Access.Token == "" || carriesToken(cfg, r)
}

// requireToken guards next with access.token.
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt := s.rt.Load()
		if rt != nil && !authorized(rt.Config, r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="feedcurator"`)
			http.Error(w, "unauthorized: this needs access.token (Authorization: Bearer TOKEN)", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// visible reports whether r may see selection sel: private topics only with
// the token.
func visible(cfg *config.Config, sel render.Selection, r *http.Request) bool {
	return !sel.Topic.Private || carriesToken(cfg, r)
}

// hasPrivate reports whether cfg has a private topic.
func hasPrivate(cfg *config.Config) bool {
	for _, t := range cfg.Topics {
		if t.Private {
			return true
		}
	}
	return false
}

// cacheControlFor keeps shared caches from storing a private topic's bytes:
// they would hand them to requests without the token.
func cacheControlFor(sel render.Selection, public string) string {
	if sel.Topic.Private {
		return "private, " + strings.TrimPrefix(public, "public, ")
	}
	return public
}
