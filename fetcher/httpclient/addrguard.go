package httpclient

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// blockedPrefixes are the ranges netip.Addr has no predicate for. Together
// with the predicates in blockReason they cover every address a feed URL has
// no business reaching when poll.block_private is on.
var blockedPrefixes = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
}

// blockReason says why addr must not be dialled, or "" when it may be.
// IPv4-mapped and NAT64 (64:ff9b::/96) IPv6 addresses are judged by the IPv4
// address they carry, so ::ffff:127.0.0.1 is loopback too.
func blockReason(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is6() && nat64.Contains(addr) {
		b := addr.As16()
		addr = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	switch {
	case !addr.IsValid():
		return "invalid"
	case addr.IsUnspecified():
		return "unspecified"
	case addr.IsLoopback():
		return "loopback"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast():
		return "link-local" // includes 169.254.169.254, the cloud metadata service
	case addr.IsMulticast():
		return "multicast"
	}
	for _, p := range blockedPrefixes {
		if p.prefix.Contains(addr) {
			return p.reason
		}
	}
	return ""
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// refusePrivate is the dialer's Control function under poll.block_private. It
// runs on every connection after DNS resolution, with the address actually
// being connected to, so neither a redirect nor a DNS answer that changes
// between check and use can reach a blocked address.
func refusePrivate(network, address string, c syscall.RawConn) error {
	return dialGuard{reason: blockReason}.control(network, address, c)
}

// dialGuard refuses, at dial time, every address its reason names. It
// serves both poll.block_private and the rule that holds whatever that
// says: no private address after a public one (afterPublic).
type dialGuard struct {
	reason      func(netip.Addr) string
	afterPublic bool
}

func (g dialGuard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("fetcher: dial address %q: %w", address, err)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("fetcher: dial address %q: %w", address, err)
	}
	if reason := g.reason(addr); reason != "" {
		return &BlockedAddressError{Addr: addr, Reason: reason, AfterPublic: g.afterPublic}
	}
	return nil
}
