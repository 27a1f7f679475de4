//! `blossom serve --demo`: a realistic evening to try every view. Forty guests with a
//! mix of needs (wheelchair users, deaf guests who sign, blind guests, people who tire,
//! late arrivals, a guest with a carer), accessible and quiet tables, two private chat
//! rooms, two matchmaker desks and one account for each staff role. Created through
//! the same code as real registrations, so it is checked the same way.

use time::{Duration, OffsetDateTime, UtcOffset};

use crate::core::Lang;
use crate::core::live::Role;
use crate::core::live::programme::{SegmentInput, SegmentKind};
use crate::core::participant::{ParticipantInput, PersonRef};
use crate::core::setup::{EventInput, EventSetup, LabelInput, TableInput};
use crate::db::staff::NewStaff;
use crate::db::{events, participants, staff};
use crate::records::registration::{self, Actor, Registration};
use crate::state::AppState;
use crate::tokens::TokenKind;

/// What the demo prints.
#[derive(Debug, Clone)]
pub struct DemoInfo {
    pub event_id: String,
    pub title: String,
    pub participants: usize,
    pub staff: Vec<(String, String, String)>,
    pub guests: Vec<(i64, String, String)>,
}

/// One demo guest: name, gender, age, needs.
struct Guest {
    name: &'static str,
    gender: &'static str,
    age: i64,
    mobility: &'static str,
    modes: &'static [&'static str],
    quiet: bool,
    max_consecutive: Option<i64>,
    available: Option<[i64; 2]>,
    companion: bool,
    notes: Option<&'static str>,
}

const fn g(name: &'static str, gender: &'static str, age: i64) -> Guest {
    Guest {
        name,
        gender,
        age,
        mobility: "none",
        modes: &["speech"],
        quiet: false,
        max_consecutive: None,
        available: None,
        companion: false,
        notes: None,
    }
}

fn guests() -> Vec<Guest> {
    let sign: &'static [&'static str] = &["sign", "text"];
    vec![
        Guest {
            mobility: "wheelchair",
            notes: Some("我坐轮椅，请到我这桌来。"),
            ..g("王芳", "female", 29)
        },
        Guest {
            mobility: "wheelchair",
            max_consecutive: Some(3),
            ..g("李静", "female", 34)
        },
        Guest {
            mobility: "wheelchair",
            companion: true,
            ..g("张丽", "female", 41)
        },
        Guest {
            modes: sign,
            notes: Some("我用手语，也可以打字聊天。"),
            ..g("刘洋", "female", 27)
        },
        Guest {
            modes: sign,
            ..g("陈晨", "female", 31)
        },
        Guest {
            modes: &["sign"],
            ..g("杨雪", "female", 36)
        },
        Guest {
            mobility: "guided",
            notes: Some("我看不见，请先说出你的名字。"),
            ..g("赵敏", "female", 33)
        },
        Guest {
            mobility: "guided",
            companion: true,
            ..g("黄蓉", "female", 45)
        },
        Guest {
            quiet: true,
            notes: Some("我戴助听器，请面对我慢慢说，我会读唇。"),
            ..g("周婷", "female", 30)
        },
        Guest {
            quiet: true,
            ..g("吴霞", "female", 38)
        },
        Guest {
            mobility: "limited",
            max_consecutive: Some(2),
            ..g("徐莉", "female", 43)
        },
        Guest {
            max_consecutive: Some(2),
            notes: Some("我容易累，中间需要休息。"),
            ..g("孙燕", "female", 39)
        },
        Guest {
            available: Some([3, 8]),
            ..g("胡佳", "female", 26)
        },
        Guest {
            available: Some([1, 6]),
            ..g("朱琳", "female", 32)
        },
        g("高敏", "female", 28),
        g("林娜", "female", 35),
        g("何欣", "female", 24),
        g("郭蕾", "female", 47),
        g("马丹", "female", 30),
        g("罗颖", "female", 37),
        Guest {
            mobility: "wheelchair",
            ..g("张伟", "male", 32)
        },
        Guest {
            mobility: "wheelchair",
            max_consecutive: Some(3),
            ..g("王强", "male", 38)
        },
        Guest {
            mobility: "wheelchair",
            notes: Some("我坐轮椅，请到我这桌来。"),
            ..g("李军", "male", 44)
        },
        Guest {
            modes: sign,
            notes: Some("我用手语，也可以打字聊天。"),
            ..g("刘斌", "male", 29)
        },
        Guest {
            modes: sign,
            ..g("陈浩", "male", 35)
        },
        Guest {
            modes: &["sign"],
            ..g("杨帆", "male", 40)
        },
        Guest {
            mobility: "guided",
            notes: Some("我看不见，请先说出你的名字。"),
            ..g("赵磊", "male", 36)
        },
        Guest {
            quiet: true,
            notes: Some("我戴助听器，请面对我慢慢说。"),
            ..g("周杰", "male", 31)
        },
        Guest {
            quiet: true,
            ..g("吴刚", "male", 42)
        },
        Guest {
            mobility: "limited",
            max_consecutive: Some(2),
            ..g("徐涛", "male", 46)
        },
        Guest {
            mobility: "limited",
            ..g("孙鹏", "male", 33)
        },
        Guest {
            max_consecutive: Some(2),
            companion: true,
            ..g("胡斌", "male", 28)
        },
        Guest {
            available: Some([3, 8]),
            ..g("朱明", "male", 30)
        },
        Guest {
            available: Some([2, 8]),
            ..g("高峰", "male", 37)
        },
        g("林海", "male", 27),
        g("何勇", "male", 34),
        g("郭亮", "male", 39),
        g("马超", "male", 25),
        g("罗杰", "male", 48),
        g("梁宇", "male", 31),
    ]
}

fn registration(i: usize, guest: &Guest) -> Registration {
    let partner_age = if guest.age < 35 {
        [guest.age - 6, guest.age + 8]
    } else {
        [guest.age - 10, guest.age + 6]
    };
    Registration {
        line: None,
        errors: Vec::new(),
        input: ParticipantInput {
            display_name: Some(guest.name.into()),
            gender: Some(guest.gender.into()),
            age: Some(guest.age),
            partner_age: Some([partner_age[0].max(20), partner_age[1]]),
            mobility: Some(guest.mobility.into()),
            communication: Some(guest.modes.iter().map(|m| m.to_string()).collect()),
            quiet: Some(guest.quiet),
            max_consecutive: guest.max_consecutive,
            available: guest.available,
            marital_status: Some(
                ["unmarried", "unmarried", "divorced", "unmarried", "widowed"][i % 5].into(),
            ),
            contact: Some(format!("138{:08}", 10_000_000 + i * 7_919)),
            share_contact: Some(!i.is_multiple_of(3)),
            companion: Some(guest.companion),
            notes_for_partner: guest.notes.map(String::from),
            // Two guests who know each other from work asked not to be paired.
            avoid: (guest.name == "林海").then(|| vec![PersonRef::Name("高敏".into())]),
            // Two wheelchair users would like someone to push them between tables
            // (the guided guests need a guide by default).
            escort: ["李静", "张丽"]
                .contains(&guest.name)
                .then(|| "push".to_string()),
            ..Default::default()
        },
    }
}

fn setup(now_ms: i64) -> EventSetup {
    let beijing = UtcOffset::from_hms(8, 0, 0).expect("+08:00 is valid");
    let today = OffsetDateTime::from_unix_timestamp(now_ms / 1000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(beijing);
    let starts = (today + Duration::days(1)).replace_time(time::macros::time!(14:00));
    let table = |label: &str, accessible: bool, quiet: bool| TableInput {
        label: Some(label.into()),
        accessible,
        quiet,
    };
    let input = EventInput {
        title: Some("冬日八分钟约会 · Winter eight-minute dates".into()),
        organiser: Some("市残疾人联合会 · City Disabled Persons' Federation".into()),
        venue: Some(
            "市残疾人联合会活动中心三楼 · City Disabled Persons' Federation, 3rd floor".into(),
        ),
        starts_at: Some(
            starts
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        ),
        rounds: Some(8),
        interpreters: Some(2),
        tables: Some(
            (1..=14)
                .map(|n| table(&n.to_string(), n <= 6, (5..=8).contains(&n)))
                .collect(),
        ),
        // Room A has a ramp and a wide door; both are in the quiet wing.
        rooms: Some(vec![
            table("私聊室 A", true, true),
            table("私聊室 B", false, true),
        ]),
        desks: Some(vec![
            LabelInput {
                label: Some("红娘 1 号台".into()),
            },
            LabelInput {
                label: Some("红娘 2 号台".into()),
            },
        ]),
        ..Default::default()
    };
    EventSetup::parse(input, Lang::En).expect("the demo event is valid")
}

/// Short rounds for trying the demo out: 90-second dates, 30 seconds to change
/// tables, a one-minute break after four rounds. Only while the demo evening has not
/// started (afterwards its clock keeps its rules): `false` then.
pub async fn short_rounds(state: &AppState, now: i64) -> Result<bool, registration::Error> {
    let Some(event) = events::list(&state.db).await?.into_iter().next() else {
        return Ok(false);
    };
    let patch = EventInput {
        round_seconds: Some(90),
        transition_seconds: Some(30),
        break_seconds: Some(60),
        ..Default::default()
    };
    match state
        .records()
        .edit_event(&event.id, patch, &Actor::System, Lang::En, now)
        .await
    {
        Ok(()) => Ok(true),
        Err(registration::Error::Started) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Creates the demo event when the database has no event; otherwise describes the
/// first event there is.
pub async fn ensure(state: &AppState, now: i64) -> Result<DemoInfo, registration::Error> {
    let db = &state.db;
    if events::count(db).await? == 0 {
        let id = state
            .records()
            .create_event(&setup(now), &Actor::System, now)
            .await?;
        let batch = guests()
            .iter()
            .enumerate()
            .map(|(i, g)| registration(i, g))
            .collect();
        state
            .records()
            .register(&id, batch, &Actor::System, Lang::En, now)
            .await?;
        // A programme with every kind of segment, around the dates.
        let programme: Vec<SegmentInput> = [
            (SegmentKind::Opening, "开场致辞", 10),
            (SegmentKind::Introductions, "自我推荐", 30),
            (SegmentKind::Game, "击鼓传娃娃", 15),
            (SegmentKind::Dates, "八分钟约会", 90),
            (SegmentKind::Talent, "才艺展示", 20),
            (SegmentKind::Reveal, "牵手时刻", 15),
            (SegmentKind::Other, "抽奖", 10),
            (SegmentKind::Closing, "合影留念", 10),
        ]
        .into_iter()
        .map(|(kind, title, minutes)| SegmentInput {
            id: None,
            kind,
            title: title.into(),
            minutes,
        })
        .collect();
        state
            .records()
            .set_programme(&id, &programme, &Actor::System, Lang::En, now)
            .await?;
        for (role, name, contact) in [
            (Role::Host, "主持人 小林", None),
            (Role::Matchmaker, "红娘 陈老师", None),
            (Role::Projector, "大厅投影", None),
            (Role::Captioner, "字幕员 小周", None),
            (Role::Volunteer, "志愿者 小李", Some("13900000001")),
            (Role::Volunteer, "志愿者 小王", Some("13900000002")),
        ] {
            state
                .records()
                .create_staff(
                    &id,
                    NewStaff {
                        role,
                        name,
                        contact,
                    },
                    &Actor::System,
                    now,
                )
                .await?;
        }
    }
    let event = events::list(db)
        .await?
        .into_iter()
        .next()
        .ok_or(registration::Error::EventNotFound)?;
    let staff = staff::list(db, &event.id)
        .await?
        .into_iter()
        .map(|s| {
            let url = state.staff_url(
                s.role.as_str(),
                &state.key.derive(TokenKind::Staff, &s.id, s.token_version),
            );
            (s.role.as_str().to_string(), s.name, url)
        })
        .collect();
    let all = participants::list(db, &event.id).await?;
    let guests = all
        .iter()
        .filter(|p| !p.is_withdrawn())
        .filter(|p| [1, 4, 7, 9].contains(&p.number))
        .map(|p| {
            let profile = p.profile(Vec::new());
            let mut needs: Vec<String> = Vec::new();
            if profile.mobility != crate::core::participant::Mobility::None {
                needs.push(profile.mobility.as_str().into());
            }
            if profile
                .communication
                .contains(&crate::core::participant::Mode::Sign)
            {
                needs.push("signs".into());
            }
            if profile.quiet {
                needs.push("quiet table".into());
            }
            let needs = if needs.is_empty() {
                "no particular needs".into()
            } else {
                needs.join(", ")
            };
            let url = state.join_url(&state.key.derive(
                TokenKind::Participant,
                &p.id,
                p.token_version,
            ));
            // What a late or re-issued claim of this link is confirmed with.
            let digits: String = p
                .contact
                .as_deref()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let last4 = &digits[digits.len().saturating_sub(4)..];
            (
                p.number,
                format!("{} ({needs}; confirms with {last4})", p.display_name),
                url,
            )
        })
        .collect();
    Ok(DemoInfo {
        event_id: event.id,
        title: event.title,
        participants: all.len(),
        staff,
        guests,
    })
}

/// The text printed at start-up: every URL and token a person needs.
///
/// `admin_token` is the token generated for this run; one the organiser set
/// (flag or environment) is theirs, and is never printed: `None` shows a
/// placeholder where it goes.
pub fn describe(state: &AppState, info: &DemoInfo, admin_token: Option<&str>) -> String {
    let base = &state.public_url;
    let admin_token = admin_token.unwrap_or("<your admin token>");
    let mut out = format!(
        "\nDemo event \"{}\" ({} participants), id {}\n  Organiser:  {base}/admin/#{admin_token}\n",
        info.title, info.participants, info.event_id
    );
    for (role, name, url) in &info.staff {
        out.push_str(&format!("  {role:<11} {url}   ({name})\n"));
    }
    out.push_str(
        "  Some guests' phones (each badge's QR slip opens such a link). Each link pairs the\n  \
         first browser that opens it: open it again in that browser, not another; a second\n  \
         browser is told the link was used (give a new one with 新链接 on the tablet or console):\n",
    );
    for (number, who, url) in &info.guests {
        out.push_str(&format!("    no. {number:<3} {who}\n            {url}\n"));
    }
    out.push_str(&format!(
        "  Printable badges: open the organiser page, or\n    curl -H 'Authorization: Bearer {admin_token}' {base}/api/events/{}/badges > badges.html\n  API document: {base}/api/openapi.json\n\n",
        info.event_id
    ));
    out
}
