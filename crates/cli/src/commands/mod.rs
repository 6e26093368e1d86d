//! One module per subcommand; `main::dispatch` is the only place that picks one.

pub(crate) mod extract;
pub(crate) mod input;
