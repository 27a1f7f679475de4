//! The one source of time, given to whatever needs it (the actors, the edges).
//!
//! `Clock::system()` reads the wall clock; `Clock::manual(t)` is a clock that a test
//! moves by hand, so a whole evening of eight-minute rounds runs in milliseconds.
//!
//! Why not tokio's paused time: it advances whenever the runtime is idle, and the
//! runtime is idle while SQLite works on its own threads, so every save would look
//! like it took for ever and time out. A manual clock moves only when the test says,
//! while real time (the save timeouts) goes on as usual.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

#[derive(Clone)]
pub struct Clock(Inner);

#[derive(Clone)]
enum Inner {
    System,
    Manual(Arc<watch::Sender<i64>>),
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Inner::System => f.write_str("Clock::System"),
            Inner::Manual(t) => write!(f, "Clock::Manual({})", *t.borrow()),
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl Clock {
    /// The wall clock.
    pub fn system() -> Clock {
        Clock(Inner::System)
    }

    /// A clock standing at `now_ms` until [`Clock::advance`] or [`Clock::set`].
    pub fn manual(now_ms: i64) -> Clock {
        Clock(Inner::Manual(Arc::new(watch::Sender::new(now_ms))))
    }

    /// Milliseconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        match &self.0 {
            Inner::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            Inner::Manual(t) => *t.borrow(),
        }
    }

    /// Resolves once the clock reads `at` or later.
    pub async fn sleep_until(&self, at: i64) {
        match &self.0 {
            Inner::System => {
                let wait = (at - self.now()).max(0) as u64;
                tokio::time::sleep(Duration::from_millis(wait)).await;
            }
            Inner::Manual(t) => {
                let mut rx = t.subscribe();
                // `wait_for` checks the current value first; an error means the
                // sender is gone, which cannot happen while `self` holds it.
                let _ = rx.wait_for(|now| *now >= at).await;
            }
        }
    }

    /// Moves a manual clock on by `ms` (a system clock ignores it).
    pub fn advance(&self, ms: i64) {
        if let Inner::Manual(t) = &self.0 {
            t.send_modify(|now| *now += ms);
        }
    }

    /// Sets a manual clock (never backwards; a system clock ignores it).
    pub fn set(&self, at: i64) {
        if let Inner::Manual(t) = &self.0 {
            t.send_modify(|now| *now = (*now).max(at));
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self.0, Inner::Manual(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_manual_clock_wakes_sleepers_only_when_moved_past_their_time() {
        let clock = Clock::manual(1_000);
        let c = clock.clone();
        let sleeper = tokio::spawn(async move { c.sleep_until(1_500).await });
        tokio::task::yield_now().await;
        clock.advance(499);
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished());
        clock.advance(1);
        tokio::time::timeout(Duration::from_secs(1), sleeper)
            .await
            .expect("woken")
            .unwrap();
        assert_eq!(clock.now(), 1_500);
        clock.set(10);
        assert_eq!(clock.now(), 1_500, "never backwards");
    }
}
