//! tlslint finds legacy TLS usage in .NET code bases and says how to fix it.
//!
//! The pipeline (DESIGN.md §1): [`walk`] finds files, [`source`] decodes them, [`lang`]
//! analysers turn syntax into [`facts`], [`project`] builds the model, [`rules`] turn facts into
//! [`diagnostic::Finding`]s, the [`engine`]'s stages run all this for `check`, `sweep` and the
//! language server, and [`output`] renders. [`cli`] is the command line, [`server`] the
//! language server. ARCHITECTURE.md
//! describes the layers; tests/layers.rs keeps them pointing one way.

pub mod apply;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod editorconfig;
pub mod engine;
pub mod facts;
pub mod fingerprint;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod lang;
pub mod offers;
pub mod output;
pub mod path_name;
pub mod project;
pub mod protocol;
pub mod report_file;
pub mod rules;
pub mod server;
pub mod show;
pub mod source;
pub mod suppress;
pub mod sweep;
pub mod switches;
pub mod target;
pub mod verdict;
pub mod walk;
