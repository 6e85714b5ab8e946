package config

// Secrets are the configured values that must never be shown: the access
// token (and whatever else holds credentials). Public texts mask them.
func (c *Config) Secrets() []string {
	var out []string
	if c.Access.Token != "" {
		out = append(out, c.Access.Token)
	}
	return out
}
