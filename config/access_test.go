package config

import (
	"strings"
	"testing"
)

// The token comes from the environment and a private topic needs one.
func TestAccessTokenFromEnvironment(t *testing.T) {
	t.Setenv("FC_TEST_TOKEN", "s3cr3t-value")
	c, err := Parse("t.yaml", lines(
		`access:`,
		`  token: "pre-${FC_TEST_TOKEN}"`,
		`topics:`,
		`  - id: k`,
		`    any: [Korea]`,
		`    private: true`,
	))
	if err != nil {
		t.Fatal(err)
	}
	if c.Access.Token != "pre-s3cr3t-value" {
		t.Errorf("token = %q, want the environment's value expanded", c.Access.Token)
	}
	if !c.Topics[0].Private {
		t.Error("private: true not read")
	}
	if got := c.Secrets(); len(got) != 1 || got[0] != c.Access.Token {
		t.Errorf("Secrets() = %q, want the token", got)
	}
}

func TestAccessTokenErrors(t *testing.T) {
	t.Setenv("FC_TEST_EMPTY", "")
	cases := []struct {
		yaml []byte
		want string
	}{
		{lines(`access:`, `  token: "${FC_TEST_EMPTY}"`), `t.yaml:2:10: access.token: ${FC_TEST_EMPTY}: the environment variable FC_TEST_EMPTY is not set`},
		{lines(`access:`, `  token: "${NO SUCH}"`), `t.yaml:2:10: access.token: ${NO SUCH}: not an environment variable name`},
		{lines(`topics:`, `  - id: k`, `    any: [Korea]`, `    private: true`), `t.yaml:4:14: topic "k": private: a private topic needs access.token; without one nobody could read it`},
	}
	for _, c := range cases {
		got := strings.Join(errorLines(t, c.yaml), "\n")
		if got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// TestSecretsIncludeHeaderValues: header values (and a Bearer credential
// alone) are among the secrets public texts mask.
func TestSecretsIncludeHeaderValues(t *testing.T) {
	c := &Config{Access: Access{Token: "tok-123"}, Sources: []Source{{ID: "a", Headers: Headers{"Authorization": "Bearer s3cr3t-wire"}}}}
	got := strings.Join(c.Secrets(), "|")
	for _, want := range []string{"tok-123", "Bearer s3cr3t-wire", "s3cr3t-wire"} {
		if !strings.Contains(got, want) {
			t.Errorf("Secrets() = %q, lacks %q", got, want)
		}
	}
}
