package httpclient

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	date := now.Add(-10 * time.Second) // the server's clock is 10s behind ours
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"absent", nil, 0},
		{"seconds", map[string]string{"Retry-After": "120"}, 2 * time.Minute},
		{"zero", map[string]string{"Retry-After": "0"}, 0},
		{"negative", map[string]string{"Retry-After": "-5"}, 0},
		{"huge is capped", map[string]string{"Retry-After": "99999999999999"}, maxHeaderDelay},
		{"date against the server's Date", map[string]string{
			"Date": date.Format(http.TimeFormat), "Retry-After": date.Add(time.Hour).Format(http.TimeFormat),
		}, time.Hour},
		{"date against our clock without Date", map[string]string{
			"Retry-After": now.Add(30 * time.Second).Format(http.TimeFormat),
		}, 30 * time.Second},
		{"date in the past", map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0},
		{"garbage", map[string]string{"Retry-After": "soon"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := retryAfter(h, now); got != tt.want {
				t.Errorf("retryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMaxAge(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"absent", nil, 0},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=300"}, 5 * time.Minute},
		{"quoted, upper case", map[string]string{"Cache-Control": `MAX-AGE="60"`}, time.Minute},
		{"no-cache grants nothing", map[string]string{"Cache-Control": "no-cache"}, 0},
		{"no-store grants nothing", map[string]string{"Cache-Control": "no-store, must-revalidate"}, 0},
		{"s-maxage is for shared caches", map[string]string{"Cache-Control": "s-maxage=600"}, 0},
		{"max-age beats Expires", map[string]string{
			"Cache-Control": "max-age=10", "Expires": now.Add(time.Hour).Format(http.TimeFormat),
		}, 10 * time.Second},
		{"Expires minus Date", map[string]string{
			"Date": now.Format(http.TimeFormat), "Expires": now.Add(15 * time.Minute).Format(http.TimeFormat),
		}, 15 * time.Minute},
		{"Expires in the past", map[string]string{"Expires": now.Add(-time.Minute).Format(http.TimeFormat)}, 0},
		{"Expires: 0", map[string]string{"Expires": "0"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			if got := maxAge(h, now); got != tt.want {
				t.Errorf("maxAge = %v, want %v", got, tt.want)
			}
		})
	}
}
