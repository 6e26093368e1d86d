//! One module per subcommand; `main::dispatch` is the only place that picks one.

pub(crate) mod actions;
pub(crate) mod bench;
pub(crate) mod bench_pg;
pub(crate) mod bench_web;
pub(crate) mod data;
pub(crate) mod demo;
pub(crate) mod extract;
pub(crate) mod import;
pub(crate) mod input;
pub(crate) mod people;
pub(crate) mod reextract;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;
