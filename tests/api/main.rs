//! Integration tests: the real server, a fresh database per test, a real HTTP client.

mod auth;
mod demo;
mod docs;
mod edges;
mod erasure;
mod events;
mod exports;
mod fields;
mod hardening;
#[path = "../support/app.rs"]
mod helpers;
mod import;
#[path = "../support/keys.rs"]
mod keys;
mod limits;
mod matrix;
mod participants;
mod qr_and_badges;
mod restart;
mod schema;
mod staff;
mod tls;
