//! What each screen is shown of interest and matches: each guest their own marks
//! (and, after the reveal, their mutual matches), staff the counts, matchmakers
//! the mutual matches for follow-up once revealed. No frame carries anyone's mark
//! but to the person who made it.

use std::collections::{BTreeMap, BTreeSet};

use super::evening::Live;
use super::frames::*;
use super::roster::Roster;
use super::viewer::Audience;
use super::worlds::Dated;

impl Live {
    /// Who dated whom in the rounds begun (people still on the roster only).
    pub fn dated(&self, roster: &Roster) -> Dated {
        let mut by_person: BTreeMap<String, Vec<(u32, String, String)>> = BTreeMap::new();
        let mut pairs = BTreeSet::new();
        for round in 1..=self.rounds_reached() {
            for d in self.seating.dates(round) {
                if !roster.public.contains_key(&d.a) || !roster.public.contains_key(&d.b) {
                    continue;
                }
                for (me, other) in [(&d.a, &d.b), (&d.b, &d.a)] {
                    by_person.entry(me.clone()).or_default().push((
                        round,
                        other.clone(),
                        d.table.clone(),
                    ));
                }
                let pair = if d.a < d.b {
                    (d.a.clone(), d.b.clone())
                } else {
                    (d.b.clone(), d.a.clone())
                };
                pairs.insert(pair);
            }
        }
        Dated { by_person, pairs }
    }

    pub(super) fn interest_frames(
        &self,
        board: &mut Board,
        roster: &Roster,
        dated: &Dated,
        at: i64,
    ) {
        for person in &roster.people {
            let own = Audience::Participant(person.id.clone());
            let marks = self.marks_frame(roster, &person.id, dated);
            board.put(own.clone(), Kind::Marks, Some(&marks), at);
            // Before the reveal there is no `matches` frame at all.
            if let Some(matches) = self.matches_frame(roster, &person.id, dated) {
                board.put(own, Kind::Matches, Some(&matches), at);
            }
        }
        let results = self.results_frame(dated);
        board.put(Audience::Desk, Kind::Results, Some(&results), at);
        if let Some(follow) = self.follow_up_frame(roster, dated) {
            board.put(Audience::Matchmakers, Kind::FollowUp, Some(&follow), at);
        }
    }

    /// The frames new marks change, for a board that is otherwise as it was: the
    /// `marks` of each of `people`, and (`with_results`) the staff's counts.
    pub fn mark_updates(
        &self,
        roster: &Roster,
        dated: &Dated,
        people: &[String],
        with_results: bool,
    ) -> Vec<(Audience, Kind, Frame)> {
        let mut out: Vec<(Audience, Kind, Frame)> = people
            .iter()
            .map(|p| {
                let frame = self.marks_frame(roster, p, dated);
                (Audience::Participant(p.clone()), Kind::Marks, frame)
            })
            .collect();
        if with_results {
            out.push((Audience::Desk, Kind::Results, self.results_frame(dated)));
        }
        out
    }

    fn marks_frame(&self, roster: &Roster, person: &str, dated: &Dated) -> Frame {
        let i = &self.interest;
        let dates = dated.by_person.get(person).map_or(&[][..], Vec::as_slice);
        let rounds: Vec<(u32, String)> = dates.iter().map(|(r, p, _)| (*r, p.clone())).collect();
        let (contact, share) = shares(roster, i, person);
        // An unconfirmed phone reads the dates, never the choices or the consent.
        let confirmed = roster.confirmed(person);
        Frame::Marks(MarksFrame {
            marks: i
                .own(person, &rounds)
                .into_iter()
                .zip(dates)
                .map(|(m, (_, _, table))| MarkRow {
                    round: m.round,
                    table: table.clone(),
                    partner: named(roster, &m.partner),
                    choice: m.choice.filter(|_| confirmed),
                })
                .collect(),
            locked: i.locked(),
            share_contact: share && confirmed,
            has_contact: contact.is_some() && confirmed,
        })
    }

    fn matches_frame(&self, roster: &Roster, person: &str, dated: &Dated) -> Option<Frame> {
        let i = &self.interest;
        let partners: BTreeSet<String> = dated
            .by_person
            .get(person)
            .into_iter()
            .flatten()
            .map(|(_, p, _)| p.clone())
            .collect();
        let share = shares(roster, i, person).1;
        let mut matches = i.matches_of(person, &partners)?;
        if !roster.confirmed(person) {
            matches.clear();
        }
        Some(Frame::Matches(MatchesFrame {
            matches: matches
                .into_iter()
                .map(|(other, kind)| {
                    let (contact, theirs) = shares(roster, i, &other);
                    let n = named(roster, &other);
                    MatchRow {
                        name: n.name,
                        number: n.number,
                        kind,
                        contact: contact.filter(|_| share && theirs),
                    }
                })
                .collect(),
        }))
    }

    fn results_frame(&self, dated: &Dated) -> Frame {
        let i = &self.interest;
        let r = i.results_of(
            dated.by_person.iter().map(|(p, d)| {
                (
                    p.as_str(),
                    d.iter().map(|(r, partner, _)| (*r, partner.as_str())),
                )
            }),
            &dated.pairs,
        );
        Frame::Results(ResultsFrame {
            marked: r.marked,
            of: r.of,
            revealed: r.revealed,
            matches: r.matches,
            reveal_at: i.reveal_at,
        })
    }

    fn follow_up_frame(&self, roster: &Roster, dated: &Dated) -> Option<Frame> {
        let i = &self.interest;
        i.locked().then(|| {
            Frame::FollowUp(FollowUpFrame {
                matches: FollowUpRow::all(
                    i.mutual(&dated.pairs),
                    |id| Some(named(roster, id)),
                    |id| shares(roster, i, id).1,
                ),
            })
        })
    }
}

fn named(roster: &Roster, id: &str) -> Named {
    roster.public.get(id).map_or(
        Named {
            name: String::new(),
            number: 0,
        },
        |p| Named {
            name: p.name.clone(),
            number: p.number,
        },
    )
}

/// A person's contact and whether it is shared with mutual matches now.
fn shares(roster: &Roster, i: &super::interest::Interest, id: &str) -> (Option<String>, bool) {
    let (contact, registered) = roster.contacts.get(id).cloned().unwrap_or((None, false));
    (contact, i.shares(id, registered))
}
