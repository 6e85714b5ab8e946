package httpclient

import (
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// hostKey names the publisher a request goes to, for poll.per_host: the
// registrable domain (eTLD+1) of host, an IP literal as itself, and a name
// with no registrable domain (localhost, an intranet name, a bare public
// suffix) as itself. host has no port: ports do not count.
//
// Only the ICANN section of the Public Suffix List is honoured. Its private
// section lists hosting platforms (blogspot.com, github.io, s3.amazonaws.com,
// …) as suffixes so that browsers keep their customers' cookies apart; for
// politeness the opposite holds, because every x.blogspot.com is served by
// the same operator, and a hundred blogs there must not mean a hundred
// requests in flight to it.
func hostKey(host string) string {
	host = strings.TrimSuffix(host, ".")
	if addr, err := netip.ParseAddr(host); err == nil {
		return addr.WithZone("").Unmap().String()
	}
	if ascii, err := idna.Lookup.ToASCII(host); err == nil {
		host = ascii // the list is keyed by punycode; this also lower-cases
	} else {
		host = strings.ToLower(host)
	}
	return icannRegistrableDomain(host)
}

// icannRegistrableDomain is publicsuffix.EffectiveTLDPlusOne restricted to
// the ICANN rules: while the matched suffix comes from the private section,
// the suffix is shortened by a label and looked up again. A host that is
// itself a suffix (or a single unlisted label) is returned as it is.
func icannRegistrableDomain(host string) string {
	suffix, icann := publicsuffix.PublicSuffix(host)
	for !icann {
		_, parent, ok := strings.Cut(suffix, ".")
		if !ok {
			break // an unlisted top-level label such as "localhost": the default rule
		}
		suffix, icann = publicsuffix.PublicSuffix(parent)
	}
	if len(host) <= len(suffix)+1 || !strings.HasSuffix(host, "."+suffix) {
		return host
	}
	rest := host[:len(host)-len(suffix)-1]
	label := rest[strings.LastIndexByte(rest, '.')+1:]
	if label == "" {
		return host // an empty label ("a..com"): the dial fails anyway
	}
	return label + "." + suffix
}

// HostKey names the publisher of rawURL as poll.per_host counts them (its
// registrable domain, or its IP address), "" when rawURL has no host, so
// that work queued outside the client, such as article pages, can be
// spread over publishers by the same rule.
func HostKey(rawURL string) string {
	h := urlHostname(rawURL)
	if h == "" {
		return ""
	}
	return hostKey(h)
}
