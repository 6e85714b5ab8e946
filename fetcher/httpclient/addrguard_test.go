package httpclient

import (
	"errors"
	"net/netip"
	"testing"
)

func TestBlockReason(t *testing.T) {
	tests := []struct {
		addr    string
		blocked bool
	}{
		{"127.0.0.1", true},
		{"127.255.0.9", true},
		{"::1", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"100.64.0.1", true},      // CGNAT
		{"100.127.255.254", true},
		{"0.0.0.0", true},
		{"::", true},
		{"224.0.0.1", true},
		{"ff02::1", true},
		{"fc00::1", true},
		{"fd12:3456::1", true},
		{"fe80::1", true},
		{"::ffff:127.0.0.1", true},   // IPv4-mapped loopback
		{"::ffff:10.0.0.1", true},    // IPv4-mapped private
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"255.255.255.255", true},
		{"8.8.8.8", false},
		{"1.1.1.1", false},
		{"100.128.0.1", false},
		{"172.32.0.1", false},
		{"2606:4700:4700::1111", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
	}
	for _, tt := range tests {
		got := blockReason(netip.MustParseAddr(tt.addr))
		if (got != "") != tt.blocked {
			t.Errorf("blockReason(%s) = %q, want blocked=%v", tt.addr, got, tt.blocked)
		}
	}
}

func TestRefusePrivateNamesTheAddress(t *testing.T) {
	err := refusePrivate("tcp4", "169.254.169.254:80", nil)
	var be *BlockedAddressError
	if !errors.As(err, &be) || be.Reason != "link-local" {
		t.Fatalf("err = %v, want a link-local refusal", err)
	}
	if want := "fetcher: refusing to connect to 169.254.169.254 (link-local address; poll.block_private is on)"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if err := refusePrivate("tcp4", "93.184.216.34:443", nil); err != nil {
		t.Errorf("public address refused: %v", err)
	}
}
