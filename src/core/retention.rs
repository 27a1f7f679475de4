//! How long links and personal data outlive an event (PIPL: kept no longer than
//! needed). Pure: every question takes `now`.

/// How long links and personal data outlive an event (PIPL: no longer than needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days after the close that guests' and staff's links keep working
    /// (`--link-days`); a guest can always read their own matches.
    pub link_days: u32,
    /// Days after the close when personal data is erased (`--erase-after-days`).
    pub erase_after_days: Option<u32>,
}

const DAY_MS: i64 = 86_400_000;

impl Default for Retention {
    fn default() -> Self {
        Retention {
            link_days: 30,
            erase_after_days: None,
        }
    }
}

impl Retention {
    /// Whether links of an event closed at `closed_at` have stopped working at `now`.
    pub fn links_ended(&self, closed_at: Option<i64>, now: i64) -> bool {
        closed_at.is_some_and(|c| now >= c + i64::from(self.link_days) * DAY_MS)
    }

    /// Whether an event closed at `closed_at` is due for automatic erasure at `now`.
    pub fn erase_due(&self, closed_at: Option<i64>, now: i64) -> bool {
        match (closed_at, self.erase_after_days) {
            (Some(c), Some(days)) => now >= c + i64::from(days) * DAY_MS,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_end_the_chosen_number_of_days_after_the_close_and_never_before_it() {
        let r = Retention::default();
        assert!(!r.links_ended(None, i64::MAX / 2));
        assert!(!r.links_ended(Some(0), 30 * DAY_MS - 1));
        assert!(r.links_ended(Some(0), 30 * DAY_MS));
        let erase = Retention {
            link_days: 30,
            erase_after_days: Some(7),
        };
        assert!(
            !r.erase_due(Some(0), 365 * DAY_MS),
            "no automatic erasure unless set"
        );
        assert!(!erase.erase_due(Some(0), 7 * DAY_MS - 1));
        assert!(erase.erase_due(Some(0), 7 * DAY_MS));
        assert!(!erase.erase_due(None, 365 * DAY_MS));
    }
}
