//! What each screen is shown of escorts: the host and every volunteer the tasks
//! (a volunteer with their own shift), each guest their own task under way. The
//! projector, the matchmakers and the captioner get nothing of it.

use super::escort::Task;
use super::evening::Live;
use super::frames::*;
use super::roster::Roster;
use super::viewer::Audience;

/// A first name to tell a guest who is coming: the last word of a name written
/// with a title (志愿者 小李 → 小李), else the name as written.
fn first_name(name: &str) -> String {
    name.split_whitespace().last().unwrap_or(name).to_string()
}

impl Live {
    pub(super) fn escort_frames(&self, board: &mut Board, roster: &Roster, at: i64) {
        let row = |t: &Task| {
            let public = roster.public.get(&t.participant)?;
            Some(EscortTaskRow {
                task: t.id.clone(),
                number: public.number,
                name: public.name.clone(),
                need: t.need,
                communication: public.communication.clone(),
                from: t.from.as_ref().map(|p| p.label()),
                to: t.to.as_ref().map(|p| p.label()),
                from_kind: t.from.as_ref().map(|p| p.kind()),
                to_kind: t.to.as_ref().map(|p| p.kind()),
                by: t.by,
                state: t.state.as_str(),
                volunteer: t.volunteer.as_ref().map(|id| VolunteerRef {
                    id: id.clone(),
                    name: roster.volunteers.get(id).cloned().unwrap_or_default(),
                }),
                reason: t.reason,
                flagged: t.flagged,
                made_at: t.made_at,
            })
        };
        let tasks: Vec<EscortTaskRow> = self.escorts.tasks.iter().filter_map(row).collect();
        let frame = |me: Option<VolunteerSelf>| {
            Frame::Escorts(EscortsFrame {
                tasks: tasks.clone(),
                me,
            })
        };
        board.put(Audience::Host, Kind::Escorts, Some(&frame(None)), at);
        for id in roster.volunteers.keys() {
            let since = self.escorts.shifts.get(id).copied();
            let me = VolunteerSelf {
                id: id.clone(),
                on_shift: since.is_some(),
                since,
            };
            board.put(
                Audience::Staff(id.clone()),
                Kind::Escorts,
                Some(&frame(Some(me))),
                at,
            );
        }
        for person in &roster.people {
            let id = &person.id;
            // An unconfirmed phone reads nothing of a task (none is its own making).
            let task = self.escorts.active_of(id).filter(|_| roster.confirmed(id));
            let own = Frame::Escort(EscortFrame {
                task: task.map(|t| t.id.clone()),
                state: task.map_or("none", |t| t.state.as_str()),
                volunteer: task
                    .and_then(|t| t.volunteer.as_ref())
                    .and_then(|v| roster.volunteers.get(v))
                    .map(|n| first_name(n)),
                to: task.and_then(|t| t.to.as_ref()).map(|p| p.label()),
                to_kind: task.and_then(|t| t.to.as_ref()).map(|p| p.kind()),
                // An unconfirmed phone learns nothing of an access need either.
                need: if roster.confirmed(id) {
                    self.escort_need(roster, id)
                } else {
                    crate::core::participant::Escort::None
                },
            });
            board.put(
                Audience::Participant(id.clone()),
                Kind::Escort,
                Some(&own),
                at,
            );
        }
    }
}
