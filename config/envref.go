package config

import (
	"fmt"
	"os"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// expandEnvRefs replaces each "${NAME}" in s by the environment variable
// NAME, so that secrets stay out of the config file. Only the braced form
// is a reference: a bare "$" is part of the value (passwords have them). An
// unset or empty variable is an error rather than "": a token that silently
// became empty would leave open what it was meant to guard.
func expandEnvRefs(s string) (string, error) {
	var b strings.Builder
	for {
		start := strings.Index(s, "${")
		if start < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		end := strings.IndexByte(s[start:], '}')
		if end < 0 {
			return "", fmt.Errorf(`unclosed "${": write ${NAME}`)
		}
		name := s[start+2 : start+end]
		if !validEnvName(name) {
			return "", fmt.Errorf("${%s}: not an environment variable name", name)
		}
		v := os.Getenv(name)
		if v == "" {
			return "", fmt.Errorf("${%s}: the environment variable %s is not set", name, name)
		}
		b.WriteString(s[:start])
		b.WriteString(v)
		s = s[start+end+1:]
	}
}

func validEnvName(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range name {
		if c != '_' && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// secret reads a string field whose ${NAME} references name environment
// variables. The expanded value is never part of a message.
func (l *loader) secret(n ast.Node, sc scope, dst *string) {
	l.text(n, sc, dst)
	v, err := expandEnvRefs(*dst)
	if err != nil {
		l.reportNode(n, sc.label, "%v", err)
		*dst = ""
		return
	}
	*dst = v
}
