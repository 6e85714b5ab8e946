package config

import (
	"fmt"
	"os"
)

// Parse reads a config from data; filename is only used in error messages.
// It reports every problem it finds, each an *Error naming file:line:col,
// joined with errors.Join in file order (see Errors). The result has every
// default filled in; its Path is empty.
func Parse(filename string, data []byte) (*Config, error) {
	l := newLoader(filename)
	body, ok := l.document(data)
	if !ok {
		return nil, joinErrors(l.errs)
	}
	c := &Config{}
	l.config(body, c)
	applyDefaults(c, l.written)
	l.validate(c)
	if err := joinErrors(l.errs); err != nil {
		return nil, err
	}
	return c, nil
}

// Load reads and parses the config file at path, and records path in it.
// Errors in the file name it as path was given.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.Path = path
	return c, nil
}
