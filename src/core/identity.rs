//! How a guest's phone shows it is theirs when it must: the last four digits of the
//! contact they registered (which host and matchmakers never read), with a few
//! tries; after that, or when the contact cannot prove anything, only the
//! organiser's code (`records::links`).

/// Tries at the digits before only the organiser can confirm the phone.
pub const TRIES: i64 = 5;

/// How many tries at the digits are left: none once `tried` reaches [`TRIES`], and
/// none when the contact cannot prove anything (fewer than four digits, or typed by
/// staff, who may then know it).
pub fn tries_left(contact: Option<&str>, by_staff: bool, tried: i64) -> i64 {
    if by_staff || last_four(contact).is_none() {
        return 0;
    }
    (TRIES - tried).max(0)
}

/// The last four digits of a contact, if it has four.
pub fn last_four(contact: Option<&str>) -> Option<String> {
    let digits: Vec<char> = contact?.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 4).then(|| digits[digits.len() - 4..].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_digits_and_five_tries_unless_staff_typed_the_number() {
        assert_eq!(last_four(Some("138-0013-8000")), Some("8000".into()));
        assert_eq!(last_four(Some("wx:li")), None);
        assert_eq!(tries_left(Some("13800138000"), false, 0), TRIES);
        assert_eq!(tries_left(Some("13800138000"), false, 7), 0);
        assert_eq!(tries_left(Some("13800138000"), true, 0), 0);
        assert_eq!(tries_left(Some("123"), false, 0), 0);
    }
}
