//! The server's frames as types, each with its audience, and the [`Board`]: every
//! frame of one published state, serialised once, keyed by kind and audience.
//!
//! A connection's welcome snapshot and its live updates both come from
//! [`Board::visible`], so a frame cannot be in one and missing from the other, and
//! who may see a frame is decided in one place ([`Audience::admits`]). A frame kind
//! a viewer may see is listed even while it has nothing to say (`null` in the
//! snapshot); once shown, a frame is replaced by a newer one of its kind, never
//! withdrawn, so a slice says "nothing" with a frame of its own (a `none` state).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::clock::Phase;
pub use super::roster::{IdentityFrame, IssuedBy};
use super::seating::{AssignmentView, TableRow};
use super::viewer::{Audience, Viewer};

/// The `phase` frame's fields (PROTOCOL.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseFrame {
    pub phase: Phase,
    /// The round under way, or the one people are moving to during a transition or
    /// break; `null` in the lobby.
    pub round: Option<u32>,
    pub rounds: u32,
    pub started_at: i64,
    /// Absolute deadline. While paused: the deadline if resumed now.
    pub ends_at: Option<i64>,
    pub paused: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_ms: Option<i64>,
}

/// The event itself: what every screen shows at the top, and the planned lengths,
/// so a page can say when a resting guest's next date is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventFrame {
    pub title: String,
    /// The organisation holding the evening (主办单位); empty when not given.
    pub organiser: String,
    pub venue: String,
    pub round_ms: i64,
    pub transition_ms: i64,
    pub break_after: Option<u32>,
    pub break_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnounceFrame {
    pub text: String,
    pub sent_at: i64,
}

/// Who a participant is, on their own screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeFrame {
    pub name: String,
    pub number: i64,
}

/// A participant's own place in the shown round (`round: null` when there is none),
/// with their own presence and rest request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentFrame {
    pub round: Option<u32>,
    pub table: Option<String>,
    pub partner: Option<super::seating::PartnerView>,
    pub interpreter: bool,
    pub resting_requested: bool,
    pub present: bool,
}

impl AssignmentFrame {
    pub fn new(seat: Option<AssignmentView>, resting: bool, present: bool) -> AssignmentFrame {
        let seat = seat.unwrap_or(AssignmentView {
            round: 0,
            table: None,
            partner: None,
            interpreter: false,
        });
        AssignmentFrame {
            round: Some(seat.round).filter(|&r| r > 0),
            table: seat.table,
            partner: seat.partner,
            interpreter: seat.interpreter,
            resting_requested: resting,
            present,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TablesFrame {
    pub round: Option<u32>,
    pub tables: Vec<TableRow>,
}

/// Head counts for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountsFrame {
    pub present: usize,
    pub registered: usize,
}

/// One guest at the check-in desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    pub id: String,
    pub number: Option<i64>,
    pub name: Option<String>,
    pub present: bool,
    pub gone: bool,
    pub resting: bool,
    pub table: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeopleFrame {
    pub people: Vec<PersonRow>,
}

/// One room of the private chat area. Staff see who is inside (numbers, and names
/// for host and matchmakers) and until when; the projector sees only whether it is
/// in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomRow {
    pub room: String,
    pub in_use: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbers: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Option<i64>>,
}

/// A pair waiting for a room, first in line first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueRow {
    pub numbers: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    pub since: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomsFrame {
    pub rooms: Vec<RoomRow>,
    /// Staff only: the projector shows no queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<Vec<QueueRow>>,
    /// Staff only: how long an invitation waits and the longest stay (ms; `null`:
    /// to the end of the next round).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<super::chat::ChatSettings>,
}

/// A guest's own place at the matchmaker desks (PROTOCOL.md's `ticket`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketFrame {
    pub ticket: Option<String>,
    /// The guest's badge number.
    pub number: Option<i64>,
    /// `none | waiting | called | serving | done | cancelled | no_show`.
    pub state: &'static str,
    pub reason: Option<super::desk::Reason>,
    /// 1 = next in line.
    pub position: Option<usize>,
    /// The estimated wait, low and high (ms).
    pub wait_ms: Option<[i64; 2]>,
    pub desk: Option<String>,
    pub come_to_me: bool,
}

/// A ticket as staff see it, at a desk or in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffTicket {
    pub ticket: String,
    pub number: i64,
    pub participant: String,
    pub name: String,
    /// `waiting | called | serving`.
    pub state: &'static str,
    pub reason: super::desk::Reason,
    pub come_to_me: bool,
    /// The guest's note, for staff only.
    pub note: Option<String>,
    /// *(Blossom)* The matchmakers' private note on this visit (`desk.note`).
    pub staff_note: Option<String>,
    /// When the ticket joined the queue.
    pub since: i64,
    /// *(Blossom)* When the guest's date under way ends, if they are in one.
    pub in_date_until: Option<i64>,
    /// *(Blossom)* The table the guest is at (or goes to) now, if any (never
    /// while they are in a private chat room: `room` says where).
    pub table: Option<String>,
    /// *(Blossom)* The private chat room the guest is in now, if any.
    pub room: Option<String>,
    /// *(Blossom)* Where the guest said they are, for "come to me".
    pub place: Option<String>,
    /// *(Blossom)* When it was called, and whether the guest said "on my way".
    pub called_at: Option<i64>,
    pub coming: bool,
    /// *(Blossom)* Called two minutes ago and not answered: go to their table.
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskRow {
    pub desk: String,
    pub ticket: Option<StaffTicket>,
}

/// The desks and the queue, for host and matchmakers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DesksFrame {
    pub desks: Vec<DeskRow>,
    /// In the order served, first in line first.
    pub queue: Vec<StaffTicket>,
}

/// One call on the projector's board: a badge number and a desk, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRow {
    pub number: i64,
    pub desk: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallsFrame {
    pub calls: Vec<CallRow>,
}

/// A partner as a guest's "my dates" names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub name: String,
    pub number: i64,
}

/// One date on a guest's own "my dates", with their own choice only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkRow {
    pub round: u32,
    pub table: String,
    pub partner: Named,
    pub choice: Option<super::interest::Choice>,
}

/// A guest's own marks (`marks`), for them alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarksFrame {
    pub marks: Vec<MarkRow>,
    pub locked: bool,
    /// *(Blossom)* Whether this guest's contact is shared with mutual matches.
    pub share_contact: bool,
    /// *(Blossom)* Whether the guest has a contact to share at all.
    pub has_contact: bool,
}

/// One mutual match, on the guest's own phone after the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchRow {
    pub name: String,
    pub number: i64,
    pub kind: super::interest::MatchKind,
    /// Only when both consented to share.
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchesFrame {
    pub matches: Vec<MatchRow>,
}

/// The staff's counts: never a mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultsFrame {
    pub marked: usize,
    pub of: usize,
    pub revealed: bool,
    pub matches: Option<usize>,
    /// *(Blossom)* A reveal the host set for later.
    pub reveal_at: Option<i64>,
}

/// One mutual match for the matchmakers' (and the organiser's) follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpRow {
    pub a: Named,
    pub b: Named,
    pub kind: super::interest::MatchKind,
    /// Both consented: each was shown the other's contact.
    pub contacts_shared: bool,
}

impl FollowUpRow {
    /// The follow-up rows of mutual matches, built the one way both the matchmakers'
    /// `follow_up` frame and the organiser's `/matches` build them: each pair named
    /// (a pair with someone no longer named is left out), and its contacts shared
    /// only when both guests consented, as each last said (`consented`).
    pub fn all(
        mutual: impl IntoIterator<Item = (String, String, super::interest::MatchKind)>,
        named: impl Fn(&str) -> Option<Named>,
        consented: impl Fn(&str) -> bool,
    ) -> Vec<FollowUpRow> {
        mutual
            .into_iter()
            .filter_map(|(a, b, kind)| {
                Some(FollowUpRow {
                    contacts_shared: consented(&a) && consented(&b),
                    a: named(&a)?,
                    b: named(&b)?,
                    kind,
                })
            })
            .collect()
    }
}

/// *(Blossom)* After the reveal, the mutual matches for the matchmakers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpFrame {
    pub matches: Vec<FollowUpRow>,
}

/// Every frame the server publishes from the evening's state. The variant is the
/// frame's `type` on the wire, and its kind in the welcome snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Frame {
    Event(EventFrame),
    Phase(PhaseFrame),
    Announce(AnnounceFrame),
    Me(MeFrame),
    Identity(IdentityFrame),
    Assignment(AssignmentFrame),
    Tables(TablesFrame),
    Counts(CountsFrame),
    People(PeopleFrame),
    /// One participant's own private-chat state (PROTOCOL.md's `chat`).
    Chat(super::chat::ChatView),
    Rooms(RoomsFrame),
    Ticket(TicketFrame),
    Desks(DesksFrame),
    Calls(CallsFrame),
    Marks(MarksFrame),
    Matches(MatchesFrame),
    Results(ResultsFrame),
    #[serde(rename = "follow_up")]
    FollowUp(FollowUpFrame),
    Programme(super::programme::ProgrammeFrame),
    Captions(CaptionsFrame),
    Spotlight(SpotlightFrame),
    Poll(PollFrame),
    /// *(Blossom)* A guest's own introduction and stage consent.
    Intro(IntroFrame),
    /// *(Blossom)* The introductions of guests who agreed to go on stage, for the host.
    Intros(IntrosFrame),
    /// Escort tasks, for the host and each volunteer.
    Escorts(EscortsFrame),
    /// A guest's own escort: whether a volunteer is on the way, and who.
    Escort(EscortFrame),
}

/// A volunteer as a task names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolunteerRef {
    pub id: String,
    pub name: String,
}

/// One escort task as the host and the volunteers see it: who (number, name, need,
/// communication modes; nothing else of their record), from where, to where, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscortTaskRow {
    pub task: String,
    pub number: i64,
    pub name: String,
    pub need: crate::core::participant::Escort,
    pub communication: Vec<crate::core::participant::Mode>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// *(Blossom)* What `from` and `to` are: `table`, `room`, `desk`, `stage`, `exit`
    /// or `said` (the guest's own words).
    pub from_kind: Option<&'static str>,
    pub to_kind: Option<&'static str>,
    pub by: Option<i64>,
    pub state: &'static str,
    pub volunteer: Option<VolunteerRef>,
    /// *(Blossom)* Why it was made: `move`, `desk`, `room`, `stage`, `exit`, `asked`.
    pub reason: super::escort::Reason,
    /// *(Blossom)* Nobody took it within two minutes.
    pub flagged: bool,
    pub made_at: i64,
}

/// A volunteer's own shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolunteerSelf {
    pub id: String,
    pub on_shift: bool,
    pub since: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscortsFrame {
    pub tasks: Vec<EscortTaskRow>,
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    pub me: Option<VolunteerSelf>,
}

/// A guest's own escort task under way (`state: none` when there is none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscortFrame {
    pub task: Option<String>,
    pub state: &'static str,
    /// The volunteer's first name, once one took it.
    pub volunteer: Option<String>,
    /// *(Blossom)* Where to, and its kind.
    pub to: Option<String>,
    pub to_kind: Option<&'static str>,
    /// *(Blossom)* Their need as it stands.
    pub need: crate::core::participant::Escort,
}

/// The guest on stage: number, name (shown even when names are off on the
/// projector: going on stage is consent to it) and introduction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnStage {
    pub number: i64,
    pub name: String,
    pub intro: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpotlightFrame {
    pub participant: Option<OnStage>,
}

/// A question the host asked: how many answered, and once closed the counts per
/// option (`null` while open, and when fewer than five answered). A guest's own
/// frame adds their own answer (`mine`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PollFrame {
    pub poll: String,
    pub question: String,
    pub options: Vec<String>,
    pub open: bool,
    /// *(Blossom)* When the host closed it.
    pub closed_at: Option<i64>,
    pub answered: usize,
    pub results: Option<Vec<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mine: Option<Option<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntroFrame {
    /// `null` on a phone not yet confirmed.
    pub text: Option<String>,
    pub on_stage: bool,
}

/// One guest who may be put on stage, as the host's console lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntroRow {
    pub participant: String,
    pub number: i64,
    pub name: String,
    pub intro: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntrosFrame {
    pub intros: Vec<IntroRow>,
}

/// The latest caption lines, oldest first (`captions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptionsFrame {
    pub lines: Vec<super::captions::Line>,
}

/// A frame's kind: its `type`, and its key in the snapshot's `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Event,
    Phase,
    Announce,
    Me,
    Identity,
    Assignment,
    Tables,
    Counts,
    People,
    Chat,
    Rooms,
    Ticket,
    Desks,
    Calls,
    Marks,
    Matches,
    Results,
    FollowUp,
    Programme,
    Captions,
    Spotlight,
    Poll,
    Intro,
    Intros,
    Escorts,
    Escort,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Phase => "phase",
            Kind::Announce => "announce",
            Kind::Me => "me",
            Kind::Identity => "identity",
            Kind::Assignment => "assignment",
            Kind::Tables => "tables",
            Kind::Counts => "counts",
            Kind::People => "people",
            Kind::Chat => "chat",
            Kind::Rooms => "rooms",
            Kind::Ticket => "ticket",
            Kind::Desks => "desks",
            Kind::Marks => "marks",
            Kind::Matches => "matches",
            Kind::Results => "results",
            Kind::FollowUp => "follow_up",
            Kind::Calls => "calls",
            Kind::Programme => "programme",
            Kind::Captions => "captions",
            Kind::Spotlight => "spotlight",
            Kind::Poll => "poll",
            Kind::Intro => "intro",
            Kind::Intros => "intros",
            Kind::Escorts => "escorts",
            Kind::Escort => "escort",
        }
    }
}

impl Frame {
    pub fn kind(&self) -> Kind {
        match self {
            Frame::Event(_) => Kind::Event,
            Frame::Phase(_) => Kind::Phase,
            Frame::Announce(_) => Kind::Announce,
            Frame::Me(_) => Kind::Me,
            Frame::Identity(_) => Kind::Identity,
            Frame::Assignment(_) => Kind::Assignment,
            Frame::Tables(_) => Kind::Tables,
            Frame::Counts(_) => Kind::Counts,
            Frame::People(_) => Kind::People,
            Frame::Chat(_) => Kind::Chat,
            Frame::Rooms(_) => Kind::Rooms,
            Frame::Ticket(_) => Kind::Ticket,
            Frame::Desks(_) => Kind::Desks,
            Frame::Calls(_) => Kind::Calls,
            Frame::Marks(_) => Kind::Marks,
            Frame::Matches(_) => Kind::Matches,
            Frame::Results(_) => Kind::Results,
            Frame::FollowUp(_) => Kind::FollowUp,
            Frame::Programme(_) => Kind::Programme,
            Frame::Captions(_) => Kind::Captions,
            Frame::Spotlight(_) => Kind::Spotlight,
            Frame::Poll(_) => Kind::Poll,
            Frame::Intro(_) => Kind::Intro,
            Frame::Intros(_) => Kind::Intros,
            Frame::Escorts(_) => Kind::Escorts,
            Frame::Escort(_) => Kind::Escort,
        }
    }
}

/// A frame serialised once per published state: what is sent (with the state's
/// `at`), and a key of its content.
#[derive(Debug, Clone)]
pub struct Encoded {
    key: Arc<str>,
    text: Arc<str>,
}

impl Encoded {
    pub fn new(frame: &Frame, at: i64) -> Encoded {
        // What the frame says, all of it: while paused `phase.ends_at` moves with
        // the clock, and a connection gets the newer one with the next change of
        // anything, as one joining then would. Written once, straight to text (a
        // burst of marks encodes thousands of frames): no frame holds a map, so the
        // same frame always writes the same text.
        // One buffer for both: the frame, then (a frame is an object, its `type`
        // a field) `at` before the brace that closes it. A board of 5,000 guests
        // encodes some 45,000 frames in a step.
        let mut buf = serde_json::to_string(frame)
            .ok()
            .filter(|t| t.ends_with('}'))
            .unwrap_or_else(|| "{}".into());
        let key: Arc<str> = buf.as_str().into();
        buf.pop();
        if buf.len() > 1 {
            buf.push(',');
        }
        let _ = write!(buf, "\"at\":{at}}}");
        Encoded {
            key,
            text: buf.into(),
        }
    }

    /// Whether the two say the same thing (their `at` aside).
    pub fn same(&self, other: &Encoded) -> bool {
        // Most frames of a new board are the last board's, shared: no need to read
        // them through (5,000 connections compare every frame they see).
        Arc::ptr_eq(&self.key, &other.key) || self.key == other.key
    }

    /// The frame as sent.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// One frame kind as one audience sees it; `None` while it has nothing to say.
#[derive(Debug, Clone)]
struct Entry {
    audience: Audience,
    kind: Kind,
    frame: Option<Encoded>,
}

/// Every frame of one published state.
#[derive(Debug, Clone, Default)]
pub struct Board {
    shared: Arc<Vec<Entry>>,
    /// Frames for one participant each, found by id rather than by a scan. Shared
    /// (`Arc`) so that a board changed for a few guests (interest marks) is a cheap
    /// copy of the last one ([`Board::replace`]).
    own: HashMap<Arc<str>, Arc<Vec<Entry>>>,
}

impl Board {
    /// Adds a frame kind for `audience`; `frame` may be `None` (nothing yet).
    pub fn put(&mut self, audience: Audience, kind: Kind, frame: Option<&Frame>, at: i64) {
        debug_assert!(frame.is_none_or(|f| f.kind() == kind));
        let entry = Entry {
            frame: frame.map(|f| Encoded::new(f, at)),
            audience: audience.clone(),
            kind,
        };
        match audience {
            // The guest's list found by their id as it is (no new key for each of
            // their frames once the first made it).
            Audience::Participant(id) => match self.own.get_mut(id.as_str()) {
                Some(list) => Arc::make_mut(list).push(entry),
                None => {
                    self.own.insert(id.into(), Arc::new(vec![entry]));
                }
            },
            _ => Arc::make_mut(&mut self.shared).push(entry),
        }
    }

    /// Replaces the frame of `kind` for `audience` (adding it if the board has none),
    /// leaving every other frame as it is.
    pub fn replace(&mut self, audience: Audience, kind: Kind, frame: Option<&Frame>, at: i64) {
        let frame = frame.map(|f| Encoded::new(f, at));
        self.replace_entry(Entry {
            audience,
            kind,
            frame,
        });
    }

    /// Replaces every frame `other` has (each kind for each audience), leaving the
    /// rest of this board as it is.
    pub fn replace_from(&mut self, other: Board) {
        let own = other.own.into_values().flat_map(Arc::unwrap_or_clone);
        for entry in Arc::unwrap_or_clone(other.shared).into_iter().chain(own) {
            self.replace_entry(entry);
        }
    }

    fn replace_entry(&mut self, entry: Entry) {
        let entries = match &entry.audience {
            Audience::Participant(id) => {
                Arc::make_mut(self.own.entry(id.as_str().into()).or_default())
            }
            _ => Arc::make_mut(&mut self.shared),
        };
        match entries
            .iter_mut()
            .find(|e| e.kind == entry.kind && e.audience == entry.audience)
        {
            Some(e) => e.frame = entry.frame,
            None => entries.push(entry),
        }
    }

    /// Every frame kind this viewer may see, with its current frame. The one list
    /// that both the snapshot and the updates are made from.
    pub fn visible<'a>(
        &'a self,
        viewer: &'a Viewer,
    ) -> impl Iterator<Item = (Kind, Option<&'a Encoded>)> + 'a {
        let own = self.own_of(viewer);
        self.shared
            .iter()
            .chain(own)
            .filter(move |e| e.audience.admits(viewer))
            .map(|e| (e.kind, e.frame.as_ref()))
    }

    /// The frame of `kind` this viewer sees.
    fn find<'a>(&'a self, viewer: &'a Viewer, kind: Kind) -> Option<&'a Encoded> {
        self.visible(viewer)
            .find(|(k, _)| *k == kind)
            .and_then(|(_, f)| f)
    }

    /// The welcome snapshot's `state`: an object keyed by frame kind, each value the
    /// frame as it would be sent, or `null`.
    pub fn snapshot(&self, viewer: &Viewer) -> String {
        let mut out = String::from("{");
        for (i, (kind, frame)) in self.visible(viewer).enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(
                out,
                "\"{}\":{}",
                kind.as_str(),
                frame.map_or("null", Encoded::text)
            );
        }
        out.push('}');
        out
    }

    /// The frames for this viewer alone (a participant's own), if any.
    fn own_list(&self, viewer: &Viewer) -> Option<&Arc<Vec<Entry>>> {
        viewer.participant().and_then(|id| self.own.get(id))
    }

    fn own_of(&self, viewer: &Viewer) -> &[Entry] {
        self.own_list(viewer).map_or(&[][..], |v| v.as_slice())
    }

    /// The frames this viewer needs after `old`: only those whose content changed.
    pub fn changes<'a>(&'a self, viewer: &'a Viewer, old: &Board) -> Vec<&'a Encoded> {
        // A board made from `old` by replacing a few guests' frames shares the rest
        // with it: a viewer none of whose frames were replaced has nothing to do
        // (5,000 phones wake for every batch of marks).
        let same_own = match (self.own_list(viewer), old.own_list(viewer)) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let same_shared = Arc::ptr_eq(&self.shared, &old.shared);
        if same_own && same_shared {
            return Vec::new();
        }
        // A board made by `replace` keeps every entry in its place: compare them
        // side by side, and only the lists that are not shared.
        let lists = [
            (same_shared, &self.shared[..], &old.shared[..]),
            (same_own, self.own_of(viewer), old.own_of(viewer)),
        ];
        let aligned = lists.iter().all(|(_, new, old)| {
            new.len() == old.len()
                && new
                    .iter()
                    .zip(*old)
                    .all(|(n, o)| n.kind == o.kind && n.audience == o.audience)
        });
        if aligned {
            return lists
                .into_iter()
                .filter(|(same, _, _)| !same)
                .flat_map(|(_, new, old)| new.iter().zip(old))
                .filter(|(n, _)| n.audience.admits(viewer))
                .filter_map(|(n, o)| {
                    let new = n.frame.as_ref()?;
                    let same = o.frame.as_ref().is_some_and(|o| o.same(new));
                    (!same).then_some(new)
                })
                .collect();
        }
        self.visible(viewer)
            .filter_map(|(kind, new)| {
                let new = new?;
                let same = old.find(viewer, kind).is_some_and(|o| o.same(new));
                (!same).then_some(new)
            })
            .collect()
    }
}
