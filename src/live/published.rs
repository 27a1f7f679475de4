//! What the actor publishes after each saved change: the state, the roster that
//! names its people, and the [`Board`] of frames built from them once, for every
//! connection to pick its own from.

use std::sync::Arc;

use crate::core::live::{Board, Live, Roster};

#[derive(Debug)]
pub struct Published {
    pub live: Live,
    pub roster: Arc<Roster>,
    pub board: Board,
    /// The server time of the change (ms).
    pub at: i64,
}

impl Published {
    pub fn new(live: Live, roster: Arc<Roster>, at: i64) -> Published {
        let board = live.board(&roster, at);
        Published {
            live,
            roster,
            board,
            at,
        }
    }
}
