package db

import "time"

// ClockJumpLimit is how far ahead of the previous retention pass a clock
// may be before pruning by age is held (see JudgeClock); engines also clamp
// tombstones dated further ahead than this.
const ClockJumpLimit = 24 * time.Hour

// clockJumpConfirm is how long a jump ahead must hold before it is believed.
const clockJumpConfirm = time.Hour

// ClockVerdict is JudgeClock's ruling on one retention pass.
type ClockVerdict struct {
	// Pending is when the jump now pending was first seen (zero: none); the
	// engine keeps it for the next pass.
	Pending time.Time
	// Hold: prune nothing by age and expire no tombstone this pass, and
	// keep the previous pass's time.
	Hold bool
	// Note is what to log about it, "" for nothing.
	Note string
}

// JudgeClock is the one rule every engine applies to a retention pass at
// real, given the previous pass's time last and the pending jump's first
// sighting jump (both zero when unknown). Retention is the one place where a
// wrong clock destroys data: a pass run while the clock is a year ahead
// prunes everything, and tombstones then keep the items from coming back.
//
//   - behind last: the clock went back; pruning by age uses it as it is,
//     which can only prune less;
//   - up to ClockJumpLimit ahead: normal;
//   - further ahead: held until the new time has persisted for an hour by
//     its own reckoning without falling back. A clock that was set wrong is
//     normally put right within minutes; a machine that really was off for
//     days loses an hour of pruning, nothing more.
func JudgeClock(last, jump, real time.Time) ClockVerdict {
	switch {
	case last.IsZero() || real.Sub(last) <= ClockJumpLimit:
		return ClockVerdict{}
	case jump.IsZero() || real.Before(jump):
		return ClockVerdict{Pending: real, Hold: true,
			Note: "the clock jumped ahead of the last retention pass; pruning by age is held until the new time has held for an hour"}
	case real.Sub(jump) < clockJumpConfirm:
		return ClockVerdict{Pending: jump, Hold: true}
	}
	return ClockVerdict{Note: "the clock's jump ahead has held for an hour; pruning by age resumes at the new time"}
}
