package httpclient

import (
	"errors"
	"fmt"
	"io"
	"slices"
)

// initialBodyBuffer is the first allocation for a body of unknown length.
const initialBodyBuffer = 64 << 10

// readBody reads r in full, refusing more than limit bytes. It reads at most
// limit+1 bytes and never grows its buffer past that, so a gzip bomb or an
// endless body costs no more memory than a body just over the limit, and the
// excess is reported as ErrBodyTooLarge instead of returning a truncated feed
// that would parse as a shorter one. sizeHint is the Content-Length (-1 if
// unknown); a declared length over the limit fails before anything is read.
func readBody(r io.Reader, sizeHint, limit int64) ([]byte, error) {
	if sizeHint > limit {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds poll.max_body %d bytes", ErrBodyTooLarge, sizeHint, limit)
	}
	initial := int64(initialBodyBuffer)
	if sizeHint >= 0 {
		initial = sizeHint + 1 // +1 to see EOF without growing
	}
	buf := make([]byte, 0, min(initial, limit+1))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, fmt.Errorf("%w: more than poll.max_body %d bytes", ErrBodyTooLarge, limit)
			}
			buf = slices.Grow(buf, int(min(int64(2*cap(buf)), limit+1))-len(buf))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
