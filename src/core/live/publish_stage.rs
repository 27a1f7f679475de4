//! What each screen is shown of the stage: the guest in the spotlight (every
//! connection), the poll (its counts once closed, for everyone; each guest's own
//! answer, for them alone), each guest's own introduction, and the introductions
//! of the guests who agreed to go on stage, for the host alone.

use super::evening::Live;
use super::frames::*;
use super::roster::Roster;
use super::stage::Poll;
use super::viewer::Audience;

impl Live {
    pub(super) fn stage_frames(&self, board: &mut Board, roster: &Roster, at: i64) {
        let stage = &self.stage;
        let on_stage = |id: &str| {
            let p = roster.public.get(id)?;
            Some(OnStage {
                number: p.number,
                name: p.name.clone(),
                intro: stage
                    .intros
                    .get(id)
                    .map_or_else(String::new, |i| i.text.clone()),
            })
        };
        let spotlight = Frame::Spotlight(SpotlightFrame {
            participant: stage
                .spotlight
                .as_ref()
                .and_then(|s| on_stage(&s.participant)),
        });
        board.put(Audience::Stage, Kind::Spotlight, Some(&spotlight), at);

        let shown = stage.shown();
        let poll = |p: &Poll, mine: Option<Option<usize>>| {
            Frame::Poll(PollFrame {
                poll: p.id.clone(),
                question: p.question.clone(),
                options: p.options.clone(),
                open: p.closed_at.is_none(),
                closed_at: p.closed_at,
                answered: p.answers.len(),
                results: p.results(),
                mine,
            })
        };
        let public = shown.map(|p| poll(p, None));
        board.put(Audience::NotGuests, Kind::Poll, public.as_ref(), at);

        let mut intros = Vec::new();
        for person in &roster.people {
            let id = &person.id;
            let confirmed = roster.confirmed(id);
            let own = Audience::Participant(id.clone());
            // An unconfirmed phone reads no answer of theirs and no introduction.
            let mine = shown.map(|p| {
                let answer = p.answers.get(id).copied().filter(|_| confirmed);
                poll(p, Some(answer))
            });
            board.put(own.clone(), Kind::Poll, mine.as_ref(), at);
            let intro = stage.intros.get(id).filter(|_| confirmed);
            let frame = Frame::Intro(IntroFrame {
                text: intro.map(|i| i.text.clone()),
                on_stage: intro.is_some_and(|i| i.on_stage),
            });
            board.put(own, Kind::Intro, Some(&frame), at);
            if stage.on_stage(id)
                && let Some(s) = on_stage(id)
            {
                intros.push(IntroRow {
                    participant: id.clone(),
                    number: s.number,
                    name: s.name,
                    intro: s.intro,
                });
            }
        }
        intros.sort_by_key(|r| r.number);
        let intros = Frame::Intros(IntrosFrame { intros });
        board.put(Audience::Host, Kind::Intros, Some(&intros), at);
    }
}
