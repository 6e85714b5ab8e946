package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/feedcurator/feedcurator/fetcher/charset"
)

// tinyItemFeed is the feed of issue 11, item 7: body bytes of
// <item><guid>N</guid></item> in the given format (rss, atom, rdf, json).
func tinyItemFeed(format string, size int) []byte {
	head, item, sep, tail := "", "", "", ""
	switch format {
	case "rss":
		head, item, tail = `<?xml version="1.0"?><rss version="2.0"><channel><title>tiny</title><link>https://tiny.example/</link>`, "<item><guid>%d</guid><title>%[1]d</title></item>", `</channel></rss>`
	case "atom":
		head, item, tail = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>tiny</title><id>urn:tiny</id>`, "<entry><id>urn:%d</id><title>%[1]d</title></entry>", `</feed>`
	case "rdf":
		head, item, tail = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>tiny</title><link>https://tiny.example/</link></channel>`, `<item rdf:about="https://tiny.example/%d"><title>%[1]d</title><link>https://tiny.example/%[1]d</link></item>`, `</rdf:RDF>`
	case "json":
		head, item, sep, tail = `{"version":"https://jsonfeed.org/version/1.1","title":"tiny","items":[`, `{"id":"%d","content_text":"x"}`, ",", `]}`
	}
	var b bytes.Buffer
	b.Grow(size + 256)
	b.WriteString(head)
	for i := 0; b.Len() < size-len(tail)-64; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		fmt.Fprintf(&b, item, i)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// parsePeakEnv makes the test binary a child that parses one tiny-item feed
// and exits, so that the parent can read the child's peak RSS.
const parsePeakEnv = "FEEDCURATOR_TEST_PARSE_PEAK"

func TestParsePeakChild(t *testing.T) {
	format, parallel, _ := strings.Cut(os.Getenv(parsePeakEnv), ":")
	if format == "" {
		t.Skip("run by TestParseMemoryBoundedByItemCap")
	}
	n, _ := strconv.Atoi(parallel)
	var wg sync.WaitGroup
	for range max(n, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := tinyItemFeed(format, 16<<20)
			feed, err := Parse("tiny", "https://tiny.example/feed", "", body)
			if err != nil {
				t.Error(err)
				return
			}
			fmt.Printf("items=%d\n", len(feed.Items))
		}()
	}
	wg.Wait()
}

// TestParseMemoryBoundedByItemCap: a 16 MB feed of half a million tiny
// items is parsed in memory bounded by the item cap (1,000 items), not by
// the number of items: peak RSS of a process that only builds the body and
// parses it stays under 150 MB (it was 390 MB).
func TestParseMemoryBoundedByItemCap(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads ru_maxrss in KiB, as Linux reports it")
	}
	if testing.Short() || raceEnabled {
		t.Skip("builds and parses 16 MB feeds; measures memory, which -race multiplies")
	}
	for _, format := range []string{"rss", "atom", "json"} {
		t.Run(format, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestParsePeakChild$", "-test.v")
			cmd.Env = append(os.Environ(), parsePeakEnv+"="+format)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "items="+strconv.Itoa(maxItems)+"\n") {
				t.Fatalf("child kept a number of items other than %d:\n%s", maxItems, out)
			}
			peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss >> 10 // KiB to MiB
			t.Logf("%s: peak RSS %d MiB", format, peak)
			if peak >= 150 {
				t.Errorf("peak RSS %d MiB parsing a 16 MB feed of tiny items, want < 150", peak)
			}
		})
	}
}

// datedItemsFeed is a feed of n items in format whose dates go back and
// forth (some equal, some missing), with a feed-level field after the items
// and items that differ in what hintsFor reads.
func datedItemsFeed(format string, n int) []byte {
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	date := func(i int) (time.Time, bool) {
		return base.Add(time.Duration((i*7919)%1500) * time.Minute), i%11 != 0
	}
	var b bytes.Buffer
	switch format {
	case "rss":
		b.WriteString(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>dated</title><link>https://dated.example/</link>`)
		for i := range n {
			fmt.Fprintf(&b, `<item><title>Item %d</title><guid isPermaLink="%t">https://dated.example/%d</guid>`, i, i%2 == 0, i)
			if d, ok := date(i); ok {
				fmt.Fprintf(&b, `<dc:date>%s</dc:date>`, d.Format(time.RFC3339))
			}
			b.WriteString(`</item>`)
		}
		b.WriteString(`<ttl>90</ttl></channel></rss>`)
	case "atom":
		b.WriteString(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:dated</id>`)
		for i := range n {
			fmt.Fprintf(&b, `<entry><id>urn:dated:%d</id><title>Item %[1]d</title><content type="%s">a &lt;b&gt; %[1]d</content>`, i, map[bool]string{true: "text", false: "html"}[i%3 == 0])
			if d, ok := date(i); ok {
				fmt.Fprintf(&b, `<updated>%s</updated>`, d.Format(time.RFC3339))
			}
			b.WriteString(`</entry>`)
		}
		b.WriteString(`<title>dated</title></feed>`)
	case "json":
		b.WriteString(`{"title":"dated", "items" : [ `)
		for i := range n {
			if i > 0 {
				b.WriteString(" ,\n")
			}
			fmt.Fprintf(&b, `{"id":"%d","title":"Item %[1]d","content_text":"a <b> %[1]d"`, i)
			if d, ok := date(i); ok {
				fmt.Fprintf(&b, `,"date_published":"%s"`, d.Format(time.RFC3339))
			}
			b.WriteString(`}`)
		}
		b.WriteString(` ], "home_page_url":"https://dated.example/", "version":"https://jsonfeed.org/version/1.1"}`)
	}
	return b.Bytes()
}

// TestParseWindowsKeepTheSameItems: a feed parsed a window of items at a
// time yields exactly what one parse of the whole feed did: the newest
// maxItems items in document order, with the feed-level fields (here some
// after the items) and each item's format-specific details.
func TestParseWindowsKeepTheSameItems(t *testing.T) {
	for _, format := range []string{"rss", "atom", "json"} {
		for _, n := range []int{maxItems, maxItems + 1, 2*maxItems + 17} {
			t.Run(fmt.Sprintf("%s/%d", format, n), func(t *testing.T) {
				body := datedItemsFeed(format, n)
				got, err := Parse("dated", "https://dated.example/feed", "", body)
				if err != nil {
					t.Fatal(err)
				}
				text, _ := charset.Decode(body, "")
				whole, err := feedParser.Parse(charset.WithoutXMLEncoding(text))
				if err != nil {
					t.Fatal(err)
				}
				want := normalizeFeed(whole, newestItems(itemsOf(whole), maxItems), "dated", "https://dated.example/feed")
				if len(got.Items) != min(n, maxItems) || got.Title != "dated" {
					t.Fatalf("%d items titled %q, want %d titled dated", len(got.Items), got.Title, min(n, maxItems))
				}
				if !reflect.DeepEqual(got, want) {
					for i := range got.Items {
						if !reflect.DeepEqual(got.Items[i], want.Items[i]) {
							t.Fatalf("item %d:\n got %+v\nwant %+v", i, got.Items[i], want.Items[i])
						}
					}
					t.Fatalf("feed:\n got %+v\nwant %+v", *got, *want)
				}
			})
		}
	}
}

// TestItemWindowsFound: the windows are cut only past maxItems items, at
// the items' own depth (an element named item inside an item is not one).
func TestItemWindowsFound(t *testing.T) {
	nested := []byte(`<rss><channel><item><title>a</title><media:item/></item><item/><item><x><item/></x></item></channel></rss>`)
	w, err := scanXML(nested, 1)
	if err != nil || w == nil {
		t.Fatalf("windows %v, err %v", w, err)
	}
	if w.count != 3 || len(w.spans) != 3 || len(w.ancestors) != 2 {
		t.Fatalf("count %d, %d windows, %d ancestors; want 3, 3, 2", w.count, len(w.spans), len(w.ancestors))
	}
	for k, want := range []string{`<rss><channel><item><title>a</title><media:item/></item></channel></rss>`, `<rss><channel><item/></channel></rss>`, `<rss><channel><item><x><item/></x></item></channel></rss>`} {
		got, _ := io.ReadAll(w.reader(k))
		if string(got) != want {
			t.Errorf("window %d = %s, want %s", k, got, want)
		}
	}
	if w, _ := scanXML(nested, 3); w != nil {
		t.Errorf("3 items cut into windows of 3")
	}
	if w, err := jsonItemWindows([]byte(`{"items":[{"a":{}},{}],"version":"x"}`), 2); w != nil || err != nil {
		t.Errorf("2 JSON items cut into windows of 2 (err %v)", err)
	}
	// Items at another depth are items too: none can hide in the markup
	// around the windows, which the first window's document holds whole.
	mixed := []byte(`<rss><item/><item/><channel><item/><item/><item/></channel></rss>`)
	if w, _ := scanXML(mixed, 2); w == nil || w.count != 5 || w.tail != bytes.Index(mixed, []byte("</channel>")) {
		t.Errorf("items at two depths: %+v", w)
	}
	// A second "items" array would be what encoding/json reads, whole.
	_, err = jsonItemWindows([]byte(`{"items":[{},{},{}],"items":[{},{},{}]}`), 2)
	if !errors.Is(err, ErrNotAFeed) {
		t.Errorf("two items arrays: err %v, want ErrNotAFeed", err)
	}
}
