//! Every row the live engine writes beside its state, by slice: the composer's
//! [`Row`], which each slice's own rows become. `db::live` writes each kind to its
//! table.

use super::chat::ChatRow;
use super::clock::RoundRow;
use super::desk::TicketRow;
use super::escort::EscortRow;
use super::interest::InterestRow;
use super::presence::PresenceRow;

/// What the actor saves with a change, for every slice.
pub type Outcome = super::outcome::Outcome<Row>;

/// A row of one slice's.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Presence(PresenceRow),
    Round(RoundRow),
    Chat(ChatRow),
    Ticket(TicketRow),
    Interest(InterestRow),
    Escort(EscortRow),
}

impl From<EscortRow> for Row {
    fn from(r: EscortRow) -> Row {
        Row::Escort(r)
    }
}

impl From<PresenceRow> for Row {
    fn from(r: PresenceRow) -> Row {
        Row::Presence(r)
    }
}
impl From<RoundRow> for Row {
    fn from(r: RoundRow) -> Row {
        Row::Round(r)
    }
}
impl From<ChatRow> for Row {
    fn from(r: ChatRow) -> Row {
        Row::Chat(r)
    }
}
impl From<TicketRow> for Row {
    fn from(r: TicketRow) -> Row {
        Row::Ticket(r)
    }
}
impl From<InterestRow> for Row {
    fn from(r: InterestRow) -> Row {
        Row::Interest(r)
    }
}
