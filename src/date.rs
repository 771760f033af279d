//! Calendar dates for `reviewed:` and staleness, without a time zone: the
//! `time` crate's calendar, read and written as `YYYY-MM-DD`.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, also accepting a trailing time (`2020-07-19T10:00:00Z`)
    /// as other generators write it.
    pub fn parse(text: &str) -> Option<Date> {
        let date_part = text.trim().split(['T', ' ']).next()?;
        let mut parts = date_part.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || date_part.len() != 10 {
            return None;
        }
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when it is set, so a
    /// build can be made reproducible across days.
    pub fn today() -> Date {
        let pinned = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok());
        Date(pinned.unwrap_or_else(time::OffsetDateTime::now_utc).date())
    }

    /// Days from this date to `later` (negative when `later` is earlier).
    pub fn days_until(&self, later: Date) -> i64 {
        (later.0 - self.0).whole_days()
    }

    pub fn year(&self) -> i32 {
        self.0.year()
    }

    /// Seconds from the Unix epoch to midnight UTC of this day.
    pub fn midnight_utc(&self) -> i64 {
        self.0.midnight().assume_utc().unix_timestamp()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.0.to_calendar_date();
        write!(f, "{year:04}-{:02}-{day:02}", month as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            Date::parse("2020-07-19").map(|d| d.to_string()).as_deref(),
            Some("2020-07-19")
        );
        assert_eq!(
            Date::parse("2024-02-29T10:00:00Z")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-02-29")
        );
        for bad in ["tomorrow", "2023-02-29", "2020-13-01", "2020-7-19", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_between_dates() {
        let a = Date::parse("2020-07-19").unwrap();
        let b = Date::parse("2021-07-19").unwrap();
        assert_eq!(a.days_until(b), 365);
        assert_eq!(b.days_until(a), -365);
        assert!(a < b);
    }
}
