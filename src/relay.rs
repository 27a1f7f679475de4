//! How instances on one PostgreSQL database pass a phone's connection or an
//! organiser's command to the instance that owns the event (docs/instances.md).
//!
//! The instance that received it forwards it to the owner's advertised address and
//! says, in the [`HEADER`], which client it came from, signed with the token key
//! that every instance of one database shares (`--secret-file`; the database keeps
//! the key's fingerprint, so an instance with another key refuses to start). The
//! owner then counts the client's connections and requests by the client's own
//! address, not by the forwarding instance's, and nobody else can claim an address
//! that way: a tag is signed and expires after a minute.

use std::net::IpAddr;

use crate::tokens::TokenKey;

/// The header that names the client of a forwarded request or connection.
pub const HEADER: &str = "x-blossom-relay";

/// How long a tag stays good, in milliseconds.
const FRESH_MS: i64 = 60_000;

/// The tag for `client`, made at `at` (Unix milliseconds): `ip at mac`.
pub fn tag(key: &TokenKey, client: IpAddr, at: i64) -> String {
    let mac = key.mac("relay", &format!("{client}\0{at}"));
    format!("{client} {at} {mac}")
}

/// The client a tag names, if the tag is this database's and still fresh.
pub fn verify(key: &TokenKey, value: &str, now: i64) -> Option<IpAddr> {
    let mut parts = value.split(' ');
    let (ip, at, mac) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let client: IpAddr = ip.parse().ok()?;
    let at: i64 = at.parse().ok()?;
    if (now - at).abs() > FRESH_MS {
        return None;
    }
    let expected = key.mac("relay", &format!("{client}\0{at}"));
    // Compared in constant time: the tag is a secret's fingerprint.
    let same = expected.len() == mac.len()
        && expected
            .bytes()
            .zip(mac.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some(client)
}

/// The client of a request or connection that another instance of this database
/// passed on, if it was one: its tag checks out. A header that does not (a phone
/// sending one of its own) is ignored.
pub fn passed_on(key: &TokenKey, headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let tag = headers.get(HEADER)?.to_str().ok()?;
    verify(key, tag, wall_ms())
}

/// The wall clock in Unix milliseconds: tags are about the machines, not the
/// evening's clock (which tests hold still).
pub fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_names_its_client_for_a_minute_and_only_under_its_own_key() {
        let key = TokenKey::random();
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        let t = tag(&key, client, 1_000_000);
        assert_eq!(verify(&key, &t, 1_000_000), Some(client));
        assert_eq!(verify(&key, &t, 1_059_000), Some(client));
        assert_eq!(verify(&key, &t, 1_061_000), None);
        assert_eq!(verify(&TokenKey::random(), &t, 1_000_000), None);
    }

    #[test]
    fn a_tag_with_another_address_or_time_is_refused() {
        let key = TokenKey::random();
        let t = tag(&key, "203.0.113.9".parse().unwrap(), 1_000_000);
        let mac = t.rsplit(' ').next().unwrap();
        assert_eq!(
            verify(&key, &format!("203.0.113.10 1000000 {mac}"), 1_000_000),
            None
        );
        assert_eq!(
            verify(&key, &format!("203.0.113.9 1000001 {mac}"), 1_000_000),
            None
        );
        assert_eq!(verify(&key, "203.0.113.9 1000000", 1_000_000), None);
        assert_eq!(verify(&key, "", 1_000_000), None);
    }
}
