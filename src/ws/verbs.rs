//! The one table from a client verb to a command and the roles allowed to send it.
//! Adding a verb is one entry here (and its command in the core, its page, and
//! `docs/protocol.md`).
//!
//! A verb's fields are read first (so a malformed verb is `bad_request` whoever sent
//! it), then the role is checked (`forbidden`), then the command goes to the actor.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::core::live::{
    ChatCmd, ClockCmd, Command, DeskCmd, HallCmd, InterestCmd, PresenceCmd, Role, Viewer,
};

type Fields = Map<String, Value>;

pub struct Verb {
    pub name: &'static str,
    pub roles: &'static [Role],
    /// What a role that may not send it is told it cannot do (zh, en).
    pub forbidden: (&'static str, &'static str),
    /// Reads the fields into a command for this viewer; `Err` is serde's message.
    pub make: fn(Fields, &Viewer) -> Result<Command, String>,
}

const HOST: &[Role] = &[Role::Host];
const DESK: &[Role] = &[Role::Host, Role::Matchmaker];
const GUEST: &[Role] = &[Role::Participant];
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

pub static VERBS: &[Verb] = &[
    Verb {
        name: "event.start",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| none(f, ClockCmd::Start),
    },
    Verb {
        name: "event.pause",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| none(f, ClockCmd::Pause),
    },
    Verb {
        name: "event.resume",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| none(f, ClockCmd::Resume),
    },
    Verb {
        name: "phase.extend",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| read(f).map(|s: Seconds| ClockCmd::Extend { seconds: s.seconds }.into()),
    },
    Verb {
        name: "phase.skip",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| none(f, ClockCmd::Skip),
    },
    Verb {
        name: "break.insert",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| read(f).map(|s: Seconds| ClockCmd::InsertBreak { seconds: s.seconds }.into()),
    },
    Verb {
        name: "event.end",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| none(f, ClockCmd::End),
    },
    Verb {
        name: "announce",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| read(f).map(|t: Text| HallCmd::Announce { text: t.text }.into()),
    },
    Verb {
        name: "checkin",
        roles: DESK,
        forbidden: CHECK,
        make: |f, v| {
            read(f).map(|p: Person| {
                PresenceCmd::CheckIn {
                    participant: p.participant,
                    by: v.staff().map(String::from),
                }
                .into()
            })
        },
    },
    Verb {
        name: "gone",
        roles: DESK,
        forbidden: CHECK,
        make: |f, _| {
            read(f).map(|p: Person| {
                PresenceCmd::Gone {
                    participant: p.participant,
                }
                .into()
            })
        },
    },
    Verb {
        name: "rest.request",
        roles: GUEST,
        forbidden: REST,
        make: |f, v| none(f, PresenceCmd::Rest { participant: me(v) }),
    },
    Verb {
        name: "rest.cancel",
        roles: GUEST,
        forbidden: REST,
        make: |f, v| none(f, PresenceCmd::RestCancel { participant: me(v) }),
    },
    Verb {
        name: "chat.invite",
        roles: GUEST,
        forbidden: CHAT,
        make: |f, v| none(f, ChatCmd::Invite { participant: me(v) }),
    },
    Verb {
        name: "chat.accept",
        roles: GUEST,
        forbidden: CHAT,
        make: |f, v| {
            read(f).map(|r: Req| {
                ChatCmd::Accept {
                    participant: me(v),
                    request: r.request,
                }
                .into()
            })
        },
    },
    Verb {
        name: "chat.decline",
        roles: GUEST,
        forbidden: CHAT,
        make: |f, v| {
            read(f).map(|r: Req| {
                ChatCmd::Decline {
                    participant: me(v),
                    request: r.request,
                }
                .into()
            })
        },
    },
    Verb {
        name: "chat.cancel",
        roles: GUEST,
        forbidden: CHAT,
        make: |f, v| {
            read(f).map(|r: Req| {
                ChatCmd::Cancel {
                    participant: me(v),
                    request: r.request,
                }
                .into()
            })
        },
    },
    Verb {
        name: "chat.end",
        roles: GUEST,
        forbidden: CHAT,
        make: |f, v| none(f, ChatCmd::End { participant: me(v) }),
    },
    Verb {
        name: "room.release",
        roles: DESK,
        forbidden: ROOMS,
        make: |f, _| read(f).map(|r: Room| ChatCmd::Release { room: r.room }.into()),
    },
    Verb {
        name: "desk.join",
        roles: ANYONE_AT_A_DESK,
        forbidden: QUEUE,
        make: |f, v| {
            let j: Join = read(f)?;
            // A guest joins for themself; staff name the guest who asked in person.
            let (participant, by_staff) = match (v.participant(), j.participant) {
                (Some(me), None) => (me.to_owned(), false),
                (Some(_), Some(_)) => return Err("unknown field `participant`".into()),
                (None, Some(p)) => (p, true),
                (None, None) => return Err("missing field `participant`".into()),
            };
            Ok(DeskCmd::Join {
                participant,
                reason: j.reason,
                come_to_me: j.come_to_me,
                note: j.note,
                by_staff,
            }
            .into())
        },
    },
    Verb {
        name: "desk.leave",
        roles: GUEST,
        forbidden: QUEUE,
        make: |f, v| none(f, DeskCmd::Leave { participant: me(v) }),
    },
    Verb {
        name: "desk.coming",
        roles: GUEST,
        forbidden: QUEUE,
        make: |f, v| none(f, DeskCmd::Coming { participant: me(v) }),
    },
    Verb {
        name: "desk.next",
        roles: DESK,
        forbidden: DESKS,
        make: |f, _| read(f).map(|d: DeskField| DeskCmd::Next { desk: d.desk }.into()),
    },
    Verb {
        name: "desk.call",
        roles: DESK,
        forbidden: DESKS,
        make: |f, _| {
            read(f).map(|c: DeskCall| {
                DeskCmd::Call {
                    desk: c.desk,
                    ticket: c.ticket,
                }
                .into()
            })
        },
    },
    Verb {
        name: "desk.start",
        roles: DESK,
        forbidden: DESKS,
        make: |f, _| read(f).map(|t: TicketField| DeskCmd::Start { ticket: t.ticket }.into()),
    },
    Verb {
        name: "desk.done",
        roles: DESK,
        forbidden: DESKS,
        make: |f, _| read(f).map(|t: TicketField| DeskCmd::Done { ticket: t.ticket }.into()),
    },
    Verb {
        name: "desk.no_show",
        roles: DESK,
        forbidden: DESKS,
        make: |f, _| read(f).map(|t: TicketField| DeskCmd::NoShow { ticket: t.ticket }.into()),
    },
    Verb {
        name: "desk.note",
        roles: DESK,
        forbidden: DESKS,
        make: |f, _| {
            read(f).map(|n: StaffNote| {
                DeskCmd::Note {
                    ticket: n.ticket,
                    note: n.note,
                }
                .into()
            })
        },
    },
    Verb {
        name: "interest.mark",
        roles: GUEST,
        forbidden: MARK,
        make: |f, v| {
            read(f).map(|m: MarkFields| {
                InterestCmd::Mark {
                    participant: me(v),
                    round: m.round,
                    choice: m.choice,
                }
                .into()
            })
        },
    },
    Verb {
        name: "consent.set",
        roles: GUEST,
        forbidden: CONSENT,
        make: |f, v| {
            read(f).map(|c: ConsentFields| {
                InterestCmd::Consent {
                    participant: me(v),
                    share: c.share_contact,
                }
                .into()
            })
        },
    },
    Verb {
        name: "results.reveal",
        roles: HOST,
        forbidden: REVEAL,
        make: |f, _| read(f).map(|r: RevealFields| InterestCmd::Reveal { at: r.at }.into()),
    },
    Verb {
        name: "chat.settings",
        roles: HOST,
        forbidden: CONTROL,
        make: |f, _| {
            read(f).map(|c: ChatSettingsFields| {
                ChatCmd::Settings {
                    invite_seconds: c.invite_seconds,
                    longest_seconds: c.longest_seconds,
                }
                .into()
            })
        },
    },
];

/// The entry for a verb, if there is one.
pub fn find(name: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|v| v.name == name)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoFields {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Seconds {
    seconds: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    participant: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Req {
    request: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatSettingsFields {
    invite_seconds: i64,
    /// `null`: to the end of the next round.
    longest_seconds: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Room {
    room: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Join {
    /// Read by the core, so that a wrong one is `bad_reason`.
    reason: String,
    #[serde(default)]
    come_to_me: bool,
    #[serde(default)]
    note: Option<String>,
    /// Staff only: the guest who asked in person.
    #[serde(default)]
    participant: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeskField {
    desk: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeskCall {
    desk: String,
    ticket: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TicketField {
    ticket: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkFields {
    round: u32,
    /// Read by the core, so that a wrong one is `bad_choice`.
    choice: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentFields {
    share_contact: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevealFields {
    /// *(Blossom)* A later moment (Unix ms) for the reveal; absent: now.
    #[serde(default)]
    at: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffNote {
    ticket: String,
    /// Empty clears the note.
    note: String,
}

fn read<T: DeserializeOwned>(fields: Fields) -> Result<T, String> {
    serde_json::from_value(Value::Object(fields)).map_err(|e| e.to_string())
}

/// A verb without fields.
fn none(fields: Fields, cmd: impl Into<Command>) -> Result<Command, String> {
    read::<NoFields>(fields).map(|_| cmd.into())
}

/// The participant sending the verb (the role check refuses anyone else).
fn me(viewer: &Viewer) -> String {
    viewer.participant().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

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
            (extend.make)(f.clone(), &host).is_err(),
            "seconds is required"
        );
        f.insert("seconds".into(), 30.into());
        assert_eq!(
            (extend.make)(f.clone(), &host),
            Ok(ClockCmd::Extend { seconds: 30 }.into())
        );
        f.insert("extra".into(), 1.into());
        assert!(
            (extend.make)(f, &host).is_err(),
            "unknown fields are refused"
        );
        let guest = Viewer::Participant { id: "p1".into() };
        assert_eq!(
            (find("rest.request").unwrap().make)(Fields::new(), &guest),
            Ok(PresenceCmd::Rest {
                participant: "p1".into()
            }
            .into())
        );
    }
}
