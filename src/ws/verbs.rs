//! The one table from a client verb to the roles allowed to send it, what a role
//! that may not is told, and the slice whose messages read it. A verb's fields and
//! its command are its slice's business (`core::live::message`); adding a verb is
//! one line here.
//!
//! A verb's fields are read first (so a malformed verb is `bad_request` whoever sent
//! it), then the role is checked (`forbidden`), then the command goes to the actor.

use serde_json::{Map, Value};

use crate::core::live::message::{self, Message};
use crate::core::live::{
    CaptionMsg, ChatMsg, ClockMsg, Command, DeskMsg, EscortMsg, HallMsg, InterestMsg, PresenceMsg,
    ProgrammeMsg, Role, StageMsg, Viewer,
};

type Fields = Map<String, Value>;

/// Reads a verb's fields into its slice's command for the viewer sending it.
type Read = fn(&str, Fields, &Viewer) -> Result<Command, String>;

pub struct Verb {
    pub name: &'static str,
    pub roles: &'static [Role],
    /// What a role that may not send it is told it cannot do (zh, en).
    pub forbidden: (&'static str, &'static str),
    /// Reads the fields into a command for this viewer; `Err` is serde's message.
    pub read: Read,
}

impl Verb {
    /// This verb's command, from `fields`, for `viewer`.
    pub fn make(&self, fields: Fields, viewer: &Viewer) -> Result<Command, String> {
        (self.read)(self.name, fields, viewer)
    }
}

/// The messages of slice `M` read into the evening's command.
fn of<M: Message>(verb: &str, fields: Fields, by: &Viewer) -> Result<Command, String>
where
    M::Command: Into<Command>,
{
    message::read::<M>(verb, fields)?
        .command(by)
        .map(Into::into)
}

const fn verb(
    name: &'static str,
    roles: &'static [Role],
    forbidden: (&'static str, &'static str),
    read: Read,
) -> Verb {
    Verb {
        name,
        roles,
        forbidden,
        read,
    }
}

const HOST: &[Role] = &[Role::Host];
const DESK: &[Role] = &[Role::Host, Role::Matchmaker];
const GUEST: &[Role] = &[Role::Participant];
const CAPTIONERS: &[Role] = &[Role::Host, Role::Captioner];
const VOLUNTEER: &[Role] = &[Role::Volunteer];
const ANYONE_AT_A_DESK: &[Role] = &[Role::Participant, Role::Host, Role::Matchmaker];

const CONTROL: (&str, &str) = ("控制活动", "control the event");
const CHECK: (&str, &str) = ("办理签到或离场", "check people in or out");
const REST: (&str, &str) = ("替别人申请休息", "ask for a rest for someone else");
const CHAT: (&str, &str) = (
    "替别人使用私聊区",
    "use the private chat area for someone else",
);
const ROOMS: (&str, &str) = ("管理私聊室", "manage the private chat rooms");
const QUEUE: (&str, &str) = (
    "替别人在红娘服务区排队",
    "use the matchmaker queue for someone else",
);
const DESKS: (&str, &str) = ("操作红娘服务台", "run a matchmaker desk");
const MARK: (&str, &str) = ("替别人做选择", "mark interest for someone else");
const CONSENT: (&str, &str) = (
    "替别人决定是否交换联系方式",
    "decide for someone else whether to share a contact",
);
const REVEAL: (&str, &str) = ("公布结果", "reveal the results");
const CAPTION: (&str, &str) = ("发送字幕", "send captions");
const INTRO: (&str, &str) = ("替别人写自我介绍", "write someone else's introduction");
const ANSWER: (&str, &str) = ("替别人投票", "answer a poll for someone else");
const ESCORT: (&str, &str) = ("替别人请志愿者", "ask for a volunteer for someone else");
const GUIDE: (&str, &str) = (
    "接引导任务（只有志愿者可以）",
    "take escort tasks (volunteers only)",
);

#[rustfmt::skip]
pub static VERBS: &[Verb] = &[
    verb("event.start", HOST, CONTROL, of::<ClockMsg>),
    verb("event.pause", HOST, CONTROL, of::<ClockMsg>),
    verb("event.resume", HOST, CONTROL, of::<ClockMsg>),
    verb("phase.extend", HOST, CONTROL, of::<ClockMsg>),
    verb("phase.skip", HOST, CONTROL, of::<ClockMsg>),
    verb("break.insert", HOST, CONTROL, of::<ClockMsg>),
    verb("event.end", HOST, CONTROL, of::<ClockMsg>),
    verb("announce", HOST, CONTROL, of::<HallMsg>),
    verb("programme.set", HOST, CONTROL, of::<ProgrammeMsg>),
    verb("segment.start", HOST, CONTROL, of::<ProgrammeMsg>),
    verb("caption.send", CAPTIONERS, CAPTION, of::<CaptionMsg>),
    verb("caption.fix", CAPTIONERS, CAPTION, of::<CaptionMsg>),
    verb("spotlight.set", HOST, CONTROL, of::<StageMsg>),
    verb("poll.open", HOST, CONTROL, of::<StageMsg>),
    verb("poll.close", HOST, CONTROL, of::<StageMsg>),
    verb("intro.set", GUEST, INTRO, of::<StageMsg>),
    verb("poll.answer", GUEST, ANSWER, of::<StageMsg>),
    verb("escort.need", GUEST, ESCORT, of::<EscortMsg>),
    verb("escort.ask", GUEST, ESCORT, of::<EscortMsg>),
    verb("escort.cancel", GUEST, ESCORT, of::<EscortMsg>),
    verb("escort.take", VOLUNTEER, GUIDE, of::<EscortMsg>),
    verb("escort.arrived", VOLUNTEER, GUIDE, of::<EscortMsg>),
    verb("escort.done", VOLUNTEER, GUIDE, of::<EscortMsg>),
    verb("volunteer.on", VOLUNTEER, GUIDE, of::<EscortMsg>),
    verb("volunteer.off", VOLUNTEER, GUIDE, of::<EscortMsg>),
    verb("checkin", DESK, CHECK, of::<PresenceMsg>),
    verb("gone", DESK, CHECK, of::<PresenceMsg>),
    verb("rest.request", GUEST, REST, of::<PresenceMsg>),
    verb("rest.cancel", GUEST, REST, of::<PresenceMsg>),
    verb("chat.invite", GUEST, CHAT, of::<ChatMsg>),
    verb("chat.accept", GUEST, CHAT, of::<ChatMsg>),
    verb("chat.decline", GUEST, CHAT, of::<ChatMsg>),
    verb("chat.cancel", GUEST, CHAT, of::<ChatMsg>),
    verb("chat.end", GUEST, CHAT, of::<ChatMsg>),
    verb("chat.settings", HOST, CONTROL, of::<ChatMsg>),
    verb("room.release", DESK, ROOMS, of::<ChatMsg>),
    verb("room.extend", DESK, ROOMS, of::<ChatMsg>),
    verb("desk.join", ANYONE_AT_A_DESK, QUEUE, of::<DeskMsg>),
    verb("desk.leave", GUEST, QUEUE, of::<DeskMsg>),
    verb("desk.coming", GUEST, QUEUE, of::<DeskMsg>),
    verb("desk.next", DESK, DESKS, of::<DeskMsg>),
    verb("desk.call", DESK, DESKS, of::<DeskMsg>),
    verb("desk.start", DESK, DESKS, of::<DeskMsg>),
    verb("desk.done", DESK, DESKS, of::<DeskMsg>),
    verb("desk.no_show", DESK, DESKS, of::<DeskMsg>),
    verb("desk.note", DESK, DESKS, of::<DeskMsg>),
    verb("interest.mark", GUEST, MARK, of::<InterestMsg>),
    verb("consent.set", GUEST, CONSENT, of::<InterestMsg>),
    verb("results.reveal", HOST, REVEAL, of::<InterestMsg>),
];

/// The entry for a verb, if there is one.
pub fn find(name: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|v| v.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::core::live::{ClockCmd, PresenceCmd};

    #[test]
    fn every_verb_is_listed_once_and_reads_its_fields() {
        let names: HashSet<_> = VERBS.iter().map(|v| v.name).collect();
        assert_eq!(names.len(), VERBS.len(), "no verb twice");
        let host = Viewer::Staff {
            id: "h".into(),
            role: Role::Host,
        };
        let extend = find("phase.extend").unwrap();
        let mut f = Fields::new();
        assert!(
            extend.make(f.clone(), &host).is_err(),
            "seconds is required"
        );
        f.insert("seconds".into(), 30.into());
        assert_eq!(
            extend.make(f.clone(), &host),
            Ok(ClockCmd::Extend { seconds: 30 }.into())
        );
        f.insert("extra".into(), 1.into());
        assert!(extend.make(f, &host).is_err(), "unknown fields are refused");
        let guest = Viewer::Participant { id: "p1".into() };
        assert_eq!(
            find("rest.request").unwrap().make(Fields::new(), &guest),
            Ok(PresenceCmd::Rest {
                participant: "p1".into()
            }
            .into())
        );
    }
}
