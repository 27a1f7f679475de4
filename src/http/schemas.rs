//! The OpenAPI document's view of the core's types: each mirror here derives
//! `ToSchema` with the same fields, serde attributes and doc comments as its core
//! type, and the core type's `ToSchema` is the mirror's, under the core type's own
//! name. The core stays free of OpenAPI; a test below serialises each core type and
//! holds the JSON against its mirror's schema, so a field added to one and not the
//! other fails.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::core::live::frames::FollowUpRow;
use crate::core::live::frames::Named;
use crate::core::live::interest::MatchKind;
use crate::core::live::programme::{Segment, SegmentInput, SegmentKind};
use crate::core::participant::Escort;
use crate::core::participant::MaritalStatus;
use crate::core::participant::Mobility;
use crate::core::participant::Mode;
use crate::core::participant::ParticipantInput;
use crate::core::participant::PersonRef;
use crate::core::report::Access;
use crate::core::report::Attendance;
use crate::core::report::ChatFigures;
use crate::core::report::DeskFigures;
use crate::core::report::Outcomes;
use crate::core::report::Quantiles;
use crate::core::report::Report;
use crate::core::report::Spread;
use crate::core::report::{EscortFigures, PollFigures, SegmentRun, StageFigures};
use crate::core::setup::EligibilityInput;
use crate::core::setup::EventInput;
use crate::core::setup::LabelInput;
use crate::core::setup::TableInput;
use crate::core::setup::TableSetup;
use crate::core::validation::FieldError;

/// `$core`'s schema is `$doc`'s, named as `$core`.
macro_rules! mirror {
    ($core:ident => $doc:ident) => {
        impl utoipa::PartialSchema for $core {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                <$doc as utoipa::PartialSchema>::schema()
            }
        }
        impl ToSchema for $core {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($core))
            }
            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                <$doc as ToSchema>::schemas(schemas)
            }
        }
    };
}

mirror!(Mobility => MobilityDoc);
mirror!(Escort => EscortDoc);
mirror!(Mode => ModeDoc);
mirror!(MaritalStatus => MaritalStatusDoc);
mirror!(PersonRef => PersonRefDoc);
mirror!(ParticipantInput => ParticipantInputDoc);
mirror!(FieldError => FieldErrorDoc);
mirror!(Report => ReportDoc);
mirror!(Attendance => AttendanceDoc);
mirror!(Spread => SpreadDoc);
mirror!(Access => AccessDoc);
mirror!(ChatFigures => ChatFiguresDoc);
mirror!(DeskFigures => DeskFiguresDoc);
mirror!(Quantiles => QuantilesDoc);
mirror!(Outcomes => OutcomesDoc);
mirror!(StageFigures => StageFiguresDoc);
mirror!(EscortFigures => EscortFiguresDoc);
mirror!(SegmentRun => SegmentRunDoc);
mirror!(PollFigures => PollFiguresDoc);
mirror!(Named => NamedDoc);
mirror!(FollowUpRow => FollowUpRowDoc);
mirror!(MatchKind => MatchKindDoc);
mirror!(TableInput => TableInputDoc);
mirror!(LabelInput => LabelInputDoc);
mirror!(EligibilityInput => EligibilityInputDoc);
mirror!(EventInput => EventInputDoc);
mirror!(TableSetup => TableSetupDoc);
mirror!(SegmentKind => SegmentKindDoc);
mirror!(SegmentInput => SegmentInputDoc);
mirror!(Segment => SegmentDoc);

/// What a segment of the programme is.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKindDoc {
    Opening,
    Introductions,
    Talent,
    Game,
    Dates,
    Reveal,
    Closing,
    Other,
}

/// A segment as sent: `id` only for one that exists, which keeps it and its times.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentInputDoc {
    pub id: Option<String>,
    pub kind: SegmentKind,
    /// Up to 60 characters.
    pub title: String,
    /// Planned length, 1–600: shown, never enforced.
    pub minutes: u32,
}

/// A segment of the programme, with when it actually ran.
#[derive(Serialize, ToSchema)]
pub struct SegmentDoc {
    pub id: String,
    pub kind: SegmentKind,
    pub title: String,
    pub minutes: u32,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// Whether a volunteer goes with a guest when they move.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EscortDoc {
    None,
    /// A sighted guide (for a blind or low-vision guest).
    Guide,
    /// Someone to push their wheelchair.
    Push,
    /// Someone to walk with.
    Company,
}

/// How a person moves around the hall.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MobilityDoc {
    None,
    /// Needs an accessible table.
    Wheelchair,
    /// Walks with difficulty.
    Limited,
    /// Needs a guide to move (for example, blind).
    Guided,
}

/// A mode a person can hold a conversation in.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ModeDoc {
    Speech,
    Sign,
    Text,
}

/// Marital status; only these three may register (a married person may not).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MaritalStatusDoc {
    Unmarried,
    Divorced,
    Widowed,
}

/// A reference to another participant of the same event: their number (on the badge)
/// or, where unambiguous, their display name.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum PersonRefDoc {
    Number(i64),
    Name(String),
}

/// A registration as received: every field optional, so that absent fields are
/// reported by name together with every other problem. Also used for updates, where
/// a present field replaces the stored one.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInputDoc {
    pub display_name: Option<String>,
    /// `male` or `female` (男 / 女 accepted), or another gender written out.
    pub gender: Option<String>,
    /// Genders this person wants to meet; defaults to the other of male / female.
    pub seeks: Option<Vec<String>>,
    pub age: Option<i64>,
    /// Inclusive `[min, max]` age a partner must have.
    pub partner_age: Option<[i64; 2]>,
    pub mobility: Option<String>,
    /// Any of `speech`, `sign`, `text`; defaults to `["speech"]`.
    pub communication: Option<Vec<String>>,
    pub quiet: Option<bool>,
    /// People this person must not be seated with: participant numbers or names.
    pub avoid: Option<Vec<PersonRef>>,
    pub max_consecutive: Option<i64>,
    /// First and last round present, inclusive.
    pub available: Option<[i64; 2]>,
    pub marital_status: Option<String>,
    pub contact: Option<String>,
    pub share_contact: Option<bool>,
    pub companion: Option<bool>,
    pub notes_for_partner: Option<String>,
    /// `none`, `guide`, `push` or `company`; by default `guide` for a guest who is
    /// `guided`, else `none`.
    pub escort: Option<String>,
}

/// One thing wrong with one field, in words the person can act on.
#[derive(Serialize, ToSchema)]
pub struct FieldErrorDoc {
    /// The field's name as sent (`age`, `tables[2].label`, ...).
    pub field: String,
    /// What is wrong and how to fix it, in the client's language.
    pub message: String,
    /// The line of an imported roster this is about (line 1 is the header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportDoc {
    pub attendance: Attendance,
    pub access: Access,
    pub chat: ChatFigures,
    pub desks: DeskFigures,
    pub outcomes: Outcomes,
    pub stage: StageFigures,
    pub escorts: EscortFigures,
}

/// Volunteers' escorts: counts and the time to arrival; all but `tasks` are
/// `null` when fewer than five guests were escorted.
#[derive(Serialize, ToSchema)]
pub struct EscortFiguresDoc {
    pub tasks: usize,
    /// Guests escorted.
    pub guests: Option<usize>,
    pub taken_within_two_minutes: Option<usize>,
    pub minutes_to_arrival: Option<Quantiles>,
    /// Moves made alone after a volunteer was asked for (the goal is none).
    pub moved_alone: Option<usize>,
}

/// The programme as run and what happened on stage.
#[derive(Serialize, ToSchema)]
pub struct StageFiguresDoc {
    pub programme: Vec<SegmentRun>,
    /// Caption lines sent through the evening (the engine's own included).
    pub captions_sent: u64,
    /// How often a guest was put in the spotlight.
    pub spotlights: u64,
    pub polls: Vec<PollFigures>,
}

/// One segment of the programme: planned and actual minutes.
#[derive(Serialize, ToSchema)]
pub struct SegmentRunDoc {
    /// `opening`, `introductions`, `talent`, `game`, `dates`, `reveal`, `closing`, `other`.
    pub kind: String,
    pub title: String,
    pub planned_minutes: u32,
    pub started_at: Option<i64>,
    /// Minutes it ran (`null` if it never started).
    pub actual_minutes: Option<f64>,
}

/// One poll: counts only, withheld (`null`) when fewer than five answered.
#[derive(Serialize, ToSchema)]
pub struct PollFiguresDoc {
    pub question: String,
    pub options: Vec<String>,
    pub answered: usize,
    pub results: Option<Vec<usize>>,
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceDoc {
    pub registered: usize,
    pub came: usize,
    /// Arrived after round 1 began.
    pub late: usize,
    /// Marked as gone before the end.
    pub left_early: usize,
    pub dates_planned: usize,
    pub dates_held: usize,
    /// Dates per guest who came: the fewest, the median, the most.
    pub dates_per_guest: Spread,
}

#[derive(Serialize, ToSchema)]
pub struct SpreadDoc {
    pub min: usize,
    pub median: f64,
    pub max: usize,
}

#[derive(Serialize, ToSchema)]
pub struct AccessDoc {
    /// Wheelchair users who came (`null` when fewer than five).
    pub wheelchair_users: Option<usize>,
    /// Their dates, and how many were at an accessible table (`null` likewise).
    pub wheelchair_dates: Option<usize>,
    pub wheelchair_dates_accessible: Option<usize>,
    pub interpreter_dates: usize,
    pub quiet_table_dates: usize,
    /// Rests the guests asked for (a total).
    pub rests_taken: usize,
    /// Rounds a guest present sat out without a date, asked for or not (person-rounds).
    pub rounds_sat_out: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ChatFiguresDoc {
    pub invitations: usize,
    /// Invitations accepted (a room, or the queue for one).
    pub accepted: usize,
    /// `accepted / invitations` (0 to 1), `null` with no invitation.
    pub accepted_share: Option<f64>,
    pub rooms_used: usize,
    pub room_minutes: f64,
    /// Private chats held: invitations that reached a room.
    pub chats_held: usize,
}

#[derive(Serialize, ToSchema)]
pub struct DeskFiguresDoc {
    pub tickets: usize,
    /// Tickets by reason; a reason with fewer than five is `null`.
    pub by_reason: BTreeMap<String, Option<usize>>,
    /// From joining to the call (minutes), over tickets called: median and 90th
    /// percentile; `null` with fewer than five.
    pub wait_minutes: Option<Quantiles>,
    /// From the start of the visit to its end (minutes), likewise.
    pub service_minutes: Option<Quantiles>,
    pub no_shows: usize,
    /// Visits made: tickets whose visit began.
    pub visits: usize,
}

#[derive(Serialize, ToSchema)]
pub struct QuantilesDoc {
    pub median: f64,
    pub p90: f64,
}

#[derive(Serialize, ToSchema)]
pub struct OutcomesDoc {
    pub guests_with_dates: usize,
    pub marked_every_date: usize,
    /// `marked_every_date / guests_with_dates`, `null` with nobody.
    pub marked_share: Option<f64>,
    /// Mutual matches by kind, once the results are revealed (`null` before).
    pub matches_date: Option<usize>,
    pub matches_friend: Option<usize>,
    /// Mutual matches where both consented, so contacts were exchanged (after the
    /// reveal; `null` before).
    pub contacts_exchanged: Option<usize>,
}

/// A partner as a guest's "my dates" names them.
#[derive(Serialize, ToSchema)]
pub struct NamedDoc {
    pub name: String,
    pub number: i64,
}

/// One mutual match for the matchmakers' (and the organiser's) follow-up.
#[derive(Serialize, ToSchema)]
pub struct FollowUpRowDoc {
    pub a: Named,
    pub b: Named,
    pub kind: MatchKind,
    /// Both consented: each was shown the other's contact.
    pub contacts_shared: bool,
}

/// A mutual match's kind.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKindDoc {
    /// Both said yes (牵手).
    Date,
    /// Both said yes or friends, not both yes.
    Friend,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TableInputDoc {
    pub label: Option<String>,
    /// A wheelchair can reach and use the table.
    #[serde(default)]
    pub accessible: bool,
    /// In the low-noise area.
    #[serde(default)]
    pub quiet: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelInputDoc {
    pub label: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EligibilityInputDoc {
    /// Default 22 (Civil Code art. 1047).
    pub min_age_male: Option<i64>,
    /// Default 20 (Civil Code art. 1047).
    pub min_age_female: Option<i64>,
}

/// An event as sent by an organiser.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInputDoc {
    pub title: Option<String>,
    /// The organisation that holds the evening (主办单位); optional, up to 120 characters.
    pub organiser: Option<String>,
    pub venue: Option<String>,
    /// RFC 3339, e.g. `2026-12-12T14:00:00+08:00`.
    pub starts_at: Option<String>,
    /// Length of a date; default 480 (eight minutes).
    pub round_seconds: Option<i64>,
    /// Goodbye, marking interest and moving; default 120.
    pub transition_seconds: Option<i64>,
    pub rounds: Option<i64>,
    /// Sign-language interpreters on duty; each serves one date per round. Default 0.
    pub interpreters: Option<i64>,
    /// A break after this many rounds; default 4. `0` plans none.
    pub break_after_rounds: Option<i64>,
    /// Default 600.
    pub break_seconds: Option<i64>,
    /// Show names (not only numbers) on the projector; default false.
    pub names_on_projector: Option<bool>,
    pub tables: Option<Vec<TableInput>>,
    /// Rooms of the private chat area, with access features like tables.
    pub rooms: Option<Vec<TableInput>>,
    pub desks: Option<Vec<LabelInput>>,
    pub eligibility: Option<EligibilityInput>,
}

#[derive(Serialize, ToSchema)]
pub struct TableSetupDoc {
    pub label: String,
    pub accessible: bool,
    pub quiet: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::core::report::{Records, report};

    /// The schema as JSON, with `$ref`s to other components left as they are.
    fn schema_of<T: ToSchema>() -> Value {
        serde_json::to_value(T::schema()).unwrap()
    }

    /// `value` as serialised by the core has exactly the fields its schema lists
    /// (a field `skip_serializing_if` may be absent), and its strings are among an
    /// enum's values.
    fn fits<T: Serialize + ToSchema>(value: &T) {
        let name = T::name();
        let schema = schema_of::<T>();
        match serde_json::to_value(value).unwrap() {
            Value::Object(fields) => {
                let properties = schema["properties"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{name}: no properties in {schema}"));
                for key in fields.keys() {
                    assert!(
                        properties.contains_key(key),
                        "{name}: `{key}` is not in its schema"
                    );
                }
                for required in schema["required"].as_array().into_iter().flatten() {
                    let key = required.as_str().unwrap();
                    assert!(
                        fields.contains_key(key),
                        "{name}: `{key}` is required but not sent"
                    );
                }
                for key in properties.keys() {
                    let optional = !schema["required"]
                        .as_array()
                        .is_some_and(|r| r.contains(&json!(key)));
                    assert!(
                        fields.contains_key(key) || optional,
                        "{name}: `{key}` is in its schema but not in the type"
                    );
                }
            }
            Value::String(s) => {
                let values = schema["enum"].as_array().cloned().unwrap_or_default();
                assert!(
                    values.contains(&json!(s)),
                    "{name}: `{s}` is not one of {values:?}"
                );
            }
            other => panic!("{name}: not checked: {other}"),
        }
    }

    #[test]
    fn every_core_type_in_the_document_has_the_fields_its_schema_lists() {
        use crate::core::live::interest::MatchKind as K;
        use crate::core::participant::{MaritalStatus as S, Mobility as M, Mode as C};
        for m in [M::None, M::Wheelchair, M::Limited, M::Guided] {
            fits(&m);
        }
        for c in [C::Speech, C::Sign, C::Text] {
            fits(&c);
        }
        for s in [S::Unmarried, S::Divorced, S::Widowed] {
            fits(&s);
        }
        for k in [K::Date, K::Friend] {
            fits(&k);
        }
        fits(&ParticipantInput::default());
        fits(&TableInput::default());
        fits(&LabelInput::default());
        fits(&EligibilityInput::default());
        fits(&EventInput::default());
        fits(&TableSetup {
            label: "1".into(),
            accessible: true,
            quiet: false,
        });
        fits(&FieldError {
            field: "age".into(),
            message: "…".into(),
            line: Some(2),
        });
        let named = Named {
            name: "A".into(),
            number: 1,
        };
        fits(&named);
        fits(&FollowUpRow {
            a: named.clone(),
            b: named,
            kind: K::Date,
            contacts_shared: false,
        });
        let r = report(&Records::default());
        fits(&r.attendance);
        fits(&r.attendance.dates_per_guest);
        fits(&r.access);
        fits(&r.chat);
        fits(&r.desks);
        fits(&r.outcomes);
        fits(&r);
        fits(&Quantiles {
            median: 1.0,
            p90: 2.0,
        });
        use crate::core::live::programme::SegmentKind as P;
        for k in [
            P::Opening,
            P::Introductions,
            P::Talent,
            P::Game,
            P::Dates,
            P::Reveal,
            P::Closing,
            P::Other,
        ] {
            fits(&k);
            fits(&SegmentInput {
                id: Some("s1".into()),
                kind: k,
                title: "开场".into(),
                minutes: 10,
            });
            fits(&Segment {
                id: "s1".into(),
                kind: k,
                title: "开场".into(),
                minutes: 10,
                started_at: Some(1),
                ended_at: None,
            });
        }
    }

    #[test]
    fn a_field_the_schema_does_not_list_is_found() {
        #[derive(Serialize, ToSchema)]
        struct Doc {
            a: i64,
        }
        #[derive(Serialize)]
        struct Core {
            a: i64,
            b: i64,
        }
        impl utoipa::PartialSchema for Core {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                Doc::schema()
            }
        }
        impl ToSchema for Core {}
        let caught = std::panic::catch_unwind(|| fits(&Core { a: 1, b: 2 }));
        assert!(caught.is_err());
    }
}
