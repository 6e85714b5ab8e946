package config

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
)

// BuiltInName is the file name errors in the built-in config carry.
const BuiltInName = "<built-in>"

// defaultYAML is the built-in config: real public news feeds about Korea
// and China, in English, Korean and Chinese, with a topic for each country.
//
//go:embed default.yaml
var defaultYAML []byte

// Default returns the built-in config, used when no config file is found.
// It goes through Parse like any file, so it obeys the same rules. Its
// data_dir is $XDG_DATA_HOME/feedcurator when XDG_DATA_HOME is set (to an
// absolute path, as the XDG spec requires), else ./data; the environment is
// read at each call.
func Default() *Config {
	c, err := Parse(BuiltInName, defaultYAML)
	if err != nil {
		// default.yaml is part of the binary and tested; this is a build defect.
		panic(fmt.Sprintf("config: the built-in config is invalid: %v", err))
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
		c.DataDir = filepath.Join(xdg, "feedcurator")
	}
	return c
}
