//! Calendar dates as written in `site.yaml` and front matter: `YYYY-MM-DD`, checked to be a real
//! day (jiff's civil dates), so `2023-02-30` is an error with its place instead of a feed entry
//! that readers reject.

/// Checks a `YYYY-MM-DD` date; the error says what is wrong and what to write.
pub fn check(value: &str) -> Result<(), String> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!(
            "date `{value}` must be written YYYY-MM-DD, e.g. 2023-11-10"
        ));
    }
    value.parse::<jiff::civil::Date>().map(|_| ()).map_err(|_| {
        format!("date `{value}` is not a day of the calendar; write YYYY-MM-DD, e.g. 2023-11-10")
    })
}

/// The 1-based line of `key:` among `text`'s lines, for locating an error in a YAML file.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn real_days_only() {
        assert!(super::check("2023-11-10").is_ok());
        assert!(super::check("2024-02-29").is_ok());
        for bad in [
            "2023-02-30",
            "2023-13-01",
            "2023-1-1",
            "10/11/2023",
            "2023-11-10T00:00",
            "yesterday",
        ] {
            assert!(super::check(bad).is_err(), "{bad}");
        }
    }
}
