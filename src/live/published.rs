//! What the actor publishes after each saved change: the state, the roster that
//! names its people, and the [`Board`] of frames built from them once, for every
//! connection to pick its own from.

use std::sync::Arc;

use crate::core::live::{Board, Dated, Live, Roster};

#[derive(Debug)]
pub struct Published {
    /// The state as of its last change other than interest marks, which are
    /// published in the board only ([`Published::with_marks`]): readers of this
    /// field want the clock and the seating.
    pub live: Arc<Live>,
    pub roster: Arc<Roster>,
    pub board: Board,
    /// Who dated whom, for the quick update of marks.
    pub dated: Arc<Dated>,
    /// The server time of the change (ms).
    pub at: i64,
}

impl Published {
    pub fn new(live: Live, roster: Arc<Roster>, at: i64) -> Published {
        let dated = Arc::new(live.dated(&roster));
        let board = live.board_with(&roster, &dated, at);
        Published {
            live: Arc::new(live),
            roster,
            board,
            dated,
            at,
        }
    }

    /// The state after this one: when only the clock's times changed (an
    /// extension, a pause, a resume), this board with the few frames that depend
    /// on them replaced ([`Live::board_after_times`]); else a board made anew.
    pub fn after(&self, live: Live, roster: Arc<Roster>, at: i64) -> Published {
        let same = Arc::ptr_eq(&self.roster, &roster) && live.only_times_differ(&self.live);
        if !same {
            return Published::new(live, roster, at);
        }
        let board = live.board_after_times(&self.board, &roster, at);
        Published {
            live: Arc::new(live),
            roster,
            board,
            dated: self.dated.clone(),
            at,
        }
    }

    /// This state with new interest marks (`live` has them): the `marks` frames of
    /// `people` replaced, the staff's counts too when `with_results`, and every
    /// other frame shared with this one, not rebuilt.
    pub fn with_marks(
        &self,
        live: &Live,
        people: &[String],
        with_results: bool,
        at: i64,
    ) -> Published {
        let mut board = self.board.clone();
        for (audience, kind, frame) in
            live.mark_updates(&self.roster, &self.dated, people, with_results)
        {
            board.replace(audience, kind, Some(&frame), at);
        }
        Published {
            live: self.live.clone(),
            roster: self.roster.clone(),
            board,
            dated: self.dated.clone(),
            at,
        }
    }
}
