//! What each screen is shown of the evening: every frame of a state, each put on
//! the [`Board`] with its audience, serialised once. The welcome snapshot and the
//! live updates both come from here.

use super::evening::Live;
use super::frames::*;
use super::roster::Roster;
use super::viewer::Audience;
use super::{chat, desk};

impl Live {
    /// Every frame of this state, each with its audience, serialised once.
    pub fn board(&self, roster: &Roster, at: i64) -> Board {
        self.board_with(roster, &self.dated(roster), at)
    }

    /// The same, with who dated whom worked out already (the actor keeps it for
    /// the quick path of marks, so it is built once a state).
    pub fn board_with(&self, roster: &Roster, dated: &super::worlds::Dated, at: i64) -> Board {
        let mut board = Board::default();
        let s = &self.clock.settings;
        let event = Frame::Event(EventFrame {
            title: roster.event.title.clone(),
            organiser: roster.event.organiser.clone(),
            venue: roster.event.venue.clone(),
            round_ms: s.round_ms,
            transition_ms: s.transition_ms,
            break_after: s.break_after,
            break_ms: s.break_ms,
        });
        board.put(Audience::Everyone, Kind::Event, Some(&event), at);
        let phase = Frame::Phase(self.phase_frame(at));
        board.put(Audience::Everyone, Kind::Phase, Some(&phase), at);
        let programme = Frame::Programme(self.programme.frame());
        board.put(Audience::Stage, Kind::Programme, Some(&programme), at);
        let captions = Frame::Captions(CaptionsFrame {
            lines: self.captions.lines.clone(),
        });
        board.put(Audience::Stage, Kind::Captions, Some(&captions), at);
        let announce = self.hall.announcement.as_ref().map(|(when, text)| {
            Frame::Announce(AnnounceFrame {
                text: text.clone(),
                sent_at: *when,
            })
        });
        board.put(Audience::Everyone, Kind::Announce, announce.as_ref(), at);

        // Seating and presence, as each role sees them.
        let round = self.clock.shown_round();
        let tables = |names: bool| {
            Frame::Tables(TablesFrame {
                round,
                tables: self.tables(roster, names),
            })
        };
        board.put(Audience::Desk, Kind::Tables, Some(&tables(true)), at);
        let projector = tables(roster.event.names_on_projector);
        board.put(Audience::Projector, Kind::Tables, Some(&projector), at);
        let p = &self.presence;
        let counts = Frame::Counts(CountsFrame {
            present: p.present.len(),
            registered: roster.people.len(),
        });
        board.put(Audience::Desk, Kind::Counts, Some(&counts), at);
        let mut people = Vec::with_capacity(roster.people.len());
        // Each guest's date found once by id (a search along the round's dates for
        // each of 5,000 guests took most of a step's 40 ms).
        let dates = round.map(|r| (r, self.seating.dates_by_person(r)));
        let seat_of = |id: &str| {
            dates
                .as_ref()
                .map(|(r, by)| super::seating::Seating::view(roster, *r, id, by.get(id).copied()))
        };
        for person in &roster.people {
            let id = &person.id;
            let seat = seat_of(id);
            let public = roster.public.get(id);
            people.push(PersonRow {
                id: id.clone(),
                number: public.map(|x| x.number),
                name: public.map(|x| x.name.clone()),
                present: p.present.contains(id),
                gone: p.gone.contains(id),
                resting: p.resting.contains(id),
                table: seat.as_ref().and_then(|a| a.table.clone()),
            });
            let own = Audience::Participant(id.clone());
            let me = public.map(|x| {
                Frame::Me(MeFrame {
                    name: x.name.clone(),
                    number: x.number,
                })
            });
            board.put(own.clone(), Kind::Me, me.as_ref(), at);
            let identity =
                Frame::Identity(roster.identity.get(id).cloned().unwrap_or(IdentityFrame {
                    confirmed: true,
                    issued_by: None,
                    issued_at: None,
                    tries_left: 0,
                    code: None,
                }));
            board.put(own.clone(), Kind::Identity, Some(&identity), at);
            let assignment = Frame::Assignment(AssignmentFrame::new(
                seat,
                p.resting.contains(id),
                p.present.contains(id),
            ));
            board.put(own, Kind::Assignment, Some(&assignment), at);
        }
        let people = Frame::People(PeopleFrame { people });
        board.put(Audience::Desk, Kind::People, Some(&people), at);
        self.chat_frames(&mut board, roster, at);
        self.desk_frames(&mut board, roster, at);
        self.interest_frames(&mut board, roster, dated, at);
        self.stage_frames(&mut board, roster, at);
        self.escort_frames(&mut board, roster, at);
        board
    }

    /// The board after a change of the clock's times alone (see
    /// [`Live::only_times_differ`]), made from `last`, the board before it: its
    /// `phase` frame and the desks' frames (a ticket counts down to the end of its
    /// guest's date) replaced, every other frame shared. At 5,000 guests a new
    /// board takes some 30 ms; this, about a millisecond.
    pub fn board_after_times(&self, last: &Board, roster: &Roster, at: i64) -> Board {
        let mut board = last.clone();
        let phase = Frame::Phase(self.phase_frame(at));
        board.replace(Audience::Everyone, Kind::Phase, Some(&phase), at);
        if !roster.desks.is_empty() {
            let mut desks = Board::default();
            self.desk_frames(&mut desks, roster, at);
            board.replace_from(desks);
        }
        board
    }

    /// The matchmaker desks: each guest's own ticket, the desks and the queue for
    /// staff (names, reasons and notes), the calls for the projector (badge
    /// numbers and desks only).
    fn desk_frames(&self, board: &mut Board, roster: &Roster, at: i64) {
        let open = roster.desks.len();
        let number = |id: &str| roster.public.get(id).map(|p| p.number);
        // An event without desks has no queue to show anyone.
        if roster.desks.is_empty() {
            return;
        }
        let world = self.parts().desk_world(at);
        for person in &roster.people {
            let left = desk::Evening::in_date_until(&world, &person.id).map(|end| end - at);
            let mut v = self.desks.view_in(&person.id, open, left);
            if !roster.confirmed(&person.id) {
                // An unconfirmed phone learns nothing of a ticket (it cannot have
                // one of its own making, but staff may have queued the guest).
                v = self.desks.view_in("", open, None);
            }
            let own = Frame::Ticket(TicketFrame {
                ticket: v.ticket,
                number: number(&person.id),
                state: v.state,
                reason: v.reason,
                position: v.position,
                wait_ms: v.wait_ms,
                desk: v.desk,
                come_to_me: v.come_to_me,
            });
            board.put(
                Audience::Participant(person.id.clone()),
                Kind::Ticket,
                Some(&own),
                at,
            );
        }
        let staff = |t: &desk::Ticket| {
            let (state, called_at, coming, flagged) = match &t.state {
                desk::TicketState::Waiting => ("waiting", None, false, false),
                desk::TicketState::Called {
                    at,
                    coming,
                    flagged,
                    ..
                } => ("called", Some(*at), coming.is_some(), *flagged),
                desk::TicketState::Serving { .. } => {
                    ("serving", t.called_at, t.coming_at.is_some(), false)
                }
            };
            StaffTicket {
                ticket: t.id.clone(),
                number: number(&t.participant).unwrap_or(0),
                participant: t.participant.clone(),
                name: roster
                    .public
                    .get(&t.participant)
                    .map_or_else(String::new, |p| p.name.clone()),
                state,
                reason: t.reason,
                come_to_me: t.come_to_me,
                note: t.note.clone(),
                staff_note: t.staff_note.clone(),
                since: t.joined_at,
                in_date_until: desk::Evening::in_date_until(&world, &t.participant),
                table: self
                    .assignment(roster, &t.participant)
                    .and_then(|a| a.table)
                    .filter(|_| self.chat.stay(&t.participant).is_none()),
                room: self.chat.stay(&t.participant).map(|(r, _)| r.to_owned()),
                place: t.place.clone(),
                called_at,
                coming,
                flagged,
            }
        };
        let desks = Frame::Desks(DesksFrame {
            desks: roster
                .desks
                .iter()
                .map(|d| DeskRow {
                    desk: d.clone(),
                    ticket: self.desks.at_desk(d).map(staff),
                })
                .collect(),
            queue: self.desks.order().into_iter().map(staff).collect(),
        });
        board.put(Audience::Desk, Kind::Desks, Some(&desks), at);
        let calls = Frame::Calls(CallsFrame {
            calls: self
                .desks
                .calls()
                .into_iter()
                .map(|(t, desk, at)| CallRow {
                    number: number(&t.participant).unwrap_or(0),
                    desk: desk.to_owned(),
                    at,
                })
                .collect(),
        });
        board.put(Audience::Projector, Kind::Calls, Some(&calls), at);
    }

    /// The private chat area: each participant's own state, the rooms and the
    /// queue for staff (numbers and names), the rooms alone for the projector.
    pub(super) fn chat_frames(&self, board: &mut Board, roster: &Roster, at: i64) {
        for person in &roster.people {
            // An unconfirmed phone reads no invitation, queue or room.
            let who = if roster.confirmed(&person.id) {
                person.id.as_str()
            } else {
                ""
            };
            let own = Frame::Chat(self.chat.view(who));
            let audience = Audience::Participant(person.id.clone());
            board.put(audience, Kind::Chat, Some(&own), at);
        }
        let number = |id: &String| roster.public.get(id).map_or(0, |p| p.number);
        let name = |id: &String| {
            roster
                .public
                .get(id)
                .map_or_else(String::new, |p| p.name.clone())
        };
        let rooms = self.chat.rooms(&roster.rooms);
        let staff = Frame::Rooms(RoomsFrame {
            rooms: rooms
                .iter()
                .map(|r| RoomRow {
                    room: r.room.clone(),
                    in_use: r.inside.is_some(),
                    numbers: Some(r.inside.iter().flatten().map(number).collect()),
                    names: Some(r.inside.iter().flatten().map(name).collect()),
                    since: Some(r.since),
                    until: Some(r.until),
                })
                .collect(),
            queue: Some(
                self.chat
                    .queue()
                    .iter()
                    .map(|q| QueueRow {
                        numbers: vec![number(&q.from), number(&q.to)],
                        names: Some(vec![name(&q.from), name(&q.to)]),
                        since: match q.state {
                            chat::RequestState::Queued { since } => since,
                            _ => q.created_at,
                        },
                    })
                    .collect(),
            ),
            settings: Some(self.chat.settings),
        });
        board.put(Audience::Desk, Kind::Rooms, Some(&staff), at);
        let projector = Frame::Rooms(RoomsFrame {
            rooms: rooms
                .iter()
                .map(|r| RoomRow {
                    room: r.room.clone(),
                    in_use: r.inside.is_some(),
                    numbers: None,
                    names: None,
                    since: None,
                    until: None,
                })
                .collect(),
            queue: None,
            settings: None,
        });
        board.put(Audience::Projector, Kind::Rooms, Some(&projector), at);
    }
}
