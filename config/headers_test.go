package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestSourceHeaders(t *testing.T) {
	t.Setenv("FC_TEST_WIRE_TOKEN", "s3cr3t-wire")
	c, err := Parse("t.yaml", lines(
		"sources:",
		"  - id: wire",
		"    url: https://wire.example/feed",
		`    headers: {Authorization: "Bearer ${FC_TEST_WIRE_TOKEN}", x-api-key: plain}`,
	))
	if err != nil {
		t.Fatal(err)
	}
	h := c.Sources[0].Headers
	if h["Authorization"] != "Bearer s3cr3t-wire" || h["X-Api-Key"] != "plain" || len(h) != 2 {
		t.Fatalf("headers %v", map[string]string(h))
	}
	// Every way the config could be printed shows the names, not the values.
	js, _ := json.Marshal(c.Sources[0])
	for _, shown := range []string{fmt.Sprint(c.Sources[0]), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c.Sources[0]), string(js)} {
		if strings.Contains(shown, "s3cr3t") || strings.Contains(shown, "plain") || !strings.Contains(shown, "Authorization") {
			t.Errorf("printed as %s", shown)
		}
	}
}

func TestSourceHeadersErrors(t *testing.T) {
	t.Setenv("FC_TEST_SET", "line\nbreak s3cr3t")
	got := errorLines(t, lines(
		"sources:",
		"  - id: a",
		"    url: https://a.example/feed",
		"    headers:",
		`      Authorization: "Bearer ${FC_TEST_SURELY_UNSET}"`,
		"      User-Agent: me",
		`      "bad name": x`,
		`      X-Broken: "${FC_TEST_SET}"`,
		`      X-Open: "${FC_TEST_SET"`,
		"      X-Empty:",
		"  - id: b",
		"    url: https://b.example/feed",
		`    headers: "Bearer s3cr3t"`,
	))
	want := []string{
		`t.yaml:5:22: source "a": headers: "Authorization": ${FC_TEST_SURELY_UNSET}: the environment variable FC_TEST_SURELY_UNSET is not set`,
		`t.yaml:6:7: source "a": headers: "User-Agent" is set by feedcurator itself and cannot be configured`,
		`t.yaml:7:7: source "a": headers: "bad name" is not a valid header name`,
		`t.yaml:8:17: source "a": headers: "X-Broken": the value holds a line break or another control character`,
		`t.yaml:9:15: source "a": headers: "X-Open": unclosed "${": write ${NAME}`,
		`t.yaml:10:7: source "a": headers: "X-Empty" has no value`,
		`t.yaml:13:14: source "b": headers: expected header names and values like {Authorization: "Bearer ${TOKEN}"}, got a single value or a list`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(strings.Join(got, "\n"), "s3cr3t") {
		t.Errorf("an error message shows a header value")
	}
}
