//! Applying fixes (`--fix`, `--diff`): [`plan`] turns the fixes of a checked tree into
//! whole-file changes, [`write`] puts them on disk atomically and only inside the checked tree,
//! and [`interrupt`] holds Ctrl-C off while a file is being replaced.
//!
//! What a fix is, and how rules build one, is [`crate::fix`]; this layer sits above the engine
//! because it needs a whole check's result.

pub mod interrupt;
pub mod plan;
pub mod write;

pub use plan::{FixOptions, Plan, diff, plan};
