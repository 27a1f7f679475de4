//! What one caller may do: HTTP requests a second (per organiser, staff account,
//! guest and client address; [`rates`]) and WebSocket connections open at once (per
//! link; [`open`]). Kept out of `http` and `ws` so that `AppState` holds them without
//! importing either edge.

pub mod open;
pub mod rates;

pub use open::{Open, Slot};
pub use rates::{Caller, Limits, Rate};
