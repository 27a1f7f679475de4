//! The private chat area (约会私聊区): during a date either person may invite the
//! other into one of the event's quiet rooms. An accepted pair gets a free room that
//! suits them (an accessible one when either uses a wheelchair) or a place in the
//! queue; a room is kept until its longest stay, then the next queued pair that it
//! suits is called in.
//!
//! Privacy: who invited whom, and who said "not now", is the two people's business.
//! A decline and an expiry are the same to the inviter in everything they receive:
//! a declined invitation stays `Declined` until its answer window ends, read by the
//! inviter (and counted by every rule) exactly as one still waiting, and then both
//! turn `NotNow` together, at the window's end, with no log entry at all; so neither
//! the inviter's screen, its timing, the log nor the rows tell them apart. The other
//! log entries of this slice name the request only, never a person
//! ([`Outcome::hide_actor`]).
//!
//! Pausing: not this slice's business. Invitations expire and stays end by the wall
//! clock, paused or not: a pause is for the hall, and a room is not the hall.
//!
//! Every change of a request is also a row of `chat_requests` ([`ChatRow`]), the
//! evening's history for the report.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::clock;
use super::message::{Message, me};
use super::outcome::Outcome;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;

// Why the private chat area says no: each refusal's code and its words in both languages.

pub const BUSY: Refusal = Refusal::Said(&Said {
    code: "busy",
    zh: "你们当中有人已经有一个私聊邀请或正在私聊区，请先结束那一个。",
    en: "One of you already has a private-chat invitation or is in the private chat area: finish that one first.",
});
pub const NOT_IN_ROUND: Refusal = Refusal::Said(&Said {
    code: "not_in_round",
    zh: "只有在约会进行时才能邀请对方去私聊区。",
    en: "You can invite your partner to the private chat area only while a date is under way.",
});
pub const NO_PARTNER: Refusal = Refusal::Said(&Said {
    code: "no_partner",
    zh: "这一轮你没有约会对象，所以没有人可以邀请。",
    en: "You have no date this round, so there is nobody to invite.",
});
pub const ALREADY_ASKED: Refusal = Refusal::Said(&Said {
    code: "already_asked",
    zh: "这一轮你已经邀请过对方了，下一轮还可以再邀请别人。",
    en: "You have already invited this partner this round; you can invite someone in a later round.",
});
pub const UNKNOWN_REQUEST: Refusal = Refusal::Said(&Said {
    code: "unknown_request",
    zh: "这个邀请已经不在了（可能已被取消或已过期）。",
    en: "That invitation is no longer there (it may have been taken back or have lapsed).",
});
pub const UNKNOWN_ROOM: Refusal = Refusal::Said(&Said {
    code: "unknown_room",
    zh: "没有这个私聊室。",
    en: "There is no such room.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const ROOM_EMPTY: Refusal = Refusal::Said(&Said {
    code: "room_empty",
    zh: "这个私聊室现在没有人，不用延长。",
    en: "Nobody is in this room now, so there is nothing to extend.",
});

pub const REFUSALS: &[Refusal] = &[
    BUSY,
    NOT_IN_ROUND,
    NO_PARTNER,
    ALREADY_ASKED,
    UNKNOWN_REQUEST,
    UNKNOWN_ROOM,
    ROOM_EMPTY,
];

/// A room of the private chat area, as the organiser set it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSpec {
    pub label: String,
    /// A wheelchair can reach and use it.
    pub accessible: bool,
}

/// How long an invitation waits for an answer (ms), unless the event says otherwise.
pub const INVITE_MS: i64 = 60_000;
/// What `room.extend` gives a stay: five more minutes.
pub const EXTEND_MS: i64 = 5 * 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSettings {
    /// How long an invitation waits for an answer (ms).
    pub invite_ms: i64,
    /// The longest stay in a room (ms); `None`: to the end of the next round.
    pub longest_ms: Option<i64>,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            invite_ms: INVITE_MS,
            longest_ms: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for the invitee's answer.
    Offered { expires_at: i64 },
    /// Declined, its answer window still running: the invitee's prompt is closed,
    /// and to the inviter and every rule it is still `Offered` until `expires_at`.
    Declined { expires_at: i64 },
    /// Declined or expired: the same to everyone, the inviter included.
    NotNow,
    /// Accepted, waiting for a room (in order of `since`).
    Queued { since: i64 },
    /// In a room until `until`.
    Room {
        room: String,
        since: i64,
        until: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: String,
    pub round: u32,
    /// The inviter.
    pub from: String,
    pub to: String,
    pub created_at: i64,
    pub state: RequestState,
}

impl Request {
    fn has(&self, person: &str) -> bool {
        self.from == person || self.to == person
    }

    /// Still under way: offered, queued or in a room.
    fn open(&self) -> bool {
        !matches!(self.state, RequestState::NotNow)
    }
}

/// The slice's state: the requests of the evening still under way, and the
/// invitations answered "not now" this round.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chat {
    #[serde(default)]
    pub settings: ChatSettings,
    pub requests: Vec<Request>,
    /// (round, inviter, invitee) answered "not now": not asked again that round.
    pub asked: BTreeSet<(u32, String, String)>,
    /// The next request's number.
    pub next: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatCmd {
    /// Invite the current partner.
    Invite { participant: String },
    Accept {
        participant: String,
        request: String,
    },
    Decline {
        participant: String,
        request: String,
    },
    /// Take back an invitation, or leave the queue.
    Cancel {
        participant: String,
        request: String,
    },
    /// Leave the room.
    End { participant: String },
    /// Staff end the chat in a room.
    Release { room: String },
    /// Staff give the stay in a room five more minutes ([`EXTEND_MS`]).
    Extend { room: String },
    /// The host sets how long an invitation waits (seconds, 15 to 600) and the
    /// longest stay (seconds, 60 to 7200; `None`: to the end of the next round).
    /// Both apply to invitations and stays from now on.
    Settings {
        invite_seconds: i64,
        longest_seconds: Option<i64>,
    },
}

/// The private chat area's verbs as clients send them: a guest's own, and the
/// staff's on rooms and settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ChatMsg {
    #[serde(rename = "chat.invite")]
    Invite {},
    #[serde(rename = "chat.accept")]
    Accept { request: String },
    #[serde(rename = "chat.decline")]
    Decline { request: String },
    #[serde(rename = "chat.cancel")]
    Cancel { request: String },
    #[serde(rename = "chat.end")]
    End {},
    #[serde(rename = "room.release")]
    Release { room: String },
    #[serde(rename = "room.extend")]
    Extend { room: String },
    #[serde(rename = "chat.settings")]
    Settings {
        invite_seconds: i64,
        /// `null`: to the end of the next round.
        longest_seconds: Option<i64>,
    },
}

impl Message for ChatMsg {
    type Command = ChatCmd;

    fn command(self, by: &Viewer) -> Result<ChatCmd, String> {
        let participant = me(by);
        Ok(match self {
            ChatMsg::Invite {} => ChatCmd::Invite { participant },
            ChatMsg::Accept { request } => ChatCmd::Accept {
                participant,
                request,
            },
            ChatMsg::Decline { request } => ChatCmd::Decline {
                participant,
                request,
            },
            ChatMsg::Cancel { request } => ChatCmd::Cancel {
                participant,
                request,
            },
            ChatMsg::End {} => ChatCmd::End { participant },
            ChatMsg::Release { room } => ChatCmd::Release { room },
            ChatMsg::Extend { room } => ChatCmd::Extend { room },
            ChatMsg::Settings {
                invite_seconds,
                longest_seconds,
            } => ChatCmd::Settings {
                invite_seconds,
                longest_seconds,
            },
        })
    }
}

/// What the slice asks of the rest of the evening.
pub trait Evening {
    /// A person's partner in the round under way.
    fn partner(&self, person: &str) -> Option<String>;
    /// Whether a person needs an accessible room (a wheelchair user).
    fn needs_access(&self, person: &str) -> bool;
    /// Whether the phone holding a person's link is theirs (see `Roster::confirmed`).
    fn confirmed(&self, _person: &str) -> bool {
        true
    }
}

/// What the slice needs to know of the rest of the evening.
pub struct Context<'a> {
    /// The round under way, if a date is under way now.
    pub round: Option<u32>,
    pub evening: &'a dyn Evening,
    pub rooms: &'a [RoomSpec],
    /// When a stay that starts now ends at the latest, if the event sets no
    /// longest stay: the end of the next round.
    pub end_of_next_round: i64,
}

/// What one person's phone shows (the `chat` frame's fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatView {
    pub request: Option<String>,
    /// `none | offered | waiting | not_now | queued | room`.
    pub state: &'static str,
    pub room: Option<String>,
    /// 1 = next in the queue.
    pub position: Option<usize>,
    pub expires_at: Option<i64>,
    pub until: Option<i64>,
}

/// One room as staff see it: who is inside (participant ids), since and until.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomView {
    pub room: String,
    pub inside: Option<[String; 2]>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// A private-chat request as it now stands (`chat_requests`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub id: String,
    pub round: u32,
    pub from: String,
    pub to: String,
    /// `offered`, `not_now`, `queued`, `room`, `cancelled` or `ended`.
    pub status: &'static str,
    pub room: Option<String>,
    pub created_at: i64,
    pub room_at: Option<i64>,
    pub until: Option<i64>,
    pub ended_at: Option<i64>,
}

/// The row of `chat_requests` for a request as it stands (`status` as stored; a
/// "not now" keeps no time, so a decline and an expiry read alike there too).
fn row(r: &Request, status: &'static str, ended_at: Option<i64>) -> ChatRow {
    let (room, room_at, until) = match &r.state {
        RequestState::Room { room, since, until } => {
            (Some(room.clone()), Some(*since), Some(*until))
        }
        _ => (None, None, None),
    };
    ChatRow {
        id: r.id.clone(),
        round: r.round,
        from: r.from.clone(),
        to: r.to.clone(),
        status,
        room,
        created_at: r.created_at,
        room_at,
        until,
        ended_at,
    }
}

impl Chat {
    pub fn apply(
        &mut self,
        cmd: &ChatCmd,
        ctx: &Context,
        now: i64,
        out: &mut Outcome<impl From<ChatRow>>,
    ) -> Result<(), Refusal> {
        match cmd {
            ChatCmd::Invite { participant: me } => {
                // `busy` is checked first: nobody holds two invitations.
                if self.busy(me) {
                    return Err(BUSY);
                }
                let round = ctx.round.ok_or(NOT_IN_ROUND)?;
                let partner = ctx.evening.partner(me).ok_or(NO_PARTNER)?;
                // A partner whose phone is not yet confirmed is told nothing, and
                // the inviter reads it as a busy partner.
                if self.busy(&partner) || !ctx.evening.confirmed(&partner) {
                    return Err(BUSY);
                }
                if self.asked.contains(&(round, me.clone(), partner.clone())) {
                    return Err(ALREADY_ASKED);
                }
                // An earlier "not now" of this inviter makes way for the new one.
                self.requests.retain(|r| r.from != *me || r.open());
                self.next += 1;
                let id = format!("r{}", self.next);
                self.requests.push(Request {
                    id: id.clone(),
                    round,
                    from: me.clone(),
                    to: partner,
                    created_at: now,
                    state: RequestState::Offered {
                        expires_at: now + self.settings.invite_ms,
                    },
                });
                if let Some(r) = self.requests.last() {
                    out.row(row(r, "offered", None));
                }
                out.log("chat.invited", json!({ "request": id }));
            }
            ChatCmd::Accept {
                participant,
                request,
            } => {
                let i = self.offered_to(participant, request)?;
                self.requests[i].state = RequestState::Queued { since: now };
                out.row(row(&self.requests[i], "queued", None));
                out.log("chat.accepted", json!({ "request": request }));
                self.call_rooms(ctx, now, out);
            }
            ChatCmd::Decline {
                participant,
                request,
            } => {
                let i = self.offered_to(participant, request)?;
                if let RequestState::Offered { expires_at } = self.requests[i].state {
                    // No row and no log entry: the stored row still reads "offered",
                    // as it would for an invitation nobody has answered yet.
                    self.requests[i].state = RequestState::Declined { expires_at };
                    out.quiet_change = true;
                }
            }
            ChatCmd::Cancel {
                participant,
                request,
            } => {
                let i =
                    self.requests
                        .iter()
                        .position(|r| {
                            r.id == *request
                                && match r.state {
                                    // A declined one is still pending to its inviter.
                                    RequestState::Offered { .. }
                                    | RequestState::Declined { .. } => r.from == *participant,
                                    RequestState::Queued { .. } => r.has(participant),
                                    _ => false,
                                }
                        })
                        .ok_or(UNKNOWN_REQUEST)?;
                let r = self.requests.remove(i);
                out.row(row(&r, "cancelled", Some(now)));
                out.log("chat.cancelled", json!({ "request": request }));
            }
            ChatCmd::End { participant } => {
                let i = self
                    .requests
                    .iter()
                    .position(|r| {
                        r.has(participant) && matches!(r.state, RequestState::Room { .. })
                    })
                    .ok_or(UNKNOWN_REQUEST)?;
                let r = self.requests.remove(i);
                out.row(row(&r, "ended", Some(now)));
                out.log("chat.ended", json!({ "request": r.id }));
                self.call_rooms(ctx, now, out);
            }
            ChatCmd::Settings {
                invite_seconds,
                longest_seconds,
            } => {
                if !(15..=600).contains(invite_seconds)
                    || longest_seconds.is_some_and(|s| !(60..=7200).contains(&s))
                {
                    return Err(clock::BAD_SECONDS);
                }
                self.settings = ChatSettings {
                    invite_ms: invite_seconds * 1000,
                    longest_ms: longest_seconds.map(|s| s * 1000),
                };
                out.log(
                    "chat.settings",
                    json!({ "invite_seconds": invite_seconds, "longest_seconds": longest_seconds }),
                );
                return Ok(());
            }
            ChatCmd::Release { room } => {
                if !ctx.rooms.iter().any(|r| r.label == *room) {
                    return Err(UNKNOWN_ROOM);
                }
                let at = self.requests.iter().position(
                    |r| matches!(&r.state, RequestState::Room { room: here, .. } if here == room),
                );
                if let Some(i) = at {
                    let r = self.requests.remove(i);
                    out.row(row(&r, "ended", Some(now)));
                    out.log("room.released", json!({ "room": room, "request": r.id }));
                    self.call_rooms(ctx, now, out);
                }
            }
            ChatCmd::Extend { room } => {
                if !ctx.rooms.iter().any(|r| r.label == *room) {
                    return Err(UNKNOWN_ROOM);
                }
                // The stay, from whenever it was to end: pressed twice, ten minutes.
                let stay = self.requests.iter_mut().find_map(|r| match &mut r.state {
                    RequestState::Room {
                        room: here, until, ..
                    } if here == room => Some((r.id.clone(), until)),
                    _ => None,
                });
                let Some((id, until)) = stay else {
                    return Err(ROOM_EMPTY);
                };
                *until += EXTEND_MS;
                let until = *until;
                let r = self.requests.iter().find(|r| r.id == id);
                if let Some(r) = r {
                    out.row(row(r, "room", None));
                }
                out.log(
                    "room.extended",
                    json!({ "room": room, "request": id, "until": until }),
                );
            }
        }
        // Every chat entry names the request only, never who sent the verb.
        out.hide_actor = true;
        Ok(())
    }

    /// The next moment this slice has work: an invitation expiring, a stay ending.
    pub fn next_deadline(&self) -> Option<i64> {
        self.requests
            .iter()
            .filter_map(|r| match r.state {
                RequestState::Offered { expires_at } | RequestState::Declined { expires_at } => {
                    Some(expires_at)
                }
                RequestState::Room { until, .. } => Some(until),
                _ => None,
            })
            .min()
    }

    /// Takes the deadlines due at `at`: invitations lapse into "not now", stays end
    /// and their rooms go to the queue.
    pub fn fire(&mut self, at: i64, ctx: &Context, out: &mut Outcome<impl From<ChatRow>>) {
        while let Some(i) = self.requests.iter().position(|r| match r.state {
            RequestState::Offered { expires_at } | RequestState::Declined { expires_at } => {
                expires_at <= at
            }
            _ => false,
        }) {
            self.not_now(i, out);
        }
        let mut freed = false;
        while let Some(i) = self.requests.iter().position(|r| match r.state {
            RequestState::Room { until, .. } => until <= at,
            _ => false,
        }) {
            let r = self.requests.remove(i);
            out.row(row(&r, "ended", Some(at)));
            out.log("chat.ended", json!({ "request": r.id }));
            freed = true;
        }
        if freed {
            self.call_rooms(ctx, at, out);
        }
        out.hide_actor = true;
    }

    /// A round ended: invitations still unanswered lapse and every "not now" is
    /// forgotten (a new round, a new partner), and pairs still queued go to their
    /// next dates rather than miss one they did not choose to miss (they may invite
    /// each other again when they meet again). Only stays in a room go on.
    pub fn round_ended(&mut self, round: u32, out: &mut Outcome<impl From<ChatRow>>) {
        while let Some(i) = self.requests.iter().position(|r| {
            matches!(
                r.state,
                RequestState::Offered { .. } | RequestState::Declined { .. }
            )
        }) {
            self.not_now(i, out);
        }
        let (stay, done): (Vec<Request>, Vec<Request>) = std::mem::take(&mut self.requests)
            .into_iter()
            .partition(|r| matches!(r.state, RequestState::Room { .. }));
        for r in &done {
            // A queued pair off to its dates; a "not now" stays one.
            if matches!(r.state, RequestState::Queued { .. }) {
                out.row(row(r, "cancelled", None));
                out.quiet_change = true;
            }
        }
        if !done.is_empty() {
            out.quiet_change = true;
        }
        self.requests = stay;
        self.asked.retain(|(r, _, _)| *r > round);
    }

    /// The evening closed: invitations lapse, queued pairs stop waiting, and every
    /// stay in a room ends now (the rooms close with the hall).
    pub fn evening_closed(&mut self, round: u32, at: i64, out: &mut Outcome<impl From<ChatRow>>) {
        self.round_ended(round, out);
        for r in std::mem::take(&mut self.requests) {
            if matches!(r.state, RequestState::Room { .. }) {
                out.row(row(&r, "ended", Some(at)));
                out.log("chat.ended", json!({ "request": r.id }));
            }
        }
        out.hide_actor = true;
    }

    /// The room `person` is in now, and until when.
    /// The room a guest is in and since when.
    pub fn stay_since(&self, person: &str) -> Option<(&str, i64)> {
        self.requests.iter().find_map(|r| match &r.state {
            RequestState::Room { room, since, .. } if r.from == person || r.to == person => {
                Some((room.as_str(), *since))
            }
            _ => None,
        })
    }

    pub fn stay(&self, person: &str) -> Option<(&str, i64)> {
        self.requests.iter().find_map(|r| match &r.state {
            RequestState::Room { room, until, .. } if r.from == person || r.to == person => {
                Some((room.as_str(), *until))
            }
            _ => None,
        })
    }

    /// People in a room now: the next round is planned without them, as if resting.
    pub fn in_rooms(&self) -> BTreeSet<String> {
        self.requests
            .iter()
            .filter(|r| matches!(r.state, RequestState::Room { .. }))
            .flat_map(|r| [r.from.clone(), r.to.clone()])
            .collect()
    }

    /// What `person`'s phone shows.
    pub fn view(&self, person: &str) -> ChatView {
        let none = ChatView {
            request: None,
            state: "none",
            room: None,
            position: None,
            expires_at: None,
            until: None,
        };
        // What is under way comes first; a "not now" shows to its inviter only. A
        // declined invitation is closed on the invitee's phone, and still waiting on
        // the inviter's until its window ends.
        let declined_to_me =
            |r: &Request| matches!(r.state, RequestState::Declined { .. }) && r.to == person;
        let open = self
            .requests
            .iter()
            .find(|r| r.open() && r.has(person) && !declined_to_me(r));
        let not_now = || self.requests.iter().find(|r| !r.open() && r.from == person);
        let Some(r) = open.or_else(not_now) else {
            return none;
        };
        let request = Some(r.id.clone());
        match &r.state {
            RequestState::Offered { expires_at } => ChatView {
                request,
                state: if r.to == person { "offered" } else { "waiting" },
                expires_at: Some(*expires_at),
                ..none
            },
            RequestState::Declined { expires_at } => ChatView {
                request,
                state: "waiting",
                expires_at: Some(*expires_at),
                ..none
            },
            RequestState::NotNow => ChatView {
                request,
                state: "not_now",
                ..none
            },
            RequestState::Queued { .. } => ChatView {
                request,
                state: "queued",
                position: self
                    .queue()
                    .iter()
                    .position(|q| q.id == r.id)
                    .map(|p| p + 1),
                ..none
            },
            RequestState::Room { room, until, .. } => ChatView {
                request,
                state: "room",
                room: Some(room.clone()),
                until: Some(*until),
                ..none
            },
        }
    }

    /// Every room, in the organiser's order, as staff see it.
    pub fn rooms(&self, rooms: &[RoomSpec]) -> Vec<RoomView> {
        rooms
            .iter()
            .map(|spec| {
                let inside = self.requests.iter().find_map(|r| match &r.state {
                    RequestState::Room { room, since, until } if *room == spec.label => {
                        Some((r, *since, *until))
                    }
                    _ => None,
                });
                RoomView {
                    room: spec.label.clone(),
                    inside: inside.map(|(r, _, _)| [r.from.clone(), r.to.clone()]),
                    since: inside.map(|(_, s, _)| s),
                    until: inside.map(|(_, _, u)| u),
                }
            })
            .collect()
    }

    /// The queue, first in line first.
    pub fn queue(&self) -> Vec<&Request> {
        let mut q: Vec<(i64, u64, &Request)> = self
            .requests
            .iter()
            .filter_map(|r| match r.state {
                // Requests are numbered in order: the number breaks a tie of time.
                RequestState::Queued { since } => Some((
                    since,
                    r.id.get(1..)
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(u64::MAX),
                    r,
                )),
                _ => None,
            })
            .collect();
        q.sort_by_key(|(since, n, _)| (*since, *n));
        q.into_iter().map(|(_, _, r)| r).collect()
    }

    fn busy(&self, person: &str) -> bool {
        self.requests.iter().any(|r| r.open() && r.has(person))
    }

    fn offered_to(&self, person: &str, request: &str) -> Result<usize, Refusal> {
        self.requests
            .iter()
            .position(|r| {
                r.id == request && r.to == person && matches!(r.state, RequestState::Offered { .. })
            })
            .ok_or(UNKNOWN_REQUEST)
    }

    /// Lapsed (declined or not, at the end of its window or of the round): the
    /// inviter reads "not now" and does not ask again this round. No log entry, so
    /// the log cannot tell whether it was declined.
    fn not_now(&mut self, i: usize, out: &mut Outcome<impl From<ChatRow>>) {
        let r = &mut self.requests[i];
        r.state = RequestState::NotNow;
        self.asked.insert((r.round, r.from.clone(), r.to.clone()));
        out.row(row(r, "not_now", None));
        out.quiet_change = true;
    }

    /// Free rooms go to the queue, first come first served, each to the first pair
    /// it suits (an accessible room for a pair with a wheelchair user).
    fn call_rooms(&mut self, ctx: &Context, now: i64, out: &mut Outcome<impl From<ChatRow>>) {
        let until = match self.settings.longest_ms {
            Some(ms) => now + ms,
            None => ctx.end_of_next_round,
        };
        for spec in ctx.rooms {
            let taken = self.requests.iter().any(
                |r| matches!(&r.state, RequestState::Room { room, .. } if *room == spec.label),
            );
            if taken {
                continue;
            }
            let fits = |r: &Request| {
                spec.accessible
                    || !(ctx.evening.needs_access(&r.from) || ctx.evening.needs_access(&r.to))
            };
            let Some(id) = self
                .queue()
                .into_iter()
                .find(|r| fits(r))
                .map(|r| r.id.clone())
            else {
                continue;
            };
            if let Some(r) = self.requests.iter_mut().find(|r| r.id == id) {
                r.state = RequestState::Room {
                    room: spec.label.clone(),
                    since: now,
                    until,
                };
                out.row(row(r, "room", None));
                out.log("chat.room", json!({ "request": id, "room": spec.label }));
            }
        }
    }
}
