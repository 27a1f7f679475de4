//! When the evening has work without anyone asking: each slice with deadlines
//! names its next one, the composer takes the earliest ([`Deadline`]'s order) and
//! fires it in one `match` (`Live::tick`).
//!
//! Two deadlines at the same moment fire in [`Due`]'s order, which is written down
//! here rather than left to the order of an if-chain:
//!
//! 1. a desk's call flagged as unanswered, and
//! 2. a reveal the host set for later, touch nothing else of the evening;
//! 3. the private chat area before the clock, so that a stay ending with the
//!    round is over before the next round is planned;
//! 4. the clock's phase change last.

/// Whose deadline it is; the order of the variants is the order of ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    Desk,
    Interest,
    Chat,
    /// An escort task nobody took, to flag.
    Escort,
    Clock,
}

/// A moment (Unix ms) one slice has work at. Ordered by time, then by [`Due`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Deadline {
    pub at: i64,
    pub due: Due,
}

impl Deadline {
    /// `due`'s deadline at `at`, if it has one.
    pub fn of(due: Due, at: Option<i64>) -> Option<Deadline> {
        at.map(|at| Deadline { at, due })
    }

    /// The earliest of these, ties in [`Due`]'s order.
    pub fn earliest(all: impl IntoIterator<Item = Option<Deadline>>) -> Option<Deadline> {
        all.into_iter().flatten().min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_deadline_comes_first_and_ties_go_desk_interest_chat_clock() {
        let at = |due, at| Deadline::of(due, Some(at));
        let all = [
            at(Due::Clock, 10),
            at(Due::Chat, 10),
            None,
            at(Due::Interest, 10),
            at(Due::Desk, 10),
        ];
        assert_eq!(Deadline::earliest(all).unwrap().due, Due::Desk);
        assert_eq!(
            Deadline::earliest([at(Due::Clock, 10), at(Due::Chat, 10)])
                .unwrap()
                .due,
            Due::Chat,
            "a stay ending with the round is over before the round's end is handled"
        );
        assert_eq!(
            Deadline::earliest([at(Due::Desk, 11), at(Due::Clock, 10)]),
            at(Due::Clock, 10),
            "time first"
        );
        assert_eq!(Deadline::earliest([None, None]), None);
    }
}
