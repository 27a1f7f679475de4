//! A volunteer's certified hours (谁组织谁记录，谁记录谁证明): the time on shift,
//! added up over the evening's shifts and rounded down to half hours, as a
//! certificate of volunteer service counts it.

/// Hours on shift, rounded down to half hours. A shift still open counts to `now`.
pub fn hours(shifts: &[(i64, Option<i64>)], now: i64) -> f64 {
    let ms: i64 = shifts
        .iter()
        .map(|&(on, off)| (off.unwrap_or(now) - on).max(0))
        .sum();
    let half_hours = ms / (30 * 60_000);
    half_hours as f64 / 2.0
}

/// The first time on and the last time off (none while still on shift).
pub fn span(shifts: &[(i64, Option<i64>)]) -> (Option<i64>, Option<i64>) {
    let on = shifts.iter().map(|s| s.0).min();
    let off = if shifts.iter().any(|s| s.1.is_none()) {
        None
    } else {
        shifts.iter().filter_map(|s| s.1).max()
    };
    (on, off)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    #[test]
    fn hours_add_up_over_shifts_and_round_down_to_half_hours() {
        assert_eq!(hours(&[], 0), 0.0);
        assert_eq!(hours(&[(0, Some(H + 29 * 60_000))], 0), 1.0);
        assert_eq!(hours(&[(0, Some(H + 30 * 60_000))], 0), 1.5);
        assert_eq!(
            hours(&[(0, Some(H)), (2 * H, Some(2 * H + 45 * 60_000))], 0),
            1.5
        );
        assert_eq!(
            hours(&[(0, None)], 2 * H),
            2.0,
            "an open shift counts to now"
        );
        assert_eq!(span(&[(5, Some(9)), (1, Some(3))]), (Some(1), Some(9)));
        assert_eq!(span(&[(5, None), (1, Some(3))]), (Some(1), None));
    }
}
