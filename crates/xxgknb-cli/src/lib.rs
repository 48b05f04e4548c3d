//! Library side of the `xxgknb` command: the adapter registry (the one
//! place formats are registered) and the read → recognise → validate
//! pipeline for a file, shared by every subcommand and by the test suite.

pub mod adapters;
pub mod input;
pub mod limits;
