package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// EnvVar names the environment variable that points at a config file.
const EnvVar = "FEEDCURATOR_CONFIG"

// LocalFile is the config file looked for in the working directory.
const LocalFile = "config.yaml"

// Locate finds the config file the way CONTRACT.md `run` does: the -config
// flag, then $FEEDCURATOR_CONFIG, then ./config.yaml if it exists. It returns
// "" when there is none, meaning "use Default()". A path given by flag or
// environment that does not exist is an error rather than a silent fall back
// to another config: the person asked for that file.
func Locate(flagPath string) (path string, err error) {
	if flagPath != "" {
		return mustExist(flagPath, "-config")
	}
	if env := os.Getenv(EnvVar); env != "" {
		return mustExist(env, "$"+EnvVar)
	}
	switch info, err := os.Stat(LocalFile); {
	case err == nil && info.IsDir():
		return "", fmt.Errorf("config: ./%s is a directory, not a config file", LocalFile)
	case err == nil:
		return LocalFile, nil
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	default:
		return "", fmt.Errorf("config: ./%s: %w", LocalFile, err)
	}
}

// mustExist returns path if it names a file; from says where it came from.
func mustExist(path, from string) (string, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("config: %s %s: no such file; check the path or create it from config.example.yaml: %w", from, path, err)
	case err != nil:
		return "", fmt.Errorf("config: %s %s: %w", from, path, err)
	case info.IsDir():
		return "", fmt.Errorf("config: %s %s is a directory, not a config file", from, path)
	}
	return path, nil
}
