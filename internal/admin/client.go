package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/feedcurator/feedcurator/db"
	"github.com/feedcurator/feedcurator/feedgen"
)

// ErrNoDaemon means no daemon answers on the socket: none runs on this
// data_dir, or it is older than the channel.
var ErrNoDaemon = errors.New("admin: no running feedcurator answers on its socket")

// Client talks to the daemon listening at a socket path.
type Client struct {
	path string
	http *http.Client
}

// NewClient makes a client of the socket at path; nothing is dialled yet.
func NewClient(path string) *Client {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
		DisableCompression: true,
	}
	return &Client{path: path, http: &http.Client{Transport: tr}}
}

// Backup writes a snapshot of the daemon's store to w.
func (c *Client) Backup(ctx context.Context, w io.Writer) error {
	return c.get(ctx, pathBackup, nil, w)
}

// Export writes the daemon's rendering of a topic's feed to w.
func (c *Client) Export(ctx context.Context, w io.Writer, topic string, format feedgen.Format) error {
	return c.get(ctx, pathExport, url.Values{"topic": {topic}, "format": {string(format)}}, w)
}

// Items calls fn with every item the daemon stores, newest first.
func (c *Client) Items(ctx context.Context, fn func(*db.Item) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := c.get(ctx, pathItems, nil, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	dec := json.NewDecoder(pr)
	var fnErr, decErr error
	for {
		var it db.Item
		if decErr = dec.Decode(&it); decErr != nil {
			break
		}
		if fnErr = fn(&it); fnErr != nil {
			break
		}
	}
	pr.CloseWithError(errors.New("admin: items: the reader stopped")) // unblocks the copy
	getErr := <-done
	switch {
	case fnErr != nil:
		return fnErr
	case getErr != nil:
		return getErr
	case !errors.Is(decErr, io.EOF):
		return fmt.Errorf("admin: items: %w", decErr)
	}
	return nil
}

// Fetch asks the daemon to poll sources (every one when none is named) now
// and returns each poll's outcome once they are stored.
func (c *Client) Fetch(ctx context.Context, sources []string) ([]FetchResult, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://feedcurator"+pathFetch+"?"+url.Values{"source": sources}.Encode(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []FetchResult
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("admin: fetch: %w", err)
	}
	return out, nil
}

func (c *Client) get(ctx context.Context, path string, q url.Values, w io.Writer) error {
	u := "http://feedcurator" + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("admin: %s: %w", path, err)
	}
	return nil
}

// do sends req, turning "nobody listens" into ErrNoDaemon and an error
// answer into its message.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, fmt.Errorf("%w (%s)", ErrNoDaemon, c.path)
		}
		if errors.Is(err, syscall.EACCES) {
			return nil, fmt.Errorf("admin: %s is the running daemon's and only its user may use it: run the command as that user", c.path)
		}
		return nil, fmt.Errorf("admin: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		return nil, fmt.Errorf("the running feedcurator answered: %s", strings.TrimSpace(string(b)))
	}
	return resp, nil
}
