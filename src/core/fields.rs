//! Which fields of a guest's record each reader may see: the one place where that is
//! decided for every answer that carries a profile.
//!
//! A guest's record holds sensitive personal information (PIPL): an avoid list can
//! name an ex or an abuser, `seeks` is an orientation, and ages, marital status and
//! contacts are nobody's business at a desk. Each reader gets the fields its screen
//! needs and no more; a field it may not read is *absent* from the answer, not
//! `null`, so nothing about it (not even whether it is set) leaks.
//!
//! - the organiser: everything;
//! - a matchmaker: names, numbers, presence, access needs and the guest's notes for
//!   partners (what a desk conversation needs);
//! - the host: names, numbers, presence and access needs (to seat and help people);
//! - the projector: numbers only (it never reads a profile; the hall sees numbers).
//!
//! Writing follows the same table ([`Reader::may_write`]): the organiser writes
//! every field; host and matchmakers register a walk-in with whatever the form asks
//! and change only what they read; and consent to share a contact is the guest's
//! own choice (on their phone) or the organiser's (from a signed form), never
//! another staff member's.

use serde_json::{Map, Value};

use super::Lang;
use super::live::Role;
use super::validation::FieldError;

/// The fields only the organiser reads: no staff screen ever receives them.
pub const ORGANISER_ONLY: &[&str] = &[
    "avoid",
    "seeks",
    "gender",
    "age",
    "partner_age",
    "marital_status",
    "contact",
    "share_contact",
];

/// Fields only the guest or the organiser sets: the guest's own choices.
pub const OWN_CHOICE: &[&str] = &["share_contact"];

/// How a record is written: a new guest registered, or a record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Register,
    Change,
}

/// The fields a writer named and may not write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refused {
    /// Fields this writer may not read, so may not set blind (sorted, once each).
    pub hidden: Vec<String>,
    /// The writer set the guest's consent.
    pub consent: bool,
}

/// What staff who set a guest's consent are told (`share_contact`).
pub fn consent_refused(lang: Lang) -> FieldError {
    FieldError::new(
        "share_contact",
        lang,
        "是否交换联系方式只能由来宾本人在手机上决定，或由组织者按书面同意书填写；其他工作人员不能填写。",
        "Whether to share a contact is the guest's own choice, made on their phone, or the organiser's from a signed form: other staff do not set it.",
    )
}

/// Who reads a guest's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Organiser,
    Matchmaker,
    Host,
    Projector,
}

/// Identity and presence: what every staff screen needs to find a person.
const PRESENCE: &[&str] = &[
    "id",
    "number",
    "status",
    "display_name",
    "checked_in_at",
    "left_at",
    "link_on_phone",
];

/// Access needs: how to seat a person and how to talk with them.
const ACCESS: &[&str] = &["mobility", "communication", "quiet", "companion", "escort"];

/// What the matchmaker's desk adds: what the guest asked partners to know, and the
/// limits of their stamina and time.
const DESK: &[&str] = &["notes_for_partner", "max_consecutive", "available"];

impl Reader {
    /// What a staff member of `role` reads (a guest reads their own record only
    /// through `/api/me`, never this way).
    pub fn of_staff(role: Role) -> Reader {
        match role {
            Role::Matchmaker => Reader::Matchmaker,
            Role::Host => Reader::Host,
            Role::Projector | Role::Captioner | Role::Volunteer | Role::Participant => {
                Reader::Projector
            }
        }
    }

    /// Whether this reader may see the field `name` of a guest's record.
    pub fn may_read(self, name: &str) -> bool {
        match self {
            Reader::Organiser => true,
            Reader::Matchmaker => {
                PRESENCE.contains(&name) || ACCESS.contains(&name) || DESK.contains(&name)
            }
            Reader::Host => PRESENCE.contains(&name) || ACCESS.contains(&name),
            Reader::Projector => name == "number",
        }
    }

    /// Whether this reader may set the field `name` when writing `how`.
    pub fn may_write(self, name: &str, how: Write) -> bool {
        match self {
            Reader::Organiser => true,
            Reader::Projector => false,
            Reader::Host | Reader::Matchmaker => {
                !OWN_CHOICE.contains(&name)
                    && match how {
                        Write::Register => true,
                        Write::Change => self.may_read(name),
                    }
            }
        }
    }

    /// Of the fields `named`, those this reader may not write `how`.
    pub fn refused<'a>(self, named: impl IntoIterator<Item = &'a str>, how: Write) -> Refused {
        let mut refused = Refused::default();
        for name in named {
            if self.may_write(name, how) {
                continue;
            }
            if OWN_CHOICE.contains(&name) {
                refused.consent = true;
            } else {
                refused.hidden.push(name.to_string());
            }
        }
        refused.hidden.sort();
        refused.hidden.dedup();
        refused
    }

    /// Removes from a serialised record every field this reader may not see.
    pub fn keep_readable(self, record: &mut Map<String, Value>) {
        record.retain(|k, _| self.may_read(k));
    }

    /// The record as this reader may see it (a non-object is returned unchanged).
    pub fn show(self, mut record: Value) -> Value {
        if let Value::Object(map) = &mut record {
            self.keep_readable(map);
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn full() -> Value {
        json!({
            "id": "p1", "number": 3, "status": "registered", "display_name": "Li",
            "gender": "f", "seeks": ["m"], "age": 30, "partner_age": [25, 40],
            "mobility": "wheelchair", "communication": ["sign"], "quiet": true,
            "avoid": [7], "max_consecutive": 2, "available": null,
            "marital_status": "single", "contact": "wx:li", "share_contact": true,
            "companion": false, "notes_for_partner": "hi", "checked_in_at": null,
            "left_at": null
        })
    }

    fn keys(r: Reader) -> Vec<String> {
        let Value::Object(m) = r.show(full()) else {
            unreachable!()
        };
        let mut k: Vec<String> = m.keys().cloned().collect();
        k.sort();
        k
    }

    #[test]
    fn the_organiser_reads_every_field() {
        assert_eq!(keys(Reader::Organiser).len(), 21);
    }

    #[test]
    fn a_matchmaker_never_reads_avoid_lists_orientation_ages_marital_status_or_contacts() {
        let k = keys(Reader::Matchmaker);
        for hidden in ORGANISER_ONLY {
            assert!(!k.iter().any(|x| x == *hidden), "{hidden} shown");
        }
        for shown in ["display_name", "number", "mobility", "notes_for_partner"] {
            assert!(k.iter().any(|x| x == shown), "{shown} missing");
        }
    }

    #[test]
    fn the_host_reads_less_than_a_matchmaker_and_the_projector_only_numbers() {
        let host = keys(Reader::Host);
        let mm = keys(Reader::Matchmaker);
        assert!(host.iter().all(|k| mm.contains(k)));
        assert!(host.len() < mm.len());
        assert!(!host.iter().any(|k| k == "notes_for_partner"));
        assert_eq!(keys(Reader::Projector), vec!["number".to_string()]);
    }

    #[test]
    fn staff_register_with_what_the_form_asks_change_what_they_read_and_never_consent() {
        for staff in [Reader::Host, Reader::Matchmaker] {
            assert!(staff.may_write("age", Write::Register), "a walk-in's age");
            assert!(
                !staff.may_write("age", Write::Change),
                "not read, not changed"
            );
            assert!(staff.may_write("mobility", Write::Change));
            for how in [Write::Register, Write::Change] {
                assert!(!staff.may_write("share_contact", how));
            }
            let named = ["mobility", "share_contact", "contact", "age", "contact"];
            assert_eq!(
                staff.refused(named, Write::Change),
                Refused {
                    hidden: vec!["age".into(), "contact".into()],
                    consent: true
                }
            );
        }
        assert_eq!(
            Reader::Organiser.refused(["share_contact", "avoid"], Write::Change),
            Refused::default()
        );
        assert!(!Reader::Projector.may_write("number", Write::Register));
    }

    #[test]
    fn a_hidden_field_is_absent_not_null() {
        let Value::Object(m) = Reader::Host.show(full()) else {
            unreachable!()
        };
        assert!(!m.contains_key("contact"));
    }
}
