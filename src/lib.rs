//! # Blossom
//!
//! An event engine for accessible eight-minute dating (八分钟约会): disability
//! federations and their matchmakers run evenings where couples talk for eight minutes
//! and rotate, under accessibility constraints. See `README.md` (and `docs/guide.md`) for the mission and
//! `docs/architecture.md` for the picture; this is a tour of the code.
//!
//! ## Where to start reading
//!
//! - [`core`]: the pure rules. Validated types for a participant's profile
//!   ([`core::participant`]), an event's setup ([`core::setup`]), the CSV roster
//!   format ([`core::roster_csv`]), and field-level errors in the user's language
//!   ([`core::validation`], [`core::lang`]). No I/O, no clock, no async.
//!   The scheduler is [`core::schedule`]: start at its `mod.rs` (`plan`, `replan`),
//!   then `plan.rs` (construction, improvement, ruin and recreate), `search.rs` (the
//!   alternating paths) and `tables.rs` (seating).
//! - [`records`]: the organiser's records, each change one transaction with its
//!   event-log entry: `registration.rs` (create an event, register one participant
//!   or a whole roster, update, withdraw, re-issue a token, staff accounts),
//!   `links.rs` (a guest's join link claimed by one phone, which gets a session of
//!   its own), `erasure.rs` (erasing a guest, purging a closed event, the retention
//!   sweep: PIPL). `Records` is how the edges change them: it tells the event's
//!   actor itself. Which fields each role may read and write is [`core::fields`].
//! - [`core::live`]: the live evening, pure. `evening.rs` composes one slice per
//!   capability (`clock`, `presence`, `hall`, `seating`, `chat`, `desk`,
//!   `interest`), each with its client messages (`message.rs`), commands, refusals,
//!   deadlines and frames; `frames.rs` has the server's frames with their audience
//!   and the `Board` both the snapshot and the updates come from; `saved.rs` the
//!   versioned saved state.
//! - [`live`]: one actor per running event, the evening's only writer: it applies
//!   commands (from the WebSocket and HTTP alike) off the runtime's threads, saves
//!   state, log entries and rows in one transaction, then answers and publishes.
//!   Start at `actor.rs`; `registry.rs` starts and resumes actors.
//! - [`ws`]: the WebSocket edge: `protocol.rs` (the envelope), `verbs.rs` (the one
//!   table from verb to allowed roles and the slice that reads it), `hello.rs`,
//!   `session.rs`.
//! - [`auth`]: a token → its owner, for HTTP and WebSocket; [`clock`]: the one
//!   source of time, injected (a manual clock in tests).
//! - [`db`]: all SQL, one function per query, for SQLite and PostgreSQL alike.
//! - [`http`]: the HTTP edge: a `router()` per area, one [`http::ApiError`] answered as
//!   problem+json, bearer-token extractors, and the OpenAPI document.
//! - [`tokens`]: how join links stay secret: tokens derived with HMAC from a key kept
//!   outside the database, stored only as hashes.
//! - [`qr`]: QR codes (SVG and PNG) for badges and the projector.
//! - [`state`]: `AppState`, what every handler reaches; [`app`] and [`config`]:
//!   building and running the server; `main.rs` stays thin. [`limits`]: request
//!   rates and open connections per caller.
//! - [`demo`]: the demo evening of `blossom serve --demo`.
//! - [`instance`] and [`relay`]: several servers on one PostgreSQL database: leases,
//!   the heartbeat, and how a connection or a command reaches the event's owner.

#![forbid(unsafe_code)]

pub mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod core;
pub mod db;
pub mod demo;
pub mod http;
pub mod instance;
pub mod limits;
pub mod live;
pub mod qr;
pub mod records;
pub mod relay;
pub mod state;
pub mod tokens;
pub mod ws;
