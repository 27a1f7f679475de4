//! HTTP rate limits: per caller (the organiser, each staff account, each guest)
//! once their token is known, and per client address for every API request.
//! Over the limit, the answer is 429 with `Retry-After` (whole seconds) and a
//! problem body; nothing is done.
//!
//! The limits are generous where people work fast: the organiser imports, checks
//! guests in and prints at well over 50 requests a second in bursts. A venue's
//! phones may all share one address (the hall's Wi-Fi behind one NAT), so the
//! per-address limit is set for a few hundred phones, and only stops one machine
//! hammering the API. The client's address is the TCP peer, or, when the peer is
//! a configured reverse proxy (`--trusted-proxy`), the address that proxy put in
//! `X-Forwarded-For`: a forwarded header from anyone else is ignored.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Requests a second and the burst allowed, per kind of caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: u32,
    pub burst: u32,
}

impl Rate {
    fn quota(self) -> Quota {
        let one = NonZeroU32::MIN;
        Quota::per_second(NonZeroU32::new(self.per_second).unwrap_or(one))
            .allow_burst(NonZeroU32::new(self.burst).unwrap_or(one))
    }
}

/// The organiser: 100 a second, bursts of 300 (an import, a roster's check-ins).
pub const ORGANISER: Rate = Rate {
    per_second: 100,
    burst: 300,
};
/// A host or matchmaker tablet: 20 a second, bursts of 60.
pub const STAFF: Rate = Rate {
    per_second: 20,
    burst: 60,
};
/// A guest's phone: 5 a second, bursts of 20.
pub const GUEST: Rate = Rate {
    per_second: 5,
    burst: 20,
};
/// One client address, for every API request: a hall of phones behind one NAT.
pub const ADDRESS: Rate = Rate {
    per_second: 200,
    burst: 600,
};

/// Who is limited: a caller by their account, or an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Organiser,
    Staff,
    Guest,
}

/// The limiters, shared by every request (cheap to clone).
#[derive(Clone)]
pub struct Limits {
    organiser: Arc<DefaultKeyedRateLimiter<()>>,
    staff: Arc<DefaultKeyedRateLimiter<String>>,
    guests: Arc<DefaultKeyedRateLimiter<String>>,
    addresses: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// New WebSocket connections (each a `hello`) per client address.
    hellos: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    trusted_proxies: Arc<[IpAddr]>,
    /// The key that signs the client address of a request another instance
    /// forwarded (`crate::relay`).
    relay: Option<Arc<crate::tokens::TokenKey>>,
    checks: Arc<AtomicU64>,
}

impl Limits {
    /// `hellos_per_minute`: new WebSocket connections a client address may open
    /// a minute, all of them at once if need be (a hall's phones behind one NAT).
    pub fn new(trusted_proxies: Vec<IpAddr>, hellos_per_minute: u32) -> Limits {
        let hellos = NonZeroU32::new(hellos_per_minute).unwrap_or(NonZeroU32::MIN);
        Limits {
            hellos: Arc::new(DefaultKeyedRateLimiter::keyed(
                Quota::per_minute(hellos).allow_burst(hellos),
            )),
            organiser: Arc::new(DefaultKeyedRateLimiter::keyed(ORGANISER.quota())),
            staff: Arc::new(DefaultKeyedRateLimiter::keyed(STAFF.quota())),
            guests: Arc::new(DefaultKeyedRateLimiter::keyed(GUEST.quota())),
            addresses: Arc::new(DefaultKeyedRateLimiter::keyed(ADDRESS.quota())),
            trusted_proxies: trusted_proxies.into(),
            relay: None,
            checks: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Believes the client address that another instance of this database signed
    /// when it forwarded a request or a connection here.
    pub fn relaying(mut self, key: Arc<crate::tokens::TokenKey>) -> Limits {
        self.relay = Some(key);
        self
    }

    /// One request by `caller` (`id`: their account). `Err` is how long to wait.
    pub fn check(&self, caller: Caller, id: &str) -> Result<(), Duration> {
        self.tidy();
        let now = DefaultClock::default().now();
        let refused = match caller {
            Caller::Organiser => self.organiser.check_key(&()).err(),
            Caller::Staff => self.staff.check_key(&id.to_string()).err(),
            Caller::Guest => self.guests.check_key(&id.to_string()).err(),
        };
        refused.map_or(Ok(()), |n| Err(n.wait_time_from(now)))
    }

    /// One new WebSocket connection from `ip`. `Err` is how long to wait.
    pub fn check_hello(&self, ip: IpAddr) -> Result<(), Duration> {
        self.tidy();
        let now = DefaultClock::default().now();
        match self.hellos.check_key(&ip) {
            Ok(()) => Ok(()),
            Err(n) => Err(n.wait_time_from(now)),
        }
    }

    /// One API request from `ip`. `Err` is how long to wait.
    pub fn check_address(&self, ip: IpAddr) -> Result<(), Duration> {
        self.tidy();
        let now = DefaultClock::default().now();
        match self.addresses.check_key(&ip) {
            Ok(()) => Ok(()),
            Err(n) => Err(n.wait_time_from(now)),
        }
    }

    /// Forgets callers who have been quiet long enough to be back at a full
    /// burst, now and then, so the limiters do not grow without end.
    fn tidy(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.staff.retain_recent();
            self.guests.retain_recent();
            self.addresses.retain_recent();
            self.hellos.retain_recent();
        }
    }

    /// The client's address: what another instance signed when it forwarded the
    /// request (`crate::relay`), or the peer, or what a trusted proxy says it is
    /// (the rightmost address of `X-Forwarded-For` that is not itself a trusted
    /// proxy).
    pub fn client(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        if let Some(key) = &self.relay
            && let Some(client) = crate::relay::passed_on(key, headers)
        {
            return client;
        }
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !self.trusted_proxies.contains(ip))
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
        let limits = Limits::new(vec![ip("10.0.0.1")], 1000);
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 203.0.113.7".parse().unwrap());
        assert_eq!(limits.client(ip("198.51.100.2"), &h), ip("198.51.100.2"));
        assert_eq!(limits.client(ip("10.0.0.1"), &h), ip("203.0.113.7"));
        assert_eq!(
            limits.client(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn an_address_another_instance_signed_is_believed_and_a_forged_one_is_not() {
        let key = Arc::new(crate::tokens::TokenKey::random());
        let limits = Limits::new(vec![], 1000).relaying(key.clone());
        let mut h = HeaderMap::new();
        let signed = crate::relay::tag(&key, ip("203.0.113.7"), crate::relay::wall_ms());
        h.insert(crate::relay::HEADER, signed.parse().unwrap());
        assert_eq!(limits.client(ip("10.0.0.5"), &h), ip("203.0.113.7"));
        let forged = crate::relay::tag(
            &crate::tokens::TokenKey::random(),
            ip("203.0.113.7"),
            crate::relay::wall_ms(),
        );
        h.insert(crate::relay::HEADER, forged.parse().unwrap());
        assert_eq!(limits.client(ip("198.51.100.2"), &h), ip("198.51.100.2"));
    }

    #[test]
    fn a_guest_over_the_burst_waits_and_another_guest_does_not() {
        let limits = Limits::new(vec![], 1000);
        for _ in 0..GUEST.burst {
            assert!(limits.check(Caller::Guest, "a").is_ok());
        }
        let wait = limits.check(Caller::Guest, "a").unwrap_err();
        assert!(wait <= Duration::from_millis(1000 / u64::from(GUEST.per_second) + 5));
        assert!(limits.check(Caller::Guest, "b").is_ok());
        for _ in 0..ORGANISER.burst {
            assert!(limits.check(Caller::Organiser, "").is_ok());
        }
    }
}
