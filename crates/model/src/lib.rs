//! The types of `spec/model.md`: a [`Meeting`] and everything in it, plus the [`Text`] that
//! `formats` produces and `extract` reads, and the [`Span`] that ties every extracted value
//! back to its place in the source.
//!
//! The JSON shape of these types *is* the contract with the scorer, the store and the API:
//! field order follows the spec and serde keeps it. This crate does no I/O and reads no clock.

#![warn(missing_docs)]
#![warn(
    clippy::disallowed_methods,
    reason = "model is pure: no file system, environment or clock"
)]

mod address;
mod meeting;
pub mod seal;
mod text;

pub use address::{find_item, item_keys, keys_of_numbers};
pub use jiff::civil::{Date, Time};
pub use meeting::*;
pub use text::*;
