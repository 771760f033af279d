//! Calendar dates for `reviewed:` and staleness, without a time zone.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, also accepting a trailing time (`2020-07-19T10:00:00Z`)
    /// as other generators write it.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split(['T', ' ']).next()?;
        let mut parts = date_part.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || date_part.len() != 10 {
            return None;
        }
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && (1..=date.days_in_month()).contains(&day)).then_some(date)
    }

    fn days_in_month(&self) -> u32 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if self.is_leap() => 29,
            2 => 28,
            _ => 31,
        }
    }

    fn is_leap(&self) -> bool {
        (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse).
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when it is set, so a
    /// build can be made reproducible across days.
    pub fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_days_since_epoch(secs.div_euclid(86_400))
    }

    pub fn days_until(&self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            Date::parse("2020-07-19"),
            Some(Date {
                year: 2020,
                month: 7,
                day: 19
            })
        );
        assert_eq!(Date::parse("2024-02-29T10:00:00Z").map(|d| d.day), Some(29));
        for bad in ["tomorrow", "2023-02-29", "2020-13-01", "2020-7-19", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in [-1000, 0, 18_462, 20_000, 30_000] {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days);
        }
        assert_eq!(
            Date::parse("2020-07-19").unwrap().days_since_epoch(),
            18_462
        );
    }
}
