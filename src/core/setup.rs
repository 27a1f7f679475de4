//! An event's setup: what an organiser sends to create an evening, checked whole.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Lang;
use super::validation::{self, Errors, FieldError};

/// Minimum marriage ages of the Civil Code of the PRC (article 1047).
pub const CIVIL_CODE_MIN_AGE_MALE: i64 = 22;
pub const CIVIL_CODE_MIN_AGE_FEMALE: i64 = 20;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableInput {
    pub label: Option<String>,
    /// A wheelchair can reach and use the table.
    #[serde(default)]
    pub accessible: bool,
    /// In the low-noise area.
    #[serde(default)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelInput {
    pub label: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityInput {
    /// Default 22 (Civil Code art. 1047).
    pub min_age_male: Option<i64>,
    /// Default 20 (Civil Code art. 1047).
    pub min_age_female: Option<i64>,
}

/// An event as sent by an organiser.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableSetup {
    pub label: String,
    pub accessible: bool,
    pub quiet: bool,
}

/// A checked event setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSetup {
    pub title: String,
    /// Empty when not given.
    pub organiser: String,
    pub venue: String,
    /// RFC 3339, normalised.
    pub starts_at: String,
    pub round_seconds: i64,
    pub transition_seconds: i64,
    pub rounds: i64,
    pub interpreters: i64,
    pub break_after_rounds: Option<i64>,
    pub break_seconds: i64,
    pub names_on_projector: bool,
    pub tables: Vec<TableSetup>,
    pub rooms: Vec<TableSetup>,
    pub desks: Vec<String>,
    pub min_age_male: i64,
    pub min_age_female: i64,
}

impl EventSetup {
    pub fn parse(input: EventInput, lang: Lang) -> Result<EventSetup, Vec<FieldError>> {
        let mut e = Errors::default();
        let title = validation::text("title", input.title.as_deref(), 120, lang, &mut e);
        let venue = validation::text("venue", input.venue.as_deref(), 200, lang, &mut e);
        let organiser = match input.organiser.as_deref().map(str::trim) {
            None | Some("") => Some(String::new()),
            Some(o) => validation::text("organiser", Some(o), 120, lang, &mut e),
        };
        let starts_at = match input.starts_at.as_deref() {
            None => {
                e.push(FieldError::required("starts_at", lang));
                None
            }
            Some(s) => match OffsetDateTime::parse(s.trim(), &Rfc3339) {
                Ok(t) => t.format(&Rfc3339).ok(),
                Err(_) => {
                    e.push(FieldError::new(
                        "starts_at",
                        lang,
                        format!("“{s}”不是 RFC 3339 时间：请写成 2026-12-12T14:00:00+08:00 这样的格式。"),
                        format!("\"{s}\" is not an RFC 3339 time: write it like 2026-12-12T14:00:00+08:00."),
                    ));
                    None
                }
            },
        };
        let mut num =
            |field: &str, v: Option<i64>, default: Option<i64>, lo: i64, hi: i64| -> Option<i64> {
                match v.or(default) {
                    None => {
                        e.push(FieldError::required(field, lang));
                        None
                    }
                    Some(v) => validation::in_range(field, v, lo, hi, lang, &mut e),
                }
            };
        // Rounds of a few seconds are allowed, for rehearsals and tests.
        let round_seconds = num("round_seconds", input.round_seconds, Some(480), 1, 3600);
        let transition_seconds = num(
            "transition_seconds",
            input.transition_seconds,
            Some(120),
            1,
            1800,
        );
        let rounds = num("rounds", input.rounds, None, 1, 60);
        let interpreters = num("interpreters", input.interpreters, Some(0), 0, 100);
        let break_after = num(
            "break_after_rounds",
            input.break_after_rounds,
            Some(4),
            0,
            60,
        );
        let break_seconds = num("break_seconds", input.break_seconds, Some(600), 0, 7200);
        let elig = input.eligibility.unwrap_or_default();
        let min_age_male = num(
            "eligibility.min_age_male",
            elig.min_age_male,
            Some(CIVIL_CODE_MIN_AGE_MALE),
            18,
            120,
        );
        let min_age_female = num(
            "eligibility.min_age_female",
            elig.min_age_female,
            Some(CIVIL_CODE_MIN_AGE_FEMALE),
            18,
            120,
        );

        let tables = input.tables.unwrap_or_default();
        if tables.is_empty() {
            e.push(FieldError::new(
                "tables",
                lang,
                "至少需要一张桌子，例如 [{\"label\":\"1\",\"accessible\":true}]。",
                "At least one table is needed, e.g. [{\"label\":\"1\",\"accessible\":true}].",
            ));
        }
        let table_labels = labels(
            "tables",
            tables.iter().map(|t| t.label.as_deref()),
            &mut e,
            lang,
        );
        let rooms = input.rooms.unwrap_or_default();
        let room_labels = labels(
            "rooms",
            rooms.iter().map(|r| r.label.as_deref()),
            &mut e,
            lang,
        );
        let desks = labels(
            "desks",
            input
                .desks
                .unwrap_or_default()
                .iter()
                .map(|d| d.label.as_deref()),
            &mut e,
            lang,
        );
        e.finish(|| EventSetup {
            title: title.unwrap(),
            organiser: organiser.unwrap(),
            venue: venue.unwrap(),
            starts_at: starts_at.unwrap(),
            round_seconds: round_seconds.unwrap(),
            transition_seconds: transition_seconds.unwrap(),
            rounds: rounds.unwrap(),
            interpreters: interpreters.unwrap(),
            break_after_rounds: break_after.filter(|&n| n > 0),
            break_seconds: break_seconds.unwrap(),
            names_on_projector: input.names_on_projector.unwrap_or(false),
            tables: tables
                .iter()
                .zip(table_labels)
                .map(|(t, label)| TableSetup {
                    label,
                    accessible: t.accessible,
                    quiet: t.quiet,
                })
                .collect(),
            rooms: rooms
                .iter()
                .zip(room_labels)
                .map(|(r, label)| TableSetup {
                    label,
                    accessible: r.accessible,
                    quiet: r.quiet,
                })
                .collect(),
            desks,
            min_age_male: min_age_male.unwrap(),
            min_age_female: min_age_female.unwrap(),
        })
    }
}

impl EventInput {
    /// This input with every field `patch` sends put over it (an edit: what is not
    /// sent stays as it was).
    pub fn overlay(self, patch: EventInput) -> EventInput {
        let elig = match (self.eligibility, patch.eligibility) {
            (Some(old), Some(new)) => Some(EligibilityInput {
                min_age_male: new.min_age_male.or(old.min_age_male),
                min_age_female: new.min_age_female.or(old.min_age_female),
            }),
            (old, new) => new.or(old),
        };
        EventInput {
            title: patch.title.or(self.title),
            organiser: patch.organiser.or(self.organiser),
            venue: patch.venue.or(self.venue),
            starts_at: patch.starts_at.or(self.starts_at),
            round_seconds: patch.round_seconds.or(self.round_seconds),
            transition_seconds: patch.transition_seconds.or(self.transition_seconds),
            rounds: patch.rounds.or(self.rounds),
            interpreters: patch.interpreters.or(self.interpreters),
            break_after_rounds: patch.break_after_rounds.or(self.break_after_rounds),
            break_seconds: patch.break_seconds.or(self.break_seconds),
            names_on_projector: patch.names_on_projector.or(self.names_on_projector),
            tables: patch.tables.or(self.tables),
            rooms: patch.rooms.or(self.rooms),
            desks: patch.desks.or(self.desks),
            eligibility: elig,
        }
    }
}

impl EventSetup {
    /// The input that gives this setup again.
    pub fn to_input(&self) -> EventInput {
        let places = |list: &[TableSetup]| {
            list.iter()
                .map(|t| TableInput {
                    label: Some(t.label.clone()),
                    accessible: t.accessible,
                    quiet: t.quiet,
                })
                .collect()
        };
        EventInput {
            title: Some(self.title.clone()),
            organiser: Some(self.organiser.clone()),
            venue: Some(self.venue.clone()),
            starts_at: Some(self.starts_at.clone()),
            round_seconds: Some(self.round_seconds),
            transition_seconds: Some(self.transition_seconds),
            rounds: Some(self.rounds),
            interpreters: Some(self.interpreters),
            break_after_rounds: Some(self.break_after_rounds.unwrap_or(0)),
            break_seconds: Some(self.break_seconds),
            names_on_projector: Some(self.names_on_projector),
            tables: Some(places(&self.tables)),
            rooms: Some(places(&self.rooms)),
            desks: Some(
                self.desks
                    .iter()
                    .map(|d| LabelInput {
                        label: Some(d.clone()),
                    })
                    .collect(),
            ),
            eligibility: Some(EligibilityInput {
                min_age_male: Some(self.min_age_male),
                min_age_female: Some(self.min_age_female),
            }),
        }
    }
}

/// Checks a list of labels: each present, at most 40 characters, none repeated.
fn labels<'a>(
    list: &str,
    items: impl Iterator<Item = Option<&'a str>>,
    e: &mut Errors,
    lang: Lang,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, label) in items.enumerate() {
        let field = format!("{list}[{i}].label");
        if let Some(l) = validation::text(&field, label, 40, lang, e) {
            if out.contains(&l) {
                e.push(FieldError::new(
                    &field,
                    lang,
                    format!("名称“{l}”重复了：每个名称只能用一次。"),
                    format!("The label \"{l}\" is used twice: each label must be unique."),
                ));
            }
            out.push(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> EventInput {
        EventInput {
            title: Some("春季联谊".into()),
            venue: Some("市残联活动中心".into()),
            starts_at: Some("2026-12-12T14:00:00+08:00".into()),
            rounds: Some(8),
            tables: Some(vec![TableInput {
                label: Some("1".into()),
                accessible: true,
                quiet: false,
            }]),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_follow_the_civil_code_and_eight_minutes() {
        let s = EventSetup::parse(minimal(), Lang::En).unwrap();
        assert_eq!((s.min_age_male, s.min_age_female), (22, 20));
        assert_eq!((s.round_seconds, s.transition_seconds), (480, 120));
        assert_eq!(s.break_after_rounds, Some(4));
    }

    #[test]
    fn bad_setups_name_each_field() {
        let bad = EventInput {
            starts_at: Some("tomorrow at two".into()),
            rounds: None,
            tables: Some(vec![
                TableInput {
                    label: Some("A".into()),
                    ..Default::default()
                },
                TableInput {
                    label: Some("A".into()),
                    ..Default::default()
                },
            ]),
            ..minimal()
        };
        let f: Vec<_> = EventSetup::parse(bad, Lang::En)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(f, vec!["starts_at", "rounds", "tables[1].label"]);
    }

    #[test]
    fn an_edit_changes_what_it_sends_and_keeps_the_rest() {
        let s = EventSetup::parse(minimal(), Lang::En).unwrap();
        assert_eq!(EventSetup::parse(s.to_input(), Lang::En).unwrap(), s);
        let patch = EventInput {
            organiser: Some("市残疾人联合会".into()),
            rounds: Some(6),
            eligibility: Some(EligibilityInput {
                min_age_female: Some(25),
                min_age_male: None,
            }),
            ..Default::default()
        };
        let edited = EventSetup::parse(s.to_input().overlay(patch), Lang::En).unwrap();
        assert_eq!(edited.organiser, "市残疾人联合会");
        assert_eq!(
            (edited.rounds, edited.min_age_female, edited.min_age_male),
            (6, 25, 22)
        );
        assert_eq!((edited.title, edited.tables), (s.title, s.tables));
    }
}
