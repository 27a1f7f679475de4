//! A participant's profile: what a registration form, a CSV row or a JSON body becomes
//! once every field is checked (parse, don't validate). Names follow the scheduling
//! format (`../shared/scheduling/FORMAT.md`) wherever the two overlap.

use serde::{Deserialize, Serialize};

use super::Lang;
pub use super::escort_need::Escort;
use super::validation::{self, Errors, FieldError};

/// How a person moves around the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mobility {
    None,
    /// Needs an accessible table.
    Wheelchair,
    /// Walks with difficulty.
    Limited,
    /// Needs a guide to move (for example, blind).
    Guided,
}

/// A mode a person can hold a conversation in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Speech,
    Sign,
    Text,
}

/// Marital status; only these three may register (a married person may not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MaritalStatus {
    Unmarried,
    Divorced,
    Widowed,
}

/// A reference to another participant of the same event: their number (on the badge)
/// or, where unambiguous, their display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PersonRef {
    Number(i64),
    Name(String),
}

impl Mobility {
    pub fn parse(s: &str) -> Option<Mobility> {
        Some(match s.trim().to_lowercase().as_str() {
            "" | "none" | "无" | "否" | "不需要" => Mobility::None,
            "wheelchair" | "轮椅" => Mobility::Wheelchair,
            "limited" | "行动不便" => Mobility::Limited,
            "guided" | "需引导" | "引导" => Mobility::Guided,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mobility::None => "none",
            Mobility::Wheelchair => "wheelchair",
            Mobility::Limited => "limited",
            Mobility::Guided => "guided",
        }
    }
}

impl Escort {
    /// The need a guest has unless someone said otherwise.
    pub fn default_for(mobility: Mobility) -> Escort {
        match mobility {
            Mobility::Guided => Escort::Guide,
            _ => Escort::None,
        }
    }
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s.trim().to_lowercase().as_str() {
            "speech" | "口语" | "说话" => Mode::Speech,
            "sign" | "手语" => Mode::Sign,
            "text" | "文字" => Mode::Text,
            _ => return None,
        })
    }
}

impl MaritalStatus {
    pub fn parse(s: &str) -> Option<MaritalStatus> {
        Some(match s.trim().to_lowercase().as_str() {
            "unmarried" | "未婚" => MaritalStatus::Unmarried,
            "divorced" | "离异" | "离婚" => MaritalStatus::Divorced,
            "widowed" | "丧偶" => MaritalStatus::Widowed,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MaritalStatus::Unmarried => "unmarried",
            MaritalStatus::Divorced => "divorced",
            MaritalStatus::Widowed => "widowed",
        }
    }
}

/// `male` and `female` (or 男 and 女) become the canonical English words; any other
/// gender is kept as written, as the scheduling format allows.
pub fn normalise_gender(s: &str) -> String {
    match s.trim() {
        "男" => "male".into(),
        "女" => "female".into(),
        other => other.to_lowercase(),
    }
}

/// A registration as received: every field optional, so that absent fields are
/// reported by name together with every other problem. Also used for updates, where
/// a present field replaces the stored one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
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
    /// `none`, `guide`, `push` or `company`: whether a volunteer goes with them when
    /// they move; by default `guide` for a guest who is `guided`, else `none`.
    pub escort: Option<String>,
}

impl ParticipantInput {
    /// Forgets a field, as an update that sends it as `null` asks: the field then
    /// takes its default, or is reported as required. Unknown names are ignored
    /// (they were reported while reading the body).
    pub fn clear(&mut self, field: &str) {
        match field {
            "display_name" => self.display_name = None,
            "gender" => self.gender = None,
            "seeks" => self.seeks = None,
            "age" => self.age = None,
            "partner_age" => self.partner_age = None,
            "mobility" => self.mobility = None,
            "communication" => self.communication = None,
            "quiet" => self.quiet = None,
            "avoid" => self.avoid = None,
            "max_consecutive" => self.max_consecutive = None,
            "available" => self.available = None,
            "marital_status" => self.marital_status = None,
            "contact" => self.contact = None,
            "share_contact" => self.share_contact = None,
            "companion" => self.companion = None,
            "notes_for_partner" => self.notes_for_partner = None,
            "escort" => self.escort = None,
            _ => {}
        }
    }

    /// Fields present in `patch` replace those in `self`.
    pub fn overlay(mut self, patch: ParticipantInput) -> ParticipantInput {
        macro_rules! take {
            ($($f:ident),*) => { $( if patch.$f.is_some() { self.$f = patch.$f; } )* };
        }
        take!(
            display_name,
            gender,
            seeks,
            age,
            partner_age,
            mobility,
            communication,
            quiet,
            avoid,
            max_consecutive,
            available,
            marital_status,
            contact,
            share_contact,
            companion,
            notes_for_partner,
            escort
        );
        self
    }
}

/// The event's rules a registration is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Eligibility {
    pub min_age_male: i64,
    pub min_age_female: i64,
    pub rounds: i64,
}

impl Eligibility {
    /// The minimum age for a gender; genders other than male and female get the higher
    /// of the two, so nobody under a legal marriage age is registered.
    pub fn min_age(&self, gender: &str) -> i64 {
        match gender {
            "male" => self.min_age_male,
            "female" => self.min_age_female,
            _ => self.min_age_male.max(self.min_age_female),
        }
    }
}

/// A checked registration. `avoid` is still a list of references: resolving them
/// needs the event's roster (see [`resolve_avoid`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub display_name: String,
    pub gender: String,
    pub seeks: Vec<String>,
    pub age: i64,
    pub partner_age: Option<[i64; 2]>,
    pub mobility: Mobility,
    pub communication: Vec<Mode>,
    pub quiet: bool,
    pub avoid: Vec<PersonRef>,
    pub max_consecutive: Option<i64>,
    pub available: Option<[i64; 2]>,
    pub marital_status: MaritalStatus,
    pub contact: Option<String>,
    pub share_contact: bool,
    pub companion: bool,
    pub notes_for_partner: Option<String>,
    pub escort: Escort,
}

impl Profile {
    /// Checks every field and returns all problems at once.
    pub fn parse(
        input: ParticipantInput,
        rules: &Eligibility,
        lang: Lang,
    ) -> Result<Profile, Vec<FieldError>> {
        let mut e = Errors::default();
        let display_name = validation::text(
            "display_name",
            input.display_name.as_deref(),
            40,
            lang,
            &mut e,
        );
        let gender = match input.gender.as_deref().map(normalise_gender) {
            None => {
                e.push(FieldError::required("gender", lang));
                None
            }
            Some(g)
                if g.is_empty() || g.chars().count() > 20 || g.chars().any(char::is_control) =>
            {
                e.push(FieldError::new(
                    "gender",
                    lang,
                    "请填写性别，如 male（男）或 female（女）。",
                    "Write a gender such as male or female.",
                ));
                None
            }
            Some(g) => Some(g),
        };
        let seeks = parse_seeks(input.seeks, gender.as_deref(), lang, &mut e);
        let age = parse_age(input.age, gender.as_deref(), rules, lang, &mut e);
        let partner_age = parse_range("partner_age", input.partner_age, 18, 120, lang, &mut e);
        let mobility = match input.mobility.as_deref() {
            None => Some(Mobility::None),
            Some(m) => Mobility::parse(m).or_else(|| {
                e.push(FieldError::new(
                    "mobility",
                    lang,
                    format!("未知的行动方式“{m}”：可填 none（无）、wheelchair（轮椅）、limited（行动不便）或 guided（需引导）。"),
                    format!("Unknown mobility \"{m}\": use none, wheelchair, limited or guided."),
                ));
                None
            }),
        };
        let communication = parse_modes(input.communication, lang, &mut e);
        let escort = match input.escort.as_deref() {
            None => mobility.map(Escort::default_for),
            Some(x) => Escort::parse(x).or_else(|| {
                e.push(FieldError::new(
                    "escort",
                    lang,
                    format!("未知的引导需求“{x}”：可填 none（无）、guide（引导）、push（推轮椅）或 company（陪同走）。"),
                    format!("Unknown escort \"{x}\": use none, guide, push or company."),
                ));
                None
            }),
        };
        let max_consecutive = input
            .max_consecutive
            .and_then(|n| validation::in_range("max_consecutive", n, 1, 50, lang, &mut e).map(Some))
            .unwrap_or(None);
        let available = parse_range("available", input.available, 1, rules.rounds, lang, &mut e);
        let marital_status = match input.marital_status.as_deref() {
            None => {
                e.push(FieldError::new(
                    "marital_status",
                    lang,
                    "此项必填：unmarried（未婚）、divorced（离异）或 widowed（丧偶）。",
                    "Required: unmarried, divorced or widowed.",
                ));
                None
            }
            Some(s) => MaritalStatus::parse(s).or_else(|| {
                e.push(FieldError::new(
                    "marital_status",
                    lang,
                    format!("婚姻状况“{s}”不符合参加条件：只能是 unmarried（未婚）、divorced（离异）或 widowed（丧偶）。"),
                    format!("Marital status \"{s}\" cannot register: only unmarried, divorced or widowed may take part."),
                ));
                None
            }),
        };
        let contact =
            validation::optional_text("contact", input.contact.as_deref(), 200, lang, &mut e);
        let notes = validation::optional_note(
            "notes_for_partner",
            input.notes_for_partner.as_deref(),
            500,
            lang,
            &mut e,
        );
        let avoid = input.avoid.unwrap_or_default();
        for (i, r) in avoid.iter().enumerate() {
            if let PersonRef::Name(n) = r
                && n.trim().is_empty()
            {
                e.push(FieldError::new(
                    format!("avoid[{i}]"),
                    lang,
                    "不能为空。",
                    "Must not be empty.",
                ));
            }
        }
        let share_contact = input.share_contact.unwrap_or(false);
        if share_contact && contact.is_none() && e.is_empty() {
            e.push(FieldError::new(
                "share_contact",
                lang,
                "同意分享联系方式时，请同时填写联系方式（contact）。",
                "To share a contact, fill in contact as well.",
            ));
        }
        e.finish(|| Profile {
            display_name: display_name.unwrap(),
            gender: gender.unwrap(),
            seeks: seeks.unwrap(),
            age: age.unwrap(),
            partner_age,
            mobility: mobility.unwrap(),
            communication: communication.unwrap(),
            quiet: input.quiet.unwrap_or(false),
            avoid,
            max_consecutive,
            available,
            marital_status: marital_status.unwrap(),
            contact,
            share_contact,
            companion: input.companion.unwrap_or(false),
            notes_for_partner: notes,
            escort: escort.unwrap_or(Escort::None),
        })
    }

    /// The profile as input again, for updates that change only some fields.
    pub fn to_input(&self) -> ParticipantInput {
        ParticipantInput {
            display_name: Some(self.display_name.clone()),
            gender: Some(self.gender.clone()),
            // The default (the other of male and female) stays a default, so that a
            // change of gender changes it too.
            seeks: (self.seeks != default_seeks(&self.gender)).then(|| self.seeks.clone()),
            age: Some(self.age),
            partner_age: self.partner_age,
            mobility: Some(self.mobility.as_str().into()),
            communication: Some(
                self.communication
                    .iter()
                    .map(|m| {
                        serde_json::to_value(m)
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_string()
                    })
                    .collect(),
            ),
            quiet: Some(self.quiet),
            avoid: Some(self.avoid.clone()),
            max_consecutive: self.max_consecutive,
            available: self.available,
            marital_status: Some(self.marital_status.as_str().into()),
            contact: self.contact.clone(),
            share_contact: Some(self.share_contact),
            companion: Some(self.companion),
            notes_for_partner: self.notes_for_partner.clone(),
            // A default stays a default, so that a change of mobility changes it too.
            escort: (self.escort != Escort::default_for(self.mobility))
                .then(|| self.escort.as_str().to_string()),
        }
    }
}

fn default_seeks(gender: &str) -> Vec<String> {
    match gender {
        "male" => vec!["female".into()],
        "female" => vec!["male".into()],
        _ => Vec::new(),
    }
}

fn parse_seeks(
    seeks: Option<Vec<String>>,
    gender: Option<&str>,
    lang: Lang,
    e: &mut Errors,
) -> Option<Vec<String>> {
    let list: Vec<String> = match seeks {
        Some(list) => list
            .iter()
            .map(|s| normalise_gender(s))
            .filter(|s| !s.is_empty())
            .collect(),
        None => default_seeks(gender?),
    };
    if list
        .iter()
        .any(|g| g.chars().count() > 20 || g.chars().any(char::is_control))
    {
        e.push(FieldError::new(
            "seeks",
            lang,
            "性别写得不对：每项最多 20 个字符，且不能含控制字符。",
            "A gender here is not valid: at most 20 characters and no control characters.",
        ));
        return None;
    }
    if list.is_empty() {
        e.push(FieldError::new(
            "seeks",
            lang,
            "请填写希望认识的性别，如 [\"female\"]。",
            "List the genders this person wants to meet, such as [\"female\"].",
        ));
        return None;
    }
    let mut list = list;
    list.sort();
    list.dedup();
    Some(list)
}

fn parse_age(
    age: Option<i64>,
    gender: Option<&str>,
    rules: &Eligibility,
    lang: Lang,
    e: &mut Errors,
) -> Option<i64> {
    let Some(age) = age else {
        e.push(FieldError::required("age", lang));
        return None;
    };
    let age = validation::in_range("age", age, 0, 120, lang, e)?;
    let gender = gender?;
    let min = rules.min_age(gender);
    if age < min {
        e.push(FieldError::new(
            "age",
            lang,
            format!("未达到本活动的最低年龄：{gender} 须年满 {min} 周岁（法定婚龄），收到 {age}。"),
            format!("Below this event's minimum age: {gender} participants must be at least {min} (the legal marriage age); got {age}."),
        ));
        return None;
    }
    Some(age)
}

fn parse_range(
    field: &str,
    range: Option<[i64; 2]>,
    lo: i64,
    hi: i64,
    lang: Lang,
    e: &mut Errors,
) -> Option<[i64; 2]> {
    let [min, max] = range?;
    let before = e.0.len();
    validation::in_range(&format!("{field}[0]"), min, lo, hi, lang, e);
    validation::in_range(&format!("{field}[1]"), max, lo, hi, lang, e);
    if min > max {
        e.push(FieldError::new(
            field,
            lang,
            format!("最小值 {min} 大于最大值 {max}：请写成 [{max}, {min}]。"),
            format!("The minimum {min} is above the maximum {max}: write [{max}, {min}]."),
        ));
    }
    (e.0.len() == before).then_some([min, max])
}

fn parse_modes(modes: Option<Vec<String>>, lang: Lang, e: &mut Errors) -> Option<Vec<Mode>> {
    let Some(modes) = modes else {
        return Some(vec![Mode::Speech]);
    };
    let mut out = Vec::new();
    for (i, m) in modes.iter().enumerate() {
        match Mode::parse(m) {
            Some(mode) => out.push(mode),
            None => e.push(FieldError::new(
                format!("communication[{i}]"),
                lang,
                format!("未知的沟通方式“{m}”：可填 speech（口语）、sign（手语）或 text（文字）。"),
                format!("Unknown communication mode \"{m}\": use speech, sign or text."),
            )),
        }
    }
    if modes.is_empty() {
        e.push(FieldError::new(
            "communication",
            lang,
            "至少填写一种沟通方式：speech（口语）、sign（手语）或 text（文字）。",
            "List at least one mode: speech, sign or text.",
        ));
        return None;
    }
    out.sort();
    out.dedup();
    (out.len() <= 3 && !out.is_empty()).then_some(out)
}

/// One participant of the roster, as far as [`resolve_avoid`] needs to know.
#[derive(Debug, Clone)]
pub struct RosterEntry<'a> {
    pub id: &'a str,
    pub number: i64,
    pub display_name: &'a str,
}

/// Turns `avoid` references into participant ids. A number must be a registered
/// participant's; a name must match exactly one display name. `me` is the number of
/// the person whose list this is, who cannot avoid themselves.
pub fn resolve_avoid(
    refs: &[PersonRef],
    roster: &[RosterEntry<'_>],
    me: Option<i64>,
    lang: Lang,
) -> Result<Vec<String>, Vec<FieldError>> {
    let mut e = Errors::default();
    let mut ids = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let field = format!("avoid[{i}]");
        let found: Vec<&RosterEntry> = match r {
            PersonRef::Number(n) => roster.iter().filter(|p| p.number == *n).collect(),
            PersonRef::Name(name) => {
                let name = name.trim();
                match name.parse::<i64>() {
                    Ok(n) => roster.iter().filter(|p| p.number == n).collect(),
                    Err(_) => roster.iter().filter(|p| p.display_name == name).collect(),
                }
            }
        };
        let shown = match r {
            PersonRef::Number(n) => n.to_string(),
            PersonRef::Name(s) => s.clone(),
        };
        match found.as_slice() {
            [] => e.push(FieldError::new(
                &field,
                lang,
                format!("没有找到参与者“{shown}”：请填写已登记参与者的编号或姓名。"),
                format!("No participant \"{shown}\" is registered: use the number or name of a registered participant."),
            )),
            [one] if Some(one.number) == me => e.push(FieldError::new(
                &field,
                lang,
                "不能回避自己。",
                "A person cannot avoid themselves.",
            )),
            [one] => ids.push(one.id.to_string()),
            _ => e.push(FieldError::new(
                &field,
                lang,
                format!("有多位参与者叫“{shown}”：请改用编号。"),
                format!("Several participants are called \"{shown}\": use their number instead."),
            )),
        }
    }
    ids.sort();
    ids.dedup();
    e.finish(|| ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Eligibility = Eligibility {
        min_age_male: 22,
        min_age_female: 20,
        rounds: 8,
    };

    fn valid() -> ParticipantInput {
        ParticipantInput {
            display_name: Some("李华".into()),
            gender: Some("女".into()),
            age: Some(28),
            marital_status: Some("未婚".into()),
            ..Default::default()
        }
    }

    fn fields(r: Result<Profile, Vec<FieldError>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_minimal_registration_gets_sensible_defaults() {
        let p = Profile::parse(valid(), &RULES, Lang::En).unwrap();
        assert_eq!(p.gender, "female");
        assert_eq!(p.seeks, vec!["male"]);
        assert_eq!(p.mobility, Mobility::None);
        assert_eq!(p.communication, vec![Mode::Speech]);
        assert!(!p.share_contact);
    }

    #[test]
    fn the_legal_marriage_age_depends_on_gender() {
        let woman_20 = ParticipantInput {
            age: Some(20),
            ..valid()
        };
        assert!(Profile::parse(woman_20, &RULES, Lang::En).is_ok());
        let man_21 = ParticipantInput {
            gender: Some("male".into()),
            age: Some(21),
            ..valid()
        };
        assert_eq!(
            fields(Profile::parse(man_21, &RULES, Lang::En)),
            vec!["age"]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = ParticipantInput {
            display_name: Some("  ".into()),
            gender: None,
            age: None,
            partner_age: Some([40, 30]),
            mobility: Some("rollerblades".into()),
            communication: Some(vec!["sign".into(), "telepathy".into()]),
            marital_status: Some("married".into()),
            available: Some([0, 9]),
            ..Default::default()
        };
        let f = fields(Profile::parse(bad, &RULES, Lang::Zh));
        for want in [
            "display_name",
            "gender",
            "age",
            "partner_age",
            "mobility",
            "communication[1]",
            "marital_status",
            "available[0]",
            "available[1]",
        ] {
            assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
        }
    }

    #[test]
    fn overlay_replaces_only_present_fields() {
        let p = Profile::parse(valid(), &RULES, Lang::En).unwrap();
        let patched = p.to_input().overlay(ParticipantInput {
            age: Some(30),
            ..Default::default()
        });
        let q = Profile::parse(patched, &RULES, Lang::En).unwrap();
        assert_eq!(q.age, 30);
        assert_eq!(q.display_name, p.display_name);
    }

    #[test]
    fn avoid_references_resolve_by_number_or_unique_name() {
        let roster = [
            RosterEntry {
                id: "a",
                number: 1,
                display_name: "王芳",
            },
            RosterEntry {
                id: "b",
                number: 2,
                display_name: "张伟",
            },
            RosterEntry {
                id: "c",
                number: 3,
                display_name: "张伟",
            },
        ];
        let ok = resolve_avoid(
            &[PersonRef::Number(1), PersonRef::Name("3".into())],
            &roster,
            None,
            Lang::En,
        );
        assert_eq!(ok.unwrap(), vec!["a", "c"]);
        let bad = resolve_avoid(
            &[
                PersonRef::Name("张伟".into()),
                PersonRef::Number(9),
                PersonRef::Number(1),
            ],
            &roster,
            Some(1),
            Lang::En,
        );
        let f: Vec<_> = bad.unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(f, vec!["avoid[0]", "avoid[1]", "avoid[2]"]);
    }
}
