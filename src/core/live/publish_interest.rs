//! What each screen is shown of interest and matches: each guest their own marks
//! (and, after the reveal, their mutual matches), staff the counts, matchmakers
//! the mutual matches for follow-up once revealed. No frame carries anyone's mark
//! but to the person who made it.

use std::collections::{BTreeMap, BTreeSet};

use super::frames::*;
use super::viewer::Audience;
use super::{Live, Roster};

/// Who dated whom, from the rounds begun: each person's dates (round, partner,
/// table) in order, and each pair once (the smaller id first).
pub struct Dated {
    pub by_person: BTreeMap<String, Vec<(u32, String, String)>>,
    pub pairs: BTreeSet<(String, String)>,
}

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

    pub(super) fn interest_frames(&self, board: &mut Board, roster: &Roster, at: i64) {
        let i = &self.interest;
        let dated = self.dated(roster);
        let named = |id: &str| {
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
        };
        let shares = |id: &str| {
            let (contact, registered) = roster.contacts.get(id).cloned().unwrap_or((None, false));
            (contact, i.shares(id, registered))
        };
        let none = Vec::new();
        for person in &roster.people {
            let dates = dated.by_person.get(&person.id).unwrap_or(&none);
            let rounds: Vec<(u32, String)> =
                dates.iter().map(|(r, p, _)| (*r, p.clone())).collect();
            let (contact, share) = shares(&person.id);
            let marks = Frame::Marks(MarksFrame {
                marks: i
                    .own(&person.id, &rounds)
                    .into_iter()
                    .zip(dates)
                    .map(|(m, (_, _, table))| MarkRow {
                        round: m.round,
                        table: table.clone(),
                        partner: named(&m.partner),
                        choice: m.choice,
                    })
                    .collect(),
                locked: i.locked(),
                share_contact: share,
                has_contact: contact.is_some(),
            });
            let own = Audience::Participant(person.id.clone());
            board.put(own.clone(), Kind::Marks, Some(&marks), at);
            // Before the reveal there is no `matches` frame at all.
            let partners: BTreeSet<String> = rounds.into_iter().map(|(_, p)| p).collect();
            if let Some(matches) = i.matches_of(&person.id, &partners) {
                let frame = Frame::Matches(MatchesFrame {
                    matches: matches
                        .into_iter()
                        .map(|(other, kind)| {
                            let theirs = shares(&other);
                            let n = named(&other);
                            MatchRow {
                                name: n.name,
                                number: n.number,
                                kind,
                                contact: (share && theirs.1).then_some(theirs.0).flatten(),
                            }
                        })
                        .collect(),
                });
                board.put(own, Kind::Matches, Some(&frame), at);
            }
        }
        let marks_by: BTreeMap<String, Vec<(u32, String)>> = dated
            .by_person
            .iter()
            .map(|(p, d)| {
                (
                    p.clone(),
                    d.iter().map(|(r, o, _)| (*r, o.clone())).collect(),
                )
            })
            .collect();
        let r = i.results(&marks_by, &dated.pairs);
        let results = Frame::Results(ResultsFrame {
            marked: r.marked,
            of: r.of,
            revealed: r.revealed,
            matches: r.matches,
            reveal_at: i.reveal_at,
        });
        board.put(Audience::Desk, Kind::Results, Some(&results), at);
        if i.locked() {
            let follow = Frame::FollowUp(FollowUpFrame {
                matches: i
                    .mutual(&dated.pairs)
                    .into_iter()
                    .map(|(a, b, kind)| FollowUpRow {
                        contacts_shared: shares(&a).1 && shares(&b).1,
                        a: named(&a),
                        b: named(&b),
                        kind,
                    })
                    .collect(),
            });
            board.put(Audience::Matchmakers, Kind::FollowUp, Some(&follow), at);
        }
    }
}
