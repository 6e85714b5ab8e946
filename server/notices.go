package server

import (
	"strings"
	"time"
)

// notice is a warning at the top of the index page: something a person
// must know before the rest of the page makes sense, and what to do.
type notice struct {
	Title  string
	Detail string // may be empty
	Hint   string // what to try; may be empty
	Cmd    string // a command line that Hint introduces; may be empty
}

// reloadNotice says that the config in force is older than the file, and
// why the file was not taken: a reload failed and none succeeded since.
func reloadNotice(st Status) *notice {
	if st.LastReloadError == "" {
		return nil
	}
	file := st.ConfigPath
	if file == "" {
		file = "the config file"
	}
	return &notice{
		Title: "The running config is older than " + file + ": its last reload, at " +
			st.LastReload.UTC().Format("2006-01-02 15:04") + ", failed, so the config loaded at " +
			st.LoadedAt.UTC().Format("2006-01-02 15:04") + " stays in force.",
		Detail: st.LastReloadError,
		Hint:   "Fix the file: it is reloaded when saved, or on SIGHUP. This lists every problem:",
		Cmd:    "feedcurator check -config " + file,
	}
}

// demoHint is what the index suggests when no source can be had: the demo
// serves bundled sample feeds on loopback.
const demoHint = "To see the whole pipeline work without a network, on bundled sample feeds, run:"

// unreachableNotice speaks when every source has been tried and every one
// is failing, as on a machine without a network (the built-in config's
// sources are public news sites): the table below would otherwise show a
// wall of raw errors and nothing to try.
func unreachableNotice(infos []sourceInfo) *notice {
	if len(infos) == 0 {
		return &notice{
			Title: "No sources are configured, so nothing is polled.",
			Hint:  `Add feeds under "sources:" in the config (config.example.yaml shows how), or turn a feed reader's export into sources with:`,
			Cmd:   "feedcurator opml import -write FILE.opml",
		}
	}
	dns, dial := 0, 0
	for _, si := range infos {
		if time.Time(si.LastFetch).IsZero() || si.LastError == "" {
			return nil // not tried yet, or fine
		}
		e := strings.ToLower(si.LastError)
		switch {
		case strings.Contains(e, "no such host") || strings.Contains(e, "lookup ") || strings.Contains(e, "name resolution"):
			dns++
		case strings.Contains(e, "dial tcp") || strings.Contains(e, "proxyconnect") || strings.Contains(e, "network is unreachable") ||
			strings.Contains(e, "connection refused") || strings.Contains(e, "i/o timeout"):
			dial++
		}
	}
	n := len(infos)
	switch {
	case dns == n:
		return &notice{Title: "No source could be reached: the name lookup (DNS) failed for every one. Is this machine offline?", Hint: demoHint, Cmd: "feedcurator demo"}
	case dns+dial == n:
		return &notice{Title: "No source could be reached: every connection failed. Is this machine offline, or does it need a proxy?", Hint: demoHint, Cmd: "feedcurator demo"}
	}
	return &notice{Title: "Every source is failing; the table below says why for each.", Hint: demoHint, Cmd: "feedcurator demo"}
}
