//! The organiser's records of an evening: events, guests and staff accounts
//! ([`registration`]), a guest's join link and the phone it pairs ([`links`]), and
//! erasure ([`erasure`]). Each change is one transaction with its event-log entry.
//!
//! [`Records`] is how the edges change a record: it writes the change and then tells
//! the event's live engine itself (its actor reloads the roster, closes connections
//! whose link ended, re-plans), so no handler has to remember to. The one change
//! made elsewhere is a link claimed at `hello` (`ws::hello`), which must first start
//! the event's actor for the phone it greets.

pub mod erasure;
pub mod links;
pub mod registration;

pub use registration::{Actor, Error};

use crate::core::FieldError;
use crate::core::Lang;
use crate::core::live::ProgrammeCmd;
use crate::core::live::programme::{Programme, SegmentInput};
use crate::core::setup::{EventInput, EventSetup};
use crate::db::Db;
use crate::db::participants::ParticipantRow;
use crate::db::staff::StaffRow;
use crate::live::Failure;
use crate::live::Registry;
use crate::tokens::TokenKey;
use links::Confirmed;
use registration::{Change, Registered, Registration};

/// The records, and the live engine they feed. Cheap: borrowed from the app's state.
#[derive(Clone, Copy)]
pub struct Records<'a> {
    db: &'a Db,
    key: &'a TokenKey,
    registry: &'a Registry,
}

impl<'a> Records<'a> {
    pub fn new(db: &'a Db, key: &'a TokenKey, registry: &'a Registry) -> Records<'a> {
        Records { db, key, registry }
    }

    /// A running evening takes the event's roster again.
    async fn changed(&self, event_id: &str) {
        self.registry.roster_changed(self.db, event_id).await;
    }

    /// `change`, and once it is written, the running evening told of it.
    async fn told<T, E>(
        &self,
        event_id: &str,
        change: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        let done = change.await?;
        self.changed(event_id).await;
        Ok(done)
    }

    pub async fn create_event(
        &self,
        setup: &EventSetup,
        actor: &Actor,
        now: i64,
    ) -> Result<String, Error> {
        registration::create_event(self.db, setup, actor, now).await
    }

    /// Changes a scheduled event's setup; an open lobby takes it at once.
    pub async fn edit_event(
        &self,
        id: &str,
        patch: EventInput,
        actor: &Actor,
        lang: Lang,
        now: i64,
    ) -> Result<(), Error> {
        self.told(
            id,
            registration::edit_event(self.db, id, patch, actor, lang, now),
        )
        .await
    }

    /// Sets a scheduled event's programme; an open lobby takes it at once.
    pub async fn set_programme(
        &self,
        id: &str,
        segments: &[SegmentInput],
        actor: &Actor,
        lang: Lang,
        now: i64,
    ) -> Result<Programme, Error> {
        // An open lobby is the programme's only writer: the change goes through its
        // actor, which saves it with the evening and mirrors it to the event's row
        // (a write beside it could be overwritten by a save already under way).
        if let Some(handle) = self.registry.get(id) {
            registration::still_scheduled(self.db, id).await?;
            let cmd = ProgrammeCmd::Set {
                segments: segments.to_vec(),
            };
            return match handle.send(cmd.into(), &actor.log_name()).await {
                Ok(_) => Ok(handle.current().live.programme.clone()),
                Err(Failure::Refused(r)) => Err(Error::Invalid(vec![FieldError::new(
                    "segments",
                    lang,
                    r.text(Lang::Zh),
                    r.text(Lang::En),
                )])),
                Err(Failure::Unavailable) => Err(Error::Unavailable),
            };
        }
        self.told(
            id,
            registration::set_programme(self.db, id, segments, actor, lang, now),
        )
        .await
    }

    /// Registers one guest or a whole roster, all or nothing.
    pub async fn register(
        &self,
        event_id: &str,
        batch: Vec<Registration>,
        actor: &Actor,
        lang: Lang,
        now: i64,
    ) -> Result<Vec<Registered>, Error> {
        self.told(
            event_id,
            registration::register(self.db, self.key, event_id, batch, actor, lang, now),
        )
        .await
    }

    pub async fn update(
        &self,
        event_id: &str,
        participant_id: &str,
        change: Change,
        actor: &Actor,
        lang: Lang,
        now: i64,
    ) -> Result<(), Error> {
        self.told(
            event_id,
            registration::update(self.db, event_id, participant_id, change, actor, lang, now),
        )
        .await
    }

    /// Takes a guest off the evening; their open connections close.
    pub async fn withdraw(
        &self,
        event_id: &str,
        participant_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), Error> {
        self.told(
            event_id,
            registration::withdraw(self.db, event_id, participant_id, actor, now),
        )
        .await
    }

    /// A new join link; the old one and the phone holding it stop working.
    pub async fn reissue_token(
        &self,
        event_id: &str,
        participant_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<String, Error> {
        self.told(
            event_id,
            registration::reissue_token(self.db, self.key, event_id, participant_id, actor, now),
        )
        .await
    }

    /// Ends a withdrawn guest's phone session.
    pub async fn end_session(
        &self,
        event_id: &str,
        participant_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), Error> {
        self.told(
            event_id,
            registration::end_session(self.db, event_id, participant_id, actor, now),
        )
        .await
    }

    /// A new staff account; its id and token.
    pub async fn create_staff(
        &self,
        event_id: &str,
        new: crate::db::staff::NewStaff<'_>,
        actor: &Actor,
        now: i64,
    ) -> Result<(String, String), Error> {
        self.told(
            event_id,
            registration::create_staff(self.db, self.key, event_id, new, actor, now),
        )
        .await
    }

    /// Switches a staff link off; its open connections close.
    pub async fn revoke_staff_link(
        &self,
        event_id: &str,
        staff_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), Error> {
        self.told(
            event_id,
            registration::revoke_staff_link(self.db, event_id, staff_id, actor, now),
        )
        .await
    }

    /// A new link for a staff account; the old one stops working.
    pub async fn reissue_staff_link(
        &self,
        event_id: &str,
        staff_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(StaffRow, String), Error> {
        self.told(
            event_id,
            registration::reissue_staff_link(self.db, self.key, event_id, staff_id, actor, now),
        )
        .await
    }

    /// The guest's phone tries the last four digits of their contact; a try counts
    /// whatever its answer, so the phone's `identity` frame changes either way.
    pub async fn confirm_digits(
        &self,
        guest: &ParticipantRow,
        digits: &str,
        now: i64,
    ) -> Result<Confirmed, sqlx::Error> {
        let answer = links::confirm_digits(self.db, guest, digits, now).await?;
        self.changed(&guest.event_id).await;
        Ok(answer)
    }

    /// The organiser types the code the guest's phone shows.
    pub async fn confirm_code(
        &self,
        guest: &ParticipantRow,
        code: &str,
        actor: &str,
        now: i64,
    ) -> Result<Confirmed, sqlx::Error> {
        let answer = links::confirm_code(self.db, guest, code, actor, now).await?;
        if answer == Confirmed::Yes {
            self.changed(&guest.event_id).await;
        }
        Ok(answer)
    }

    /// Erases a guest's personal data (with the event's actor stopped meanwhile).
    pub async fn erase_guest(
        &self,
        event_id: &str,
        participant_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), erasure::Error> {
        erasure::erase_guest(self.db, self.registry, event_id, participant_id, actor, now).await
    }

    /// Erases every guest's personal data of a closed event, keeping its report.
    pub async fn purge_event(
        &self,
        event_id: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), erasure::Error> {
        erasure::purge_event(self.db, self.registry, event_id, actor, now).await
    }
}
