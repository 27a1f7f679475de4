//! `identity.confirm`: a guest's phone whose claim was not trusted (a re-issued
//! link, or an original one first opened after the evening started) proves it is
//! theirs with the last four digits of the contact they registered, which host and
//! matchmakers never read. Five wrong tries (never reset, a re-issue neither), or a
//! contact that cannot prove anything, leave it to the organiser, who types the
//! code the phone shows (`POST …/participants/{pid}/confirm`). Not an evening verb:
//! the guest's record is the organiser's, so it is written here and the event's
//! actor is given the new roster, as every change of a record is.

use crate::auth::Seat;
use crate::core::Lang;
use crate::db::participants;
use crate::records::links::Confirmed;
use crate::state::AppState;

use super::protocol::{self, ClientFrame};

pub const VERB: &str = "identity.confirm";

/// The answer to `identity.confirm`: `ack` once the phone is confirmed (and the
/// evening shows the guest everything again), or `error`.
pub async fn confirm(state: &AppState, seat: &Seat, lang: Lang, frame: &ClientFrame) -> String {
    let id = frame.id.as_deref();
    let now = || state.clock.now();
    let Some(guest) = seat.viewer.participant() else {
        let m = lang.pick(
            "只有来宾本人的手机可以确认身份。",
            "Only a guest's own phone confirms who it belongs to.",
        );
        return protocol::error(id, "forbidden", &m, now());
    };
    let digits = frame.fields.get("digits").and_then(|d| d.as_str());
    let Some(digits) = digits.filter(|d| d.len() == 4 && d.chars().all(|c| c.is_ascii_digit()))
    else {
        let m = lang.pick(
            "请输入四位数字：您登记的手机号码的最后四位。",
            "Type four digits: the last four of the phone number you registered.",
        );
        return protocol::error(id, "bad_request", &m, now());
    };
    let found = participants::find(&state.db, &seat.event_id, guest).await;
    let answer = match found {
        Ok(Some(p)) => state.records().confirm_digits(&p, digits, now()).await,
        Ok(None) => Ok(Confirmed::Locked),
        Err(e) => Err(e),
    };
    // Confirmed, or a try fewer: the records told the evening, and the phone's
    // `identity` frame says so.
    match answer {
        Ok(Confirmed::Yes) => protocol::ack(id, now()),
        Ok(Confirmed::Wrong(left)) => {
            let m = lang.pick(
                format!("数字不对。还可以再试 {left} 次。"),
                format!("Those digits are not right. {left} tries left."),
            );
            protocol::error(id, "wrong_digits", &m, now())
        }
        Ok(Confirmed::Locked | Confirmed::WrongCode) => {
            let m = lang.pick(
                "这部手机需要组织者确认：请把屏幕上的六位确认码给组织者看。",
                "This phone must be confirmed by the organiser: show them the six-digit code on your screen.",
            );
            protocol::error(id, "confirm_locked", &m, now())
        }
        Err(e) => {
            tracing::warn!(error = %e, "a confirmation could not be saved");
            protocol::unavailable(id, lang, now())
        }
    }
}

/// The refusal of every other verb from a phone not yet confirmed.
pub fn needed(lang: Lang) -> String {
    lang.pick(
        "请先确认这部手机是您本人的：输入您登记的手机号码的最后四位。",
        "First confirm that this phone is yours: type the last four digits of the phone number you registered.",
    )
}
