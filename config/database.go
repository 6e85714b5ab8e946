package config

import (
	"net/url"
	"os"
)

// DatabaseEnvVar overrides database_url: a deployment's secret store
// usually hands the password over in the environment.
const DatabaseEnvVar = "FEEDCURATOR_DATABASE_URL"

func applyDatabaseEnv(c *Config) {
	if v := os.Getenv(DatabaseEnvVar); v != "" {
		c.DatabaseURL = v
	}
}

func (l *loader) validateDatabase(c *Config) {
	if c.DatabaseURL == "" {
		return
	}
	u, err := url.Parse(c.DatabaseURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// The value may hold a password: the message does not quote it.
		l.reportPath("database_url", "database_url", `not a PostgreSQL URL: write postgres://user:password@host:5432/dbname (or "" for the bbolt store under data_dir)`)
	}
}

// databasePassword is the password in a database URL, "" for none.
func databasePassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}
