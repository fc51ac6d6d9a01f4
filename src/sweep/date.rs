//! The day a sweep ran, as `YYYY-MM-DD` (UTC). Hand-written: a civil date from the Unix clock
//! is a dozen lines, and nothing else in tlslint needs a calendar.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today in UTC.
pub fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days fit in i64 for any clock value; `as` cannot truncate a u64 / 86400 that large.
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count since
/// 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // day is in 1..=31 and month in 1..=12 by construction.
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

/// Whether `text` is a real day written `YYYY-MM-DD` (so that dates sort as text).
pub fn is_valid(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
    {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// `--date`: a day as `YYYY-MM-DD`.
pub fn parse(text: &str) -> Result<String, String> {
    if is_valid(text) {
        Ok(text.to_owned())
    } else {
        Err(format!("`{text}` is not a day written YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_428), (2025, 12, 6));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert!(is_valid(&today()));
    }

    #[test]
    fn only_real_days_are_dates() {
        for good in ["2026-01-31", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_valid(good), "{good}");
        }
        for bad in [
            "2026-1-31",
            "2026-02-30",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "20260131",
            "2026/01/31",
            "２０２６-01-31",
            "",
        ] {
            assert!(!is_valid(bad), "{bad}");
            assert!(parse(bad).is_err());
        }
    }
}
