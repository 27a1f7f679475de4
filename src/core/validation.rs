//! Field-level validation errors, gathered rather than stopping at the first, so a
//! person fixing a form or a roster sees everything that is wrong at once.

use serde::Serialize;

use super::lang::Lang;
use super::text::Lines;

/// One thing wrong with one field, in words the person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as sent (`age`, `tables[2].label`, ...).
    pub field: String,
    /// What is wrong and how to fix it, in the client's language.
    pub message: String,
    /// The line of an imported roster this is about (line 1 is the header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        lang: Lang,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            message: lang.pick(zh, en),
            line: None,
        }
    }

    /// The same error, about a line of an imported roster.
    pub fn at_line(self, line: Option<u64>) -> Self {
        FieldError { line, ..self }
    }

    pub fn required(field: &str, lang: Lang) -> Self {
        FieldError::new(field, lang, "此项必填。", "This field is required.")
    }
}

/// Collects errors while a whole input is checked.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was wrong.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

/// Merges problems found while reading an input (a field of the wrong type, a bad
/// CSV cell) with those of checking it: one answer lists both, without naming a
/// field twice.
pub fn merge_errors<T>(
    found: Vec<FieldError>,
    checked: Result<T, Vec<FieldError>>,
) -> Result<T, Vec<FieldError>> {
    match (found.is_empty(), checked) {
        (true, r) => r,
        (false, Ok(_)) => Err(found),
        (false, Err(more)) => {
            let mut all = found;
            for e in more {
                let named = |t: &FieldError| {
                    t.field == e.field || e.field.starts_with(&format!("{}[", t.field))
                };
                if !all.iter().any(named) {
                    all.push(e);
                }
            }
            Err(all)
        }
    }
}

/// A trimmed, non-empty text of at most `max` characters.
pub fn text(
    field: &str,
    value: Option<&str>,
    max: usize,
    lang: Lang,
    errors: &mut Errors,
) -> Option<String> {
    let Some(v) = value.map(str::trim) else {
        errors.push(FieldError::required(field, lang));
        return None;
    };
    if v.is_empty() {
        errors.push(FieldError::new(
            field,
            lang,
            "不能为空。",
            "Must not be empty.",
        ));
        return None;
    }
    optional_text(field, Some(v), max, lang, errors)
}

/// Like [`text`], but absent or blank means `None`.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
    lang: Lang,
    errors: &mut Errors,
) -> Option<String> {
    checked_text(field, value, max, Lines::One, lang, errors)
}

/// Like [`optional_text`], for a text of several lines (a note): line breaks kept.
pub fn optional_note(
    field: &str,
    value: Option<&str>,
    max: usize,
    lang: Lang,
    errors: &mut Errors,
) -> Option<String> {
    checked_text(field, value, max, Lines::Many, lang, errors)
}

/// A text that passes [`crate::core::text::check`] and has at most `max` characters.
fn checked_text(
    field: &str,
    value: Option<&str>,
    max: usize,
    lines: Lines,
    lang: Lang,
    errors: &mut Errors,
) -> Option<String> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if let Err(problem) = crate::core::text::check(v, lines) {
        let (zh, en) = problem.words();
        errors.push(FieldError::new(field, lang, zh, en));
        return None;
    }
    if v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            lang,
            format!("最多 {max} 个字符。"),
            format!("Use at most {max} characters."),
        ));
        return None;
    }
    Some(v.to_string())
}

/// A whole number inside `min..=max`.
pub fn in_range(
    field: &str,
    value: i64,
    min: i64,
    max: i64,
    lang: Lang,
    errors: &mut Errors,
) -> Option<i64> {
    if (min..=max).contains(&value) {
        Some(value)
    } else {
        errors.push(FieldError::new(
            field,
            lang,
            format!("应在 {min} 到 {max} 之间，收到 {value}。"),
            format!("Must be between {min} and {max}; got {value}."),
        ));
        None
    }
}
