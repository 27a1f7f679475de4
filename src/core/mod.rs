//! The pure core: rules and validated types, with no I/O, no async and no clock.
//!
//! Everything here takes plain values (and `now` where time matters) and returns plain
//! values, so it is unit-tested without a runtime and shared by every edge (HTTP, CSV
//! import, the demo, and the live engine of later issues).

pub mod escort_need;
pub mod fields;
pub mod identity;
pub mod lang;
pub mod live;
pub mod participant;
pub mod report;
pub mod retention;
pub mod roster_csv;
pub mod schedule;
pub mod setup;
pub mod text;
pub mod validation;
pub mod volunteer_hours;

pub use lang::Lang;
pub use validation::FieldError;
