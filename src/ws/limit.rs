//! How many verbs one connection may send: a guest's phone about 10 a second and 60
//! a minute, staff five times that (a matchmaker checks people in fast). Above
//! either, a verb is answered `rate_limited` and not applied; `ping` is never
//! counted, so a phone's clock and liveness never suffer. Each window slides: the
//! verbs of the last second, and of the last minute.

use std::collections::VecDeque;

/// The verbs of one connection's recent past.
#[derive(Debug)]
pub struct VerbLimit {
    per_second: usize,
    per_minute: usize,
    /// When each verb of the last minute was taken (ms), oldest first.
    taken: VecDeque<i64>,
}

impl VerbLimit {
    /// A guest's phone.
    pub fn guest() -> VerbLimit {
        VerbLimit::new(10, 60)
    }

    /// Host, matchmakers and the projector.
    pub fn staff() -> VerbLimit {
        VerbLimit::new(50, 300)
    }

    pub fn new(per_second: usize, per_minute: usize) -> VerbLimit {
        VerbLimit {
            per_second,
            per_minute,
            taken: VecDeque::with_capacity(per_minute),
        }
    }

    /// Whether a verb sent at `now` (ms) may go on; if so, it is counted. A refused
    /// verb is not counted: a phone that waits a moment is let through.
    pub fn allow(&mut self, now: i64) -> bool {
        while self.taken.front().is_some_and(|t| now - t >= 60_000) {
            self.taken.pop_front();
        }
        let last_second = self
            .taken
            .iter()
            .rev()
            .take_while(|t| now - **t < 1_000)
            .count();
        if last_second >= self.per_second || self.taken.len() >= self.per_minute {
            return false;
        }
        self.taken.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_verbs_a_second_pass_and_the_eleventh_waits_for_the_second_to_pass() {
        let mut l = VerbLimit::guest();
        for i in 0..10 {
            assert!(l.allow(1_000 + i), "verb {i}");
        }
        assert!(!l.allow(1_500));
        assert!(!l.allow(1_999));
        assert!(l.allow(2_000), "a second after the first, one more may go");
    }

    #[test]
    fn sixty_verbs_a_minute_pass_and_then_none_until_the_oldest_is_a_minute_old() {
        let mut l = VerbLimit::guest();
        // Six a second for ten seconds: under the per-second limit throughout.
        for i in 0..60 {
            assert!(l.allow(i / 6 * 1_000 + i % 6), "verb {i}");
        }
        assert!(!l.allow(30_000));
        assert!(!l.allow(59_999));
        assert!(l.allow(60_000), "the first verb is a minute old");
    }

    #[test]
    fn refused_verbs_are_not_counted_and_staff_get_more() {
        let mut l = VerbLimit::guest();
        for _ in 0..10 {
            l.allow(0);
        }
        for t in 1..1_000 {
            assert!(!l.allow(t));
        }
        assert!(l.allow(1_000));
        let mut s = VerbLimit::staff();
        assert!((0..50).all(|i| s.allow(i)));
        assert!(!s.allow(50));
    }
}
