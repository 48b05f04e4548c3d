//! Library side of the `xxgknb` command: the command-line options shared
//! by the subcommands. The adapters and the pipeline are in the `xxgknb`
//! facade crate, which every front end shares.

pub mod limits;
pub mod rule_args;

/// `xxgknb.toml` and the rule selection: one implementation, in the
/// facade, shared with `xxgknb serve`.
pub use xxgknb::config;
