//! Time for the emulator: strictly increasing timestamps (so `create_time` orders resources
//! the way they were created, even within one clock tick), a monotonic reading for quota
//! windows, both movable forward by tests ([`Emulator::advance_clock`](super::Emulator::advance_clock)),
//! and RFC 3339 parsing and printing for filters, without a date-time dependency.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use prost_types::Timestamp;

/// Hands out timestamps that never repeat and never go backwards.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    last_nanos: i128,
    /// How far tests moved the clock forward: added to the wall clock and to
    /// [`Clock::monotonic`] alike, so timestamps and quota windows agree.
    offset: Duration,
}

impl Clock {
    /// The current time, at least one microsecond after the previous one handed out.
    pub(crate) fn now(&mut self) -> Timestamp {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.saturating_add(self.offset).as_nanos() as i128)
            .unwrap_or(0);
        // Microsecond steps: the REST surface shows microseconds, so keep them distinct there too.
        let next = wall.max(self.last_nanos + 1_000);
        self.last_nanos = next;
        from_nanos(next)
    }

    /// A monotonic reading (the process's `Instant`, plus the offset), for windows that must
    /// not jump when the wall clock is set.
    pub(crate) fn monotonic(&self) -> Instant {
        let now = Instant::now();
        now.checked_add(self.offset).unwrap_or(now)
    }

    /// Moves the clock forward by `by`.
    pub(crate) fn advance(&mut self, by: Duration) {
        self.offset = self.offset.saturating_add(by);
    }
}

/// Nanoseconds since the epoch of a timestamp.
pub(crate) fn nanos(t: &Timestamp) -> i128 {
    i128::from(t.seconds) * 1_000_000_000 + i128::from(t.nanos)
}

/// The timestamp `n` nanoseconds after the epoch.
pub(crate) fn from_nanos(n: i128) -> Timestamp {
    Timestamp {
        seconds: n.div_euclid(1_000_000_000) as i64,
        nanos: n.rem_euclid(1_000_000_000) as i32,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
#[cfg(test)]
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses an RFC 3339 timestamp such as `2023-04-21T11:30:00-04:00` or
/// `2023-04-21T15:30:00.5Z`. `None` if it is not one.
pub(crate) fn parse_rfc3339(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac_nanos = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &s[start..i];
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        frac_nanos = digits.parse::<i64>().ok()? * 10i64.pow(9 - digits.len() as u32);
    }
    let offset_secs = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        c @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = num(i + 1, 2)?;
            let om = num(i + 4, 2)?;
            let off = oh * 3600 + om * 60;
            if *c == b'+' { off } else { -off }
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_secs;
    Some(Timestamp {
        seconds: secs,
        nanos: frac_nanos as i32,
    })
}

/// Formats a timestamp as RFC 3339 in UTC with microseconds, as the REST surface does.
#[cfg(test)]
pub(crate) fn format_rfc3339(t: &Timestamp) -> String {
    let days = t.seconds.div_euclid(86_400);
    let rem = t.seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        t.nanos / 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_and_honours_offsets() {
        let t = parse_rfc3339("2023-04-21T11:30:00-04:00").unwrap();
        assert_eq!(format_rfc3339(&t), "2023-04-21T15:30:00.000000Z");
        let z = parse_rfc3339("1970-01-01T00:00:01.5Z").unwrap();
        assert_eq!((z.seconds, z.nanos), (1, 500_000_000));
        assert!(parse_rfc3339("2023-13-01T00:00:00Z").is_none());
        assert!(parse_rfc3339("yesterday").is_none());
    }

    #[test]
    fn clock_never_repeats() {
        let mut c = Clock::default();
        let a = c.now();
        let b = c.now();
        assert!(nanos(&b) > nanos(&a));
    }
}
