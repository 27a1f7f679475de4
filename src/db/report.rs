//! What the evening's report reads (`core::report::Records`), one query a kind of
//! record. Marks are read here only to be counted (`core::report`), never shown.

use crate::core::live::interest::Choice;
use crate::core::live::saved;
use crate::core::report::{ChatRequest, Date, Guest, Records, Ticket};
use crate::db::{Db, live, participants};

type DateRow = (i64, String, String, i64, Option<i64>, Option<i64>);
type ChatRow = (String, Option<String>, Option<i64>, Option<i64>);
type TicketRow = (String, String, i64, Option<i64>, Option<i64>, Option<i64>);

/// The records, and the participants they were read with (an export names them).
pub async fn records(
    db: &Db,
    event_id: &str,
) -> Result<(Records, Vec<participants::ParticipantRow>), sqlx::Error> {
    let people = participants::list(db, event_id).await?;
    let guests = people
        .iter()
        .filter(|p| !p.is_withdrawn())
        .map(|p| Guest {
            wheelchair: p.mobility == "wheelchair",
            share_contact: p.share_contact != 0,
            checked_in_at: p.checked_in_at,
            left_at: p.left_at,
            id: p.id.clone(),
        })
        .collect();
    let (started_at,): (Option<i64>,) =
        sqlx::query_as("SELECT MIN(started_at) FROM rounds WHERE event_id = $1")
            .bind(event_id)
            .fetch_one(db)
            .await?;
    let dates: Vec<DateRow> = sqlx::query_as(
        "SELECT d.round, d.a_id, d.b_id, d.interpreter, t.accessible, t.quiet FROM dates d \
         LEFT JOIN venue_tables t ON t.event_id = d.event_id AND t.label = d.table_label \
         WHERE d.event_id = $1 ORDER BY d.round, d.table_label",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    let (rested,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE kind WHEN 'participant.rest' THEN 1 ELSE -1 END), 0) FROM event_log \
         WHERE event_id = $1 AND kind IN ('participant.rest', 'participant.rest_cancelled')",
    )
    .bind(event_id)
    .fetch_one(db)
    .await?;
    let chats: Vec<ChatRow> = sqlx::query_as(
        "SELECT status, room_label, room_at, ended_at FROM chat_requests WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    let tickets: Vec<TicketRow> = sqlx::query_as(
        "SELECT reason, status, created_at, called_at, started_at, ended_at FROM desk_tickets WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    let marks = live::marks(db, event_id).await?;
    // The plan and the reveal are in the live state (an evening never started has none).
    let state = live::load(db, event_id)
        .await?
        .and_then(|s| saved::from_json(&s).ok());
    let dates_planned = state.as_ref().map_or(0, |l| {
        l.seating
            .schedule
            .rounds
            .iter()
            .map(|r| r.dates.len())
            .sum()
    });
    // Who sat a round out: the plan's guests present without a date, over the
    // rounds held (a round is held once its dates are written).
    let held: std::collections::BTreeSet<u32> = dates.iter().map(|d| d.0 as u32).collect();
    let sat_out = state.as_ref().map_or(0, |l| {
        l.seating
            .schedule
            .rounds
            .iter()
            .filter(|r| held.contains(&r.round))
            .map(|r| r.resting.len())
            .sum()
    });
    let records = Records {
        sat_out,
        guests,
        started_at,
        dates_planned,
        dates: dates
            .into_iter()
            .map(|(round, a, b, interpreter, accessible, quiet)| Date {
                round: round as u32,
                a,
                b,
                interpreter: interpreter != 0,
                accessible_table: accessible.unwrap_or(0) != 0,
                quiet_table: quiet.unwrap_or(0) != 0,
            })
            .collect(),
        rests: rested.max(0) as usize,
        chats: chats
            .into_iter()
            .map(|(status, room, room_at, ended_at)| ChatRequest {
                status,
                room,
                room_at,
                ended_at,
            })
            .collect(),
        tickets: tickets
            .into_iter()
            .map(
                |(reason, status, created_at, called_at, started_at, ended_at)| Ticket {
                    reason,
                    status,
                    created_at,
                    called_at,
                    started_at,
                    ended_at,
                },
            )
            .collect(),
        marks: marks
            .into_iter()
            .filter_map(|(from, round, to, choice, _)| {
                Some((
                    from,
                    u32::try_from(round).ok()?,
                    to,
                    Choice::parse(&choice).ok()?,
                ))
            })
            .collect(),
        revealed: state
            .as_ref()
            .is_some_and(|l| l.interest.revealed_at.is_some()),
        stage: state.map(|l| stage_records(&l)).unwrap_or_default(),
        escorts: crate::db::escorts::tasks(db, event_id)
            .await?
            .into_iter()
            .map(|t| crate::core::report::EscortRecord {
                participant: t.participant_id,
                status: t.status,
                made_at: t.created_at,
                taken_at: t.taken_at,
                arrived_at: t.arrived_at,
            })
            .collect(),
    };
    Ok((records, people))
}

/// The stage as the report reads it: each poll's answers counted here, so no
/// record leaves with anyone's answer.
fn stage_records(l: &crate::core::live::Live) -> crate::core::report::StageRecords {
    crate::core::report::StageRecords {
        programme: l.programme.segments.clone(),
        captions_sent: l.captions.sent,
        spotlights: l.stage.spotlights,
        polls: l
            .stage
            .polls
            .iter()
            .map(|p| {
                let mut counts = vec![0; p.options.len()];
                for &o in p.answers.values() {
                    if let Some(c) = counts.get_mut(o) {
                        *c += 1;
                    }
                }
                (p.question.clone(), p.options.clone(), counts)
            })
            .collect(),
    }
}
