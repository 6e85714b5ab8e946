package config

import "strings"

// Secrets are the configured values that must never be shown: the access
// token and every source's header values (with the credential part of an
// "Authorization: Bearer X" alone too, since an error may quote just that).
// Public texts mask them.
func (c *Config) Secrets() []string {
	var out []string
	if c.Access.Token != "" {
		out = append(out, c.Access.Token)
	}
	if p := databasePassword(c.DatabaseURL); len(p) >= 4 {
		out = append(out, p)
	}
	for _, s := range c.Sources {
		for _, v := range s.Headers {
			if len(v) < 4 { // too short to mask without mangling ordinary text
				continue
			}
			out = append(out, v)
			if _, cred, ok := strings.Cut(v, " "); ok && len(cred) >= 4 {
				out = append(out, cred)
			}
		}
	}
	return out
}
