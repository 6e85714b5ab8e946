package parser

import "github.com/feedcurator/feedcurator/fetcher/internal/fetchtest"

// sharedDir and readFile read the project's shared test material.
var sharedDir, readFile = fetchtest.SharedDir, fetchtest.ReadFile
