package server

import (
	"github.com/feedcurator/feedcurator/config"
	"github.com/feedcurator/feedcurator/internal/redact"
)

// redactText is a message (a poll error, a reload error) as the public may
// see it: URLs redacted and the config's secret values masked, since errors
// quote the URLs and requests they failed on.
func redactText(cfg *config.Config, s string) string {
	return redact.Text(s, cfg.Secrets()...)
}
