package server

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive, or skips: CI installs Debian's
// chromium package (see .ci/run); a developer machine may lack it.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("FEEDCURATOR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (apt-get install chromium, or set FEEDCURATOR_CHROMIUM): skipping the browser test")
	return ""
}

// TestIndexPageInABrowser loads the index page in headless Chromium and
// checks what a person sees: the topics with their feeds and headlines,
// the sources' status, and no console errors (so the CSP blocks nothing the
// page needs).
func TestIndexPageInABrowser(t *testing.T) {
	exe := chromium(t)
	f := newFixture(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/"), chromedp.WaitVisible("body")); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	body, err := chromedp.Run(ctx, chromedp.Text("body"))
	if err != nil {
		t.Fatal(err)
	}
	feedLinks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('a[href*="/feeds/"]')).map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	// The stylesheet applied (the CSP allows 'self'): body has its font.
	css, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).fontFamily`))
	if err != nil {
		t.Fatal(err)
	}
	if title == "" {
		t.Error("page has no title")
	}
	for _, want := range []string{"Korea", "North and South Korea", "Korea talks resume", "Source One", "503"} {
		if !strings.Contains(body, want) {
			t.Errorf("page text lacks %q", want)
		}
	}
	// A title is plain text: markup in it shows as text and never runs.
	if !strings.Contains(body, "<script>alert(1)</script>") {
		t.Error("a title's markup was not shown as text")
	}
	scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('script').length`))
	if err != nil || scripts != 0 {
		t.Errorf("the page has %d script elements (%v), want none", scripts, err)
	}
	for _, want := range []string{"/feeds/t.atom", "/feeds/t.rss", "/feeds/t.json"} {
		found := false
		for _, l := range feedLinks {
			found = found || strings.HasSuffix(l, want)
		}
		if !found {
			t.Errorf("no link to %s among %v", want, feedLinks)
		}
	}
	if css == "" || strings.EqualFold(css, "Times New Roman") {
		t.Errorf("the stylesheet did not apply: font-family %q", css)
	}
}
