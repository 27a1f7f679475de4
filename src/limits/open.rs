//! How many connections one link may have open at once: a few for a guest's link
//! (a reload overlapping the old page, a second phone or a companion's), more for
//! staff (a console, a spare tablet, a page reopened). One more is refused at
//! `hello` with `too_many_connections`. A connection holds a [`Slot`] for as long
//! as it lives: dropping it (however the connection ends) frees the place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Open connections a guest's link may have.
pub const GUEST: usize = 3;
/// Open connections a staff link may have.
pub const STAFF: usize = 10;

/// The open connections of every link, by owner (`participant:<id>`, `staff:<id>`).
#[derive(Clone, Default)]
pub struct Open(Arc<Mutex<HashMap<String, usize>>>);

/// One open connection's place; freed when dropped.
pub struct Slot {
    open: Open,
    owner: String,
}

impl Open {
    /// A place for one more connection of `owner`, unless `max` are open.
    pub fn take(&self, owner: &str, max: usize) -> Option<Slot> {
        let mut open = self.0.lock().expect("connection counts");
        let n = open.entry(owner.to_string()).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            open: self.clone(),
            owner: owner.to_string(),
        })
    }

    /// How many connections `owner` has open.
    pub fn count(&self, owner: &str) -> usize {
        self.0
            .lock()
            .expect("connection counts")
            .get(owner)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.0.lock().expect("connection counts");
        if let Some(n) = open.get_mut(&self.owner) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.owner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_has_at_most_its_places_and_a_closed_connection_frees_one() {
        let open = Open::default();
        let slots: Vec<Slot> = (0..GUEST)
            .map(|_| open.take("participant:a", GUEST).unwrap())
            .collect();
        assert!(open.take("participant:a", GUEST).is_none());
        assert!(
            open.take("participant:b", GUEST).is_some(),
            "another link is not held back"
        );
        drop(slots);
        assert_eq!(open.count("participant:a"), 0);
        assert!(open.take("participant:a", GUEST).is_some());
    }
}
