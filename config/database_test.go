package config

import (
	"slices"
	"strings"
	"testing"
)

func TestDatabaseURL(t *testing.T) {
	t.Setenv(DatabaseEnvVar, "")
	c, err := Parse("t.yaml", []byte("database_url: postgres://feeds:pa55word@db:5432/feeds\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgres://feeds:pa55word@db:5432/feeds" {
		t.Errorf("DatabaseURL = %q", c.DatabaseURL)
	}
	if !slices.Contains(c.Secrets(), "pa55word") {
		t.Errorf("the password is not among the secrets logs redact: %q", c.Secrets())
	}

	t.Setenv(DatabaseEnvVar, "postgresql://other@/feeds?host=/run/postgresql")
	c, err = Parse("t.yaml", []byte("database_url: postgres://feeds@db/feeds\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgresql://other@/feeds?host=/run/postgresql" {
		t.Errorf("the environment does not override the file: %q", c.DatabaseURL)
	}

	t.Setenv(DatabaseEnvVar, "")
	_, err = Parse("t.yaml", []byte("database_url: mysql://u:hunter22@db/feeds\n"))
	if err == nil || !strings.Contains(err.Error(), "t.yaml:1:") || !strings.Contains(err.Error(), "not a PostgreSQL URL") {
		t.Errorf("a wrong scheme: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "hunter22") {
		t.Errorf("the error quotes the password: %v", err)
	}
}
